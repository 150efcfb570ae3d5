package campaign

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDOC_SpeedBoundsCallsInProgress(t *testing.T) {
	for _, speed := range []int{1, 3, 20} {
		t.Run(fmt.Sprint(speed), func(t *testing.T) {
			f := newFixture(t)
			nc := day(recs(100)...)
			nc.Speed, nc.Retry = ptr(speed), ptr(1)
			f.create(nc)
			f.advance(time.Hour)
			assert.Equal(t, speed, f.s.Stats().CallsInProgress, "every slot is used at start_at")
			for range 9 * 60 {
				f.advance(time.Minute)
				assert.LessOrEqual(t, f.s.Stats().CallsInProgress, speed)
			}
		})
	}
}

// lone runs one call of a number through the day and returns the call's
// status and its attempts.
func lone(t *testing.T, r Record, retry int) (string, []api.CallEvent) {
	f := newFixture(t)
	nc := day(r)
	nc.Retry, nc.RetryInterval = ptr(retry), ptr(10)
	id := f.create(nc)
	f.advance(12 * time.Hour)
	return f.calls(id)[0].Status, f.events(id, DetailsQuery{})
}

func withOutcome(ph string, mo any) Record {
	r := rec(ph)
	b, _ := json.Marshal(map[string]any{"client_name": "John Doe", "mock_outcome": mo})
	r.Variables = b
	return r
}

func TestDEC20_TerminalCallStatus(t *testing.T) {
	tests := []struct {
		name     string
		r        Record
		retry    int
		want     string
		attempts int
	}{
		{"answered", rec(testPhone(1, 0)), 2, api.CallCompleted, 1},
		{"no answer until the end", rec(testPhone(1, 1)), 2, api.CallNoAnswer, 3},
		{"busy last", rec(testPhone(1, 2)), 1, api.CallBusy, 2},
		{"invalid number", rec(testPhone(1, 3)), 3, api.CallFailed, 1},
		{"voicemail counts as no answer", rec(testPhone(1, 4)), 1, api.CallNoAnswer, 2},
		{"rejected counts as no answer", withOutcome(phone(1), "rejected"), 1, api.CallNoAnswer, 2},
		{"congestion counts as no answer", withOutcome(phone(1), "congestion"), 2, api.CallNoAnswer, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, ev := lone(t, tt.r, tt.retry)
			assert.Equal(t, tt.want, st)
			assert.Len(t, ev, tt.attempts)
		})
	}
	t.Run("window closed first", func(t *testing.T) {
		f := newFixture(t)
		nc := day(rec(testPhone(1, 9)), rec(phone(2)))
		nc.EndAt = at(90 * time.Minute)
		id := f.create(nc)
		f.advance(3 * time.Hour)
		assert.ElementsMatch(t, []string{api.CallCompleted}, f.byPhone(id, testPhone(1, 9)))
		assert.ElementsMatch(t, []string{api.CallExpired}, f.byPhone(id, phone(2)))
	})
}

func TestDEC21_EventStatusesAndUnansweredFields(t *testing.T) {
	tests := []struct {
		code   int
		status string
	}{{0, api.EventCompleted}, {1, api.EventNoAnswer}, {2, api.EventBusy}, {3, api.EventFailed}, {4, api.EventVoicemail}, {5, api.EventCompleted}}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			_, ev := lone(t, rec(testPhone(1, tt.code)), 0)
			require.Len(t, ev, 1)
			e := ev[0]
			assert.Equal(t, tt.status, e.Status)
			require.NotNil(t, e.DurationSec)
			require.NotNil(t, e.FResult)
			if tt.status != api.EventCompleted {
				assert.Nil(t, e.Transcript)
				assert.Nil(t, e.Summary)
				assert.Nil(t, e.UserSentiment)
				assert.LessOrEqual(t, *e.DurationSec, 40, "its ring time")
				return
			}
			require.NotNil(t, e.Transcript)
			require.NotNil(t, e.Summary)
			require.NotNil(t, e.UserSentiment)
			assert.NotEmpty(t, *e.Transcript)
			assert.Contains(t, []string{"positive", "neutral", "negative"}, *e.UserSentiment)
		})
	}
	_, ev := lone(t, withOutcome(phone(1), "rejected"), 0)
	assert.Equal(t, api.EventRejected, ev[0].Status)
}

func TestDEC22_FResultCodes(t *testing.T) {
	tests := []struct {
		r    Record
		want string
	}{
		{rec(testPhone(1, 0)), api.FResultInformationTransferred},
		{rec(testPhone(1, 1)), api.FResultNotAnswered},
		{rec(testPhone(1, 2)), api.FResultBusy},
		{rec(testPhone(1, 3)), api.FResultInvalidNumber},
		{rec(testPhone(1, 4)), api.FResultAnsweringMachine},
		{withOutcome(phone(1), "rejected"), api.FResultRejected},
		{withOutcome(phone(1), "congestion"), api.FResultCongestion},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, ev := lone(t, tt.r, 0)
			assert.Equal(t, tt.want, *ev[0].FResult)
		})
	}
	t.Run("every answered code occurs", func(t *testing.T) {
		mix := newMixTable(OutcomeMix{Answered: 1})
		seen := map[string]bool{}
		for i := range 2000 {
			o := mix.draw(1, [16]byte{1}, [16]byte{byte(i), byte(i >> 8)}, 1, foNone)
			seen[fresultCodes[o.fresult]] = true
		}
		assert.Len(t, seen, 4)
	})
}

func TestDEC23_RetryCountAndInterval(t *testing.T) {
	for _, interval := range []int{1, 30, 120} {
		t.Run(fmt.Sprint(interval), func(t *testing.T) {
			f := newFixture(t)
			nc := day(rec(testPhone(1, 1)), rec(testPhone(2, 2)))
			nc.Retry, nc.RetryInterval, nc.Speed = ptr(2), ptr(interval), ptr(2)
			id := f.create(nc)
			f.advance(10 * time.Hour)
			for _, ph := range []string{testPhone(1, 1), testPhone(2, 2)} {
				ev := f.events(id, DetailsQuery{PhoneNumber: ph})
				require.Len(t, ev, 3, "retry 2 is three attempts")
				for k := 1; k < len(ev); k++ {
					prevEnd := ev[k-1].StartedAt.Add(time.Duration(*ev[k-1].DurationSec) * time.Second)
					assert.Equal(t, prevEnd.Add(time.Duration(interval)*time.Minute), ev[k].StartedAt.Time, "a free slot retries exactly on time")
				}
			}
		})
	}
	t.Run("never earlier when slots are busy", func(t *testing.T) {
		f := newFixture(t)
		nc := day(rec(testPhone(1, 1)), rec(testPhone(2, 9)))
		nc.Retry, nc.RetryInterval, nc.Speed = ptr(1), ptr(1), ptr(1)
		id := f.create(nc)
		f.advance(10 * time.Hour)
		ev := f.events(id, DetailsQuery{PhoneNumber: testPhone(1, 1)})
		require.Len(t, ev, 2)
		end0 := ev[0].StartedAt.Add(time.Duration(*ev[0].DurationSec) * time.Second)
		assert.Equal(t, end0.Add(time.Hour), ev[1].StartedAt.Time, "due after a minute, dialed when the hour-long call frees the slot")
	})
}

func TestDEC24_WindowAndTransferNextDay(t *testing.T) {
	t.Run("only inside the window", func(t *testing.T) {
		f := newFixture(t)
		nc := day(recs(50)...)
		nc.StartAt, nc.EndAt = at(time.Hour), at(time.Hour+10*time.Minute)
		nc.Retry, nc.RetryInterval = ptr(3), ptr(1)
		id := f.create(nc)
		f.advance(30 * time.Hour)
		for _, e := range f.events(id, DetailsQuery{}) {
			assert.False(t, e.StartedAt.Before(nc.StartAt))
			assert.True(t, e.StartedAt.Before(nc.EndAt))
		}
		counts := map[string]int{}
		for _, c := range f.calls(id) {
			counts[c.Status]++
		}
		assert.Positive(t, counts[api.CallExpired], "most numbers were never reached")
		assert.Zero(t, counts[api.CallPending])
	})
	t.Run("carried over keeping attempts", func(t *testing.T) {
		f := newFixture(t, func(o *Options) { o.Limits = DefaultLimits(); o.Limits.TransferDays = 2 })
		nc := day(rec(testPhone(1, 9)), rec(testPhone(2, 1)))
		nc.StartAt, nc.EndAt = at(time.Hour), at(time.Hour+5*time.Minute)
		nc.Retry, nc.RetryInterval, nc.TransferNextDay = ptr(4), ptr(1), ptr(true)
		id := f.create(nc)
		f.advance(4 * 24 * time.Hour)
		ev := f.events(id, DetailsQuery{PhoneNumber: testPhone(2, 1)})
		days := map[int]bool{}
		for _, e := range ev {
			days[e.StartedAt.YearDay()-t0.YearDay()] = true
			assert.Equal(t, 9, e.StartedAt.Hour(), "inside the window, that day")
			assert.Less(t, e.StartedAt.Minute(), 5, "inside the window, that day")
		}
		assert.Equal(t, map[int]bool{1: true, 2: true}, days, "not on day 0 (the hour-long call holds the only slot), then days 1 and 2")
		assert.Len(t, ev, 5, "the count is kept: four attempts at most fit in a day")
		assert.Equal(t, []string{api.CallNoAnswer}, f.byPhone(id, testPhone(2, 1)))
		assert.Equal(t, api.CampaignCompleted, f.status(id))
	})
	t.Run("expired after the last day", func(t *testing.T) {
		f := newFixture(t, func(o *Options) { o.Limits = DefaultLimits(); o.Limits.TransferDays = 1 })
		nc := day(rec(testPhone(1, 9)), rec(testPhone(2, 9)))
		nc.StartAt, nc.EndAt = at(time.Hour), at(time.Hour+20*time.Minute)
		nc.TransferNextDay = ptr(true)
		id := f.create(nc)
		f.advance(4 * 24 * time.Hour)
		ev := f.events(id, DetailsQuery{})
		require.Len(t, ev, 2)
		assert.Equal(t, at(25*time.Hour), ev[1].StartedAt.Time, "the second waited a day")
		f2 := newFixture(t, func(o *Options) { o.Limits = DefaultLimits(); o.Limits.TransferDays = 1 })
		nc.Records = []Record{rec(testPhone(1, 9)), rec(testPhone(2, 9)), rec(testPhone(3, 9))}
		id = f2.create(nc)
		f2.advance(4 * 24 * time.Hour)
		assert.Equal(t, []string{api.CallExpired}, f2.byPhone(id, testPhone(3, 9)))
		assert.Equal(t, api.CampaignCompleted, f2.status(id))
	})
}

func TestDEC25_DayUnique(t *testing.T) {
	f := newFixture(t)
	nc := day(rec(testPhone(1, 9)), rec(testPhone(2, 1)), rec(testPhone(1, 9)))
	nc.StartAt, nc.EndAt = at(time.Hour), at(90*time.Minute)
	nc.DayUnique, nc.TransferNextDay, nc.AllowDynamicCallAppending = ptr("delete"), ptr(true), ptr(true)
	id := f.create(nc)
	require.Len(t, f.calls(id), 2, "first one wins within a request")

	resp, err := f.s.Append(firmA, id, []Record{rec("+" + testPhone(1, 9)), rec(phone(3))})
	require.NoError(t, err)
	assert.Equal(t, [2]int{1, 1}, [2]int{resp.AddedCount, resp.DuplicatesRemoved}, "across requests, same day")

	f.advance(2*time.Hour + time.Minute) // 10:01: day 0 closed, the hour-long call has ended
	require.Equal(t, []string{api.CallCompleted}, f.byPhone(id, testPhone(1, 9)))
	require.Equal(t, []string{api.CallPending}, f.byPhone(id, testPhone(2, 1)), "carried to day 1")
	resp, err = f.s.Append(firmA, id, []Record{rec(testPhone(1, 9)), rec(testPhone(2, 1))})
	require.NoError(t, err)
	assert.Equal(t, [2]int{1, 1}, [2]int{resp.AddedCount, resp.DuplicatesRemoved},
		"new calls are for day 1: the day-0 call does not clash, the carried one does")
}

func TestDEC26_TestNumbers(t *testing.T) {
	tests := []struct {
		name      string
		r         Record
		fresult   string
		sentiment string
		dur       int
	}{
		{"000", rec(testPhone(1, 0)), api.FResultInformationTransferred, "", 0},
		{"001", rec(testPhone(1, 1)), api.FResultNotAnswered, "", 0},
		{"002", rec(testPhone(1, 2)), api.FResultBusy, "", 0},
		{"003", rec(testPhone(1, 3)), api.FResultInvalidNumber, "", 0},
		{"004", rec(testPhone(1, 4)), api.FResultAnsweringMachine, "", 0},
		{"005", rec(testPhone(1, 5)), api.FResultGoalNotAchieved, "negative", 0},
		{"008", rec(testPhone(1, 8)), api.FResultInformationTransferred, "", 300},
		{"009", rec(testPhone(1, 9)), api.FResultInformationTransferred, "", 3600},
		{"mock_outcome over a test number", withOutcome(testPhone(1, 0), "002"), api.FResultBusy, "", 0},
		{"mock_outcome name", withOutcome(phone(1), "Invalid-Number"), api.FResultInvalidNumber, "", 0},
		{"mock_outcome voicemail", withOutcome(phone(1), "voicemail"), api.FResultAnsweringMachine, "", 0},
		{"mock_outcome negative", withOutcome(phone(1), "005"), api.FResultGoalNotAchieved, "negative", 0},
		{"mock_outcome hour", withOutcome(phone(1), "hold_1h"), api.FResultInformationTransferred, "", 3600},
		{"mock_outcome as a number", withOutcome(phone(1), 8), api.FResultInformationTransferred, "", 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ev := lone(t, tt.r, 3)
			for _, e := range ev {
				assert.Equal(t, tt.fresult, *e.FResult, "every attempt")
				if tt.sentiment != "" {
					assert.Equal(t, tt.sentiment, *e.UserSentiment)
				}
				if tt.dur != 0 {
					assert.Equal(t, tt.dur, *e.DurationSec)
				}
			}
		})
	}
	t.Run("unknown mock_outcome is ignored", func(t *testing.T) {
		_, ev := lone(t, withOutcome(testPhone(1, 3), "explode"), 0)
		assert.Equal(t, api.FResultInvalidNumber, *ev[0].FResult)
	})
	t.Run("random overrides a test number", func(t *testing.T) {
		f := newFixture(t)
		var rs []Record
		for i := range 40 {
			rs = append(rs, withOutcome(testPhone(i, 3), "006"))
		}
		nc := day(rs...)
		nc.Speed = ptr(40)
		id := f.create(nc)
		f.advance(3 * time.Hour)
		seen := map[string]bool{}
		for _, e := range f.events(id, DetailsQuery{}) {
			seen[*e.FResult] = true
		}
		assert.Greater(t, len(seen), 3)
	})
	for _, tt := range []struct {
		code int
		live time.Duration
	}{{8, 5 * time.Minute}, {9, time.Hour}} {
		t.Run(fmt.Sprintf("00%d stays in progress for %s", tt.code, tt.live), func(t *testing.T) {
			f := newFixture(t)
			id := f.create(day(rec(testPhone(1, tt.code))))
			f.advance(time.Hour)
			f.advance(tt.live - time.Millisecond)
			ev := f.events(id, DetailsQuery{})
			require.Len(t, ev, 1)
			assert.Equal(t, api.EventInProgress, ev[0].Status)
			assert.Equal(t, api.CallInProgress, f.calls(id)[0].Status)
			f.advance(time.Millisecond)
			ev = f.events(id, DetailsQuery{})
			assert.Equal(t, api.EventCompleted, ev[0].Status)
			assert.Equal(t, api.CallCompleted, f.calls(id)[0].Status)
		})
	}
}

func TestOutcomeMix(t *testing.T) {
	t.Run("default shares", func(t *testing.T) {
		mix := newMixTable(OutcomeMix{})
		n := 20000
		counts := map[string]int{}
		var answeredDur []int
		for i := range n {
			id := uuid.UUID(asV4([16]byte{byte(i), byte(i >> 8), byte(i >> 16)}))
			o := mix.draw(3, [16]byte{9}, id, 1, foNone)
			st := eventStatus(o.fresult)
			counts[st]++
			if st == api.EventCompleted {
				answeredDur = append(answeredDur, int(o.dur))
				assert.LessOrEqual(t, o.dur, int32(1200))
			}
		}
		want := map[string]float64{api.EventCompleted: .35, api.EventNoAnswer: .35, api.EventBusy: .10, api.EventVoicemail: .10, api.EventRejected: .05, api.EventFailed: .05}
		for st, share := range want {
			assert.InDelta(t, share, float64(counts[st])/float64(n), 0.015, st)
		}
		sort.Ints(answeredDur)
		assert.InDelta(t, 70, answeredDur[len(answeredDur)/2], 15, "median answered duration")
	})
	t.Run("custom mix", func(t *testing.T) {
		mix := newMixTable(OutcomeMix{Busy: 1})
		for i := range 100 {
			assert.Equal(t, frBusy, mix.draw(1, [16]byte{}, [16]byte{byte(i)}, 1, foNone).fresult)
		}
	})
	t.Run("pure function of seed, campaign, call, attempt", func(t *testing.T) {
		mix := newMixTable(OutcomeMix{})
		a := mix.draw(1, [16]byte{1}, [16]byte{2}, 1, foNone)
		assert.Equal(t, a, mix.draw(1, [16]byte{1}, [16]byte{2}, 1, foNone))
		assert.NotEqual(t, a.id, mix.draw(2, [16]byte{1}, [16]byte{2}, 1, foNone).id)
		assert.NotEqual(t, a.id, mix.draw(1, [16]byte{1}, [16]byte{2}, 2, foNone).id)
		assert.Equal(t, uuid.Version(4), uuid.UUID(a.id).Version())
		assert.Equal(t, uuid.RFC4122, uuid.UUID(a.id).Variant())
	})
}
