package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/firm"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProblemOf_MapsEveryOutcomeOnce(t *testing.T) {
	cases := []struct {
		err    error
		status int
	}{
		{firm.ErrNoKey, 401},
		{firm.ErrUnknownKey, 401},
		{firm.ErrInactiveKey, 403},
		{fmt.Errorf("x: %w", campaign.ErrWrongFirm), 403},
		{fmt.Errorf("x: %w", campaign.ErrCampaignNotFound), 404},
		{campaign.ErrCallNotFound, 404},
		{campaign.ErrPhoneNotFound, 404},
		{campaign.ErrCallInProgress, 409},
		{fmt.Errorf("x: %w", campaign.ErrNumberInProgress), 409},
		{campaign.ErrCallNotPending, 409},
		{campaign.ErrCampaignFinal, 409},
		{campaign.ErrCampaignClosed, 400},
		{campaign.ErrCampaignRunning, 400},
		{&campaign.ValidationError{Fields: []campaign.FieldError{{Loc: []any{"call_records", 3, "phone_number"}, Msg: "m", Type: "t"}}}, 422},
		{tooLarge(16 << 20), 413},
		{errors.New("something else"), 500},
	}
	for _, c := range cases {
		p, known := problemOf(c.err)
		assert.Equal(t, c.status, p.Status, "%v", c.err)
		assert.Equal(t, c.status != 500, known, "%v", c.err)
		assert.Equal(t, "about:blank", p.Type)
		assert.NotEmpty(t, p.Title)
	}
	p, _ := problemOf(&campaign.ValidationError{Fields: []campaign.FieldError{{Loc: []any{"call_records", 3, "phone_number"}}}})
	assert.Equal(t, []any{"body", "call_records", 3, "phone_number"}, p.Errors[0].Loc, "domain locations are relative to the body")
	p, _ = problemOf(campaign.ErrCallInProgress)
	assert.Contains(t, p.Detail, "retries were cancelled")
}

func TestUnexpectedErrorIsA500ThatIsLogged(t *testing.T) {
	buf := &syncBuffer{}
	ew := errorWriter{style: ErrorStyleProblem, log: slog.New(slog.NewTextHandler(buf, nil))}
	rec := httptest.NewRecorder()
	ew.write(rec, httptest.NewRequest(http.MethodGet, "/x", nil), errors.New("disk on fire"))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Contains(t, buf.String(), "disk on fire")
	assert.NotContains(t, rec.Body.String(), "disk on fire", "internals stay in the log")
}

// inProgressCampaign is a dialing campaign whose one call (a …009 test
// number, DEC-26) stays in progress for an hour.
func inProgressCampaign(h *harness) (id string, call api.Call) {
	id = h.create(campaignBody(0, 10, record("77010000009")))
	h.advance(time.Second)
	calls := h.calls(id)
	require.Len(h.t, calls, 1)
	require.Equal(h.t, api.CallInProgress, calls[0].Status)
	return id, calls[0]
}

func TestDOC_DeleteInProgressIs409AndCancelsRetries(t *testing.T) {
	h := newHarness(t)
	id, call := inProgressCampaign(h)
	r := h.do(http.MethodDelete, campaignPath(id, "/call/"+call.UUID), keyActive, nil)
	require.Equal(t, http.StatusConflict, r.status, "%s", r.body)
	assert.Contains(t, r.problem(t).Detail, "retries were cancelled")

	r = h.do(http.MethodDelete, campaignPath(id, "/phone-number/"+call.PhoneNumber), keyActive, nil)
	assert.Equal(t, http.StatusConflict, r.status, "DEC-28: %s", r.body)
	assert.Len(t, h.calls(id), 1, "nothing deleted")
}

// TestDEC28_DeleteByPhoneInProgressSaysNothingChanged pins finding 5 of
// the breaker: the 409 of a delete by phone with a call in progress does
// not claim that retries were cancelled, since nothing changes; the retries
// of that call still happen.
func TestDEC28_DeleteByPhoneInProgressSaysNothingChanged(t *testing.T) {
	h := newHarness(t)
	rec := record("77015550000")
	rec["variables"] = map[string]any{"mock_outcome": "no_answer"}
	body := campaignBody(1, 10, rec)
	body["retry"], body["speed"] = 2, 1
	id := h.create(body)
	h.advance(time.Hour + time.Second)
	calls := h.calls(id)
	require.Equal(t, api.CallInProgress, calls[0].Status)

	r := h.do(http.MethodDelete, campaignPath(id, "/phone-number/77015550000"), keyActive, nil)
	require.Equal(t, http.StatusConflict, r.status, "%s", r.body)
	detail := r.problem(t).Detail
	assert.NotContains(t, detail, "cancel")
	assert.Contains(t, detail, "nothing was deleted")

	h.advance(3 * time.Hour)
	_, events := h.events(id)
	assert.Len(t, events, 3, "its retries were not cancelled: retry 2 gives three attempts")
}

func TestDEC27_DeleteTerminalCallConflicts(t *testing.T) {
	h := newHarness(t)
	id := h.create(campaignBody(0, 10, record("77010000000"), record("77010000002")))
	h.advance(2 * time.Hour)
	calls := h.calls(id)
	require.Equal(t, api.CallCompleted, calls[0].Status)
	r := h.do(http.MethodDelete, campaignPath(id, "/call/"+calls[0].UUID), keyActive, nil)
	assert.Equal(t, http.StatusConflict, r.status, "%s", r.body)
}

func TestDOC_NotFound(t *testing.T) {
	h := newHarness(t)
	id := h.create(campaignBody(1, 10, record("77010000001")))
	call := h.calls(id)[0].UUID
	r := h.do(http.MethodDelete, campaignPath(id, "/call/"+newUUID()), keyActive, nil)
	assert.Equal(t, http.StatusNotFound, r.status, "unknown call: %s", r.body)
	r = h.do(http.MethodDelete, campaignPath(id, "/phone-number/77019999999"), keyActive, nil)
	assert.Equal(t, http.StatusNotFound, r.status, "unknown phone: %s", r.body)

	r = h.do(http.MethodDelete, campaignPath(id, "/call/"+call), keyActive, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = h.do(http.MethodDelete, campaignPath(id, "/call/"+call), keyActive, nil)
	assert.Equal(t, http.StatusNotFound, r.status, "a deleted call is not found: %s", r.body)
	r = h.do(http.MethodGet, campaignPath(uuid.NewString(), "/calls"), keyActive, nil)
	assert.Equal(t, http.StatusNotFound, r.status)
}

func TestDOC_AppendToAClosedCampaignIs400(t *testing.T) {
	h := newHarness(t)
	body := `{"call_records":[` + goodRecord + `]}`

	done := h.create(campaignBody(0, 10, record("77010000000")))
	h.advance(time.Hour)
	d, _ := h.events(done)
	require.Equal(t, api.CampaignCompleted, d.CallCampaignStatus)

	canceled := h.create(campaignBody(1, 10))
	_, err := h.m.Service().Cancel(uuid.MustParse(canceled))
	require.NoError(t, err)
	failed := h.create(campaignBody(1, 10))
	_, err = h.m.Service().Fail(uuid.MustParse(failed))
	require.NoError(t, err)

	for status, id := range map[string]string{api.CampaignCompleted: done, api.CampaignCanceled: canceled, api.CampaignFailed: failed} {
		r := h.do(http.MethodPut, campaignPath(id, "/phone-number"), keyActive, body)
		assert.Equal(t, http.StatusBadRequest, r.status, "%s: %s", status, r.body)
		calls := h.calls(id)
		assert.LessOrEqual(t, len(calls), 1, "%s: nothing appended", status)
	}
}

func TestDEC17_AppendWhileRunningIs400(t *testing.T) {
	h := newHarness(t)
	id, _ := inProgressCampaign(h)
	r := h.do(http.MethodPut, campaignPath(id, "/phone-number"), keyActive, `{"call_records":[`+goodRecord+`]}`)
	require.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
	assert.Contains(t, r.problem(t).Detail, "dynamic")
}

func TestUnknownPathIs404AndWrongMethodIs405(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodGet, "/api/v1/nothing", keyActive, nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, api.ContentTypeProblem, r.header.Get("Content-Type"))
	assert.Equal(t, http.StatusNotFound, r.problem(t).Status)

	r = h.do(http.MethodGet, api.RouteCreateCampaign, keyActive, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, "POST", r.header.Get("Allow"))
	assert.Equal(t, http.StatusMethodNotAllowed, r.problem(t).Status)

	r = h.do(http.MethodPost, campaignPath(newUUID(), "/phone-number"), keyActive, `{}`)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, "PUT", r.header.Get("Allow"))

	r = h.do(http.MethodPatch, campaignPath(newUUID(), "/details"), keyActive, nil)
	assert.Equal(t, "GET, HEAD", r.header.Get("Allow"))
}

// TestFinding6_HeadIsGetWithoutABody pins finding 6 of the breaker: HEAD
// on the two listings answers what GET answers, status and headers, with
// no body, as the Allow header of their 405s promises.
func TestFinding6_HeadIsGetWithoutABody(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	for _, path := range []string{
		campaignPath(id, "/calls"), campaignPath(id, "/calls?page=2&size=1"),
		campaignPath(id, "/details?phone_number=77010000001"),
		campaignPath(id, "/calls?size=0"), campaignPath(newUUID(), "/details"), campaignPath("nope", "/calls"),
	} {
		for _, key := range []string{keyActive, keyOther, ""} {
			get := h.do(http.MethodGet, path, key, nil)
			head := h.do(http.MethodHead, path, key, nil)
			assert.Equal(t, get.status, head.status, "HEAD %s", path)
			for _, name := range []string{"Content-Type", "Content-Length"} {
				assert.Equal(t, get.header.Get(name), head.header.Get(name), "HEAD %s: %s", path, name)
			}
			assert.NotEmpty(t, head.header.Get("Content-Length"), "HEAD %s", path)
			assert.Empty(t, head.body, "HEAD %s", path)
		}
	}
	r := h.do(http.MethodOptions, campaignPath(id, "/calls"), keyActive, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, "GET, HEAD", r.header.Get("Allow"), "HEAD is allowed, and it works")
	r = h.do(http.MethodHead, api.RouteCreateCampaign, keyActive, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status, "no HEAD where there is no GET")
	assert.Equal(t, "POST", r.header.Get("Allow"))
}

func TestServesSpecHealthAndMetrics(t *testing.T) {
	h := newHarness(t)
	h.do(http.MethodGet, campaignPath(newUUID(), "/calls"), keyActive, nil)
	r := h.do(http.MethodGet, "/openapi.yaml", "", nil)
	assert.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, string(r.body), "openapi: 3.0.3")
	r = h.do(http.MethodGet, "/healthz", "", nil)
	assert.Equal(t, http.StatusOK, r.status)
	assert.JSONEq(t, `{"status":"ok","now":"2026-01-15T08:00:00.000Z"}`, string(r.body))
	r = h.do(http.MethodGet, "/metrics", "", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, string(r.body), `route="/api/v1/call-campaign/{call_campaign_uuid}/calls",status="404"`)
	assert.NotContains(t, string(r.body), "/api/v1/call-campaign/"+"0", "never a raw URL")
}

func TestFastAPIErrorStyle(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.ErrorStyle = ErrorStyleFastAPI })
	r := h.do(http.MethodGet, campaignPath("nope", "/calls"), keyActive, nil)
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	var v struct {
		Detail []api.FieldError `json:"detail"`
	}
	require.NoError(t, json.Unmarshal(r.body, &v))
	require.Len(t, v.Detail, 1)
	assert.Equal(t, []any{"path", "call_campaign_uuid"}, v.Detail[0].Loc)

	r = h.do(http.MethodGet, campaignPath(newUUID(), "/calls"), "", nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
	var s struct {
		Detail string `json:"detail"`
	}
	require.NoError(t, json.Unmarshal(r.body, &s))
	assert.Contains(t, s.Detail, "missing API key")
}

// TestFinding15_NonCanonicalPathsAre404Observed pins finding 15 of the
// breaker: a path with an empty, . or .. segment, or a subtree without its
// slash, is a 404 problem document, journaled and metered as unmatched,
// never a redirect, and a key or the token in it is not recorded.
func TestFinding15_NonCanonicalPathsAre404Observed(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	call := newUUID()
	cases := []struct{ method, path string }{
		{http.MethodDelete, campaignPath(id, "//call/"+call)},
		{http.MethodGet, campaignPath(id, "//calls")},
		{http.MethodGet, campaignPath(id, "/./calls")},
		{http.MethodGet, campaignPath(id, "/../"+id+"/calls")},
		{http.MethodPut, "/api/v1/call-campaign/" + id + "/./phone-number"},
		{http.MethodPost, "//api/v1/call-campaign"},
		{http.MethodGet, "/api/v1/call-campaign/" + keyActive + "/../x"},
		{http.MethodGet, "/_mock//clock"},
		{http.MethodPost, "/_mock/./reset"},
		{http.MethodGet, "/_mock/" + tokenAdmin + "/../clock"},
		{http.MethodGet, "/_mock"},
		{http.MethodGet, "/healthz/."},
	}
	client := *h.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, h.srv.URL+tc.path, nil)
		require.NoError(t, err)
		req.Header.Set(api.HeaderAPIKey, keyActive)
		req.Header.Set(api.HeaderAdminToken, tokenAdmin)
		res, err := client.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		require.Equal(t, http.StatusNotFound, res.StatusCode, "%s %s: %s", tc.method, tc.path, body)
		assert.Equal(t, api.ContentTypeProblem, res.Header.Get("Content-Type"), tc.path)
		assert.Empty(t, res.Header.Get("Location"), tc.path)
	}
	assert.Len(t, h.calls(id), 3, "nothing deleted")
	raw, entries := h.journalEntries("100")
	unmatched := 0
	for _, e := range entries {
		if e.Route == routeUnmatched {
			unmatched++
			assert.Equal(t, http.StatusNotFound, e.Status, e.Path)
		}
	}
	assert.Equal(t, len(cases), unmatched, "every one journaled as unmatched")
	for _, s := range []string{keyActive, tokenAdmin} {
		assert.NotContains(t, raw, s)
		assert.NotContains(t, h.log.String(), s)
	}
	r := h.do(http.MethodGet, "/metrics", "", nil)
	assert.Contains(t, string(r.body), `callharness_mock_http_requests_total{method="DELETE",route="unmatched",status="404"} 1`)

	r = h.do(http.MethodPatch, campaignPath(id, "/calls"), keyActive, nil)
	assert.Equal(t, "GET, HEAD", r.header.Get("Allow"), "a clean path keeps its 405")
	r = h.admin(http.MethodGet, "/_mock/", "")
	assert.Equal(t, http.StatusOK, r.status, "the admin index is served")
}
