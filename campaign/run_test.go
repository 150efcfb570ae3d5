package campaign

import (
	"context"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// peek reads the number of attempts without syncing, as a metrics scrape
// between requests would see them only if Run keeps the simulation going.
func (s *Service) peek() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.campaigns {
		n += c.events.len()
	}
	return n
}

func TestRun_ScaledClockDialsOnItsOwn(t *testing.T) {
	clk := clock.NewSim(clock.Scaled, 3600, t0, nil) // an hour per second
	s := NewService(clk, Options{Seed: 1})
	nc := day(rec(testPhone(1, 0)))
	nc.StartAt, nc.EndAt = t0.Add(time.Minute), t0.Add(time.Hour)
	_, err := s.Create(firmA, nc)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	assert.Eventually(t, func() bool { return s.peek() == 1 }, 5*time.Second, 5*time.Millisecond)
	cancel()
	<-done
}

func TestRun_ManualClockFollowsMoves(t *testing.T) {
	clk := clock.NewManual(t0)
	s := NewService(clk, Options{Seed: 1})
	resp, err := s.Create(firmA, day(rec(testPhone(1, 0))))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	_, err = clk.Advance(time.Hour)
	require.NoError(t, err)
	assert.Eventually(t, func() bool { return s.peek() == 1 }, 5*time.Second, 5*time.Millisecond)
	cancel()
	<-done
	d, err := s.Details(firmA, mustUUID(resp.CallCampaignUUID), DetailsQuery{Page: 1, Size: 1})
	require.NoError(t, err)
	assert.Equal(t, api.CampaignProcessing, d.CallCampaignStatus)
}
