package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Threshold is one k6-style pass/fail criterion on a measurement, such as
// "p99<250ms", "errors<0.1%", "rate>=95%" or "create-storm:p99<200ms".
//
// Grammar: [SCENARIO[/OPERATION]:]METRIC CMP VALUE, where SCENARIO may be
// "*" (every scenario), OPERATION is an operation id such as createCampaign,
// CMP is one of < <= > >= == !=, and METRIC is one of
//
//	p50 p90 p95 p99 pN p(N) min mean avg med max   latency, VALUE a duration (ms if bare)
//	corrected_pN corrected_max …                    latency from the intended send time
//	errors success                                  shares, VALUE 0.1% or 0.001
//	rate                                            achieved share of the requested rate
//	rps throughput                                  requests and successes per second
//	requests                                        a count
type Threshold struct {
	Expr      string
	Scenario  string // "" or "*" for every scenario
	Operation string // "" for the whole scenario
	Metric    string // normalised: p99, corrected_p99, mean, errors, rate …
	Cmp       string
	Value     float64 // seconds for latencies, a ratio for shares
}

var comparators = []string{"<=", ">=", "==", "!=", "<", ">"}

// ParseThreshold reads one --threshold expression.
func ParseThreshold(expr string) (Threshold, error) {
	t := Threshold{Expr: strings.TrimSpace(expr)}
	body := t.Expr
	if i := strings.LastIndex(body, ":"); i >= 0 {
		scope := strings.TrimSpace(body[:i])
		body = body[i+1:]
		sc, op, hasOp := strings.Cut(scope, "/")
		if sc == "" {
			return t, thresholdError(expr, "the scope before ':' is empty; write SCENARIO:, SCENARIO/OPERATION: or */OPERATION:")
		}
		if hasOp {
			if _, ok := operationByID(op); !ok {
				return t, thresholdError(expr, fmt.Sprintf("unknown operation %q; want one of %s", op, operationIDs()))
			}
			t.Operation = op
		}
		if sc != "*" {
			if _, ok := Lookup(sc); !ok {
				return t, thresholdError(expr, fmt.Sprintf("unknown scenario %q; want one of %s", sc, strings.Join(Names(), ", ")))
			}
			t.Scenario = sc
		}
	}
	pos, cmp := -1, ""
	for _, c := range comparators {
		if i := strings.Index(body, c); i >= 0 && (pos < 0 || i < pos || (i == pos && len(c) > len(cmp))) {
			pos, cmp = i, c
		}
	}
	if pos < 0 {
		return t, thresholdError(expr, "no comparison; write METRIC<VALUE, such as p99<250ms (one of < <= > >= == !=)")
	}
	t.Cmp = cmp
	metric := strings.TrimSpace(body[:pos])
	value := strings.TrimSpace(body[pos+len(cmp):])
	m, kind, err := normaliseMetric(metric)
	if err != nil {
		return t, thresholdError(expr, err.Error())
	}
	t.Metric = m
	if value == "" {
		return t, thresholdError(expr, "no value after "+cmp)
	}
	if t.Value, err = parseThresholdValue(kind, value); err != nil {
		return t, thresholdError(expr, err.Error())
	}
	return t, nil
}

func thresholdError(expr, why string) error {
	return fmt.Errorf("threshold %q: %s", expr, why)
}

// Kinds of metric values.
const (
	kindLatency = "latency"
	kindShare   = "share"
	kindNumber  = "number"
)

func normaliseMetric(m string) (string, string, error) {
	name := strings.ToLower(m)
	prefix := ""
	if rest, ok := strings.CutPrefix(name, "corrected_"); ok {
		prefix, name = "corrected_", rest
	}
	switch name {
	case "min", "max", "mean":
		return prefix + name, kindLatency, nil
	case "avg":
		return prefix + "mean", kindLatency, nil
	case "med":
		return prefix + "p50", kindLatency, nil
	}
	if q, ok := strings.CutPrefix(name, "p"); ok {
		q = strings.TrimSuffix(strings.TrimPrefix(q, "("), ")")
		f, err := strconv.ParseFloat(q, 64)
		if err != nil || f <= 0 || f > 100 {
			return "", "", fmt.Errorf("percentile %q: want p50, p99, p99.9 or p(95), between 0 and 100", m)
		}
		return prefix + "p" + strconv.FormatFloat(f, 'f', -1, 64), kindLatency, nil
	}
	if prefix != "" {
		return "", "", fmt.Errorf("metric %q: corrected_ applies to latencies only (corrected_p99, corrected_max …)", m)
	}
	switch name {
	case "errors", "success", "rate":
		return name, kindShare, nil
	case "rps", "throughput", "requests":
		return name, kindNumber, nil
	}
	return "", "", fmt.Errorf("unknown metric %q; want p50 p90 p95 p99 pN min mean max, corrected_pN, errors, success, rate, rps, throughput or requests", m)
}

func parseThresholdValue(kind, v string) (float64, error) {
	switch kind {
	case kindLatency:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			if f < 0 {
				return 0, fmt.Errorf("latency %q must not be negative", v)
			}
			return f / 1000, nil // a bare number is milliseconds, as in k6
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			return 0, fmt.Errorf("latency %q: want a duration such as 250ms, 1.5s or 800us", v)
		}
		if d < 0 {
			return 0, fmt.Errorf("latency %q must not be negative", v)
		}
		return d.Seconds(), nil
	case kindShare:
		pct := strings.HasSuffix(v, "%")
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("share %q: want a percentage such as 0.1%% or a ratio such as 0.001", v)
		}
		if pct {
			f /= 100
		}
		if f < 0 || f > 1 {
			return 0, fmt.Errorf("share %q must lie between 0%% and 100%%", v)
		}
		return f, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("value %q: want a number", v)
	}
	return f, nil
}

// AppliesTo reports whether t judges the given scenario.
func (t Threshold) AppliesTo(scenario string) bool {
	return t.Scenario == "" || t.Scenario == scenario
}

// Holds reports whether observed satisfies t.
func (t Threshold) Holds(observed float64) bool {
	switch t.Cmp {
	case "<":
		return observed < t.Value
	case "<=":
		return observed <= t.Value
	case ">":
		return observed > t.Value
	case ">=":
		return observed >= t.Value
	case "==":
		return observed == t.Value
	}
	return observed != t.Value
}

// Observe picks t's metric out of m and formats it for people.
func (t Threshold) Observe(m Measure) (float64, string) {
	metric, corrected := strings.CutPrefix(t.Metric, "corrected_")
	lat := m.Latency
	if corrected {
		lat = m.Corrected
	}
	switch metric {
	case "errors":
		return m.ErrorRate(), formatShare(m.ErrorRate())
	case "success":
		return 1 - m.ErrorRate(), formatShare(1 - m.ErrorRate())
	case "rate":
		return m.RateRatio, formatShare(m.RateRatio)
	case "rps":
		return m.Achieved, fmt.Sprintf("%.1f/s", m.Achieved)
	case "throughput":
		return m.Throughput, fmt.Sprintf("%.1f/s", m.Throughput)
	case "requests":
		return float64(m.Requests), strconv.Itoa(m.Requests)
	case "min":
		return lat.Min.Seconds(), formatLatency(lat.Min)
	case "max":
		return lat.Max.Seconds(), formatLatency(lat.Max)
	case "mean":
		return lat.Mean.Seconds(), formatLatency(lat.Mean)
	}
	q, _ := strconv.ParseFloat(strings.TrimPrefix(metric, "p"), 64)
	d := lat.Quantile(q / 100)
	return d.Seconds(), formatLatency(d)
}

func formatShare(f float64) string { return fmt.Sprintf("%.2f%%", f*100) }

func formatLatency(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.3fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1fµs", float64(d)/1e3)
}

func operationIDs() string {
	ids := make([]string, len(Operations))
	for i, op := range Operations {
		ids[i] = op.ID
	}
	return strings.Join(ids, ", ")
}
