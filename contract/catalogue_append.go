package contract

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

func appendChecks() []Check {
	op := api.OpAppendCalls
	return []Check{
		{ID: "append.200", Operation: op, Title: "an append answers 200 and the campaign's total grows by what was added",
			Rule: Doc(docAppend + " Response 200 OK Confirmation of the added records."), Run: checkAppend200},
		{ID: "append.status-processing", Operation: op, Title: "after an append the campaign is PROCESSING",
			Rule: Doc(docProcessing), Run: checkAppendProcessing},
		{ID: "append.confirmation", Operation: op, Title: "the confirmation counts the added records and the new total",
			Rule: Dec("DEC-16", "Response: call_campaign_uuid, call_campaign_status, added_count, duplicates_removed, call_records_count (new total), message."),
			Run:  checkAppendConfirmation},
		{ID: "append.400-completed", Operation: op, Title: "an append to a COMPLETED campaign is 400 and adds nothing",
			Rule: Doc(docAppend400), Needs: []Fixture{FixtureCompletedCampaign},
			Run: func(ctx context.Context, t *T) { checkAppendClosed(ctx, t, t.CompletedCampaign(ctx)) }},
		{ID: "append.400-failed", Operation: op, Title: "an append to a FAILED campaign is 400 and adds nothing",
			Rule: Doc(docAppend400), Needs: []Fixture{FixtureFailedCampaign},
			Run: func(ctx context.Context, t *T) { checkAppendClosed(ctx, t, t.FailedCampaign(ctx)) }},
		{ID: "append.400-canceled", Operation: op, Title: "an append to a CANCELED campaign is 400 and adds nothing",
			Rule: Doc(docAppend400), Needs: []Fixture{FixtureCanceledCampaign},
			Run: func(ctx context.Context, t *T) { checkAppendClosed(ctx, t, t.CanceledCampaign(ctx)) }},
		{ID: "append.400-running", Operation: op, Title: "an append to a running campaign without dynamic appending is 400",
			Rule:  Dec("DEC-17", "Append while the campaign is running (dialing has started) and allow_dynamic_call_appending is false → 400."),
			Needs: []Fixture{FixtureClock}, Run: checkAppendRunning},
		{ID: "append.404-unknown", Operation: op, Title: "an append to an unknown campaign is 404",
			Rule: Dec("DEC-18", "Unknown campaign → 404, on append and on details as on the other operations."),
			Run: func(ctx context.Context, t *T) {
				_, ex, err := t.API().AppendCalls(ctx, uuid.NewString(), t.Records(1))
				t.Status(ex, err, "append to an unknown campaign", http.StatusNotFound)
			}},
		{ID: "append.415-non-json", Operation: op, Title: "a text/plain body is 415 and adds nothing",
			Rule: Dec("DEC-3", "A body with a Content-Type other than JSON → 415."), Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				body, _ := json.Marshal(api.AppendCallsRequest{CallRecords: t.Records(1)})
				ex, err := t.API().Do(ctx, client.Request{Method: http.MethodPut, Path: client.CampaignPath(id, "phone-number"), Body: body,
					Header: http.Header{"Content-Type": {"text/plain"}}})
				t.Status(ex, err, "a text/plain append", http.StatusUnsupportedMediaType)
				if _, total := t.Calls(ctx, id); total != 1 {
					t.Errorf(ex, "the campaign has %d calls after a refused append, want 1", total)
				}
			}},
		{ID: "append.413-too-large", Operation: op, Title: "an append over the size limit (16 MiB) is 413",
			Rule: Dec("DEC-3", "A body over the size limit (default 16 MiB, a mock option) → 413."), Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				ex, err := raw(ctx, t.API(), http.MethodPut, client.CampaignPath(id, "phone-number"), nil,
					oversized(api.AppendCallsRequest{CallRecords: t.Records(1)}))
				t.Status(ex, err, "an append of 17 MiB", http.StatusRequestEntityTooLarge)
			}},
		{ID: "append.422-empty", Operation: op, Title: "an append without records is 422 and adds nothing",
			Rule: Dec("DEC-9", "call_records must not be empty on append."),
			Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				_, ex, err := t.API().AppendCalls(ctx, id, []api.CallRecord{})
				t.Status(ex, err, "an empty append", http.StatusUnprocessableEntity)
				if _, total := t.Calls(ctx, id); total != 1 {
					t.Errorf(ex, "the campaign has %d calls after a rejected append, want 1", total)
				}
			}},
	}
}

func checkAppend200(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 2)
	_, before := t.Calls(ctx, id)
	added := t.Records(3)
	_, ex, err := t.API().AppendCalls(ctx, id, added)
	if !t.Status(ex, err, "append", http.StatusOK) {
		return
	}
	calls, after := t.Calls(ctx, id)
	if after != before+len(added) || len(calls) != after {
		t.Errorf(ex, "total %d (%d listed) after appending %d to %d", after, len(calls), len(added), before)
	}
	for _, r := range added {
		if _, ok := CallOf(calls, r.PhoneNumber); !ok {
			t.Errorf(ex, "the appended %s is not listed", r.PhoneNumber)
		}
	}
}

func checkAppendProcessing(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 1)
	out, ex, err := t.API().AppendCalls(ctx, id, t.Records(1))
	if !t.Status(ex, err, "append", http.StatusOK) {
		return
	}
	seen := false
	if out.CallCampaignStatus != "" {
		seen = true
		if out.CallCampaignStatus != api.CampaignProcessing {
			t.Errorf(ex, "the append answers call_campaign_status %q, want PROCESSING", out.CallCampaignStatus)
		}
	}
	d, dex, err := t.API().Details(ctx, id, client.DetailsQuery{})
	t.Must(dex, err, "read the details")
	if d.CallCampaignStatus != "" {
		seen = true
		if d.CallCampaignStatus != api.CampaignProcessing {
			t.Errorf(dex, "the details say call_campaign_status %q after an append, want PROCESSING", d.CallCampaignStatus)
		}
	}
	if !seen {
		t.Skipf("the target shows the campaign's status neither in the append's answer nor in the details")
	}
}

func checkAppendConfirmation(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 2)
	out, ex, err := t.API().AppendCalls(ctx, id, t.Records(3))
	if !t.Status(ex, err, "append", http.StatusOK) {
		return
	}
	if out.CallCampaignUUID != id || out.AddedCount != 3 || out.CallRecordsCount != 5 || out.DuplicatesRemoved != 0 {
		t.Errorf(ex, "uuid %q added_count %d call_records_count %d duplicates_removed %d, want %s 3 5 0",
			out.CallCampaignUUID, out.AddedCount, out.CallRecordsCount, out.DuplicatesRemoved, id)
	}
}

// checkAppendClosed appends to a closed campaign: 400, and nothing is added.
func checkAppendClosed(ctx context.Context, t *T, id string) {
	_, before := t.Calls(ctx, id)
	_, ex, err := t.API().AppendCalls(ctx, id, t.Records(1))
	t.Status(ex, err, "append to a closed campaign", http.StatusBadRequest)
	if _, after := t.Calls(ctx, id); after != before {
		t.Errorf(ex, "the closed campaign had %d calls and has %d after the append", before, after)
	}
}

func checkAppendRunning(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, []api.CallRecord{Record(t.TestPhone(suffixOneHour)), Record(t.Phone())})
	req.Speed, req.AllowDynamicCallAppending = intp(1), boolp(false)
	id := t.Dialing(ctx, req, 4*time.Hour).CallCampaignUUID
	_, ex, err := t.API().AppendCalls(ctx, id, t.Records(1))
	t.Status(ex, err, "append to a running campaign", http.StatusBadRequest)
	if _, total := t.Calls(ctx, id); total != 2 {
		t.Errorf(ex, "the campaign has %d calls after a refused append, want 2", total)
	}
}
