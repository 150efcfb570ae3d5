package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/callharness/callharness/harness"
	"github.com/callharness/callharness/reports"
	"github.com/callharness/callharness/scenarios"
)

const runUsage = `Usage: callharness run [flags]

Runs everything once and writes a report directory: the contract suite,
then a short load profile (every scenario for a few seconds), then
index.html (open it in a browser; it needs nothing else) and junit.xml.

With no --target it starts the mock in-process on a free loopback port with
a fast clock (60 simulated seconds per second, which the suite and the
scenarios also move through the mock's admin API), runs the suite in the
strict profile, then every scenario at 20 requests per second for 3 s, each
held to p99<500ms and errors<1% unless --threshold says otherwise; it takes
well under a minute.

With --target URL --api-key KEY it runs the same against a real
implementation, in the documented profile, at a conservative 2 requests
per second for 10 s per scenario (raise them with --rate and --duration),
and never sends a request to an admin API. Give --other-firm-key and
--inactive-key so that the 403 checks can run; without them they are
reported as skipped.

Exit codes: 0 every check, threshold and invariant held; 1 something
failed; 2 bad usage, or the run could not be judged (unreachable target).

Examples:
  callharness run
  callharness run --out nightly-report
  callharness run --target https://api.example.com --api-key "$KEY" \
    --other-firm-key "$KEY2" --inactive-key "$KEY3" --rate 10 --duration 30s

Flags:
`

// Default load profiles of a run: quick against the mock, gentle against
// anything else.
const (
	mockRate       = 20
	mockDuration   = 3 * time.Second
	targetRate     = 2
	targetDuration = 10 * time.Second
	mockTimeout    = 5 * time.Minute
	targetTimeout  = 30 * time.Minute
)

// defaultThresholds hold for every scenario of a run given no --threshold.
var defaultThresholds = []string{"p99<500ms", "errors<1%"}

func init() {
	register(command{
		name:    "run",
		summary: "run the contract suite and a short load profile, write an HTML report",
		usage:   runUsage,
		run:     runRun,
	})
}

// runFlags are the flags of callharness run.
type runFlags struct {
	target, apiKey, otherFirmKey, inactiveKey string
	profile, scenarios, out, mockClock        string
	rate                                      float64
	duration, wait, timeout                   time.Duration
	seed                                      int64
	thresholds                                listFlag
	skipContract, skipLoad, quiet             bool
}

func (f *runFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&f.target, "target", "", "base URL of the implementation to check; empty starts the mock in-process")
	fs.StringVar(&f.apiKey, "api-key", "", "an active API key of the target (needed with --target; default $"+envAPIKey+")")
	fs.StringVar(&f.otherFirmKey, "other-firm-key", "", "an active API key of another firm, for the 403 checks (default $"+envOtherFirmKey+")")
	fs.StringVar(&f.inactiveKey, "inactive-key", "", "an inactive API key, for the 403 checks (default $"+envInactiveKey+")")
	fs.StringVar(&f.profile, "profile", "", "contract profile, documented or strict (default strict against the mock, documented against --target)")
	fs.Float64Var(&f.rate, "rate", 0, fmt.Sprintf("requests per second of each scenario (default %d against the mock, %d against --target)", mockRate, targetRate))
	fs.DurationVar(&f.duration, "duration", 0, fmt.Sprintf("attack duration of each scenario (default %s against the mock, %s against --target)", mockDuration, targetDuration))
	fs.StringVar(&f.scenarios, "scenario", "all", "scenarios to run, comma-separated, or all")
	fs.Var(&f.thresholds, "threshold", "a k6-style threshold such as p99<250ms, errors<0.1% or mixed:p95<100ms (repeatable; replaces the defaults "+strings.Join(defaultThresholds, " and ")+")")
	fs.Int64Var(&f.seed, "seed", 1, "seed of the mock, the generated inputs and the scenarios")
	fs.StringVar(&f.mockClock, "mock-clock", harness.DefaultMockClock, "clock of the in-process mock: manual, scaled:N or real")
	fs.StringVar(&f.out, "out", "", "report directory (default callharness-report-<timestamp>)")
	fs.DurationVar(&f.timeout, "timeout", 0, fmt.Sprintf("stop the phases after this long and write the report of what ran (default %s against the mock, %s against --target)", mockTimeout, targetTimeout))
	fs.DurationVar(&f.wait, "wait", 0, "wait up to this long for --target to answer HTTP before starting (for a target still starting up)")
	fs.BoolVar(&f.skipContract, "skip-contract", false, "leave the contract suite out")
	fs.BoolVar(&f.skipLoad, "skip-load", false, "leave the load scenarios out")
	fs.BoolVar(&f.quiet, "quiet", false, "print only the summary")
}

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f runFlags
	f.define(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, runUsage+flagDefaults(fs))
			return 0
		}
		return usageError(stderr, "run", err)
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "run", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if f.target != "" {
		// Against a target, the keys may come from the environment as for
		// contract and load; the in-process mock always makes its own.
		fromEnv(fs, os.Getenv, secretFlag{"api-key", envAPIKey, &f.apiKey},
			secretFlag{"other-firm-key", envOtherFirmKey, &f.otherFirmKey},
			secretFlag{"inactive-key", envInactiveKey, &f.inactiveKey})
	}
	opts, err := f.options(args)
	if err != nil {
		return usageError(stderr, "run", err)
	}
	if !f.quiet {
		opts.Log = stderr
		if isTerminal(stderr) {
			opts.LoadProgress = stderr
		}
	}
	out, err := harness.Run(ctx, opts, harness.Runners{Contract: harness.Contract, Load: harness.Load})
	if err != nil {
		fmt.Fprintf(stderr, "callharness run: %v\n", err)
		return 2
	}
	writeRunSummary(stdout, out)
	switch out.Report.Verdict {
	case reports.Pass:
		return 0
	case reports.Fail:
		return 1
	}
	return 2
}

// options turns the flags into the harness's options.
func (f *runFlags) options(args []string) (harness.Options, error) {
	o := harness.Options{
		Target: harness.Target{URL: strings.TrimRight(f.target, "/"), APIKey: f.apiKey,
			OtherFirmKey: f.otherFirmKey, InactiveKey: f.inactiveKey},
		Profile: f.profile, Seed: f.seed, MockClock: f.mockClock, Rate: f.rate, Duration: f.duration, Thresholds: f.thresholds,
		SkipContract: f.skipContract, SkipLoad: f.skipLoad, Out: f.out, Wait: f.wait,
		Version: version, Command: strings.TrimSpace("callharness run " + strings.Join(redactArgs(args), " ")),
	}
	if o.Target.URL != "" && f.mockClock != harness.DefaultMockClock {
		return o, errors.New("--mock-clock is for the in-process mock; a --target keeps its own clock")
	}
	if o.Target.URL == "" && (f.apiKey != "" || f.otherFirmKey != "" || f.inactiveKey != "") {
		return o, errors.New("--api-key, --other-firm-key and --inactive-key need --target; without it the mock makes its own keys")
	}
	if o.Target.URL != "" && f.apiKey == "" {
		return o, errors.New("--target needs --api-key KEY (or $" + envAPIKey + "), an active key of the target")
	}
	if f.profile != "" && f.profile != "documented" && f.profile != "strict" {
		return o, fmt.Errorf("--profile %q: use documented or strict", f.profile)
	}
	if o.Rate == 0 {
		o.Rate = map[bool]float64{true: mockRate, false: targetRate}[o.Target.URL == ""]
	}
	if o.Duration == 0 {
		o.Duration = map[bool]time.Duration{true: mockDuration, false: targetDuration}[o.Target.URL == ""]
	}
	if f.timeout == 0 {
		f.timeout = map[bool]time.Duration{true: mockTimeout, false: targetTimeout}[o.Target.URL == ""]
	}
	o.Timeout = f.timeout
	if o.Rate < 0 || o.Duration < 0 || o.Timeout < 0 {
		return o, errors.New("--rate, --duration and --timeout must be above 0")
	}
	names, err := scenarios.ParseNames(f.scenarios)
	if err != nil {
		return o, err
	}
	o.Scenarios = names
	if len(o.Thresholds) == 0 {
		o.Thresholds = defaultThresholds
	}
	for _, t := range o.Thresholds {
		if _, err := scenarios.ParseThreshold(t); err != nil {
			return o, fmt.Errorf("--threshold %q: %w", t, err)
		}
	}
	return o, nil
}

// redactArgs is the command line as run.json records it, keys left out.
func redactArgs(args []string) []string {
	out := make([]string, 0, len(args))
	secret := false
	for _, a := range args {
		switch {
		case secret:
			out = append(out, "REDACTED")
			secret = false
		case isKeyFlag(a) && !strings.Contains(a, "="):
			out = append(out, a)
			secret = true
		case isKeyFlag(a):
			out = append(out, a[:strings.Index(a, "=")+1]+"REDACTED")
		default:
			out = append(out, a)
		}
	}
	return out
}

func isKeyFlag(a string) bool {
	name := strings.SplitN(strings.TrimLeft(a, "-"), "=", 2)[0]
	return strings.HasPrefix(a, "-") && strings.HasSuffix(name, "-key")
}

// writeRunSummary prints the verdict, the counts, the reasons and the page.
func writeRunSummary(w io.Writer, out *harness.Outcome) {
	r := out.Report
	fmt.Fprintln(w)
	target := r.Env.Target
	if r.Env.Mock {
		target = "the built-in mock at " + target
	}
	fmt.Fprintf(w, "%s  %s\n", headlineOf(r), target)
	c := r.Counts
	for _, line := range []struct {
		name string
		t    reports.Tally
	}{{"checks", c.Checks}, {"thresholds", c.Thresholds}, {"invariants", c.Invariants}, {"scenarios", c.Scenarios}} {
		if line.t.Total() > 0 {
			fmt.Fprintf(w, "  %-11s %3d passed, %d failed, %d not judged, %d warnings, %d skipped\n",
				line.name, line.t.Pass, line.t.Fail, line.t.Error, line.t.Warn, line.t.Skip)
		}
	}
	for i, reason := range r.Reasons {
		if i == 6 {
			fmt.Fprintf(w, "  … and %d more in the report\n", len(r.Reasons)-i)
			break
		}
		fmt.Fprintf(w, "  - %s\n", reason)
	}
	if d := r.Env.Elapsed(); d > 0 {
		fmt.Fprintf(w, "  took %s\n", d.Round(time.Second))
	}
	index := out.Index
	if abs, err := filepath.Abs(index); err == nil {
		index = abs
	}
	fmt.Fprintf(w, "report: %s\n", index)
}
