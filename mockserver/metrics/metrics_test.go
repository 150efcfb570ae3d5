package metrics

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestRequestsAreLabelledByRouteTemplate(t *testing.T) {
	m, err := New(prometheus.NewRegistry(), nil)
	require.NoError(t, err)
	raw := "/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6/calls"
	m.ObserveRequest("GET", api.RouteListCalls, 200, 3*time.Millisecond)
	m.ObserveRequest("GET", api.RouteListCalls, 200, 4*time.Millisecond)
	m.ObserveRequest("DELETE", api.RouteDeleteCall, 409, time.Millisecond)
	m.ObserveRequest("GET", raw, 404, time.Millisecond)       // a caller's mistake
	m.ObserveRequest("GET", "/nope?key=secret", 404, 0)       // never a label
	m.ObserveRequest("BREW", api.RouteDetails, 405, 0)        // odd method
	m.ObserveRequest("GET", api.RouteDetails, 0, time.Second) // reset connection
	out := scrape(t, m)

	assert.Contains(t, out, `callharness_mock_http_requests_total{method="GET",route="/api/v1/call-campaign/{call_campaign_uuid}/calls",status="200"} 2`)
	assert.Contains(t, out, `callharness_mock_http_requests_total{method="DELETE",route="/api/v1/call-campaign/{call_campaign_uuid}/call/{call_uuid}",status="409"} 1`)
	assert.Contains(t, out, `callharness_mock_http_requests_total{method="GET",route="unmatched",status="404"} 2`)
	assert.Contains(t, out, `callharness_mock_http_requests_total{method="OTHER",route="/api/v1/call-campaign/{call_campaign_uuid}/details",status="405"} 1`)
	assert.Contains(t, out, `callharness_mock_http_requests_total{method="GET",route="/api/v1/call-campaign/{call_campaign_uuid}/details",status="0"} 1`)
	assert.Contains(t, out, `callharness_mock_http_request_duration_seconds_bucket{method="GET",route="/api/v1/call-campaign/{call_campaign_uuid}/calls",le="0.005"} 2`)
	assert.Contains(t, out, `callharness_mock_http_request_duration_seconds_count{method="GET",route="/api/v1/call-campaign/{call_campaign_uuid}/calls"} 2`)
	assert.Contains(t, out, `le="0.0005"`)
	assert.Contains(t, out, `le="10"`)

	uuidRE := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`)
	assert.False(t, uuidRE.MatchString(out), "a raw URL leaked into the metrics")
	assert.NotContains(t, out, "secret")
	assert.NotContains(t, out, "/nope")
}

func TestExtraRoutes(t *testing.T) {
	m, err := New(prometheus.NewRegistry(), nil, WithRoutes("/healthz"))
	require.NoError(t, err)
	m.ObserveRequest("GET", "/healthz", 200, 0)
	assert.Contains(t, scrape(t, m), `callharness_mock_http_requests_total{method="GET",route="/healthz",status="200"} 1`)
}

func TestGoAndProcessCollectors(t *testing.T) {
	m, err := New(prometheus.NewRegistry(), nil)
	require.NoError(t, err)
	out := scrape(t, m)
	assert.Contains(t, out, "go_goroutines")
	assert.Contains(t, out, "process_start_time_seconds")
}

func TestRegistersOnTheCallersRegistryOnly(t *testing.T) {
	reg := prometheus.NewRegistry()
	_, err := New(reg, nil)
	require.NoError(t, err)
	_, err = New(reg, nil)
	require.Error(t, err, "the same metrics twice on one registry")
	_, err = New(prometheus.NewRegistry(), nil)
	require.NoError(t, err, "no global state")
}

func TestDomainCollectorReadsStatsAtScrapeTime(t *testing.T) {
	stats := campaign.Stats{}
	m, err := New(prometheus.NewRegistry(), func() campaign.Stats { return stats })
	require.NoError(t, err)

	out := scrape(t, m)
	assert.Contains(t, out, `callharness_mock_campaigns{status="DRAFT"} 0`, "known statuses are exported at zero")
	assert.Contains(t, out, `callharness_mock_calls{status="EXPIRED"} 0`)
	assert.Contains(t, out, `callharness_mock_dialer_attempts_total{outcome="VOICEMAIL"} 0`)
	assert.Contains(t, out, "callharness_mock_calls_in_progress 0")
	assert.Contains(t, out, "# TYPE callharness_mock_dialer_attempts_total counter")
	assert.Contains(t, out, "# TYPE callharness_mock_calls_in_progress gauge")

	stats = campaign.Stats{
		CampaignsByStatus: map[string]int{api.CampaignProcessing: 2, api.CampaignCompleted: 1},
		CallsByStatus:     map[string]int{api.CallPending: 10, api.CallInProgress: 3},
		AttemptsByOutcome: map[string]int{api.EventBusy: 4, "SOMETHING_NEW": 1},
		AttemptsByResult:  map[string]int{api.FResultBusy: 4},
		CallsInProgress:   3,
	}
	out = scrape(t, m)
	for _, want := range []string{
		`callharness_mock_campaigns{status="PROCESSING"} 2`,
		`callharness_mock_campaigns{status="COMPLETED"} 1`,
		`callharness_mock_calls{status="PENDING"} 10`,
		`callharness_mock_calls{status="IN_PROGRESS"} 3`,
		`callharness_mock_dialer_attempts_total{outcome="BUSY"} 4`,
		`callharness_mock_dialer_attempts_total{outcome="SOMETHING_NEW"} 1`,
		`callharness_mock_dialer_results_total{fresult="CALL_BUSY"} 4`,
		"callharness_mock_calls_in_progress 3",
	} {
		assert.Contains(t, out, want)
	}
}

func TestStatsCollectorReflectsACreatedCampaign(t *testing.T) {
	start := time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)
	clk := clock.NewManual(start)
	svc := campaign.NewService(clk, campaign.Options{Seed: 1})
	m, err := New(prometheus.NewRegistry(), svc.Stats)
	require.NoError(t, err)

	_, err = svc.Create("demo", campaign.NewCampaign{
		Name: "January Outreach", StartAt: start.Add(time.Hour), EndAt: start.Add(10 * time.Hour),
		Records: []campaign.Record{
			{PhoneNumber: "77012345678", Language: "RU", GenderVoice: "male", AgentName: "sales_agent_v2"},
			{PhoneNumber: "77019876543", Language: "KZ", GenderVoice: "female", AgentName: "sales_agent_v2"},
		},
	})
	require.NoError(t, err)
	out := scrape(t, m)
	assert.Contains(t, out, `callharness_mock_campaigns{status="DRAFT"} 1`)
	assert.Contains(t, out, `callharness_mock_calls{status="PENDING"} 2`)

	// Through its day the dialer finishes attempts; the counters follow.
	_, err = clk.Advance(12 * time.Hour)
	require.NoError(t, err)
	out = scrape(t, m)
	assert.Contains(t, out, `callharness_mock_campaigns{status="COMPLETED"} 1`)
	assert.Contains(t, out, "callharness_mock_calls_in_progress 0")
	total := 0.0
	for _, o := range attemptOutcomes {
		var v float64
		line := regexp.MustCompile(`callharness_mock_dialer_attempts_total\{outcome="` + o + `"\} (\d+)`).FindStringSubmatch(out)
		require.Len(t, line, 2)
		_, _ = fmt.Sscan(line[1], &v)
		total += v
	}
	assert.GreaterOrEqual(t, total, 2.0, "at least one attempt per call")
}
