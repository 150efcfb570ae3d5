// Package harness is `callharness run`: one command that starts the mock
// (or points at a real implementation), runs the contract suite and a short
// load profile against it, and writes a report directory with index.html
// and junit.xml. It only orchestrates: the suite and the scenarios run
// through Runners, and the report is read back from the files they wrote,
// as `callharness report DIR` would read it.
package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/callharness/callharness/reports"
)

// Target is what the phases run against.
type Target struct {
	URL          string
	APIKey       string
	OtherFirmKey string
	InactiveKey  string
	// AdminToken is the mock's admin token; it is set only for the mock
	// started in-process, so that a real implementation's admin API (if it
	// had one) is never touched.
	AdminToken string
	Mock       bool
}

// Phase is how one phase went, as run.json records it.
type Phase = reports.Phase

// ContractRunner runs the contract suite in a profile against t and writes
// contract.json (and its junit.xml and contract.txt) into dir. Its error is
// for a suite that could not run; it should still have written
// contract.json with the error in it.
type ContractRunner func(ctx context.Context, t Target, o ContractOptions) (Phase, error)

// ContractOptions are the harness's settings of the contract phase.
type ContractOptions struct {
	Profile  string // documented or strict
	Seed     int64
	Dir      string
	Progress io.Writer // one line per check; nil is silent
}

// LoadRunner runs the load scenarios against t and writes summary.json and
// one vegeta result file per scenario into dir.
type LoadRunner func(ctx context.Context, t Target, o LoadOptions) (Phase, error)

// LoadOptions are the harness's settings of the load phase.
type LoadOptions struct {
	Scenarios  []string
	Rate       float64 // requests per second of each scenario
	Duration   time.Duration
	Thresholds []string
	Seed       int64
	Dir        string
	Progress   io.Writer
}

// Runners are the phases the harness orchestrates.
type Runners struct {
	Contract ContractRunner
	Load     LoadRunner
}

// Options configure one run.
type Options struct {
	// Target is the implementation to check; its URL "" starts the mock in-process.
	Target  Target
	Profile string // "" is strict against the mock, documented against a real target
	Seed    int64
	// MockClock is the in-process mock's clock; "" is DefaultMockClock.
	MockClock string
	// Rate, Duration and Scenarios shape the load phase; Scenarios nil is every scenario.
	Rate       float64
	Duration   time.Duration
	Scenarios  []string
	Thresholds []string
	// Timeout bounds the phases; the report is written all the same. 0 is no bound.
	Timeout time.Duration
	// Wait is how long to wait for a Target to answer HTTP before the
	// phases start; 0 does not wait.
	Wait time.Duration
	// SkipContract and SkipLoad leave a phase out.
	SkipContract, SkipLoad bool
	Out                    string // the report directory; "" is callharness-report-<timestamp>
	Version                string
	Command                string
	Log                    io.Writer // progress of the run; nil is silent
	// LoadProgress gets the scenarios' live progress line (for a terminal); nil is none.
	LoadProgress io.Writer
	Now          func() time.Time
}

// Outcome is what a run produced.
type Outcome struct {
	Dir    string
	Index  string // the path of index.html
	Report *reports.Run
}

// Passed reports whether every check, threshold and invariant held.
func (o *Outcome) Passed() bool { return o.Report != nil && o.Report.Verdict == reports.Pass }

// Run runs the phases against the target and writes the report directory.
// The error is for a run that could not write its report; a failed check,
// an unreachable target or a broken invariant is a verdict in the report.
func Run(ctx context.Context, o Options, rs Runners) (*Outcome, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	started := o.Now()
	if o.Out == "" {
		o.Out = DefaultDir(started)
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, fmt.Errorf("report directory: %w", err)
	}
	if o.MockClock == "" {
		o.MockClock = DefaultMockClock
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	env := newEnvironment(o, started)
	if o.Target.URL == "" {
		t0 := time.Now()
		m, err := startMock(ctx, o.Seed, o.MockClock)
		if err != nil {
			return nil, err
		}
		defer m.stop()
		o.Target = m.target
		env.Phases = append(env.Phases, Phase{Name: "mock", Duration: time.Since(t0), Verdict: reports.Pass,
			Detail: "in-process on " + m.target.URL + ", clock " + o.MockClock})
		fmt.Fprintf(o.Log, "mock     listening on %s (clock %s)\n", m.target.URL, o.MockClock)
	}
	if o.Wait > 0 && !o.Target.Mock {
		if err := waitForTarget(ctx, o.Target.URL, o.Wait); err != nil {
			fmt.Fprintf(o.Log, "wait     %v\n", err)
		}
	}
	env.Target, env.Mock = o.Target.URL, o.Target.Mock
	if o.Profile == "" {
		o.Profile = "documented"
		if o.Target.Mock {
			o.Profile = "strict"
		}
	}
	env.Profile = o.Profile
	if !o.SkipContract && rs.Contract != nil {
		env.Phases = append(env.Phases, runContract(ctx, o, rs.Contract, &env))
	}
	if !o.SkipLoad && rs.Load != nil {
		if ctx.Err() == nil {
			env.Phases = append(env.Phases, runLoad(ctx, o, rs.Load, &env))
		} else {
			env.Phases = append(env.Phases, Phase{Name: "load", Verdict: reports.Error, Detail: "not started: the run was stopped before it"})
			fmt.Fprintf(o.Log, "load     not started: the run was stopped before it\n")
		}
	}
	if o.Timeout > 0 {
		env.Timeout = o.Timeout.String()
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		env.Stopped = reports.StoppedTimeout
		env.Errors = append(env.Errors, fmt.Sprintf("The run was stopped after its timeout of %s.", o.Timeout))
	case errors.Is(ctx.Err(), context.Canceled):
		env.Stopped = reports.StoppedInterrupt
		env.Errors = append(env.Errors, "The run was interrupted before it finished.")
	}
	env.FinishedAt = o.Now()
	return finish(o.Out, env)
}

func runContract(ctx context.Context, o Options, run ContractRunner, env *reports.Environment) Phase {
	fmt.Fprintf(o.Log, "contract %s profile against %s\n", o.Profile, o.Target.URL)
	t0 := time.Now()
	ph, err := run(ctx, o.Target, ContractOptions{Profile: o.Profile, Seed: o.Seed, Dir: o.Out})
	ph.Name, ph.Duration = "contract", time.Since(t0)
	if err != nil {
		ph.Verdict, ph.Detail = reports.Error, err.Error()
		env.Errors = append(env.Errors, "The contract suite could not run: "+err.Error())
	}
	fmt.Fprintf(o.Log, "contract %s in %s%s\n", phaseWord(ph, err), ph.Duration.Round(time.Millisecond), detail(ph.Detail))
	return ph
}

func runLoad(ctx context.Context, o Options, run LoadRunner, env *reports.Environment) Phase {
	fmt.Fprintf(o.Log, "load     %d scenarios at %g/s for %s each\n", len(o.Scenarios), o.Rate, o.Duration)
	t0 := time.Now()
	ph, err := run(ctx, o.Target, LoadOptions{Scenarios: o.Scenarios, Rate: o.Rate, Duration: o.Duration,
		Thresholds: o.Thresholds, Seed: o.Seed, Dir: o.Out, Progress: o.LoadProgress})
	ph.Name, ph.Duration = "load", time.Since(t0)
	if err != nil {
		ph.Verdict, ph.Detail = reports.Error, err.Error()
		env.Errors = append(env.Errors, "The load scenarios could not run: "+err.Error())
	}
	fmt.Fprintf(o.Log, "load     %s in %s%s\n", phaseWord(ph, err), ph.Duration.Round(time.Millisecond), detail(ph.Detail))
	return ph
}

// finish writes run.json, reads the directory back as the report does and
// writes index.html and the whole run's junit.xml.
func finish(dir string, env reports.Environment) (*Outcome, error) {
	if err := reports.WriteEnvironment(dir, env); err != nil {
		return nil, err
	}
	run, index, err := reports.Render(dir)
	if err != nil {
		return nil, err
	}
	if err := reports.WriteRunJUnit(dir, run); err != nil {
		return nil, err
	}
	return &Outcome{Dir: dir, Index: index, Report: run}, nil
}

// DefaultDir is the report directory of a run started at t.
func DefaultDir(t time.Time) string {
	return "callharness-report-" + t.UTC().Format("20060102-150405")
}

// phaseWord is how the console says a phase went: pass, fail, incomplete
// (it ran, but something of it was not judged) or could not run.
func phaseWord(ph Phase, err error) string {
	switch {
	case err != nil:
		return "could not run"
	case ph.Verdict == reports.Error:
		return "incomplete"
	}
	return string(ph.Verdict)
}

func detail(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}
