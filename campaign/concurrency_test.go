package campaign

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrent_NoRecordLost appends, deletes, reads and moves the clock
// from many goroutines at once: the total is exactly what the acknowledged
// requests say, and no call is deleted twice.
func TestConcurrent_NoRecordLost(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(200)...)
	nc.Speed, nc.Retry, nc.RetryInterval, nc.AllowDynamicCallAppending = ptr(10), ptr(2), ptr(5), ptr(true)
	resp, err := f.s.Create(firmA, nc)
	require.NoError(t, err)
	id := mustUUID(resp.CallCampaignUUID)
	f.advance(time.Hour) // running: appends need allow_dynamic_call_appending

	var added, deletedN atomic.Int64
	var mu sync.Mutex
	deleted := map[string]int{}
	var wg, bg sync.WaitGroup // writers, and readers that run until they stop
	stop := make(chan struct{})
	for w := range 4 {
		wg.Go(func() {
			for b := range 25 {
				batch := make([]Record, 8)
				for i := range batch {
					batch[i] = rec(phone(1000 + w*1000 + b*8 + i))
				}
				r, err := f.s.Append(firmA, id, batch)
				if assert.NoError(t, err) {
					added.Add(int64(r.AddedCount))
				}
			}
		})
	}
	for w := range 4 {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(w), 1))
			for range 150 {
				l, err := f.s.ListCalls(firmA, id, 1+rnd.IntN(5), 50)
				if !assert.NoError(t, err) || len(l.Calls) == 0 {
					continue
				}
				c := l.Calls[rnd.IntN(len(l.Calls))]
				err = f.s.DeleteCall(firmA, id, mustUUID(c.UUID))
				switch {
				case err == nil:
					deletedN.Add(1)
					mu.Lock()
					deleted[c.UUID]++
					mu.Unlock()
				case errors.Is(err, ErrCallNotFound), errors.Is(err, ErrCallInProgress), errors.Is(err, ErrCallNotPending):
				default:
					t.Errorf("delete: %v", err)
				}
			}
		})
	}
	for w := range 2 {
		bg.Go(func() {
			for q := 0; ; q++ {
				select {
				case <-stop:
					return
				default:
				}
				_, err := f.s.Details(firmA, id, DetailsQuery{Page: 1 + q%3, Size: 20, CallStatus: []string{"", "NO_ANSWER"}[w]})
				assert.NoError(t, err)
				f.s.Stats()
			}
		})
	}
	bg.Go(func() {
		// At most 2000 steps of 7 s (under 4 h): the window (9 h) stays open
		// however fast this goroutine runs, so appends are never refused.
		for range 2000 {
			select {
			case <-stop:
				return
			default:
			}
			_, _ = f.clk.Advance(7 * time.Second)
			f.s.Sync()
		}
	})
	wg.Wait()
	close(stop)
	bg.Wait()

	for u, n := range deleted {
		assert.Equal(t, 1, n, "call %s deleted %d times", u, n)
	}
	calls := f.calls(id)
	assert.Equal(t, 200+int(added.Load())-int(deletedN.Load()), len(calls))
	seen := map[string]bool{}
	for _, c := range calls {
		assert.False(t, seen[c.UUID], "listed twice")
		seen[c.UUID] = true
		assert.Zero(t, deleted[c.UUID], "a deleted call is listed")
	}
	assert.NoError(t, f.s.checkInvariants())
}

// TestConcurrent_DeleteRace has eight goroutines delete the same pending
// calls, by uuid and by number: exactly one of them succeeds for each call.
func TestConcurrent_DeleteRace(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(recs(400)...))
	calls := f.calls(id)
	var mu sync.Mutex
	wins := map[string]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(w), 2))
			for _, k := range rnd.Perm(len(calls)) {
				c := calls[k]
				var got []string
				if rnd.IntN(2) == 0 {
					if err := f.s.DeleteCall(firmA, id, mustUUID(c.UUID)); err == nil {
						got = []string{c.UUID}
					} else if !errors.Is(err, ErrCallNotFound) {
						t.Errorf("delete: %v", err)
					}
				} else {
					us, err := f.s.DeleteByPhone(firmA, id, c.PhoneNumber)
					if err != nil && !errors.Is(err, ErrPhoneNotFound) {
						t.Errorf("delete by phone: %v", err)
					}
					for _, u := range us {
						got = append(got, u.String())
					}
				}
				mu.Lock()
				for _, u := range got {
					wins[u]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Len(t, wins, len(calls))
	for u, n := range wins {
		assert.Equal(t, 1, n, fmt.Sprintf("call %s", u))
	}
	assert.Empty(t, f.calls(id))
	assert.NoError(t, f.s.checkInvariants())
}
