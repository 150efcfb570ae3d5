package scenarios

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// mixed sends a weighted, realistic mix of every operation.
func mixed() Scenario {
	return Scenario{
		Name:        "mixed",
		Description: "a weighted, realistic mix of all operations (list 40%, details 20%, append 15%, delete by uuid 12%, by phone 8%, create 5%)",
		Expected:    expectMixed,
		Setup:       typedSetup(setupMixed),
		Attack:      typedAttack((*mixedState).attack),
		Cleanup:     typed((*mixedState).cleanup),
	}
}

// mixWeights are the operations of the mix and their weights, in percent.
var mixWeights = []struct {
	op     string
	weight int
}{
	{api.OpListCalls, 40}, {api.OpDetails, 20}, {api.OpAppendCalls, 15},
	{api.OpDeleteCall, 12}, {api.OpDeleteByPhone, 8}, {api.OpCreateCampaign, 5},
}

type mixedState struct {
	window Window

	mu        sync.Mutex
	campaigns []string
	uuids     map[string][]string // campaign → calls not yet deleted by uuid
	phones    map[string][]string // campaign → numbers not yet deleted by number
	created   int
}

func setupMixed(ctx context.Context, env *Env) (*mixedState, error) {
	ids, nums, err := sharedCampaigns(ctx, env, env.Knobs.Campaigns, env.Knobs.Initial, nil)
	if err != nil {
		return nil, err
	}
	w, err := env.FutureWindow(ctx)
	if err != nil {
		return nil, err
	}
	s := &mixedState{window: w, campaigns: ids, uuids: map[string][]string{}, phones: map[string][]string{}}
	for _, id := range ids {
		calls, _, err := env.Client.AllCalls(ctx, id, 100, maxWalkPages)
		if err != nil {
			return nil, err
		}
		half := len(calls) / 2
		for i, c := range calls {
			if i < half {
				s.uuids[id] = append(s.uuids[id], c.UUID)
			}
		}
		s.phones[id] = nums[id][half:]
	}
	return s, nil
}

func (s *mixedState) cleanup(ctx context.Context, env *Env) error {
	s.mu.Lock()
	ids := append([]string(nil), s.campaigns...)
	s.mu.Unlock()
	return env.CleanupCampaigns(ctx, ids)
}

func expectMixed(op Operation, code int) bool {
	if (op.ID == api.OpDeleteCall || op.ID == api.OpDeleteByPhone) && code == http.StatusNotFound {
		return true
	}
	return code >= 200 && code < 300
}

// pick chooses the next operation by weight.
func (s *mixedState) pick(env *Env) string {
	n := env.Intn(100)
	for _, w := range mixWeights {
		if n < w.weight {
			return w.op
		}
		n -= w.weight
	}
	return api.OpListCalls
}

// pop takes a random element out of m[id].
func pop(env *Env, m map[string][]string, id string) (string, bool) {
	l := m[id]
	if len(l) == 0 {
		return "", false
	}
	i := env.Intn(len(l))
	v := l[i]
	l[i] = l[len(l)-1]
	m[id] = l[:len(l)-1]
	return v, true
}

func (s *mixedState) target(env *Env) (vegeta.Target, error) {
	op := s.pick(env)
	s.mu.Lock()
	id := s.campaigns[env.Intn(len(s.campaigns))]
	var arg string
	ok := true
	switch op {
	case api.OpDeleteCall:
		arg, ok = pop(env, s.uuids, id)
	case api.OpDeleteByPhone:
		arg, ok = pop(env, s.phones, id)
	}
	s.mu.Unlock()
	if !ok {
		op = api.OpListCalls
	}
	page := url.Values{"page": {strconv.Itoa(1 + env.Intn(3))}, "size": {strconv.Itoa(10 * (1 + env.Intn(5)))}}
	switch op {
	case api.OpCreateCampaign:
		phones, err := env.IDs.Phones(env.Knobs.Records, 0)
		if err != nil {
			return vegeta.Target{}, err
		}
		s.mu.Lock()
		s.created++
		k := s.created
		s.mu.Unlock()
		return env.Request(http.MethodPost, api.RouteCreateCampaign, NewCampaign(env.IDs.Name(env.Scenario, 1000+k), s.window, Records(phones)))
	case api.OpAppendCalls:
		phones, err := env.IDs.Phones(env.Knobs.Batch, 0)
		if err != nil {
			return vegeta.Target{}, err
		}
		s.mu.Lock()
		s.phones[id] = append(s.phones[id], phones...)
		s.mu.Unlock()
		return env.Request(http.MethodPut, client.CampaignPath(id, "phone-number"), api.AppendCallsRequest{CallRecords: Records(phones)})
	case api.OpDeleteCall:
		return env.Request(http.MethodDelete, client.CampaignPath(id, "call", arg), nil)
	case api.OpDeleteByPhone:
		return env.Request(http.MethodDelete, client.CampaignPath(id, "phone-number", arg), nil)
	case api.OpDetails:
		return env.Request(http.MethodGet, client.CampaignPath(id, "details")+"?"+page.Encode(), nil)
	}
	return env.Request(http.MethodGet, client.CampaignPath(id, "calls")+"?"+page.Encode(), nil)
}

func (s *mixedState) attack(env *Env) Attack {
	return Attack{
		Targeter: func(t *vegeta.Target) error {
			var err error
			*t, err = s.target(env)
			return err
		},
		Observe: func(r *vegeta.Result, op Operation) {
			if op.ID != api.OpCreateCampaign || r.Code != http.StatusCreated {
				return
			}
			var out api.CreateCampaignResponse
			if json.Unmarshal(r.Body, &out) == nil && out.CallCampaignUUID != "" {
				s.mu.Lock()
				s.campaigns = append(s.campaigns, out.CallCampaignUUID)
				s.mu.Unlock()
			}
		},
	}
}
