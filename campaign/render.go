package campaign

import (
	"encoding/json"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/transcript"
	"github.com/google/uuid"
)

// stamp turns unix millis into an API timestamp.
func stamp(ms int64) api.Time { return api.Time{Time: time.UnixMilli(ms).UTC()} }

// settingsOf is the campaign part of a details response (DOC + DEC-40).
func (s *Service) settingsOf(c *campaign) api.CampaignDetails {
	transfer, dynamic := c.transfer, c.dynamic
	d := api.CampaignDetails{
		CallCampaignName:          c.name,
		StartAt:                   stamp(c.start),
		EndAt:                     stamp(c.end),
		Retry:                     c.retry,
		RetryInterval:             int(c.interval / 60000),
		Speed:                     c.speed,
		CallCampaignUUID:          c.id.String(),
		CallCampaignStatus:        campaignStatuses[c.status],
		TransferNextDay:           &transfer,
		AllowDynamicCallAppending: &dynamic,
	}
	if c.unique {
		mode := "delete"
		d.DayUnique = &mode
	}
	return d
}

// renderEvent is attempt e as the details list it. Fields not known while it
// is live are null (DEC-34); an unanswered attempt has no transcript,
// summary or sentiment (DEC-21).
func (s *Service) renderEvent(c *campaign, e int32) api.CallEvent {
	ev := c.events.at(e)
	cl := c.calls.at(ev.call)
	p := &c.profiles[cl.profile]
	vars := json.RawMessage(cl.vars)
	if vars == nil {
		vars = emptyObject
	}
	out := api.CallEvent{
		CallEventUUID: uuid.UUID(ev.id).String(),
		PhoneNumber:   unpackPhone(cl.phone),
		AgentName:     p.agent,
		Language:      p.language,
		Variables:     vars,
		StartedAt:     stamp(ev.started),
		Status:        eventStatusOf(ev),
		CallUUID:      uuid.UUID(cl.id).String(),
	}
	if ev.live {
		return out
	}
	dur := int(ev.dur)
	fr := fresultCodes[ev.fresult]
	out.DurationSec, out.FResult = &dur, &fr
	if answered(ev.fresult) {
		sent := sentiments[ev.sentiment]
		seed := attemptSeed(s.seed, c.id, cl.id, ev.attempt)
		text, summary := transcript.Render(p.language, p.agent, vars, fr, sent, dur, seed)
		out.Transcript, out.Summary, out.UserSentiment = &text, &summary, &sent
	}
	return out
}
