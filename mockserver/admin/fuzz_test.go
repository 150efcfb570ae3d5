package admin

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/callharness/callharness/api"
)

func FuzzParseAdvance(f *testing.F) {
	for _, s := range []string{"90m", "1d", "2d12h", "0s", "-1h", "1d-1h", "9999d", "soon", "", "1.5h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseAdvance(s)
		if err == nil && (d <= 0 || d > MaxAdvance) {
			t.Fatalf("parseAdvance(%q) = %s, out of (0, %s]", s, d, MaxAdvance)
		}
	})
}

// FuzzAdminBodies sends arbitrary bodies to every admin operation that
// takes one: never a 5xx, never a panic.
func FuzzAdminBodies(f *testing.F) {
	for _, s := range []string{
		`{"by": "90m"}`, `{"now": "2026-01-16T00:00:00Z"}`, `{"clock": "2026-01-15T00:00:00Z"}`,
		`{"rules": [{"route": "*", "error_rate": 0.5, "latency": {"distribution": "normal", "mean": "1s", "stddev": "1s"}}]}`,
		`{"key": "k", "firm": "demo"}`, `{"active": false}`, `{"id": "f", "name": "F"}`,
		`[]`, `null`, `{"rules": [null]}`, `{"rules": [{"latency": null}]}`, "\xff", `{"by": "1d"}{`,
	} {
		f.Add(s)
	}
	fx := newFixture(f, nil, token)
	h := New(Deps{Token: token, Service: fx.svc, Clock: fx.clk, Firms: fx.firms, Journal: fx.journal, Faults: fx.faults})
	targets := []struct{ method, path string }{
		{http.MethodPost, api.AdminAdvance}, {http.MethodPost, api.AdminSetClock}, {http.MethodPost, api.AdminReset},
		{http.MethodPut, api.AdminFaults}, {http.MethodPost, api.AdminKeys}, {http.MethodPatch, api.AdminKeys + "/0123456789abcdef"},
		{http.MethodPost, api.AdminFirms},
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, tg := range targets {
			req := httptest.NewRequest(tg.method, tg.path, strings.NewReader(body))
			req.Header.Set(api.HeaderAdminToken, token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s %q: %d %s", tg.method, tg.path, body, rec.Code, rec.Body)
			}
		}
		fx.clk.Reset(start) // keep advances from piling up
	})
}
