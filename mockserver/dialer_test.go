package mockserver

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adminAdvance moves the clock through the admin API.
func (h *harness) adminAdvance(by string) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+api.AdminAdvance, strings.NewReader(`{"by":"`+by+`"}`))
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(api.HeaderAdminToken, tokenAdmin)
	res, err := h.srv.Client().Do(req)
	require.NoError(h.t, err)
	res.Body.Close()
	require.Equal(h.t, http.StatusOK, res.StatusCode)
}

// dialerDay runs the issue's campaign through its day over HTTP: 200
// numbers, speed 5, retry 2, retry_interval 30, window 09:00–18:00, and
// returns its details and every one of its events, and the raw pages.
func dialerDay(t *testing.T) (api.CampaignDetails, []api.CallEvent, string) {
	h := newHarness(t)
	recs := make([]map[string]any, 200)
	for i := range recs {
		recs[i] = record(fmt.Sprintf("7701%03d4567", i))
	}
	id := h.create(campaignBody(1, 10, recs...))
	for step := 0; step < 12*4; step++ { // 12 hours in quarter hours
		h.adminAdvance("15m")
		live := 0
		for _, c := range h.calls(id) {
			if c.Status == api.CallInProgress {
				live++
			}
		}
		require.LessOrEqual(t, live, 5, "speed 5: at most 5 calls in progress")
	}
	d, events := h.events(id)
	var raw strings.Builder
	for page := 1; page <= 10; page++ {
		raw.Write(h.do(http.MethodGet, campaignPath(id, fmt.Sprintf("/details?page=%d&size=100", page)), keyActive, nil).body)
	}
	return d, events, raw.String()
}

func TestIssue_DialerDayOverHTTP(t *testing.T) {
	d, events, raw := dialerDay(t)
	assert.Equal(t, api.CampaignCompleted, d.CallCampaignStatus)
	require.NotEmpty(t, events)
	start, end := d.StartAt.Time, d.EndAt.Time

	byCall := map[string][]api.CallEvent{}
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, e := range events {
		require.NotNil(t, e.DurationSec, "every attempt has ended")
		began := e.StartedAt.Time
		assert.False(t, began.Before(start), "no attempt before the window: %s", began)
		assert.True(t, began.Before(end), "no attempt at or after end_at: %s", began)
		finished := began.Add(time.Duration(*e.DurationSec) * time.Second)
		edges = append(edges, edge{began, +1}, edge{finished, -1})
		byCall[e.CallUUID] = append(byCall[e.CallUUID], e)
	}
	assert.Len(t, byCall, 200, "every number was dialed")

	sort.Slice(edges, func(i, j int) bool {
		if !edges[i].at.Equal(edges[j].at) {
			return edges[i].at.Before(edges[j].at)
		}
		return edges[i].delta < edges[j].delta // an end frees its line before a start takes it
	})
	live, peak := 0, 0
	for _, e := range edges {
		live += e.delta
		peak = max(peak, live)
	}
	assert.LessOrEqual(t, peak, 5, "speed 5")

	for call, es := range byCall {
		assert.LessOrEqual(t, len(es), 3, "retry 2: at most 3 attempts (%s)", call)
		sort.Slice(es, func(i, j int) bool { return es[i].StartedAt.Before(es[j].StartedAt.Time) })
		for i := 1; i < len(es); i++ {
			prevEnd := es[i-1].StartedAt.Add(time.Duration(*es[i-1].DurationSec) * time.Second)
			assert.GreaterOrEqual(t, es[i].StartedAt.Sub(prevEnd), 30*time.Minute, "retry_interval 30 (%s)", call)
			assert.NotEqual(t, api.EventCompleted, es[i-1].Status, "an answered call is not retried (%s)", call)
		}
	}
	t.Logf("%d events, peak %d in progress", len(events), peak)

	_, again, rawAgain := dialerDay(t)
	assert.Equal(t, len(events), len(again))
	assert.Equal(t, raw, rawAgain, "same seed, same events, byte for byte")
}
