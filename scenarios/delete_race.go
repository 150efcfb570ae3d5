package scenarios

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// deleteRace deletes the same pending calls concurrently by uuid and by phone number.
func deleteRace() Scenario {
	return Scenario{
		Name:        "delete-race",
		Description: "the same calls are deleted concurrently by UUID and by phone number",
		Expected:    expectDeletes,
		Setup:       typedSetup(setupDeleteRace),
		Attack:      typedAttack((*deleteRaceState).attack),
		Invariants: []Invariant{
			{ID: "DR-1-deleted-once", Description: "each call is deleted exactly once: one 200 over all its attempts, the rest 404 or 409", Check: typed((*deleteRaceState).deletedOnce)},
			{ID: "DR-2-listing-empty", Description: "the listing ends empty", Check: typed((*deleteRaceState).listingEmpty)},
			{ID: "DR-3-no-5xx", Description: "no delete is answered with a 5xx", Check: typed((*deleteRaceState).no5xx)},
		},
		Cleanup: typed((*deleteRaceState).cleanup),
	}
}

// Each call gets this many delete attempts, half by uuid and half by phone,
// sent next to each other so that they race.
const deleteAttempts = 4

type deleteAttempt struct {
	byPhone bool
	call    api.Call
}

type deleteRaceState struct {
	campaign string
	calls    []api.Call
	byUUID   map[string]api.Call
	byPhone  map[string]api.Call
	plan     plan[deleteAttempt]

	mu     sync.Mutex
	codes  map[string][]int // call uuid → the status of each attempt on it
	wrong  []string         // phone deletes that named calls not of that phone
	fivexx int
}

func expectDeletes(op Operation, code int) bool {
	switch op.ID {
	case api.OpDeleteCall, api.OpDeleteByPhone:
		return code == http.StatusOK || code == http.StatusNotFound || code == http.StatusConflict
	}
	return code >= 200 && code < 300
}

func setupDeleteRace(ctx context.Context, env *Env) (*deleteRaceState, error) {
	// Size the campaign so that every attempt fits in the attack.
	n := env.sized(deleteAttempts, env.Knobs.Calls)
	ids, _, err := sharedCampaigns(ctx, env, 1, n, nil)
	if err != nil {
		return nil, err
	}
	calls, _, err := env.Client.AllCalls(ctx, ids[0], 100, maxWalkPages)
	if err != nil {
		return nil, fmt.Errorf("list the calls to delete: %w", err)
	}
	s := &deleteRaceState{campaign: ids[0], calls: calls, byUUID: map[string]api.Call{}, byPhone: map[string]api.Call{}, codes: map[string][]int{}}
	for _, c := range calls {
		s.byUUID[c.UUID], s.byPhone[c.PhoneNumber] = c, c
		for i := range deleteAttempts {
			// uuid, phone, uuid, phone in a random order for each call
			s.plan.add(deleteAttempt{byPhone: i%2 == 1, call: c})
		}
	}
	for i := 0; i < len(s.plan.items); i += deleteAttempts {
		group := s.plan.items[i : i+deleteAttempts]
		for j := len(group) - 1; j > 0; j-- {
			k := env.Intn(j + 1)
			group[j], group[k] = group[k], group[j]
		}
	}
	return s, nil
}

func (s *deleteRaceState) cleanup(ctx context.Context, env *Env) error {
	return env.CleanupCampaigns(ctx, []string{s.campaign})
}

func (s *deleteRaceState) attack(env *Env) Attack {
	return Attack{
		// Every attempt is sent; a slow target only makes the attack longer.
		Duration: env.Duration + env.Duration/2,
		Targeter: func(t *vegeta.Target) error {
			a, ok := s.plan.take()
			if !ok {
				return vegeta.ErrNoTargets
			}
			path := client.CampaignPath(s.campaign, "call", a.call.UUID)
			if a.byPhone {
				path = client.CampaignPath(s.campaign, "phone-number", a.call.PhoneNumber)
			}
			var err error
			*t, err = env.Request(http.MethodDelete, path, nil)
			return err
		},
		Observe: func(r *vegeta.Result, op Operation) { s.observe(r, op) },
	}
}

func (s *deleteRaceState) observe(r *vegeta.Result, op Operation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Code >= 500 {
		s.fivexx++
	}
	switch op.ID {
	case api.OpDeleteCall:
		id := pathParam(r.URL, api.RouteDeleteCall, "call_uuid")
		s.codes[id] = append(s.codes[id], int(r.Code))
	case api.OpDeleteByPhone:
		phone := pathParam(r.URL, api.RouteDeleteByPhone, "phone_number")
		c := s.byPhone[phone]
		if r.Code != http.StatusOK {
			s.codes[c.UUID] = append(s.codes[c.UUID], int(r.Code))
			return
		}
		var deleted []string
		if err := client.DecodeDeleted(r.Body, &deleted); err != nil {
			s.wrong = append(s.wrong, fmt.Sprintf("delete of %s: undecodable 200 body: %v", phone, err))
			return
		}
		if len(deleted) == 0 {
			s.wrong = append(s.wrong, fmt.Sprintf("delete of %s answered 200 with no uuid", phone))
		}
		for _, id := range deleted {
			if id != c.UUID {
				s.wrong = append(s.wrong, fmt.Sprintf("delete of %s named %s, a call of another number", phone, id))
				continue
			}
			s.codes[id] = append(s.codes[id], http.StatusOK)
		}
	}
}

func (s *deleteRaceState) deletedOnce(_ context.Context, env *Env) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var v violations
	for _, w := range s.wrong {
		v.add("phone delete named a wrong call", "%s", w)
	}
	deleted := 0
	for _, c := range s.calls {
		codes := s.codes[c.UUID]
		oks, others := 0, 0
		for _, code := range codes {
			switch code {
			case http.StatusOK:
				oks++
			case http.StatusNotFound, http.StatusConflict:
			default:
				others++
			}
		}
		switch {
		case oks > 1:
			v.add("call deleted more than once", "%s: %d answers 200 of %v", c.UUID, oks, codes)
		case oks == 0:
			v.add("call never deleted", "%s: %v", c.UUID, codes)
		default:
			deleted++
		}
		if others > 0 {
			v.add("attempt answered neither 200, 404 nor 409", "%s: %v", c.UUID, codes)
		}
	}
	env.Fact("calls deleted", "%d of %d", deleted, len(s.calls))
	return v.err()
}

func (s *deleteRaceState) listingEmpty(ctx context.Context, env *Env) error {
	calls, total, err := env.Client.AllCalls(ctx, s.campaign, 100, maxWalkPages)
	if err != nil {
		return Unjudged(err)
	}
	if total != 0 || len(calls) != 0 {
		ex := ""
		if len(calls) > 0 {
			ex = ", for instance " + calls[0].UUID
		}
		return fmt.Errorf("the listing holds %d calls (total %d)%s", len(calls), total, ex)
	}
	return nil
}

func (s *deleteRaceState) no5xx(context.Context, *Env) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fivexx > 0 {
		return fmt.Errorf("%d deletes were answered with a 5xx", s.fivexx)
	}
	return nil
}
