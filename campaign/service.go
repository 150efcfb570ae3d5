package campaign

import (
	"encoding/binary"
	"math/rand/v2"
	"sync"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/clock"
	"github.com/google/uuid"
)

// Options configure a Service.
type Options struct {
	Seed   int64
	Limits Limits     // zero value means DefaultLimits()
	Mix    OutcomeMix // zero value means the default mix of SEMANTICS §5
}

// OutcomeMix weighs the outcomes of a simulated attempt; only ratios matter.
// Failed means congestion, which is retried.
type OutcomeMix struct{ Answered, NoAnswer, Busy, Voicemail, Rejected, Failed float64 }

// Stats is a snapshot of the mock's campaigns and calls, for metrics. Every
// status of the vocabularies has a key, zero or not.
type Stats struct {
	CampaignsByStatus map[string]int // campaigns now, by status
	CallsByStatus     map[string]int // calls now (deleted ones excluded), by status
	AttemptsByOutcome map[string]int // finished attempts since start, by event status; survives Reset
	AttemptsByResult  map[string]int // finished attempts since start, by fresult; survives Reset
	CallsInProgress   int            // attempts live now
}

// Service is the domain of the mock: campaigns, their calls and attempts,
// and the dialer, a discrete-event simulation on a clock. It is safe for
// concurrent use. Every method first brings the simulation up to the
// clock's current instant.
type Service struct {
	mu        sync.Mutex
	clk       *clock.Sim
	seed      int64
	lim       Limits
	mix       mixTable
	ids       *rand.ChaCha8 // every campaign and call uuid
	now       int64         // the simulation's instant, unix millis
	seq       uint64
	agenda    agenda
	campaigns map[uuid.UUID]*campaign
	firms     map[string]int
	results   [frInvalid + 1]int // finished attempts by fresult, cumulative
}

// NewService returns a service with no campaign, on clk.
func NewService(clk *clock.Sim, opts Options) *Service {
	mix := opts.Mix
	if mix == (OutcomeMix{}) {
		mix = DefaultMix()
	}
	s := &Service{clk: clk, seed: opts.Seed, lim: normLimits(opts.Limits), mix: newMixTable(mix)}
	s.clear()
	return s
}

// normLimits fills a zero Limits with the defaults, and any bound that
// cannot be zero with its default.
func normLimits(l Limits) Limits {
	def := DefaultLimits()
	if l == (Limits{}) {
		return def
	}
	for _, f := range []struct {
		p *int
		d int
	}{
		{&l.SpeedMax, def.SpeedMax}, {&l.RetryIntervalMax, def.RetryIntervalMax},
		{&l.RecordsPerRequest, def.RecordsPerRequest}, {&l.NameMax, def.NameMax},
	} {
		if *f.p <= 0 {
			*f.p = f.d
		}
	}
	l.RetryMax = min(max(l.RetryMax, 0), 250)
	l.TransferDays = min(max(l.TransferDays, 0), 250)
	return l
}

func (s *Service) clear() {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], uint64(s.seed))
	s.ids = rand.NewChaCha8(key)
	s.now = unset
	s.agenda = nil
	s.campaigns = make(map[uuid.UUID]*campaign)
	s.firms = make(map[string]int)
}

// newID draws a v4 uuid from the seeded generator.
func (s *Service) newID() uuid.UUID {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], s.ids.Uint64())
	binary.BigEndian.PutUint64(b[8:], s.ids.Uint64())
	return asV4(b)
}

// Create makes a campaign of firm. It answers DRAFT; a window already open
// starts dialing at once and a past one ends at once (DEC-6).
func (s *Service) Create(firm string, c NewCampaign) (api.CreateCampaignResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.create(firm, c)
}

// Append adds call records to a campaign, which becomes PROCESSING (DOC).
func (s *Service) Append(firm string, campaign uuid.UUID, recs []Record) (api.AppendCallsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.append(firm, campaign, recs)
}

// ListCalls returns page page (from 1) of size calls of a campaign, by
// creation time then uuid (DEC-31).
func (s *Service) ListCalls(firm string, campaign uuid.UUID, page, size int) (api.CallList, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.listCalls(firm, campaign, page, size)
}

// DeleteCall deletes a pending call. A call in progress gets
// ErrCallInProgress and no retry follows its live attempt; a terminal call
// gets ErrCallNotPending (DEC-27).
func (s *Service) DeleteCall(firm string, campaign, call uuid.UUID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.deleteCall(firm, campaign, call)
}

// DeleteByPhone deletes every call of a number, if all are pending, else
// none (DEC-28). A malformed number is a *ValidationError at ["phone_number"].
func (s *Service) DeleteByPhone(firm string, campaign uuid.UUID, phone string) ([]uuid.UUID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.deleteByPhone(firm, campaign, phone)
}

// Details returns a campaign's settings and a page of its attempts, by
// start time then uuid, filtered as q says (DEC-32, DEC-33).
func (s *Service) Details(firm string, campaign uuid.UUID, q DetailsQuery) (api.CampaignDetails, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.details(firm, campaign, q)
}

// Authorize tells whether firm may use a campaign: ErrCampaignNotFound,
// ErrWrongFirm or nil. It lets the transport decide 403 before the body.
func (s *Service) Authorize(firm string, campaign uuid.UUID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.lookup(firm, campaign)
	return err
}

// Cancel cancels a draft or processing campaign (admin, DEC-14).
func (s *Service) Cancel(campaign uuid.UUID) (api.CampaignState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.stop(campaign, csCanceled)
}

// Fail fails a draft or processing campaign (admin, DEC-14).
func (s *Service) Fail(campaign uuid.UUID) (api.CampaignState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	return s.stop(campaign, csFailed)
}

// Reset forgets every campaign and restarts the uuid sequence, so that the
// same requests after a reset get the same answers as after a start.
func (s *Service) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear()
}

// Sync processes every simulation event due at the clock's current instant.
func (s *Service) Sync() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
}

// Stats returns a snapshot for metrics.
func (s *Service) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	st := Stats{
		CampaignsByStatus: make(map[string]int, numCampaignStatus),
		CallsByStatus:     make(map[string]int, numCallStatus),
		AttemptsByOutcome: make(map[string]int, 7),
		AttemptsByResult:  make(map[string]int, len(s.results)),
	}
	for _, name := range campaignStatuses {
		st.CampaignsByStatus[name] = 0
	}
	for _, name := range callStatuses {
		st.CallsByStatus[name] = 0
	}
	for _, c := range s.campaigns {
		st.CampaignsByStatus[campaignStatuses[c.status]]++
		for k, name := range callStatuses {
			st.CallsByStatus[name] += c.counts[k]
		}
		st.CallsInProgress += c.counts[stInProgress]
	}
	for _, name := range []string{api.EventCompleted, api.EventNoAnswer, api.EventBusy, api.EventVoicemail, api.EventRejected, api.EventFailed} {
		st.AttemptsByOutcome[name] = 0
	}
	for fr := frInformed; fr <= frInvalid; fr++ {
		st.AttemptsByResult[fresultCodes[fr]] = s.results[fr]
		st.AttemptsByOutcome[eventStatus(fr)] += s.results[fr]
	}
	return st
}

// FirmCampaigns counts the campaigns of firm.
func (s *Service) FirmCampaigns(firm string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.firms[firm]
}
