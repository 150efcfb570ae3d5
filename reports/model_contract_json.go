package reports

import (
	"sort"
	"time"
)

// contractFile is contract.json as the contract suite writes it. Only this
// file knows that layout; the rest of the package reads Contract.
type contractFile struct {
	Target     string          `json:"target"`
	Profile    string          `json:"profile"`
	Seed       int64           `json:"seed"`
	StartedAt  time.Time       `json:"started_at"`
	DurationMS float64         `json:"duration_ms"`
	Error      string          `json:"error"`
	Checks     []contractCheck `json:"checks"`
	Coverage   struct {
		Operations      []coverageOp `json:"operations"`
		ReachedPastAuth int          `json:"reached_past_auth"`
		OperationsTotal int          `json:"operations_total"`
	} `json:"coverage"`
}

type contractCheck struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Operation  string            `json:"operation"`
	Rule       string            `json:"rule"`
	Source     string            `json:"source"`
	Verdict    string            `json:"verdict"`
	DurationMS float64           `json:"duration_ms"`
	Message    string            `json:"message"`
	Failures   []contractFailure `json:"failures"`
}

type contractFailure struct {
	Message  string `json:"message"`
	Request  string `json:"request"`
	Status   int    `json:"status"`
	Response string `json:"response"`
	Curl     string `json:"curl"`
	Seed     int64  `json:"seed"`
}

type coverageOp struct {
	Operation string `json:"operation"`
	Codes     []struct {
		Status int      `json:"status"`
		State  string   `json:"state"`
		Checks []string `json:"checks"`
	} `json:"codes"`
}

func (f contractFile) model() *Contract {
	c := &Contract{
		Target: f.Target, Profile: f.Profile, Seed: f.Seed, Started: f.StartedAt,
		Duration: millis(f.DurationMS), Error: f.Error,
		ReachedPastAuth: f.Coverage.ReachedPastAuth, Operations: f.Coverage.OperationsTotal,
	}
	for _, ch := range f.Checks {
		m := Check{
			ID: ch.ID, Title: ch.Title, Operation: ch.Operation, Rule: ch.Rule, Source: ch.Source,
			Verdict: verdictOf(ch.Verdict), Duration: millis(ch.DurationMS), Message: ch.Message,
		}
		for _, fl := range ch.Failures {
			m.Failures = append(m.Failures, Failure(fl))
		}
		c.Checks = append(c.Checks, m)
	}
	c.Coverage = coverageOf(f.Coverage.Operations)
	return c
}

// coverageOf lays the per-operation codes out as a matrix whose columns are
// every status code any operation documents.
func coverageOf(ops []coverageOp) Coverage {
	set := map[int]bool{}
	for _, op := range ops {
		for _, c := range op.Codes {
			set[c.Status] = true
		}
	}
	var cov Coverage
	for s := range set {
		cov.Statuses = append(cov.Statuses, s)
	}
	sort.Ints(cov.Statuses)
	for _, op := range ops {
		row := CoverageRow{Operation: op.Operation, Cells: make([]CoverageCell, len(cov.Statuses))}
		for i, s := range cov.Statuses {
			row.Cells[i] = CoverageCell{Status: s, State: Undocumented}
		}
		for _, c := range op.Codes {
			i := sort.SearchInts(cov.Statuses, c.Status)
			row.Cells[i] = CoverageCell{Status: c.Status, State: cellStateOf(c.State), Checks: c.Checks}
		}
		cov.Rows = append(cov.Rows, row)
	}
	return cov
}

func cellStateOf(s string) CellState {
	switch s {
	case "provoked", "covered", "pass":
		return Provoked
	case "failed", "fail":
		return CellFailed
	default:
		return NotProvoked
	}
}

// verdictOf reads a verdict as the runners spell it.
func verdictOf(s string) Verdict {
	switch s {
	case "pass", "passed", "PASS", "ok":
		return Pass
	case "fail", "failed", "FAIL":
		return Fail
	case "warn", "warning", "WARN":
		return Warn
	case "skip", "skipped", "SKIP":
		return Skip
	default:
		return Error
	}
}

func millis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
