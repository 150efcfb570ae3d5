package reports

import (
	"math"
	"testing"
	"time"
)

func TestNiceTicksAreRoundAndCoverTheRange(t *testing.T) {
	for _, tc := range []struct {
		hi   float64
		n    int
		top  float64
		step float64
	}{
		{3.05, 8, 3.5, 0.5},
		{22, 5, 25, 5},
		{0.0123, 5, 0.0125, 0.0025},
		{1500, 5, 1500, 500},
		{0, 5, 1, 0.2},
	} {
		ticks, top := niceTicks(tc.hi, tc.n)
		if math.Abs(top-tc.top) > 1e-9 || math.Abs(ticks[1]-ticks[0]-tc.step) > 1e-9 || top < tc.hi {
			t.Errorf("niceTicks(%g, %d) = %v, top %g; want step %g, top %g", tc.hi, tc.n, ticks, top, tc.step, tc.top)
		}
	}
}

func TestBucketWidthKeepsBucketsFewAndRound(t *testing.T) {
	for _, tc := range []struct {
		span time.Duration
		want int
		w    time.Duration
	}{
		{3 * time.Second, 6, 500 * time.Millisecond},
		{3 * time.Second, 40, 100 * time.Millisecond},
		{10 * time.Minute, 40, 15 * time.Second},
	} {
		if got := bucketWidth(tc.span, tc.want); got != tc.w {
			t.Errorf("bucketWidth(%s, %d) = %s, want %s", tc.span, tc.want, got, tc.w)
		}
	}
}

func TestPlotsOfAnEmptySeriesAreEmpty(t *testing.T) {
	if PlotLatency(&Series{}) != "" || PlotThroughput(nil, 10) != "" || PlotStatus(&Series{}) != "" {
		t.Error("a series without results drew a plot")
	}
}
