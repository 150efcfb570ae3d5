package scenarios

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Latencies is a latency distribution: exact min, mean and max, and
// t-digest quantiles (vegeta's estimator).
type Latencies struct {
	Min, Mean, Max time.Duration
	digest         vegeta.LatencyMetrics
	n              int
}

// Add records one latency.
func (l *Latencies) Add(d time.Duration) {
	l.digest.Add(d)
	l.n++
	l.Min, l.Max = l.digest.Min, l.digest.Max
	l.Mean = time.Duration(float64(l.digest.Total) / float64(l.n))
}

// Quantile returns the q-th quantile, 0 ≤ q ≤ 1; 0 when nothing was recorded.
func (l *Latencies) Quantile(q float64) time.Duration {
	if l.n == 0 {
		return 0
	}
	return l.digest.Quantile(q)
}

// Count is the number of latencies recorded.
func (l *Latencies) Count() int { return l.n }

// Measure is what was measured of a scenario or of one of its operations.
type Measure struct {
	Requests    int
	Errors      int // transport errors, timeouts and statuses the scenario does not expect
	Requested   float64
	Achieved    float64 // requests per second
	RateRatio   float64 // achieved share of the requested rate; 0 where no rate was requested (maximum rate)
	Throughput  float64 // non-error responses per second, waiting time included
	Latency     Latencies
	Corrected   Latencies      // from each hit's intended send time
	StatusCodes map[string]int // filled in from codes when the attack is over
	ErrorCounts map[string]int
	BytesIn     uint64
	BytesOut    uint64
	Earliest    time.Time
	Latest      time.Time
	End         time.Time

	codes []codeCount // while it runs: a few distinct codes, no string per result
}

// codeCount is how many results had one status code.
type codeCount struct{ code, n int }

// ErrorRate is the share of requests that were errors.
func (m *Measure) ErrorRate() float64 {
	if m.Requests == 0 {
		return 0
	}
	return float64(m.Errors) / float64(m.Requests)
}

// BelowRate reports whether less than RateShortfall of the requested rate
// was achieved; never at maximum rate, where none was requested.
func (m *Measure) BelowRate() bool { return m.Requested > 0 && m.RateRatio < RateShortfall }

// RateShortfall is the achieved share of the requested rate below which a
// scenario is flagged: the generator or the target fell behind.
const RateShortfall = 0.95

// maxErrorKinds bounds the distinct error messages a Measure keeps.
const maxErrorKinds = 50

func (m *Measure) add(r *vegeta.Result, corrected time.Duration, isErr bool) {
	if m.ErrorCounts == nil {
		m.ErrorCounts = map[string]int{}
	}
	m.Requests++
	m.countCode(int(r.Code))
	m.BytesIn += r.BytesIn
	m.BytesOut += r.BytesOut
	m.Latency.Add(r.Latency)
	m.Corrected.Add(corrected)
	if m.Earliest.IsZero() || r.Timestamp.Before(m.Earliest) {
		m.Earliest = r.Timestamp
	}
	if r.Timestamp.After(m.Latest) {
		m.Latest = r.Timestamp
	}
	if end := r.End(); end.After(m.End) {
		m.End = end
	}
	if isErr {
		m.Errors++
		msg := errorMessage(r)
		if _, ok := m.ErrorCounts[msg]; ok || len(m.ErrorCounts) < maxErrorKinds {
			m.ErrorCounts[msg]++
		} else {
			m.ErrorCounts["(other errors)"]++
		}
	}
}

func (m *Measure) countCode(code int) {
	for i := range m.codes {
		if m.codes[i].code == code {
			m.codes[i].n++
			return
		}
	}
	m.codes = append(m.codes, codeCount{code, 1})
}

// sealCodes writes the counts of the status codes into StatusCodes.
func (m *Measure) sealCodes() {
	if m.StatusCodes == nil {
		m.StatusCodes = make(map[string]int, len(m.codes))
	}
	for _, c := range m.codes {
		m.StatusCodes[strconv.Itoa(c.code)] += c.n
	}
	m.codes = nil
}

func errorMessage(r *vegeta.Result) string {
	if r.Code == 0 && r.Error != "" {
		return r.Error
	}
	if r.Error != "" {
		return "unexpected status " + r.Error
	}
	return fmt.Sprintf("unexpected status %d", r.Code)
}

// Expectation says which status codes of an operation are expected
// answers in a scenario; any other code, and every transport error, is an error.
type Expectation func(op Operation, code int) bool

// Expect2xx expects every operation to succeed.
func Expect2xx(_ Operation, code int) bool { return code >= 200 && code < 300 }

// collector measures one attack, per operation and in total.
type collector struct {
	scenario string
	base     string
	start    time.Time
	sched    Schedule
	expected Expectation
	total    Measure
	ops      map[string]*Measure
	opInfo   map[string]Operation
	requests atomic.Int64
	errors   atomic.Int64
	prom     *promMetrics
	// routes remembers the operation of each URL path seen, so that a
	// result costs a map lookup rather than parsing its URL again.
	routes map[string]Operation
}

// maxRoutes bounds the paths a collector remembers: a scenario that sends
// a path of its own per request (a delete per call) parses the rest.
const maxRoutes = 4096

// operationOf is OperationOf(method, rawURL, c.base), remembered by the
// URL without its query.
func (c *collector) operationOf(method, rawURL string) Operation {
	path, _, _ := strings.Cut(rawURL, "?")
	if op, ok := c.routes[path]; ok && op.Method == method {
		return op
	}
	op := OperationOf(method, rawURL, c.base)
	if len(c.routes) < maxRoutes {
		c.routes[path] = op
	}
	return op
}

func newCollector(scenario, base string, start time.Time, sched Schedule, expected Expectation, prom *promMetrics) *collector {
	if expected == nil {
		expected = Expect2xx
	}
	return &collector{scenario: scenario, base: base, start: start, sched: sched, expected: expected,
		ops: map[string]*Measure{}, opInfo: map[string]Operation{}, prom: prom, routes: map[string]Operation{}}
}

// correctedLatency is the time from when hit r was due to when its answer
// was in: the latency a user would have seen had the generator not fallen
// behind (coordinated omission). It is never less than the measured latency,
// and it is the measured latency at maximum rate, where nothing is due.
func correctedLatency(r *vegeta.Result, start time.Time, sched Schedule) time.Duration {
	if _, ok := isMaxRate(sched); ok {
		return r.Latency
	}
	intended := start.Add(sched.Intended(r.Seq))
	if d := r.End().Sub(intended); d > r.Latency {
		return d
	}
	return r.Latency
}

// add measures r and returns its operation.
func (c *collector) add(r *vegeta.Result) Operation { return c.addAt(r, c.start, c.sched) }

// addAt measures r of an attack that started at start on sched.
func (c *collector) addAt(r *vegeta.Result, start time.Time, sched Schedule) Operation {
	op := c.operationOf(r.Method, r.URL)
	isErr := r.Code == 0 || !c.expected(op, int(r.Code))
	corr := correctedLatency(r, start, sched)
	c.total.add(r, corr, isErr)
	m := c.ops[op.ID]
	if m == nil {
		m = &Measure{}
		c.ops[op.ID], c.opInfo[op.ID] = m, op
	}
	m.add(r, corr, isErr)
	c.requests.Add(1)
	if isErr {
		c.errors.Add(1)
	}
	if c.prom != nil {
		c.prom.observe(c.scenario, op, r, isErr)
	}
	return op
}

// OpMeasure is the measure of one operation.
type OpMeasure struct {
	Operation Operation
	Measure
}

// finish computes the rates and returns the total and per-operation measures.
func (c *collector) finish() (Measure, []OpMeasure) {
	window := c.window()
	finishRates(&c.total, c.sched, c.start, window, true)
	ops := make([]OpMeasure, 0, len(c.ops))
	for id, m := range c.ops {
		finishRates(m, c.sched, c.start, window, false)
		ops = append(ops, OpMeasure{Operation: c.opInfo[id], Measure: *m})
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].Operation.ID < ops[j].Operation.ID })
	return c.total, ops
}

// window is how long the attack sent for: from the start to the last send
// plus one interval of the schedule at that point, or, without a rate (at
// maximum rate), the mean interval between the sends.
func (c *collector) window() time.Duration {
	n := c.total.Requests
	if n == 0 {
		return 0
	}
	last := c.total.Latest.Sub(c.start)
	if last < 0 {
		last = 0
	}
	if r := c.sched.Rate(last); r > 0 {
		return last + seconds(1/r)
	}
	if n > 1 {
		return last + last/time.Duration(n-1)
	}
	return last
}

func finishRates(m *Measure, sched Schedule, start time.Time, window time.Duration, requested bool) {
	m.sealCodes()
	if m.Requests == 0 || window <= 0 {
		return
	}
	secs := window.Seconds()
	m.Achieved = float64(m.Requests) / secs
	ok := m.Requests - m.Errors
	if span := m.End.Sub(start).Seconds(); span > 0 {
		m.Throughput = float64(ok) / span
	}
	if requested {
		due := sched.Hits(window)
		m.Requested = due / secs
		if due > 0 {
			m.RateRatio = float64(m.Requests) / due
		}
	}
}
