package contract

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/callharness/callharness/reports"
)

// Names of the files --report-dir writes.
const (
	FileJSON    = "contract.json"
	FileJUnit   = "junit.xml"
	FileConsole = "contract.txt"
)

// WriteJSON writes r as contract.json (see Result for the fields).
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// JUnit is r as a JUnit report: one suite per operation (and one for the
// whole-run checks), one case per check. A warning is a passing case with
// the warning in its output; a skip carries its reason.
func JUnit(r *Result) reports.JUnitReport {
	out := reports.JUnitReport{Name: "callharness contract"}
	index := map[string]int{}
	for _, c := range r.Checks {
		i, ok := index[c.Operation]
		if !ok {
			i = len(out.Suites)
			index[c.Operation] = i
			name := "contract." + c.Operation
			if c.Operation == OperationRun {
				name = "contract.run"
			}
			out.Suites = append(out.Suites, reports.JUnitSuite{Name: name, Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"),
				Properties: []reports.JUnitProperty{{Name: "target", Value: r.Target}, {Name: "profile", Value: string(r.Profile)},
					{Name: "seed", Value: fmt.Sprint(r.Seed)}}})
		}
		tc := reports.JUnitCase{Name: c.ID, Classname: out.Suites[i].Name, Time: reports.JUnitSeconds(c.Duration)}
		text := problemText(c)
		switch c.Verdict {
		case Fail:
			tc.Failure = &reports.JUnitProblem{Message: c.Message, Type: c.Rule.Tag, Text: text}
		case Error:
			tc.Error = &reports.JUnitProblem{Message: c.Message, Type: "error", Text: text}
		case Skip:
			tc.Skipped = &reports.JUnitSkipped{Message: c.Message}
		case Warn:
			tc.SystemOut = "WARNING " + c.Message + "\n" + text
		}
		out.Suites[i].Cases = append(out.Suites[i].Cases, tc)
	}
	return out
}

// problemText is the failures of a check as plain text.
func problemText(c CheckResult) string {
	s := fmt.Sprintf("%s\nrule [%s] %s\n", c.Title, c.Rule.Tag, c.Rule.Source)
	for _, f := range c.Failures {
		s += fmt.Sprintf("\n[%s] %s\n", f.Rule.Tag, f.Message)
		if f.Input != "" {
			s += fmt.Sprintf("minimal input (seed %d): %s\n", f.Seed, f.Input)
		}
		if ex := f.Exchange; ex != nil {
			s += fmt.Sprintf("request: %s %s\n", ex.Method, ex.URL)
			if ex.RequestBody != "" {
				s += ex.RequestBody + "\n"
			}
			s += "response:\n" + ex.ResponseExcerpt + "\ncurl: " + ex.Curl + "\n"
		}
	}
	return s
}

// WriteFile writes one report to path with write.
func WriteFile(path string, r *Result, write func(io.Writer, *Result) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := write(f, r); err != nil {
		f.Close()
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	return nil
}

// WriteReportDir writes contract.json, junit.xml and contract.txt into dir,
// creating it.
func WriteReportDir(dir string, r *Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report dir: %w", err)
	}
	if err := WriteFile(filepath.Join(dir, FileJSON), r, WriteJSON); err != nil {
		return err
	}
	if err := reports.WriteJUnitFile(filepath.Join(dir, FileJUnit), JUnit(r)); err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, FileConsole), r, WriteConsole)
}
