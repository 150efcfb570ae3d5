package spec

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ValidateRequest decodes a body once and checks the value against the
// schema itself; kin-openapi would decode it again and check it the same
// way. Both must give the same field errors, in the same order, for any
// request: FuzzBodyDecodedOnceAgreesWithKinOpenAPI runs its seeds in every
// go test, and explores with go test -fuzz.
func FuzzBodyDecodedOnceAgreesWithKinOpenAPI(f *testing.F) {
	const rec = `{"phone_number":"77012345678","language":"RU","gender_voice":"male","agent_name":"a"}`
	create := func(fields string) string {
		return `{"call_campaign_name":"n","start_at":"2026-01-15T09:00:00Z","end_at":"2026-01-15T18:00:00Z"` + fields + `}`
	}
	for _, body := range []string{
		create(`,"call_records":[` + rec + `]`),
		create(`,"call_records":[` + rec + `,` + rec + `],"retry":2,"retry_interval":30,"speed":5`),
		create(``),
		create(`,"call_records":[]`),
		create(`,"call_records":[{"phone_number":"12","language":"XX","gender_voice":1,"agent_name":""}]`),
		create(`,"call_records":[` + rec + `],"retry":"2","speed":2.0,"retry_interval":1e400`),
		create(`,"call_records":[` + rec + `],"retry":1,"retry":99`),
		create(`,"call_records":[{"phone_number":"77012345678","variables":[1],"unknown":true}]`),
		`{"call_campaign_name":null,"start_at":"2026-02-30T25:00:00Z","end_at":"yesterday","call_records":{}}`,
		`{"call_records":[` + rec + `]}`,
		`{"call_records":[{"variables":{"a":{"b":[null,1e308,"\u2028"]}}}]}`,
		`[]`, `"x"`, `7`, `null`, `{}`,
	} {
		f.Add(http.MethodPost, "application/json", body)
		f.Add(http.MethodPut, "application/json", body)
	}
	f.Add(http.MethodPost, "text/plain", create(``))
	f.Add(http.MethodPut, "application/json; charset=utf-8", `{"call_records":[`+rec+`]}`)

	once, err := NewDefault()
	require.NoError(f, err)
	kin, err := NewDefault()
	require.NoError(f, err)
	kin.kinBodies = true
	f.Fuzz(func(t *testing.T, method, contentType, body string) {
		target := "/api/v1/call-campaign"
		if method != http.MethodPost {
			method, target = http.MethodPut, target+"/3fa85f64-5717-4562-b3fc-2c963f66afa6/phone-number"
		}
		if strings.ContainsAny(contentType, "\r\n") {
			t.Skip()
		}
		r := httptest.NewRequest(method, target, nil)
		r.Header.Set("Content-Type", contentType)
		got := once.ValidateRequest(context.Background(), r, []byte(body))
		want := kin.ValidateRequest(context.Background(), r, []byte(body))
		assert.Equal(t, want, got, "%s %s (%s) %s", method, target, contentType, body)
	})
}
