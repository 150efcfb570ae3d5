package mockserver

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/callharness/callharness/api"
)

// BenchmarkListCallsHTTP is one GET …/calls of 50 calls over loopback HTTP,
// validation against openapi.yaml included (responses are not, here).
func BenchmarkListCallsHTTP(b *testing.B) {
	h := benchHarness(b)
	recs := make([]map[string]any, 200)
	for i := range recs {
		recs[i] = record(fmt.Sprintf("7701%03d4567", i))
	}
	id := h.create(campaignBody(1, 10, recs...))
	url := h.srv.URL + campaignPath(id, "/calls?page=2&size=50")
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set(api.HeaderAPIKey, keyActive)
		res, err := h.srv.Client().Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatal(err, res)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

// BenchmarkCreateCampaignHTTP is one POST of a campaign of 10 records.
func BenchmarkCreateCampaignHTTP(b *testing.B) {
	h := benchHarness(b)
	body := fmt.Sprintf(goodCreate, strings.TrimSuffix(strings.Repeat(goodRecord+",", 10), ","))
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+api.RouteCreateCampaign, strings.NewReader(body))
		req.Header.Set(api.HeaderAPIKey, keyActive)
		req.Header.Set("Content-Type", "application/json")
		res, err := h.srv.Client().Do(req)
		if err != nil || res.StatusCode != http.StatusCreated {
			b.Fatal(err, res)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

func benchHarness(b *testing.B) *harness {
	cfg := testConfig()
	cfg.JournalSize = 100
	m, err := New(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := &harness{t: b, m: m, log: &syncBuffer{}}
	h.srv = httptest.NewServer(m.Handler())
	b.Cleanup(h.srv.Close)
	return h
}
