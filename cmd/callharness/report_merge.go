package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/callharness/callharness/scenarios"
)

const reportMergeUsage = `Usage: callharness report merge DIR… --out DIR

Combines the output directories of the shards of one load run (each holding
summary.json and <scenario>.bin) into DIR: one vegeta result file per
scenario with every shard's results, and one summary.json and summary.txt
measured from them. An invariant holds only if it held on every shard;
thresholds are judged again on the merged measures.

Exit status: 0 everything held, 1 something did not, 2 bad usage.

Example:
  callharness report merge out/shard-0 out/shard-1 out/shard-2 --out out/merged

Flags:
`

func init() {
	registerReportSub(reportSub{
		name:    "merge",
		summary: "combine the outputs of load shards (--shard i/N) into one",
		run:     runReportMerge,
	})
}

func runReportMerge(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report merge", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", "", "directory to write the merged results and summary to")
	// Directories and flags may come in any order.
	var dirs []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, reportMergeUsage+flagDefaults(fs))
				return 0
			}
			return usageError(stderr, "report merge", err)
		}
		if fs.NArg() == 0 {
			break
		}
		dirs = append(dirs, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *out == "" || len(dirs) == 0 {
		return usageError(stderr, "report merge", errors.New("want one or more shard directories and --out DIR"))
	}
	sum, err := scenarios.Merge(dirs, *out)
	if err != nil {
		fmt.Fprintf(stderr, "callharness report merge: %v\n", err)
		if errors.Is(err, scenarios.ErrUsage) {
			return 2
		}
		return 1
	}
	return tableVerdict(stdout, sum)
}
