package contract

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// The campaign's lifecycle, read where only the details show it
// (call_campaign_status, DEC-40), and the admin API's cancel and fail
// (DEC-14). Every check creates its own campaign and needs the mock's
// clock (FixtureClock).

// ruleDEC40 is the rule a check breaks when the details do not say the
// campaign's status it reads there.
var ruleDEC40 = Dec("DEC-40", "Besides the documented fields, GET …/details returns call_campaign_uuid, call_campaign_status, day_unique, transfer_next_day and allow_dynamic_call_appending.")

func lifecycleChecks() []Check {
	op := api.OpDetails
	clock := []Fixture{FixtureClock}
	return []Check{
		{ID: "lifecycle.start-processing", Operation: op, Title: "a campaign created before its window is DRAFT, and PROCESSING once start_at arrives, with nothing appended",
			Rule:  Dec("DEC-37", "A DRAFT campaign turns PROCESSING when its start_at arrives, whether or not anything was appended."),
			Needs: clock, Run: checkLifecycleStartProcessing},
		{ID: "lifecycle.completes", Operation: op, Title: "without dynamic appending a campaign is PROCESSING while a call is live and COMPLETED once every call has ended, before end_at",
			Rule:  Dec("DEC-38", "A PROCESSING campaign becomes COMPLETED when appending is not allowed, it has at least one call and every call has ended; or when its end_at has passed with no call live and nothing carried over to the next day."),
			Needs: clock, Run: checkLifecycleCompletes},
		{ID: "lifecycle.dynamic-stays-open", Operation: op, Title: "with allow_dynamic_call_appending a campaign whose calls have ended stays PROCESSING, dials what is appended, and completes at end_at",
			Rule:  Dec("DEC-19", "A campaign that allows dynamic appending does not complete just because its calls have all ended: it remains PROCESSING up to end_at, and numbers appended in the meantime are dialed."),
			Needs: clock, Run: checkLifecycleDynamic},
		{ID: "admin.cancel", Operation: api.OpListCalls, Title: "the admin API's cancel: CANCELED, waiting calls CANCELED, the live attempt finishes, nothing more dialed, an append is 400",
			Rule: ruleDEC14, Needs: clock, Run: func(ctx context.Context, t *T) { checkAdminStop(ctx, t, api.CampaignCanceled) }},
		{ID: "admin.fail", Operation: api.OpListCalls, Title: "the admin API's fail: FAILED, waiting calls CANCELED, the live attempt finishes, nothing more dialed, an append is 400",
			Rule: ruleDEC14, Needs: clock, Run: func(ctx context.Context, t *T) { checkAdminStop(ctx, t, api.CampaignFailed) }},
	}
}

var ruleDEC14 = Dec("DEC-14", "Only the mock's admin API ends a campaign early: cancel makes it CANCELED, fail FAILED. Both turn waiting calls CANCELED; live attempts finish, their calls COMPLETED if answered, otherwise CANCELED.")

// statusOf reads the campaign's status from the details. A target whose
// details leave it out breaks DEC-40, and the check ends there.
func (t *T) statusOf(ctx context.Context, campaign string) string {
	d, ex, err := t.API().Details(ctx, campaign, client.DetailsQuery{Page: client.Page{Page: 1, Size: 1}})
	t.Must(ex, err, "read the campaign's details")
	if d.CallCampaignStatus == "" {
		t.fail(ruleDEC40, ex, "the details carry no call_campaign_status, so the campaign's state cannot be read")
		panic(stopCheck{})
	}
	return d.CallCampaignStatus
}

// expectStatus records a failure when the campaign is not in state want; when says when.
func (t *T) expectStatus(ctx context.Context, campaign, want, when string) {
	if got := t.statusOf(ctx, campaign); got != want {
		t.Errorf(nil, "%s the details say call_campaign_status %s, want %s", when, got, want)
	}
}

// allEnded reports whether every call of the campaign has left PENDING and IN_PROGRESS.
func (t *T) allEnded(ctx context.Context, campaign string) ([]api.Call, bool) {
	calls, _ := t.Calls(ctx, campaign)
	for _, c := range calls {
		if c.Status == api.CallPending || c.Status == api.CallInProgress {
			return calls, false
		}
	}
	return calls, len(calls) > 0
}

// checkLifecycleStartProcessing: an empty campaign, so that nothing but
// start_at can move it.
func checkLifecycleStartProcessing(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, []api.CallRecord{})
	id, start, _ := t.opening(ctx, req, time.Hour)
	t.expectStatus(ctx, id, api.CampaignDraft, "right after its creation, a minute before start_at,")
	t.advanceTo(ctx, start.Add(-time.Second))
	t.expectStatus(ctx, id, api.CampaignDraft, "a second before start_at")
	t.advanceTo(ctx, start.Add(time.Second))
	t.expectStatus(ctx, id, api.CampaignProcessing, "a second after start_at, with nothing ever appended,")
}

// checkLifecycleCompletes: an answered, an invalid and a five-minute test
// number, retry 0, a window of four hours.
func checkLifecycleCompletes(ctx context.Context, t *T) {
	recs := t.testRecords(suffixAnswered, suffixInvalid, suffixFiveMinute)
	req := t.NewCampaign(ctx, recs)
	req.Retry, req.Speed, req.AllowDynamicCallAppending = intp(0), intp(3), boolp(false)
	id, start, end := t.opening(ctx, req, 4*time.Hour)
	t.expectStatus(ctx, id, api.CampaignDraft, "before start_at")
	t.advanceTo(ctx, start.Add(time.Minute))
	calls, _ := t.Calls(ctx, id)
	if c, _ := CallOf(calls, recs[2].PhoneNumber); c.Status != api.CallInProgress {
		t.Brokenf(nil, "arrange a live call: the five-minute test number's call is %q a minute into the window", c.Status)
	}
	t.expectStatus(ctx, id, api.CampaignProcessing, "a minute into the window, with a call still live,")
	for at := start.Add(10 * time.Minute); ; at = at.Add(10 * time.Minute) {
		if !at.Before(end) {
			t.Brokenf(nil, "arrange ended calls: the calls are not all ended by end_at (an answered, an invalid and a five-minute test number, retry 0)")
		}
		t.advanceTo(ctx, at)
		calls, done := t.allEnded(ctx, id)
		if !done {
			continue
		}
		st := make([]string, len(calls))
		for i, c := range calls {
			st[i] = c.Status
		}
		t.expectStatus(ctx, id, api.CampaignCompleted, "every call has ended ("+strings.Join(st, ", ")+") and appending is not allowed, yet")
		return
	}
}

// checkLifecycleDynamic: one answered number with dynamic appending, a
// window of two hours; another is appended after the first has ended.
func checkLifecycleDynamic(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, t.testRecords(suffixAnswered))
	req.Retry, req.Speed, req.AllowDynamicCallAppending = intp(0), intp(1), boolp(true)
	id, start, end := t.opening(ctx, req, 2*time.Hour)
	t.advanceTo(ctx, start.Add(25*time.Minute))
	if _, done := t.allEnded(ctx, id); !done {
		t.Brokenf(nil, "arrange ended calls: the answered test number's call has not ended 25 minutes into the window")
	}
	t.expectStatus(ctx, id, api.CampaignProcessing, "every call has ended but appending is allowed and end_at is ahead:")
	added := Record(t.TestPhone(suffixAnswered))
	_, ex, err := t.API().AppendCalls(ctx, id, []api.CallRecord{added})
	if !t.Status(ex, err, "append to an open dynamic campaign", http.StatusOK) {
		return
	}
	t.advanceTo(ctx, start.Add(50*time.Minute))
	if evs, _ := t.Events(ctx, id, client.DetailsQuery{PhoneNumber: added.PhoneNumber}); len(evs) == 0 {
		t.Errorf(ex, "the number appended 25 minutes into the window has no attempt 25 minutes later, want it dialed")
	}
	t.expectStatus(ctx, id, api.CampaignProcessing, "with end_at still ahead")
	t.advanceTo(ctx, end.Add(-time.Second))
	t.expectStatus(ctx, id, api.CampaignProcessing, "a second before end_at")
	t.advanceTo(ctx, end.Add(time.Second))
	t.expectStatus(ctx, id, api.CampaignCompleted, "a second after end_at, nothing live,")
}

// checkAdminStop: speed 1 and a window of four hours for a number held an
// hour, an answered one and an unanswered one; a second into the window
// the first is live and the others wait. The admin API ends the campaign
// in want (CANCELED or FAILED).
func checkAdminStop(ctx context.Context, t *T, want string) {
	recs := t.testRecords(suffixOneHour, suffixAnswered, suffixNoAnswer)
	req := t.NewCampaign(ctx, recs)
	req.Retry, req.Speed = intp(2), intp(1)
	id, start, _ := t.opening(ctx, req, 4*time.Hour)
	t.advanceTo(ctx, start.Add(time.Second))
	live := t.expectInProgress(ctx, id, recs[0].PhoneNumber)
	stop, verb := t.env.admin.Cancel, "cancel"
	if want == api.CampaignFailed {
		stop, verb = t.env.admin.Fail, "fail"
	}
	st, err := stop(ctx, id)
	if err != nil {
		t.Fatalf(nil, "POST /_mock/campaigns/%s/%s: %v", id, verb, err)
	}
	if st.CallCampaignStatus != want {
		t.Errorf(nil, "the admin %s answers call_campaign_status %q, want %s", verb, st.CallCampaignStatus, want)
	}
	t.expectStatus(ctx, id, want, "after the admin "+verb)
	calls, _ := t.Calls(ctx, id)
	for _, r := range recs[1:] {
		if c, _ := CallOf(calls, r.PhoneNumber); c.Status != api.CallCanceled {
			t.Errorf(nil, "%s was waiting when the campaign was %s, and its call is %s, want CANCELED", r.PhoneNumber, strings.ToLower(want), c.Status)
		}
	}
	_, ex, err := t.API().AppendCalls(ctx, id, t.Records(1))
	t.Status(ex, err, "append to a "+want+" campaign", http.StatusBadRequest)
	t.Advance(ctx, 2*time.Hour)
	calls, total := t.Calls(ctx, id)
	if total != len(recs) {
		t.Errorf(ex, "the %s campaign has %d calls after a refused append, want %d", want, total, len(recs))
	}
	if c, _ := CallOf(calls, recs[0].PhoneNumber); c.Status != api.CallCompleted {
		t.Errorf(nil, "the attempt live at the %s was answered at its end, yet its call is %s, want COMPLETED", verb, c.Status)
	}
	if evs, _ := t.Events(ctx, id, client.DetailsQuery{}); len(evs) != 1 || evs[0].CallUUID != live.UUID {
		t.Errorf(nil, "two hours after the %s the campaign has %d attempts, want only the one live at the %s", verb, len(evs), verb)
	}
	t.expectStatus(ctx, id, want, "two hours after the admin "+verb)
}
