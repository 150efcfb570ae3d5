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

// appendStorm appends batches to a few shared campaigns from many workers at once.
func appendStorm() Scenario {
	return Scenario{
		Name:        "append-storm",
		Description: "many workers append batches to the same campaigns at once",
		Setup:       typedSetup(setupAppendStorm),
		Attack:      typedAttack((*appendStormState).attack),
		Invariants: []Invariant{
			{ID: "AS-1-total", Description: "the final total equals the initial records plus everything acknowledged", Check: typed((*appendStormState).total)},
			{ID: "AS-2-exactly-once", Description: "every appended number is present exactly once: none lost, none doubled", Check: typed((*appendStormState).exactlyOnce)},
		},
		Cleanup: typed((*appendStormState).cleanup),
	}
}

type appendStormState struct {
	campaigns []string
	initial   map[string][]string // campaign → its initial numbers
	index     map[string]int      // campaign → its index

	mu      sync.Mutex
	next    int
	batches map[int][]string // batch k → its numbers; batch k goes to campaign k mod len(campaigns)
	batchOf map[string]int   // number → its batch
	acked   map[string]int   // campaign → 200s
	unknown map[string]int   // campaign → appends without an answer (transport errors)
}

// sharedCampaigns creates n campaigns in the future with initial numbers each.
func sharedCampaigns(ctx context.Context, env *Env, n, initial int, settings func(*api.CreateCampaignRequest)) ([]string, map[string][]string, error) {
	w, err := env.FutureWindow(ctx)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, n)
	nums := map[string][]string{}
	for i := range ids {
		phones, err := env.IDs.Phones(initial, 0)
		if err != nil {
			return nil, nil, err
		}
		req := NewCampaign(env.IDs.Name(env.Scenario, i), w, Records(phones))
		req.AllowDynamicCallAppending = boolPtr(true)
		if settings != nil {
			settings(&req)
		}
		out, _, err := env.Client.CreateCampaign(ctx, req)
		if err != nil {
			return nil, nil, fmt.Errorf("create shared campaign %d: %w", i, err)
		}
		ids[i] = out.CallCampaignUUID
		nums[out.CallCampaignUUID] = phones
	}
	return ids, nums, nil
}

func setupAppendStorm(ctx context.Context, env *Env) (*appendStormState, error) {
	ids, nums, err := sharedCampaigns(ctx, env, env.Knobs.Campaigns, env.Knobs.Initial, nil)
	if err != nil {
		return nil, err
	}
	s := &appendStormState{campaigns: ids, initial: nums, index: map[string]int{},
		batches: map[int][]string{}, batchOf: map[string]int{}, acked: map[string]int{}, unknown: map[string]int{}}
	for i, id := range ids {
		s.index[id] = i
	}
	return s, nil
}

func (s *appendStormState) cleanup(ctx context.Context, env *Env) error {
	return env.CleanupCampaigns(ctx, s.campaigns)
}

func (s *appendStormState) attack(env *Env) Attack {
	return Attack{
		Targeter: func(t *vegeta.Target) error {
			phones, err := env.IDs.Phones(env.Knobs.Batch, 0)
			if err != nil {
				return err
			}
			s.mu.Lock()
			k := s.next
			s.next++
			s.batches[k] = phones
			for _, p := range phones {
				s.batchOf[p] = k
			}
			s.mu.Unlock()
			id := s.campaigns[k%len(s.campaigns)]
			*t, err = env.Request(http.MethodPut, client.CampaignPath(id, "phone-number"), api.AppendCallsRequest{CallRecords: Records(phones)})
			return err
		},
		Observe: func(r *vegeta.Result, op Operation) {
			if op.ID != api.OpAppendCalls {
				return
			}
			id := pathParam(r.URL, api.RouteAppendCalls, "call_campaign_uuid")
			s.mu.Lock()
			defer s.mu.Unlock()
			switch {
			case r.Code == http.StatusOK:
				s.acked[id]++
			case r.Code == 0:
				s.unknown[id]++
			}
		},
	}
}

func (s *appendStormState) total(ctx context.Context, env *Env) error {
	var v violations
	acked := 0
	for _, id := range s.campaigns {
		page, _, err := env.Client.ListCalls(ctx, id, client.Page{Page: 1, Size: 1})
		if err != nil {
			return Unjudged(fmt.Errorf("list campaign %s: %w", id, err))
		}
		s.mu.Lock()
		a, u := s.acked[id], s.unknown[id]
		s.mu.Unlock()
		acked += a
		want := len(s.initial[id]) + a*env.Knobs.Batch
		if page.Total < want || page.Total > want+u*env.Knobs.Batch {
			v.add("total is not initial + acknowledged", "%s: total %d, want %d (%d initial + %d appends of %d acknowledged, %d unanswered)",
				id, page.Total, want, len(s.initial[id]), a, env.Knobs.Batch, u)
		}
	}
	env.Fact("appends acknowledged", "%d", acked)
	return v.err()
}

func (s *appendStormState) exactlyOnce(ctx context.Context, env *Env) error {
	var v violations
	err := eachParallel(ctx, 4, s.campaigns, func(ctx context.Context, id string) error {
		calls, _, err := env.Client.AllCalls(ctx, id, 100, maxWalkPages)
		if err != nil {
			return Unjudged(fmt.Errorf("list campaign %s: %w", id, err))
		}
		s.checkCampaign(&v, id, calls)
		return nil
	})
	if err != nil {
		return err
	}
	return v.err()
}

// checkCampaign holds one campaign's listing to what was sent and acknowledged.
func (s *appendStormState) checkCampaign(v *violations, id string, calls []api.Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	count := map[string]int{}
	for _, c := range calls {
		count[c.PhoneNumber]++
	}
	for p, n := range count {
		if n > 1 {
			v.add("number doubled", "%s lists %s %d times", id, p, n)
		}
	}
	for _, p := range s.initial[id] {
		if count[p] == 0 {
			v.add("initial number lost", "%s lacks %s", id, p)
		}
	}
	initial := map[string]bool{}
	for _, p := range s.initial[id] {
		initial[p] = true
	}
	present := map[int]int{} // batch → its numbers listed
	for p := range count {
		if initial[p] {
			continue
		}
		k, ok := s.batchOf[p]
		if !ok || s.campaigns[k%len(s.campaigns)] != id {
			v.add("number that was not appended to this campaign", "%s lists %s", id, p)
			continue
		}
		present[k]++
	}
	for k, n := range present {
		if n != len(s.batches[k]) {
			v.add("batch partly present: number lost", "%s holds %d of the %d numbers of batch %d", id, n, len(s.batches[k]), k)
		}
	}
	if a, u := s.acked[id], s.unknown[id]; len(present) < a {
		v.add("acknowledged batch lost", "%s holds %d batches, %d were acknowledged", id, len(present), a)
	} else if len(present) > a+u {
		v.add("unacknowledged batch applied", "%s holds %d batches, %d were acknowledged", id, len(present), a)
	}
}
