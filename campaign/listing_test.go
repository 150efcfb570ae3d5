package campaign

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDOC_ListCallsFields(t *testing.T) {
	f := newFixture(t)
	r := rec("+77012345678")
	r.Language, r.AgentName = "kz", "support_agent"
	id := f.create(day(r))
	l, err := f.s.ListCalls(firmA, id, 1, 50)
	require.NoError(t, err)
	require.Len(t, l.Calls, 1)
	c := l.Calls[0]
	assert.Equal(t, api.CallList{CallCampaignUUID: id.String(), Total: 1, Calls: []api.Call{{
		UUID: c.UUID, PhoneNumber: "77012345678", Status: api.CallPending, AgentName: "support_agent", Language: "KZ",
		CreatedAt: api.Time{Time: t0},
	}}}, l)
}

func TestDOC_TimestampsFromClock(t *testing.T) {
	f := newFixture(t)
	f.advance(1234567 * time.Microsecond)
	id := f.create(day(rec(testPhone(1, 1))))
	l, err := f.s.ListCalls(firmA, id, 1, 1)
	require.NoError(t, err)
	assert.JSONEq(t, `"2026-01-15T08:00:01.234Z"`, mustJSON(t, l.Calls[0].CreatedAt), "RFC 3339 UTC millis, from the clock")
	f.advance(time.Hour)
	ev := f.events(id, DetailsQuery{})
	assert.JSONEq(t, `"2026-01-15T09:00:00.000Z"`, mustJSON(t, ev[0].StartedAt))
}

func TestDEC30_PageAndSizeAtLeastOne(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(recs(3)...))
	for _, ps := range [][2]int{{0, 10}, {1, 0}, {-1, 10}} {
		_, err := f.s.ListCalls(firmA, id, ps[0], ps[1])
		var ve *ValidationError
		assert.ErrorAs(t, err, &ve, "%v", ps)
		_, err = f.s.Details(firmA, id, DetailsQuery{Page: ps[0], Size: ps[1]})
		assert.ErrorAs(t, err, &ve, "%v", ps)
	}
}

func TestDEC31_CallsOrderedByCreationThenRequestThenUUID(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(120)...)
	nc.AllowDynamicCallAppending = ptr(true)
	id := f.create(nc)
	batchOf := map[string]int{}
	for _, c := range f.calls(id) {
		batchOf[c.UUID] = 0
	}
	for i := range 5 {
		_, err := f.s.Append(firmA, id, recs(37)) // several requests share an instant
		require.NoError(t, err)
		for _, c := range f.calls(id) {
			if _, ok := batchOf[c.UUID]; !ok {
				batchOf[c.UUID] = i + 1
			}
		}
		if i%2 == 1 {
			f.advance(time.Millisecond)
		}
	}
	calls := f.calls(id)
	require.Len(t, calls, 120+5*37)
	sorted := sort.SliceIsSorted(calls, func(i, j int) bool {
		a, b := calls[i], calls[j]
		if !a.CreatedAt.Equal(b.CreatedAt.Time) {
			return a.CreatedAt.Before(b.CreatedAt.Time)
		}
		if batchOf[a.UUID] != batchOf[b.UUID] {
			return batchOf[a.UUID] < batchOf[b.UUID]
		}
		return bytes.Compare(uuidBytes(a.UUID), uuidBytes(b.UUID)) < 0
	})
	assert.True(t, sorted, "creation time, then request, then uuid")
	var paged []api.Call
	for p := 1; p <= 100; p++ {
		l, err := f.s.ListCalls(firmA, id, p, 7)
		require.NoError(t, err)
		paged = append(paged, l.Calls...)
	}
	assert.Equal(t, calls, paged, "stable across pages and sizes")
}

// A page read before an append at the same instant is still a prefix of the
// listing after it: what a client walking pages under churn relies on.
func TestDEC31_PagesStableWhileAppendingAtOneInstant(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(50)...)
	nc.AllowDynamicCallAppending = ptr(true)
	id := f.create(nc)
	seen := map[string]bool{}
	for p := 1; p <= 30; p++ {
		l, err := f.s.ListCalls(firmA, id, p, 10)
		require.NoError(t, err)
		for _, c := range l.Calls {
			assert.False(t, seen[c.UUID], "page %d repeats %s", p, c.UUID)
			seen[c.UUID] = true
		}
		_, err = f.s.Append(firmA, id, recs(7)) // the manual clock does not move
		require.NoError(t, err)
	}
}
func uuidBytes(s string) []byte {
	u := uuid.MustParse(s)
	return u[:]
}

func TestDEC32_EventsOrderedByStartThenStartOrder(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(300)...)
	nc.Speed, nc.Retry, nc.RetryInterval = ptr(50), ptr(2), ptr(5)
	id := f.create(nc)
	f.advance(10 * time.Hour)
	ev := f.events(id, DetailsQuery{})
	require.Greater(t, len(ev), 300)
	assert.True(t, sort.SliceIsSorted(ev, func(i, j int) bool {
		return ev[i].StartedAt.Before(ev[j].StartedAt.Time)
	}), "by start time")
	assert.Equal(t, ev[:50], f.eventsPage(id, 1, 50))
	assert.Equal(t, ev[50:100], f.eventsPage(id, 2, 50))
}

// Attempts that start later at the same instant come after those already
// listed, so a details page read before them does not change.
func TestDEC32_PagesStableWhenAttemptsStartAtOneInstant(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(10)...)
	nc.Speed, nc.AllowDynamicCallAppending = ptr(100), ptr(true)
	id := f.create(nc)
	f.advance(time.Hour) // inside the window: the 10 attempts are live
	before := f.events(id, DetailsQuery{})
	require.Len(t, before, 10)
	for range 5 {
		_, err := f.s.Append(firmA, id, recs(10)) // dialed at once, same instant
		require.NoError(t, err)
	}
	after := f.events(id, DetailsQuery{})
	require.Len(t, after, 60)
	assert.Equal(t, before, after[:10])
}

func (f *fixture) eventsPage(id uuid.UUID, page, size int) []api.CallEvent {
	d, err := f.s.Details(firmA, id, DetailsQuery{Page: page, Size: size})
	require.NoError(f.t, err)
	return d.Items
}

func TestDEC33_FiltersCombineWithAnd(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(40)...)
	nc.Records = append(nc.Records, rec(phone(3)), rec(phone(3)))
	nc.Speed, nc.Retry, nc.RetryInterval, nc.TransferNextDay = ptr(4), ptr(3), ptr(30), ptr(true)
	nc.EndAt = at(time.Hour + 20*time.Minute)
	id := f.create(nc)
	f.advance(3 * 24 * time.Hour)
	all := f.events(id, DetailsQuery{})
	require.NotEmpty(t, all)
	some := all[len(all)/2]
	day1 := at(25*time.Hour + 3*time.Minute)
	match := func(q DetailsQuery) []api.CallEvent {
		var out []api.CallEvent
		for _, e := range all {
			ok := (q.CallStatus == "" || strings.EqualFold(q.CallStatus, e.Status)) &&
				(q.CallUUID == "" || q.CallUUID == e.CallUUID) &&
				(q.PhoneNumber == "" || strings.TrimPrefix(q.PhoneNumber, "+") == e.PhoneNumber) &&
				(q.Date == nil || e.StartedAt.UTC().Format(time.DateOnly) == q.Date.UTC().Format(time.DateOnly))
			if ok {
				out = append(out, e)
			}
		}
		return out
	}
	queries := map[string]DetailsQuery{
		"status":                {CallStatus: api.EventNoAnswer},
		"status lower case":     {CallStatus: "busy"},
		"call":                  {CallUUID: some.CallUUID},
		"call and status":       {CallUUID: some.CallUUID, CallStatus: some.Status},
		"phone":                 {PhoneNumber: "+" + phone(3)},
		"phone and status":      {PhoneNumber: phone(3), CallStatus: api.EventCompleted},
		"date":                  {Date: &day1},
		"date and status":       {Date: &day1, CallStatus: api.EventNoAnswer},
		"date and phone":        {Date: &day1, PhoneNumber: phone(3)},
		"call and other phone":  {CallUUID: some.CallUUID, PhoneNumber: phone(39)},
		"everything":            {Date: &day1, PhoneNumber: some.PhoneNumber, CallUUID: some.CallUUID, CallStatus: some.Status},
		"unknown call":          {CallUUID: uuid.NewString()},
		"malformed call":        {CallUUID: "call-uuid-here"},
		"malformed phone":       {PhoneNumber: "+7 701"},
		"status nothing has":    {CallStatus: api.EventInProgress},
		"date before the start": {Date: ptr(at(-48 * time.Hour))},
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			want := match(q)
			if strings.HasPrefix(name, "malformed") {
				want = nil
			}
			got := f.events(id, q)
			t.Logf("%s: %d of %d", name, len(got), len(all))
			assert.Equal(t, len(want), len(got))
			assert.Equal(t, mustJSON(t, want), mustJSON(t, got))
			q.Page, q.Size = 1, 3
			d, err := f.s.Details(firmA, id, q)
			require.NoError(t, err)
			assert.Equal(t, len(want), d.Total, "total counts the matches")
		})
	}
}

func TestDEC34_NullWhileInProgress(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(rec(testPhone(1, 9))))
	f.advance(time.Hour + time.Minute)
	d, err := f.s.Details(firmA, id, DetailsQuery{Page: 1, Size: 10})
	require.NoError(t, err)
	require.Len(t, d.Items, 1)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustJSON(t, d.Items[0])), &m))
	for _, k := range []string{"duration_sec", "fresult", "transcript", "summary", "user_sentiment"} {
		v, ok := m[k]
		assert.True(t, ok, k)
		assert.Nil(t, v, k)
	}
	assert.Equal(t, api.EventInProgress, m["status"])
}

func TestDEC35_IdentifiersAreUUIDv4(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(recs(20)...))
	f.advance(3 * time.Hour)
	ids := []string{id.String()}
	for _, c := range f.calls(id) {
		ids = append(ids, c.UUID)
	}
	for _, e := range f.events(id, DetailsQuery{}) {
		ids = append(ids, e.CallEventUUID)
	}
	seen := map[string]bool{}
	for _, s := range ids {
		u, err := uuid.Parse(s)
		require.NoError(t, err)
		assert.Equal(t, uuid.Version(4), u.Version())
		assert.Equal(t, uuid.RFC4122, u.Variant())
		assert.False(t, seen[s], "unique")
		seen[s] = true
	}
}

func TestDEC39_PagePastTheEnd(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(recs(5)...))
	f.advance(2 * time.Hour)
	l, err := f.s.ListCalls(firmA, id, 2, 5)
	require.NoError(t, err)
	assert.Equal(t, 5, l.Total)
	assert.NotNil(t, l.Calls)
	assert.Empty(t, l.Calls)
	assert.Contains(t, mustJSON(t, l), `"calls":[]`)
	l, err = f.s.ListCalls(firmA, id, 1<<40, 100)
	require.NoError(t, err)
	assert.Empty(t, l.Calls)
	d, err := f.s.Details(firmA, id, DetailsQuery{Page: 1 << 40, Size: 100})
	require.NoError(t, err)
	assert.Positive(t, d.Total)
	assert.Contains(t, mustJSON(t, d), `"items":[]`)
	d, err = f.s.Details(firmA, id, DetailsQuery{Page: 1 << 40, Size: 100, CallStatus: api.EventCompleted})
	require.NoError(t, err)
	assert.Empty(t, d.Items)
}

func TestTranscriptInTheCallsLanguage(t *testing.T) {
	f := newFixture(t)
	r := rec(testPhone(1, 0))
	r.Language = "en"
	r.Variables = json.RawMessage(`{"client_name":"John Doe","debt_amount":15000}`)
	id := f.create(day(r))
	f.advance(2 * time.Hour)
	ev := f.events(id, DetailsQuery{})
	require.Len(t, ev, 1)
	require.NotNil(t, ev[0].Transcript)
	assert.Contains(t, *ev[0].Transcript, "John")
	assert.True(t, strings.HasPrefix(*ev[0].Transcript, "assistant: "))
	assert.NotEmpty(t, *ev[0].Summary)
	assert.Equal(t, mustJSON(t, ev), mustJSON(t, f.events(id, DetailsQuery{})), "rendered the same on every read")
}
