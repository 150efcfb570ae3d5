package contract

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

func deleteByPhoneChecks() []Check {
	op := api.OpDeleteByPhone
	return []Check{
		{ID: "delete-phone.200", Operation: op, Title: "deleting a number deletes all its calls and lists their uuids",
			Rule: Doc(docByPhone + " " + docByPhone200), Run: checkByPhone200},
		{ID: "delete-phone.shape", Operation: op, Title: `the answer is {"deleted": [uuids]}`,
			Rule: ruleByPhone, Run: checkByPhoneShape},
		{ID: "delete-phone.404-unknown-number", Operation: op, Title: "a number without calls in the campaign is 404",
			Rule: Doc(docByPhone404), Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				_, ex, err := t.API().DeleteByPhone(ctx, id, t.Phone())
				t.Status(ex, err, "delete a number the campaign does not have", http.StatusNotFound)
			}},
		{ID: "delete-phone.404-unknown-campaign", Operation: op, Title: "a number of an unknown campaign is 404",
			Rule: Doc(docByPhone404), Run: func(ctx context.Context, t *T) {
				_, ex, err := t.API().DeleteByPhone(ctx, uuid.NewString(), t.Phone())
				t.Status(ex, err, "delete by phone in an unknown campaign", http.StatusNotFound)
			}},
		{ID: "delete-phone.409-in-progress", Operation: op, Title: "a number with a call in progress is 409",
			Rule: Doc(docByPhone409), Needs: []Fixture{FixturePhoneInProgress}, Run: func(ctx context.Context, t *T) {
				campaign, phone := t.PhoneInProgress(ctx)
				_, ex, err := t.API().DeleteByPhone(ctx, campaign, phone)
				t.Status(ex, err, "delete a number being dialed", http.StatusConflict)
			}},
		{ID: "delete-phone.409-atomic", Operation: op, Title: "a 409 by phone deletes none of the number's calls",
			Rule:  Dec("DEC-28", "If any call of that number is not PENDING → 409 and nothing is deleted (atomic)."),
			Needs: []Fixture{FixtureClock}, Run: checkByPhoneAtomic},
		{ID: "delete-phone.422-invalid", Operation: op, Title: "an invalid phone number is 422",
			Rule: Doc(docByPhone422), Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				_, ex, err := t.API().DeleteByPhone(ctx, id, "7701abc5678")
				t.Status(ex, err, "delete by phone 7701abc5678", http.StatusUnprocessableEntity)
			}},
		{ID: "delete-phone.422-format", Operation: op, Title: "too short, too long, dashes and spaces are 422, not repaired",
			Rule: Dec("DEC-11", `phone_number: after removing one leading "+", 10–15 digits only; anything else → 422. Spaces, dashes and parentheses are refused, not repaired.`),
			Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				for _, bad := range []string{"12345", "1234567890123456", "7-701-234-56-78", "7701 234 5678", "++77012345678"} {
					_, ex, err := t.API().DeleteByPhone(ctx, id, bad)
					t.Status(ex, err, "delete by phone "+bad, http.StatusUnprocessableEntity)
				}
			}},
		{ID: "delete-phone.normalised", Operation: op, Title: `"+7701…" deletes the calls of "7701…"`,
			Rule: Dec("DEC-11", `The stored and returned form is the digits alone, so "+77012345678" and "77012345678" are the same number.`),
			Run: func(ctx context.Context, t *T) {
				id, recs := t.QuietCampaign(ctx, 2)
				_, ex, err := t.API().DeleteByPhone(ctx, id, "+"+recs[0].PhoneNumber)
				t.Status(ex, err, "delete by phone with a leading +", http.StatusOK)
			}},
	}
}

// twoCallsOfOneNumber creates a quiet campaign where one number has two calls.
func (t *T) twoCallsOfOneNumber(ctx context.Context) (id, phone string, theirs []string) {
	phone = t.Phone()
	out := t.Create(ctx, t.NewCampaign(ctx, []api.CallRecord{Record(phone), Record(t.Phone()), Record(phone)}))
	calls, _ := t.Calls(ctx, out.CallCampaignUUID)
	for _, c := range calls {
		if c.PhoneNumber == phone {
			theirs = append(theirs, c.UUID)
		}
	}
	if len(theirs) != 2 {
		t.Brokenf(nil, "a campaign created with two records of %s lists %d calls of it", phone, len(theirs))
	}
	return out.CallCampaignUUID, phone, theirs
}

func checkByPhone200(ctx context.Context, t *T) {
	id, phone, theirs := t.twoCallsOfOneNumber(ctx)
	out, ex, err := t.API().DeleteByPhone(ctx, id, phone)
	if !t.Status(ex, err, "delete a number with two pending calls", http.StatusOK) {
		return
	}
	if err != nil {
		t.Fatalf(ex, "the answer is not a list of deleted call UUIDs: %v", err)
	}
	got := append([]string(nil), out.Deleted...)
	sort.Strings(got)
	sort.Strings(theirs)
	if strings.Join(got, ",") != strings.Join(theirs, ",") {
		t.Errorf(ex, "deleted %v, want the number's calls %v", got, theirs)
	}
	calls, total := t.Calls(ctx, id)
	if _, still := CallOf(calls, phone); still || total != 1 {
		t.Errorf(ex, "after the delete the campaign lists %d calls (the number still there: %v), want 1", total, still)
	}
}

func checkByPhoneShape(ctx context.Context, t *T) {
	id, phone, _ := t.twoCallsOfOneNumber(ctx)
	ex, err := raw(ctx, t.API(), http.MethodDelete, client.CampaignPath(id, "phone-number", phone), nil, nil)
	if !t.Status(ex, err, "delete by phone", http.StatusOK) {
		return
	}
	var out api.DeleteByPhoneResponse
	if decodeJSON(ex.Body, &out) != nil || len(out.Deleted) != 2 {
		t.Errorf(ex, `the answer is not {"deleted": [two uuids]}`)
	}
}

// checkByPhoneAtomic: one number, two calls; the first is being dialed (a
// test number that stays in progress an hour), the second waits (speed 1).
func checkByPhoneAtomic(ctx context.Context, t *T) {
	phone := t.TestPhone(suffixOneHour)
	req := t.NewCampaign(ctx, []api.CallRecord{Record(phone), Record(phone)})
	req.Speed = intp(1)
	id := t.Dialing(ctx, req, 4*time.Hour).CallCampaignUUID
	t.expectInProgress(ctx, id, phone)
	_, before := t.Calls(ctx, id)
	_, ex, err := t.API().DeleteByPhone(ctx, id, phone)
	t.Status(ex, err, "delete a number with one call in progress and one pending", http.StatusConflict)
	if calls, after := t.Calls(ctx, id); after != before || len(calls) != before {
		t.Errorf(ex, "the campaign had %d calls and has %d after the 409: the delete was not atomic", before, after)
	}
}
