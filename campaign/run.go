package campaign

import (
	"context"
	"time"
)

// pollEvery bounds how long Run sleeps on a running clock.
const pollEvery = 100 * time.Millisecond

// Run drives the simulation until ctx is done: on a real or scaled clock it
// wakes when the next event is due, when the clock is moved, or at least
// every 100 ms; on a manual clock only when the clock is moved.
func (s *Service) Run(ctx context.Context) {
	timer := time.NewTimer(pollEvery)
	defer timer.Stop()
	for {
		moved := s.clk.Moved()
		wait, ok := s.nextWait()
		var tick <-chan time.Time
		if ok {
			timer.Reset(wait)
			tick = timer.C
		}
		select {
		case <-ctx.Done():
			return
		case <-moved:
		case <-tick:
		}
	}
}

// nextWait syncs and returns the real time until the next event, at most
// pollEvery, and false on a manual clock.
func (s *Service) nextWait() (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sync()
	if _, ok := s.clk.RealDelay(0); !ok {
		return 0, false
	}
	d := pollEvery
	if len(s.agenda) > 0 {
		due := time.Duration(s.agenda[0].at-s.now) * time.Millisecond
		if rd, _ := s.clk.RealDelay(due); rd < d {
			d = max(rd, time.Millisecond)
		}
	}
	return d, true
}
