package campaign

// fill starts attempts while the campaign is processing, inside its window,
// has a free dialing slot (speed, DOC) and a call waiting for one.
func (s *Service) fill(c *campaign) {
	if c.status != csProcessing || c.phase != phOpen {
		return
	}
	if s.now < c.windowStart(c.day) || s.now >= c.windowEnd(c.day) {
		return
	}
	for c.counts[stInProgress] < c.speed && c.ready.len() > 0 {
		if i := c.ready.pop(); c.calls.at(i).status == stPending {
			s.startAttempt(c, i)
		}
	}
}

// startAttempt dials call i now; its outcome is drawn at once and shown
// when the attempt ends.
func (s *Service) startAttempt(c *campaign, i int32) {
	cl := c.calls.at(i)
	cl.attempts++
	o := s.mix.draw(s.seed, c.id, cl.id, cl.attempts, cl.forced)
	e := c.events.add(event{
		id: o.id, started: s.now, call: i, next: -1, dur: o.dur,
		fresult: o.fresult, sentiment: o.sentiment, attempt: cl.attempts, live: true,
	})
	if cl.firstEv < 0 {
		cl.firstEv = e
	} else {
		k := cl.firstEv
		for c.events.at(k).next >= 0 {
			k = c.events.at(k).next
		}
		c.events.at(k).next = e
	}
	c.addEvent(e)
	c.setStatus(i, stInProgress)
	c.started = true
	s.schedule(s.now+int64(o.dur)*1000, evAttemptEnd, c, e, 0)
}

// endAttempt finishes attempt e and decides what becomes of its call
// (DEC-20, DEC-23).
func (s *Service) endAttempt(c *campaign, e int32) {
	ev := c.events.at(e)
	ev.live = false
	s.results[ev.fresult]++
	i := ev.call
	cl := c.calls.at(i)
	switch {
	case answered(ev.fresult):
		c.setStatus(i, stCompleted)
	case cl.flags&flNoRetry != 0 || c.status == csCanceled || c.status == csFailed:
		c.setStatus(i, stCanceled)
	case ev.fresult == frInvalid:
		c.setStatus(i, stFailed)
	case int(cl.attempts) > c.retry:
		if ev.fresult == frBusy {
			c.setStatus(i, stBusy)
		} else {
			c.setStatus(i, stNoAnswer)
		}
	case c.phase == phOver:
		c.setStatus(i, stExpired)
	default:
		c.setStatus(i, stPending)
		cl.day = uint8(c.day)
		s.schedule(s.now+c.interval, evRetryDue, c, i, cl.gen)
	}
	s.maybeComplete(c)
}

// retryDue puts a call whose retry interval has passed back in line.
func (s *Service) retryDue(c *campaign, i int32, gen uint32) {
	cl := c.calls.at(i)
	if cl.gen != gen || cl.status != stPending || c.status != csProcessing {
		return
	}
	c.ready.push(i)
}

// openWindow opens the window of day d. Reaching start_at makes a draft
// campaign processing (DEC-37); a window already past never opens (DEC-6).
func (s *Service) openWindow(c *campaign, d int) {
	if c.status == csDraft && d == 0 {
		c.status = csProcessing
	}
	if c.status != csProcessing || d != c.day || s.now >= c.windowEnd(d) {
		return
	}
	c.phase = phOpen
}

// closeWindow closes the window of day d: no attempt starts any more, live
// ones finish, waiting calls expire or move to the next day (DEC-24).
func (s *Service) closeWindow(c *campaign, d int) {
	if c.status != csProcessing || d != c.day {
		return
	}
	c.ended = true
	carry := c.transfer && d+1 <= s.lim.TransferDays
	if c.counts[stPending] > 0 {
		for k := range int32(c.calls.len()) {
			cl := c.calls.at(k)
			if cl.status != stPending {
				continue
			}
			if carry {
				cl.day = uint8(d + 1)
			} else {
				cl.gen++
				c.setStatus(int32(k), stExpired)
			}
		}
	}
	if !carry {
		c.phase = phOver
		c.ready.clear()
		s.maybeComplete(c)
		return
	}
	c.day = d + 1
	c.phase = phWaiting
	s.maybeComplete(c)
	if c.status == csProcessing {
		s.schedule(c.windowStart(d+1), evWindowStart, c, int32(d+1), 0)
		s.schedule(c.windowEnd(d+1), evWindowEnd, c, int32(d+1), 0)
	}
}

// maybeComplete completes a processing campaign whose calls are all
// terminal, either because appending is not allowed and it has a call, or
// because its window has closed with nothing carried over (DEC-38, DEC-19).
func (s *Service) maybeComplete(c *campaign) {
	if c.status != csProcessing || c.counts[stPending] > 0 || c.counts[stInProgress] > 0 {
		return
	}
	if (c.ended && c.phase != phOpen) || (!c.dynamic && c.live() > 0) {
		c.status = csCompleted
		c.ready.clear()
	}
}
