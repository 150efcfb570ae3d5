package contract

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

func TestRelaxationsApplyToTheSpec(t *testing.T) {
	_, err := relaxedValidator()
	require.NoError(t, err, "every relaxation names a schema and property of openapi.yaml")
	for _, r := range relaxationRules() {
		assert.Regexp(t, ruleTag, r)
	}
}

func TestJudgeLevels(t *testing.T) {
	c, err := newConformance()
	require.NoError(t, err)
	ctx := context.Background()
	list := httptest.NewRequest(http.MethodGet, "/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6/calls", nil)
	byPhone := httptest.NewRequest(http.MethodDelete, "/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6/phone-number/77012345678", nil)
	require.Equal(t, api.OpListCalls, c.operation(list))
	jsonH := http.Header{"Content-Type": {"application/json"}}
	problemH := http.Header{"Content-Type": {api.ContentTypeProblem}}
	call := `{"uuid":"%s","phone_number":"77012345678","status":"%s","agent_name":"a","language":"RU","created_at":"2026-01-15T09:05:00.000Z"}`
	okCall := `{"uuid":"9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34","phone_number":"77012345678","status":"PENDING","agent_name":"a","language":"RU","created_at":"2026-01-15T09:05:00.000Z"}`
	for _, tc := range []struct {
		name   string
		r      *http.Request
		status int
		h      http.Header
		body   string
		tags   []string
	}{
		{"conforming listing", list, 200, jsonH, `{"call_campaign_uuid":"3fa85f64-5717-4562-b3fc-2c963f66afa6","calls":[` + okCall + `],"total":1}`, nil},
		{"placeholder ids are DEC-35", list, 200, jsonH,
			`{"call_campaign_uuid":"3fa85f64-5717-4562-b3fc-2c963f66afa6","calls":[` + sprintf(call, "call-uuid-here", "PENDING") + `],"total":1}`, []string{"DEC-35"}},
		{"an unknown call status is DEC-20", list, 200, jsonH,
			`{"call_campaign_uuid":"3fa85f64-5717-4562-b3fc-2c963f66afa6","calls":[` + sprintf(call, "9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34", "QUEUED") + `],"total":1}`, []string{"DEC-20"}},
		{"total missing is DOC", list, 200, jsonH, `{"call_campaign_uuid":"3fa85f64-5717-4562-b3fc-2c963f66afa6","calls":[]}`, []string{"DOC"}},
		{"text/plain is DOC", list, 200, http.Header{"Content-Type": {"text/plain"}}, `{}`, []string{"DOC"}},
		{"a 5xx is DOC", list, 503, problemH, `{}`, []string{"DOC"}},
		{"an undocumented status is DOC", list, 418, problemH, `{}`, []string{"DOC"}},
		{"a JSON error that is not a problem is DEC-4", list, 404, jsonH, `{"detail":"Not Found"}`, []string{"DEC-4"}},
		{"a non-JSON error is DOC", list, 404, http.Header{"Content-Type": {"text/html"}}, `<h1>404</h1>`, []string{"DOC"}},
		{"a bare array by phone is DEC-29", byPhone, 200, jsonH, `["9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34"]`, []string{"DEC-29"}},
		{"the object by phone conforms", byPhone, 200, jsonH, `{"deleted":["9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34"]}`, nil},
	} {
		vs := c.judge(ctx, tc.r, c.operation(tc.r), tc.status, tc.h, []byte(tc.body))
		var tags []string
		for _, v := range vs {
			tags = append(tags, v.Rule.Tag)
		}
		assert.Equal(t, tc.tags, tags, "%s: %v", tc.name, vs)
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
