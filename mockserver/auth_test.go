package mockserver

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// op is one of the six operations, with a valid request and a bad body.
type op struct {
	name, method, path string // %[1]s campaign, %[2]s call
	body, badBody      string
	campaign           bool
}

func operations() []op {
	rec := `{"call_records":[` + goodRecord + `]}`
	return []op{
		{name: api.OpCreateCampaign, method: http.MethodPost, path: api.RouteCreateCampaign,
			body: fmt.Sprintf(goodCreate, goodRecord), badBody: `[`},
		{name: api.OpAppendCalls, method: http.MethodPut, path: "/api/v1/call-campaign/%[1]s/phone-number",
			body: rec, badBody: `{"call_records":"x"}`, campaign: true},
		{name: api.OpListCalls, method: http.MethodGet, path: "/api/v1/call-campaign/%[1]s/calls?size=0", campaign: true},
		{name: api.OpDeleteCall, method: http.MethodDelete, path: "/api/v1/call-campaign/%[1]s/call/%[2]s", campaign: true},
		{name: api.OpDeleteByPhone, method: http.MethodDelete, path: "/api/v1/call-campaign/%[1]s/phone-number/abc", campaign: true},
		{name: api.OpDetails, method: http.MethodGet, path: "/api/v1/call-campaign/%[1]s/details?page=abc", campaign: true},
	}
}

func (o op) send(h *harness, key, campaign, call, body string) reply {
	path := o.path
	if o.campaign {
		path = fmt.Sprintf(o.path, campaign, call)
	}
	if o.method == http.MethodPost || o.method == http.MethodPut {
		return h.send(o.method, path, key, "application/json", strings.NewReader(body))
	}
	return h.send(o.method, path, key, "", nil)
}

// TestDOC_AuthOnAllSixOperations pins §2: missing, empty or unknown key is
// 401, an inactive key 403, on every operation, and before anything else
// (DEC-1): the requests carry bad bodies and bad parameters.
func TestDOC_AuthOnAllSixOperations(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	call := h.calls(id)[0].UUID
	before := h.snapshot(id)
	cases := []struct {
		name, key string
		status    int
	}{
		{"no key", "", http.StatusUnauthorized},
		{"wrong key", "not-a-key", http.StatusUnauthorized},
		{"inactive key", keyInactive, http.StatusForbidden},
	}
	for _, o := range operations() {
		for _, c := range cases {
			t.Run(o.name+"/"+c.name, func(t *testing.T) {
				r := o.send(h, c.key, id, call, o.badBody)
				require.Equal(t, c.status, r.status, "%s", r.body)
				assert.Equal(t, c.status, r.problem(t).Status)
				r = o.send(h, c.key, "not-a-uuid", "nope", o.body)
				assert.Equal(t, c.status, r.status, "auth comes before the path (DEC-1): %s", r.body)
			})
		}
		t.Run(o.name+"/empty key", func(t *testing.T) {
			path := o.path
			if o.campaign {
				path = fmt.Sprintf(o.path, id, call)
			}
			req, err := http.NewRequest(o.method, h.srv.URL+path, nil)
			require.NoError(t, err)
			req.Header[http.CanonicalHeaderKey(api.HeaderAPIKey)] = []string{""}
			res, err := h.srv.Client().Do(req)
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		})
	}
	assert.Equal(t, before, h.snapshot(id))
}

// TestDEC1_WrongFirmIs403BeforeTheBody pins §2 and DEC-1: a campaign of
// another firm is 403 on the five operations that name one, even when the
// body or the parameters are bad.
func TestDEC1_WrongFirmIs403BeforeTheBody(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	call := h.calls(id)[0].UUID
	before := h.snapshot(id)
	for _, o := range operations() {
		if !o.campaign {
			continue
		}
		t.Run(o.name, func(t *testing.T) {
			for _, body := range []string{o.body, o.badBody} {
				r := o.send(h, keyOther, id, call, body)
				require.Equal(t, http.StatusForbidden, r.status, "%s", r.body)
				assert.Equal(t, "campaign belongs to another firm", r.problem(t).Detail)
			}
		})
	}
	assert.Equal(t, before, h.snapshot(id))
}

// TestDOC_UnknownCampaignIs404 pins §2 and DEC-18: an unknown campaign is
// 404 on the five operations that name one, before the body.
func TestDOC_UnknownCampaignIs404(t *testing.T) {
	h := newHarness(t)
	for _, o := range operations() {
		if !o.campaign {
			continue
		}
		t.Run(o.name, func(t *testing.T) {
			r := o.send(h, keyActive, newUUID(), newUUID(), o.badBody)
			require.Equal(t, http.StatusNotFound, r.status, "%s", r.body)
			assert.Contains(t, r.problem(t).Detail, "campaign not found")
		})
	}
}

func TestDEC2_LogsNeverContainAKey(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	for _, o := range operations() {
		for _, key := range []string{keyActive, keyInactive, keyOther, "a-wrong-key-123", ""} {
			o.send(h, key, id, newUUID(), o.body)
		}
	}
	logs := h.log.String()
	require.Contains(t, logs, `"route":"/api/v1/call-campaign/{call_campaign_uuid}/calls"`)
	require.Contains(t, logs, `"firm":"demo"`)
	for _, key := range []string{keyActive, keyInactive, keyOther, "a-wrong-key-123", tokenAdmin} {
		assert.NotContains(t, logs, key)
	}
}
