package reports

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
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

// steady writes n results sent at rate per second, each send a millisecond
// early or late in turn, as a real pacer's are.
func steady(t *testing.T, n int, rate float64, lat time.Duration) *Series {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "steady.bin")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := vegeta.NewEncoder(f)
	for i := range n {
		jitter := time.Millisecond
		if i%2 == 0 {
			jitter = -jitter
		}
		if i == 0 {
			jitter = 0
		}
		r := vegeta.Result{Seq: uint64(i), Code: 201, Latency: lat + time.Duration(i%7)*lat/10,
			Timestamp: attackStart.Add(time.Duration(float64(i)/rate*float64(time.Second)) + jitter)}
		if err := enc.Encode(&r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := ReadSeries(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestThroughputOfASteadyRateNeverReadsAboveIt(t *testing.T) {
	for _, tc := range []struct {
		n    int
		rate float64
	}{{61, 20}, {15, 20}, {1001, 100}, {200, 10}} {
		s := steady(t, tc.n, tc.rate, 2*time.Millisecond)
		_, sent, ok := throughputRates(s)
		for i := range sent {
			if math.Abs(sent[i]-tc.rate) > tc.rate*0.01 || ok[i] > sent[i] {
				t.Errorf("%d at %g/s: bucket %d reads %g/s sent, %g/s ok (all %v)", tc.n, tc.rate, i, sent[i], ok[i], sent)
			}
		}
	}
}

func TestTheLatencyLineIsAP99OnlyOverBucketsOfEnoughResults(t *testing.T) {
	for _, tc := range []struct {
		n    int
		rate float64
		top  string
	}{{61, 20, "p99"}, {15, 20, "max"}, {1001, 100, "p99"}, {30, 10, "max"}} {
		s := steady(t, tc.n, tc.rate, 2*time.Millisecond)
		l := latencyLines(s)
		if l.Top != tc.top {
			t.Errorf("%d at %g/s: the top line is the %s per %s, want the %s", tc.n, tc.rate, l.Top, l.Width, tc.top)
		}
		for _, p := range l.Tops {
			if l.Top == "p99" && p.N < MinQuantileN {
				t.Errorf("%d at %g/s: a p99 of %d results at %gs", tc.n, tc.rate, p.N, p.X)
			}
		}
		if svg := PlotLatency(s); !strings.Contains(svg, l.Label(l.Top)) {
			t.Errorf("%d at %g/s: the legend does not name the line %q", tc.n, tc.rate, l.Label(l.Top))
		}
	}
}

func TestALinePointAboveTheAxisIsMarkedWithItsValue(t *testing.T) {
	dir := t.TempDir()
	spiky := attack{file: "spiky.bin", n: 400, rate: 100, lat: 2 * time.Millisecond, codes: []int{200}, spike: 201}
	spiky.write(t, dir)
	s, err := ReadSeries(filepath.Join(dir, spiky.file))
	if err != nil {
		t.Fatal(err)
	}
	l := latencyLines(s)
	_, per := latencyUnit(latencyTop(s, l))
	_, ytop := niceTicks(float64(latencyTop(s, l))/float64(per), 5)
	top := time.Duration(ytop * float64(per))
	var over []linePoint
	for _, p := range l.Tops {
		if p.V > top {
			over = append(over, p)
		}
	}
	if len(over) == 0 {
		t.Fatalf("no line point above the axis at %s: the spike is not clipped", top)
	}
	svg := PlotLatency(s)
	if n := strings.Count(svg, `class="over"`); n != len(over) {
		t.Errorf("%d markers for %d line points above the axis", n, len(over))
	}
	for _, p := range over {
		if !strings.Contains(svg, ">"+shortDuration(p.V)+"</text>") {
			t.Errorf("the p99 of %s above the axis is not written beside its marker", shortDuration(p.V))
		}
	}
}

func TestTheTimeAxisEndsWithTheAttack(t *testing.T) {
	s := steady(t, 61, 20, 2*time.Millisecond)
	for name, svg := range map[string]string{"latency": PlotLatency(s), "throughput": PlotThroughput(s, 20), "status": PlotStatus(s)} {
		if strings.Contains(svg, `class="tick">3.5</text>`) {
			t.Errorf("%s: the time axis of a 3 s attack runs to 3.5 s", name)
		}
	}
}

func TestTheSentLineShowsUnderTheResponsesLine(t *testing.T) {
	svg := PlotThroughput(steady(t, 61, 20, 2*time.Millisecond), 20)
	widths := regexp.MustCompile(`<polyline [^>]*stroke="([^"]+)" stroke-width="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
	if len(widths) != 2 {
		t.Fatalf("%d lines drawn, want sent and ok", len(widths))
	}
	sent, _ := strconv.ParseFloat(widths[0][2], 64)
	ok, _ := strconv.ParseFloat(widths[1][2], 64)
	if widths[0][1] != colourSent || widths[1][1] != colourOK || sent < 3*ok {
		t.Errorf("sent %s %g wide, ok %s %g wide: the sent line must be a band at least 3 times wider, drawn first", widths[0][1], sent, widths[1][1], ok)
	}
}

func TestTheMedianLineRunsWhereTheP99HasTooFewResults(t *testing.T) {
	// 52 results at 20/s: buckets of 1 s hold 20, 20 and 12.
	l := latencyLines(steady(t, 52, 20, 2*time.Millisecond))
	if l.Top != "p99" || len(l.Tops) != 2 || len(l.P50) != 3 {
		t.Errorf("%s over %d buckets, p50 over %d; want the p99 over the 2 full buckets and the p50 over all 3", l.Top, len(l.Tops), len(l.P50))
	}
}
