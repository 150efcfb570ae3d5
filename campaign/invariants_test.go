package campaign

import (
	"fmt"
	"sort"
	"time"
)

// checkInvariants verifies the service's internal structures against each
// other and against the rules; it returns the first violation.
func (s *Service) checkInvariants() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, c := range s.campaigns {
		if err := c.checkInvariants(s.lim); err != nil {
			return fmt.Errorf("campaign %s: %w", id, err)
		}
	}
	return nil
}

func (c *campaign) checkInvariants(lim Limits) error {
	var counts [numCallStatus + 1]int
	for i := range int32(c.calls.len()) {
		counts[c.calls.at(i).status]++
	}
	if counts != c.counts {
		return fmt.Errorf("counts %v, want %v", c.counts, counts)
	}
	if n := c.calls.len() - counts[stDeleted]; n != len(c.order) || n != len(c.byID) {
		return fmt.Errorf("%d live calls, order %d, byID %d", n, len(c.order), len(c.byID))
	}
	if !sort.SliceIsSorted(c.order, func(a, b int) bool { return c.callLess(c.order[a], c.order[b]) }) {
		return fmt.Errorf("calls out of order")
	}
	if !sort.SliceIsSorted(c.evOrder, func(a, b int) bool { return c.eventLess(c.evOrder[a], c.evOrder[b]) }) {
		return fmt.Errorf("events out of order")
	}
	inPhones := 0
	for _, head := range c.byPhone {
		for k := head; k >= 0; k = c.calls.at(k).nextPhone {
			if c.calls.at(k).status == stDeleted {
				return fmt.Errorf("deleted call %d in the phone index", k)
			}
			inPhones++
		}
	}
	if inPhones != len(c.order) {
		return fmt.Errorf("phone index holds %d calls, want %d", inPhones, len(c.order))
	}
	visible := 0
	for i := range int32(c.calls.len()) {
		cl := c.calls.at(i)
		live, n := 0, 0
		var prevEnd int64
		for e := cl.firstEv; e >= 0; e = c.events.at(e).next {
			ev := c.events.at(e)
			n++
			if ev.live {
				live++
			}
			if n > 1 && ev.started < prevEnd+c.interval {
				return fmt.Errorf("call %d retried %v after its previous attempt", i, time.Duration(ev.started-prevEnd)*time.Millisecond)
			}
			prevEnd = ev.started + int64(ev.dur)*1000
		}
		if n != int(cl.attempts) || n > c.retry+1 {
			return fmt.Errorf("call %d: %d attempts, counted %d, retry %d", i, n, cl.attempts, c.retry)
		}
		if (live == 1) != (cl.status == stInProgress) || live > 1 {
			return fmt.Errorf("call %d: %d live attempts, status %d", i, live, cl.status)
		}
		if cl.status != stDeleted {
			visible += n
		}
	}
	if visible != len(c.evOrder) {
		return fmt.Errorf("%d attempts of live calls, details hold %d", visible, len(c.evOrder))
	}
	if c.counts[stInProgress] > c.speed {
		return fmt.Errorf("%d in progress, speed %d", c.counts[stInProgress], c.speed)
	}
	return c.checkSweep()
}

// checkSweep replays every attempt's span and checks the speed bound and the
// window at every instant.
func (c *campaign) checkSweep() error {
	type mark struct {
		at    int64
		delta int
	}
	marks := make([]mark, 0, 2*c.events.len())
	for k := range int32(c.events.len()) {
		ev := c.events.at(k)
		d := 0
		for ; d <= 255; d++ {
			if ev.started >= c.windowStart(d) && ev.started < c.windowEnd(d) {
				break
			}
			if c.windowStart(d) > ev.started {
				return fmt.Errorf("attempt %d outside every window", k)
			}
		}
		marks = append(marks, mark{ev.started, 1})
		if !ev.live {
			marks = append(marks, mark{ev.started + int64(ev.dur)*1000, -1})
		}
	}
	sort.Slice(marks, func(a, b int) bool {
		if marks[a].at != marks[b].at {
			return marks[a].at < marks[b].at
		}
		return marks[a].delta < marks[b].delta
	})
	n := 0
	for _, m := range marks {
		if n += m.delta; n > c.speed {
			return fmt.Errorf("%d attempts live at %d, speed %d", n, m.at, c.speed)
		}
	}
	return nil
}
