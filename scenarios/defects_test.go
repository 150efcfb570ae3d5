package scenarios

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Defective wrappers of the mock's handler: each breaks one promise, and
// the matching scenario's invariant must notice.

// rewrite serves r with next and lets edit change the recorded answer.
func rewrite(next http.Handler, w http.ResponseWriter, r *http.Request, edit func(rec *httptest.ResponseRecorder) (int, []byte)) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	code, body := edit(rec)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

func isRoute(r *http.Request, method, suffix string, segs int) bool {
	return r.Method == method && strings.HasSuffix(r.URL.Path, suffix) && len(strings.Split(strings.Trim(r.URL.Path, "/"), "/")) == segs
}

// deleteSucceedsTwice answers 200 again to a second delete of a call it saw deleted.
func deleteSucceedsTwice(next http.Handler) http.Handler {
	var mu sync.Mutex
	deleted := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodDelete || !strings.Contains(r.URL.Path, "/call/") {
			next.ServeHTTP(w, r)
			return
		}
		id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		rewrite(next, w, r, func(rec *httptest.ResponseRecorder) (int, []byte) {
			mu.Lock()
			defer mu.Unlock()
			if rec.Code == http.StatusOK {
				deleted[id] = true
			}
			if rec.Code == http.StatusNotFound && deleted[id] {
				return http.StatusOK, []byte(`{"deleted":"` + id + `"}`)
			}
			return rec.Code, rec.Body.Bytes()
		})
	})
}

// appendDropsUnderConcurrency holds appends a while and, when another append
// is in flight, drops the last record of the batch before the mock sees it.
func appendDropsUnderConcurrency(next http.Handler) http.Handler {
	var inFlight atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isRoute(r, http.MethodPut, "/phone-number", 5) {
			next.ServeHTTP(w, r)
			return
		}
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		time.Sleep(60 * time.Millisecond)
		if n > 1 || inFlight.Load() > 1 {
			var body map[string][]json.RawMessage
			raw, _ := io.ReadAll(r.Body)
			if json.Unmarshal(raw, &body) == nil && len(body["call_records"]) > 1 {
				body["call_records"] = body["call_records"][:len(body["call_records"])-1]
				raw, _ = json.Marshal(body)
			}
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
		}
		next.ServeHTTP(w, r)
	})
}

// editJSON rewrites a JSON answer of the routes match picks.
func editJSON(next http.Handler, match func(*http.Request) bool, edit func(n int, v map[string]any)) http.Handler {
	var count atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !match(r) {
			next.ServeHTTP(w, r)
			return
		}
		rewrite(next, w, r, func(rec *httptest.ResponseRecorder) (int, []byte) {
			var v map[string]any
			if rec.Code >= 300 || json.Unmarshal(rec.Body.Bytes(), &v) != nil {
				return rec.Code, rec.Body.Bytes()
			}
			edit(int(count.Add(1)), v)
			b, _ := json.Marshal(v)
			return rec.Code, b
		})
	})
}

func listing(r *http.Request) bool { return isRoute(r, http.MethodGet, "/calls", 5) }

// pageRepeatsAnItem shows the first call of every page twice.
func pageRepeatsAnItem(next http.Handler) http.Handler {
	return editJSON(next, listing, func(_ int, v map[string]any) {
		if calls, ok := v["calls"].([]any); ok && len(calls) > 1 {
			calls[1] = calls[0]
		}
	})
}

// listingHidesARecord leaves the last call off every page.
func listingHidesARecord(next http.Handler) http.Handler {
	return editJSON(next, listing, func(_ int, v map[string]any) {
		if calls, ok := v["calls"].([]any); ok && len(calls) > 0 {
			v["calls"] = calls[:len(calls)-1]
		}
	})
}

// totalShrinks reports a total one smaller on every third page.
func totalShrinks(next http.Handler) http.Handler {
	return editJSON(next, listing, func(n int, v map[string]any) {
		if t, ok := v["total"].(float64); ok && n%3 == 0 && t > 0 {
			v["total"] = t - 1
		}
	})
}

// listingReordersOnceRead lists every page in reverse once the campaign's
// calls were read ten times: reading changes the order, as a listing
// sorted by "last read" would.
func listingReordersOnceRead(next http.Handler) http.Handler {
	return editJSON(next, listing, func(n int, v map[string]any) {
		if calls, ok := v["calls"].([]any); ok && n > 10 {
			slices.Reverse(calls)
		}
	})
}

// createReusesAUUID answers every fourth create with the uuid of the one before.
func createReusesAUUID(next http.Handler) http.Handler {
	var mu sync.Mutex
	last := ""
	return editJSON(next, func(r *http.Request) bool { return isRoute(r, http.MethodPost, "/call-campaign", 3) }, func(n int, v map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		if id, ok := v["call_campaign_uuid"].(string); ok {
			if n%4 == 0 && last != "" {
				v["call_campaign_uuid"] = last
			}
			last = id
		}
	})
}

// deleteFailsSometimes answers every eighth delete 500 without doing it.
func deleteFailsSometimes(next http.Handler) http.Handler {
	var count atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete && count.Add(1)%8 == 0 {
			http.Error(w, `{"detail":"boom"}`, http.StatusInternalServerError)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// detailsDialBeforeTheWindow moves the first attempt of every details page a day earlier.
func detailsDialBeforeTheWindow(next http.Handler) http.Handler {
	return editJSON(next, func(r *http.Request) bool { return isRoute(r, http.MethodGet, "/details", 5) }, func(_ int, v map[string]any) {
		items, _ := v["items"].([]any)
		if len(items) == 0 {
			return
		}
		if it, ok := items[0].(map[string]any); ok {
			if s, ok := it["started_at"].(string); ok {
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					it["started_at"] = t.Add(-24 * time.Hour).Format("2006-01-02T15:04:05.000Z")
				}
			}
		}
	})
}

func TestDefectiveTargetsFailTheirInvariant(t *testing.T) {
	cases := []struct {
		defect    string
		wrap      func(http.Handler) http.Handler
		scenario  string
		clock     string
		invariant string
	}{
		{"a delete that succeeds twice", deleteSucceedsTwice, "delete-race", "real", "DR-1-deleted-once"},
		{"an append that drops a record under concurrency", appendDropsUnderConcurrency, "append-storm", "real", "AS-2-exactly-once"},
		{"an append that drops a record under concurrency", appendDropsUnderConcurrency, "append-storm", "real", "AS-1-total"},
		{"a page that repeats an item", pageRepeatsAnItem, "pagination-churn", "real", "PC-1-no-repeat"},
		{"a listing that hides a record", listingHidesARecord, "create-storm", "real", "CS-2-lists-its-records"},
		{"a total that shrinks", totalShrinks, "pagination-churn", "real", "PC-3-total-monotonic"},
		{"a total that shrinks", totalShrinks, "list-calls", "real", "LC-1-total"},
		{"a listing reordered once read", listingReordersOnceRead, "list-calls", "real", "LC-2-unchanged"},
		{"a create that reuses a uuid", createReusesAUUID, "create-storm", "real", "CS-1-distinct-uuids"},
		{"a delete answered 500", deleteFailsSometimes, "delete-race", "real", "DR-3-no-5xx"},
		{"details that show an attempt before the window", detailsDialBeforeTheWindow, "dialer-throughput", "manual", "DT-4-window"},
	}
	for _, c := range cases {
		t.Run(c.scenario+"/"+c.invariant, func(t *testing.T) {
			tgt := startMock(t, c.clock, c.wrap)
			got := runOne(t, testOptions(tgt, c.scenario))
			require.Empty(t, got.SkipReason)
			v := verdicts(got)
			assert.Equal(t, VerdictFail, v[c.invariant], "%s should break %s; invariants: %v", c.defect, c.invariant, got.Invariants)
			assert.Equal(t, VerdictFail, got.Verdict)
			for _, inv := range got.Invariants {
				if inv.Name == c.invariant {
					t.Logf("%s → %s: %s", c.defect, inv.Name, inv.Detail)
				}
			}
		})
	}
}
