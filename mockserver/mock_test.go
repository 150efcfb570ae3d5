package mockserver

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serving starts m on a free loopback port and returns its base URL and a
// function that stops it and returns what Serve returned.
func serving(t *testing.T, m *Mock) (string, func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, ln) }()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			t.Fatal("Serve did not return after its context ended")
			return nil
		}
	}
	return "http://" + ln.Addr().String(), stop
}

func TestServeRunsTheDialerAndShutsDownGracefully(t *testing.T) {
	cfg := testConfig()
	cfg.Clock = "scaled:3600" // an hour a second
	m, err := New(cfg, nil)
	require.NoError(t, err)
	base, stop := serving(t, m)

	body := `{"call_campaign_name":"X","start_at":"2026-01-15T08:00:00Z","end_at":"2026-01-15T18:00:00Z","call_records":[` +
		`{"phone_number":"77010000000","language":"RU","gender_voice":"male","agent_name":"a"}]}`
	req, err := http.NewRequest(http.MethodPost, base+api.RouteCreateCampaign, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set(api.HeaderAPIKey, keyActive)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var created api.CreateCampaignResponse
	require.NoError(t, json.NewDecoder(res.Body).Decode(&created))
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)

	// Run drives a scaled clock on its own: the …000 call is answered within
	// simulated minutes, so the campaign completes without anyone asking.
	require.Eventually(t, func() bool {
		st := m.Service().Stats()
		return st.CampaignsByStatus[api.CampaignCompleted] == 1
	}, 10*time.Second, 20*time.Millisecond)

	// A request in flight when shutdown starts is answered.
	slow, err := http.NewRequest(http.MethodGet, base+"/healthz", nil)
	require.NoError(t, err)
	res, err = http.DefaultClient.Do(slow)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()

	require.NoError(t, stop())
	_, err = http.Get(base + "/healthz")
	assert.Error(t, err, "no longer listening")
}

func TestServeReturnsAnErrorWhenTheListenerFails(t *testing.T) {
	m, err := New(testConfig(), nil)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.NoError(t, ln.Close())
	err = m.Serve(context.Background(), ln)
	assert.Error(t, err)
}

func TestJournalHasRouteTemplatesAndFirms(t *testing.T) {
	h := newHarness(t)
	id := h.create(campaignBody(1, 10, record("77012345678")))
	h.do(http.MethodGet, campaignPath(id, "/calls?page=1"), keyActive, nil)
	h.do(http.MethodGet, campaignPath(id, "/calls"), "", nil)
	h.do(http.MethodGet, "/nowhere", keyActive, nil)

	req, err := http.NewRequest(http.MethodGet, h.srv.URL+api.AdminRequests+"?limit=10", nil)
	require.NoError(t, err)
	req.Header.Set(api.HeaderAdminToken, tokenAdmin)
	res, err := h.srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, "%s", raw)
	assert.NotContains(t, string(raw), keyActive)

	var entries []api.JournalEntry
	require.NoError(t, json.Unmarshal(raw, &entries), "%s", raw)
	require.Len(t, entries, 4)
	byRoute := map[string]api.JournalEntry{}
	for _, e := range entries {
		byRoute[e.Route+" "+e.Firm] = e
	}
	list := byRoute[api.RouteListCalls+" "+DemoFirm]
	assert.Equal(t, http.StatusOK, list.Status)
	assert.Equal(t, "page=1", list.Query)
	assert.Equal(t, "2026-01-15T08:00:00.000Z", list.At.String(), "stamped from the mock's clock")
	assert.Equal(t, http.StatusUnauthorized, byRoute[api.RouteListCalls+" "].Status, "no firm without a key")
	assert.Equal(t, http.StatusNotFound, byRoute[routeUnmatched+" "].Status)
	assert.Equal(t, http.StatusCreated, byRoute[api.RouteCreateCampaign+" "+DemoFirm].Status)
}

func TestFaultsAreInjectedInsideTheObserver(t *testing.T) {
	h := newHarness(t)
	req, err := http.NewRequest(http.MethodPut, h.srv.URL+api.AdminFaults,
		strings.NewReader(`{"rules":[{"route":"`+api.RouteListCalls+`","error_rate":1,"error_status":503}]}`))
	require.NoError(t, err)
	req.Header.Set(api.HeaderAdminToken, tokenAdmin)
	req.Header.Set("Content-Type", "application/json")
	res, err := h.srv.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)

	r := h.do(http.MethodGet, campaignPath(newUUID(), "/calls"), keyActive, nil)
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "error", r.header.Get(api.HeaderMockFault))
	logs := h.log.String()
	assert.Contains(t, logs, `"status":503`)
	assert.Contains(t, logs, `"fault":"error"`)
}

func TestResetFaultIsJournalledWithoutAStatus(t *testing.T) {
	h := newHarness(t)
	req, err := http.NewRequest(http.MethodPut, h.srv.URL+api.AdminFaults,
		strings.NewReader(`{"rules":[{"route":"`+api.RouteDetails+`","reset_rate":1}]}`))
	require.NoError(t, err)
	req.Header.Set(api.HeaderAdminToken, tokenAdmin)
	req.Header.Set("Content-Type", "application/json")
	res, err := h.srv.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)

	_, err = h.srv.Client().Get(h.srv.URL + campaignPath(newUUID(), "/details"))
	require.Error(t, err, "the connection is reset")
	// The handler journals the reset after closing the connection, so the
	// client can see the reset before the entry is there.
	var entries []api.JournalEntry
	require.Eventually(t, func() bool {
		entries = h.m.journal.List(1)
		return len(entries) == 1 && entries[0].Route == api.RouteDetails
	}, 5*time.Second, 5*time.Millisecond, "the reset request is journalled")
	assert.Equal(t, 0, entries[0].Status, "no answer was sent")
	assert.Equal(t, "reset", entries[0].Fault)
	assert.Equal(t, api.RouteDetails, entries[0].Route)
}
