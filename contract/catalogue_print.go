package contract

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteCatalogue prints checks as a table: id, operation, rule tag, the
// profiles in which a broken rule fails the run, the fixtures it needs and its title.
func WriteCatalogue(w io.Writer, checks []Check) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tOPERATION\tRULE\tFAILS IN\tNEEDS\tTITLE")
	doc, dec := 0, 0
	for _, c := range checks {
		fails := "strict"
		if c.Rule.Documented() {
			fails = "documented, strict"
			doc++
		} else {
			dec++
		}
		needs := make([]string, len(c.Needs))
		for i, n := range c.Needs {
			needs[i] = string(n)
		}
		if len(needs) == 0 {
			needs = []string{"-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Operation, c.Rule.Tag, fails, strings.Join(needs, ","), c.Title)
	}
	tw.Flush()
	fmt.Fprintf(ew, "\n%s: %d on DOC rules, %d on DEC rules\n", plural(len(checks), "check"), doc, dec)
	return ew.err
}
