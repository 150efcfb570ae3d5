package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

func createChecks() []Check {
	op := api.OpCreateCampaign
	return []Check{
		{ID: "create.201", Operation: op, Title: "the documentation's example body creates a DRAFT campaign",
			Rule: Doc(docCreated + `: {"call_campaign_uuid": …, "call_campaign_status": "DRAFT", "call_records_count": 1, "message": …}`),
			Run:  checkCreate201},
		{ID: "create.listed", Operation: op, Title: "the created records are listed, counts match",
			Rule: Doc(docCreate + " " + docList), Run: checkCreateListed},
		{ID: "create.details-echo", Operation: api.OpDetails, Title: "the details echo the campaign's settings",
			Rule: Doc(docDetails + ` Response: call_campaign_name, start_at, end_at, retry, retry_interval, speed.`),
			Run:  checkCreateEcho},
		{ID: "create.dedup", Operation: op, Title: `day_unique "delete" drops a duplicate number and counts it`,
			Rule: Dec("DEC-25", `day_unique "delete": a record whose phone number already has a call scheduled for the same UTC day is dropped (first one wins); the drop is counted in the response (DEC-15).`),
			Run:  checkCreateDedup},
		{ID: "create.empty-records", Operation: op, Title: "a campaign may be created without records",
			Rule: Dec("DEC-9", "call_records: required array (may be empty on create)."), Run: checkCreateEmpty},
		{ID: "create.422-invalid-phone", Operation: op, Title: "a record with an invalid phone number is 422",
			Rule: Dec("DEC-11", `phone_number: after removing one leading "+", 10–15 digits only; anything else → 422 "Invalid phone number format".`),
			Run:  checkCreateBadPhone},
		{ID: "create.422-end-before-start", Operation: op, Title: "end_at before start_at is 422",
			Rule: Dec("DEC-5", "end_at must be after start_at."), Run: checkCreateEndBeforeStart},
		{ID: "create.422-malformed-json", Operation: op, Title: "malformed JSON is 422",
			Rule: Dec("DEC-3", "Malformed JSON → 422 as well."), Run: func(ctx context.Context, t *T) {
				ex, err := raw(ctx, t.API(), http.MethodPost, api.RouteCreateCampaign, nil, []byte(`{"call_campaign_name": "x",`))
				t.Status(ex, err, "malformed JSON", http.StatusUnprocessableEntity)
			}},
		{ID: "create.415-non-json", Operation: op, Title: "a text/plain body is 415",
			Rule: Dec("DEC-3", "A body with a Content-Type other than JSON → 415."), Run: checkCreateNonJSON},
		{ID: "create.413-too-large", Operation: op, Title: "a body over the size limit (16 MiB) is 413",
			Rule: Dec("DEC-3", "A body over the size limit (default 16 MiB, a mock option) → 413."), Run: func(ctx context.Context, t *T) {
				ex, err := raw(ctx, t.API(), http.MethodPost, api.RouteCreateCampaign, nil, oversized(t.NewCampaign(ctx, t.Records(1))))
				t.Status(ex, err, "a body of 17 MiB", http.StatusRequestEntityTooLarge)
			}},
		{ID: "create.unknown-fields-ignored", Operation: op, Title: "unknown top-level fields are ignored",
			Rule: Dec("DEC-13", "Unknown top-level fields are ignored."), Run: checkCreateUnknownFields},
	}
}

func checkCreate201(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, []api.CallRecord{Record(t.Phone())})
	req.CallCampaignName = "January Outreach"
	req.DayUnique, req.TransferNextDay, req.AllowDynamicCallAppending = strp("delete"), boolp(false), boolp(false)
	req.CallRecords[0].Variables = json.RawMessage(`{"client_name":"John Doe","debt_amount":15000,"contract_type":"auto_loan","foreign_id":"CRM-12345"}`)
	out, ex, err := t.API().CreateCampaign(ctx, req)
	if !t.Status(ex, err, "create", http.StatusCreated) {
		return
	}
	if out.CallCampaignUUID == "" {
		t.Errorf(ex, "no call_campaign_uuid")
	}
	if out.CallCampaignStatus != api.CampaignDraft {
		t.Errorf(ex, "call_campaign_status %q, want DRAFT", out.CallCampaignStatus)
	}
	if out.CallRecordsCount != 1 {
		t.Errorf(ex, "call_records_count %d, want 1", out.CallRecordsCount)
	}
	if out.Message == "" {
		t.Errorf(ex, "no message")
	}
}

func checkCreateListed(ctx context.Context, t *T) {
	recs := t.Records(3)
	recs[1].Language, recs[1].GenderVoice, recs[1].AgentName = "KZ", "female", "support_agent"
	out, ex, err := t.API().CreateCampaign(ctx, t.NewCampaign(ctx, recs))
	if !t.Status(ex, err, "create", http.StatusCreated) {
		return
	}
	if out.CallRecordsCount != len(recs) {
		t.Errorf(ex, "call_records_count %d, want %d", out.CallRecordsCount, len(recs))
	}
	page, lex, err := t.API().ListCalls(ctx, out.CallCampaignUUID, client.Page{})
	t.Must(lex, err, "list the new campaign")
	if page.Total != len(recs) || len(page.Calls) != len(recs) {
		t.Errorf(lex, "listed %d calls of total %d, want %d records created", len(page.Calls), page.Total, len(recs))
	}
	if page.CallCampaignUUID != out.CallCampaignUUID {
		t.Errorf(lex, "call_campaign_uuid %q, want %q", page.CallCampaignUUID, out.CallCampaignUUID)
	}
	for _, r := range recs {
		c, ok := CallOf(page.Calls, r.PhoneNumber)
		switch {
		case !ok:
			t.Errorf(lex, "the record of %s is not listed", r.PhoneNumber)
		case c.AgentName != r.AgentName || !strings.EqualFold(c.Language, r.Language):
			t.Errorf(lex, "the call of %s has agent %q language %q, want %q %q", r.PhoneNumber, c.AgentName, c.Language, r.AgentName, r.Language)
		case c.UUID == "":
			t.Errorf(lex, "the call of %s has no uuid", r.PhoneNumber)
		}
	}
}

func checkCreateEcho(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, t.Records(1))
	req.Retry, req.Speed, req.RetryInterval = intp(3), intp(7), intp(45)
	out := t.Create(ctx, req)
	d, ex, err := t.API().Details(ctx, out.CallCampaignUUID, client.DetailsQuery{})
	if !t.Status(ex, err, "details", http.StatusOK) {
		return
	}
	if d.CallCampaignName != req.CallCampaignName {
		t.Errorf(ex, "call_campaign_name %q, want %q", d.CallCampaignName, req.CallCampaignName)
	}
	if d.StartAt.Format(api.TimeLayout) != req.StartAt || d.EndAt.Format(api.TimeLayout) != req.EndAt {
		t.Errorf(ex, "window %s–%s, want %s–%s", d.StartAt, d.EndAt, req.StartAt, req.EndAt)
	}
	if d.Retry != 3 || d.Speed != 7 || d.RetryInterval != 45 {
		t.Errorf(ex, "retry %d speed %d retry_interval %d, want 3 7 45", d.Retry, d.Speed, d.RetryInterval)
	}
}

func checkCreateDedup(ctx context.Context, t *T) {
	phone := t.Phone()
	req := t.NewCampaign(ctx, []api.CallRecord{Record(phone), Record(t.Phone()), Record(phone)})
	req.DayUnique = strp("delete")
	out, ex, err := t.API().CreateCampaign(ctx, req)
	if !t.Status(ex, err, "create with a duplicate", http.StatusCreated) {
		return
	}
	if out.CallRecordsCount != 2 || out.DuplicatesRemoved != 1 {
		t.Errorf(ex, "call_records_count %d duplicates_removed %d, want 2 and 1", out.CallRecordsCount, out.DuplicatesRemoved)
	}
	if _, total := t.Calls(ctx, out.CallCampaignUUID); total != 2 {
		t.Errorf(ex, "the campaign lists %d calls, want 2", total)
	}
}

func checkCreateEmpty(ctx context.Context, t *T) {
	out, ex, err := t.API().CreateCampaign(ctx, t.NewCampaign(ctx, []api.CallRecord{}))
	if t.Status(ex, err, "create without records", http.StatusCreated) && out.CallRecordsCount != 0 {
		t.Errorf(ex, "call_records_count %d, want 0", out.CallRecordsCount)
	}
}

func checkCreateBadPhone(ctx context.Context, t *T) {
	for _, bad := range []string{"+7 701 234-56-78", "12345", "7701abc5678"} {
		ex, err := raw(ctx, t.API(), http.MethodPost, api.RouteCreateCampaign, nil, t.NewCampaign(ctx, []api.CallRecord{Record(bad)}))
		t.Status(ex, err, "phone number "+bad, http.StatusUnprocessableEntity)
	}
}

func checkCreateEndBeforeStart(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, t.Records(1))
	req.StartAt, req.EndAt = req.EndAt, req.StartAt
	ex, err := raw(ctx, t.API(), http.MethodPost, api.RouteCreateCampaign, nil, req)
	t.Status(ex, err, "end_at before start_at", http.StatusUnprocessableEntity)
}

func checkCreateNonJSON(ctx context.Context, t *T) {
	body, _ := json.Marshal(t.NewCampaign(ctx, t.Records(1)))
	ex, err := t.API().Do(ctx, client.Request{Method: http.MethodPost, Path: api.RouteCreateCampaign, Body: body,
		Header: http.Header{"Content-Type": {"text/plain"}}})
	t.Status(ex, err, "a text/plain body", http.StatusUnsupportedMediaType)
}

func checkCreateUnknownFields(ctx context.Context, t *T) {
	body, _ := json.Marshal(t.NewCampaign(ctx, t.Records(1)))
	body = append([]byte(`{"callharness_unknown_field": {"x": 1}, `), bytes.TrimPrefix(body, []byte("{"))...)
	ex, err := raw(ctx, t.API(), http.MethodPost, api.RouteCreateCampaign, nil, body)
	t.Status(ex, err, "a body with an unknown field", http.StatusCreated)
}

func strp(s string) *string { return &s }

// oversized is v as JSON padded past the default body limit of 16 MiB.
func oversized(v any) []byte {
	body, _ := json.Marshal(v)
	pad := `{"callharness_padding": "` + strings.Repeat("x", 17<<20) + `", `
	return append([]byte(pad), bytes.TrimPrefix(body, []byte("{"))...)
}
