package scenarios

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Catalogue is every scenario, in the order `--list` prints them.
func Catalogue() []Scenario {
	return []Scenario{
		createStorm(), appendStorm(), paginationChurn(), deleteRace(),
		deleteVsDialer(), mixed(), listCalls(), dialerThroughput(),
	}
}

// Names returns the names of the catalogue's scenarios.
func Names() []string {
	cat := Catalogue()
	out := make([]string, len(cat))
	for i, s := range cat {
		out[i] = s.Name
	}
	return out
}

// Lookup returns the scenario called name.
func Lookup(name string) (Scenario, bool) {
	for _, s := range Catalogue() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// ParseNames reads a --scenario list, "a,b" or "all".
func ParseNames(s string) ([]string, error) {
	if strings.TrimSpace(s) == "all" {
		return Names(), nil
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if _, ok := Lookup(n); !ok {
			return nil, fmt.Errorf("unknown scenario %q; want all or one of %s", n, strings.Join(Names(), ", "))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenario named; want all or one of %s", strings.Join(Names(), ", "))
	}
	return out, nil
}

// PrintCatalogue writes every scenario with its invariants.
func PrintCatalogue(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range Catalogue() {
		dialer := ""
		if s.Dialer {
			dialer = "  (needs a running dialer: --admin-token, or a scaled clock on the target)"
		}
		fmt.Fprintf(tw, "%s\t%s%s\n", s.Name, s.Description, dialer)
		if len(s.Invariants) == 0 {
			fmt.Fprintf(tw, "\t  no invariants: judged by its thresholds\n")
		}
		for _, inv := range s.Invariants {
			fmt.Fprintf(tw, "\t  %s\t%s\n", inv.ID, inv.Description)
		}
	}
	return tw.Flush()
}
