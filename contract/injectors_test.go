package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

// A defect injector wraps the mock's handler and breaks one promise of the
// contract; each must make the named check fail.

// captured is the inner handler's answer to r.
func captured(inner http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	inner.ServeHTTP(rec, r)
	return rec
}

// emit writes an answer with the headers of rec and the given status and body.
func emit(w http.ResponseWriter, rec *httptest.ResponseRecorder, status int, body []byte) {
	for k, vs := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = vs
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// route reports whether r is op's route (by method and path shape).
func route(r *http.Request, method, suffix string) bool {
	if r.Method != method || !strings.HasPrefix(r.URL.Path, api.RouteCreateCampaign) {
		return false
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, api.RouteCreateCampaign), "/")
	switch suffix {
	case "create":
		return len(parts) == 1 && parts[0] == ""
	case "call":
		return len(parts) == 4 && parts[2] == suffix
	case "phone-number":
		if method == http.MethodDelete {
			return len(parts) == 4 && parts[2] == suffix
		}
	}
	return len(parts) == 3 && parts[2] == suffix
}

// rewriteJSON lets fix change the decoded JSON answer of matching requests
// (and its status); the rest passes through.
func rewriteJSON(match func(*http.Request) bool, fix func(r *http.Request, status int, body map[string]any) int) func(http.Handler) http.Handler {
	return func(inner http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				inner.ServeHTTP(w, r)
				return
			}
			rec := captured(inner, r)
			var body map[string]any
			if json.Unmarshal(rec.Body.Bytes(), &body) != nil {
				emit(w, rec, rec.Code, rec.Body.Bytes())
				return
			}
			status := fix(r, rec.Code, body)
			out, _ := json.Marshal(body)
			emit(w, rec, status, out)
		})
	}
}

// beforeInner changes the request before the mock sees it.
func beforeInner(change func(*http.Request)) func(http.Handler) http.Handler {
	return func(inner http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			change(r)
			inner.ServeHTTP(w, r)
		})
	}
}

func setQuery(r *http.Request, q url.Values) {
	r.URL.RawQuery = q.Encode()
	r.RequestURI = r.URL.RequestURI()
}

// duplicateAcrossPages repeats the last call of page p-1 at the start of page p.
func duplicateAcrossPages(inner http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if !route(r, http.MethodGet, "calls") || page < 2 {
			inner.ServeHTTP(w, r)
			return
		}
		rec := captured(inner, r)
		prev := r.Clone(r.Context())
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page-1))
		prev.URL = &url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		var cur, before api.CallList
		if json.Unmarshal(rec.Body.Bytes(), &cur) != nil || json.Unmarshal(captured(inner, prev).Body.Bytes(), &before) != nil ||
			len(cur.Calls) == 0 || len(before.Calls) == 0 {
			emit(w, rec, rec.Code, rec.Body.Bytes())
			return
		}
		cur.Calls[0] = before.Calls[len(before.Calls)-1]
		out, _ := json.Marshal(cur)
		emit(w, rec, rec.Code, out)
	})
}

// nonAtomicByPhone deletes the pending calls of a number before answering its 409.
func nonAtomicByPhone(inner http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !route(r, http.MethodDelete, "phone-number") {
			inner.ServeHTTP(w, r)
			return
		}
		rec := captured(inner, r)
		if rec.Code == http.StatusConflict {
			parts := strings.Split(r.URL.Path, "/")
			campaign, phone := parts[4], parts[6]
			list := httptest.NewRequest(http.MethodGet, api.RouteCreateCampaign+"/"+campaign+"/calls?size=100", nil)
			list.Header.Set(api.HeaderAPIKey, r.Header.Get(api.HeaderAPIKey))
			var calls api.CallList
			_ = json.Unmarshal(captured(inner, list).Body.Bytes(), &calls)
			for _, c := range calls.Calls {
				if c.PhoneNumber == strings.TrimPrefix(phone, "+") && c.Status == api.CallPending {
					del := httptest.NewRequest(http.MethodDelete, api.RouteCreateCampaign+"/"+campaign+"/call/"+c.UUID, nil)
					del.Header.Set(api.HeaderAPIKey, r.Header.Get(api.HeaderAPIKey))
					captured(inner, del)
				}
			}
		}
		emit(w, rec, rec.Code, rec.Body.Bytes())
	})
}

// swallowDelete answers a call's delete 200 without deleting it.
func swallowDelete(inner http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !route(r, http.MethodDelete, "call") {
			inner.ServeHTTP(w, r)
			return
		}
		parts := strings.Split(r.URL.Path, "/")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"deleted": %q}`, parts[len(parts)-1])
	})
}

// textPlain sends the listing with Content-Type text/plain.
func textPlain(inner http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !route(r, http.MethodGet, "calls") {
			inner.ServeHTTP(w, r)
			return
		}
		rec := captured(inner, r)
		rec.Header().Set("Content-Type", "text/plain; charset=utf-8")
		emit(w, rec, rec.Code, rec.Body.Bytes())
	})
}

func isCreate(r *http.Request) bool     { return route(r, http.MethodPost, "create") }
func isList(r *http.Request) bool       { return route(r, http.MethodGet, "calls") }
func isAppend(r *http.Request) bool     { return route(r, http.MethodPut, "phone-number") }
func isDetails(r *http.Request) bool    { return route(r, http.MethodGet, "details") }
func isDeleteCall(r *http.Request) bool { return route(r, http.MethodDelete, "call") }
func isByPhone(r *http.Request) bool    { return route(r, http.MethodDelete, "phone-number") }

// injectors maps each defect to the check that must catch it.
var injectors = []struct {
	name  string
	check string
	wrap  func(http.Handler) http.Handler
}{
	{"wrong success code (200 for a create)", "create.201",
		rewriteJSON(isCreate, func(_ *http.Request, s int, _ map[string]any) int {
			if s == 201 {
				return 200
			}
			return s
		})},
	{"a required field dropped (total of the listing)", "list.200",
		rewriteJSON(isList, func(_ *http.Request, s int, b map[string]any) int { delete(b, "total"); return s })},
	{"a field of the wrong type (call_records_count a string)", "create.201",
		rewriteJSON(isCreate, func(_ *http.Request, s int, b map[string]any) int {
			b["call_records_count"] = fmt.Sprint(b["call_records_count"])
			return s
		})},
	{"an undocumented status code (202 for a delete)", "delete-call.200",
		rewriteJSON(isDeleteCall, func(_ *http.Request, s int, _ map[string]any) int {
			if s == 200 {
				return 202
			}
			return s
		})},
	{"404 instead of 403 for another firm's campaign", "auth.other-firm.listCampaignCalls",
		rewriteJSON(isList, func(r *http.Request, s int, b map[string]any) int {
			if s == 403 && r.Header.Get(api.HeaderAPIKey) == testOther {
				b["status"], b["title"] = 404, "Not Found"
				return 404
			}
			return s
		})},
	{"an inactive key accepted", "auth.inactive-key.createCampaign",
		beforeInner(func(r *http.Request) {
			if r.Header.Get(api.HeaderAPIKey) == testInactive {
				r.Header.Set(api.HeaderAPIKey, testKey)
			}
		})},
	{"size=500 accepted (clamped to 100)", "list.out-of-range",
		beforeInner(func(r *http.Request) {
			q := r.URL.Query()
			if n, err := strconv.Atoi(q.Get("size")); err == nil && n > 100 && isList(r) {
				q.Set("size", "100")
				setQuery(r, q)
			}
		})},
	{"a duplicate across pages", "list.walk", duplicateAcrossPages},
	{"total off by one", "list.total",
		rewriteJSON(isList, func(_ *http.Request, s int, b map[string]any) int {
			if n, ok := b["total"].(float64); ok {
				b["total"] = n + 1
			}
			return s
		})},
	{"a non-atomic delete by phone", "delete-phone.409-atomic", nonAtomicByPhone},
	{"200 for deleting a call in progress", "delete-call.409-in-progress",
		rewriteJSON(isDeleteCall, func(r *http.Request, s int, b map[string]any) int {
			if s == 409 {
				parts := strings.Split(r.URL.Path, "/")
				for k := range b {
					delete(b, k)
				}
				b["deleted"] = parts[len(parts)-1]
				return 200
			}
			return s
		})},
	{"a deleted call still listed", "delete-call.gone", swallowDelete},
	{"status not PROCESSING after append", "append.status-processing",
		rewriteJSON(func(r *http.Request) bool { return isAppend(r) || isDetails(r) }, func(_ *http.Request, s int, b map[string]any) int {
			if b["call_campaign_status"] == api.CampaignProcessing {
				b["call_campaign_status"] = api.CampaignDraft
			}
			return s
		})},
	{"append to a COMPLETED campaign accepted", "append.400-completed",
		rewriteJSON(isAppend, func(r *http.Request, s int, b map[string]any) int {
			if s == 400 {
				for k := range b {
					delete(b, k)
				}
				b["call_campaign_uuid"], b["call_campaign_status"], b["added_count"] = strings.Split(r.URL.Path, "/")[4], "COMPLETED", 1
				b["duplicates_removed"], b["call_records_count"], b["message"] = 0, 2, "ok"
				return 200
			}
			return s
		})},
	{"500 for an invalid phone number", "delete-phone.422-invalid",
		rewriteJSON(isByPhone, func(_ *http.Request, s int, b map[string]any) int {
			if s == 422 {
				b["status"] = 500
				return 500
			}
			return s
		})},
	{"text/plain instead of JSON", "list.200", textPlain},
	{"a details filter ignored (call_status)", "details.filter-status",
		beforeInner(func(r *http.Request) {
			if q := r.URL.Query(); isDetails(r) && q.Has("call_status") {
				q.Del("call_status")
				setQuery(r, q)
			}
		})},
	{"a wrong default page size (20)", "list.default-size",
		beforeInner(func(r *http.Request) {
			if q := r.URL.Query(); isList(r) && !q.Has("size") {
				q.Set("size", "20")
				setQuery(r, q)
			}
		})},
	{"page not echoed truly on later pages", "details.page-echo",
		rewriteJSON(isDetails, func(_ *http.Request, s int, b map[string]any) int {
			if _, ok := b["page"]; ok {
				b["page"] = 1
			}
			return s
		})},
	{"a rejected append that adds records", "gen.append.invalid",
		func(inner http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !isAppend(r) {
					inner.ServeHTTP(w, r)
					return
				}
				body, _ := readAll(r)
				rec := captured(inner, r)
				if rec.Code == 422 && bytes.Contains(body, []byte("robot")) {
					fixed := bytes.ReplaceAll(body, []byte(`"robot"`), []byte(`"male"`))
					again := r.Clone(r.Context())
					again.Body = ioNopCloser(fixed)
					again.ContentLength = int64(len(fixed))
					captured(inner, again)
				}
				emit(w, rec, rec.Code, rec.Body.Bytes())
			})
		}},
}

func TestDefectInjectorsAreCaught(t *testing.T) {
	seen := map[string]bool{}
	for _, inj := range injectors {
		require.False(t, seen[inj.name], "duplicate injector %s", inj.name)
		seen[inj.name] = true
		t.Run(inj.name, func(t *testing.T) {
			tm := newTestMock(t, inj.wrap)
			o := tm.options(true)
			o.Only = []string{inj.check}
			res := runAgainst(t, o)
			require.Len(t, res.Checks, 1)
			c := res.Checks[0]
			assert.Equal(t, Fail, c.Verdict, "%s must catch %q:\n%s", inj.check, inj.name, report(res))
			assert.False(t, res.Passed)
			require.NotEmpty(t, c.Failures)
			assert.NotEmpty(t, c.Failures[0].Exchange.Curl, "a failure carries a curl command")
		})
	}
	assert.GreaterOrEqual(t, len(injectors), 16)
}
