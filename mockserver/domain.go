package mockserver

import (
	"errors"

	"github.com/callharness/callharness/campaign"
	"github.com/google/uuid"
)

// accessChecker is a service that can tell whether a firm may use a campaign.
type accessChecker interface {
	Access(firm string, id uuid.UUID) error
}

// service adapts *campaign.Service to what the transport needs. If the
// service has no Access of its own, access is checked by asking for the
// smallest page of the campaign's calls, which fails the same way.
type service struct {
	*campaign.Service
}

// Access returns campaign.ErrCampaignNotFound or campaign.ErrWrongFirm when
// firm may not use campaign id, and nil when it may.
func (s service) Access(firm string, id uuid.UUID) error {
	if a, ok := any(s.Service).(accessChecker); ok {
		return a.Access(firm, id)
	}
	_, err := s.Service.ListCalls(firm, id, 1, 1)
	if errors.Is(err, campaign.ErrCampaignNotFound) || errors.Is(err, campaign.ErrWrongFirm) {
		return err
	}
	return nil
}
