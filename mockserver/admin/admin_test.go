package admin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/firm"
	"github.com/callharness/callharness/mockserver/fault"
	"github.com/callharness/callharness/mockserver/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const token = "test-admin-token"

var start = time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)

type fixture struct {
	t       testing.TB
	srv     *httptest.Server
	svc     *campaign.Service
	clk     *clock.Sim
	firms   *firm.Registry
	journal *journal.Journal
	faults  *fault.Injector
	logs    *syncBuffer
	token   string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newFixture(t testing.TB, clk *clock.Sim, tok string) *fixture {
	t.Helper()
	if clk == nil {
		clk = clock.NewManual(start)
	}
	f := &fixture{t: t, clk: clk, token: tok, logs: &syncBuffer{}}
	f.svc = campaign.NewService(clk, campaign.Options{Seed: 1})
	f.firms = firm.NewRegistry()
	f.firms.AddFirm("demo", "Demo Firm")
	f.firms.AddFirm("other", "Other Firm")
	require.NoError(t, f.firms.AddKey("demo-active-key", "demo", true))
	f.journal = journal.New(120, clk)
	f.faults = fault.New(fault.WithSeed(1))
	f.srv = httptest.NewServer(New(Deps{
		Token: tok, Service: f.svc, Clock: clk, Firms: f.firms, Journal: f.journal, Faults: f.faults,
		Logger: slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}))
	t.Cleanup(f.srv.Close)
	return f
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) problem(t *testing.T) api.Problem {
	t.Helper()
	assert.Equal(t, api.ContentTypeProblem, r.header.Get("Content-Type"), "body: %s", r.body)
	var p api.Problem
	require.NoError(t, json.Unmarshal(r.body, &p), "body: %s", r.body)
	assert.Equal(t, r.status, p.Status)
	assert.NotEmpty(t, p.Title)
	assert.NotEmpty(t, p.Detail)
	return p
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	require.NoError(t, json.Unmarshal(r.body, v), "body: %s", r.body)
}

// do sends an admin request with the fixture's token.
func (f *fixture) do(method, path, body string) reply {
	f.t.Helper()
	return f.doToken(method, path, body, f.token)
}

func (f *fixture) doToken(method, path, body, tok string) reply {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	require.NoError(f.t, err)
	if tok != "" {
		req.Header.Set(api.HeaderAdminToken, tok)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(f.t, err)
	assert.Less(f.t, resp.StatusCode, 500, "%s %s: never a 5xx for client input: %s", method, path, b)
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// create makes a campaign of firm with numbers, its window from +from to +to.
func (f *fixture) create(firmID string, from, to time.Duration, numbers ...string) string {
	f.t.Helper()
	recs := make([]campaign.Record, len(numbers))
	for i, n := range numbers {
		recs[i] = campaign.Record{PhoneNumber: n, Language: "EN", GenderVoice: "female", AgentName: "agent"}
	}
	now := f.clk.Now()
	resp, err := f.svc.Create(firmID, campaign.NewCampaign{Name: "c", StartAt: now.Add(from), EndAt: now.Add(to), Records: recs})
	require.NoError(f.t, err)
	return resp.CallCampaignUUID
}

func locs(p api.Problem) [][]any {
	out := make([][]any, len(p.Errors))
	for i, e := range p.Errors {
		// JSON numbers decode as float64; compare indexes as ints.
		loc := make([]any, len(e.Loc))
		for j, l := range e.Loc {
			if n, ok := l.(float64); ok {
				l = int(n)
			}
			loc[j] = l
		}
		out[i] = loc
	}
	return out
}

func everyPath() []string {
	id := "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	return []string{
		api.AdminIndex, api.AdminReset, api.AdminClock, api.AdminAdvance, api.AdminSetClock,
		strings.Replace(api.AdminCancel, "{call_campaign_uuid}", id, 1),
		strings.Replace(api.AdminFail, "{call_campaign_uuid}", id, 1),
		api.AdminRequests, api.AdminFaults, api.AdminKeys, api.AdminKeys + "/0123456789abcdef", api.AdminFirms,
		"/_mock/nope",
	}
}

func TestAdminOffAnswers404Everywhere(t *testing.T) {
	f := newFixture(t, nil, "")
	for _, p := range everyPath() {
		for _, tok := range []string{"", "anything"} {
			r := f.doToken(http.MethodGet, p, "", tok)
			assert.Equal(t, http.StatusNotFound, r.status, "%s with token %q", p, tok)
			r.problem(t)
		}
	}
}

func TestTokenGuard(t *testing.T) {
	f := newFixture(t, nil, token)
	tests := []struct {
		name, token string
		want        int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"wrong token", "wrong", http.StatusUnauthorized},
		{"prefix of the token", token[:5], http.StatusUnauthorized},
		{"token with a suffix", token + "x", http.StatusUnauthorized},
		{"the token", token, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.doToken(http.MethodGet, api.AdminClock, "", tt.token)
			assert.Equal(t, tt.want, r.status)
			if tt.want != http.StatusOK {
				p := r.problem(t)
				assert.NotContains(t, string(r.body), token, "the token is never echoed")
				assert.Contains(t, p.Detail, "admin token")
			}
		})
	}
	t.Run("an unknown path without the token is 401, not 404", func(t *testing.T) {
		assert.Equal(t, http.StatusUnauthorized, f.doToken(http.MethodGet, "/_mock/nope", "", "").status)
	})
}

func TestIndexListsEveryRoute(t *testing.T) {
	f := newFixture(t, nil, token)
	r := f.do(http.MethodGet, api.AdminIndex, "")
	require.Equal(t, http.StatusOK, r.status)
	var idx Index
	r.decode(t, &idx)
	got := map[string]bool{}
	for _, rt := range idx.Routes {
		got[rt.Method+" "+rt.Path] = true
		assert.NotEmpty(t, rt.Summary)
	}
	for _, want := range []string{
		"GET " + api.AdminIndex, "POST " + api.AdminReset, "GET " + api.AdminClock, "POST " + api.AdminAdvance,
		"POST " + api.AdminSetClock, "POST " + api.AdminCancel, "POST " + api.AdminFail, "GET " + api.AdminRequests,
		"GET " + api.AdminFaults, "PUT " + api.AdminFaults, "DELETE " + api.AdminFaults,
		"GET " + api.AdminKeys, "POST " + api.AdminKeys, "PATCH " + api.AdminKey, "DELETE " + api.AdminKey,
		"GET " + api.AdminFirms, "POST " + api.AdminFirms,
	} {
		assert.True(t, got[want], "index lists %s", want)
	}
	assert.Len(t, idx.Routes, 17)
}

func TestUnknownPathAndMethod(t *testing.T) {
	f := newFixture(t, nil, token)
	tests := []struct {
		method, path string
		want         int
		allow        string
	}{
		{http.MethodGet, "/_mock/nope", http.StatusNotFound, ""},
		{http.MethodGet, "/_mock/clock/", http.StatusNotFound, ""},
		{http.MethodGet, "/elsewhere", http.StatusNotFound, ""},
		{http.MethodGet, api.AdminReset, http.StatusMethodNotAllowed, "POST"},
		{http.MethodPost, api.AdminClock, http.StatusMethodNotAllowed, "GET"},
		{http.MethodPatch, api.AdminFaults, http.StatusMethodNotAllowed, "DELETE, GET, PUT"},
		{http.MethodPost, api.AdminIndex, http.StatusMethodNotAllowed, "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := f.do(tt.method, tt.path, "")
			assert.Equal(t, tt.want, r.status)
			r.problem(t)
			assert.Equal(t, tt.allow, r.header.Get("Allow"))
		})
	}
}

func clockOf(t *testing.T, r reply) api.ClockState {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	var st api.ClockState
	r.decode(t, &st)
	return st
}

func TestClockInManualMode(t *testing.T) {
	f := newFixture(t, nil, token)
	st := clockOf(t, f.do(http.MethodGet, api.AdminClock, ""))
	assert.True(t, st.Now.Equal(start))
	assert.Equal(t, "manual", st.Mode)
	assert.Zero(t, st.Factor)

	steps := []struct {
		by   string
		want time.Duration
	}{
		{"90m", 90 * time.Minute},
		{"1h30m0s", 3 * time.Hour},
		{"1d", 27 * time.Hour},
		{"2d12h", 87 * time.Hour},
		{" 1ms ", 87*time.Hour + time.Millisecond},
	}
	for _, s := range steps {
		st = clockOf(t, f.do(http.MethodPost, api.AdminAdvance, fmt.Sprintf(`{"by": %q}`, s.by)))
		assert.True(t, st.Now.Equal(start.Add(s.want)), "after %s: %s", s.by, st.Now)
		assert.True(t, f.clk.Now().Equal(start.Add(s.want)))
	}

	to := start.Add(100 * time.Hour)
	st = clockOf(t, f.do(http.MethodPost, api.AdminSetClock, `{"now": "`+to.Format(time.RFC3339)+`"}`))
	assert.True(t, st.Now.Equal(to))
	st = clockOf(t, f.do(http.MethodPost, api.AdminSetClock, `{"now": "2026-01-19T17:00:00.250+05:00"}`))
	assert.True(t, st.Now.Equal(time.Date(2026, 1, 19, 12, 0, 0, 250e6, time.UTC)), "offsets and fractions are accepted")
	assert.Contains(t, string(f.do(http.MethodGet, api.AdminClock, "").body), `"2026-01-19T12:00:00.250Z"`, "shown as the API shows time")

	before := f.clk.Now()
	r := f.do(http.MethodPost, api.AdminSetClock, `{"now": "2026-01-15T09:00:00Z"}`)
	assert.Equal(t, http.StatusConflict, r.status)
	r.problem(t)
	assert.True(t, f.clk.Now().Equal(before), "a refused move changes nothing")
}

func TestClockBadInput(t *testing.T) {
	f := newFixture(t, nil, token)
	tests := []struct {
		name, path, body string
		loc              []any
	}{
		{"no by", api.AdminAdvance, `{}`, []any{"body", "by"}},
		{"empty by", api.AdminAdvance, `{"by": ""}`, []any{"body", "by"}},
		{"negative", api.AdminAdvance, `{"by": "-5m"}`, []any{"body", "by"}},
		{"zero", api.AdminAdvance, `{"by": "0s"}`, []any{"body", "by"}},
		{"zero days", api.AdminAdvance, `{"by": "0d"}`, []any{"body", "by"}},
		{"days then negative", api.AdminAdvance, `{"by": "1d-1h"}`, []any{"body", "by"}},
		{"not a duration", api.AdminAdvance, `{"by": "soon"}`, []any{"body", "by"}},
		{"bare number", api.AdminAdvance, `{"by": "90"}`, []any{"body", "by"}},
		{"too far", api.AdminAdvance, `{"by": "4000d"}`, []any{"body", "by"}},
		{"by as a number", api.AdminAdvance, `{"by": 90}`, []any{"body", "by"}},
		{"unknown field", api.AdminAdvance, `{"duration": "5m"}`, []any{"body", "duration"}},
		{"no body", api.AdminAdvance, ``, []any{"body"}},
		{"no now", api.AdminSetClock, `{}`, []any{"body", "now"}},
		{"no offset", api.AdminSetClock, `{"now": "2026-01-16T09:00:00"}`, []any{"body", "now"}},
		{"a date only", api.AdminSetClock, `{"now": "2026-01-16"}`, []any{"body", "now"}},
		{"not a time", api.AdminSetClock, `{"now": "tomorrow"}`, []any{"body", "now"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, tt.path, tt.body)
			assert.Equal(t, http.StatusUnprocessableEntity, r.status, "body: %s", r.body)
			assert.Contains(t, locs(r.problem(t)), tt.loc)
			assert.True(t, f.clk.Now().Equal(start), "a refused move changes nothing")
		})
	}
}

// fakeReal is a real time source the test moves by hand.
type fakeReal struct {
	mu sync.Mutex
	t  time.Time
}

func (r *fakeReal) now() time.Time { r.mu.Lock(); defer r.mu.Unlock(); return r.t }
func (r *fakeReal) add(d time.Duration) {
	r.mu.Lock()
	r.t = r.t.Add(d)
	r.mu.Unlock()
}

func TestClockInScaledMode(t *testing.T) {
	real := &fakeReal{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	clk := clock.NewSim(clock.Scaled, 60, start, real.now)
	f := newFixture(t, clk, token)

	st := clockOf(t, f.do(http.MethodGet, api.AdminClock, ""))
	assert.Equal(t, "scaled", st.Mode)
	assert.Equal(t, 60.0, st.Factor)

	st = clockOf(t, f.do(http.MethodPost, api.AdminAdvance, `{"by": "1h"}`))
	assert.True(t, st.Now.Equal(start.Add(time.Hour)))
	real.add(time.Second)
	assert.True(t, f.clk.Now().Equal(start.Add(time.Hour+time.Minute)), "a scaled clock runs on from the new instant")

	to := start.Add(5 * time.Hour)
	st = clockOf(t, f.do(http.MethodPost, api.AdminSetClock, `{"now": "`+to.Format(time.RFC3339)+`"}`))
	assert.True(t, st.Now.Equal(to))
	real.add(2 * time.Second)
	assert.True(t, f.clk.Now().Equal(to.Add(2*time.Minute)))

	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, api.AdminSetClock, `{"now": "`+start.Format(time.RFC3339)+`"}`).status)
}

func TestClockInRealMode(t *testing.T) {
	clk := clock.NewSim(clock.Real, 1, start, nil)
	f := newFixture(t, clk, token)
	st := clockOf(t, f.do(http.MethodPost, api.AdminAdvance, `{"by": "2h"}`))
	assert.Equal(t, "real", st.Mode)
	assert.False(t, st.Now.Before(start.Add(2*time.Hour)))
	assert.Less(t, st.Now.Sub(start), 2*time.Hour+time.Minute)
}

func TestAdvanceRunsTheDialerThroughTheDay(t *testing.T) {
	f := newFixture(t, nil, token)
	id := f.create("demo", time.Hour, 10*time.Hour, "77010000000", "77011111000") // test numbers: answered
	clockOf(t, f.do(http.MethodPost, api.AdminAdvance, `{"by": "12h"}`))
	st := f.svc.Stats()
	assert.Equal(t, 1, st.CampaignsByStatus[api.CampaignCompleted], "campaign %s completed by the time the advance returned", id)
	assert.Equal(t, 2, st.CallsByStatus[api.CallCompleted])
	assert.Zero(t, st.CallsInProgress)
}

func TestCancelAndFail(t *testing.T) {
	f := newFixture(t, nil, token)
	a := f.create("demo", time.Hour, 10*time.Hour, "77012345678")
	b := f.create("other", 0, 10*time.Hour, "77012345679")
	path := func(tmpl, id string) string { return strings.Replace(tmpl, "{call_campaign_uuid}", id, 1) }

	var st api.CampaignState
	r := f.do(http.MethodPost, path(api.AdminCancel, a), "")
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	r.decode(t, &st)
	assert.Equal(t, api.CampaignState{CallCampaignUUID: a, CallCampaignStatus: api.CampaignCanceled}, st)

	r = f.do(http.MethodPost, path(api.AdminFail, b), "")
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	r.decode(t, &st)
	assert.Equal(t, api.CampaignState{CallCampaignUUID: b, CallCampaignStatus: api.CampaignFailed}, st)

	tests := []struct {
		name, path string
		want       int
	}{
		{"cancel a canceled campaign", path(api.AdminCancel, a), http.StatusConflict},
		{"fail a canceled campaign", path(api.AdminFail, a), http.StatusConflict},
		{"cancel a failed campaign", path(api.AdminCancel, b), http.StatusConflict},
		{"cancel an unknown campaign", path(api.AdminCancel, "0b5d5f5e-8f7e-4c3a-9a1b-2c3d4e5f6a7b"), http.StatusNotFound},
		{"fail an unknown campaign", path(api.AdminFail, "0b5d5f5e-8f7e-4c3a-9a1b-2c3d4e5f6a7b"), http.StatusNotFound},
		{"cancel a non-UUID", path(api.AdminCancel, "not-a-uuid"), http.StatusUnprocessableEntity},
		{"fail a braced UUID", path(api.AdminFail, "{"+a+"}"), http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, tt.path, "")
			assert.Equal(t, tt.want, r.status, "body: %s", r.body)
			p := r.problem(t)
			if tt.want == http.StatusUnprocessableEntity {
				assert.Contains(t, locs(p), []any{"path", "call_campaign_uuid"})
			}
		})
	}
}

func TestRequests(t *testing.T) {
	f := newFixture(t, nil, token)
	list := func(query string) ([]api.JournalEntry, reply) {
		r := f.do(http.MethodGet, api.AdminRequests+query, "")
		var es []api.JournalEntry
		if r.status == http.StatusOK {
			r.decode(t, &es)
		}
		return es, r
	}
	es, r := list("")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "[]\n", string(r.body), "an empty journal is an empty array")
	assert.Empty(t, es)

	for i := range 150 {
		f.journal.Record(api.JournalEntry{Method: "GET", Path: fmt.Sprintf("/p/%d", i), Route: api.RouteListCalls, Status: 200})
	}
	es, _ = list("")
	assert.Len(t, es, DefaultRequestsLimit)
	assert.Equal(t, "/p/149", es[0].Path, "newest first")
	assert.True(t, es[0].At.Equal(start), "stamped from the mock's clock")

	es, _ = list("?limit=3")
	require.Len(t, es, 3)
	assert.Equal(t, []string{"/p/149", "/p/148", "/p/147"}, []string{es[0].Path, es[1].Path, es[2].Path})

	es, _ = list("?limit=5000")
	assert.Len(t, es, 120, "a limit above the journal's size gets the whole journal")
	assert.Equal(t, "/p/30", es[119].Path)

	for _, q := range []string{"?limit=0", "?limit=-1", "?limit=abc", "?limit=", "?limit=1.5", "?limit=5&limit=6"} {
		_, r := list(q)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, q)
		assert.Contains(t, locs(r.problem(t)), []any{"query", "limit"}, q)
	}
}

func TestFaults(t *testing.T) {
	f := newFixture(t, nil, token)
	var got api.Faults
	r := f.do(http.MethodGet, api.AdminFaults, "")
	require.Equal(t, http.StatusOK, r.status)
	assert.JSONEq(t, `{"seed":1,"rules":[]}`, string(r.body))

	rules := `{"seed": 42, "rules": [
		{"route": "/api/v1/call-campaign/{call_campaign_uuid}/calls", "method": "get", "error_rate": 0.2},
		{"route": "*", "latency": {"distribution": "lognormal", "mean": "120ms", "stddev": "40ms"}, "rate_limit_rate": 0.05}
	]}`
	r = f.do(http.MethodPut, api.AdminFaults, rules)
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	r.decode(t, &got)
	assert.Equal(t, int64(42), got.Seed)
	require.Len(t, got.Rules, 2)
	assert.Equal(t, "GET", got.Rules[0].Method)
	assert.Equal(t, 500, got.Rules[0].ErrorStatus, "defaults are filled in")
	assert.Equal(t, 1, got.Rules[1].RetryAfterSec)
	assert.Equal(t, got, f.faults.Get())

	r = f.do(http.MethodGet, api.AdminFaults, "")
	var again api.Faults
	r.decode(t, &again)
	assert.Equal(t, got, again)

	bad := []struct {
		name, body string
		loc        []any
	}{
		{"rate above 1", `{"rules": [{"route": "*", "error_rate": 1.5}]}`, []any{"body", "rules", 0, "error_rate"}},
		{"unknown route", `{"rules": [{"route": "*"}, {"route": "/nope"}]}`, []any{"body", "rules", 1, "route"}},
		{"bad status", `{"rules": [{"route": "*", "error_rate": 1, "error_status": 200}]}`, []any{"body", "rules", 0, "error_status"}},
		{"bad latency", `{"rules": [{"route": "*", "latency": {"distribution": "fixed", "mean": "fast"}}]}`, []any{"body", "rules", 0, "latency", "mean"}},
		{"wrong type", `{"rules": [{"route": "*", "error_rate": "half"}]}`, []any{"body", "rules", 0, "error_rate"}},
		{"unknown field", `{"rules": [{"route": "*", "eror_rate": 0.5}]}`, []any{"body", "rules", 0, "eror_rate"}},
		{"unknown latency field", `{"rules": [{"route": "*"}, {"route": "*", "latency": {"distribution": "fixed", "meen": "1s"}}]}`, []any{"body", "rules", 1, "latency", "meen"}},
		{"wrong latency type", `{"rules": [{"route": "*", "latency": {"distribution": "fixed", "mean": 5}}]}`, []any{"body", "rules", 0, "latency", "mean"}},
		{"unknown top-level field", `{"seed": 1, "rule": []}`, []any{"body", "rule"}},
		{"seed not an integer", `{"seed": "x", "rules": []}`, []any{"body", "seed"}},
		{"rules not an array", `{"rules": {}}`, []any{"body", "rules"}},
		{"not an object", `[]`, []any{"body"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPut, api.AdminFaults, tt.body)
			assert.Equal(t, http.StatusUnprocessableEntity, r.status, "body: %s", r.body)
			assert.Contains(t, locs(r.problem(t)), tt.loc)
			assert.Equal(t, got, f.faults.Get(), "a rejected PUT changes nothing")
		})
	}

	r = f.do(http.MethodDelete, api.AdminFaults, "")
	require.Equal(t, http.StatusOK, r.status)
	assert.JSONEq(t, `{"seed":1,"rules":[]}`, string(r.body))
	assert.Empty(t, f.faults.Get().Rules)
}

func TestKeys(t *testing.T) {
	f := newFixture(t, nil, token)
	const key = "brand-new-secret-key"
	fp := firm.Fingerprint(key)

	r := f.do(http.MethodPost, api.AdminKeys, `{"key": "`+key+`", "firm": "other", "active": false}`)
	require.Equal(t, http.StatusCreated, r.status, "body: %s", r.body)
	var k api.APIKey
	r.decode(t, &k)
	assert.Equal(t, api.APIKey{Fingerprint: fp, Firm: "other", Active: false}, k)
	assert.Equal(t, api.AdminKeys+"/"+fp, r.header.Get("Location"))
	_, err := f.firms.Authenticate(key)
	require.ErrorIs(t, err, firm.ErrInactiveKey)

	r = f.do(http.MethodPost, api.AdminKeys, `{"key": "defaults-to-active", "firm": "demo"}`)
	require.Equal(t, http.StatusCreated, r.status)
	r.decode(t, &k)
	assert.True(t, k.Active, "a key is active unless told otherwise")

	r = f.do(http.MethodGet, api.AdminKeys, "")
	require.Equal(t, http.StatusOK, r.status)
	var keys []api.APIKey
	r.decode(t, &keys)
	assert.Len(t, keys, 3)
	assert.NotContains(t, string(r.body), `"key"`, "listings never carry a key")

	bad := []struct {
		name, method, path, body string
		want                     int
		loc                      []any
	}{
		{"duplicate key", http.MethodPost, api.AdminKeys, `{"key": "` + key + `", "firm": "demo"}`, http.StatusConflict, nil},
		{"unknown firm", http.MethodPost, api.AdminKeys, `{"key": "k2", "firm": "ghost"}`, http.StatusUnprocessableEntity, []any{"body", "firm"}},
		{"no firm", http.MethodPost, api.AdminKeys, `{"key": "k2"}`, http.StatusUnprocessableEntity, []any{"body", "firm"}},
		{"no key", http.MethodPost, api.AdminKeys, `{"firm": "demo"}`, http.StatusUnprocessableEntity, []any{"body", "key"}},
		{"key with a space", http.MethodPost, api.AdminKeys, `{"key": "a b", "firm": "demo"}`, http.StatusUnprocessableEntity, []any{"body", "key"}},
		{"active not a bool", http.MethodPost, api.AdminKeys, `{"key": "k3", "firm": "demo", "active": "yes"}`, http.StatusUnprocessableEntity, []any{"body", "active"}},
		{"patch without active", http.MethodPatch, api.AdminKeys + "/" + fp, `{}`, http.StatusUnprocessableEntity, []any{"body", "active"}},
		{"patch an unknown key", http.MethodPatch, api.AdminKeys + "/0123456789abcdef", `{"active": true}`, http.StatusNotFound, nil},
		{"patch a malformed fingerprint", http.MethodPatch, api.AdminKeys + "/xyz", `{"active": true}`, http.StatusUnprocessableEntity, []any{"path", "fingerprint"}},
		{"delete an unknown key", http.MethodDelete, api.AdminKeys + "/0123456789abcdef", ``, http.StatusNotFound, nil},
		{"delete a malformed fingerprint", http.MethodDelete, api.AdminKeys + "/" + key, ``, http.StatusUnprocessableEntity, []any{"path", "fingerprint"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(tt.method, tt.path, tt.body)
			assert.Equal(t, tt.want, r.status, "body: %s", r.body)
			p := r.problem(t)
			if tt.loc != nil {
				assert.Contains(t, locs(p), tt.loc)
			}
		})
	}

	r = f.do(http.MethodPatch, api.AdminKeys+"/"+strings.ToUpper(fp), `{"active": true}`)
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	r.decode(t, &k)
	assert.Equal(t, api.APIKey{Fingerprint: fp, Firm: "other", Active: true}, k)
	firmID, err := f.firms.Authenticate(key)
	require.NoError(t, err)
	assert.Equal(t, "other", firmID)

	r = f.do(http.MethodDelete, api.AdminKeys+"/"+fp, "")
	require.Equal(t, http.StatusOK, r.status)
	r.decode(t, &k)
	assert.Equal(t, fp, k.Fingerprint)
	_, err = f.firms.Authenticate(key)
	require.ErrorIs(t, err, firm.ErrUnknownKey)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, api.AdminKeys+"/"+fp, "").status)
}

func TestFirms(t *testing.T) {
	f := newFixture(t, nil, token)
	f.create("demo", time.Hour, 2*time.Hour, "77012345678")
	f.create("demo", time.Hour, 2*time.Hour, "77012345678")

	r := f.do(http.MethodPost, api.AdminFirms, `{"id": "acme", "name": "Acme"}`)
	require.Equal(t, http.StatusCreated, r.status, "body: %s", r.body)
	var fm api.Firm
	r.decode(t, &fm)
	assert.Equal(t, api.Firm{ID: "acme", Name: "Acme"}, fm)

	r = f.do(http.MethodPost, api.AdminFirms, `{"id": "acme", "name": "Acme Inc", "campaigns": 9, "keys": 9}`)
	require.Equal(t, http.StatusOK, r.status, "re-posting a firm renames it")
	r.decode(t, &fm)
	assert.Equal(t, api.Firm{ID: "acme", Name: "Acme Inc"}, fm, "counts in the body are ignored")

	r = f.do(http.MethodGet, api.AdminFirms, "")
	require.Equal(t, http.StatusOK, r.status)
	var firms []api.Firm
	r.decode(t, &firms)
	assert.Equal(t, []api.Firm{
		{ID: "acme", Name: "Acme Inc"},
		{ID: "demo", Name: "Demo Firm", Campaigns: 2, Keys: 1},
		{ID: "other", Name: "Other Firm"},
	}, firms)

	bad := []struct{ name, body string }{
		{"no id", `{"name": "x"}`},
		{"id with a space", `{"id": "a b"}`},
		{"name too long", `{"id": "long", "name": "` + strings.Repeat("n", MaxFirmName+1) + `"}`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, api.AdminFirms, tt.body)
			assert.Equal(t, http.StatusUnprocessableEntity, r.status, "body: %s", r.body)
			r.problem(t)
		})
	}
	assert.Len(t, f.firms.Firms(), 3)
}

func TestReset(t *testing.T) {
	f := newFixture(t, nil, token)
	f.create("demo", time.Hour, 2*time.Hour, "77012345678")
	require.NoError(t, f.faults.Set(api.Faults{Rules: []api.FaultRule{{Route: "*", ErrorRate: 1}}}))
	f.journal.Record(api.JournalEntry{Method: "GET", Path: "/x"})
	_, err := f.clk.Advance(5 * time.Hour)
	require.NoError(t, err)

	r := f.do(http.MethodPost, api.AdminReset, `{"clock": "not a time"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
	assert.Contains(t, locs(r.problem(t)), []any{"body", "clock"})
	assert.Equal(t, 1, f.svc.FirmCampaigns("demo"), "a rejected reset changes nothing")
	assert.Equal(t, 1, f.journal.Len())

	st := clockOf(t, f.do(http.MethodPost, api.AdminReset, ""))
	assert.True(t, st.Now.Equal(start.Add(5*time.Hour)), "without a body the clock stays")
	assert.Zero(t, f.svc.FirmCampaigns("demo"))
	assert.Zero(t, f.journal.Len())
	assert.Empty(t, f.faults.Get().Rules)
	assert.Len(t, f.firms.Firms(), 2, "firms stay")
	firmID, err := f.firms.Authenticate("demo-active-key")
	require.NoError(t, err, "keys stay")
	assert.Equal(t, "demo", firmID)

	st = clockOf(t, f.do(http.MethodPost, api.AdminReset, `{"clock": "2026-01-15T06:00:00Z"}`))
	assert.True(t, st.Now.Equal(start.Add(-2*time.Hour)), "a reset may move the clock backwards")

	// After a reset the same requests get the same answers as after a start.
	id := f.create("demo", time.Hour, 2*time.Hour, "77012345678")
	fresh := newFixture(t, clock.NewManual(start.Add(-2*time.Hour)), token)
	assert.Equal(t, fresh.create("demo", time.Hour, 2*time.Hour, "77012345678"), id)

	assert.Equal(t, http.StatusOK, f.do(http.MethodPost, api.AdminReset, `{}`).status)
}

func TestBadBodies(t *testing.T) {
	f := newFixture(t, nil, token)
	tests := []struct {
		name, body string
		want       int
	}{
		{"malformed", `{"by": `, http.StatusUnprocessableEntity},
		{"not JSON", `by=90m`, http.StatusUnprocessableEntity},
		{"an array", `["90m"]`, http.StatusUnprocessableEntity},
		{"a number", `90`, http.StatusUnprocessableEntity},
		{"null", `null`, http.StatusUnprocessableEntity},
		{"trailing data", `{"by": "90m"} {"by": "1h"}`, http.StatusUnprocessableEntity},
		{"too large", `{"by": "` + strings.Repeat("9", MaxBody) + `"}`, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(http.MethodPost, api.AdminAdvance, tt.body)
			assert.Equal(t, tt.want, r.status, "body: %.200s", r.body)
			r.problem(t)
			assert.True(t, f.clk.Now().Equal(start))
		})
	}
}

func TestNeverLogsOrEchoesAKey(t *testing.T) {
	f := newFixture(t, nil, token)
	const key = "super-secret-partner-key"
	fp := firm.Fingerprint(key)
	var bodies []string
	for _, req := range []struct{ method, path, body string }{
		{http.MethodPost, api.AdminKeys, `{"key": "` + key + `", "firm": "demo"}`},
		{http.MethodPost, api.AdminKeys, `{"key": "` + key + `", "firm": "demo"}`}, // 409
		{http.MethodGet, api.AdminKeys, ``},
		{http.MethodPatch, api.AdminKeys + "/" + fp, `{"active": false}`},
		{http.MethodDelete, api.AdminKeys + "/" + fp, ``},
	} {
		bodies = append(bodies, string(f.do(req.method, req.path, req.body).body))
	}
	for _, b := range bodies {
		assert.NotContains(t, b, key)
	}
	logs := f.logs.String()
	assert.NotContains(t, logs, key)
	assert.NotContains(t, logs, token)
	assert.Contains(t, logs, fp, "keys are logged by fingerprint")
}

func TestConcurrentAdminCalls(t *testing.T) {
	f := newFixture(t, nil, token)
	f.create("demo", time.Minute, 48*time.Hour, "77012345678", "77012345679", "77012345680")
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				switch i {
				case 0:
					assert.Equal(t, http.StatusOK, f.do(http.MethodPost, api.AdminAdvance, `{"by": "10m"}`).status)
				case 1:
					assert.Equal(t, http.StatusOK, f.do(http.MethodGet, api.AdminClock, "").status)
				case 2:
					assert.Equal(t, http.StatusOK, f.do(http.MethodPut, api.AdminFaults, `{"rules": [{"route": "*", "error_rate": 0.1}]}`).status)
				case 3:
					assert.Equal(t, http.StatusOK, f.do(http.MethodGet, api.AdminFirms, "").status)
				}
			}
		}()
	}
	wg.Wait()
	assert.True(t, f.clk.Now().Equal(start.Add(100*time.Minute)))
}
