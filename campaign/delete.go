package campaign

import (
	"fmt"

	"github.com/google/uuid"
)

func (s *Service) deleteCall(firm string, id, callID uuid.UUID) error {
	c, err := s.lookup(firm, id)
	if err != nil {
		return err
	}
	i, ok := c.byID[callID]
	if !ok {
		return fmt.Errorf("call %s of campaign %s: %w", callID, id, ErrCallNotFound)
	}
	switch cl := c.calls.at(i); cl.status {
	case stPending:
		c.remove(i)
		s.maybeComplete(c)
		return nil
	case stInProgress:
		// The one rejected request that changes state: the live attempt
		// finishes and no retry follows it (DOC).
		cl.flags |= flNoRetry
		return fmt.Errorf("call %s of campaign %s: %w", callID, id, ErrCallInProgress)
	default:
		return fmt.Errorf("call %s of campaign %s is %s: %w", callID, id, callStatuses[cl.status], ErrCallNotPending)
	}
}

func (s *Service) deleteByPhone(firm string, id uuid.UUID, phone string) ([]uuid.UUID, error) {
	ph, err := parsePhone(phone)
	if err != nil {
		return nil, &ValidationError{Fields: []FieldError{{Loc: []any{"phone_number"}, Msg: msgInvalidPhone, Type: "value_error"}}}
	}
	c, err := s.lookup(firm, id)
	if err != nil {
		return nil, err
	}
	calls := c.phoneCalls(ph)
	if len(calls) == 0 {
		return nil, fmt.Errorf("number %s in campaign %s: %w", unpackPhone(ph), id, ErrPhoneNotFound)
	}
	// All or nothing (DEC-28): a call in progress is reported as such, and
	// unlike a delete by uuid this cancels nothing.
	var notPending error
	for _, i := range calls {
		switch c.calls.at(i).status {
		case stPending:
		case stInProgress:
			return nil, fmt.Errorf("number %s in campaign %s: %w", unpackPhone(ph), id, ErrNumberInProgress)
		default:
			notPending = fmt.Errorf("number %s in campaign %s: %w", unpackPhone(ph), id, ErrCallNotPending)
		}
	}
	if notPending != nil {
		return nil, notPending
	}
	out := make([]uuid.UUID, len(calls))
	for k, i := range calls {
		out[k] = c.calls.at(i).id
		c.remove(i)
	}
	s.maybeComplete(c)
	return out, nil
}

// remove deletes pending call i: it leaves every listing, its past attempts
// leave the details, and its scheduled retry is forgotten.
func (c *campaign) remove(i int32) {
	cl := c.calls.at(i)
	c.removeFromOrder(i)
	for e := cl.firstEv; e >= 0; e = c.events.at(e).next {
		c.removeEvent(e)
	}
	c.unlinkPhone(i)
	delete(c.byID, cl.id)
	cl.gen++
	cl.vars = nil
	c.setStatus(i, stDeleted)
}
