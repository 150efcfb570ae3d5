package mockserver

import (
	"fmt"
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

// setLatency puts one fixed latency rule on the create route.
func (h *harness) setLatency(mean string) {
	h.t.Helper()
	r := h.admin(http.MethodPut, api.AdminFaults,
		`{"rules":[{"route":"`+api.RouteCreateCampaign+`","latency":{"distribution":"fixed","mean":"`+mean+`"}}]}`)
	require.Equal(h.t, http.StatusOK, r.status, "%s", r.body)
}

// TestFinding3_LatencyFaultDropsAVanishedClient pins finding 3 of the
// breaker: a create delayed by a latency rule whose client goes away during
// the delay is dropped, not executed for no one.
func TestFinding3_LatencyFaultDropsAVanishedClient(t *testing.T) {
	h := newHarness(t)
	h.setLatency("2s")
	body := fmt.Sprintf(goodCreate, goodRecord)
	conn, err := net.DialTimeout("tcp", h.srv.Listener.Addr().String(), time.Second)
	require.NoError(t, err)
	_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: mock\r\n%s: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		api.RouteCreateCampaign, api.HeaderAPIKey, keyActive, len(body), body)
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, conn.Close())

	var entry api.JournalEntry
	require.Eventually(t, func() bool {
		entries := h.m.journal.List(1)
		if len(entries) == 1 {
			entry = entries[0]
		}
		return len(entries) == 1
	}, 4*time.Second, 20*time.Millisecond, "the request is journaled once it ends")
	assert.Equal(t, 0, entry.Status, "dropped without an answer, not a 201 nobody got")
	assert.Less(t, entry.DurationMS, int64(1500), "dropped when the client went, not after the delay")
	assert.Equal(t, "latency", entry.Fault)
	time.Sleep(100 * time.Millisecond)
	assert.Zero(t, h.m.Service().FirmCampaigns(DemoFirm), "no campaign was created")
}

// TestFinding3_BodyReadAheadOfADelayReachesTheHandler checks that the body read
// ahead of a delay is the body the handler gets, and that one over the
// limit is still a 413.
func TestFinding3_BodyReadAheadOfADelayReachesTheHandler(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.BodyLimit = 4096 })
	h.setLatency("20ms")
	r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, fmt.Sprintf(goodCreate, goodRecord))
	assert.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	assert.Equal(t, "latency", r.header.Get(api.HeaderMockFault))
	big := fmt.Sprintf(goodCreate, goodRecord+fmt.Sprintf(`,{"phone_number":"77012345679","language":"RU","gender_voice":"male","agent_name":"%0*d"}`, 5000, 0))
	r = h.send(http.MethodPost, api.RouteCreateCampaign, keyActive, "application/json", io.MultiReader(strings.NewReader(big))) // no length: chunked
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status, "%s", r.body)
	assert.Equal(t, 1, h.m.Service().FirmCampaigns(DemoFirm))
}
