package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Schedule is an open-model pacer that also knows when each hit was meant
// to be sent, which is what latency corrected for coordinated omission is
// measured from. Hit n (counted from 0) is due Intended(n) after the start.
type Schedule interface {
	vegeta.Pacer
	// Intended is the offset from the attack's start at which hit n is due.
	Intended(n uint64) time.Duration
	// Hits is the number of hits due by elapsed, as a real number.
	Hits(elapsed time.Duration) float64
	// String describes the schedule for people.
	String() string
}

// pace is the Pace of every Schedule: send now when hit n is due, else
// wait until it is. It never stops on its own; the attack's duration does.
func pace(s Schedule, elapsed time.Duration, hits uint64) (time.Duration, bool) {
	due := s.Intended(hits)
	if due == math.MaxInt64 {
		return 0, true
	}
	if elapsed >= due {
		return 0, false
	}
	return due - elapsed, false
}

// Constant sends PerSecond hits per second.
type Constant struct{ PerSecond float64 }

// Pace implements vegeta.Pacer.
func (c Constant) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	return pace(c, elapsed, hits)
}

// Rate implements vegeta.Pacer.
func (c Constant) Rate(time.Duration) float64 { return c.PerSecond }

// Intended implements Schedule.
func (c Constant) Intended(n uint64) time.Duration {
	if c.PerSecond <= 0 {
		return math.MaxInt64
	}
	return seconds(float64(n) / c.PerSecond)
}

// Hits implements Schedule.
func (c Constant) Hits(elapsed time.Duration) float64 { return c.PerSecond * elapsed.Seconds() }

func (c Constant) String() string { return fmt.Sprintf("constant %g/s", c.PerSecond) }

// Linear ramps the rate linearly from From to To hits per second over Over,
// and holds To after that.
type Linear struct {
	From, To float64
	Over     time.Duration
}

// Pace implements vegeta.Pacer.
func (l Linear) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	return pace(l, elapsed, hits)
}

func (l Linear) slope() float64 { return (l.To - l.From) / l.Over.Seconds() }

// Rate implements vegeta.Pacer.
func (l Linear) Rate(elapsed time.Duration) float64 {
	if elapsed >= l.Over {
		return l.To
	}
	return l.From + l.slope()*elapsed.Seconds()
}

// Hits implements Schedule: the integral of the rate.
func (l Linear) Hits(elapsed time.Duration) float64 {
	t := elapsed.Seconds()
	if t <= 0 {
		return 0
	}
	if elapsed >= l.Over {
		T := l.Over.Seconds()
		return (l.From+l.To)/2*T + l.To*(t-T)
	}
	return l.From*t + l.slope()*t*t/2
}

// Intended implements Schedule by solving Hits(t) = n for t.
func (l Linear) Intended(n uint64) time.Duration {
	x := float64(n)
	T := l.Over.Seconds()
	ramp := (l.From + l.To) / 2 * T
	if x >= ramp {
		if l.To <= 0 {
			return math.MaxInt64
		}
		return seconds(T + (x-ramp)/l.To)
	}
	a := l.slope() / 2
	if math.Abs(a) < 1e-12 {
		if l.From <= 0 {
			return math.MaxInt64
		}
		return seconds(x / l.From)
	}
	// a t² + From t − x = 0, the root that is reached first.
	d := l.From*l.From + 4*a*x
	if d < 0 {
		d = 0
	}
	return seconds((-l.From + math.Sqrt(d)) / (2 * a))
}

func (l Linear) String() string {
	return fmt.Sprintf("linear %g/s → %g/s over %s", l.From, l.To, l.Over)
}

// Steps raises the rate in N equal steps to To over Over: step k of N
// (from 1) sends To·k/N hits per second for Over/N, and To after that.
type Steps struct {
	To   float64
	N    int
	Over time.Duration
}

// Pace implements vegeta.Pacer.
func (s Steps) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	return pace(s, elapsed, hits)
}

func (s Steps) stepLen() float64 { return s.Over.Seconds() / float64(s.N) }

func (s Steps) stepRate(k int) float64 { return s.To * float64(k) / float64(s.N) }

// Rate implements vegeta.Pacer.
func (s Steps) Rate(elapsed time.Duration) float64 {
	k := int(elapsed.Seconds()/s.stepLen()) + 1
	if k > s.N {
		k = s.N
	}
	return s.stepRate(k)
}

// Hits implements Schedule.
func (s Steps) Hits(elapsed time.Duration) float64 {
	t, L, h := elapsed.Seconds(), s.stepLen(), 0.0
	for k := 1; k <= s.N && t > 0; k++ {
		d := math.Min(t, L)
		if k == s.N {
			d = t // the last step holds on
		}
		h += s.stepRate(k) * d
		t -= d
	}
	return h
}

// Intended implements Schedule.
func (s Steps) Intended(n uint64) time.Duration {
	x, L, t := float64(n), s.stepLen(), 0.0
	for k := 1; k <= s.N; k++ {
		r := s.stepRate(k)
		if k == s.N || x < r*L {
			if r <= 0 {
				return math.MaxInt64
			}
			return seconds(t + x/r)
		}
		x -= r * L
		t += L
	}
	return math.MaxInt64
}

func (s Steps) String() string {
	return fmt.Sprintf("%d steps to %g/s over %s", s.N, s.To, s.Over)
}

// MaxRate is the closed model of a maximum-rate run (--rate 0): Workers
// workers each send their next request as soon as their last one is
// answered, paced by vegeta's own pacer at frequency 0 (as its CLI's
// -rate=0 -max-workers=N). There is no schedule, so no hit is ever due
// and no hit is late: latency needs no correction, and no rate was asked.
type MaxRate struct{ Workers uint64 }

// Pace implements vegeta.Pacer: vegeta's constant pacer at frequency 0, send at once.
func (MaxRate) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	return vegeta.ConstantPacer{}.Pace(elapsed, hits)
}

// Rate implements vegeta.Pacer: no rate is asked.
func (MaxRate) Rate(time.Duration) float64 { return 0 }

// Intended implements Schedule: no hit is due at any instant.
func (MaxRate) Intended(uint64) time.Duration { return math.MaxInt64 }

// Hits implements Schedule: none are due.
func (MaxRate) Hits(time.Duration) float64 { return 0 }

func (m MaxRate) String() string { return fmt.Sprintf("max rate, %s", workersText(m.Workers)) }

// workersText is "1 worker" or "8 workers".
func workersText(n uint64) string { return plural(n, "worker", "workers") }

// plural is "1 page" or "3 pages".
func plural[N int | uint64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// isMaxRate reports whether s is a maximum-rate run's, and its workers.
func isMaxRate(s Schedule) (uint64, bool) {
	m, ok := s.(MaxRate)
	return m.Workers, ok
}

func seconds(s float64) time.Duration {
	if s*1e9 >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(math.Round(s * 1e9))
}

// Ramp is how the rate rises: "" or "constant", "linear", "linear:FROM"
// (per second) or "steps:N".
type Ramp struct {
	Kind  string  // constant, linear or steps
	From  float64 // linear: the starting rate
	Steps int     // steps: the number of steps
}

// ParseRamp reads the --ramp flag.
func ParseRamp(s string) (Ramp, error) {
	kind, arg, hasArg := strings.Cut(strings.TrimSpace(s), ":")
	switch kind {
	case "", "constant":
		if hasArg {
			return Ramp{}, fmt.Errorf("ramp %q: constant takes no argument", s)
		}
		return Ramp{Kind: "constant"}, nil
	case "linear":
		r := Ramp{Kind: "linear"}
		if hasArg {
			f, err := strconv.ParseFloat(arg, 64)
			if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
				return Ramp{}, fmt.Errorf("ramp %q: linear:FROM needs a starting rate per second ≥ 0, such as linear:5", s)
			}
			r.From = f
		}
		return r, nil
	case "steps":
		r := Ramp{Kind: "steps", Steps: 4}
		if hasArg {
			n, err := strconv.Atoi(arg)
			if err != nil || n < 1 || n > 1000 {
				return Ramp{}, fmt.Errorf("ramp %q: steps:N needs a whole number of steps from 1 to 1000, such as steps:5", s)
			}
			r.Steps = n
		}
		return r, nil
	}
	return Ramp{}, fmt.Errorf("ramp %q: want constant, linear, linear:FROM or steps[:N]", s)
}

// String spells r as the flag takes it.
func (r Ramp) String() string {
	switch r.Kind {
	case "linear":
		if r.From > 0 {
			return "linear:" + strconv.FormatFloat(r.From, 'g', -1, 64)
		}
		return "linear"
	case "steps":
		return "steps:" + strconv.Itoa(r.Steps)
	}
	return "constant"
}

// Schedule returns the schedule of rate per second over d with this ramp.
func (r Ramp) Schedule(rate float64, d time.Duration) Schedule {
	if d <= 0 {
		d = time.Second
	}
	switch r.Kind {
	case "linear":
		return Linear{From: math.Min(r.From, rate), To: rate, Over: d}
	case "steps":
		return Steps{To: rate, N: max(r.Steps, 1), Over: d}
	}
	return Constant{PerSecond: rate}
}

// PacerSpec is a schedule as data, as summary.json records it. A
// maximum-rate run has rate 0 and its workers.
type PacerSpec struct {
	Ramp       string  `json:"ramp"`
	Rate       float64 `json:"rate"`
	DurationMS float64 `json:"duration_ms"`
	Workers    uint64  `json:"workers,omitempty"`
}

// pacerSpec records sched, made by ramp for d, as data.
func pacerSpec(sched Schedule, ramp Ramp, rate float64, d time.Duration) PacerSpec {
	w, _ := isMaxRate(sched)
	return PacerSpec{Ramp: ramp.String(), Rate: rate, DurationMS: msOf(d), Workers: w}
}

// Schedule rebuilds the schedule the spec describes.
func (p PacerSpec) Schedule() (Schedule, error) {
	r, err := ParseRamp(p.Ramp)
	if err != nil {
		return nil, err
	}
	if p.Rate == 0 && p.Workers > 0 {
		return MaxRate{Workers: p.Workers}, nil
	}
	return r.Schedule(p.Rate, time.Duration(p.DurationMS*1e6)), nil
}
