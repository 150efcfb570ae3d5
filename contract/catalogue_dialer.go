package contract

import (
	"context"
	"sort"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// The dialer's promises only show while calls are dialed, so every check
// here needs the mock's clock (FixtureClock): each creates its own campaign
// of test numbers (DEC-26) whose window opens a minute ahead, and moves the
// clock through it.

// suffixBusy is the test number that meets a busy line on every attempt (DEC-26).
const suffixBusy = "002"

// docSpeed is the documentation's sentence on speed.
const docSpeed = "Concurrent call speed (number of simultaneous calls)."

func dialerChecks() []Check {
	clock := []Fixture{FixtureClock}
	retries := Dec("DEC-23", "retry is how many more attempts an unanswered call may get after the first, so it is dialed at most retry+1 times; an invalid number is dialed once. A retry starts no sooner than retry_interval minutes after the previous attempt ended.")
	return []Check{
		{ID: "dialer.speed", Operation: api.OpDetails, Title: "speed 2: never more than 2 attempts IN_PROGRESS, seen live and swept over every event's started_at and duration",
			Rule: Doc(docSpeed), Needs: clock, Run: checkDialerSpeed},
		{ID: "dialer.retry-interval", Operation: api.OpDetails, Title: "retry_interval 30: each retry starts 30 minutes or more after the previous attempt ended",
			Rule: retries, Needs: clock, Run: checkDialerRetryInterval},
		{ID: "dialer.attempts", Operation: api.OpDetails, Title: "retry 2: an unanswered number is dialed 3 times, no more; an invalid number once",
			Rule: retries, Needs: clock, Run: checkDialerAttempts},
		{ID: "dialer.window", Operation: api.OpListCalls, Title: "no attempt starts outside [start_at, end_at), even the next day; calls waiting at end_at end EXPIRED",
			Rule:  Dec("DEC-24", "No attempt begins before start_at, nor at or after end_at, though one under way at end_at may finish. Without transfer_next_day, what is still waiting when the window shuts expires."),
			Needs: clock, Run: checkDialerWindow},
		{ID: "dialer.final-status", Operation: api.OpListCalls, Title: "after the window: answered COMPLETED, busy BUSY, invalid FAILED, unanswered NO_ANSWER",
			Rule:  Dec("DEC-20", "A call finishes COMPLETED once an attempt is answered, FAILED straight away for an invalid number, and with no attempts left BUSY if the final attempt met a busy line or NO_ANSWER for any other unanswered end."),
			Needs: clock, Run: checkDialerFinalStatus},
	}
}

// testRecords returns one record of a fresh test number per suffix.
func (t *T) testRecords(suffixes ...string) []api.CallRecord {
	out := make([]api.CallRecord, len(suffixes))
	for i, s := range suffixes {
		out[i] = Record(t.TestPhone(s))
	}
	return out
}

// opening creates req in a window that opens a minute from the mock's now
// and lasts window, and leaves the clock before start_at. It needs the
// admin API.
func (t *T) opening(ctx context.Context, req api.CreateCampaignRequest, window time.Duration) (id string, start, end time.Time) {
	if t.env.admin == nil {
		t.Skipf("the check needs the mock's clock (--admin-token)")
	}
	start = t.Now(ctx).Add(time.Minute).UTC().Truncate(time.Millisecond)
	end = start.Add(window)
	req.StartAt, req.EndAt = start.Format(api.TimeLayout), end.Format(api.TimeLayout)
	return t.Create(ctx, req).CallCampaignUUID, start, end
}

// advanceTo moves the mock's clock forward to at; nothing when it is there already.
func (t *T) advanceTo(ctx context.Context, at time.Time) {
	if d := at.Sub(t.Now(ctx)); d > 0 {
		t.Advance(ctx, d)
	}
}

// ended is when an attempt ended: started_at plus duration_sec, or ok false while it is live.
func ended(e api.CallEvent) (time.Time, bool) {
	if e.DurationSec == nil {
		return time.Time{}, false
	}
	return e.StartedAt.Add(time.Duration(*e.DurationSec) * time.Second), true
}

// mostAtOnce is the largest number of attempts under way at one instant,
// and the first instant it is reached. An attempt is under way from its
// started_at to its end, half open (one that ends as another starts does
// not overlap it); one still live lasts until now.
func mostAtOnce(evs []api.CallEvent, now time.Time) (int, time.Time) {
	type edge struct {
		at   time.Time
		step int
	}
	edges := make([]edge, 0, 2*len(evs))
	for _, e := range evs {
		end, ok := ended(e)
		if !ok {
			end = now
		}
		edges = append(edges, edge{e.StartedAt.Time, 1}, edge{end, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if !edges[i].at.Equal(edges[j].at) {
			return edges[i].at.Before(edges[j].at)
		}
		return edges[i].step < edges[j].step
	})
	cur, most, when := 0, 0, time.Time{}
	for _, e := range edges {
		cur += e.step
		if cur > most {
			most, when = cur, e.at
		}
	}
	return most, when
}

// checkDialerSpeed: six numbers held IN_PROGRESS for an hour each, speed
// 2, a window of four hours. Just after the window opens and on either side
// of each hour's turn, the details and the listing show at most 2 live;
// after the window, a sweep over every event's interval finds at most 2 at
// any instant.
func checkDialerSpeed(ctx context.Context, t *T) {
	const speed = 2
	suffixes := make([]string, 3*speed)
	for i := range suffixes {
		suffixes[i] = suffixOneHour
	}
	req := t.NewCampaign(ctx, t.testRecords(suffixes...))
	req.Speed, req.Retry = intp(speed), intp(0)
	id, start, end := t.opening(ctx, req, 4*time.Hour)
	for _, at := range []time.Duration{time.Second, 59*time.Minute + 59*time.Second, time.Hour + time.Second,
		2*time.Hour + time.Second, 3*time.Hour + time.Second} {
		t.advanceTo(ctx, start.Add(at))
		evs, _ := t.Events(ctx, id, client.DetailsQuery{})
		live := 0
		for _, e := range evs {
			if e.Status == api.EventInProgress {
				live++
			}
		}
		if live > speed {
			t.Errorf(nil, "%s into the window the details show %d events IN_PROGRESS, want at most speed %d", at, live, speed)
		}
		calls, _ := t.Calls(ctx, id)
		live = 0
		for _, c := range calls {
			if c.Status == api.CallInProgress {
				live++
			}
		}
		if live > speed {
			t.Errorf(nil, "%s into the window the listing shows %d calls IN_PROGRESS, want at most speed %d", at, live, speed)
		}
	}
	t.advanceTo(ctx, end.Add(time.Hour))
	evs, _ := t.Events(ctx, id, client.DetailsQuery{})
	if len(evs) <= speed {
		t.Brokenf(nil, "six hour-long test numbers got %d attempts in a window of four hours at speed %d: too few to judge the speed", len(evs), speed)
	}
	if most, at := mostAtOnce(evs, t.Now(ctx)); most > speed {
		t.Errorf(nil, "by their started_at and duration_sec, %d attempts were under way at %s, want at most speed %d",
			most, at.UTC().Format(api.TimeLayout), speed)
	}
}

// retryCampaign creates a campaign of two unanswered test numbers and an
// invalid one, retry 2, retry_interval 30, speed 3 (a free slot for each),
// runs it through its window of three hours and returns the events of
// each number.
func (t *T) retryCampaign(ctx context.Context) (map[string][]api.CallEvent, []api.CallRecord) {
	recs := t.testRecords(suffixNoAnswer, suffixNoAnswer, suffixInvalid)
	req := t.NewCampaign(ctx, recs)
	req.Retry, req.RetryInterval, req.Speed = intp(2), intp(30), intp(3)
	id, _, end := t.opening(ctx, req, 3*time.Hour)
	t.advanceTo(ctx, end.Add(time.Hour))
	evs, _ := t.Events(ctx, id, client.DetailsQuery{})
	byPhone := map[string][]api.CallEvent{}
	for _, e := range evs {
		byPhone[e.PhoneNumber] = append(byPhone[e.PhoneNumber], e)
	}
	for _, list := range byPhone {
		sort.SliceStable(list, func(i, j int) bool { return list[i].StartedAt.Before(list[j].StartedAt.Time) })
	}
	return byPhone, recs
}

func checkDialerRetryInterval(ctx context.Context, t *T) {
	byPhone, recs := t.retryCampaign(ctx)
	const interval = 30 * time.Minute
	retries := 0
	for _, r := range recs[:2] {
		evs := byPhone[r.PhoneNumber]
		for k := 1; k < len(evs); k++ {
			retries++
			prev, ok := ended(evs[k-1])
			if !ok {
				t.Errorf(nil, "%s: attempt %d is still IN_PROGRESS two hours after the window, yet attempt %d followed it", r.PhoneNumber, k, k+1)
				continue
			}
			if gap := evs[k].StartedAt.Sub(prev); gap < interval {
				t.Errorf(nil, "%s: attempt %d started at %s, %s after attempt %d ended at %s; want retry_interval 30m0s or more",
					r.PhoneNumber, k+1, evs[k].StartedAt.UTC().Format(api.TimeLayout), gap, k, prev.UTC().Format(api.TimeLayout))
			}
		}
	}
	if retries == 0 {
		t.Brokenf(nil, "two unanswered test numbers with retry 2 were never retried in a window of three hours: no retry to judge")
	}
}

func checkDialerAttempts(ctx context.Context, t *T) {
	byPhone, recs := t.retryCampaign(ctx)
	const retry = 2
	for _, r := range recs[:2] {
		if n := len(byPhone[r.PhoneNumber]); n != retry+1 {
			t.Errorf(nil, "the unanswered %s was dialed %d times with retry %d in a window with room for every retry, want %d", r.PhoneNumber, n, retry, retry+1)
		}
	}
	if n := len(byPhone[recs[2].PhoneNumber]); n != 1 {
		t.Errorf(nil, "the invalid number %s was dialed %d times, want once (an invalid number is never retried)", recs[2].PhoneNumber, n)
	}
}

// checkDialerWindow: speed 1 and a window of 90 minutes for two numbers
// held an hour and three answered ones. Nothing starts before start_at;
// the second hour-long attempt is under way at end_at; the answered ones
// are still waiting then and must end EXPIRED. A day later, with
// transfer_next_day false, no attempt has started outside the window.
func checkDialerWindow(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, t.testRecords(suffixOneHour, suffixOneHour, suffixAnswered, suffixAnswered, suffixAnswered))
	req.Speed, req.Retry, req.TransferNextDay = intp(1), intp(0), boolp(false)
	id, start, end := t.opening(ctx, req, 90*time.Minute)
	t.advanceTo(ctx, start.Add(-time.Second))
	if evs, _ := t.Events(ctx, id, client.DetailsQuery{}); len(evs) != 0 {
		t.Errorf(nil, "a second before start_at the campaign already has %d attempts", len(evs))
	}
	// Just before end_at: what is waiting now must expire.
	sampled := end.Add(-time.Second)
	t.advanceTo(ctx, sampled)
	calls, _ := t.Calls(ctx, id)
	waiting := map[string]bool{}
	for _, c := range calls {
		if c.Status == api.CallPending {
			waiting[c.UUID] = true
		}
	}
	if len(waiting) == 0 {
		t.Brokenf(nil, "arrange calls waiting at end_at: no call of five is PENDING a second before end_at at speed 1")
	}
	t.advanceTo(ctx, end.Add(25*time.Hour))
	evs, _ := t.Events(ctx, id, client.DetailsQuery{})
	lateStart := map[string]bool{}
	for _, e := range evs {
		if e.StartedAt.Before(start) || !e.StartedAt.Before(end) {
			t.Errorf(nil, "an attempt of %s started at %s, outside the window [%s, %s)", e.PhoneNumber,
				e.StartedAt.UTC().Format(api.TimeLayout), start.Format(api.TimeLayout), end.Format(api.TimeLayout))
		}
		if !e.StartedAt.Before(sampled) {
			lateStart[e.CallUUID] = true
		}
	}
	calls, _ = t.Calls(ctx, id)
	for _, c := range calls {
		if waiting[c.UUID] && !lateStart[c.UUID] && c.Status != api.CallExpired {
			t.Errorf(nil, "%s was PENDING at end_at and never dialed after, yet a day later its call is %s, want EXPIRED (transfer_next_day false)",
				c.PhoneNumber, c.Status)
		}
	}
}

// checkDialerFinalStatus: one number of each forced outcome, retry 1
// (every unanswered one is retried once), run through its window.
func checkDialerFinalStatus(ctx context.Context, t *T) {
	want := map[string]string{suffixAnswered: api.CallCompleted, suffixBusy: api.CallBusy, suffixInvalid: api.CallFailed, suffixNoAnswer: api.CallNoAnswer}
	suffixes := []string{suffixAnswered, suffixBusy, suffixInvalid, suffixNoAnswer}
	recs := t.testRecords(suffixes...)
	req := t.NewCampaign(ctx, recs)
	req.Retry, req.RetryInterval, req.Speed = intp(1), intp(30), intp(4)
	id, _, end := t.opening(ctx, req, 3*time.Hour)
	t.advanceTo(ctx, end.Add(time.Hour))
	calls, _ := t.Calls(ctx, id)
	for i, r := range recs {
		c, ok := CallOf(calls, r.PhoneNumber)
		switch {
		case !ok:
			t.Brokenf(nil, "the calls listing lacks %s", r.PhoneNumber)
		case c.Status != want[suffixes[i]]:
			t.Errorf(nil, "the test number %s (…%s) ends %s after its window, want %s", r.PhoneNumber, suffixes[i], c.Status, want[suffixes[i]])
		}
	}
}
