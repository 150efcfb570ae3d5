// Package clock provides the time sources of callharness. Everything that
// waits or stamps takes a Clock, so a day of dialing can be simulated in
// milliseconds and every test is deterministic.
package clock

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Clock tells the current instant.
type Clock interface {
	Now() time.Time
}

// Mode is how a Sim clock moves on its own.
type Mode int

// The clock modes: real time, N simulated seconds per real second, or still.
const (
	Real Mode = iota
	Scaled
	Manual
)

// String names the mode as the command line spells it.
func (m Mode) String() string {
	switch m {
	case Real:
		return "real"
	case Scaled:
		return "scaled"
	default:
		return "manual"
	}
}

// ParseMode reads "real", "manual" or "scaled:N" and returns the mode and the
// number of simulated seconds per real second (0 for manual).
func ParseMode(s string) (Mode, float64, error) {
	switch {
	case s == "real":
		return Real, 1, nil
	case s == "manual":
		return Manual, 0, nil
	case strings.HasPrefix(s, "scaled:"):
		f, err := strconv.ParseFloat(strings.TrimPrefix(s, "scaled:"), 64)
		if err != nil || f <= 0 || f > 1e7 {
			return 0, 0, fmt.Errorf("clock %q: scaled:N needs a number N between 0 and 10000000", s)
		}
		return Scaled, f, nil
	}
	return 0, 0, fmt.Errorf("clock %q: want real, manual or scaled:N", s)
}

// ErrBackwards is returned when a clock would be moved back in time.
var ErrBackwards = errors.New("clock cannot move backwards")

// Sim is a clock that runs at real speed, at a scaled speed, or not at all,
// and can be advanced or set in every mode. A scaled or real clock runs on
// from the instant it was moved to. It is safe for concurrent use.
type Sim struct {
	mu     sync.Mutex
	mode   Mode
	factor float64          // simulated seconds per real second
	base   time.Time        // simulated instant at anchor
	anchor time.Time        // real instant when base was taken
	real   func() time.Time // the real time source
	moved  chan struct{}    // closed and replaced on every move
}

// NewSim returns a clock in the given mode starting at start. factor is the
// number of simulated seconds per real second (ignored for Real and Manual).
// real is the real time source; nil means time.Now.
func NewSim(mode Mode, factor float64, start time.Time, real func() time.Time) *Sim {
	if real == nil {
		real = time.Now
	}
	switch mode {
	case Real:
		factor = 1
	case Manual:
		factor = 0
	}
	return &Sim{mode: mode, factor: factor, base: start.UTC(), anchor: real(), real: real, moved: make(chan struct{})}
}

// NewManual returns a manual clock standing at start.
func NewManual(start time.Time) *Sim { return NewSim(Manual, 0, start, nil) }

// Now returns the current simulated instant, in UTC.
func (c *Sim) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked()
}

func (c *Sim) nowLocked() time.Time {
	if c.factor == 0 {
		return c.base
	}
	elapsed := c.real().Sub(c.anchor)
	return c.base.Add(time.Duration(float64(elapsed) * c.factor))
}

// Mode returns the clock's mode.
func (c *Sim) Mode() Mode { return c.mode }

// Factor returns the simulated seconds per real second (0 for manual).
func (c *Sim) Factor() float64 { return c.factor }

// Advance moves the clock forward by d and returns the new instant.
func (c *Sim) Advance(d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, ErrBackwards
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rebase(c.nowLocked().Add(d))
	return c.base, nil
}

// Set moves the clock to t, which must not be before the current instant.
func (c *Sim) Set(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.nowLocked()) {
		return ErrBackwards
	}
	c.rebase(t)
	return nil
}

// Reset moves the clock to t, forwards or backwards. It is for a mock whose
// state has been cleared, where no recorded instant can contradict it.
func (c *Sim) Reset(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rebase(t)
}

func (c *Sim) rebase(t time.Time) {
	c.base = t.UTC()
	c.anchor = c.real()
	close(c.moved)
	c.moved = make(chan struct{})
}

// Moved returns a channel that is closed the next time the clock is advanced or set.
func (c *Sim) Moved() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.moved
}

// RealDelay returns how much real time passes before the clock has moved on
// by d of its own, and false if it never will (a manual clock).
func (c *Sim) RealDelay(d time.Duration) (time.Duration, bool) {
	if c.factor == 0 {
		return 0, false
	}
	return time.Duration(float64(d) / c.factor), true
}
