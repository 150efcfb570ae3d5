// Command report turns the raw figures of make bench into the markdown
// tables of docs/PERFORMANCE.md: medians over the runs, ratios taken within
// each run, and every goal of issue 6 marked met or missed. It rewrites only
// the part of the document between its two markers, so what people wrote
// around it (profiles, fixes, before and after) stays.
//
//	report -in results.tsv -doc docs/PERFORMANCE.md
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
)

const (
	beginMarker = "<!-- bench:begin: written by scripts/bench.sh, edits up to bench:end are overwritten -->"
	endMarker   = "<!-- bench:end -->"
)

func main() {
	in := flag.String("in", "", "results `file` (run, key, value per line)")
	doc := flag.String("doc", "docs/PERFORMANCE.md", "markdown `file` to update")
	flag.Parse()
	if err := run(*in, *doc); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(in, doc string) error {
	fh, err := os.Open(in)
	if err != nil {
		return err
	}
	defer fh.Close()
	res, err := readResults(fh)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var b bytes.Buffer
	write(&b, res)
	old, err := os.ReadFile(doc)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.WriteFile(doc, splice(old, b.Bytes()), 0o644)
}

// splice puts section between the markers of old, or appends it with its
// markers when old has none.
func splice(old, section []byte) []byte {
	s := string(old)
	block := beginMarker + "\n" + string(section) + endMarker + "\n"
	i := strings.Index(s, beginMarker)
	j := strings.Index(s, endMarker)
	if i < 0 || j < i {
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			s = strings.TrimRight(s, "\n") + "\n\n"
		}
		return []byte(s + block)
	}
	rest := strings.TrimPrefix(s[j+len(endMarker):], "\n")
	return []byte(s[:i] + block + rest)
}
