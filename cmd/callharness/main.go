// Command callharness is a load-testing and contract-verification harness
// for the Call Campaigns API: a stateful mock, a contract suite, load
// scenarios and reports, in one binary.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"github.com/callharness/callharness/configfile"
)

// command is one subcommand. run gets the arguments after the command's
// name and returns the process's exit code: 0 success, 1 failure, 2 usage.
// A command lives in its own file and adds itself with register in init.
type command struct {
	name    string
	summary string // one line for callharness --help
	usage   string // the text of callharness NAME --help
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands is the table of subcommands, sorted by name.
var commands []command

// register adds c to the table of subcommands.
func register(c command) {
	if slices.ContainsFunc(commands, func(o command) bool { return o.name == c.name }) {
		panic("callharness: command registered twice: " + c.name)
	}
	commands = append(commands, c)
	slices.SortFunc(commands, func(a, b command) int { return strings.Compare(a.name, b.name) })
}

func lookup(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches args to their subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeHelp(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		writeHelp(stdout)
		return 0
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "callharness: unknown command %q; run callharness --help for the list\n", args[0])
		return 2
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func writeHelp(w io.Writer) {
	fmt.Fprintln(w, "callharness: load-testing and contract verification for the Call Campaigns API.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: callharness COMMAND [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Examples:")
	fmt.Fprintln(w, "  callharness run                                  # mock, strict contract suite, short load, report")
	fmt.Fprintln(w, "  callharness mock --addr 127.0.0.1:8080 --clock scaled:60")
	fmt.Fprintln(w, "  callharness contract --target http://127.0.0.1:8080 --api-key \"$KEY\" --admin-token \"$TOKEN\"")
	fmt.Fprintln(w, "  callharness load --target http://127.0.0.1:8080 --api-key \"$KEY\" --scenario create-storm --rate 50 --duration 10s")
	fmt.Fprintln(w, "  callharness report callharness-report-DATE/")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run callharness COMMAND --help for the flags of a command.")
}

// usageError prints the one line of a bad flag, value or argument of the
// command name, with a hint to its help, and returns the usage exit code 2.
// The whole help is never printed for a mistake.
// A config file's problems are one line each, with the file, the line and
// the field (the help does not describe the file's fields, so no hint).
func usageError(stderr io.Writer, name string, err error) int {
	var cfg *configfile.Error
	if errors.As(err, &cfg) && len(cfg.Problems) > 0 {
		for _, line := range cfg.Lines() {
			fmt.Fprintf(stderr, "callharness %s: %s\n", name, line)
		}
		return 2
	}
	fmt.Fprintf(stderr, "callharness %s: %s; run callharness %s --help\n", name, problemText(err), name)
	return 2
}

// flagName matches the flag names in package flag's messages (-seed), so
// that they are shown as the usage writes them (--seed).
var flagName = regexp.MustCompile(`(defined: |argument: |flag |for )-([A-Za-z])`)

// problemText is err on one line, with flags written --name.
func problemText(err error) string {
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	return flagName.ReplaceAllString(msg, "${1}--${2}")
}
