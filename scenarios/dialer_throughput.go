package scenarios

import (
	"context"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// dialerThroughput benchmarks a dialer from the outside: one campaign of
// Knobs.Numbers numbers at speed Knobs.Speed, polled until it is done.
func dialerThroughput() Scenario {
	return Scenario{
		Name:        "dialer-throughput",
		Description: "a black-box benchmark of a dialer: a campaign of N numbers at speed S, polled; completed calls per minute against the ideal",
		Dialer:      true,
		Setup:       typedSetup(setupDialerThroughput),
		Attack:      typedAttack((*throughputState).attack),
		Settle:      typed((*throughputState).settle),
		Invariants: []Invariant{
			{ID: "DT-1-speed", Description: "never more than speed calls in progress at once (from every attempt's span and every poll)", Check: typed((*throughputState).speed)},
			{ID: "DT-2-retry-interval", Description: "no retry sooner than retry_interval after the previous attempt ended", Check: typed((*throughputState).retryInterval)},
			{ID: "DT-3-attempts", Description: "no call has more than retry + 1 attempts", Check: typed((*throughputState).attempts)},
			{ID: "DT-4-window", Description: "no attempt starts outside the window [start_at, end_at)", Check: typed((*throughputState).window)},
		},
		Cleanup: typed((*throughputState).cleanup),
	}
}

type throughputState struct {
	campaign string
	win      Window
	calls    map[string]string

	mu        sync.Mutex
	status    string
	maxPolled int
	pollsLive int
	events    map[string][]attempt
	allEvents []attempt
}

// throughputMix gives the numbers their outcomes: 60 % answered, 25 % no
// answer and 15 % busy, so that retries happen.
func throughputMix(i int) int {
	switch i % 20 {
	case 0, 1, 2, 3, 4:
		return suffixNoAnswer
	case 5, 6, 7:
		return suffixBusy
	}
	return suffixAnswered
}

func setupDialerThroughput(ctx context.Context, env *Env) (*throughputState, error) {
	id, w, calls, err := dialerCampaign(ctx, env, env.Knobs.Numbers, throughputMix)
	if err != nil {
		return nil, err
	}
	return &throughputState{campaign: id, win: w, calls: calls}, nil
}

func (s *throughputState) cleanup(ctx context.Context, env *Env) error {
	return env.CleanupCampaigns(ctx, []string{s.campaign})
}

func (s *throughputState) attack(env *Env) Attack {
	atk := Attack{
		Targeter: pollDetails(env, s.campaign),
		Duration: env.Knobs.DialerTimeout,
		Observe: func(r *vegeta.Result, _ Operation) {
			p, ok := readPoll(r)
			if !ok {
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if p.inProgress {
				s.pollsLive++
				s.maxPolled = max(s.maxPolled, p.total)
			} else if p.status != "" {
				s.status = p.status
			}
		},
		Done: func() bool {
			s.mu.Lock()
			defer s.mu.Unlock()
			return ended(s.status)
		},
	}
	if env.Clock.CanAdvance() {
		atk.During = func(ctx context.Context) error {
			return advanceLoop(ctx, env.Clock, env.Knobs.Step, 20*time.Millisecond)
		}
	}
	return atk
}

func (s *throughputState) settle(ctx context.Context, env *Env) error {
	if err := finishCampaign(ctx, env, s.campaign, s.win); err != nil {
		return err
	}
	byCall, all, err := attemptsOf(ctx, env, s.campaign)
	if err != nil {
		return err
	}
	s.events, s.allEvents = byCall, all
	s.facts(env)
	return nil
}

// facts reports completed calls per simulated minute against the ideal: speed
// lines kept busy all the time with attempts of the mean length observed.
func (s *throughputState) facts(env *Env) {
	if len(s.allEvents) == 0 {
		return
	}
	first, last := s.allEvents[0].start, s.allEvents[0].end
	var busy time.Duration
	for _, a := range s.allEvents {
		if a.start.Before(first) {
			first = a.start
		}
		if a.end.After(last) {
			last = a.end
		}
		busy += a.end.Sub(a.start)
	}
	span := last.Sub(first).Minutes()
	meanAttempt := busy.Minutes() / float64(len(s.allEvents))
	attemptsPerCall := float64(len(s.allEvents)) / float64(len(s.events))
	if span <= 0 || meanAttempt <= 0 {
		return
	}
	achieved := float64(len(s.events)) / span
	ideal := float64(env.Knobs.Speed) / meanAttempt / attemptsPerCall
	env.Fact("calls", "%d (%d attempts)", len(s.events), len(s.allEvents))
	env.Fact("completed calls per minute", "%.2f", achieved)
	env.Fact("ideal calls per minute", "%.2f", ideal)
	env.Fact("share of ideal", "%.0f%%", 100*achieved/ideal)
	env.Fact("simulated span", "%s", last.Sub(first).Round(time.Second))
	env.Fact("max in progress polled", "%d over %d polls", s.maxPolled, s.pollsLive)
}

func (s *throughputState) speed(_ context.Context, env *Env) error {
	var v violations
	if n, at := maxConcurrent(s.allEvents); n > env.Knobs.Speed {
		v.add("more calls in progress than speed", "%d at %s, speed %d", n, at.Format(time.RFC3339), env.Knobs.Speed)
	}
	s.mu.Lock()
	if s.maxPolled > env.Knobs.Speed {
		v.add("a poll saw more calls in progress than speed", "%d, speed %d", s.maxPolled, env.Knobs.Speed)
	}
	s.mu.Unlock()
	return v.err()
}

func (s *throughputState) retryInterval(_ context.Context, env *Env) error {
	return checkRetryInterval(s.events, time.Duration(env.Knobs.RetryInterval)*time.Minute)
}

// checkRetryInterval holds every call's attempts to start no sooner than
// interval after the previous one ended.
func checkRetryInterval(events map[string][]attempt, interval time.Duration) error {
	var v violations
	for call, as := range events {
		for i := 1; i < len(as); i++ {
			prev := as[i-1]
			if prev.live {
				v.add("attempt started while the previous one was live", "call %s at %s", call, as[i].start.Format(time.RFC3339))
				continue
			}
			if gap := as[i].start.Sub(prev.end); gap < interval-durationSlack {
				v.add("retry sooner than retry_interval", "call %s retried %s after its attempt ended, interval %s", call, gap, interval)
			}
		}
	}
	return v.err()
}

func (s *throughputState) attempts(_ context.Context, env *Env) error {
	var v violations
	for call, as := range s.events {
		if len(as) > env.Knobs.Retry+1 {
			v.add("more attempts than retry + 1", "call %s: %d attempts, retry %d", call, len(as), env.Knobs.Retry)
		}
	}
	for call := range s.events {
		if _, ok := s.calls[call]; !ok {
			v.add("attempt of a call the campaign does not have", "%s", call)
		}
	}
	return v.err()
}

func (s *throughputState) window(context.Context, *Env) error {
	return checkWindow(s.allEvents, s.win)
}

func checkWindow(all []attempt, w Window) error {
	var v violations
	for _, a := range all {
		if a.start.Before(w.Start) || !a.start.Before(w.End) {
			v.add("attempt outside the window", "call %s at %s, window [%s, %s)", a.call, a.start.Format(time.RFC3339),
				w.Start.Format(time.RFC3339), w.End.Format(time.RFC3339))
		}
	}
	return v.err()
}
