package spec_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/spec"
)

const (
	campaignID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	callID     = "9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34"
)

func validator(t testing.TB) *spec.Validator {
	t.Helper()
	v, err := spec.NewDefault()
	require.NoError(t, err)
	return v
}

func record(phone string) string {
	return `{"phone_number":"` + phone + `","language":"RU","gender_voice":"male","agent_name":"a"}`
}

func createBody(extra string, records ...string) string {
	b := `{"call_campaign_name":"January Outreach","start_at":"2026-01-15T09:00:00.000Z","end_at":"2026-01-15T18:00:00Z"`
	if extra != "" {
		b += "," + extra
	}
	return b + `,"call_records":[` + strings.Join(records, ",") + `]}`
}

func newRequest(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// locs lists the locations of errs, and their types, for comparing.
func locs(errs []api.FieldError) (loc [][]any, types []string) {
	for _, e := range errs {
		loc = append(loc, e.Loc)
		types = append(types, e.Type)
	}
	return loc, types
}

func TestDEC3_ValidateRequestLocations(t *testing.T) {
	v := validator(t)
	base := "/api/v1/call-campaign/" + campaignID
	good := record("77012345678")
	tests := []struct {
		name        string
		method      string
		target      string
		body        string
		contentType string
		wantLoc     [][]any
		wantType    []string
	}{
		{name: "create, good", method: "POST", target: "/api/v1/call-campaign", body: createBody("", good)},
		{name: "create, good, every option", method: "POST", target: "/api/v1/call-campaign",
			body: createBody(`"retry":10,"speed":100,"retry_interval":1440,"day_unique":"delete","transfer_next_day":true,"allow_dynamic_call_appending":true,"unknown_field":1`,
				`{"phone_number":"+77012345678","language":"kz","gender_voice":"female","agent_name":"b","variables":{"n":1,"s":"x"}}`,
				`{"phone_number":"123456789012345","language":"eng","gender_voice":"male","agent_name":"c","variables":null}`)},
		{name: "create, no records (DEC-9)", method: "POST", target: "/api/v1/call-campaign", body: createBody("")},
		{name: "create, day_unique null (DEC-8)", method: "POST", target: "/api/v1/call-campaign", body: createBody(`"day_unique":null`, good)},
		{name: "create, offset time (DEC-5)", method: "POST", target: "/api/v1/call-campaign",
			body: `{"call_campaign_name":"x","start_at":"2026-01-15T09:00:00+05:00","end_at":"2026-01-15T18:00:00.5-01:00","call_records":[]}`},
		{name: "create, missing name", method: "POST", target: "/api/v1/call-campaign",
			body:    `{"start_at":"2026-01-15T09:00:00Z","end_at":"2026-01-15T18:00:00Z","call_records":[]}`,
			wantLoc: [][]any{{"body", "call_campaign_name"}}, wantType: []string{"missing"}},
		{name: "create, missing record field", method: "POST", target: "/api/v1/call-campaign",
			body:    createBody("", good, `{"phone_number":"77012345678","language":"RU","gender_voice":"male"}`),
			wantLoc: [][]any{{"body", "call_records", 1, "agent_name"}}, wantType: []string{"missing"}},
		{name: "create, retry a string", method: "POST", target: "/api/v1/call-campaign", body: createBody(`"retry":"2"`, good),
			wantLoc: [][]any{{"body", "retry"}}, wantType: []string{"type_error"}},
		{name: "create, retry not integral", method: "POST", target: "/api/v1/call-campaign", body: createBody(`"retry":1.5`, good),
			wantLoc: [][]any{{"body", "retry"}}, wantType: []string{"type_error"}},
		{name: "create, bounds (DEC-7)", method: "POST", target: "/api/v1/call-campaign", body: createBody(`"retry":11,"speed":0,"retry_interval":1441`, good),
			wantLoc:  [][]any{{"body", "retry"}, {"body", "retry_interval"}, {"body", "speed"}},
			wantType: []string{"less_than_equal", "less_than_equal", "greater_than_equal"}},
		{name: "create, bad phone at index 3", method: "POST", target: "/api/v1/call-campaign",
			body:    createBody("", good, good, good, record("+7 701 234 56 78")),
			wantLoc: [][]any{{"body", "call_records", 3, "phone_number"}}, wantType: []string{"string_pattern_mismatch"}},
		{name: "create, bad day_unique (DEC-8)", method: "POST", target: "/api/v1/call-campaign", body: createBody(`"day_unique":"keep"`, good),
			wantLoc: [][]any{{"body", "day_unique"}}, wantType: []string{"enum"}},
		{name: "create, bad gender and language", method: "POST", target: "/api/v1/call-campaign",
			body:     createBody("", `{"phone_number":"77012345678","language":"R","gender_voice":"robot","agent_name":""}`),
			wantLoc:  [][]any{{"body", "call_records", 0, "agent_name"}, {"body", "call_records", 0, "gender_voice"}, {"body", "call_records", 0, "language"}},
			wantType: []string{"string_too_short", "enum", "string_pattern_mismatch"}},
		{name: "create, variables an array", method: "POST", target: "/api/v1/call-campaign",
			body:    createBody("", `{"phone_number":"77012345678","language":"RU","gender_voice":"male","agent_name":"a","variables":[1]}`),
			wantLoc: [][]any{{"body", "call_records", 0, "variables"}}, wantType: []string{"type_error"}},
		{name: "create, name too long", method: "POST", target: "/api/v1/call-campaign",
			body:    `{"call_campaign_name":"` + strings.Repeat("n", 256) + `","start_at":"2026-01-15T09:00:00Z","end_at":"2026-01-15T18:00:00Z","call_records":[]}`,
			wantLoc: [][]any{{"body", "call_campaign_name"}}, wantType: []string{"string_too_long"}},
		{name: "create, time without offset (DEC-5)", method: "POST", target: "/api/v1/call-campaign",
			body:    `{"call_campaign_name":"x","start_at":"2026-01-15T09:00:00","end_at":"2026-01-15T18:00:00Z","call_records":[]}`,
			wantLoc: [][]any{{"body", "start_at"}}, wantType: []string{"datetime_parsing"}},
		{name: "create, malformed JSON", method: "POST", target: "/api/v1/call-campaign", body: `{"call_campaign_name":`,
			wantLoc: [][]any{{"body"}}, wantType: []string{"json_invalid"}},
		{name: "create, two JSON values", method: "POST", target: "/api/v1/call-campaign", body: createBody("", good) + ` {}`,
			wantLoc: [][]any{{"body"}}, wantType: []string{"json_invalid"}},
		{name: "create, invalid UTF-8", method: "POST", target: "/api/v1/call-campaign", body: "{\"call_campaign_name\":\"\xff\"}",
			wantLoc: [][]any{{"body"}}, wantType: []string{"json_invalid"}},
		{name: "create, JSON array body", method: "POST", target: "/api/v1/call-campaign", body: `[` + createBody("", good) + `]`,
			wantLoc: [][]any{{"body"}}, wantType: []string{"type_error"}},
		{name: "create, JSON number body", method: "POST", target: "/api/v1/call-campaign", body: `42`,
			wantLoc: [][]any{{"body"}}, wantType: []string{"type_error"}},
		{name: "create, JSON null body", method: "POST", target: "/api/v1/call-campaign", body: `null`,
			wantLoc: [][]any{{"body"}}, wantType: []string{"type_error"}},
		{name: "create, empty body", method: "POST", target: "/api/v1/call-campaign", contentType: "application/json",
			wantLoc: [][]any{{"body"}}, wantType: []string{"missing"}},
		{name: "create, text/plain", method: "POST", target: "/api/v1/call-campaign", body: createBody("", good), contentType: "text/plain",
			wantLoc: [][]any{{"header", "content-type"}}, wantType: []string{"unsupported_media_type"}},
		{name: "create, JSON with charset", method: "POST", target: "/api/v1/call-campaign", body: createBody("", good), contentType: "application/json; charset=utf-8"},
		{name: "append, good", method: "PUT", target: base + "/phone-number", body: `{"call_records":[` + good + `]}`},
		{name: "append, empty records (DEC-9)", method: "PUT", target: base + "/phone-number", body: `{"call_records":[]}`,
			wantLoc: [][]any{{"body", "call_records"}}, wantType: []string{"too_short"}},
		{name: "append, records missing", method: "PUT", target: base + "/phone-number", body: `{}`,
			wantLoc: [][]any{{"body", "call_records"}}, wantType: []string{"missing"}},
		{name: "append, bad uuid in path", method: "PUT", target: "/api/v1/call-campaign/not-a-uuid/phone-number", body: `{"call_records":[` + good + `]}`,
			wantLoc: [][]any{{"path", "call_campaign_uuid"}}, wantType: []string{"value_error"}},
		{name: "calls, good", method: "GET", target: base + "/calls?page=2&size=100"},
		{name: "calls, defaults", method: "GET", target: base + "/calls"},
		{name: "calls, size=0", method: "GET", target: base + "/calls?size=0",
			wantLoc: [][]any{{"query", "size"}}, wantType: []string{"greater_than_equal"}},
		{name: "calls, size=101", method: "GET", target: base + "/calls?size=101",
			wantLoc: [][]any{{"query", "size"}}, wantType: []string{"less_than_equal"}},
		{name: "calls, page=abc", method: "GET", target: base + "/calls?page=abc",
			wantLoc: [][]any{{"query", "page"}}, wantType: []string{"type_error"}},
		{name: "calls, page=0 and size empty", method: "GET", target: base + "/calls?page=0&size=",
			wantLoc: [][]any{{"query", "page"}, {"query", "size"}}, wantType: []string{"greater_than_equal", "type_error"}},
		{name: "calls, bad uuid in path", method: "GET", target: "/api/v1/call-campaign/3fa85f64/calls",
			wantLoc: [][]any{{"path", "call_campaign_uuid"}}, wantType: []string{"value_error"}},
		{name: "delete call, good", method: "DELETE", target: base + "/call/" + callID},
		{name: "delete call, bad call uuid", method: "DELETE", target: base + "/call/call-uuid-here",
			wantLoc: [][]any{{"path", "call_uuid"}}, wantType: []string{"value_error"}},
		{name: "delete by phone, good", method: "DELETE", target: base + "/phone-number/77012345678"},
		{name: "delete by phone, encoded plus", method: "DELETE", target: base + "/phone-number/%2B77012345678"},
		{name: "delete by phone, bad phone (DOC)", method: "DELETE", target: base + "/phone-number/7701-234",
			wantLoc: [][]any{{"path", "phone_number"}}, wantType: []string{"string_pattern_mismatch"}},
		{name: "details, every filter", method: "GET",
			target: base + "/details?page=1&size=10&date=2026-01-15T00:00:00Z&call_status=VOICEMAIL&call_uuid=" + callID + "&phone_number=%2B77012345678"},
		{name: "details, bare date (DEC-33)", method: "GET", target: base + "/details?date=2026-01-15"},
		{name: "details, bad date", method: "GET", target: base + "/details?date=15.01.2026",
			wantLoc: [][]any{{"query", "date"}}, wantType: []string{"value_error"}},
		{name: "details, bad filters", method: "GET", target: base + "/details?size=0&call_status=PENDING&call_uuid=x&phone_number=abc",
			wantLoc:  [][]any{{"query", "size"}, {"query", "call_status"}, {"query", "call_uuid"}, {"query", "phone_number"}},
			wantType: []string{"greater_than_equal", "enum", "value_error", "string_pattern_mismatch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest(tt.method, tt.target, tt.body)
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			errs := v.ValidateRequest(context.Background(), r, []byte(tt.body))
			gotLoc, gotType := locs(errs)
			assert.ElementsMatch(t, tt.wantLoc, gotLoc, "locations of %+v", errs)
			if assert.Len(t, gotType, len(tt.wantType)) {
				for i, loc := range gotLoc {
					want := tt.wantType[indexOf(tt.wantLoc, loc)]
					assert.Equal(t, want, gotType[i], "type at %v", loc)
				}
			}
			for _, e := range errs {
				assert.NotEmpty(t, e.Msg, "msg at %v", e.Loc)
				assert.NotContains(t, e.Msg, "\n", "msg at %v is one line", e.Loc)
			}
		})
	}
}

func indexOf(locs [][]any, loc []any) int {
	for i, l := range locs {
		if assert.ObjectsAreEqual(l, loc) {
			return i
		}
	}
	return -1
}

func TestDEC11_PhoneMessageIsTheDocumentedOne(t *testing.T) {
	v := validator(t)
	r := newRequest("DELETE", "/api/v1/call-campaign/"+campaignID+"/phone-number/12ab", "")
	errs := v.ValidateRequest(context.Background(), r, nil)
	require.Len(t, errs, 1)
	assert.Equal(t, "Invalid phone number format", errs[0].Msg)
}

func TestValidateRequestLeavesTheRequestAlone(t *testing.T) {
	v := validator(t)
	r := newRequest("GET", "/api/v1/call-campaign/"+campaignID+"/calls", "")
	require.Empty(t, v.ValidateRequest(context.Background(), r, nil))
	assert.Empty(t, r.URL.RawQuery, "defaults must not be written into the caller's request")
}

func TestFindRoute(t *testing.T) {
	v := validator(t)
	tests := []struct {
		method, target string
		template, op   string
		params         map[string]string
		err            error
	}{
		{"POST", "/api/v1/call-campaign", api.RouteCreateCampaign, api.OpCreateCampaign, map[string]string{}, nil},
		{"PUT", "/api/v1/call-campaign/" + campaignID + "/phone-number", api.RouteAppendCalls, api.OpAppendCalls,
			map[string]string{"call_campaign_uuid": campaignID}, nil},
		{"GET", "/api/v1/call-campaign/" + campaignID + "/calls?page=2", api.RouteListCalls, api.OpListCalls,
			map[string]string{"call_campaign_uuid": campaignID}, nil},
		{"DELETE", "/api/v1/call-campaign/" + campaignID + "/call/" + callID, api.RouteDeleteCall, api.OpDeleteCall,
			map[string]string{"call_campaign_uuid": campaignID, "call_uuid": callID}, nil},
		{"DELETE", "/api/v1/call-campaign/" + campaignID + "/phone-number/%2B77012345678", api.RouteDeleteByPhone, api.OpDeleteByPhone,
			map[string]string{"call_campaign_uuid": campaignID, "phone_number": "+77012345678"}, nil},
		{"GET", "/api/v1/call-campaign/x/details", api.RouteDetails, api.OpDetails,
			map[string]string{"call_campaign_uuid": "x"}, nil},
		{"GET", "http://example.org:9999/api/v1/call-campaign/x/details", api.RouteDetails, api.OpDetails,
			map[string]string{"call_campaign_uuid": "x"}, nil},
		{"GET", "/api/v1/call-campaign", "", "", nil, spec.ErrMethodNotAllowed},
		{"DELETE", "/api/v1/call-campaign/x/phone-number", "", "", nil, spec.ErrMethodNotAllowed},
		{"GET", "/_mock/clock", "", "", nil, spec.ErrPathNotFound},
		{"GET", "/metrics", "", "", nil, spec.ErrPathNotFound},
		{"GET", "/api/v1/call-campaign/x/calls/extra", "", "", nil, spec.ErrPathNotFound},
		{"GET", "/api/v1/call-campaign/", "", "", nil, spec.ErrPathNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			route, err := v.FindRoute(httptest.NewRequest(tt.method, tt.target, nil))
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.template, route.Template)
			assert.Equal(t, tt.op, route.OperationID)
			assert.Equal(t, tt.method, route.Method)
			assert.Equal(t, tt.params, route.PathParams)
		})
	}
}

func TestFindRouteAllow(t *testing.T) {
	v := validator(t)
	_, err := v.FindRoute(httptest.NewRequest("PATCH", "/api/v1/call-campaign/x/phone-number", nil))
	var mna *spec.MethodNotAllowedError
	require.True(t, errors.As(err, &mna), "%v", err)
	assert.Equal(t, []string{"PUT"}, mna.Allow)
}

// TestDEC5_DateTimeMessages pins the messages of finding 8 of the breaker:
// a missing offset is reported as such, anything else that does not parse
// as not a valid RFC 3339 date-time, with the reason when there is one.
func TestDEC5_DateTimeMessages(t *testing.T) {
	for s, want := range map[string]string{
		"2026-01-15T09:00:00Z":        "",
		"2026-01-15T09:00:00.5+05:00": "",
		"2026-01-15T09:00:00":         "Z or an offset",
		"2026-01-15T09:00:00.250":     "Z or an offset",
		"2016-12-31T23:59:60Z":        "not a valid RFC 3339 date-time (second out of range)",
		"2026-02-30T09:00:00Z":        "not a valid RFC 3339 date-time (day out of range)",
		"2026-01-15 09:00:00Z":        "not a valid RFC 3339 date-time",
		"2026-01-15T09:00:00+5":       "not a valid RFC 3339 date-time",
		"tomorrow":                    "not a valid RFC 3339 date-time",
	} {
		got := spec.DateTimeMsg(s)
		if want == "" {
			assert.Empty(t, got, s)
			continue
		}
		assert.Contains(t, got, want, s)
		if !strings.Contains(want, "offset") {
			assert.NotContains(t, got, "offset", s)
		}
	}
}

// A request the mock's http.ServeMux routed carries its pattern, and
// ValidateRequest takes the operation and path parameters from it instead
// of routing again; the verdict must be the one of a request that has to
// be routed by kin-openapi.
func TestValidateRequestRoutedByPatternAgreesWithFindRoute(t *testing.T) {
	v := validator(t)
	type routedResult struct {
		pattern string
		errs    []api.FieldError
	}
	got := make(chan routedResult, 1)
	mux := http.NewServeMux()
	for _, route := range []string{"POST " + api.RouteCreateCampaign, "PUT " + api.RouteAppendCalls,
		"GET " + api.RouteListCalls, "DELETE " + api.RouteDeleteCall, "DELETE " + api.RouteDeleteByPhone,
		"GET " + api.RouteDetails} {
		mux.HandleFunc(route, func(w http.ResponseWriter, r *http.Request) {
			body := []byte(r.Header.Get("X-Test-Body"))
			got <- routedResult{r.Pattern, v.ValidateRequest(context.Background(), r, body)}
		})
	}
	tests := []struct{ method, target, body string }{
		{"POST", "/api/v1/call-campaign", createBody("", record("77012345678"))},
		{"POST", "/api/v1/call-campaign", createBody(`"retry":9`, record("12"))},
		{"PUT", "/api/v1/call-campaign/" + campaignID + "/phone-number", `{"call_records":[` + record("77012345678") + `]}`},
		{"PUT", "/api/v1/call-campaign/not-a-uuid/phone-number", `{"call_records":[]}`},
		{"GET", "/api/v1/call-campaign/" + campaignID + "/calls?page=2&size=50", ""},
		{"GET", "/api/v1/call-campaign/" + campaignID + "/calls?page=0&size=101", ""},
		{"HEAD", "/api/v1/call-campaign/" + campaignID + "/calls?size=x", ""},
		{"DELETE", "/api/v1/call-campaign/" + campaignID + "/call/" + callID, ""},
		{"DELETE", "/api/v1/call-campaign/" + campaignID + "/call/12", ""},
		{"DELETE", "/api/v1/call-campaign/" + campaignID + "/phone-number/%2B77012345678", ""},
		{"DELETE", "/api/v1/call-campaign/" + campaignID + "/phone-number/12ab", ""},
		{"GET", "/api/v1/call-campaign/" + campaignID + "/details?call_status=NOPE&date=2026-13-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			r := newRequest(tt.method, tt.target, tt.body)
			r.Header.Set("X-Test-Body", tt.body)
			mux.ServeHTTP(httptest.NewRecorder(), r)
			routed := <-got
			require.NotEmpty(t, routed.pattern, "the mux routed the request")

			unrouted := newRequest(tt.method, tt.target, tt.body)
			if tt.method == "HEAD" {
				unrouted.Method = "GET" // kin-openapi's router knows no HEAD; the mock asks it about the GET
			}
			require.Empty(t, unrouted.Pattern)
			assert.Equal(t, v.ValidateRequest(context.Background(), unrouted, []byte(tt.body)), routed.errs)
		})
	}
}
