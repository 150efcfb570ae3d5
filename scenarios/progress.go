package scenarios

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints one live line per attack on a terminal: elapsed time,
// the achieved rate against the requested one (or the workers of a
// maximum-rate run), requests and errors. It redraws every interval.
type progress struct {
	w        io.Writer
	interval time.Duration
	mu       sync.Mutex
	col      *collector
	name     string
	start    time.Time
	stop     chan struct{}
	done     chan struct{}
}

func newProgress(w io.Writer) *progress {
	if w == nil {
		return nil
	}
	return &progress{w: w, interval: 500 * time.Millisecond}
}

// watch starts drawing the line for the attack measured by col.
func (p *progress) watch(name string, col *collector) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.col, p.name, p.start = col, name, col.start
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	p.mu.Unlock()
	go func() {
		defer close(p.done)
		t := time.NewTicker(p.interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				p.draw(true)
				return
			case <-t.C:
				p.draw(false)
			}
		}
	}()
}

// end draws the final line and stops.
func (p *progress) end() {
	if p == nil || p.stop == nil {
		return
	}
	close(p.stop)
	<-p.done
	p.stop = nil
}

func (p *progress) draw(final bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	elapsed := time.Since(p.start)
	n, e := p.col.requests.Load(), p.col.errors.Load()
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(n) / s
	}
	end := ""
	if final {
		end = "\n"
	}
	fmt.Fprintf(p.w, "\r\033[K%-18s %6.1fs  %7.1f req/s %-19s  %7d requests  %5d errors%s", p.name, elapsed.Seconds(), rate,
		paceText(p.col.sched, elapsed), n, e, end)
}

// paceText is what the achieved rate is measured against at elapsed:
// "of 50.0/s", or "(max, 8 workers)" at maximum rate.
func paceText(s Schedule, elapsed time.Duration) string {
	if w, ok := isMaxRate(s); ok {
		return "(max, " + workersText(w) + ")"
	}
	return fmt.Sprintf("of %.1f/s", s.Rate(elapsed))
}
