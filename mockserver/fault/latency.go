package fault

import (
	"math"
	"math/rand/v2"
	"time"
)

// dist is a compiled latency distribution. Every sample is clamped to
// [min, max]; max defaults to the injector's latency ceiling.
type dist struct {
	kind         string
	mean, stddev time.Duration
	min, max     time.Duration
}

// sample draws one delay. It takes exactly as many values from rng for a
// given distribution every time, so a seed gives one sequence.
func (d *dist) sample(rng *rand.Rand) time.Duration {
	var v float64
	switch d.kind {
	case DistFixed:
		v = float64(d.mean)
	case DistUniform:
		v = float64(d.min) + rng.Float64()*float64(d.max-d.min)
	case DistNormal:
		v = float64(d.mean) + rng.NormFloat64()*float64(d.stddev)
	case DistLognormal:
		// mean and stddev are those of the delay itself, not of its log.
		m, s := float64(d.mean), float64(d.stddev)
		sigma2 := math.Log1p((s / m) * (s / m))
		mu := math.Log(m) - sigma2/2
		v = math.Exp(mu + math.Sqrt(sigma2)*rng.NormFloat64())
	}
	switch {
	case math.IsNaN(v) || v < float64(d.min):
		return d.min
	case v > float64(d.max):
		return d.max
	}
	return time.Duration(v)
}

// newRand returns the random stream of rule i under seed: each rule has its
// own, so traffic on one route does not shift the faults of another.
func newRand(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15^uint64(i)))
}
