package fault

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ok":true}`)
})

// recorder is a SleepFunc that only remembers what it was asked to wait.
type recorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (r *recorder) sleep(_ context.Context, d time.Duration) error {
	r.mu.Lock()
	r.delays = append(r.delays, d)
	r.mu.Unlock()
	return nil
}

func serve(t *testing.T, in *Injector, route, method string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	in.Wrap(route, ok).ServeHTTP(rec, httptest.NewRequest(method, "/x", nil))
	return rec
}

// faulted sends n requests on route and tells for each whether it was faulted.
func faulted(t *testing.T, in *Injector, route string, n int) []bool {
	t.Helper()
	out := make([]bool, n)
	for i := range out {
		out[i] = serve(t, in, route, http.MethodGet).Code != http.StatusOK
	}
	return out
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func TestSameSeedSameFaults(t *testing.T) {
	rules := api.Faults{Seed: 42, Rules: []api.FaultRule{{Route: api.RouteListCalls, ErrorRate: 0.3, ErrorStatus: 503}}}
	in := New()
	require.NoError(t, in.Set(rules))
	first := faulted(t, in, api.RouteListCalls, 400)

	require.NoError(t, in.Set(rules), "setting the rules again restarts their streams")
	assert.Equal(t, first, faulted(t, in, api.RouteListCalls, 400))

	other := New()
	require.NoError(t, other.Set(rules))
	assert.Equal(t, first, faulted(t, other, api.RouteListCalls, 400), "another injector, same seed, same faults")

	rules.Seed = 43
	require.NoError(t, in.Set(rules))
	assert.NotEqual(t, first, faulted(t, in, api.RouteListCalls, 400), "another seed, other faults")

	n := count(first)
	assert.InDelta(t, 120, n, 40, "about 30%% of 400 requests fail, got %d", n)
}

func TestMockSeedIsUsedWhenRulesHaveNone(t *testing.T) {
	rules := api.Faults{Rules: []api.FaultRule{{Route: "*", ErrorRate: 0.5}}}
	a, b := New(WithSeed(7)), New(WithSeed(7))
	require.NoError(t, a.Set(rules))
	require.NoError(t, b.Set(rules))
	assert.Equal(t, faulted(t, a, api.RouteDetails, 200), faulted(t, b, api.RouteDetails, 200))
	assert.Equal(t, int64(7), a.Get().Seed, "Get shows the seed in use")
}

func TestEachRuleHasItsOwnStream(t *testing.T) {
	rules := api.Faults{Seed: 1, Rules: []api.FaultRule{
		{Route: api.RouteListCalls, ErrorRate: 0.5},
		{Route: api.RouteDetails, ErrorRate: 0.5},
	}}
	quiet := New()
	require.NoError(t, quiet.Set(rules))
	want := faulted(t, quiet, api.RouteListCalls, 100)

	busy := New()
	require.NoError(t, busy.Set(rules))
	got := make([]bool, 0, 100)
	for range 100 {
		faulted(t, busy, api.RouteDetails, 3) // traffic on another route in between
		got = append(got, faulted(t, busy, api.RouteListCalls, 1)...)
	}
	assert.Equal(t, want, got)
}

func TestErrorFault(t *testing.T) {
	in := New()
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: api.RouteCreateCampaign, ErrorRate: 1, ErrorStatus: 503}}}))
	rec := serve(t, in, api.RouteCreateCampaign, http.MethodPost)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, api.ContentTypeProblem, rec.Header().Get("Content-Type"))
	assert.Equal(t, KindError, rec.Header().Get(api.HeaderMockFault))
	var p api.Problem
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	assert.Equal(t, 503, p.Status)
	assert.Contains(t, p.Detail, "fault injected by the mock")
	assert.Contains(t, p.Detail, "error 503")
}

func TestErrorStatusDefaultsTo500(t *testing.T) {
	in := New()
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: "*", ErrorRate: 1}}}))
	assert.Equal(t, 500, in.Get().Rules[0].ErrorStatus)
	assert.Equal(t, 500, serve(t, in, api.RouteDetails, http.MethodGet).Code)
}

func TestRateLimitCarriesRetryAfter(t *testing.T) {
	in := New()
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: "*", RateLimitRate: 1, RetryAfterSec: 7}}}))
	rec := serve(t, in, api.RouteListCalls, http.MethodGet)
	assert.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.Equal(t, "7", rec.Header().Get("Retry-After"))
	assert.Equal(t, KindRateLimit, rec.Header().Get(api.HeaderMockFault))
	assert.Equal(t, api.ContentTypeProblem, rec.Header().Get("Content-Type"))

	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: "*", RateLimitRate: 1}}}))
	assert.Equal(t, "1", serve(t, in, api.RouteListCalls, http.MethodGet).Header().Get("Retry-After"), "default Retry-After")
}

func TestResetDropsTheConnection(t *testing.T) {
	in := New()
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: api.RouteListCalls, ResetRate: 1}}}))
	seen := make(chan string, 10)
	observer := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			seen <- w.Header().Get(api.HeaderMockFault)
		})
	}
	srv := httptest.NewServer(observer(in.Wrap(api.RouteListCalls, ok)))
	defer srv.Close()
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}

	resp, err := c.Get(srv.URL)
	if resp != nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the client sees a transport error, not a response")
	t.Logf("client error: %v", err)
	var netErr interface{ Timeout() bool }
	if errors.As(err, &netErr) {
		assert.False(t, netErr.Timeout(), "a reset, not a timeout: %v", err)
	}
	select {
	case h := <-seen:
		assert.Equal(t, KindReset, h, "an outer observer can still tell the fault")
	case <-time.After(5 * time.Second):
		t.Fatal("the handler did not return after the reset")
	}

	in.Clear()
	resp, err = c.Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestResetWithoutHijackAborts(t *testing.T) {
	in := New()
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: "*", ResetRate: 1}}}))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		serve(t, in, api.RouteListCalls, http.MethodGet) // a ResponseRecorder cannot be hijacked
	})
}

func TestLatencyDistributions(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name     string
		latency  api.Latency
		min, max time.Duration
		mean     time.Duration // checked within 15% when set
	}{
		{"fixed", api.Latency{Distribution: "fixed", Mean: "250ms"}, 250 * ms, 250 * ms, 250 * ms},
		{"uniform", api.Latency{Distribution: "uniform", Min: "100ms", Max: "300ms"}, 100 * ms, 300 * ms, 200 * ms},
		{"normal, clamped at zero", api.Latency{Distribution: "normal", Mean: "10ms", StdDev: "50ms"}, 0, DefaultMaxLatency, 0},
		{"normal", api.Latency{Distribution: "normal", Mean: "200ms", StdDev: "20ms"}, 100 * ms, 300 * ms, 200 * ms},
		{"lognormal keeps its mean", api.Latency{Distribution: "lognormal", Mean: "200ms", StdDev: "100ms"}, 0, DefaultMaxLatency, 200 * ms},
		{"lognormal clamped by max", api.Latency{Distribution: "lognormal", Mean: "200ms", StdDev: "400ms", Max: "300ms"}, 0, 300 * ms, 0},
		{"normal clamped by min", api.Latency{Distribution: "normal", Mean: "100ms", StdDev: "100ms", Min: "80ms"}, 80 * ms, DefaultMaxLatency, 0},
		{"upper-case distribution", api.Latency{Distribution: "FIXED", Mean: "1s"}, time.Second, time.Second, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec recorder
			in := New(WithSleep(rec.sleep))
			l := tt.latency
			require.NoError(t, in.Set(api.Faults{Seed: 3, Rules: []api.FaultRule{{Route: "*", Latency: &l}}}))
			for range 2000 {
				resp := serve(t, in, api.RouteDetails, http.MethodGet)
				require.Equal(t, http.StatusOK, resp.Code, "latency alone still answers")
				require.Equal(t, KindLatency, resp.Header().Get(api.HeaderMockFault))
			}
			var sum time.Duration
			for _, d := range rec.delays {
				require.GreaterOrEqual(t, d, tt.min)
				require.LessOrEqual(t, d, tt.max)
				sum += d
			}
			if tt.mean > 0 {
				got := sum / time.Duration(len(rec.delays))
				assert.InDelta(t, float64(tt.mean), float64(got), 0.15*float64(tt.mean), "mean %s", got)
			}
		})
	}
}

func TestLatencyThenError(t *testing.T) {
	var rec recorder
	in := New(WithSleep(rec.sleep))
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: "*", ErrorRate: 1, ErrorStatus: 502,
		Latency: &api.Latency{Distribution: "fixed", Mean: "2s"}}}}))
	resp := serve(t, in, api.RouteDetails, http.MethodGet)
	assert.Equal(t, 502, resp.Code)
	assert.Equal(t, "latency,error", resp.Header().Get(api.HeaderMockFault))
	assert.Equal(t, []time.Duration{2 * time.Second}, rec.delays)
}

func TestLatencyRespectsTheRequestContext(t *testing.T) {
	in := New() // the real sleep
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: "*", Latency: &api.Latency{Distribution: "fixed", Mean: "30s"}}}}))
	called := false
	h := in.Wrap(api.RouteDetails, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x", nil).WithContext(ctx))
	}, "a request whose client left is aborted, not answered")
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.False(t, called, "a request whose client left is not served")
}

func TestFirstMatchingRuleApplies(t *testing.T) {
	in := New()
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{
		{Route: api.RouteListCalls, Method: "post", ErrorRate: 1, ErrorStatus: 418},
		{Route: api.RouteListCalls}, // a pass-through rule shields the route from "*"
		{Route: "*", ErrorRate: 1, ErrorStatus: 503},
	}}))
	tests := []struct {
		route, method string
		want          int
	}{
		{api.RouteListCalls, http.MethodPost, 418},
		{api.RouteListCalls, http.MethodGet, 200},
		{api.RouteDetails, http.MethodGet, 503},
		{"unmatched", http.MethodGet, 503},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.route, func(t *testing.T) {
			assert.Equal(t, tt.want, serve(t, in, tt.route, tt.method).Code)
		})
	}
	assert.Equal(t, "POST", in.Get().Rules[0].Method, "methods are upper-cased")
}

func TestNoRulesNoHeader(t *testing.T) {
	in := New()
	rec := serve(t, in, api.RouteDetails, http.MethodGet)
	assert.Equal(t, 200, rec.Code)
	assert.Empty(t, rec.Header().Get(api.HeaderMockFault))
}

func TestGetAndClear(t *testing.T) {
	in := New(WithSeed(9))
	assert.Equal(t, api.Faults{Seed: 9, Rules: []api.FaultRule{}}, in.Get())
	l := api.Latency{Distribution: "fixed", Mean: "1s"}
	require.NoError(t, in.Set(api.Faults{Seed: 5, Rules: []api.FaultRule{{Route: "*", Latency: &l}}}))
	got := in.Get()
	got.Rules[0].Latency.Mean = "changed"
	assert.Equal(t, "1s", in.Get().Rules[0].Latency.Mean, "Get returns a copy")
	l.Mean = "changed"
	assert.Equal(t, "1s", in.Get().Rules[0].Latency.Mean, "Set keeps a copy")

	in.Clear()
	assert.Equal(t, api.Faults{Seed: 9, Rules: []api.FaultRule{}}, in.Get())
	b, err := json.Marshal(in.Get())
	require.NoError(t, err)
	assert.JSONEq(t, `{"seed":9,"rules":[]}`, string(b))
}

func TestValidationRejectsBadRules(t *testing.T) {
	lat := func(l api.Latency) *api.Latency { return &l }
	tests := []struct {
		name string
		rule api.FaultRule
		loc  []any
	}{
		{"missing route", api.FaultRule{ErrorRate: 0.5}, []any{"body", "rules", 0, "route"}},
		{"unknown route", api.FaultRule{Route: "/api/v1/nope"}, []any{"body", "rules", 0, "route"}},
		{"raw URL is not a template", api.FaultRule{Route: "/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6/calls"}, []any{"body", "rules", 0, "route"}},
		{"unknown method", api.FaultRule{Route: "*", Method: "FETCH"}, []any{"body", "rules", 0, "method"}},
		{"negative error rate", api.FaultRule{Route: "*", ErrorRate: -0.1}, []any{"body", "rules", 0, "error_rate"}},
		{"error rate above 1", api.FaultRule{Route: "*", ErrorRate: 1.5}, []any{"body", "rules", 0, "error_rate"}},
		{"reset rate above 1", api.FaultRule{Route: "*", ResetRate: 2}, []any{"body", "rules", 0, "reset_rate"}},
		{"rate limit rate negative", api.FaultRule{Route: "*", RateLimitRate: -1}, []any{"body", "rules", 0, "rate_limit_rate"}},
		{"rates above 1 together", api.FaultRule{Route: "*", ErrorRate: 0.6, ResetRate: 0.6}, []any{"body", "rules", 0}},
		{"status below 400", api.FaultRule{Route: "*", ErrorRate: 1, ErrorStatus: 302}, []any{"body", "rules", 0, "error_status"}},
		{"status above 599", api.FaultRule{Route: "*", ErrorRate: 1, ErrorStatus: 600}, []any{"body", "rules", 0, "error_status"}},
		{"negative retry after", api.FaultRule{Route: "*", RateLimitRate: 1, RetryAfterSec: -1}, []any{"body", "rules", 0, "retry_after_sec"}},
		{"no distribution", api.FaultRule{Route: "*", Latency: lat(api.Latency{Mean: "1s"})}, []any{"body", "rules", 0, "latency", "distribution"}},
		{"unknown distribution", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "pareto", Mean: "1s"})}, []any{"body", "rules", 0, "latency", "distribution"}},
		{"bad duration", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "fixed", Mean: "soon"})}, []any{"body", "rules", 0, "latency", "mean"}},
		{"negative duration", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "fixed", Mean: "-1s"})}, []any{"body", "rules", 0, "latency", "mean"}},
		{"duration above the ceiling", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "fixed", Mean: "2m"})}, []any{"body", "rules", 0, "latency", "mean"}},
		{"fixed without mean", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "fixed"})}, []any{"body", "rules", 0, "latency", "mean"}},
		{"fixed with stddev", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "fixed", Mean: "1s", StdDev: "1s"})}, []any{"body", "rules", 0, "latency", "stddev"}},
		{"uniform without max", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "uniform", Min: "1s"})}, []any{"body", "rules", 0, "latency", "max"}},
		{"uniform min above max", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "uniform", Min: "2s", Max: "1s"})}, []any{"body", "rules", 0, "latency", "min"}},
		{"normal without stddev", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "normal", Mean: "1s"})}, []any{"body", "rules", 0, "latency", "stddev"}},
		{"lognormal of mean zero", api.FaultRule{Route: "*", Latency: lat(api.Latency{Distribution: "lognormal", Mean: "0s", StdDev: "1s"})}, []any{"body", "rules", 0, "latency", "mean"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := New()
			good := api.FaultRule{Route: "*", ErrorRate: 0.1}
			require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{good}}))
			before := in.Get()
			err := in.Set(api.Faults{Rules: []api.FaultRule{tt.rule}})
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			locs := make([][]any, len(ve.Errors))
			for i, e := range ve.Errors {
				locs[i] = e.Loc
				assert.NotEmpty(t, e.Msg)
			}
			assert.Contains(t, locs, tt.loc)
			assert.Equal(t, before, in.Get(), "a rejected Set changes nothing")
		})
	}
}

func TestValidationLocatesTheRule(t *testing.T) {
	in := New()
	err := in.Set(api.Faults{Rules: []api.FaultRule{{Route: "*"}, {Route: "*"}, {Route: "*", ErrorRate: 3}}})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Errors, 1)
	assert.Equal(t, []any{"body", "rules", 2, "error_rate"}, ve.Errors[0].Loc)
	assert.Contains(t, err.Error(), "rules.2.error_rate")
}

func TestTooManyRules(t *testing.T) {
	err := New().Set(api.Faults{Rules: make([]api.FaultRule, MaxRules+1)})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []any{"body", "rules"}, ve.Errors[0].Loc)
}

func TestExtraRoutes(t *testing.T) {
	in := New(WithRoutes("/healthz"))
	require.NoError(t, in.Set(api.Faults{Rules: []api.FaultRule{{Route: "/healthz", ErrorRate: 1}}}))
	assert.Equal(t, 500, serve(t, in, "/healthz", http.MethodGet).Code)
}

func TestConcurrentRequestsAndSets(t *testing.T) {
	var rec recorder
	in := New(WithSleep(rec.sleep))
	h := in.Wrap(api.RouteListCalls, ok)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				if w == 0 && i%20 == 0 {
					assert.NoError(t, in.Set(api.Faults{Seed: int64(i), Rules: []api.FaultRule{{Route: "*", ErrorRate: 0.5,
						Latency: &api.Latency{Distribution: "uniform", Min: "1ms", Max: "2ms"}}}}))
				}
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x", nil))
				_ = in.Get()
			}
		}()
	}
	wg.Wait()
}
