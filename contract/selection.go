package contract

import (
	"fmt"
	"strings"
)

// CheckPatterns refuses a pattern of --only or --skip that matches no check
// of the catalogue: a mistyped id would otherwise run nothing (--only) or
// run what was meant to be left out (--skip). flag names the option in the
// message, such as "--only".
func CheckPatterns(flag string, patterns []string) error {
	for _, p := range patterns {
		if what := unmatched(p); what != "" {
			return usagef("%s in %s; callharness contract --list shows them", what, flag)
		}
	}
	return nil
}

// unmatched says that pattern p matches no check of the catalogue, and is
// "" when it matches one.
func unmatched(p string) string {
	if len(Select(Catalogue(), []string{p})) > 0 {
		return ""
	}
	if strings.HasSuffix(p, "*") || strings.HasSuffix(p, ".") {
		return fmt.Sprintf("no check id matches %q", p)
	}
	return fmt.Sprintf("unknown check id %q", p)
}

// leavesACheck refuses a selection under which no check would run: a skip
// list (of --skip and the config) that removes every check --only selects.
func leavesACheck(only, skip []string) error {
	for _, c := range Select(Catalogue(), only) {
		if !matchesAny(c, skip) {
			return nil
		}
	}
	return usagef("no check left to run: --skip (or the config's skip) leaves out every check that --only selects")
}

func matchesAny(c Check, patterns []string) bool {
	for _, p := range patterns {
		if c.Matches(p) {
			return true
		}
	}
	return false
}
