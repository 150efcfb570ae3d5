package contract

import (
	"context"
	"time"

	"github.com/callharness/callharness/api"
)

// The arrangements of the fixtures: from the config file when it names
// one, else on our mock through the admin API. A check calls them only
// when it declared the fixture in Needs, so one of the two is there.

// CompletedCampaign returns a COMPLETED campaign of the run's firm.
func (t *T) CompletedCampaign(ctx context.Context) string {
	if id := t.env.fixtures.CompletedCampaign; id != "" {
		return id
	}
	req := t.NewCampaign(ctx, []api.CallRecord{Record(t.TestPhone(suffixAnswered))})
	req.Retry = intp(0)
	id := t.Dialing(ctx, req, 2*time.Hour).CallCampaignUUID
	t.Advance(ctx, 3*time.Hour)
	if st := t.campaignStatus(ctx, id); st != api.CampaignCompleted {
		t.Brokenf(nil, "arrange a COMPLETED campaign: a campaign of one answered test number is %q after its window", st)
	}
	return id
}

// FailedCampaign returns a FAILED campaign of the run's firm.
func (t *T) FailedCampaign(ctx context.Context) string {
	if id := t.env.fixtures.FailedCampaign; id != "" {
		return id
	}
	id, _ := t.QuietCampaign(ctx, 1)
	if _, err := t.env.admin.Fail(ctx, id); err != nil {
		t.Brokenf(nil, "arrange a FAILED campaign through the admin API: %v", err)
	}
	return id
}

// CanceledCampaign returns a CANCELED campaign of the run's firm.
func (t *T) CanceledCampaign(ctx context.Context) string {
	if id := t.env.fixtures.CanceledCampaign; id != "" {
		return id
	}
	id, _ := t.QuietCampaign(ctx, 1)
	if _, err := t.env.admin.Cancel(ctx, id); err != nil {
		t.Brokenf(nil, "arrange a CANCELED campaign through the admin API: %v", err)
	}
	return id
}

// CallInProgress returns a campaign and one of its calls that is IN_PROGRESS.
func (t *T) CallInProgress(ctx context.Context) (campaign, call string) {
	if f := t.env.fixtures.CallInProgress; f != nil {
		return f.Campaign, f.Call
	}
	campaign, phone := t.phoneInProgress(ctx, suffixOneHour, 0)
	return campaign, t.expectInProgress(ctx, campaign, phone).UUID
}

// PhoneInProgress returns a campaign and a phone number of it with a call IN_PROGRESS.
func (t *T) PhoneInProgress(ctx context.Context) (campaign, phone string) {
	if f := t.env.fixtures.PhoneInProgress; f != nil {
		return f.Campaign, f.PhoneNumber
	}
	return t.phoneInProgress(ctx, suffixOneHour, 0)
}

// phoneInProgress arranges, on the mock, a campaign whose test number ending
// in suffix is being dialed, with retry retries, and checks that it is.
func (t *T) phoneInProgress(ctx context.Context, suffix string, retry int) (campaign, phone string) {
	phone = t.TestPhone(suffix)
	req := t.NewCampaign(ctx, []api.CallRecord{Record(phone)})
	req.Retry, req.RetryInterval, req.Speed = intp(retry), intp(30), intp(1)
	campaign = t.Dialing(ctx, req, 4*time.Hour).CallCampaignUUID
	t.expectInProgress(ctx, campaign, phone)
	return campaign, phone
}

// expectInProgress ends the check with an error when phone's call is not IN_PROGRESS.
func (t *T) expectInProgress(ctx context.Context, campaign, phone string) api.Call {
	calls, _ := t.Calls(ctx, campaign)
	var seen []string
	for _, c := range calls {
		if c.PhoneNumber != phone {
			continue
		}
		if c.Status == api.CallInProgress {
			return c
		}
		seen = append(seen, c.Status)
	}
	t.Brokenf(nil, "arrange a call in progress: the calls of %s are %v a second into their window", phone, seen)
	return api.Call{}
}

// TerminalCall returns a campaign and one of its calls that has ended (COMPLETED).
func (t *T) TerminalCall(ctx context.Context) (campaign, call string) {
	if f := t.env.fixtures.TerminalCall; f != nil {
		return f.Campaign, f.Call
	}
	phone := t.TestPhone(suffixAnswered)
	req := t.NewCampaign(ctx, []api.CallRecord{Record(phone), Record(t.TestPhone(suffixOneHour))})
	req.Retry, req.Speed = intp(0), intp(2)
	campaign = t.Dialing(ctx, req, 4*time.Hour).CallCampaignUUID
	t.Advance(ctx, 30*time.Minute)
	calls, _ := t.Calls(ctx, campaign)
	c, _ := CallOf(calls, phone)
	if c.Status != api.CallCompleted {
		t.Brokenf(nil, "arrange a terminal call: the answered test number's call is %q after 30 minutes", c.Status)
	}
	return campaign, c.UUID
}

// EventsCampaign returns a campaign whose call events differ in number per
// call, in status and in UTC day: on the mock, answered, invalid and
// unanswered test numbers with two retries, an interval of an hour, a
// window of 90 minutes and transfer_next_day, so that the last attempts of
// the unanswered ones happen the next day.
func (t *T) EventsCampaign(ctx context.Context) string {
	if id := t.env.fixtures.EventsCampaign; id != "" {
		return id
	}
	var recs []api.CallRecord
	for _, s := range []string{suffixAnswered, suffixAnswered, suffixAnswered, suffixAnswered, suffixInvalid, suffixInvalid,
		suffixNoAnswer, suffixNoAnswer, suffixNoAnswer} {
		recs = append(recs, Record(t.TestPhone(s)))
	}
	req := t.NewCampaign(ctx, recs)
	req.Retry, req.RetryInterval, req.Speed, req.TransferNextDay = intp(2), intp(60), intp(3), boolp(true)
	id := t.Dialing(ctx, req, 90*time.Minute).CallCampaignUUID
	t.Advance(ctx, 26*time.Hour)
	return id
}
