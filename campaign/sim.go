package campaign

import "math"

// Kinds of simulation events.
const (
	evAttemptEnd uint8 = iota
	evRetryDue
	evWindowStart
	evWindowEnd
)

// item is one simulation event in the heap.
type item struct {
	at   int64  // unix millis when it is due
	seq  uint64 // orders events due at the same instant
	c    *campaign
	idx  int32  // event index (attempt end), call index (retry) or window day
	gen  uint32 // the call's generation when a retry was scheduled
	kind uint8
}

// agenda is a binary min-heap of items ordered by (at, seq).
type agenda []item

func (a agenda) less(i, j int) bool {
	return a[i].at < a[j].at || a[i].at == a[j].at && a[i].seq < a[j].seq
}

func (a *agenda) push(it item) {
	*a = append(*a, it)
	h := *a
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (a *agenda) pop() item {
	h := *a
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h[n] = item{}
	h = h[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*a = h
	return top
}

// unset is the simulation's instant before anything happened.
const unset = math.MinInt64

// schedule adds an event to the agenda.
func (s *Service) schedule(at int64, kind uint8, c *campaign, idx int32, gen uint32) {
	s.seq++
	s.agenda.push(item{at: at, seq: s.seq, c: c, idx: idx, gen: gen, kind: kind})
}

// sync processes every event due at the clock's current instant.
func (s *Service) sync() { s.advanceTo(s.clk.Now().UnixMilli()) }

// advanceTo handles, in order, every event due at or before t, each at its
// own instant (or now, if it was scheduled in the past), then stands at t.
// The simulation's instant never moves backwards.
func (s *Service) advanceTo(t int64) {
	if s.now == unset {
		s.now = t
	}
	for len(s.agenda) > 0 && s.agenda[0].at <= t {
		it := s.agenda.pop()
		s.now = max(s.now, it.at)
		s.handle(it)
	}
	s.now = max(s.now, t)
}

func (s *Service) handle(it item) {
	c := it.c
	switch it.kind {
	case evAttemptEnd:
		s.endAttempt(c, it.idx)
	case evRetryDue:
		s.retryDue(c, it.idx, it.gen)
	case evWindowStart:
		s.openWindow(c, int(it.idx))
	case evWindowEnd:
		s.closeWindow(c, int(it.idx))
	}
	s.fill(c)
}
