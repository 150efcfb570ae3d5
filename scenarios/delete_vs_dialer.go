package scenarios

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// deleteVsDialer deletes the calls of a running campaign while its dialer
// works on them: some are pending, some waiting for a retry, some live.
func deleteVsDialer() Scenario {
	return Scenario{
		Name:        "delete-vs-dialer",
		Description: "deletes race the dialer on a running campaign",
		Dialer:      true,
		Expected:    expectDeletes,
		Setup:       typedSetup(setupDeleteVsDialer),
		Attack:      typedAttack((*dvdState).attack),
		Settle:      typed((*dvdState).settle),
		Invariants: []Invariant{
			{ID: "DVD-1-no-attempt-after-200", Description: "a call whose delete returned 200 never has an attempt after it", Check: typed((*dvdState).noAttemptAfter200)},
			{ID: "DVD-2-no-attempt-after-409", Description: "a call whose delete returned 409 gets no further attempt after its live one", Check: typed((*dvdState).noAttemptAfter409)},
		},
		Cleanup: typed((*dvdState).cleanup),
	}
}

// dvdMix: 40 % stay live five minutes, 30 % are not answered (and retried), 30 % answer.
func dvdMix(i int) int {
	switch i % 10 {
	case 0, 1, 2, 3:
		return suffixLive5m
	case 4, 5, 6:
		return suffixNoAnswer
	}
	return suffixAnswered
}

type dvdDelete struct {
	code    int
	wallEnd time.Time
}

type dvdState struct {
	campaign string
	win      Window
	calls    map[string]string
	plan     plan[string]

	mu      sync.Mutex
	deletes map[string]dvdDelete
	events  map[string][]attempt
}

func setupDeleteVsDialer(ctx context.Context, env *Env) (*dvdState, error) {
	n := env.sized(1, env.Knobs.Calls)
	id, w, calls, err := dialerCampaign(ctx, env, n, dvdMix)
	if err != nil {
		return nil, err
	}
	s := &dvdState{campaign: id, win: w, calls: calls, deletes: map[string]dvdDelete{}}
	for c := range calls {
		s.plan.add(c)
	}
	for j := len(s.plan.items) - 1; j > 0; j-- {
		k := env.Intn(j + 1)
		s.plan.items[j], s.plan.items[k] = s.plan.items[k], s.plan.items[j]
	}
	return s, nil
}

func (s *dvdState) cleanup(ctx context.Context, env *Env) error {
	return env.CleanupCampaigns(ctx, []string{s.campaign})
}

func (s *dvdState) attack(env *Env) Attack {
	atk := Attack{
		Duration: env.Duration + env.Duration/2,
		Targeter: func(t *vegeta.Target) error {
			call, ok := s.plan.take()
			if !ok {
				return vegeta.ErrNoTargets
			}
			var err error
			*t, err = env.Request(http.MethodDelete, client.CampaignPath(s.campaign, "call", call), nil)
			return err
		},
		Observe: func(r *vegeta.Result, op Operation) {
			if op.ID != api.OpDeleteCall {
				return
			}
			call := pathParam(r.URL, api.RouteDeleteCall, "call_uuid")
			s.mu.Lock()
			s.deletes[call] = dvdDelete{code: int(r.Code), wallEnd: r.End()}
			s.mu.Unlock()
		},
	}
	// The dialer must run while the deletes go out: move the clock a step
	// at a time with the admin API, else read it often on a clock that runs
	// by itself, so that every delete's instant can be bracketed.
	if env.Clock.CanAdvance() {
		every := max(env.Duration/40, 10*time.Millisecond)
		atk.During = func(ctx context.Context) error { return advanceLoop(ctx, env.Clock, env.Knobs.Step, every) }
	} else {
		atk.During = func(ctx context.Context) error { return probeLoop(ctx, env.Clock, 250*time.Millisecond) }
	}
	return atk
}

func (s *dvdState) settle(ctx context.Context, env *Env) error {
	if _, err := env.Clock.Now(ctx); err != nil { // a reading after the last delete
		return err
	}
	if err := finishCampaign(ctx, env, s.campaign, s.win); err != nil {
		return err
	}
	byCall, _, err := attemptsOf(ctx, env, s.campaign)
	if err != nil {
		return err
	}
	s.events = byCall
	counts := map[int]int{}
	for _, d := range s.deletes {
		counts[d.code]++
	}
	env.Fact("deletes", "%d: %d answered 200, %d answered 409, %d answered 404", len(s.deletes), counts[200], counts[409], counts[404])
	return nil
}

// attemptsAfter notes every attempt of a call whose delete answered code
// that started after the target handled that delete.
func (s *dvdState) attemptsAfter(env *Env, code int, kind string) error {
	var v violations
	slack := time.Duration(env.Clock.Factor()*float64(100*time.Millisecond)) + time.Second
	for call, d := range s.deletes {
		if d.code != code {
			continue
		}
		latest, _, ok := env.Clock.Latest(d.wallEnd, slack)
		if !ok {
			return Unjudged(fmt.Errorf("no reading of the target's clock after the delete of %s", call))
		}
		for _, a := range s.events[call] {
			if a.start.After(latest) {
				v.add(kind, "call %s: attempt at %s, delete answered %d by %s", call, a.start.Format(time.RFC3339), code, latest.Format(time.RFC3339))
			}
		}
	}
	return v.err()
}

func (s *dvdState) noAttemptAfter200(_ context.Context, env *Env) error {
	return s.attemptsAfter(env, http.StatusOK, "attempt after a delete answered 200")
}

func (s *dvdState) noAttemptAfter409(_ context.Context, env *Env) error {
	return s.attemptsAfter(env, http.StatusConflict, "attempt after a delete answered 409")
}
