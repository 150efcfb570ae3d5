package handler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/mockserver"
)

const key = "bench-key-0123456789"

// newMock is the mock as callharness mock builds it, logging requests as
// text to nowhere: the formatting is paid, the write syscall is not.
func newMock(tb testing.TB) http.Handler {
	cfg := mockserver.DefaultConfig()
	cfg.APIKeys, cfg.AdminToken = []string{key}, "bench-admin"
	cfg.Clock, cfg.ClockStart = "manual", "2026-01-15T08:00:00Z"
	m, err := mockserver.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	return m.Handler()
}

// body is a create body of n records like bench/driver's.
func body(n int) []byte {
	recs := make([]api.CallRecord, n)
	for i := range recs {
		recs[i] = api.CallRecord{
			PhoneNumber: fmt.Sprintf("7%07d%03d", i, 100+i%900), Language: "RU", GenderVoice: "female",
			AgentName: "sales_agent_v2",
			Variables: json.RawMessage(fmt.Sprintf(`{"client_name":"Client %d","debt_amount":%d,"contract_type":"auto_loan","foreign_id":"CRM-%d"}`, i, 1000+i, i)),
		}
	}
	retry := 2
	data, err := json.Marshal(api.CreateCampaignRequest{
		CallCampaignName: "bench", StartAt: "2026-01-15T09:00:00Z", EndAt: "2026-01-15T18:00:00Z",
		Retry: &retry, CallRecords: recs,
	})
	if err != nil {
		panic(err)
	}
	return data
}

func request(method, target string, data []byte) *http.Request {
	r := httptest.NewRequest(method, target, bytes.NewReader(data))
	r.Header.Set(api.HeaderAPIKey, key)
	if data != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// serve sends one request to h and returns the recorded answer.
func serve(h http.Handler, method, target string, data []byte) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, request(method, target, data))
	return w
}

// fixture is a mock with a campaign of 10 000 calls, and the answers the
// bare handler returns.
type fixture struct {
	mock             http.Handler
	listURL          string
	listBody, create []byte
}

func newFixture(b *testing.B) *fixture {
	f := &fixture{mock: newMock(b)}
	w := serve(f.mock, http.MethodPost, api.RouteCreateCampaign, body(10000))
	var created api.CreateCampaignResponse
	if err := json.Unmarshal(w.Body.Bytes(), &created); err != nil || w.Code != http.StatusCreated {
		b.Fatalf("create: %d %s", w.Code, w.Body.Bytes())
	}
	f.listURL = api.RouteCreateCampaign + "/" + created.CallCampaignUUID + "/calls?size=50"
	f.listBody = serve(f.mock, http.MethodGet, f.listURL, nil).Body.Bytes()
	f.create = serve(f.mock, http.MethodPost, api.RouteCreateCampaign, body(10)).Body.Bytes()
	return f
}

// bare answers like bench/bare: the captured bytes, nothing else.
func bare(status int, data []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(data)
	})
}

func run(b *testing.B, h http.Handler, method, target string, data []byte, want int) {
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, request(method, target, data))
		if w.Code != want {
			b.Fatalf("%s %s: %d %s", method, target, w.Code, w.Body.Bytes())
		}
	}
}

// BenchmarkListCalls is GET …/calls?size=50 of a 10 000-call campaign.
func BenchmarkListCalls(b *testing.B) {
	f := newFixture(b)
	b.Run("mock", func(b *testing.B) { run(b, f.mock, http.MethodGet, f.listURL, nil, http.StatusOK) })
	b.Run("bare", func(b *testing.B) {
		run(b, bare(http.StatusOK, f.listBody), http.MethodGet, f.listURL, nil, http.StatusOK)
	})
}

// BenchmarkCreate is POST create with 10 records.
func BenchmarkCreate(b *testing.B) {
	f := newFixture(b)
	data := body(10)
	b.Run("mock", func(b *testing.B) {
		run(b, f.mock, http.MethodPost, api.RouteCreateCampaign, data, http.StatusCreated)
	})
	b.Run("bare", func(b *testing.B) {
		run(b, bare(http.StatusCreated, f.create), http.MethodPost, api.RouteCreateCampaign, data, http.StatusCreated)
	})
}
