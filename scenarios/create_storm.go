package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
)

// createStorm creates campaigns at the run's rate, each with Knobs.Records records.
func createStorm() Scenario {
	return Scenario{
		Name:        "create-storm",
		Description: "many campaigns created at the given rate, with a set number of records each",
		Setup:       typedSetup(setupCreateStorm),
		Attack:      typedAttack((*createStormState).attack),
		Invariants: []Invariant{
			{ID: "CS-1-distinct-uuids", Description: "every 201 carries a distinct campaign UUID", Check: typed((*createStormState).distinctUUIDs)},
			{ID: "CS-2-lists-its-records", Description: "each created campaign lists exactly its records", Check: typed((*createStormState).listsItsRecords)},
		},
		Cleanup: typed((*createStormState).cleanup),
	}
}

type createStormState struct {
	window Window

	mu      sync.Mutex
	next    int
	sent    map[int][]string // request k → the phone numbers it carried
	request map[string]int   // phone number → request k
	created []string         // the uuid of every 201, in arrival order, repeats kept
}

func setupCreateStorm(ctx context.Context, env *Env) (*createStormState, error) {
	w, err := env.FutureWindow(ctx)
	if err != nil {
		return nil, err
	}
	return &createStormState{window: w, sent: map[int][]string{}, request: map[string]int{}}, nil
}

func (s *createStormState) attack(env *Env) Attack {
	return Attack{
		Targeter: func(t *vegeta.Target) error {
			phones, err := env.IDs.Phones(env.Knobs.Records, 0)
			if err != nil {
				return err
			}
			s.mu.Lock()
			k := s.next
			s.next++
			s.sent[k] = phones
			for _, p := range phones {
				s.request[p] = k
			}
			s.mu.Unlock()
			req := NewCampaign(env.IDs.Name(env.Scenario, k), s.window, Records(phones))
			*t, err = env.Request(http.MethodPost, api.RouteCreateCampaign, req)
			return err
		},
		Observe: func(r *vegeta.Result, op Operation) {
			if op.ID != api.OpCreateCampaign || r.Code != http.StatusCreated {
				return
			}
			var out api.CreateCampaignResponse
			if json.Unmarshal(r.Body, &out) == nil {
				s.mu.Lock()
				s.created = append(s.created, out.CallCampaignUUID)
				s.mu.Unlock()
			}
		},
	}
}

func (s *createStormState) cleanup(ctx context.Context, env *Env) error {
	return env.CleanupCampaigns(ctx, s.distinct())
}

func (s *createStormState) distinct() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, id := range s.created {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (s *createStormState) distinctUUIDs(_ context.Context, env *Env) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	env.Fact("campaigns created", "%d", len(s.created))
	var v violations
	seen := map[string]int{}
	for _, id := range s.created {
		seen[id]++
		if id == "" {
			v.add("201 without a call_campaign_uuid", "a 201 body had none")
		}
	}
	for id, n := range seen {
		if n > 1 && id != "" {
			v.add("UUID carried by more than one 201", "%s in %d answers", id, n)
		}
	}
	return v.err()
}

func (s *createStormState) listsItsRecords(ctx context.Context, env *Env) error {
	var v violations
	var claimedMu sync.Mutex
	claimed := map[int]string{} // request k → the campaign listing its records
	err := eachParallel(ctx, 8, s.distinct(), func(ctx context.Context, id string) error {
		calls, total, err := env.Client.AllCalls(ctx, id, 100, maxWalkPages)
		if err != nil {
			return Unjudged(fmt.Errorf("list campaign %s: %w", id, err))
		}
		if len(calls) == 0 {
			v.add("campaign lists no calls", "%s", id)
			return nil
		}
		s.mu.Lock()
		k, ok := s.request[calls[0].PhoneNumber]
		want := s.sent[k]
		s.mu.Unlock()
		if !ok {
			v.add("campaign lists a number no request sent", "%s lists %s", id, calls[0].PhoneNumber)
			return nil
		}
		claimedMu.Lock()
		if other, dup := claimed[k]; dup {
			v.add("two campaigns list the records of one request", "%s and %s", other, id)
		}
		claimed[k] = id
		claimedMu.Unlock()
		if total != len(want) {
			v.add("total is not the number of records sent", "%s: total %d, sent %d", id, total, len(want))
		}
		compareNumbers(&v, id, want, calls)
		return nil
	})
	if err != nil {
		return err
	}
	return v.err()
}

// compareNumbers notes where the listed calls differ from the numbers sent:
// a number missing, listed twice, or not sent at all.
func compareNumbers(v *violations, campaign string, want []string, calls []api.Call) {
	count := map[string]int{}
	for _, c := range calls {
		count[c.PhoneNumber]++
	}
	wanted := map[string]bool{}
	for _, p := range want {
		wanted[p] = true
		switch n := count[p]; {
		case n == 0:
			v.add("record missing from its campaign", "%s lacks %s", campaign, p)
		case n > 1:
			v.add("record listed more than once", "%s lists %s %d times", campaign, p, n)
		}
	}
	for p := range count {
		if !wanted[p] {
			v.add("campaign lists a record it was not sent", "%s lists %s", campaign, p)
		}
	}
}
