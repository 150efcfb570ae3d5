package scenarios

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// promMetrics are the Prometheus metrics of a run, labelled by scenario and
// operation (route templates, never raw URLs).
type promMetrics struct {
	requests  *prometheus.CounterVec
	errors    *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	rate      *prometheus.GaugeVec
	workers   *prometheus.GaugeVec
	invariant *prometheus.GaugeVec
}

// NewPromMetrics declares the run's metrics on reg, which the caller owns
// and serves (promhttp.HandlerFor). Pass the result in Options.Metrics.
func NewPromMetrics(reg prometheus.Registerer) (*promMetrics, error) {
	m := &promMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "callharness_load_requests_total", Help: "Requests sent by the load scenarios, by answer code (0: transport error).",
		}, []string{"scenario", "operation", "route", "code"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "callharness_load_errors_total", Help: "Requests that failed: transport errors, timeouts and statuses the scenario does not expect.",
		}, []string{"scenario", "operation", "route"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "callharness_load_request_duration_seconds", Help: "Latency of the load scenarios' requests.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"scenario", "operation", "route"}),
		rate: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "callharness_load_requested_rate", Help: "Requested request rate of the running scenario, per second, on this shard; absent at maximum rate, which requests none.",
		}, []string{"scenario"}),
		workers: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "callharness_load_max_rate_workers", Help: "Workers of the running maximum-rate (--rate 0, closed model) scenario on this shard; its achieved rate is rate(callharness_load_requests_total).",
		}, []string{"scenario"}),
		invariant: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "callharness_load_invariant_held", Help: "1 when a scenario's invariant held after its attack, 0 when it did not.",
		}, []string{"scenario", "invariant"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.errors, m.latency, m.rate, m.workers, m.invariant} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *promMetrics) observe(scenario string, op Operation, r *vegeta.Result, isErr bool) {
	m.requests.WithLabelValues(scenario, op.ID, op.Route, strconv.Itoa(int(r.Code))).Inc()
	if isErr {
		m.errors.WithLabelValues(scenario, op.ID, op.Route).Inc()
	}
	m.latency.WithLabelValues(scenario, op.ID, op.Route).Observe(r.Latency.Seconds())
}

// setPace sets how the running scenario is paced: its requested rate, or
// at maximum rate (workers > 0) its workers, the requested rate staying
// absent since none was asked.
func (m *promMetrics) setPace(scenario string, rate float64, workers uint64) {
	if m == nil {
		return
	}
	if workers > 0 {
		m.workers.WithLabelValues(scenario).Set(float64(workers))
		return
	}
	m.rate.WithLabelValues(scenario).Set(rate)
}

// endPace sets the gauge setPace set to 0 once the scenario's attack is over.
func (m *promMetrics) endPace(scenario string, workers uint64) {
	if m == nil {
		return
	}
	if workers > 0 {
		m.workers.WithLabelValues(scenario).Set(0)
		return
	}
	m.rate.WithLabelValues(scenario).Set(0)
}

func (m *promMetrics) setInvariant(scenario, id string, held bool) {
	if m == nil {
		return
	}
	v := 0.0
	if held {
		v = 1
	}
	m.invariant.WithLabelValues(scenario, id).Set(v)
}
