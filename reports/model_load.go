package reports

import "time"

// Load is the load scenarios' part of a run, read from summary.json and the
// vegeta result files.
type Load struct {
	Target     string
	Started    time.Time
	Finished   time.Time
	Seed       int64
	Rate       float64 // requested, per second, over all shards; 0 at maximum rate
	Workers    uint64  // at maximum rate, each shard's workers
	Duration   time.Duration
	Ramp       string
	Thresholds []string // the expressions every scenario was held to
	MergedFrom []string // the shard summaries this one was merged from
	Scenarios  []Scenario
}

// Scenario is one load scenario: what was asked, what was measured, and
// whether its thresholds and invariants held.
type Scenario struct {
	Name        string
	Description string
	Verdict     Verdict
	SkipReason  string  // why it was skipped or could not run
	Rate        float64 // requested, per second
	Achieved    float64 // achieved request rate, per second
	BelowRate   bool    // the runner flagged the achieved rate as too low
	Workers     uint64  // at maximum rate (closed model, no rate requested): its workers, in all shards
	Duration    time.Duration
	AttackStart time.Time // hit n was due at AttackStart + the schedule's offset of n
	Schedule    string    // the pacer, e.g. "constant 50/s"
	Requests    int
	Success     float64 // share of responses that were not errors, 0..1
	Throughput  float64 // successful responses per second
	Latency     Percentiles
	Corrected   *Percentiles // latency measured from the intended send time; nil at maximum rate
	Codes       []CodeCount
	Errors      []ErrorCount
	Operations  []Operation
	Thresholds  []Threshold
	Invariants  []Invariant
	Facts       []Fact // scenario-specific measurements, e.g. calls per minute
	ResultFile  string // the vegeta result file, relative to the report directory
	Series      *Series
	Notes       []string
}

// Percentiles of a latency distribution.
type Percentiles struct {
	Min, Mean, P50, P90, P95, P99, Max time.Duration
}

// CodeCount is how many responses had one status code; 0 is a transport error.
type CodeCount struct {
	Code  int
	Count int
}

// ErrorCount is one distinct error message and how often it was seen.
type ErrorCount struct {
	Error string
	Count int
}

// Operation is the measurements of one route of a scenario.
type Operation struct {
	ID       string // the operationId
	Method   string
	Route    string
	Requests int
	Success  float64
	Latency  Percentiles
	Codes    []CodeCount
}

// Threshold is one k6-style threshold, e.g. "p99<250ms", and its verdict.
type Threshold struct {
	Expr     string
	Scope    string // the operation it applies to; empty for the whole scenario
	Observed string
	Verdict  Verdict
}

// Invariant is one correctness property checked after an attack.
type Invariant struct {
	Name        string // the invariant's id
	Description string
	Verdict     Verdict
	Detail      string
}

// Fact is a named measurement of a scenario, shown as is.
type Fact struct {
	Name  string
	Value string
}

// RateShortfall is the achieved share of the requested rate below which a
// scenario is flagged: the generator or the target fell behind.
const RateShortfall = 0.95

// BehindRate reports whether the scenario achieved less than RateShortfall of its requested rate.
func (s Scenario) BehindRate() bool {
	return s.BelowRate || (s.Rate > 0 && s.Achieved > 0 && s.Achieved < RateShortfall*s.Rate)
}

// NotStarted reports whether the scenario could not run at all: it sent
// nothing and nothing of it was judged.
func (s Scenario) NotStarted() bool {
	return s.Verdict == Error && s.Requests == 0 && (s.Series == nil || s.Series.Total == 0) && len(s.Thresholds)+len(s.Invariants) == 0
}
