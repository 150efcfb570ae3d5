package mockserver

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
	"github.com/callharness/callharness/spec"
	"github.com/callharness/callharness/spec/spectest"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// Keys and token of every test mock, so that failures are easy to read.
const (
	keyActive   = "test-active-key"
	keyInactive = "test-inactive-key"
	keyOther    = "test-other-firm-key"
	tokenAdmin  = "test-admin-token"
	testStart   = "2026-01-15T08:00:00Z"
)

var (
	validatorOnce sync.Once
	validator     *spec.Validator
	validatorErr  error
)

// specValidator is built once per test binary: building it is not cheap.
func specValidator(t testing.TB) *spec.Validator {
	validatorOnce.Do(func() { validator, validatorErr = spec.NewDefault() })
	require.NoError(t, validatorErr)
	return validator
}

// harness is a mock on a manual clock behind a real HTTP server whose every
// response is held to openapi.yaml.
type harness struct {
	t   testing.TB
	m   *Mock
	srv *httptest.Server
	log *syncBuffer
}

// testConfig is the configuration of the test mocks.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Clock = "manual"
	cfg.ClockStart = testStart
	cfg.APIKeys = []string{keyActive}
	cfg.InactiveKeys = []string{keyInactive}
	cfg.OtherFirmKeys = []string{keyOther}
	cfg.AdminToken = tokenAdmin
	return cfg
}

func newHarness(t testing.TB, change ...func(*Config)) *harness {
	t.Helper()
	cfg := testConfig()
	for _, c := range change {
		c(&cfg)
	}
	buf := &syncBuffer{}
	m, err := New(cfg, slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	require.NoError(t, err)
	var h http.Handler = m.Handler()
	if cfg.ErrorStyle == ErrorStyleProblem {
		h = spectest.Middleware(t, specValidator(t), h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &harness{t: t, m: m, srv: srv, log: buf}
}

// reply is a response as the tests look at it.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) problem(t testing.TB) api.Problem {
	t.Helper()
	var p api.Problem
	require.NoError(t, json.Unmarshal(r.body, &p), "body: %s", r.body)
	return p
}

// locs lists the offending locations of a 422, each joined with dots.
func (r reply) locs(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, f := range r.problem(t).Errors {
		parts := make([]string, len(f.Loc))
		for i, l := range f.Loc {
			parts[i] = fmt.Sprint(l)
		}
		out = append(out, strings.Join(parts, "."))
	}
	return out
}

// do sends a request with key (none if empty) and a JSON body (none if nil).
func (h *harness) do(method, path, key string, body any) reply {
	h.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/json"
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		require.NoError(h.t, err)
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	return h.send(method, path, key, ctype, rd)
}

func (h *harness) send(method, path, key, ctype string, body io.Reader) reply {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, body)
	require.NoError(h.t, err)
	if key != "" {
		req.Header.Set(api.HeaderAPIKey, key)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := h.srv.Client().Do(req)
	require.NoError(h.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(h.t, err)
	return reply{status: res.StatusCode, header: res.Header, body: data}
}

// admin sends an admin request with the test token and a JSON body (none if "").
func (h *harness) admin(method, path, body string) reply {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	require.NoError(h.t, err)
	req.Header.Set(api.HeaderAdminToken, tokenAdmin)
	res, err := h.srv.Client().Do(req)
	require.NoError(h.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(h.t, err)
	return reply{status: res.StatusCode, header: res.Header, body: data}
}

// record is a call record of the documentation's shape.
func record(phone string) map[string]any {
	return map[string]any{
		"phone_number": phone, "language": "RU", "gender_voice": "male",
		"agent_name": "sales_agent_v2", "variables": map[string]any{"client_name": "John Doe", "debt_amount": 15000},
	}
}

// campaignBody is a create body with a window from start to end (hours
// after testStart) and the given records.
func campaignBody(startH, endH float64, recs ...map[string]any) map[string]any {
	base, _ := time.Parse(time.RFC3339, testStart)
	at := func(h float64) string { return base.Add(time.Duration(h * float64(time.Hour))).Format(api.TimeLayout) }
	if recs == nil {
		recs = []map[string]any{}
	}
	return map[string]any{
		"call_campaign_name": "January Outreach", "start_at": at(startH), "end_at": at(endH),
		"retry": 2, "speed": 5, "retry_interval": 30, "call_records": recs,
	}
}

// create makes a campaign of the demo firm and returns its id.
func (h *harness) create(body map[string]any) string {
	h.t.Helper()
	r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, body)
	require.Equal(h.t, http.StatusCreated, r.status, "create: %s", r.body)
	var resp api.CreateCampaignResponse
	require.NoError(h.t, json.Unmarshal(r.body, &resp))
	return resp.CallCampaignUUID
}

// calls lists every call of a campaign (at most 1000).
func (h *harness) calls(id string) []api.Call {
	h.t.Helper()
	var out []api.Call
	for page := 1; page <= 10; page++ {
		r := h.do(http.MethodGet, fmt.Sprintf("/api/v1/call-campaign/%s/calls?page=%d&size=100", id, page), keyActive, nil)
		require.Equal(h.t, http.StatusOK, r.status, "list: %s", r.body)
		var list api.CallList
		require.NoError(h.t, json.Unmarshal(r.body, &list))
		out = append(out, list.Calls...)
		if len(out) >= list.Total {
			break
		}
	}
	return out
}

// events lists every call event of a campaign (at most 5000).
func (h *harness) events(id string) (api.CampaignDetails, []api.CallEvent) {
	h.t.Helper()
	var out []api.CallEvent
	var d api.CampaignDetails
	for page := 1; page <= 50; page++ {
		r := h.do(http.MethodGet, fmt.Sprintf("/api/v1/call-campaign/%s/details?page=%d&size=100", id, page), keyActive, nil)
		require.Equal(h.t, http.StatusOK, r.status, "details: %s", r.body)
		d = api.CampaignDetails{} // a fresh value: Unmarshal would reuse the pointers of the last page
		require.NoError(h.t, json.Unmarshal(r.body, &d))
		out = append(out, d.Items...)
		if len(out) >= d.Total {
			break
		}
	}
	return d, out
}

// advance moves the manual clock and lets the dialer catch up.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	_, err := h.m.Clock().Advance(d)
	require.NoError(h.t, err)
	h.m.Service().Sync()
}

func campaignPath(id, suffix string) string { return "/api/v1/call-campaign/" + id + suffix }

func newUUID() string { return uuid.NewString() }

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
