// Package spectest holds every response a handler writes in a test to
// openapi.yaml. Wrap the mock in Middleware and each response to one of the
// six documented operations is validated, status code, Content-Type and body;
// any violation fails the test.
package spectest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/spec"
)

// Option changes what Middleware checks.
type Option func(*config)

type config struct {
	ignoreStatus []int
	ignore       []func(*http.Request) bool
}

// IgnoreStatus leaves responses with these status codes unchecked, for tests
// that inject faults (a 503 or a 429 that the spec does not document).
func IgnoreStatus(codes ...int) Option {
	return func(c *config) { c.ignoreStatus = append(c.ignoreStatus, codes...) }
}

// Ignore leaves the responses to the requests match selects unchecked.
func Ignore(match func(*http.Request) bool) Option {
	return func(c *config) { c.ignore = append(c.ignore, match) }
}

// Middleware passes every request to next, unchanged, and validates the
// response next writes against v, calling t.Errorf with the method, the
// path, the status and the violation on any mismatch. Requests that are not
// to a documented operation (/_mock/…, /metrics, /healthz, /openapi.yaml, a
// wrong method) and HEAD requests pass through unchecked, as do hijacked
// connections and responses the mock's fault injector made (an x-mock-fault
// header naming anything but latency). The response reaches the client as next wrote it, streamed.
func Middleware(t testing.TB, v *spec.Validator, next http.Handler, opts ...Option) http.Handler {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	// Responses may still arrive after the test has ended (a server closed
	// late); t.Errorf would panic then, so they are reported on stderr.
	var mu sync.Mutex
	ended := false
	t.Cleanup(func() {
		mu.Lock()
		ended = true
		mu.Unlock()
	})
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if ended {
			fmt.Fprintf(os.Stderr, "spectest (after the test ended): "+format+"\n", args...)
			return
		}
		t.Errorf(format, args...)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead || cfg.ignored(r) {
			next.ServeHTTP(w, r)
			return
		}
		if _, err := v.FindRoute(r); err != nil {
			next.ServeHTTP(w, r)
			return
		}
		// The handler may change r; validate against the request as it came.
		req := r.Clone(context.WithoutCancel(r.Context()))
		rec := &recorder{w: w}
		next.ServeHTTP(rec, r)
		if rec.hijacked {
			return
		}
		status, header := rec.result()
		if slices.Contains(cfg.ignoreStatus, status) || injected(header) {
			return
		}
		if err := v.ValidateResponse(req.Context(), req, status, header, rec.body.Bytes()); err != nil {
			report("spectest: %s %s answered %d: %v", req.Method, req.URL.RequestURI(), status, err)
		}
	})
}

// injected tells a response whose status the mock's fault injector chose
// (an error, a 429); one it only delayed is checked as any other.
func injected(h http.Header) bool {
	for _, v := range h.Values(api.HeaderMockFault) {
		for _, fault := range strings.Split(v, ",") {
			if f := strings.TrimSpace(fault); f != "" && f != "latency" {
				return true
			}
		}
	}
	return false
}

func (c *config) ignored(r *http.Request) bool {
	for _, match := range c.ignore {
		if match(r) {
			return true
		}
	}
	return false
}

// recorder passes a response through to w and keeps a copy of it.
type recorder struct {
	w        http.ResponseWriter
	status   int
	header   http.Header // as it was when the header was written
	body     bytes.Buffer
	hijacked bool
}

func (rec *recorder) Header() http.Header { return rec.w.Header() }

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 && code >= 200 {
		rec.status = code
		rec.header = rec.w.Header().Clone()
	}
	rec.w.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	rec.body.Write(p)
	return rec.w.Write(p)
}

// Flush lets handlers that stream keep doing so.
func (rec *recorder) Flush() {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	if f, ok := rec.w.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack lets the mock's fault injection reset connections; such a
// response is not checked.
func (rec *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := rec.w.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	conn, rw, err := h.Hijack()
	if err == nil {
		rec.hijacked = true
	}
	return conn, rw, err
}

// Unwrap gives http.ResponseController the underlying writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.w }

func (rec *recorder) result() (int, http.Header) {
	if rec.status == 0 {
		return http.StatusOK, rec.w.Header().Clone()
	}
	return rec.status, rec.header
}
