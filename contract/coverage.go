package contract

import (
	"sort"
	"sync"

	"github.com/callharness/callharness/api"
)

// Operations are the six documented operations, in the documentation's order.
var Operations = []string{api.OpCreateCampaign, api.OpAppendCalls, api.OpListCalls, api.OpDeleteCall, api.OpDeleteByPhone, api.OpDetails}

// Coverage is the spec-coverage matrix of a run: for each operation and each
// status code openapi.yaml documents for it, whether the run provoked it,
// and by which checks; plus how far past authentication the run got.
type Coverage struct {
	Statuses     []int             `json:"statuses"`
	Operations   []CoverageRow     `json:"operations"`
	Documented   int               `json:"documented"`
	Provoked     int               `json:"provoked"`
	Undocumented []UndocumentedHit `json:"undocumented,omitempty"`
	// OperationsExercised counts the operations the run sent anything to;
	// OperationsPastAuth those that answered something other than 401 or
	// 403 at least once. A run that never got past authentication is red.
	OperationsExercised int      `json:"operations_exercised"`
	OperationsPastAuth  int      `json:"operations_past_auth"`
	PastAuth            []string `json:"past_auth"`
	Responses           int      `json:"responses"`
	Responses5xx        int      `json:"responses_5xx"`
	// Violations counts the responses that broke openapi.yaml; DocViolations
	// those that broke its documented parts (the rest break DEC parts only).
	Violations    int `json:"violations"`
	DocViolations int `json:"doc_violations"`
}

// CoverageRow is one operation of the matrix.
type CoverageRow struct {
	Operation string         `json:"operation"`
	Cells     []CoverageCell `json:"cells"`
}

// CoverageCell is one operation × status code of the matrix.
type CoverageCell struct {
	Status     int      `json:"status"`
	Documented bool     `json:"documented"`
	Provoked   bool     `json:"provoked"`
	Checks     []string `json:"checks,omitempty"`
}

// UndocumentedHit is a status an operation answered that openapi.yaml does not document for it.
type UndocumentedHit struct {
	Operation string   `json:"operation"`
	Status    int      `json:"status"`
	Checks    []string `json:"checks"`
}

// coverage counts, during a run, which operation answered which status to which check.
type coverage struct {
	mu         sync.Mutex
	documented map[string][]int
	hits       map[string]map[int][]string
	responses  int
	fivexx     int
	violations int
	docViol    int
}

func newCoverage(c *conformance) *coverage {
	cov := &coverage{documented: map[string][]int{}, hits: map[string]map[int][]string{}}
	for _, op := range Operations {
		cov.documented[op] = c.documented(op)
	}
	return cov
}

func (c *coverage) record(op string, status int, check string, vs []violation) {
	if op == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.responses++
	if status >= 500 {
		c.fivexx++
	}
	if len(vs) > 0 {
		c.violations++
	}
	for _, v := range vs {
		if v.Rule.Documented() {
			c.docViol++
			break
		}
	}
	if c.hits[op] == nil {
		c.hits[op] = map[int][]string{}
	}
	ids := c.hits[op][status]
	if len(ids) == 0 || ids[len(ids)-1] != check {
		c.hits[op][status] = append(ids, check)
	}
}

// pastAuth lists the operations that answered something other than 401 or 403.
func (c *coverage) pastAuth() (exercised int, past []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, op := range Operations {
		if len(c.hits[op]) == 0 {
			continue
		}
		exercised++
		for status := range c.hits[op] {
			if status != 401 && status != 403 {
				past = append(past, op)
				break
			}
		}
	}
	return exercised, past
}

// snapshot builds the matrix.
func (c *coverage) snapshot() Coverage {
	exercised, past := c.pastAuth()
	c.mu.Lock()
	defer c.mu.Unlock()
	cols := map[int]bool{}
	for _, op := range Operations {
		for _, s := range c.documented[op] {
			cols[s] = true
		}
	}
	out := Coverage{OperationsExercised: exercised, OperationsPastAuth: len(past), PastAuth: past,
		Responses: c.responses, Responses5xx: c.fivexx, Violations: c.violations, DocViolations: c.docViol}
	for s := range cols {
		out.Statuses = append(out.Statuses, s)
	}
	sort.Ints(out.Statuses)
	for _, op := range Operations {
		row := CoverageRow{Operation: op}
		doc := map[int]bool{}
		for _, s := range c.documented[op] {
			doc[s] = true
		}
		for _, s := range out.Statuses {
			ids := c.hits[op][s]
			cell := CoverageCell{Status: s, Documented: doc[s], Provoked: len(ids) > 0, Checks: append([]string(nil), ids...)}
			if cell.Documented {
				out.Documented++
				if cell.Provoked {
					out.Provoked++
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		out.Operations = append(out.Operations, row)
		var odd []int
		for s := range c.hits[op] {
			if !doc[s] {
				odd = append(odd, s)
			}
		}
		sort.Ints(odd)
		for _, s := range odd {
			out.Undocumented = append(out.Undocumented, UndocumentedHit{Operation: op, Status: s, Checks: append([]string(nil), c.hits[op][s]...)})
		}
	}
	return out
}

func (c *coverage) exercised(op string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.hits[op]) > 0
}

func (c *coverage) count5xx() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fivexx
}
