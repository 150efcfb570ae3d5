package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFinding10_BadFlagsPrintOneLineWithAHint pins finding 10 of the
// breaker for every command: a bad flag, value or argument exits 2 with one
// line that names the problem and points to the command's help, never the
// whole help.
func TestFinding10_BadFlagsPrintOneLineWithAHint(t *testing.T) {
	clearEnv(t)
	cases := map[string][][]string{
		"mock": {{"--bogus"}, {"--seed", "abc"}, {"--seed"}, {"--body-limit", "-1"}, {"--clock", "weird"},
			{"--log-format", "xml"}, {"--api-key", ""}, {"extra"}},
		"contract": {{"--frobnicate"}, {"--seed", "x"}, {"--timeout", "x"}, {"--examples", "many"},
			{"--target", "http://127.0.0.1:1", "--api-key", "k", "--profile", "lenient"},
			{"--target", "http://127.0.0.1:1", "--api-key", "k", "extra"}},
		"load":         {{"--nope"}, {"--rate", "x"}, {"extra"}},
		"run":          {{"--nope"}, {"--rate", "x"}, {"--duration", "soon"}, {"--profile", "lax"}, {"extra"}},
		"report":       {{"--nope"}, {}, {"a", "b"}, {"a", "--junit=maybe"}},
		"report merge": {{"--nope"}, {}},
	}
	for name, list := range cases {
		for _, args := range list {
			code, out, errOut := runCmd(append(strings.Fields(name), args...)...)
			what := name + " " + strings.Join(args, " ")
			assert.Equal(t, 2, code, what)
			assert.Empty(t, out, what)
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "%s: one line: %q", what, errOut)
			assert.True(t, strings.HasPrefix(errOut, "callharness "+name+": "), "%s: %q", what, errOut)
			assert.True(t, strings.HasSuffix(errOut, "; run callharness "+name+" --help\n"), "%s: %q", what, errOut)
			assert.NotContains(t, errOut, " -"+strings.TrimLeft(firstFlag(args), "-")+" ", "%s: flags are written --name", what)
		}
	}
}

func firstFlag(args []string) string {
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			return strings.SplitN(a, "=", 2)[0]
		}
	}
	return "\x00"
}
