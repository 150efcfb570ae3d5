package scenarios

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/callharness/callharness/client"
	"github.com/callharness/callharness/clock"
)

// TargetClock tells the target's current instant, in the target's own
// words: from the mock's admin clock when there is an admin token, else
// from the created_at the target stamps on a probe call. It remembers
// every reading, so that the instant at which the target handled a request
// can be bracketed afterwards.
type TargetClock struct {
	admin *client.Admin
	cl    *client.Client
	ids   *IDs
	wall  clock.Clock

	mu      sync.Mutex
	samples []ClockSample
}

// ClockSample is one reading of the target's clock, taken between two wall instants.
type ClockSample struct {
	WallStart, WallEnd time.Time
	Target             time.Time
}

// ErrNoAdmin is returned for what only the mock's admin API can do.
var ErrNoAdmin = errors.New("this needs the mock's admin API (--admin-token)")

// NewTargetClock returns the target's clock; admin may be nil.
func NewTargetClock(cl *client.Client, admin *client.Admin, ids *IDs, wall clock.Clock) *TargetClock {
	return &TargetClock{admin: admin, cl: cl, ids: ids, wall: wall}
}

// CanAdvance reports whether the clock can be moved (the admin API is there).
func (tc *TargetClock) CanAdvance() bool { return tc.admin != nil }

// Now reads the target's clock.
func (tc *TargetClock) Now(ctx context.Context) (time.Time, error) {
	start := tc.wall.Now()
	var t time.Time
	if tc.admin != nil {
		st, err := tc.admin.Clock(ctx)
		if err != nil {
			return time.Time{}, fmt.Errorf("read the target's clock: %w", err)
		}
		t = st.Now.Time
	} else {
		var err error
		if t, err = tc.probe(ctx); err != nil {
			return time.Time{}, err
		}
	}
	tc.record(ClockSample{WallStart: start, WallEnd: tc.wall.Now(), Target: t})
	return t, nil
}

// Advance moves the target's clock forward by d (admin API only).
func (tc *TargetClock) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	if tc.admin == nil {
		return time.Time{}, ErrNoAdmin
	}
	start := tc.wall.Now()
	st, err := tc.admin.Advance(ctx, d)
	if err != nil {
		return time.Time{}, fmt.Errorf("advance the target's clock by %s: %w", d, err)
	}
	tc.record(ClockSample{WallStart: start, WallEnd: tc.wall.Now(), Target: st.Now.Time})
	return st.Now.Time, nil
}

func (tc *TargetClock) record(s ClockSample) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.samples = append(tc.samples, s)
}

// probe creates a one-call campaign a year ahead of the wall clock, reads
// the created_at of its call and deletes the call again.
func (tc *TargetClock) probe(ctx context.Context) (time.Time, error) {
	phone, err := tc.ids.Phone(0)
	if err != nil {
		return time.Time{}, err
	}
	start := tc.wall.Now().Add(365 * 24 * time.Hour).Truncate(time.Second)
	req := NewCampaign(tc.ids.Name("clock-probe", 0), Window{start, start.Add(time.Hour)}, Records([]string{phone}))
	created, _, err := tc.cl.CreateCampaign(ctx, req)
	if err != nil {
		return time.Time{}, fmt.Errorf("probe the target's clock: %w", err)
	}
	page, _, err := tc.cl.ListCalls(ctx, created.CallCampaignUUID, client.Page{Page: 1, Size: 1})
	if err != nil {
		return time.Time{}, fmt.Errorf("probe the target's clock: %w", err)
	}
	if len(page.Calls) != 1 {
		return time.Time{}, fmt.Errorf("probe the target's clock: campaign %s lists %d calls, want 1", created.CallCampaignUUID, len(page.Calls))
	}
	c := page.Calls[0]
	if _, _, err := tc.cl.DeleteCall(ctx, created.CallCampaignUUID, c.UUID); err != nil && !isStatus(err, http.StatusNotFound, http.StatusConflict) {
		return time.Time{}, fmt.Errorf("probe the target's clock: %w", err)
	}
	return c.CreatedAt.Time, nil
}

// Samples returns the readings so far, in the order they were taken.
func (tc *TargetClock) Samples() []ClockSample {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	out := append([]ClockSample(nil), tc.samples...)
	sort.Slice(out, func(i, j int) bool { return out[i].WallStart.Before(out[j].WallStart) })
	return out
}

// Latest bounds the target's clock when it handled a request that was in
// flight until wallEnd: no later than the first reading taken after wallEnd.
// Without such a reading it extrapolates from the last two readings, adding
// slack, and says so with exact = false.
func (tc *TargetClock) Latest(wallEnd time.Time, slack time.Duration) (t time.Time, exact bool, ok bool) {
	samples := tc.Samples()
	for _, s := range samples {
		if !s.WallStart.Before(wallEnd) {
			return s.Target, true, true
		}
	}
	if len(samples) < 2 {
		return time.Time{}, false, false
	}
	a, b := samples[0], samples[len(samples)-1]
	wallSpan := b.WallEnd.Sub(a.WallStart).Seconds()
	if wallSpan <= 0 {
		return time.Time{}, false, false
	}
	factor := b.Target.Sub(a.Target).Seconds() / wallSpan
	est := b.Target.Add(time.Duration(factor * float64(wallEnd.Sub(b.WallStart))))
	return est.Add(slack), false, true
}

// Factor estimates how many target seconds pass per wall second, from the
// first and last readings; 0 when there are not two.
func (tc *TargetClock) Factor() float64 {
	samples := tc.Samples()
	if len(samples) < 2 {
		return 0
	}
	a, b := samples[0], samples[len(samples)-1]
	w := b.WallEnd.Sub(a.WallStart).Seconds()
	if w <= 0 {
		return 0
	}
	return b.Target.Sub(a.Target).Seconds() / w
}
