package reports

import (
	"sort"
	"strconv"
	"time"
)

// summaryFile is summary.json as the load scenarios write it (see
// scenarios.Summary for the layout, version 1). Only this file knows that
// layout; the rest of the package reads Load.
type summaryFile struct {
	Target      string    `json:"target"`
	StartedAt   time.Time `json:"started_at"`
	FinishedAt  time.Time `json:"finished_at"`
	Environment struct {
		Seed       int64    `json:"seed"`
		Rate       float64  `json:"rate"`
		Workers    uint64   `json:"workers"`
		DurationMS float64  `json:"duration_ms"`
		Ramp       string   `json:"ramp"`
		Thresholds []string `json:"thresholds"`
		MergedFrom []string `json:"merged_from"`
		Knobs      Knobs    `json:"knobs"`
	} `json:"environment"`
	Scenarios []summaryScenario `json:"scenarios"`
}

type summaryScenario struct {
	Name        string             `json:"name"`
	Description string             `json:"description"`
	Verdict     string             `json:"verdict"`
	SkipReason  string             `json:"skip_reason"`
	Rate        float64            `json:"rate"`
	Achieved    float64            `json:"achieved_rate"`
	BelowRate   bool               `json:"below_rate"`
	Workers     uint64             `json:"workers"`
	DurationMS  float64            `json:"duration_ms"`
	AttackStart time.Time          `json:"attack_start"`
	Schedule    string             `json:"schedule"`
	ResultFile  string             `json:"result_file"`
	Metrics     summaryMetrics     `json:"metrics"`
	Corrected   *summaryLatency    `json:"corrected_latency"`
	Operations  []summaryOperation `json:"operations"`
	Thresholds  []summaryThreshold `json:"thresholds"`
	Invariants  []summaryInvariant `json:"invariants"`
	Facts       map[string]string  `json:"facts"`
}

type summaryMetrics struct {
	Requests    int            `json:"requests"`
	Success     float64        `json:"success"`
	Throughput  float64        `json:"throughput"`
	Latency     summaryLatency `json:"latency"`
	StatusCodes map[string]int `json:"status_codes"`
	Errors      map[string]int `json:"errors"`
}

type summaryLatency struct {
	MinMS  float64 `json:"min_ms"`
	MeanMS float64 `json:"mean_ms"`
	P50MS  float64 `json:"p50_ms"`
	P90MS  float64 `json:"p90_ms"`
	P95MS  float64 `json:"p95_ms"`
	P99MS  float64 `json:"p99_ms"`
	MaxMS  float64 `json:"max_ms"`
}

type summaryOperation struct {
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Route     string `json:"route"`
	summaryMetrics
}

type summaryThreshold struct {
	Expr     string `json:"expr"`
	Scope    string `json:"scope"`
	Observed string `json:"observed"`
	Verdict  string `json:"verdict"`
}

type summaryInvariant struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Verdict     string `json:"verdict"`
	Detail      string `json:"detail"`
}

func (f summaryFile) model() *Load {
	l := &Load{Target: f.Target, Started: f.StartedAt, Finished: f.FinishedAt, Seed: f.Environment.Seed,
		Rate: f.Environment.Rate, Workers: f.Environment.Workers, Duration: millis(f.Environment.DurationMS), Ramp: f.Environment.Ramp,
		Thresholds: f.Environment.Thresholds, MergedFrom: f.Environment.MergedFrom}
	for _, s := range f.Scenarios {
		sc := Scenario{
			Name: s.Name, Description: describe(s.Description, f.Environment.Knobs), SkipReason: s.SkipReason,
			Rate: s.Rate, Achieved: s.Achieved, BelowRate: s.BelowRate, Workers: s.Workers, Duration: millis(s.DurationMS),
			AttackStart: s.AttackStart, Schedule: s.Schedule, ResultFile: s.ResultFile,
			Requests: s.Metrics.Requests, Success: s.Metrics.Success, Throughput: s.Metrics.Throughput,
			Latency: s.Metrics.Latency.model(), Codes: codesOf(s.Metrics.StatusCodes), Errors: sortedErrors(s.Metrics.Errors),
		}
		if s.Verdict != "" {
			sc.Verdict = verdictOf(s.Verdict)
		}
		// At maximum rate nothing was due: the corrected latency is the
		// measured one, and the page says so rather than repeat it.
		if c := s.Corrected; c != nil && (c.P50MS > 0 || c.MaxMS > 0) && s.Workers == 0 {
			p := c.model()
			sc.Corrected = &p
		}
		for _, op := range s.Operations {
			sc.Operations = append(sc.Operations, Operation{
				ID: op.Operation, Method: op.Method, Route: op.Route, Requests: op.Requests, Success: op.Success,
				Latency: op.Latency.model(), Codes: codesOf(op.StatusCodes),
			})
		}
		for _, t := range s.Thresholds {
			sc.Thresholds = append(sc.Thresholds, Threshold{Expr: t.Expr, Scope: t.Scope, Observed: t.Observed, Verdict: verdictOf(t.Verdict)})
		}
		for _, inv := range s.Invariants {
			sc.Invariants = append(sc.Invariants, Invariant{Name: inv.Name, Description: inv.Description, Verdict: verdictOf(inv.Verdict), Detail: inv.Detail})
		}
		sc.Facts = factsOf(s.Facts)
		l.Scenarios = append(l.Scenarios, sc)
	}
	return l
}

func (l summaryLatency) model() Percentiles {
	return Percentiles{
		Min: millis(l.MinMS), Mean: millis(l.MeanMS), P50: millis(l.P50MS), P90: millis(l.P90MS),
		P95: millis(l.P95MS), P99: millis(l.P99MS), Max: millis(l.MaxMS),
	}
}

func codesOf(m map[string]int) []CodeCount {
	byCode := map[int]int{}
	for k, n := range m {
		c, err := strconv.Atoi(k)
		if err != nil {
			continue
		}
		byCode[c] += n
	}
	return sortedCodes(byCode)
}

func factsOf(m map[string]string) []Fact {
	out := make([]Fact, 0, len(m))
	for k, v := range m {
		out = append(out, Fact{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
