package campaign

import (
	"sort"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dayRun is one campaign of the issue's property test, lived through.
type dayRun struct {
	id      uuid.UUID
	events  []api.CallEvent
	calls   []api.Call
	pages   []string // JSON of every details page and calls page
	status  string
	openEnd time.Time
}

// runIssueDay creates 200 numbers, speed 5, retry 2, retry_interval 30,
// and advances the clock through the day by step (or in one jump).
func runIssueDay(t *testing.T, seed int64, step time.Duration) dayRun {
	f := newFixture(t, func(o *Options) { o.Seed = seed })
	nc := day(recs(200)...)
	nc.Speed, nc.Retry, nc.RetryInterval = ptr(5), ptr(2), ptr(30)
	id := f.create(nc)
	for end := at(24 * time.Hour); f.clk.Now().Before(end); {
		f.advance(step)
	}
	r := dayRun{id: id, status: f.status(id), openEnd: nc.EndAt}
	r.events = f.events(id, DetailsQuery{})
	r.calls = f.calls(id)
	for p := 1; p <= 10; p++ {
		d, err := f.s.Details(firmA, id, DetailsQuery{Page: p, Size: 100})
		require.NoError(t, err)
		r.pages = append(r.pages, mustJSON(t, d))
		l, err := f.s.ListCalls(firmA, id, p, 50)
		require.NoError(t, err)
		r.pages = append(r.pages, mustJSON(t, l))
	}
	return r
}

func TestDialerProperties_IssueCampaign(t *testing.T) {
	for _, step := range []time.Duration{time.Minute, 7 * time.Second, 24 * time.Hour} {
		t.Run(step.String(), func(t *testing.T) {
			r := runIssueDay(t, 7, step)
			assert.Equal(t, api.CampaignCompleted, r.status)
			checkIssueInvariants(t, r, 5, 2, 30*time.Minute, at(time.Hour), at(10*time.Hour))
		})
	}
}

func checkIssueInvariants(t *testing.T, r dayRun, speed, retry int, interval time.Duration, start, end time.Time) {
	t.Helper()
	require.NotEmpty(t, r.events)
	type span struct{ from, to time.Time }
	byCall := map[string][]span{}
	var marks []struct {
		at    time.Time
		delta int
	}
	for _, e := range r.events {
		require.NotEqual(t, api.EventInProgress, e.Status, "the day is over")
		require.NotNil(t, e.DurationSec)
		from := e.StartedAt.Time
		to := from.Add(time.Duration(*e.DurationSec) * time.Second)
		assert.False(t, from.Before(start), "attempt before start_at: %s", from)
		assert.True(t, from.Before(end), "attempt at or after end_at: %s", from)
		byCall[e.CallUUID] = append(byCall[e.CallUUID], span{from, to})
		marks = append(marks, struct {
			at    time.Time
			delta int
		}{from, +1}, struct {
			at    time.Time
			delta int
		}{to, -1})
	}
	// Ends before starts at the same instant: a slot freed is reused at once.
	sort.Slice(marks, func(i, j int) bool {
		if !marks[i].at.Equal(marks[j].at) {
			return marks[i].at.Before(marks[j].at)
		}
		return marks[i].delta < marks[j].delta
	})
	live, peak := 0, 0
	for _, m := range marks {
		live += m.delta
		peak = max(peak, live)
	}
	assert.LessOrEqual(t, peak, speed, "calls in progress at once")
	assert.Equal(t, speed, peak, "the dialer should use every slot")
	for call, spans := range byCall {
		assert.LessOrEqual(t, len(spans), retry+1, "attempts of call %s", call)
		for k := 1; k < len(spans); k++ {
			assert.GreaterOrEqual(t, spans[k].from.Sub(spans[k-1].to), interval, "retry of call %s", call)
		}
	}
	for _, c := range r.calls {
		assert.NotEqual(t, api.CallPending, c.Status)
		assert.NotEqual(t, api.CallInProgress, c.Status)
	}
}

func TestDialerProperties_SameSeedSameBytes(t *testing.T) {
	a := runIssueDay(t, 99, time.Minute)
	b := runIssueDay(t, 99, time.Minute)
	assert.Equal(t, a.pages, b.pages)
	c := runIssueDay(t, 100, time.Minute)
	assert.NotEqual(t, a.pages, c.pages, "another seed, other uuids and outcomes")
}

func TestDialerProperties_StepOrJumpSameEvents(t *testing.T) {
	minute := runIssueDay(t, 5, time.Minute)
	odd := runIssueDay(t, 5, 13*time.Second)
	jump := runIssueDay(t, 5, 24*time.Hour)
	assert.Equal(t, mustJSON(t, minute.events), mustJSON(t, jump.events))
	assert.Equal(t, mustJSON(t, minute.events), mustJSON(t, odd.events))
	assert.Equal(t, minute.pages, jump.pages)
}
