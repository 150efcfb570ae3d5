package campaign

import (
	"context"
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
type OutcomeMix struct{ Answered, NoAnswer, Busy, Voicemail, Rejected, Failed float64 }

// Stats is a snapshot of the mock's campaigns and calls, for metrics.
type Stats struct {
	CampaignsByStatus map[string]int
	CallsByStatus     map[string]int
	AttemptsByOutcome map[string]int // cumulative, by event status
	CallsInProgress   int
}

// Service is the domain of the mock: campaigns, calls, events and the dialer.
type Service struct {
	mu   sync.Mutex
	clk  *clock.Sim
	opts Options
}

// NewService returns an empty service on clk.
func NewService(clk *clock.Sim, opts Options) *Service {
	return &Service{clk: clk, opts: opts}
}

// Create makes a campaign of firm.
func (s *Service) Create(firm string, c NewCampaign) (api.CreateCampaignResponse, error) {
	return api.CreateCampaignResponse{}, ErrCampaignNotFound // TODO(skeleton)
}

// Append adds call records to a campaign.
func (s *Service) Append(firm string, campaign uuid.UUID, recs []Record) (api.AppendCallsResponse, error) {
	return api.AppendCallsResponse{}, ErrCampaignNotFound // TODO(skeleton)
}

// ListCalls returns a page of a campaign's calls.
func (s *Service) ListCalls(firm string, campaign uuid.UUID, page, size int) (api.CallList, error) {
	return api.CallList{}, ErrCampaignNotFound // TODO(skeleton)
}

// DeleteCall deletes one pending call.
func (s *Service) DeleteCall(firm string, campaign, call uuid.UUID) error {
	return ErrCampaignNotFound // TODO(skeleton)
}

// DeleteByPhone deletes every call of a phone number, all pending or none.
func (s *Service) DeleteByPhone(firm string, campaign uuid.UUID, phone string) ([]uuid.UUID, error) {
	return nil, ErrCampaignNotFound // TODO(skeleton)
}

// Details returns a campaign's settings and a page of its call events.
func (s *Service) Details(firm string, campaign uuid.UUID, q DetailsQuery) (api.CampaignDetails, error) {
	return api.CampaignDetails{}, ErrCampaignNotFound // TODO(skeleton)
}

// Cancel cancels a campaign (admin).
func (s *Service) Cancel(campaign uuid.UUID) (api.CampaignState, error) {
	return api.CampaignState{}, ErrCampaignNotFound // TODO(skeleton)
}

// Fail fails a campaign (admin).
func (s *Service) Fail(campaign uuid.UUID) (api.CampaignState, error) {
	return api.CampaignState{}, ErrCampaignNotFound // TODO(skeleton)
}

// Reset forgets every campaign.
func (s *Service) Reset() {}

// Sync processes every simulation event due at the clock's current instant.
func (s *Service) Sync() {}

// Run drives the simulation on a real or scaled clock until ctx is done.
func (s *Service) Run(ctx context.Context) { <-ctx.Done() }

// Stats returns a snapshot for metrics.
func (s *Service) Stats() Stats { return Stats{} }

// FirmCampaigns counts the campaigns of firm.
func (s *Service) FirmCampaigns(firm string) int { return 0 }

// NormalizePhone returns the digits of a phone number (DEC-11).
func NormalizePhone(s string) (string, error) {
	return s, nil // TODO(skeleton)
}
