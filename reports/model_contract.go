package reports

import "time"

// Contract is the contract suite's part of a run, read from contract.json.
type Contract struct {
	Target   string
	Profile  string
	Seed     int64
	Started  time.Time
	Duration time.Duration
	Checks   []Check
	Coverage Coverage
	// Error is why the suite could not run at all, e.g. an unreachable target.
	Error string
	// ReachedPastAuth is how many operations answered something other than
	// 401 or 403 at least once, out of Operations; a run that never got past
	// authentication must not look green.
	ReachedPastAuth int
	Operations      int
	// Responses is how many responses the suite judged, Responses5xx how
	// many of them were server errors and Violations how many broke the spec.
	Responses, Responses5xx, Violations int
}

// Check is one contract check and its verdict.
type Check struct {
	ID        string
	Title     string
	Operation string
	Rule      string // the sentence of the documentation or the DEC rule it verifies
	Source    string // DOC or DEC-n
	Verdict   Verdict
	Duration  time.Duration
	Message   string // the reason of a skip or a warning, the summary of a failure
	Exchanges int    // requests the check sent
	Failures  []Failure
}

// Failure is one way a check failed, with what it takes to reproduce it.
type Failure struct {
	Message  string
	Rule     string // the rule this failure breaks, when it is not the check's own
	Request  string // method, URL and body as sent
	Status   int
	Response string // an excerpt of the response, headers and body
	Curl     string
	Seed     int64  // for generated inputs: the seed that reproduces it
	Input    string // for generated inputs: the shrunk input that still fails
}

// Coverage is the spec-coverage matrix: for each operation and each
// documented status code, whether the run provoked it.
type Coverage struct {
	Statuses []int // the columns, ascending
	Rows     []CoverageRow
	// Undocumented are statuses an operation answered that openapi.yaml
	// does not document for it.
	Undocumented []UndocumentedHit
}

// UndocumentedHit is one undocumented status an operation answered.
type UndocumentedHit struct {
	Operation string
	Status    int
	Checks    []string
}

// CoverageRow is one operation of the coverage matrix.
type CoverageRow struct {
	Operation string
	Cells     []CoverageCell // one per column of Coverage.Statuses
}

// CoverageCell is one operation × status code.
type CoverageCell struct {
	Status int
	State  CellState
	Checks []string // ids of the checks that provoked it
}

// CellState is what the run did with one documented status code.
type CellState string

// The states of a coverage cell.
const (
	Provoked     CellState = "provoked"
	NotProvoked  CellState = "not-provoked"
	CellFailed   CellState = "failed"
	Undocumented CellState = "" // the operation does not document this code
)

// Provoked counts the documented cells the run provoked, and all documented cells.
func (c Coverage) Provoked() (provoked, documented int) {
	for _, r := range c.Rows {
		for _, cell := range r.Cells {
			if cell.State == Undocumented {
				continue
			}
			documented++
			if cell.State != NotProvoked {
				provoked++
			}
		}
	}
	return provoked, documented
}
