package campaign

import (
	"fmt"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
)

// Messages of the create and append responses.
const (
	msgCreated  = "Campaign created successfully"
	msgAppended = "Call records added successfully"
)

func (s *Service) create(firm string, nc NewCampaign) (api.CreateCampaignResponse, error) {
	var v validator
	set := v.checkCampaign(nc, s.lim)
	c := &campaign{
		firm:     firm,
		name:     nc.Name,
		start:    nc.StartAt.UnixMilli(),
		end:      nc.EndAt.UnixMilli(),
		retry:    set.retry,
		speed:    set.speed,
		interval: int64(set.interval) * 60 * 1000,
		unique:   set.unique,
		transfer: set.transfer,
		dynamic:  set.dynamic,
		byID:     make(map[[16]byte]int32, len(nc.Records)),
		byPhone:  make(map[uint64]int32, len(nc.Records)),
		profIdx:  make(map[profile]uint32),
	}
	recs := v.checkRecords(nc.Records, s.lim, true, &c.arena)
	if err := v.err(); err != nil {
		return api.CreateCampaignResponse{}, err
	}
	c.id = s.newID()
	added, dups := s.addCalls(c, recs)
	s.campaigns[c.id] = c
	s.firms[firm]++
	s.schedule(c.start, evWindowStart, c, 0, 0)
	s.schedule(c.end, evWindowEnd, c, 0, 0)
	resp := api.CreateCampaignResponse{
		CallCampaignUUID:   c.id.String(),
		CallCampaignStatus: api.CampaignDraft,
		CallRecordsCount:   added,
		DuplicatesRemoved:  dups,
		Message:            msgCreated,
	}
	// A window already open starts dialing now, a past one ends now (DEC-6);
	// the response still says DRAFT, as the docs show it.
	s.advanceTo(s.now)
	return resp, nil
}

func (s *Service) append(firm string, id uuid.UUID, recs []Record) (api.AppendCallsResponse, error) {
	c, err := s.lookup(firm, id)
	if err != nil {
		return api.AppendCallsResponse{}, err
	}
	var v validator
	checked := v.checkRecords(recs, s.lim, false, &c.arena)
	if err := v.err(); err != nil {
		return api.AppendCallsResponse{}, err
	}
	switch {
	case final(c.status):
		return api.AppendCallsResponse{}, fmt.Errorf("append to campaign %s (%s): %w", id, campaignStatuses[c.status], ErrCampaignClosed)
	case c.started && !c.dynamic:
		return api.AppendCallsResponse{}, fmt.Errorf("append to campaign %s: %w", id, ErrCampaignRunning)
	}
	added, dups := s.addCalls(c, checked)
	if c.status == csDraft {
		c.status = csProcessing
	}
	s.maybeComplete(c)
	s.fill(c)
	return api.AppendCallsResponse{
		CallCampaignUUID:   c.id.String(),
		CallCampaignStatus: campaignStatuses[c.status],
		AddedCount:         added,
		DuplicatesRemoved:  dups,
		CallRecordsCount:   c.live(),
		Message:            msgAppended,
	}, nil
}

// addCalls adds checked records to c as pending calls created now, dropping
// those day_unique forbids (DEC-25), and returns how many it added and dropped.
func (s *Service) addCalls(c *campaign, recs []checked) (added, dups int) {
	batch := make([]int32, 0, len(recs))
	c.batches++
	day := utcDay(max(s.now, c.windowStart(c.day)))
	for _, r := range recs {
		if c.unique && c.scheduledOn(r.phone, day) {
			dups++
			continue
		}
		i := c.calls.add(call{
			id: s.newID(), created: s.now, batch: c.batches, phone: r.phone, vars: r.vars,
			profile: c.intern(r.profile), firstEv: -1, status: stPending,
			day: uint8(c.day), forced: r.forced,
		})
		c.counts[stPending]++
		c.byID[c.calls.at(i).id] = i
		c.linkPhone(i)
		batch = append(batch, i)
		if c.phase == phOver {
			c.setStatus(i, stExpired)
		} else {
			c.ready.push(i)
		}
	}
	c.addToOrder(batch)
	return len(batch), dups
}

// scheduledOn tells whether number ph has a call scheduled for the UTC day
// that starts at day (unix millis).
func (c *campaign) scheduledOn(ph uint64, day int64) bool {
	head, ok := c.byPhone[ph]
	if !ok {
		return false
	}
	for k := head; k >= 0; k = c.calls.at(k).nextPhone {
		cl := c.calls.at(k)
		if utcDay(max(cl.created, c.windowStart(int(cl.day)))) == day {
			return true
		}
	}
	return false
}

// utcDay is the start of the UTC day of t, both in unix millis.
func utcDay(t int64) int64 {
	d := t / dayMillis
	if t%dayMillis < 0 {
		d--
	}
	return d * dayMillis
}

// stop ends a campaign on an admin's order (DEC-14): waiting calls are
// canceled, live attempts finish and their calls end canceled unless answered.
func (s *Service) stop(id uuid.UUID, to uint8) (api.CampaignState, error) {
	c, ok := s.campaigns[id]
	if !ok {
		return api.CampaignState{}, fmt.Errorf("campaign %s: %w", id, ErrCampaignNotFound)
	}
	if final(c.status) {
		return api.CampaignState{}, fmt.Errorf("campaign %s is %s: %w", id, campaignStatuses[c.status], ErrCampaignFinal)
	}
	c.status = to
	if c.counts[stPending] > 0 {
		for k := range int32(c.calls.len()) {
			if c.calls.at(k).status == stPending {
				c.calls.at(k).gen++
				c.setStatus(int32(k), stCanceled)
			}
		}
	}
	c.ready.clear()
	return api.CampaignState{CallCampaignUUID: id.String(), CallCampaignStatus: campaignStatuses[to]}, nil
}

// lookup finds a campaign of firm: another firm's is ErrWrongFirm.
func (s *Service) lookup(firm string, id uuid.UUID) (*campaign, error) {
	c, ok := s.campaigns[id]
	if !ok {
		return nil, fmt.Errorf("campaign %s: %w", id, ErrCampaignNotFound)
	}
	if c.firm != firm {
		return nil, fmt.Errorf("campaign %s: %w", id, ErrWrongFirm)
	}
	return c, nil
}
