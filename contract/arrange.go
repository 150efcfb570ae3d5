package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// Bounds of the suite's walks over a target, so that a broken target cannot loop it.
const (
	maxPages = 500
)

// Suffixes of the mock's test numbers (DEC-26): the last three digits force
// the outcome of every attempt.
const (
	suffixAnswered   = "000"
	suffixNoAnswer   = "001"
	suffixInvalid    = "003"
	suffixFiveMinute = "008" // IN_PROGRESS for five simulated minutes, then answered
	suffixOneHour    = "009" // IN_PROGRESS for one simulated hour, then answered
)

// Now is the target's time as far as the suite knows it: the mock's clock
// with the admin API, the local clock otherwise.
func (t *T) Now(ctx context.Context) time.Time {
	if t.env.admin != nil {
		st, err := t.env.admin.Clock(ctx)
		if err != nil {
			t.Brokenf(nil, "read the mock's clock: %v", err)
		}
		return st.Now.Time
	}
	return t.env.opts.Now()
}

// Phone returns a phone number no other call of the run has. Its last
// three digits end in 7, so it is never one of the mock's test numbers.
func (t *T) Phone() string {
	n := t.env.seq.Add(1)
	return fmt.Sprintf("7%06d%05d7", t.env.opts.Seed%1000000, n%100000)
}

// TestPhone returns a fresh number ending in suffix, a test number of DEC-26.
func (t *T) TestPhone(suffix string) string {
	n := t.env.seq.Add(1)
	return fmt.Sprintf("7%06d%03d%s", t.env.opts.Seed%1000000, n%1000, suffix)
}

// Record is a call record of phone, as the documentation's example has it.
func Record(phone string) api.CallRecord {
	return api.CallRecord{PhoneNumber: phone, Language: "RU", GenderVoice: "male", AgentName: "sales_agent_v2",
		Variables: json.RawMessage(`{"client_name":"John Doe","debt_amount":15000}`)}
}

// Records returns n call records of fresh numbers.
func (t *T) Records(n int) []api.CallRecord {
	out := make([]api.CallRecord, n)
	for i := range out {
		out[i] = Record(t.Phone())
	}
	return out
}

// quietWindow is a window that does not start during the run: nothing of a
// campaign in it is dialed, so its calls stay PENDING.
func (t *T) quietWindow(ctx context.Context) (time.Time, time.Time) {
	start := t.Now(ctx).Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
	return start, start.Add(9 * time.Hour)
}

// NewCampaign is the documentation's example campaign with recs, in a quiet
// window; change it before creating it.
func (t *T) NewCampaign(ctx context.Context, recs []api.CallRecord) api.CreateCampaignRequest {
	start, end := t.quietWindow(ctx)
	retry, speed, interval := 2, 5, 30
	return api.CreateCampaignRequest{
		CallCampaignName: fmt.Sprintf("callharness contract %s #%d", t.ID(), t.env.seq.Add(1)),
		StartAt:          start.Format(api.TimeLayout), EndAt: end.Format(api.TimeLayout),
		Retry: &retry, Speed: &speed, RetryInterval: &interval,
		CallRecords: recs,
	}
}

// Create creates req with the run's key, ending the check with an error
// verdict when the target refuses it.
func (t *T) Create(ctx context.Context, req api.CreateCampaignRequest) api.CreateCampaignResponse {
	out, ex, err := t.API().CreateCampaign(ctx, req)
	t.Must(ex, err, "create a campaign to check against")
	if out.CallCampaignUUID == "" {
		t.Brokenf(ex, "create a campaign to check against: no call_campaign_uuid in the answer")
	}
	return out
}

// QuietCampaign creates a campaign of n fresh numbers that will not be
// dialed during the run, and returns its uuid and records.
func (t *T) QuietCampaign(ctx context.Context, n int) (string, []api.CallRecord) {
	recs := t.Records(n)
	out := t.Create(ctx, t.NewCampaign(ctx, recs))
	return out.CallCampaignUUID, recs
}

// Calls lists every call of a campaign (page size 100).
func (t *T) Calls(ctx context.Context, campaign string) ([]api.Call, int) {
	calls, total, err := t.API().AllCalls(ctx, campaign, 100, maxPages)
	t.Must(nil, err, "list the campaign's calls")
	return calls, total
}

// Events lists every call event of a campaign matching q (page size 100).
func (t *T) Events(ctx context.Context, campaign string, q client.DetailsQuery) ([]api.CallEvent, api.CampaignDetails) {
	evs, d, err := t.API().AllEvents(ctx, campaign, q, 100, maxPages)
	t.Must(nil, err, "read the campaign's details")
	return evs, d
}

// CallOf finds the call of phone in a listing.
func CallOf(calls []api.Call, phone string) (api.Call, bool) {
	for _, c := range calls {
		if c.PhoneNumber == phone {
			return c, true
		}
	}
	return api.Call{}, false
}

// Advance moves the mock's clock forward (FixtureClock).
func (t *T) Advance(ctx context.Context, d time.Duration) {
	if t.env.admin == nil {
		t.Skipf("the check needs the mock's clock (--admin-token)")
	}
	if _, err := t.env.admin.Advance(ctx, d); err != nil {
		t.Brokenf(nil, "advance the mock's clock by %s: %v", d, err)
	}
}

// Dialing creates a campaign whose window opens a minute from the mock's
// now, and moves the clock to one second past its start, so that its first
// attempts are live. It needs the admin API.
func (t *T) Dialing(ctx context.Context, req api.CreateCampaignRequest, window time.Duration) api.CreateCampaignResponse {
	if t.env.admin == nil {
		t.Skipf("the check needs the mock's clock (--admin-token)")
	}
	start := t.Now(ctx).Add(time.Minute).UTC().Truncate(time.Millisecond)
	req.StartAt, req.EndAt = start.Format(api.TimeLayout), start.Add(window).Format(api.TimeLayout)
	out := t.Create(ctx, req)
	t.Advance(ctx, time.Minute+time.Second)
	return out
}

// campaignStatus reads a campaign's status from the details, where the
// mock adds it (DEC-40); "" when the target does not say.
func (t *T) campaignStatus(ctx context.Context, campaign string) string {
	d, ex, err := t.API().Details(ctx, campaign, client.DetailsQuery{Page: client.Page{Page: 1, Size: 1}})
	t.Must(ex, err, "read the campaign's details")
	return d.CallCampaignStatus
}

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }
