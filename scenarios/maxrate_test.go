package scenarios

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inFlight counts the requests the target is answering at once, and the
// most it ever answered at once; each waits delay first.
type inFlight struct {
	now, most atomic.Int64
	delay     time.Duration
}

func (f *inFlight) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.now.Add(1)
		defer f.now.Add(-1)
		for {
			m := f.most.Load()
			if n <= m || f.most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(f.delay)
		next.ServeHTTP(w, r)
	})
}

// maxRateOptions are the options of a maximum-rate run of list-calls.
func maxRateOptions(tgt target, workers uint64) Options {
	o := testOptions(tgt, "list-calls")
	o.Rate, o.Attack.Workers = 0, workers
	return o
}

// A maximum-rate run is a closed model: never more requests in flight than
// workers, each worker's next request waiting for its answer, so that the
// target's latency bounds the rate. Nothing is scheduled, so nothing is
// late, no rate was asked and none fell short.
func TestMaxRateSendsWithItsWorkersOnly(t *testing.T) {
	f := &inFlight{delay: 5 * time.Millisecond}
	tgt := startMock(t, "real", f.wrap)
	o := maxRateOptions(tgt, 3)
	o.OutDir = t.TempDir()
	var progress bytes.Buffer
	o.Progress = &progress
	reg := prometheus.NewRegistry()
	m, err := NewPromMetrics(reg)
	require.NoError(t, err)
	o.Metrics = m

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	sum, err := Run(ctx, o)
	require.NoError(t, err)
	sc := sum.Scenarios[0]
	require.Equal(t, VerdictPass, sc.Verdict, "%+v", sc)

	assert.LessOrEqual(t, f.most.Load(), int64(3), "a closed model of 3 workers has at most 3 requests in flight")
	assert.Equal(t, int64(3), f.most.Load(), "all 3 workers sent at once")
	// 3 workers, each waiting ≥ 5 ms for its answer: at most 600 a second.
	assert.Greater(t, sc.Achieved, 50.0)
	assert.LessOrEqual(t, sc.Achieved, 600.0)

	assert.Equal(t, uint64(3), sc.Workers)
	assert.Equal(t, uint64(3), sum.Environment.Workers)
	assert.Zero(t, sc.Rate)
	assert.Zero(t, sc.RateRatio)
	assert.False(t, sc.BelowRate)
	assert.Equal(t, "max rate, 3 workers", sc.Schedule)
	assert.Equal(t, sc.Metrics.Latency, sc.Corrected, "nothing is late at maximum rate: corrected latency is the measured latency")

	var table bytes.Buffer
	require.NoError(t, sum.WriteTable(&table))
	assert.Contains(t, table.String(), "list-calls: maximum rate with 3 workers (closed model): achieved ")
	assert.NotContains(t, table.String(), "fell behind")
	row := strings.Fields(strings.Split(table.String(), "\n")[1])
	assert.Equal(t, []string{"list-calls", "max", "–", "PASS"}, []string{row[0], row[3], row[10], row[11]}, "of asked and p99 corr. of %q", row)

	assert.Contains(t, progress.String(), "(max, 3 workers)")

	families, err := reg.Gather()
	require.NoError(t, err)
	gauges := map[string]int{}
	for _, fam := range families {
		gauges[fam.GetName()] = len(fam.GetMetric())
	}
	assert.Equal(t, 1, gauges["callharness_load_max_rate_workers"], "the workers of the max-rate scenario are a gauge")
	assert.Zero(t, gauges["callharness_load_requested_rate"], "no requested rate of a max-rate scenario")
}

// At a rate the workers are only where vegeta starts: an open model adds
// more whenever the target is slow, so requests never wait for answers.
func TestARatedRunIsNotCappedByItsWorkers(t *testing.T) {
	f := &inFlight{delay: 100 * time.Millisecond}
	tgt := startMock(t, "real", f.wrap)
	o := testOptions(tgt, "list-calls")
	o.Rate, o.Attack.Workers = 80, 1
	sc := runOne(t, o)
	require.Equal(t, VerdictPass, sc.Verdict, "%+v", sc)
	assert.Greater(t, f.most.Load(), int64(2), "the open model sent on schedule, not one at a time")
	assert.Zero(t, sc.Workers)
	assert.InDelta(t, 1, sc.RateRatio, 0.1)
}

func TestMaxRateRefusesWhatNeedsARate(t *testing.T) {
	base := Options{Target: "http://127.0.0.1:1", APIKey: "k", Scenarios: []string{"list-calls"}, Duration: time.Second}
	for name, c := range map[string]struct {
		edit func(*Options)
		says string
	}{
		"no workers":         {func(o *Options) {}, "--rate 0 sends at the maximum rate and needs --workers N"},
		"a linear ramp":      {func(o *Options) { o.Attack.Workers, o.Attack.Ramp = 4, Ramp{Kind: "linear"} }, "--ramp linear: a maximum-rate run (--rate 0) has no rate to ramp"},
		"steps":              {func(o *Options) { o.Attack.Workers, o.Attack.Ramp = 4, Ramp{Kind: "steps", Steps: 3} }, "--ramp steps:3"},
		"a rate threshold":   {func(o *Options) { o.Attack.Workers, o.Thresholds = 4, []Threshold{mustThreshold(t, "rate>=95%")} }, `threshold "rate>=95%": a maximum-rate run`},
		"a negative rate":    {func(o *Options) { o.Rate = -5 }, "--rate -5: want requests per second above 0, or 0"},
		"no number":          {func(o *Options) { o.Rate = math.NaN() }, "--rate NaN"},
		"too many workers":   {func(o *Options) { o.Attack.Workers = MaxWorkers + 1 }, "--workers 10001: want 1 to 10000"},
		"a malformed uuid":   {func(o *Options) { o.Rate, o.Knobs.Campaign = 5, "12345" }, `--campaign "12345": want the uuid of an existing campaign`},
		"a uuid in braces":   {func(o *Options) { o.Rate, o.Knobs.Campaign = 5, "{3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f}" }, "--campaign"},
		"a campaign unread":  {func(o *Options) { o.Rate, o.Scenarios, o.Knobs.Campaign = 5, []string{"mixed"}, exampleUUID }, "no scenario of this run reads it"},
		"a page size of 101": {func(o *Options) { o.Rate, o.Knobs.PageSize = 5, 101 }, "list-calls page size 101: want 1 to 100"},
	} {
		t.Run(name, func(t *testing.T) {
			o := base
			c.edit(&o)
			_, err := Run(context.Background(), o)
			require.True(t, errors.Is(err, ErrUsage), "%v", err)
			assert.Contains(t, err.Error(), c.says)
		})
	}
}

// Each shard of a maximum-rate run has its own workers; merged, they add up.
func TestMaxRateShardsMergeTheirWorkers(t *testing.T) {
	tgt := startMock(t, "real", nil)
	root := t.TempDir()
	dirs := []string{filepath.Join(root, "shard-0"), filepath.Join(root, "shard-1")}
	sums := make([]*Summary, len(dirs))
	var wg sync.WaitGroup
	for i := range dirs {
		o := maxRateOptions(tgt, 2)
		o.OutDir, o.Shard, o.Duration = dirs[i], Shard{Index: i, Count: 2}, 500*time.Millisecond
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i], _ = Run(context.Background(), o)
		}()
	}
	wg.Wait()
	requests := 0
	for i, s := range sums {
		require.NotNil(t, s, "shard %d", i)
		require.Equal(t, VerdictPass, s.Verdict, "shard %d: %+v", i, s.Scenarios)
		assert.Equal(t, uint64(2), s.Scenarios[0].Workers, "shard %d keeps its own --workers", i)
		requests += s.Scenarios[0].Metrics.Requests
	}
	m, err := Merge(dirs, filepath.Join(root, "merged"))
	require.NoError(t, err)
	sc := m.Scenarios[0]
	assert.Equal(t, VerdictPass, sc.Verdict)
	assert.Equal(t, requests, sc.Metrics.Requests)
	assert.Equal(t, uint64(4), sc.Workers)
	assert.Equal(t, "2 shards at max rate, 4 workers in all", sc.Schedule)
	assert.Zero(t, sc.Rate)
	assert.False(t, sc.BelowRate)
	assert.Greater(t, sc.Achieved, 0.0)
	assert.Equal(t, sc.Metrics.Latency, sc.Corrected)
}

// The pacer of a maximum-rate run is vegeta's at frequency 0: never wait, never stop.
func TestMaxRatePacesAtOnce(t *testing.T) {
	m := MaxRate{Workers: 8}
	for _, hits := range []uint64{0, 1, 1e6} {
		wait, stop := m.Pace(time.Second, hits)
		assert.Zero(t, wait)
		assert.False(t, stop)
	}
	assert.Zero(t, m.Hits(time.Hour), "no hit is ever due")
	s, err := PacerSpec{Ramp: "constant", Workers: 8}.Schedule()
	require.NoError(t, err)
	assert.Equal(t, m, s, "summary.json's pacer rebuilds the maximum rate")
}

// A scenario whose setup fails at maximum rate is still shown as one: its
// row says "max" and "–", not 0 % of a rate and a corrected latency.
func TestMaxRateSetupFailureIsShownAtMaxRate(t *testing.T) {
	tgt := startMock(t, "manual", nil)
	o := testOptions(tgt, "append-storm")
	o.Rate, o.Attack.Workers = 0, 2
	o.Knobs.Initial = 10_001 // over the mock's records per request (DEC-10): the setup's create is refused
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sum, err := Run(ctx, o)
	require.NoError(t, err)
	require.Len(t, sum.Scenarios, 1)
	sc := sum.Scenarios[0]
	require.Equal(t, VerdictError, sc.Verdict)
	require.Contains(t, sc.SkipReason, "setup")
	assert.EqualValues(t, 2, sc.Workers)
	var table strings.Builder
	require.NoError(t, sum.WriteTable(&table))
	row := strings.Fields(strings.SplitN(table.String(), "\n", 3)[1])
	assert.Equal(t, "append-storm", row[0])
	assert.Equal(t, "max", row[3], table.String())
	assert.NotContains(t, row, "0%", table.String())
}
