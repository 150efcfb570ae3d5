package contract

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

// defect is a defect injector of the dialer and lifecycle checks: wrap
// breaks one promise of the mock, and check must fail on it, under rule.
type defect struct {
	name  string
	check string
	rule  string
	wrap  func(http.Handler) http.Handler
}

// items applies fix to each call event of a details answer, in page order.
func items(fix func(item map[string]any)) func(*http.Request, int, map[string]any) int {
	return func(_ *http.Request, s int, b map[string]any) int {
		list, _ := b["items"].([]any)
		for _, it := range list {
			if m, ok := it.(map[string]any); ok {
				fix(m)
			}
		}
		return s
	}
}

// calls applies fix to each call of a listing.
func calls(fix func(call map[string]any)) func(*http.Request, int, map[string]any) int {
	return func(_ *http.Request, s int, b map[string]any) int {
		list, _ := b["calls"].([]any)
		for _, it := range list {
			if m, ok := it.(map[string]any); ok {
				fix(m)
			}
		}
		return s
	}
}

// renameStatus turns every value from of the status field into to.
func renameStatus(from, to string) func(map[string]any) {
	return func(m map[string]any) {
		if m["status"] == from {
			m["status"] = to
		}
	}
}

// shiftStart moves an event's started_at by d.
func shiftStart(m map[string]any, d time.Duration) {
	s, _ := m["started_at"].(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		m["started_at"] = at.Add(d).UTC().Format(api.TimeLayout)
	}
}

// liveBeyondSpeed shows the last ended event of a page IN_PROGRESS while
// another is: one attempt more under way than the campaign's speed.
func liveBeyondSpeed(_ *http.Request, s int, b map[string]any) int {
	list, _ := b["items"].([]any)
	var live bool
	var last map[string]any
	for _, it := range list {
		m, _ := it.(map[string]any)
		switch {
		case m == nil:
		case m["status"] == api.EventInProgress:
			live = true
		default:
			last = m
		}
	}
	if live && last != nil {
		last["status"] = api.EventInProgress
		for _, k := range []string{"duration_sec", "fresult", "transcript", "summary", "user_sentiment"} {
			last[k] = nil
		}
	}
	return s
}

// retryEarly shows every retry a minute sooner than it started: the
// second and later events of a call on the page.
func retryEarly(_ *http.Request, s int, b map[string]any) int {
	seen := map[any]bool{}
	list, _ := b["items"].([]any)
	for _, it := range list {
		m, _ := it.(map[string]any)
		if m == nil {
			continue
		}
		if seen[m["call_uuid"]] {
			shiftStart(m, -time.Minute)
		}
		seen[m["call_uuid"]] = true
	}
	return s
}

// retryPlusOne gives the mock a create's retry plus one.
func retryPlusOne(r *http.Request) {
	if !isCreate(r) {
		return
	}
	body, _ := readAll(r)
	var req map[string]any
	if json.Unmarshal(body, &req) != nil {
		return
	}
	if n, ok := req["retry"].(float64); ok {
		req["retry"] = n + 1
	}
	out, _ := json.Marshal(req)
	r.Body, r.ContentLength = ioNopCloser(out), int64(len(out))
}

var dialerDefects = []defect{
	{"an attempt shown IN_PROGRESS beyond speed", "dialer.speed", TagDOC, rewriteJSON(isDetails, liveBeyondSpeed)},
	{"an attempt that overran its slot (duration_sec a minute long)", "dialer.speed", TagDOC,
		rewriteJSON(isDetails, items(func(m map[string]any) {
			if d, ok := m["duration_sec"].(float64); ok {
				m["duration_sec"] = d + 60
			}
		}))},
	{"a retry a minute early", "dialer.retry-interval", "DEC-23", rewriteJSON(isDetails, retryEarly)},
	{"retry off by one (an unanswered number dialed retry+2 times)", "dialer.attempts", "DEC-23", beforeInner(retryPlusOne)},
	{"a call waiting at end_at ended NO_ANSWER, not EXPIRED", "dialer.window", "DEC-24",
		rewriteJSON(isList, calls(renameStatus(api.CallExpired, api.CallNoAnswer)))},
	{"an attempt shown starting at end_at", "dialer.window", "DEC-24",
		rewriteJSON(isDetails, items(func(m map[string]any) {
			if m["status"] != api.EventInProgress {
				shiftStart(m, 30*time.Minute)
			}
		}))},
	{"a BUSY call reported COMPLETED", "dialer.final-status", "DEC-20",
		rewriteJSON(isList, calls(renameStatus(api.CallBusy, api.CallCompleted)))},
}

// TestDialerAndLifecycleDefectsAreCaught: each defect makes its check fail
// in the strict profile, with a failure of its rule among any others and a curl to reproduce it; and
// docs/contract.md lists it.
func TestDialerAndLifecycleDefectsAreCaught(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, d := range append(append([]defect{}, dialerDefects...), lifecycleDefects...) {
		require.False(t, seen[d.name], "duplicate defect %s", d.name)
		seen[d.name] = true
		t.Run(d.name, func(t *testing.T) {
			tm := newTestMock(t, d.wrap)
			o := tm.options(true)
			o.Only = []string{d.check}
			res := runAgainst(t, o)
			require.Len(t, res.Checks, 1)
			c := res.Checks[0]
			assert.Equal(t, Fail, c.Verdict, "%s must catch %q:\n%s", d.check, d.name, report(res))
			require.NotEmpty(t, c.Failures, report(res))
			var rules []string
			for _, f := range c.Failures {
				rules = append(rules, f.Rule.Tag)
			}
			t.Logf("%s: %s", d.check, c.Message)
			assert.Contains(t, rules, d.rule, "%s fails on its rule: %s", d.check, c.Message)
			assert.NotEmpty(t, c.Failures[0].Exchange.Curl, "a failure carries a curl command")
			assert.True(t, bytes.Contains(doc, []byte("| "+d.name+" | `"+d.check+"` |")), "docs/contract.md lists the defect %q", d.name)
		})
	}
	for _, c := range append(dialerChecks(), lifecycleChecks()...) {
		caught := false
		for _, d := range append(append([]defect{}, dialerDefects...), lifecycleDefects...) {
			caught = caught || d.check == c.ID
		}
		assert.True(t, caught, "no defect injector for %s", c.ID)
	}
}

func TestMostAtOnce(t *testing.T) {
	t0 := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	ev := func(start time.Duration, dur int) api.CallEvent {
		e := api.CallEvent{StartedAt: api.Time{Time: t0.Add(start)}}
		if dur >= 0 {
			e.DurationSec = &dur
		}
		return e
	}
	most, _ := mostAtOnce([]api.CallEvent{ev(0, 60), ev(time.Minute, 60), ev(2*time.Minute, 60)}, t0.Add(time.Hour))
	assert.Equal(t, 1, most, "one ending as the next starts does not overlap it")
	most, at := mostAtOnce([]api.CallEvent{ev(0, 120), ev(time.Minute, 60), ev(90*time.Second, -1)}, t0.Add(time.Hour))
	assert.Equal(t, 3, most)
	assert.Equal(t, t0.Add(90*time.Second), at)
	most, _ = mostAtOnce([]api.CallEvent{ev(0, -1), ev(time.Hour, 10)}, t0.Add(time.Hour))
	assert.Equal(t, 1, most, "a live attempt lasts until now")
	most, _ = mostAtOnce(nil, t0)
	assert.Zero(t, most)
}
