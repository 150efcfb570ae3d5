package mockserver

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/mockserver/metrics"
)

// journalRecorder keeps served requests (journal.Journal).
type journalRecorder interface {
	Record(api.JournalEntry)
}

// requestMetrics counts served requests (metrics.Metrics).
type requestMetrics interface {
	ObserveRequest(method, route string, status int, d time.Duration)
}

// observer is the one place that records a served request: one journal
// entry, one metrics observation and one log line, labelled with the route
// template and the firm; the path and query it records have every key and
// the admin token redacted (DEC-2).
type observer struct {
	clk     *clock.Sim
	journal journalRecorder
	metrics requestMetrics
	log     *slog.Logger
	errs    errorWriter
	redact  *redactor
}

// exchange is one request as the observer records it. The inner layers
// fill in the firm once the key is known.
type exchange struct {
	route string
	at    time.Time // on the mock's clock, for the journal
	began time.Time // on the real clock, for the duration only
	firm  string
	sw    *statusWriter
}

type exchangeKey struct{}

// setFirm tells the observer the firm of the request's key.
func setFirm(r *http.Request, firm string) {
	if x, ok := r.Context().Value(exchangeKey{}).(*exchange); ok {
		x.firm = firm
	}
}

// wrap observes every request of route served by next.
func (o *observer) wrap(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := &exchange{route: route, at: o.clk.Now(), began: time.Now(), sw: &statusWriter{ResponseWriter: w}}
		r = r.WithContext(context.WithValue(r.Context(), exchangeKey{}, x))
		defer func() {
			v := recover()
			aborted := v == http.ErrAbortHandler
			if v != nil && !aborted {
				o.panicked(x.sw, r, v)
			}
			o.record(r, x, x.sw.answered(aborted))
			if aborted {
				panic(v)
			}
		}()
		next.ServeHTTP(x.sw, r)
	})
}

// panicked turns a panic of a handler into a logged 500.
func (o *observer) panicked(sw *statusWriter, r *http.Request, v any) {
	o.log.Error("handler panic", "method", r.Method, "path", o.redact.path(r.URL), "panic", v)
	if sw.status == 0 && !sw.hijacked {
		o.errs.writeProblem(sw, problem(http.StatusInternalServerError, "internal error", nil))
	}
}

// record writes the journal entry, the metrics observation and the log line
// of one request.
func (o *observer) record(r *http.Request, x *exchange, status int) {
	d := time.Since(x.began)
	fault := x.sw.Header().Get(api.HeaderMockFault)
	path := o.redact.path(r.URL)
	if o.journal != nil {
		o.journal.Record(api.JournalEntry{
			At: api.Time{Time: x.at}, Method: r.Method, Path: path, Route: x.route,
			Query: o.redact.query(r.URL), Status: status, DurationMS: d.Milliseconds(),
			Firm: x.firm, Fault: fault,
		})
	}
	if o.metrics != nil {
		o.metrics.ObserveRequest(r.Method, x.route, status, d)
	}
	if !o.log.Enabled(r.Context(), slog.LevelInfo) {
		return // --log-level warn: not even the attributes are built
	}
	attrs := []any{"method", r.Method, "route", x.route, "path", path,
		"status", status, "duration_ms", float64(d.Microseconds()) / 1000, "firm", x.firm}
	if fault != "" {
		attrs = append(attrs, "fault", fault)
	}
	o.log.Info("request", attrs...)
}

// statusWriter remembers the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

// answered is the status the client got: 0 if the connection was taken
// over or dropped without an answer, 200 if the handler wrote nothing.
func (w *statusWriter) answered(aborted bool) int {
	switch {
	case w.status != 0:
		return w.status
	case w.hijacked || aborted:
		return 0
	}
	return http.StatusOK
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends what was written so far.
func (w *statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// Hijack hands the connection over, for a fault that resets it.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// routeUnmatched is the route of requests that match no route: 404 and 405.
const routeUnmatched = metrics.RouteUnmatched
