package scenarios

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Summary is summary.json: what a load run asked for, what it measured and
// whether its thresholds and invariants held. The HTML report reads it, and
// `callharness report merge` combines the summaries of shards, so its field
// names are stable (version 1):
//
//	version           1
//	tool              "callharness load"
//	target            the target's base URL
//	started_at        RFC 3339; finished_at likewise
//	verdict           "pass" or "fail" (a threshold or invariant did not hold, or a scenario errored)
//	environment       seed, shard {index, count}, rate (total over all shards, per second;
//	                  0 at maximum rate), shard_rate (this worker's), workers (each shard's,
//	                  at maximum rate only), duration_ms, ramp, connections, timeout_ms,
//	                  http2, max_body, thresholds (the expressions), knobs, merged_from
//	scenarios[]       one per scenario, in run order:
//	  name, description
//	  verdict         "pass", "fail" or "error" (could not run; skip_reason says why)
//	  skip_reason
//	  rate            requested mean rate per second; achieved_rate the achieved one
//	  rate_ratio      achieved / requested; below_rate when under 95 %
//	  workers         at maximum rate (--rate 0, a closed model) only: the workers, in all
//	                  shards when merged; rate and rate_ratio are then 0, below_rate is
//	                  false, achieved_rate is the figure of merit and corrected_latency
//	                  is the measured latency (no hit was due at any instant)
//	  duration_ms     how long the attack sent
//	  attack_start    RFC 3339 with nanoseconds: hit n was due at attack_start + schedule(n)
//	  schedule        the pacer, e.g. "constant 50/s" or "max rate, 8 workers"
//	  pacer           the schedule as data: ramp, rate, duration_ms, workers
//	  result_file     the vegeta result file (gob), relative to summary.json
//	  metrics         requests, errors, error_rate, success (1 − error_rate), throughput
//	                  (non-error answers per second), latency {min_ms mean_ms p50_ms p90_ms
//	                  p95_ms p99_ms max_ms}, status_codes {"200": n, "0": transport errors},
//	                  errors {message: n}, bytes_in, bytes_out
//	  corrected_latency  the latency percentiles measured from each hit's intended send time
//	  operations[]    per route template: operation (operationId), method, route, metrics
//	                  fields as above inline, corrected_latency
//	  thresholds[]    expr, scope (the operation, or ""), observed, verdict
//	  invariants[]    name (the invariant id), description, verdict, detail
//	  facts           scenario-specific measurements, name → text
type Summary struct {
	Version     int               `json:"version"`
	Tool        string            `json:"tool"`
	Target      string            `json:"target"`
	StartedAt   time.Time         `json:"started_at"`
	FinishedAt  time.Time         `json:"finished_at"`
	Verdict     string            `json:"verdict"`
	Environment Environment       `json:"environment"`
	Scenarios   []ScenarioSummary `json:"scenarios"`
}

// Environment is how the run was made.
type Environment struct {
	Seed        int64    `json:"seed"`
	Shard       Shard    `json:"shard"`
	Rate        float64  `json:"rate"`
	ShardRate   float64  `json:"shard_rate"`
	Workers     uint64   `json:"workers,omitempty"`
	DurationMS  float64  `json:"duration_ms"`
	Ramp        string   `json:"ramp"`
	Connections int      `json:"connections"`
	TimeoutMS   float64  `json:"timeout_ms"`
	HTTP2       bool     `json:"http2"`
	MaxBody     int64    `json:"max_body"`
	Thresholds  []string `json:"thresholds"`
	AdminAPI    bool     `json:"admin_api"`
	Knobs       Knobs    `json:"knobs"`
	MergedFrom  []string `json:"merged_from,omitempty"`
}

// Verdicts of scenarios, thresholds and invariants.
const (
	VerdictPass  = "pass"
	VerdictFail  = "fail"
	VerdictError = "error"
)

// ScenarioSummary is one scenario of summary.json.
type ScenarioSummary struct {
	Name        string             `json:"name"`
	Description string             `json:"description"`
	Verdict     string             `json:"verdict"`
	SkipReason  string             `json:"skip_reason,omitempty"`
	Rate        float64            `json:"rate"`
	Achieved    float64            `json:"achieved_rate"`
	RateRatio   float64            `json:"rate_ratio"`
	BelowRate   bool               `json:"below_rate"`
	Workers     uint64             `json:"workers,omitempty"`
	DurationMS  float64            `json:"duration_ms"`
	AttackStart time.Time          `json:"attack_start"`
	Schedule    string             `json:"schedule"`
	Pacer       PacerSpec          `json:"pacer"`
	ResultFile  string             `json:"result_file,omitempty"`
	Metrics     MetricsSummary     `json:"metrics"`
	Corrected   LatencySummary     `json:"corrected_latency"`
	Operations  []OperationSummary `json:"operations"`
	Thresholds  []ThresholdResult  `json:"thresholds"`
	Invariants  []InvariantResult  `json:"invariants"`
	Facts       map[string]string  `json:"facts,omitempty"`
}

// MetricsSummary is the measurements of a scenario or an operation.
type MetricsSummary struct {
	Requests    int            `json:"requests"`
	ErrorCount  int            `json:"errors_count"`
	ErrorRate   float64        `json:"error_rate"`
	Success     float64        `json:"success"`
	Throughput  float64        `json:"throughput"`
	Latency     LatencySummary `json:"latency"`
	StatusCodes map[string]int `json:"status_codes"`
	Errors      map[string]int `json:"errors"`
	BytesIn     uint64         `json:"bytes_in"`
	BytesOut    uint64         `json:"bytes_out"`
}

// LatencySummary is a latency distribution in milliseconds.
type LatencySummary struct {
	MinMS  float64 `json:"min_ms"`
	MeanMS float64 `json:"mean_ms"`
	P50MS  float64 `json:"p50_ms"`
	P90MS  float64 `json:"p90_ms"`
	P95MS  float64 `json:"p95_ms"`
	P99MS  float64 `json:"p99_ms"`
	MaxMS  float64 `json:"max_ms"`
}

// OperationSummary is one operation of a scenario.
type OperationSummary struct {
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Route     string `json:"route"`
	MetricsSummary
	Achieved  float64        `json:"achieved_rate"`
	Corrected LatencySummary `json:"corrected_latency"`
}

// ThresholdResult is one threshold's verdict on one scenario.
type ThresholdResult struct {
	Expr     string `json:"expr"`
	Scope    string `json:"scope"`
	Observed string `json:"observed"`
	Verdict  string `json:"verdict"`
}

// InvariantResult is one invariant's verdict.
type InvariantResult struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Verdict     string `json:"verdict"`
	Detail      string `json:"detail,omitempty"`
}

func latencySummary(l *Latencies) LatencySummary {
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	return LatencySummary{
		MinMS: ms(l.Min), MeanMS: ms(l.Mean), P50MS: ms(l.Quantile(0.5)), P90MS: ms(l.Quantile(0.9)),
		P95MS: ms(l.Quantile(0.95)), P99MS: ms(l.Quantile(0.99)), MaxMS: ms(l.Max),
	}
}

func metricsSummary(m *Measure) MetricsSummary {
	codes := m.StatusCodes
	if codes == nil {
		codes = map[string]int{}
	}
	errs := m.ErrorCounts
	if errs == nil {
		errs = map[string]int{}
	}
	return MetricsSummary{
		Requests: m.Requests, ErrorCount: m.Errors, ErrorRate: m.ErrorRate(), Success: 1 - m.ErrorRate(),
		Throughput: m.Throughput, Latency: latencySummary(&m.Latency), StatusCodes: codes, Errors: errs,
		BytesIn: m.BytesIn, BytesOut: m.BytesOut,
	}
}

// Passed reports whether every scenario passed.
func (s *Summary) Passed() bool { return s.Verdict == VerdictPass }

func (s *Summary) judge() {
	s.Verdict = VerdictPass
	for _, sc := range s.Scenarios {
		if sc.Verdict != VerdictPass {
			s.Verdict = VerdictFail
		}
	}
}

// WriteFile writes s as dir/summary.json.
func (s *Summary) WriteFile(dir string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, SummaryFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// ReadSummary reads dir/summary.json.
func ReadSummary(dir string) (*Summary, error) {
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return nil, err
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, SummaryFile), err)
	}
	return &s, nil
}

// File names in an output directory.
const (
	SummaryFile = "summary.json"
	TableFile   = "summary.txt"
	ResultExt   = ".bin"
)

// WriteTable writes the text table of s: one line per scenario and per
// operation, then the thresholds and invariants that did not hold.
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "scenario / operation\trequests\trate/s\tof asked\terrors\tp50\tp90\tp95\tp99\tmax\tp99 corr.\tverdict\t\n")
	for _, sc := range s.Scenarios {
		// At maximum rate nothing was asked and nothing was due: no share
		// of a rate, no corrected latency (the line below the table says so).
		asked, corr := fmt.Sprintf("%.0f%%", sc.RateRatio*100), ms(sc.Corrected.P99MS)
		if sc.BelowRate {
			asked += " !"
		}
		if sc.Workers > 0 {
			asked, corr = "max", "–"
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%.2f%%\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", sc.Name, sc.Metrics.Requests,
			sc.Achieved, asked, sc.Metrics.ErrorRate*100, ms(sc.Metrics.Latency.P50MS), ms(sc.Metrics.Latency.P90MS),
			ms(sc.Metrics.Latency.P95MS), ms(sc.Metrics.Latency.P99MS), ms(sc.Metrics.Latency.MaxMS), corr, strings.ToUpper(sc.Verdict))
		for _, op := range sc.Operations {
			corr := ms(op.Corrected.P99MS)
			if sc.Workers > 0 {
				corr = "–"
			}
			fmt.Fprintf(tw, "  %s %s\t%d\t%.1f\t\t%.2f%%\t%s\t%s\t%s\t%s\t%s\t%s\t\t\n", op.Method, op.Route, op.Requests, op.Achieved,
				op.ErrorRate*100, ms(op.Latency.P50MS), ms(op.Latency.P90MS), ms(op.Latency.P95MS), ms(op.Latency.P99MS),
				ms(op.Latency.MaxMS), corr)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, sc := range s.Scenarios {
		if sc.SkipReason != "" {
			fmt.Fprintf(w, "%s: ERROR %s\n", sc.Name, sc.SkipReason)
		}
		if sc.BelowRate {
			fmt.Fprintf(w, "%s: achieved %.1f/s of the %.1f/s asked (%.0f%%): the generator or the target fell behind\n", sc.Name, sc.Achieved, sc.Rate, sc.RateRatio*100)
		}
		if sc.Workers > 0 {
			fmt.Fprintf(w, "%s: maximum rate with %s (closed model): achieved %.1f/s; nothing was scheduled, so corrected latency is the measured latency\n",
				sc.Name, workersText(sc.Workers), sc.Achieved)
		}
		for _, t := range sc.Thresholds {
			scope := ""
			if t.Scope != "" {
				scope = " [" + t.Scope + "]"
			}
			fmt.Fprintf(w, "%s: threshold %s%s: %s (observed %s)\n", sc.Name, t.Expr, scope, strings.ToUpper(t.Verdict), t.Observed)
		}
		for _, inv := range sc.Invariants {
			line := fmt.Sprintf("%s: invariant %s: %s", sc.Name, inv.Name, strings.ToUpper(inv.Verdict))
			if inv.Detail != "" {
				line += ": " + inv.Detail
			}
			fmt.Fprintln(w, line)
		}
		if len(sc.Facts) > 0 {
			names := make([]string, 0, len(sc.Facts))
			for k := range sc.Facts {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				fmt.Fprintf(w, "%s: %s = %s\n", sc.Name, k, sc.Facts[k])
			}
		}
	}
	_, err := fmt.Fprintf(w, "verdict: %s\n", strings.ToUpper(s.Verdict))
	return err
}

func ms(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%.2fs", v/1000)
	case v >= 1:
		return fmt.Sprintf("%.1fms", v)
	}
	return fmt.Sprintf("%.0fµs", v*1000)
}
