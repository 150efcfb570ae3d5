package contract

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteConsole writes the human report of r: the table of checks (check,
// verdict, time), each failure with its request, response excerpt, rule
// and curl, the skipped checks with their reasons, the coverage matrix and
// the tally.
func WriteConsole(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "callharness contract: %s, profile %s, seed %d, %d examples per property, admin API %s\n\n",
		r.Target, r.Profile, r.Seed, r.Examples, map[bool]string{true: "used", false: "not used"}[r.Admin])
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tRULE\tVERDICT\tTIME\t")
	for _, c := range r.Checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", c.ID, c.Rule.Tag, strings.ToUpper(string(c.Verdict)), roundDur(c.Duration))
	}
	tw.Flush()
	writeProblems(ew, r, Fail, "FAILURES")
	writeProblems(ew, r, Error, "ERRORS")
	writeProblems(ew, r, Warn, "WARNINGS (DEC rules, not failing the documented profile)")
	var skipped []CheckResult
	for _, c := range r.Checks {
		if c.Verdict == Skip {
			skipped = append(skipped, c)
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(ew, "\nSKIPPED (%d)\n", len(skipped))
		for _, c := range skipped {
			fmt.Fprintf(ew, "  %-44s %s\n", c.ID, c.Message)
		}
	}
	writeCoverage(ew, r.Coverage)
	c := r.Counts
	fmt.Fprintf(ew, "\n%s: %d passed, %d failed, %s, %s, %d skipped in %s\n",
		plural(c.Total, "check"), c.Pass, c.Fail, plural(c.Error, "error"), plural(c.Warn, "warning"), c.Skip, roundDur(r.Duration))
	if r.Error != "" {
		fmt.Fprintf(ew, "NOT GREEN: %s\n", r.Error)
	}
	verdict := "PASSED"
	if !r.Passed {
		verdict = "FAILED"
	}
	fmt.Fprintf(ew, "contract %s\n", verdict)
	return ew.err
}

func writeProblems(w io.Writer, r *Result, v Verdict, title string) {
	first := true
	for _, c := range r.Checks {
		if c.Verdict != v {
			continue
		}
		if first {
			fmt.Fprintf(w, "\n%s\n", title)
			first = false
		}
		fmt.Fprintf(w, "\n● %s — %s\n  operation %s; rule [%s] %s\n", c.ID, c.Title, c.Operation, c.Rule.Tag, c.Rule.Source)
		if len(c.Failures) == 0 {
			fmt.Fprintf(w, "  %s\n", indent(c.Message, "  "))
		}
		for i, f := range c.Failures {
			if i == 5 {
				fmt.Fprintf(w, "  … and %d more failures (see the JSON report)\n", len(c.Failures)-5)
				break
			}
			tag := f.Rule.Tag
			if tag == "" {
				tag = "context"
			}
			fmt.Fprintf(w, "  ✗ [%s] %s\n", tag, indent(f.Message, "    "))
			if f.Rule.Tag != "" && f.Rule.Source != c.Rule.Source {
				fmt.Fprintf(w, "    rule: %s\n", f.Rule.Source)
			}
			if f.Input != "" {
				fmt.Fprintf(w, "    minimal input (seed %d): %s\n", f.Seed, oneLine(f.Input, 400))
			}
			if ex := f.Exchange; ex != nil {
				fmt.Fprintf(w, "    request:  %s %s\n", ex.Method, ex.URL)
				if ex.RequestBody != "" {
					fmt.Fprintf(w, "              %s\n", oneLine(ex.RequestBody, 300))
				}
				fmt.Fprintf(w, "    response: %s\n", indent(strings.TrimSpace(ex.ResponseExcerpt), "              "))
				fmt.Fprintf(w, "    curl:     %s\n", ex.Curl)
			}
		}
		if c.Verdict == Error && len(c.Failures) > 0 {
			fmt.Fprintf(w, "  error: %s\n", indent(c.Message, "  "))
		}
	}
}

func writeCoverage(w io.Writer, cov Coverage) {
	fmt.Fprintf(w, "\nSPEC COVERAGE (operation × documented status: ✓ provoked, · not provoked, blank: not documented)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprint(tw, "operation\t")
	for _, s := range cov.Statuses {
		fmt.Fprintf(tw, "%d\t", s)
	}
	fmt.Fprintln(tw)
	for _, row := range cov.Operations {
		fmt.Fprintf(tw, "%s\t", row.Operation)
		for _, c := range row.Cells {
			mark := " "
			switch {
			case c.Documented && c.Provoked:
				mark = "✓"
			case c.Documented:
				mark = "·"
			case c.Provoked:
				mark = "!"
			}
			fmt.Fprintf(tw, "%s\t", mark)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d of %d documented (operation, status) pairs provoked; %d of %d operations exercised got past authentication; %d responses judged, %d broke openapi.yaml (%d its documented parts), %d were 5xx\n",
		cov.Provoked, cov.Documented, cov.OperationsPastAuth, cov.OperationsExercised, cov.Responses, cov.Violations, cov.DocViolations, cov.Responses5xx)
	for _, u := range cov.Undocumented {
		fmt.Fprintf(w, "! %s answered %d, which openapi.yaml does not document (%s)\n", u.Operation, u.Status, strings.Join(u.Checks, ", "))
	}
}

func indent(s, prefix string) string { return strings.ReplaceAll(s, "\n", "\n"+prefix) }

// errWriter keeps the first write error, so that reporters can write freely.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, nil
}

// plural is n and noun, with an s unless n is 1: "1 check", "2 checks".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
