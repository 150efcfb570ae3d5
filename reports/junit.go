package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// JUnitReport is a JUnit XML document: the <testsuites> element that CI
// servers (Jenkins, GitLab, GitHub annotations) read. It is generic: the
// contract suite, the load scenarios and the report reader all build one
// and write it with WriteJUnit.
type JUnitReport struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr,omitempty"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     JUnitSeconds `xml:"time,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite is one <testsuite>: a group of cases, such as the checks of
// one operation or the invariants of one scenario.
type JUnitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       JUnitSeconds    `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []JUnitProperty `xml:"properties>property,omitempty"`
	Cases      []JUnitCase     `xml:"testcase"`
}

// JUnitProperty is one name=value pair of a suite, such as the seed or the profile.
type JUnitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// JUnitCase is one <testcase>: a check, a threshold or an invariant. At
// most one of Failure, Error and Skipped is set; none means it passed.
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      JUnitSeconds  `xml:"time,attr"`
	Failure   *JUnitProblem `xml:"failure,omitempty"`
	Error     *JUnitProblem `xml:"error,omitempty"`
	Skipped   *JUnitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// JUnitProblem is the <failure> or <error> of a case: a one-line message and
// the full text (requests, responses, curl commands).
type JUnitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// JUnitSkipped is the <skipped> of a case, with the reason.
type JUnitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// JUnitSeconds is a duration written as JUnit wants it: seconds with
// millisecond precision.
type JUnitSeconds time.Duration

// MarshalXMLAttr writes d as seconds, for example "1.250".
func (d JUnitSeconds) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	return xml.Attr{Name: name, Value: fmt.Sprintf("%.3f", time.Duration(d).Seconds())}, nil
}

// UnmarshalXMLAttr reads seconds, so that a written report reads back.
func (d *JUnitSeconds) UnmarshalXMLAttr(attr xml.Attr) error {
	secs, err := strconv.ParseFloat(strings.TrimSpace(attr.Value), 64)
	if err != nil {
		return fmt.Errorf("junit time %q: %w", attr.Value, err)
	}
	*d = JUnitSeconds(time.Duration(secs * float64(time.Second)))
	return nil
}

// Tally recounts tests, failures, errors, skips and times of every suite
// and of the report from their cases, so that builders need not keep count.
// A suite's time is left as set when it is not zero.
func (r *JUnitReport) Tally() {
	r.Tests, r.Failures, r.Errors, r.Skipped = 0, 0, 0, 0
	var total time.Duration
	for i := range r.Suites {
		s := &r.Suites[i]
		s.Tests, s.Failures, s.Errors, s.Skipped = len(s.Cases), 0, 0, 0
		var sum time.Duration
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
			sum += time.Duration(c.Time)
		}
		if s.Time == 0 {
			s.Time = JUnitSeconds(sum)
		}
		total += time.Duration(s.Time)
		r.Tests += s.Tests
		r.Failures += s.Failures
		r.Errors += s.Errors
		r.Skipped += s.Skipped
	}
	if r.Time == 0 {
		r.Time = JUnitSeconds(total)
	}
}

// WriteJUnit tallies r and writes it to w as an indented XML document.
// Text that XML cannot carry (invalid UTF-8, control characters) is
// replaced, so the document always parses.
func WriteJUnit(w io.Writer, r JUnitReport) error {
	r.Suites = cleanSuites(r.Suites)
	r.Tally()
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	return nil
}

// WriteJUnitFile writes r to the file at path, replacing it.
func WriteJUnitFile(path string, r JUnitReport) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	if err := WriteJUnit(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write junit %s: %w", path, err)
	}
	return nil
}

// cleanSuites returns a copy of suites whose text holds only characters XML 1.0 allows.
func cleanSuites(suites []JUnitSuite) []JUnitSuite {
	out := make([]JUnitSuite, len(suites))
	for i, s := range suites {
		s.Name = xmlText(s.Name)
		props := make([]JUnitProperty, len(s.Properties))
		for j, p := range s.Properties {
			props[j] = JUnitProperty{Name: xmlText(p.Name), Value: xmlText(p.Value)}
		}
		s.Properties = props
		cases := make([]JUnitCase, len(s.Cases))
		for j, c := range s.Cases {
			c.Name, c.Classname, c.SystemOut = xmlText(c.Name), xmlText(c.Classname), xmlText(c.SystemOut)
			c.Failure, c.Error = cleanProblem(c.Failure), cleanProblem(c.Error)
			if c.Skipped != nil {
				c.Skipped = &JUnitSkipped{Message: xmlText(c.Skipped.Message)}
			}
			cases[j] = c
		}
		s.Cases = cases
		out[i] = s
	}
	return out
}

func cleanProblem(p *JUnitProblem) *JUnitProblem {
	if p == nil {
		return nil
	}
	return &JUnitProblem{Message: xmlText(p.Message), Type: xmlText(p.Type), Text: xmlText(p.Text)}
}

// xmlText replaces what XML 1.0 cannot carry with U+FFFD.
func xmlText(s string) string {
	ok := true
	for _, r := range s {
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if !xmlChar(r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
