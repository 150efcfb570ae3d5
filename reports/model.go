// Package reports reads a report directory — contract.json, summary.json,
// the vegeta result files and run.json — into one result model, Run, and
// renders it: index.html for people, junit.xml for CI. It never reaches
// back into the runners; it reads only what they wrote.
package reports

import "time"

// Verdict is the outcome of one check, threshold or invariant, or of a whole run.
type Verdict string

// The verdicts. Error means the thing could not be judged at all (the
// target was unreachable, a file is missing or unreadable).
const (
	Pass  Verdict = "pass"
	Fail  Verdict = "fail"
	Warn  Verdict = "warn"
	Skip  Verdict = "skip"
	Error Verdict = "error"
)

// Failed reports whether v makes a run red.
func (v Verdict) Failed() bool { return v == Fail || v == Error }

// Run is one report directory read into one model.
type Run struct {
	Env      Environment
	Contract *Contract // nil when contract.json is missing
	Load     *Load     // nil when neither summary.json nor a result file is there
	// Partial is a directory without run.json: the output of callharness
	// load, contract or report merge, judged on the parts it holds. Env is
	// then what those parts say of the run.
	Partial bool
	// Problems are what could not be read, in plain words, shown on the page.
	Problems []string
	// Verdict, Counts and Reasons are computed from everything above by Judge.
	Verdict Verdict
	Counts  Counts
	// Reasons say in plain sentences why the verdict is not Pass.
	Reasons []string
}

// Holds says which parts of a run the directory holds: "contract and
// load", "contract only", "load only" or "no results".
func (r *Run) Holds() string {
	switch {
	case r.Contract != nil && r.Load != nil:
		return "contract and load"
	case r.Contract != nil:
		return "contract only"
	case r.Load != nil:
		return "load only"
	}
	return "no results"
}

// Headline is the verdict of a run as the page and the console say it:
// PASSED, FAILED, INCOMPLETE (something could not be judged) or COULD NOT
// RUN (nothing could).
func (r *Run) Headline() string {
	switch r.Verdict {
	case Pass:
		return "PASSED"
	case Fail:
		return "FAILED"
	}
	c := r.Counts
	if c.Checks.Total()+c.Scenarios.Total()-c.Scenarios.Error == 0 {
		return "COULD NOT RUN"
	}
	return "INCOMPLETE"
}

// Counts tallies the verdicts of a run's checks, thresholds and invariants.
type Counts struct {
	Checks     Tally
	Thresholds Tally
	Invariants Tally
	Scenarios  Tally
}

// Tally counts verdicts.
type Tally struct {
	Pass, Fail, Warn, Skip, Error int
}

// Add counts one verdict.
func (t *Tally) Add(v Verdict) {
	switch v {
	case Pass:
		t.Pass++
	case Fail:
		t.Fail++
	case Warn:
		t.Warn++
	case Skip:
		t.Skip++
	default:
		t.Error++
	}
}

// Total is the number of verdicts counted.
func (t Tally) Total() int { return t.Pass + t.Fail + t.Warn + t.Skip + t.Error }

// Bad is the number of verdicts that make a run red.
func (t Tally) Bad() int { return t.Fail + t.Error }

// Environment is run.json: where, when and how a run ran. The harness
// writes it; a directory without one still renders.
type Environment struct {
	Tool       string    `json:"tool"`
	Version    string    `json:"version"`
	Command    string    `json:"command,omitempty"`
	Target     string    `json:"target"`
	Mock       bool      `json:"mock"` // the target was a mock started in-process
	Profile    string    `json:"profile,omitempty"`
	Seed       int64     `json:"seed"`
	Clock      string    `json:"clock,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Rate       string    `json:"rate,omitempty"`     // requested rate of each scenario, e.g. "20/s"
	Duration   string    `json:"duration,omitempty"` // attack duration of each scenario
	Thresholds []string  `json:"thresholds,omitempty"`
	Scenarios  []string  `json:"scenarios,omitempty"`
	Machine    Machine   `json:"machine"`
	Phases     []Phase   `json:"phases,omitempty"`
	// Errors are what went wrong outside any check: an unreachable target,
	// a runner that stopped early.
	Errors []string `json:"errors,omitempty"`
	// Timeout is the run's bound on its phases, e.g. "5m0s"; Stopped is
	// what stopped them before they finished: StoppedTimeout or
	// StoppedInterrupt.
	Timeout string `json:"timeout,omitempty"`
	Stopped string `json:"stopped,omitempty"`
}

// What can stop a run before its phases finish.
const (
	StoppedTimeout   = "timeout"
	StoppedInterrupt = "interrupt"
)

// Machine is the host a run ran on.
type Machine struct {
	Hostname  string `json:"hostname,omitempty"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	CPUs      int    `json:"cpus"`
	GoVersion string `json:"go_version"`
}

// Phase is one step of a run (mock, contract, load, report) and how it went.
type Phase struct {
	Name     string        `json:"name"`
	Duration time.Duration `json:"duration_ns"`
	Verdict  Verdict       `json:"verdict"`
	Detail   string        `json:"detail,omitempty"`
}

// Elapsed is how long the whole run took, or 0 when unknown.
func (e Environment) Elapsed() time.Duration {
	if e.StartedAt.IsZero() || e.FinishedAt.Before(e.StartedAt) {
		return 0
	}
	return e.FinishedAt.Sub(e.StartedAt)
}
