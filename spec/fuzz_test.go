package spec_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzValidateRequest: whatever a client sends, validation neither panics
// nor reports an error without a location inside the request.
func FuzzValidateRequest(f *testing.F) {
	v := validator(f)
	f.Add("POST", "/api/v1/call-campaign", "", createBody("", record("77012345678")))
	f.Add("POST", "/api/v1/call-campaign", "", `[{"call_records":[1]}]`)
	f.Add("PUT", "/api/v1/call-campaign/"+campaignID+"/phone-number", "", `{"call_records":[{"variables":7}]}`)
	f.Add("GET", "/api/v1/call-campaign/"+campaignID+"/details", "page=0&size=x&date=2026-13-01&call_status=&phone_number=%2B", "")
	f.Add("DELETE", "/api/v1/call-campaign/"+campaignID+"/phone-number/%ZZ", "", "")
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		u := &url.URL{Path: path, RawQuery: query}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Method = method
		r.URL = u
		r.Header.Set("Content-Type", "application/json")
		for _, e := range v.ValidateRequest(context.Background(), r, []byte(body)) {
			if len(e.Loc) == 0 {
				t.Fatalf("error without a location: %+v", e)
			}
			switch e.Loc[0] {
			case "body", "path", "query", "header":
			default:
				t.Fatalf("error outside the request: %+v", e)
			}
			if e.Msg == "" || e.Type == "" {
				t.Fatalf("error without msg or type: %+v", e)
			}
		}
	})
}
