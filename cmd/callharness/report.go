package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/callharness/callharness/reports"
)

const reportUsage = `Usage: callharness report DIR
       callharness report SUBCOMMAND [flags]

With a directory, re-renders DIR/index.html from the files a run left
there: run.json, contract.json, summary.json and the vegeta result files
(*.bin). The directory of callharness run is judged on the phases its
run.json says ran; one without run.json (the output of load --out,
contract --report-dir or report merge --out) on the parts it holds, and the
page says which. With --junit it also rewrites DIR/junit.xml for the whole
run.

Exit codes: 0 the report says the run passed; 1 it failed; 2 bad usage, a
directory with none of those files, or a run that could not be judged.

Examples:
  callharness report callharness-report-20260101-020000
  callharness report --junit nightly-report
  callharness report load-out
`

// reportSub is a subcommand of callharness report, such as merge. Each lives
// in its own file and adds itself with registerReportSub in init.
type reportSub struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var reportSubs []reportSub

// registerReportSub adds a subcommand of callharness report.
func registerReportSub(s reportSub) {
	if slices.ContainsFunc(reportSubs, func(o reportSub) bool { return o.name == s.name }) {
		panic("callharness: report subcommand registered twice: " + s.name)
	}
	reportSubs = append(reportSubs, s)
	slices.SortFunc(reportSubs, func(a, b reportSub) int { return strings.Compare(a.name, b.name) })
}

func init() {
	register(command{
		name:    "report",
		summary: "re-render a report directory's index.html (and subcommands such as merge)",
		usage:   reportUsage,
		run:     runReport,
	})
}

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if i := slices.IndexFunc(reportSubs, func(s reportSub) bool { return s.name == args[0] }); i >= 0 {
			return reportSubs[i].run(ctx, args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	junit := fs.Bool("junit", false, "also rewrite DIR/junit.xml for the whole run")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeReportUsage(stdout, fs)
			return 0
		}
		return usageError(stderr, "report", err)
	}
	dir, extra := fs.Arg(0), 0
	if fs.NArg() > 1 {
		// Flags may follow the directory too: callharness report DIR --junit.
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				writeReportUsage(stdout, fs)
				return 0
			}
			return usageError(stderr, "report", err)
		}
		extra = fs.NArg()
	}
	if dir == "" || extra > 0 {
		return usageError(stderr, "report", errors.New("want one report directory"))
	}
	run, index, err := reports.Render(dir)
	if err != nil {
		fmt.Fprintf(stderr, "callharness report: %v\n", err)
		return 2
	}
	if *junit {
		if err := reports.WriteRunJUnit(dir, run); err != nil {
			fmt.Fprintf(stderr, "callharness report: %v\n", err)
			return 2
		}
	}
	scope := ""
	if run.Partial {
		scope = " (" + run.Holds() + ")"
	}
	fmt.Fprintf(stdout, "%s%s: %s\n", headlineOf(run), scope, index)
	for i, reason := range run.Reasons {
		if i == maxConsoleReasons {
			fmt.Fprintf(stdout, "  … and %d more on the page\n", len(run.Reasons)-i)
			break
		}
		fmt.Fprintf(stdout, "  - %s\n", reason)
	}
	switch run.Verdict {
	case reports.Pass:
		return 0
	case reports.Fail:
		return 1
	}
	return 2
}

func writeReportUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, reportUsage)
	if len(reportSubs) > 0 {
		fmt.Fprintln(w, "\nSubcommands (callharness report SUBCOMMAND --help):")
		for _, s := range reportSubs {
			fmt.Fprintf(w, "  %-8s %s\n", s.name, s.summary)
		}
	}
	fmt.Fprint(w, "\nFlags:\n"+flagDefaults(fs))
}

// maxConsoleReasons bounds the reasons printed under a verdict.
const maxConsoleReasons = 6

// headlineOf is the verdict of a run in the page's own words.
func headlineOf(r *reports.Run) string { return r.Headline() }
