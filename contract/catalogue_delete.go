package contract

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

func deleteCallChecks() []Check {
	op := api.OpDeleteCall
	return []Check{
		{ID: "delete-call.200", Operation: op, Title: "deleting a PENDING call answers 200 with its uuid",
			Rule: Doc(docDelete + ` Response 200 OK {"deleted": "<uuid>"}`), Run: checkDeleteCall200},
		{ID: "delete-call.gone", Operation: op, Title: "a deleted call is no longer listed, and deleting it again is 404",
			Rule: Doc(docDelete + " " + docDelete404), Run: checkDeleteCallGone},
		{ID: "delete-call.404-unknown-call", Operation: op, Title: "deleting an unknown call is 404",
			Rule: Doc(docDelete404), Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				_, ex, err := t.API().DeleteCall(ctx, id, uuid.NewString())
				t.Status(ex, err, "delete an unknown call", http.StatusNotFound)
			}},
		{ID: "delete-call.404-unknown-campaign", Operation: op, Title: "deleting a call of an unknown campaign is 404",
			Rule: Doc(docDelete404), Run: func(ctx context.Context, t *T) {
				_, ex, err := t.API().DeleteCall(ctx, uuid.NewString(), uuid.NewString())
				t.Status(ex, err, "delete in an unknown campaign", http.StatusNotFound)
			}},
		{ID: "delete-call.409-in-progress", Operation: op, Title: "deleting a call in progress is 409",
			Rule: Doc(docDelete409), Needs: []Fixture{FixtureCallInProgress}, Run: func(ctx context.Context, t *T) {
				campaign, call := t.CallInProgress(ctx)
				_, ex, err := t.API().DeleteCall(ctx, campaign, call)
				t.Status(ex, err, "delete a call in progress", http.StatusConflict)
			}},
		{ID: "delete-call.409-no-retry", Operation: op, Title: "after a 409 the call is never attempted again",
			Rule: Doc(docDelete409), Needs: []Fixture{FixtureClock}, Run: checkDeleteNoRetry},
		{ID: "delete-call.409-terminal", Operation: op, Title: "deleting a call that has ended is 409",
			Rule: Dec("DEC-27", "A terminal call → 409."), Needs: []Fixture{FixtureTerminalCall}, Run: func(ctx context.Context, t *T) {
				campaign, call := t.TerminalCall(ctx)
				_, ex, err := t.API().DeleteCall(ctx, campaign, call)
				t.Status(ex, err, "delete a terminal call", http.StatusConflict)
			}},
		{ID: "delete-call.waiting-retry", Operation: op, Title: "a call waiting for its retry is PENDING, deletable, and its past events leave the details",
			Rule:  Dec("DEC-27", "A PENDING call (also one waiting for a retry) → 200; it disappears from every listing and is never dialed. A deleted call's past events leave the details too."),
			Needs: []Fixture{FixtureClock}, Run: checkDeleteWaitingRetry},
		{ID: "delete-call.422-bad-uuid", Operation: op, Title: "a call id that is not a UUID is 422",
			Rule: Dec("DEC-3", "A non-UUID campaign or call id in a path → 422."), Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				_, ex, err := t.API().DeleteCall(ctx, id, "call-uuid-here")
				t.Status(ex, err, "delete call call-uuid-here", http.StatusUnprocessableEntity)
			}},
	}
}

func checkDeleteCall200(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 2)
	calls, _ := t.Calls(ctx, id)
	out, ex, err := t.API().DeleteCall(ctx, id, calls[0].UUID)
	if t.Status(ex, err, "delete a pending call", http.StatusOK) && out.Deleted != calls[0].UUID {
		t.Errorf(ex, "deleted %q, want %q", out.Deleted, calls[0].UUID)
	}
}

func checkDeleteCallGone(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 3)
	calls, before := t.Calls(ctx, id)
	victim := calls[1].UUID
	_, ex, err := t.API().DeleteCall(ctx, id, victim)
	if !t.Status(ex, err, "delete a pending call", http.StatusOK) {
		return
	}
	after, total := t.Calls(ctx, id)
	if total != before-1 || len(after) != before-1 {
		t.Errorf(ex, "after the delete: total %d, %d listed, want %d", total, len(after), before-1)
	}
	for _, c := range after {
		if c.UUID == victim {
			t.Errorf(ex, "the deleted call %s is still listed", victim)
		}
	}
	_, ex2, err := t.API().DeleteCall(ctx, id, victim)
	t.Status(ex2, err, "delete the deleted call again", http.StatusNotFound)
}

// checkDeleteNoRetry: an unanswered test number with two retries is being
// dialed; its delete is 409, and no attempt follows the live one.
func checkDeleteNoRetry(ctx context.Context, t *T) {
	campaign, phone := t.phoneInProgress(ctx, suffixNoAnswer, 2)
	c := t.expectInProgress(ctx, campaign, phone)
	_, ex, err := t.API().DeleteCall(ctx, campaign, c.UUID)
	if !t.Status(ex, err, "delete the call in progress", http.StatusConflict) {
		return
	}
	t.Advance(ctx, 3*time.Hour)
	evs, _ := t.Events(ctx, campaign, client.DetailsQuery{CallUUID: c.UUID})
	if len(evs) != 1 {
		t.Errorf(ex, "the call has %d attempts three hours after its delete was answered 409, want 1 (retries cancelled)", len(evs))
	}
	after, _ := t.Calls(ctx, campaign)
	if got, ok := CallOf(after, phone); ok && (got.Status == api.CallPending || got.Status == api.CallInProgress) {
		t.Errorf(nil, "the call is still %s three hours later", got.Status)
	}
}

// checkDeleteWaitingRetry: an unanswered test number with two retries after
// its first attempt has ended is PENDING; its delete is 200, its event
// leaves the details and it is never dialed again.
func checkDeleteWaitingRetry(ctx context.Context, t *T) {
	campaign, phone := t.phoneInProgress(ctx, suffixNoAnswer, 2)
	t.Advance(ctx, 5*time.Minute) // the ring ends; the retry is 30 minutes later
	calls, _ := t.Calls(ctx, campaign)
	c, _ := CallOf(calls, phone)
	if c.Status != api.CallPending {
		t.Brokenf(nil, "arrange a call waiting for its retry: the call is %q five minutes after its first attempt", c.Status)
	}
	if evs, _ := t.Events(ctx, campaign, client.DetailsQuery{CallUUID: c.UUID}); len(evs) != 1 {
		t.Brokenf(nil, "arrange a call waiting for its retry: it has %d events, want 1", len(evs))
	}
	_, ex, err := t.API().DeleteCall(ctx, campaign, c.UUID)
	if !t.Status(ex, err, "delete a call waiting for its retry", http.StatusOK) {
		return
	}
	t.Advance(ctx, 3*time.Hour)
	evs, d := t.Events(ctx, campaign, client.DetailsQuery{})
	if len(evs) != 0 || d.Total != 0 {
		t.Errorf(nil, "the deleted call's campaign still shows %d events (total %d), want none", len(evs), d.Total)
	}
}
