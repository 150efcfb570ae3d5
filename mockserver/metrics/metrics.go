// Package metrics exposes the mock's Prometheus metrics: requests and their
// latency by route template, and, read from the campaign domain at scrape
// time, campaigns and calls by status, dialer attempts by outcome and calls
// in progress. Everything is registered on a registry the caller owns.
package metrics

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "callharness_mock"

// RouteUnmatched labels requests whose route is not a known template, so a
// raw URL never becomes a label.
const RouteUnmatched = "unmatched"

// MethodOther labels requests of a method outside the standard set.
const MethodOther = "OTHER"

// DurationBuckets are the request latency buckets, in seconds: 0.5 ms to 10 s.
var DurationBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// StatsFunc reads a snapshot of the domain; (*campaign.Service).Stats is one.
type StatsFunc func() campaign.Stats

// Option configures Metrics.
type Option func(*Metrics)

// WithRoutes adds route templates that may label requests, beyond the six
// documented operations (for example "/healthz").
func WithRoutes(routes ...string) Option {
	return func(m *Metrics) {
		for _, r := range routes {
			m.routes[r] = true
		}
	}
}

// Metrics are the mock's metrics. ObserveRequest is safe for concurrent use.
type Metrics struct {
	reg      *prometheus.Registry
	routes   map[string]bool
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the mock's metrics, the domain collector (when stats is not
// nil) and the Go and process collectors on reg.
func New(reg *prometheus.Registry, stats StatsFunc, opts ...Option) (*Metrics, error) {
	m := &Metrics{
		reg: reg,
		routes: map[string]bool{
			api.RouteCreateCampaign: true, api.RouteAppendCalls: true, api.RouteListCalls: true,
			api.RouteDeleteCall: true, api.RouteDeleteByPhone: true, api.RouteDetails: true,
			RouteUnmatched: true,
		},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests served by the mock, by method, route template and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time the mock took to answer, by method and route template.",
			Buckets: DurationBuckets,
		}, []string{"method", "route"}),
	}
	for _, o := range opts {
		o(m)
	}
	cs := []prometheus.Collector{m.requests, m.duration}
	if stats != nil {
		cs = append(cs, newDomainCollector(stats))
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		// The caller may have registered these itself; that is fine.
		if err := reg.Register(c); err != nil && !errors.As(err, new(prometheus.AlreadyRegisteredError)) {
			return nil, err
		}
	}
	return m, nil
}

var methods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// ObserveRequest counts one served request. route must be a route
// template; anything else is labelled "unmatched". A status of 0 means the
// connection was dropped without an answer.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	if !m.routes[route] {
		route = RouteUnmatched
	}
	if !methods[method] {
		method = MethodOther
	}
	if status < 100 || status > 599 {
		status = 0
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

// Handler serves the registry in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
