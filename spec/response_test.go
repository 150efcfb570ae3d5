package spec_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/spec"
)

const (
	created     = `{"call_campaign_uuid":"3fa85f64-5717-4562-b3fc-2c963f66afa6","call_campaign_status":"DRAFT","call_records_count":1,"duplicates_removed":0,"message":"Campaign created successfully"}`
	liveEvent   = `{"call_event_uuid":"6e4f2a8c-9d1b-4c3e-b5a7-0f2d4e6a8c91","phone_number":"77012345678","agent_name":"a","language":"RU","variables":null,"started_at":"2026-01-15T09:05:00.000Z","duration_sec":null,"status":"IN_PROGRESS","fresult":null,"transcript":null,"summary":null,"user_sentiment":null,"call_uuid":"9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34"}`
	details     = `{"call_campaign_name":"x","start_at":"2026-01-15T09:00:00.000Z","end_at":"2026-01-15T18:00:00.000Z","retry":0,"retry_interval":30,"speed":1,"items":[` + liveEvent + `],"page":1,"size":10,"total":1}`
	notFound    = `{"type":"about:blank","title":"Not Found","status":404,"detail":"Campaign not found"}`
	invalid     = `{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"x","errors":[{"loc":["body","call_records",3,"phone_number"],"msg":"Invalid phone number format","type":"string_pattern_mismatch"}]}`
	jsonType    = "application/json"
	problemType = "application/problem+json"
)

func TestValidateResponse(t *testing.T) {
	v := validator(t)
	base := "/api/v1/call-campaign/" + campaignID
	tests := []struct {
		name, method, target string
		status               int
		contentType, body    string
		wantErr              string // "" for valid
	}{
		{"create 201", "POST", "/api/v1/call-campaign", 201, jsonType, created, ""},
		{"create 201 with charset", "POST", "/api/v1/call-campaign", 201, "application/json; charset=utf-8", created, ""},
		{"create 200 is undocumented", "POST", "/api/v1/call-campaign", 200, jsonType, created, "status is not supported"},
		{"create 404 is undocumented", "POST", "/api/v1/call-campaign", 404, problemType, notFound, "status is not supported"},
		{"create 500 is undocumented", "POST", "/api/v1/call-campaign", 500, problemType, notFound, "status is not supported"},
		{"create 201 without duplicates_removed (DEC-15)", "POST", "/api/v1/call-campaign", 201, jsonType,
			strings.Replace(created, `"duplicates_removed":0,`, "", 1), `"duplicates_removed" is missing`},
		{"create 201 with a wrong type", "POST", "/api/v1/call-campaign", 201, jsonType,
			strings.Replace(created, `"call_records_count":1`, `"call_records_count":"1"`, 1), "/call_records_count"},
		{"create 201 with an unknown status", "POST", "/api/v1/call-campaign", 201, jsonType,
			strings.Replace(created, `DRAFT`, `NEW`, 1), "/call_campaign_status"},
		{"create 201 as text/plain", "POST", "/api/v1/call-campaign", 201, "text/plain", created, "Content-Type"},
		{"create 201 not JSON", "POST", "/api/v1/call-campaign", 201, jsonType, `Campaign created`, "decode"},
		{"create 422", "POST", "/api/v1/call-campaign", 422, problemType, invalid, ""},
		{"create 422 without errors (DEC-4)", "POST", "/api/v1/call-campaign", 422, problemType, notFound, `"errors" is missing`},
		{"create 422 as plain JSON (DEC-4)", "POST", "/api/v1/call-campaign", 422, jsonType, invalid, "Content-Type"},
		{"create 413", "POST", "/api/v1/call-campaign", 413, problemType, notFound, ""},
		{"append 400", "PUT", base + "/phone-number", 400, problemType, notFound, ""},
		{"details with a live event (DEC-34)", "GET", base + "/details", 200, jsonType, details, ""},
		{"details with an unknown fresult (DEC-22)", "GET", base + "/details", 200, jsonType,
			strings.Replace(details, `"fresult":null`, `"fresult":"CALL_MAYBE"`, 1), "/items/0/fresult"},
		{"details with a null status", "GET", base + "/details", 200, jsonType,
			strings.Replace(details, `"status":"IN_PROGRESS"`, `"status":null`, 1), "/items/0/status"},
		{"details with a non-UUID event", "GET", base + "/details", 200, jsonType,
			strings.Replace(details, `6e4f2a8c-9d1b-4c3e-b5a7-0f2d4e6a8c91`, `event-uuid`, 1), "/items/0/call_event_uuid"},
		{"details with a time without a zone", "GET", base + "/details", 200, jsonType,
			strings.Replace(details, `2026-01-15T09:05:00.000Z`, `2026-01-15T09:05:00`, 1), "/items/0/started_at"},
		{"details with a time without milliseconds", "GET", base + "/details", 200, jsonType,
			strings.Replace(details, `2026-01-15T09:05:00.000Z`, `2026-01-15T09:05:00Z`, 1), "/items/0/started_at"},
		{"details with a time in another zone", "GET", base + "/details", 200, jsonType,
			strings.Replace(details, `2026-01-15T09:05:00.000Z`, `2026-01-15T14:05:00.000+05:00`, 1), "/items/0/started_at"},
		{"delete by phone (DEC-29)", "DELETE", base + "/phone-number/77012345678", 200, jsonType, `{"deleted":["` + callID + `"]}`, ""},
		{"delete by phone, bare array", "DELETE", base + "/phone-number/77012345678", 200, jsonType, `["` + callID + `"]`, "body /"},
		{"delete by phone 409", "DELETE", base + "/phone-number/77012345678", 409, problemType, notFound, ""},
		{"delete by phone 400 is undocumented", "DELETE", base + "/phone-number/77012345678", 400, problemType, notFound, "status is not supported"},
		{"calls with two problems", "GET", base + "/calls", 200, jsonType, `{"calls":[{}],"total":-1}`, "call_campaign_uuid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			h.Set("Content-Type", tt.contentType)
			err := v.ValidateResponse(context.Background(), httptest.NewRequest(tt.method, tt.target, nil), tt.status, h, []byte(tt.body))
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.NotContains(t, err.Error(), "\n", "one line, no schema dumps")
			var re *spec.ResponseError
			require.True(t, errors.As(err, &re))
			assert.Equal(t, tt.status, re.Status)
		})
	}
}

func TestValidateResponseListsEveryProblem(t *testing.T) {
	v := validator(t)
	h := http.Header{"Content-Type": {jsonType}}
	r := httptest.NewRequest("GET", "/api/v1/call-campaign/"+campaignID+"/calls", nil)
	err := v.ValidateResponse(context.Background(), r, 200, h, []byte(`{"calls":[{}],"total":-1}`))
	var re *spec.ResponseError
	require.True(t, errors.As(err, &re))
	assert.GreaterOrEqual(t, len(re.Problems), 8, "%v", re.Problems) // call_campaign_uuid, total, six fields of the call
}

func TestValidateResponseOutsideTheSpec(t *testing.T) {
	v := validator(t)
	h := http.Header{"Content-Type": {"text/plain"}}
	err := v.ValidateResponse(context.Background(), httptest.NewRequest("GET", "/healthz", nil), 200, h, []byte("ok"))
	assert.ErrorIs(t, err, spec.ErrPathNotFound)
	err = v.ValidateResponse(context.Background(), httptest.NewRequest("HEAD", "/api/v1/call-campaign/x/calls", nil), 200, h, nil)
	assert.ErrorIs(t, err, spec.ErrMethodNotAllowed)
}

// TestValidatorIsSafeForConcurrentUse is for the race detector.
func TestValidatorIsSafeForConcurrentUse(t *testing.T) {
	v := validator(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				body := createBody(`"retry":`+string(rune('0'+i)), record("77012345678"), record("bad"))
				r := newRequest("POST", "/api/v1/call-campaign", body)
				errs := v.ValidateRequest(context.Background(), r, []byte(body))
				assert.Len(t, errs, 1)
				h := http.Header{"Content-Type": {jsonType}}
				assert.NoError(t, v.ValidateResponse(context.Background(), r, 201, h, []byte(created)))
			}
		}()
	}
	wg.Wait()
}
