package main

import (
	"flag"
	"strings"
)

// Environment variables that the client commands (contract, load) read for
// a secret not given as a flag, so that it need not be on the command line
// nor in the shell's history. The mock reads lists of keys under plural
// names (mockserver.EnvAPIKeys, …); these name one key each.
const (
	envAPIKey       = "CALLHARNESS_API_KEY"
	envAdminToken   = "CALLHARNESS_ADMIN_TOKEN"
	envInactiveKey  = "CALLHARNESS_INACTIVE_KEY"
	envOtherFirmKey = "CALLHARNESS_OTHER_FIRM_KEY"
)

// secretFlag is a flag whose default is read from an environment variable.
type secretFlag struct {
	flag, env string
	value     *string
}

// fromEnv fills every flag of list that the command line did not set from
// its variable; a flag that was set wins even when empty, and a variable
// that is unset or blank gives nothing. The variables are read only after
// parsing, so that --help never prints a secret as a default.
func fromEnv(fs *flag.FlagSet, getenv func(string) string, list ...secretFlag) {
	set := visited(fs)
	for _, s := range list {
		if !set[s.flag] {
			*s.value = strings.TrimSpace(getenv(s.env))
		}
	}
}

// visited is the set of the flags the command line set.
func visited(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
