package spectest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/spec"
	"github.com/callharness/callharness/spec/spectest"
)

const campaignID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

// recordingT stands in for the test Middleware reports to.
type recordingT struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingT) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingT) reported() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// respond answers every request with status, content type and body.
func respond(status int, contentType, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

// faulty answers as the mock's fault injector does.
func faulty(status int, faults string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set(api.HeaderMockFault, faults)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, problem)
	})
}

const (
	goodCalls = `{"call_campaign_uuid":"` + campaignID + `","calls":[{"uuid":"9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34","phone_number":"77012345678","status":"PENDING","agent_name":"a","language":"RU","created_at":"2026-01-15T09:05:00.000Z"}],"total":1}`
	problem   = `{"type":"about:blank","title":"Not Found","status":404,"detail":"Campaign not found"}`
)

func TestMiddleware(t *testing.T) {
	v, err := spec.NewDefault()
	require.NoError(t, err)
	calls := "/api/v1/call-campaign/" + campaignID + "/calls"
	tests := []struct {
		name    string
		method  string
		path    string
		handler http.Handler
		opts    []spectest.Option
		wantErr string // "" for no report
	}{
		{"good 200", "GET", calls, respond(200, "application/json", goodCalls), nil, ""},
		{"good 404", "GET", calls, respond(404, "application/problem+json", problem), nil, ""},
		{"undocumented status", "GET", calls, respond(500, "application/problem+json", problem), nil, "status is not supported"},
		{"ignored status", "GET", calls, respond(503, "text/plain", "down"), []spectest.Option{spectest.IgnoreStatus(503)}, ""},
		{"ignored request", "GET", calls, respond(500, "", ""), []spectest.Option{spectest.Ignore(func(*http.Request) bool { return true })}, ""},
		{"text/plain", "GET", calls, respond(200, "text/plain", goodCalls), nil, "Content-Type"},
		{"no content type", "GET", calls, respond(200, "", goodCalls), nil, "Content-Type"},
		{"dropped field", "GET", calls, respond(200, "application/json", strings.Replace(goodCalls, `,"total":1`, "", 1)), nil, `property "total" is missing`},
		{"wrong type", "GET", calls, respond(200, "application/json", strings.Replace(goodCalls, `"total":1`, `"total":"1"`, 1)), nil, "/total"},
		{"empty body", "GET", calls, respond(200, "application/json", ""), nil, "decode"},
		{"no write at all", "GET", calls, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), nil, "200"},
		{"injected error", "GET", calls, faulty(500, "error"), nil, ""},
		{"injected 429", "GET", calls, faulty(429, "latency, rate_limit"), nil, ""},
		{"latency only is checked", "GET", calls, faulty(500, "latency"), nil, "status is not supported"},
		{"admin path", "GET", "/_mock/clock", respond(200, "text/plain", "x"), nil, ""},
		{"metrics", "GET", "/metrics", respond(200, "text/plain", "x"), nil, ""},
		{"healthz", "GET", "/healthz", respond(200, "text/plain", "ok"), nil, ""},
		{"openapi.yaml", "GET", "/openapi.yaml", respond(200, "application/yaml", "openapi: 3.0.3"), nil, ""},
		{"wrong method", "POST", calls, respond(405, "application/problem+json", problem), nil, ""},
		{"HEAD", "HEAD", calls, respond(200, "application/json", ""), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := &recordingT{TB: t}
			srv := httptest.NewServer(spectest.Middleware(rt, v, tt.handler, tt.opts...))
			defer srv.Close()
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			require.NoError(t, err)
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, res.Body)
			require.NoError(t, res.Body.Close())
			errs := rt.reported()
			if tt.wantErr == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0], tt.wantErr)
			assert.Contains(t, errs[0], tt.method+" "+tt.path)
		})
	}
}

func TestMiddlewarePassesTheResponseThrough(t *testing.T) {
	v, err := spec.NewDefault()
	require.NoError(t, err)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "42")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, goodCalls[:10])
		w.(http.Flusher).Flush()
		_, _ = io.WriteString(w, goodCalls[10:])
	})
	rt := &recordingT{TB: t}
	srv := httptest.NewServer(spectest.Middleware(rt, v, h))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/v1/call-campaign/" + campaignID + "/calls")
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	assert.Equal(t, goodCalls, string(body))
	assert.Equal(t, "42", res.Header.Get("X-Request-Id"))
	assert.Empty(t, rt.reported())
}

func TestMiddlewareSkipsHijackedConnections(t *testing.T) {
	v, err := spec.NewDefault()
	require.NoError(t, err)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	})
	rt := &recordingT{TB: t}
	srv := httptest.NewServer(spectest.Middleware(rt, v, h))
	defer srv.Close()
	_, err = http.Get(srv.URL + "/api/v1/call-campaign/" + campaignID + "/calls")
	require.Error(t, err, "the connection was reset")
	assert.Empty(t, rt.reported())
}
