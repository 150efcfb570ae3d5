package mockserver

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentAppendsDeletesAndReadsOverHTTP: appends, deletes and reads
// of one campaign at once lose no record and never delete a call twice.
func TestConcurrentAppendsDeletesAndReadsOverHTTP(t *testing.T) {
	h := newHarness(t)
	id := h.create(campaignBody(5, 10))
	const writers, appends, perAppend = 4, 10, 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for a := range appends {
				recs := make([]map[string]any, perAppend)
				for i := range recs {
					recs[i] = record(fmt.Sprintf("77%d%02d%02d00111", w, a, i))
				}
				r := h.do(http.MethodPut, campaignPath(id, "/phone-number"), keyActive, map[string]any{"call_records": recs})
				assert.Equal(t, http.StatusOK, r.status, "%s", r.body)
			}
		})
	}
	var deleted atomic.Int64
	seen := sync.Map{}
	for range 4 {
		wg.Go(func() {
			for range 15 {
				for _, c := range h.calls(id) {
					r := h.do(http.MethodDelete, campaignPath(id, "/call/"+c.UUID), keyActive, nil)
					switch r.status {
					case http.StatusOK:
						deleted.Add(1)
						_, twice := seen.LoadOrStore(c.UUID, true)
						assert.False(t, twice, "call %s deleted twice", c.UUID)
					case http.StatusNotFound:
					default:
						t.Errorf("delete: %d %s", r.status, r.body)
					}
				}
			}
		})
	}
	wg.Go(func() {
		for range 30 {
			r := h.do(http.MethodGet, campaignPath(id, "/details"), keyActive, nil)
			assert.Equal(t, http.StatusOK, r.status)
		}
	})
	wg.Wait()
	remaining := len(h.calls(id))
	require.Equal(t, writers*appends*perAppend, remaining+int(deleted.Load()), "no record lost")
	d, _ := h.events(id)
	assert.Equal(t, api.CampaignProcessing, d.CallCampaignStatus)
	t.Logf("%d appended, %d deleted, %d remain", writers*appends*perAppend, deleted.Load(), remaining)
}
