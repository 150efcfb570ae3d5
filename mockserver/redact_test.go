package mockserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// journal reads GET /_mock/requests?limit=N as the raw body and as entries.
func (h *harness) journalEntries(limit string) (string, []api.JournalEntry) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+api.AdminRequests+"?limit="+limit, nil)
	require.NoError(h.t, err)
	req.Header.Set(api.HeaderAdminToken, tokenAdmin)
	res, err := h.srv.Client().Do(req)
	require.NoError(h.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(h.t, err)
	require.Equal(h.t, http.StatusOK, res.StatusCode, "%s", raw)
	var entries []api.JournalEntry
	require.NoError(h.t, json.Unmarshal(raw, &entries), "%s", raw)
	return string(raw), entries
}

// TestDEC2_KeysNeverJournaledFromPathOrQuery pins finding 1 of the breaker:
// a key or the admin token pasted into the path, into a query value or as
// a query parameter name never reaches the journal nor the logs.
func TestDEC2_KeysNeverJournaledFromPathOrQuery(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	secrets := []string{keyActive, keyInactive, keyOther, tokenAdmin}
	paths := []string{
		"/api/v1/call-campaign/" + keyActive + "/calls",                         // a key as the campaign id: 422
		"/" + keyOther + "/calls",                                               // unmatched: 404
		"/api/v1/call-campaign/" + id + "/phone-number/" + keyInactive,          // a key as the phone number
		campaignPath(id, "/calls?api_key="+keyActive),                           // a query value
		campaignPath(id, "/calls?page=1&"+keyActive+"&size=5"),                  // a parameter name alone
		campaignPath(id, "/details?"+keyOther+"=1"),                             // a parameter name with a value
		campaignPath(id, "/calls?token="+url.QueryEscape(tokenAdmin)+";x=1"),    // the admin token, after a ;
		campaignPath(id, "/calls?k="+strings.ReplaceAll(keyActive, "-", "%2D")), // percent-encoded
	}
	for _, p := range paths {
		method := http.MethodGet
		if strings.Contains(p, "/phone-number/") {
			method = http.MethodDelete
		}
		r := h.do(method, p, keyActive, nil)
		assert.Less(t, r.status, 500, p)
	}
	raw, entries := h.journalEntries("100")
	require.Len(t, entries, len(paths)+1, "every request journaled, the fixture's create too")
	logs := h.log.String()
	for _, s := range secrets {
		assert.NotContains(t, raw, s, "journal")
		assert.NotContains(t, logs, s, "logs")
	}
	assert.Contains(t, raw, `"path":"/api/v1/call-campaign/[redacted]/calls"`)
	assert.Contains(t, raw, `"path":"/[redacted]/calls"`)
	assert.Contains(t, raw, `"query":"api_key=[redacted]"`)
	assert.Contains(t, raw, `"query":"page=1\u0026[redacted]\u0026size=5"`, "the other parameters are kept")
	assert.Contains(t, raw, `"query":"[redacted]=1"`)
	assert.Contains(t, raw, `"query":"token=[redacted];x=1"`)
	assert.Contains(t, logs, `"path":"/api/v1/call-campaign/[redacted]/calls"`)
}

func TestRedactorKeepsURLsWithoutSecrets(t *testing.T) {
	rd := newRedactor(keySet{"k3y-of-ten": true}, "t0ken")
	for _, tc := range []struct{ url, path, query string }{
		{"/a/b?x=1&y=2", "/a/b", "x=1&y=2"},
		{"/a/k3y-of-ten/b?x=k3y-of-ten", "/a/[redacted]/b", "x=[redacted]"},
		{"/a%2Fb/t0ken?t0ken", "/a/b/[redacted]", "[redacted]"},
		{"/%6B3y-of-ten?a=%6B3y-of-ten&", "/[redacted]", "a=[redacted]&"},
		{"/?", "/", ""},
	} {
		u, err := url.Parse(tc.url)
		require.NoError(t, err)
		assert.Equal(t, tc.path, rd.path(u), tc.url)
		assert.Equal(t, tc.query, rd.query(u), tc.url)
	}
	var none *redactor
	u, _ := url.Parse("/k3y-of-ten?k3y-of-ten")
	assert.Equal(t, "/k3y-of-ten", none.path(u), "a nil redactor changes nothing")
}

type keySet map[string]bool

func (k keySet) IsKey(s string) bool { return k[s] }
