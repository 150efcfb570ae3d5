package scenarios

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Every schedule's Intended is the inverse of its Hits.
func TestSchedulesIntendedInvertsHits(t *testing.T) {
	for _, s := range []Schedule{
		Constant{PerSecond: 50},
		Linear{From: 0, To: 100, Over: 10 * time.Second},
		Linear{From: 10, To: 40, Over: 3 * time.Second},
		Steps{To: 60, N: 3, Over: 9 * time.Second},
	} {
		t.Run(s.String(), func(t *testing.T) {
			for n := uint64(0); n < 2000; n += 7 {
				at := s.Intended(n)
				assert.InDelta(t, float64(n), s.Hits(at), 1e-3, "hit %d due at %s", n, at)
			}
		})
	}
}

func TestConstantMatchesVegetaRate(t *testing.T) {
	c := Constant{PerSecond: 20}
	v := vegeta.ConstantPacer{Freq: 20, Per: time.Second}
	assert.Equal(t, v.Rate(0), c.Rate(0))
	assert.Equal(t, 50*time.Millisecond, c.Intended(1))
	assert.Equal(t, time.Second, c.Intended(20))
	wait, stop := c.Pace(0, 0)
	assert.Zero(t, wait)
	assert.False(t, stop)
	wait, _ = c.Pace(10*time.Millisecond, 1)
	assert.Equal(t, 40*time.Millisecond, wait)
	wait, _ = c.Pace(time.Second, 3) // behind: send now
	assert.Zero(t, wait)
}

func TestLinearRampRisesAndHolds(t *testing.T) {
	l := Linear{From: 0, To: 100, Over: 10 * time.Second}
	assert.InDelta(t, 50, l.Rate(5*time.Second), 1e-9)
	assert.InDelta(t, 100, l.Rate(20*time.Second), 1e-9)
	assert.InDelta(t, 500, l.Hits(10*time.Second), 1e-9) // the mean rate over the ramp is half
	assert.InDelta(t, 600, l.Hits(11*time.Second), 1e-9)
}

func TestStepsPacer(t *testing.T) {
	s := Steps{To: 30, N: 3, Over: 3 * time.Second}
	assert.Equal(t, 10.0, s.Rate(0))
	assert.Equal(t, 20.0, s.Rate(1500*time.Millisecond))
	assert.Equal(t, 30.0, s.Rate(10*time.Second))
	assert.InDelta(t, 60, s.Hits(3*time.Second), 1e-9)
	assert.Equal(t, time.Second, s.Intended(10))
	assert.Equal(t, 2*time.Second, s.Intended(30))
	var _ vegeta.Pacer = s
}

func TestParseRamp(t *testing.T) {
	for in, want := range map[string]Ramp{
		"":          {Kind: "constant"},
		"constant":  {Kind: "constant"},
		"linear":    {Kind: "linear"},
		"linear:5":  {Kind: "linear", From: 5},
		"steps":     {Kind: "steps", Steps: 4},
		"steps:10":  {Kind: "steps", Steps: 10},
		" steps:2 ": {Kind: "steps", Steps: 2},
	} {
		got, err := ParseRamp(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"sine", "steps:0", "steps:x", "linear:-1", "constant:3"} {
		_, err := ParseRamp(bad)
		assert.Error(t, err, bad)
	}
	s := Ramp{Kind: "linear", From: 500}.Schedule(100, time.Second)
	assert.Equal(t, 100.0, s.Rate(0), "the start never exceeds the rate")
	assert.False(t, math.IsNaN(s.Hits(time.Second)))
}

// Latency corrected for coordinated omission counts from when a hit was
// due, so a hit sent late by a stalled generator carries its wait.
func TestCorrectedLatency(t *testing.T) {
	start := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	sched := Constant{PerSecond: 10} // hit n due at n × 100 ms
	onTime := &vegeta.Result{Seq: 3, Timestamp: start.Add(300 * time.Millisecond), Latency: 5 * time.Millisecond}
	assert.Equal(t, 5*time.Millisecond, correctedLatency(onTime, start, sched))
	late := &vegeta.Result{Seq: 3, Timestamp: start.Add(800 * time.Millisecond), Latency: 5 * time.Millisecond}
	assert.Equal(t, 505*time.Millisecond, correctedLatency(late, start, sched))
	early := &vegeta.Result{Seq: 3, Timestamp: start.Add(290 * time.Millisecond), Latency: 5 * time.Millisecond}
	assert.Equal(t, 5*time.Millisecond, correctedLatency(early, start, sched), "never less than measured")
}

func TestCollectorRatesAndOperations(t *testing.T) {
	start := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	sched := Constant{PerSecond: 10}
	c := newCollector("x", "http://127.0.0.1:1", start, sched, nil, nil)
	for i := range 10 {
		url := "http://127.0.0.1:1/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6/calls?page=1"
		code := uint16(200)
		if i == 9 {
			code = 500
		}
		// the generator fell behind by 100 ms from hit 5 on
		lag := time.Duration(0)
		if i >= 5 {
			lag = 100 * time.Millisecond
		}
		c.add(&vegeta.Result{Seq: uint64(i), Code: code, Method: "GET", URL: url,
			Timestamp: start.Add(time.Duration(i)*100*time.Millisecond + lag), Latency: 2 * time.Millisecond})
	}
	total, ops := c.finish()
	require.Len(t, ops, 1)
	assert.Equal(t, "listCampaignCalls", ops[0].Operation.ID)
	assert.Equal(t, "/api/v1/call-campaign/{call_campaign_uuid}/calls", ops[0].Operation.Route)
	assert.Equal(t, 10, total.Requests)
	assert.Equal(t, 1, total.Errors)
	assert.InDelta(t, 10.0/11*10, total.RateRatio*10, 0.01) // 10 sent in the time 11 were due
	assert.True(t, total.BelowRate())
	assert.Equal(t, 102*time.Millisecond, total.Corrected.Max)
	assert.Equal(t, 2*time.Millisecond, total.Latency.Max)
}

func TestOperationOf(t *testing.T) {
	base := "http://h:1/prefix"
	id := "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	for _, c := range []struct{ method, path, want string }{
		{"POST", "/api/v1/call-campaign", "createCampaign"},
		{"PUT", "/api/v1/call-campaign/" + id + "/phone-number", "appendPhoneNumbers"},
		{"GET", "/api/v1/call-campaign/" + id + "/calls?page=2", "listCampaignCalls"},
		{"DELETE", "/api/v1/call-campaign/" + id + "/call/" + id, "deleteCall"},
		{"DELETE", "/api/v1/call-campaign/" + id + "/phone-number/77012345678", "deleteCallsByPhoneNumber"},
		{"GET", "/api/v1/call-campaign/" + id + "/details", "getCampaignDetails"},
		{"GET", "/api/v1/call-campaign", "other"},
		{"GET", "/healthz", "other"},
	} {
		assert.Equal(t, c.want, OperationOf(c.method, base+c.path, base).ID, c.path)
	}
}

// The collector remembers each path's operation and counts status codes
// without a string per result; what it reports must not change for that:
// queries do not matter, methods do, and past maxRoutes paths it still
// finds every operation.
func TestCollectorRemembersRoutesAndCountsCodes(t *testing.T) {
	start := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	c := newCollector("x", "http://127.0.0.1:1", start, Constant{PerSecond: 1000}, nil, nil)
	const campaign = "http://127.0.0.1:1/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6"
	send := func(seq int, method, url string, code uint16) Operation {
		return c.add(&vegeta.Result{Seq: uint64(seq), Code: code, Method: method, URL: url,
			Timestamp: start.Add(time.Duration(seq) * time.Millisecond), Latency: time.Millisecond})
	}
	for i := range maxRoutes + 10 {
		assert.Equal(t, "deleteCall", send(i, "DELETE", campaign+"/call/"+uuid.NewString(), 200).ID)
	}
	n := maxRoutes + 10
	assert.Equal(t, "listCampaignCalls", send(n, "GET", campaign+"/calls?page=1", 200).ID)
	assert.Equal(t, "listCampaignCalls", send(n+1, "GET", campaign+"/calls?page=2&size=7", 404).ID)
	assert.Equal(t, OtherOperation.ID, send(n+2, "POST", campaign+"/calls?page=1", 405).ID, "same path, another method")
	assert.Equal(t, "listCampaignCalls", send(n+3, "GET", campaign+"/calls", 200).ID)
	total, ops := c.finish()
	assert.Equal(t, map[string]int{"200": maxRoutes + 12, "404": 1, "405": 1}, total.StatusCodes)
	byID := map[string]OpMeasure{}
	for _, op := range ops {
		byID[op.Operation.ID] = op
	}
	assert.Equal(t, map[string]int{"200": 2, "404": 1}, byID["listCampaignCalls"].StatusCodes)
	assert.Equal(t, map[string]int{"405": 1}, byID[OtherOperation.ID].StatusCodes)
	assert.Equal(t, maxRoutes+10, byID["deleteCall"].Requests)
}
