// Package mockserver is the HTTP transport of the callharness mock: the six
// operations of the Call Campaigns API over the campaign domain, with
// authentication, validation against openapi.yaml, problem+json errors, an
// admin API, metrics and a journal, and the configuration that builds it.
package mockserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/callharness/callharness"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/firm"
	"github.com/callharness/callharness/mockserver/admin"
	"github.com/callharness/callharness/mockserver/fault"
	"github.com/callharness/callharness/mockserver/journal"
	"github.com/callharness/callharness/mockserver/metrics"
	"github.com/callharness/callharness/spec"
	"github.com/prometheus/client_golang/prometheus"
)

// Server timeouts: generous enough for a 16 MiB body and injected latency,
// short enough that a stuck client does not hold a connection for ever.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 10 * time.Second
	maxHeaderBytes    = 64 << 10
)

// Mock is a complete mock of the Call Campaigns API, built from a Config.
// Other commands may start it in-process.
type Mock struct {
	cfg        Config
	log        *slog.Logger
	clk        *clock.Sim
	svc        *campaign.Service
	firms      *firm.Registry
	journal    *journal.Journal
	faults     *fault.Injector
	registry   *prometheus.Registry
	metrics    *metrics.Metrics
	keys       Keys
	adminToken string
	handler    http.Handler
}

// New builds a mock from cfg; logger nil discards the logs.
func New(cfg Config, logger *slog.Logger) (*Mock, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	m := &Mock{cfg: cfg, log: logger, keys: demoKeys(cfg)}
	var err error
	if m.firms, err = registry(cfg, m.keys); err != nil {
		return nil, err
	}
	if m.clk, err = newClock(cfg); err != nil {
		return nil, err
	}
	m.svc = campaign.NewService(m.clk, campaign.Options{Seed: cfg.Seed, Limits: cfg.domainLimits(), Mix: cfg.domainMix()})
	m.journal = journal.New(cfg.JournalSize, m.clk)
	m.faults = fault.New(fault.WithSeed(cfg.Seed), fault.WithBodyLimit(int64(cfg.BodyLimit)))
	m.registry = prometheus.NewRegistry()
	if m.metrics, err = metrics.New(m.registry, m.svc.Stats); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	m.adminToken = adminToken(cfg.AdminToken)
	if m.handler, err = m.buildHandler(); err != nil {
		return nil, err
	}
	return m, nil
}

// newClock returns the clock of cfg, standing at its start instant.
func newClock(cfg Config) (*clock.Sim, error) {
	mode, factor, err := clock.ParseMode(cfg.Clock)
	if err != nil {
		return nil, err
	}
	// The default start is the real time at start-up (SEMANTICS §8); from
	// then on every instant the API shows comes from the clock.
	start := time.Now()
	if cfg.ClockStart != "" {
		if start, err = time.Parse(time.RFC3339Nano, cfg.ClockStart); err != nil {
			return nil, fmt.Errorf("clock start %q: %w", cfg.ClockStart, err)
		}
	}
	return clock.NewSim(mode, factor, start, nil), nil
}

// adminToken is the token of the admin API: the configured one, none when
// it is AdminOff, or a generated one.
func adminToken(configured string) string {
	switch configured {
	case AdminOff:
		return ""
	case "":
		return newSecret("cha_")
	}
	return configured
}

func (m *Mock) buildHandler() (http.Handler, error) {
	doc, err := spec.Load()
	if err != nil {
		return nil, err
	}
	if err := spec.WithLimits(doc, m.cfg.specLimits()); err != nil {
		return nil, fmt.Errorf("limits: %w", err)
	}
	v, err := spec.New(doc)
	if err != nil {
		return nil, err
	}
	redact := newRedactor(m.firms, m.adminToken)
	errs := errorWriter{style: m.cfg.ErrorStyle, log: m.log, redact: redact}
	s := &server{
		svc:       m.svc,
		auth:      m.firms,
		validator: v,
		faults:    m.faults,
		obs:       &observer{clk: m.clk, journal: m.journal, metrics: m.metrics, log: m.log, errs: errs, redact: redact},
		errs:      errs,
		bodyLimit: int64(m.cfg.BodyLimit),
	}
	mux := http.NewServeMux()
	s.register(mux)
	mux.Handle("GET /openapi.yaml", http.HandlerFunc(serveOpenAPI))
	mux.Handle("GET /healthz", healthz(m.clk))
	mux.Handle("GET /metrics", m.metrics.Handler())
	mux.Handle("/_mock/", admin.New(admin.Deps{
		Token: m.adminToken, Service: m.svc, Clock: m.clk, Firms: m.firms,
		Journal: m.journal, Faults: m.faults, Logger: m.log,
	}))
	return closeUnread(s.withFallback(mux)), nil
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	_, _ = w.Write(callharness.OpenAPI)
}

// Handler is the mock's whole HTTP surface: the API, /_mock/, /metrics,
// /openapi.yaml and /healthz.
func (m *Mock) Handler() http.Handler { return m.handler }

// Keys are the demo keys: active, inactive and of the other firm.
func (m *Mock) Keys() Keys { return m.keys }

// AdminToken is the token of the admin API, "" when it is off.
func (m *Mock) AdminToken() string { return m.adminToken }

// Service is the mock's campaign domain.
func (m *Mock) Service() *campaign.Service { return m.svc }

// Clock is the mock's clock.
func (m *Mock) Clock() *clock.Sim { return m.clk }

// Firms is the mock's registry of firms and keys.
func (m *Mock) Firms() *firm.Registry { return m.firms }

// Registry is the Prometheus registry of the mock's metrics.
func (m *Mock) Registry() *prometheus.Registry { return m.registry }

// Config is the configuration the mock was built from.
func (m *Mock) Config() Config { return m.cfg }

// Serve serves the mock on ln and runs its dialer until ctx is done, then
// shuts down gracefully: it stops accepting, lets the requests in flight
// finish (for at most 10 s) and returns nil. ln is closed on return.
func (m *Mock) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           m.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(m.log.Handler(), slog.LevelWarn),
	}
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { m.svc.Run(runCtx) })
	defer func() {
		stop()
		wg.Wait()
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	m.log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutCtx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && serr != nil {
		return fmt.Errorf("serve: %w", serr)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
