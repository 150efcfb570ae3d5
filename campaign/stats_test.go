package campaign

import (
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
)

func TestStats_CountsAndCumulativeAttempts(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(30)...)
	nc.Speed, nc.Retry = ptr(3), ptr(1)
	id := f.create(nc)
	f.create(day())
	f.advance(time.Hour + time.Second)
	st := f.s.Stats()
	assert.Equal(t, 3, st.CallsInProgress)
	assert.Equal(t, 3, st.CallsByStatus[api.CallInProgress])
	assert.Equal(t, 2, st.CampaignsByStatus[api.CampaignProcessing])
	assert.Len(t, st.CampaignsByStatus, 5, "every status has a key")
	assert.Len(t, st.CallsByStatus, 8)
	f.advance(12 * time.Hour)
	st = f.s.Stats()
	sum := 0
	for _, n := range st.CallsByStatus {
		sum += n
	}
	assert.Equal(t, 30, sum)
	attempts := 0
	for _, n := range st.AttemptsByOutcome {
		attempts += n
	}
	byResult := 0
	for _, n := range st.AttemptsByResult {
		byResult += n
	}
	assert.Equal(t, len(f.events(id, DetailsQuery{})), attempts)
	assert.Equal(t, attempts, byResult)
	f.s.Reset()
	st = f.s.Stats()
	assert.Zero(t, st.CampaignsByStatus[api.CampaignCompleted])
	assert.Zero(t, st.CallsByStatus[api.CallCompleted])
	after := 0
	for _, n := range st.AttemptsByOutcome {
		after += n
	}
	assert.Equal(t, attempts, after, "attempt counters are cumulative: they survive a reset")
}
