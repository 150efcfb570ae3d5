package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// contractFile is contract.json as the contract suite writes it (see
// contract.Result for the layout). Only this file knows that layout; the
// rest of the package reads Contract.
type contractFile struct {
	Target     string          `json:"target"`
	Profile    string          `json:"profile"`
	Seed       int64           `json:"seed"`
	Started    time.Time       `json:"started"`
	DurationMS float64         `json:"duration_ms"`
	Error      string          `json:"error"`
	Checks     []contractCheck `json:"checks"`
	Coverage   struct {
		Statuses   []int `json:"statuses"`
		Operations []struct {
			Operation string `json:"operation"`
			Cells     []struct {
				Status     int      `json:"status"`
				Documented bool     `json:"documented"`
				Provoked   bool     `json:"provoked"`
				Checks     []string `json:"checks"`
			} `json:"cells"`
		} `json:"operations"`
		Undocumented []struct {
			Operation string   `json:"operation"`
			Status    int      `json:"status"`
			Checks    []string `json:"checks"`
		} `json:"undocumented"`
		OperationsExercised int `json:"operations_exercised"`
		OperationsPastAuth  int `json:"operations_past_auth"`
		Responses           int `json:"responses"`
		Responses5xx        int `json:"responses_5xx"`
		Violations          int `json:"violations"`
	} `json:"coverage"`
}

type contractRule struct {
	Tag    string `json:"tag"`
	Source string `json:"source"`
}

type contractCheck struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Operation  string            `json:"operation"`
	Rule       contractRule      `json:"rule"`
	Verdict    string            `json:"verdict"`
	DurationMS float64           `json:"duration_ms"`
	Message    string            `json:"message"`
	Exchanges  int               `json:"exchanges"`
	Failures   []contractFailure `json:"failures"`
}

type contractFailure struct {
	Message  string       `json:"message"`
	Rule     contractRule `json:"rule"`
	Seed     int64        `json:"seed"`
	Input    string       `json:"input"`
	Exchange *struct {
		Method          string `json:"method"`
		URL             string `json:"url"`
		RequestBody     string `json:"request_body"`
		Status          int    `json:"status"`
		ContentType     string `json:"content_type"`
		ResponseExcerpt string `json:"response_excerpt"`
		Curl            string `json:"curl"`
	} `json:"exchange"`
}

func (f contractFile) model() *Contract {
	cov := f.Coverage
	c := &Contract{
		Target: f.Target, Profile: f.Profile, Seed: f.Seed, Started: f.Started,
		Duration: millis(f.DurationMS), Error: f.Error,
		ReachedPastAuth: cov.OperationsPastAuth, Operations: cov.OperationsExercised,
		Responses: cov.Responses, Responses5xx: cov.Responses5xx, Violations: cov.Violations,
	}
	failed := map[string]bool{}
	for _, ch := range f.Checks {
		m := Check{
			ID: ch.ID, Title: ch.Title, Operation: ch.Operation, Rule: ch.Rule.Source, Source: ch.Rule.Tag,
			Verdict: verdictOf(ch.Verdict), Duration: millis(ch.DurationMS), Message: ch.Message, Exchanges: ch.Exchanges,
		}
		for _, fl := range ch.Failures {
			f := failureOf(fl)
			if fl.Rule.Source == ch.Rule.Source {
				f.Rule = "" // the check's own rule, shown once above
			}
			m.Failures = append(m.Failures, f)
		}
		if m.Verdict.Failed() {
			failed[m.ID] = true
		}
		c.Checks = append(c.Checks, m)
	}
	c.Coverage.Statuses = append([]int(nil), cov.Statuses...)
	sort.Ints(c.Coverage.Statuses)
	for _, op := range cov.Operations {
		row := CoverageRow{Operation: op.Operation, Cells: make([]CoverageCell, len(c.Coverage.Statuses))}
		for i, s := range c.Coverage.Statuses {
			row.Cells[i] = CoverageCell{Status: s, State: Undocumented}
		}
		for _, cell := range op.Cells {
			i := sort.SearchInts(c.Coverage.Statuses, cell.Status)
			if i == len(c.Coverage.Statuses) || c.Coverage.Statuses[i] != cell.Status || !cell.Documented {
				continue
			}
			state := NotProvoked
			if cell.Provoked {
				state = Provoked
				for _, id := range cell.Checks {
					if failed[id] {
						state = CellFailed
					}
				}
			}
			row.Cells[i] = CoverageCell{Status: cell.Status, State: state, Checks: cell.Checks}
		}
		c.Coverage.Rows = append(c.Coverage.Rows, row)
	}
	for _, u := range cov.Undocumented {
		c.Coverage.Undocumented = append(c.Coverage.Undocumented, UndocumentedHit{Operation: u.Operation, Status: u.Status, Checks: u.Checks})
	}
	return c
}

// failureOf lays one failure out as the page shows it: the request as sent,
// the response excerpt, the curl command.
func failureOf(fl contractFailure) Failure {
	out := Failure{Message: fl.Message, Seed: fl.Seed, Input: fl.Input}
	if fl.Rule.Source != "" {
		out.Rule = fl.Rule.Source
		if fl.Rule.Tag != "" {
			out.Rule = fl.Rule.Tag + ": " + fl.Rule.Source
		}
	}
	if ex := fl.Exchange; ex != nil {
		out.Request = ex.Method + " " + ex.URL
		if ex.RequestBody != "" {
			out.Request += "\n\n" + ex.RequestBody
		}
		out.Status = ex.Status
		out.Response = ex.ResponseExcerpt
		if ex.ContentType != "" {
			out.Response = fmt.Sprintf("content-type: %s\n\n%s", ex.ContentType, ex.ResponseExcerpt)
		}
		out.Curl = ex.Curl
	}
	return out
}

// verdictOf reads a verdict as the runners spell it.
func verdictOf(s string) Verdict {
	switch strings.ToLower(s) {
	case "pass", "passed", "ok":
		return Pass
	case "fail", "failed":
		return Fail
	case "warn", "warning":
		return Warn
	case "skip", "skipped":
		return Skip
	default:
		return Error
	}
}

func millis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
