package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// Test-number suffixes of DEC-26 the dialer scenarios use.
const (
	suffixAnswered = 0 // answered and informed
	suffixNoAnswer = 1 // no answer, retried
	suffixBusy     = 2 // busy, retried
	suffixLive5m   = 8 // in progress for five simulated minutes, then answered
	dialerWindow   = 8 * time.Hour
	// durationSlack absorbs duration_sec being whole seconds.
	durationSlack = time.Second
)

// dialerCampaign creates a campaign that dials now: its window opens at the
// target's current instant. mix gives the suffix of each of n numbers.
func dialerCampaign(ctx context.Context, env *Env, n int, suffix func(i int) int) (string, Window, map[string]string, error) {
	now, err := env.Clock.Now(ctx)
	if err != nil {
		return "", Window{}, nil, err
	}
	start := now.Truncate(time.Second)
	w := Window{Start: start, End: start.Add(dialerWindow)}
	phones := make([]string, n)
	for i := range phones {
		if phones[i], err = env.IDs.Phone(suffix(i)); err != nil {
			return "", Window{}, nil, err
		}
	}
	req := NewCampaign(env.IDs.Name(env.Scenario, 0), w, Records(phones))
	req.Speed, req.Retry, req.RetryInterval = intPtr(env.Knobs.Speed), intPtr(env.Knobs.Retry), intPtr(env.Knobs.RetryInterval)
	out, _, err := env.Client.CreateCampaign(ctx, req)
	if err != nil {
		return "", Window{}, nil, fmt.Errorf("create the dialer campaign: %w", err)
	}
	calls, _, err := env.Client.AllCalls(ctx, out.CallCampaignUUID, 100, maxWalkPages)
	if err != nil {
		return "", Window{}, nil, err
	}
	byUUID := map[string]string{}
	for _, c := range calls {
		byUUID[c.UUID] = c.PhoneNumber
	}
	return out.CallCampaignUUID, w, byUUID, nil
}

// ended reports whether a campaign status is terminal.
func ended(status string) bool {
	return status == api.CampaignCompleted || status == api.CampaignFailed || status == api.CampaignCanceled
}

// advanceLoop moves the target's clock by step every tick until ctx ends.
func advanceLoop(ctx context.Context, tc *TargetClock, step, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if _, err := tc.Advance(ctx, step); err != nil && ctx.Err() == nil {
				return err
			}
		}
	}
}

// probeLoop reads the target's clock every tick until ctx ends, so that the
// instants of the attack's requests can be bracketed.
func probeLoop(ctx context.Context, tc *TargetClock, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if _, err := tc.Now(ctx); err != nil && ctx.Err() == nil {
				return err
			}
		}
	}
}

// finishCampaign brings a campaign to its end: with the admin API by
// advancing the clock past its window, else by waiting, polling its details,
// for at most the dialer timeout.
func finishCampaign(ctx context.Context, env *Env, id string, w Window) error {
	deadline := time.NewTimer(env.Knobs.DialerTimeout)
	defer deadline.Stop()
	for {
		d, _, err := env.Client.Details(ctx, id, client.DetailsQuery{Page: client.Page{Page: 1, Size: 1}})
		if err != nil {
			return err
		}
		if ended(d.CallCampaignStatus) {
			return nil
		}
		if env.Clock.CanAdvance() {
			now, err := env.Clock.Now(ctx)
			if err != nil {
				return err
			}
			if now.Before(w.End.Add(time.Hour)) {
				if _, err := env.Clock.Advance(ctx, w.End.Add(time.Hour).Sub(now)); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("campaign %s is still %s an hour after its window closed", id, d.CallCampaignStatus)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			return fmt.Errorf("campaign %s did not finish within %s of real time (status %s); give --admin-token, or run the target on a scaled clock",
				id, env.Knobs.DialerTimeout, d.CallCampaignStatus)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// attempt is one call event as the invariants read it.
type attempt struct {
	call       string
	start, end time.Time
	live       bool
	status     string
}

// attemptsOf walks every event of a campaign and groups them by call, in
// order of start.
func attemptsOf(ctx context.Context, env *Env, id string) (map[string][]attempt, []attempt, error) {
	events, _, err := env.Client.AllEvents(ctx, id, client.DetailsQuery{}, 100, maxWalkPages)
	if err != nil {
		return nil, nil, Unjudged(fmt.Errorf("walk the details of %s: %w", id, err))
	}
	byCall := map[string][]attempt{}
	all := make([]attempt, 0, len(events))
	for _, e := range events {
		a := attempt{call: e.CallUUID, start: e.StartedAt.Time, status: e.Status, live: e.DurationSec == nil}
		if e.DurationSec != nil {
			a.end = a.start.Add(time.Duration(*e.DurationSec) * time.Second)
		}
		byCall[e.CallUUID] = append(byCall[e.CallUUID], a)
		all = append(all, a)
	}
	for _, as := range byCall {
		sort.Slice(as, func(i, j int) bool { return as[i].start.Before(as[j].start) })
	}
	return byCall, all, nil
}

// maxConcurrent is the largest number of attempts in progress at one
// instant, each lasting [start, end − slack); live ones last for ever.
func maxConcurrent(all []attempt) (int, time.Time) {
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, a := range all {
		edges = append(edges, edge{a.start, +1})
		if !a.live {
			end := a.end.Add(-durationSlack)
			if end.Before(a.start) {
				end = a.start
			}
			edges = append(edges, edge{end, -1})
		}
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at.Equal(edges[j].at) {
			return edges[i].delta < edges[j].delta // ends before starts at one instant
		}
		return edges[i].at.Before(edges[j].at)
	})
	best, cur, at := 0, 0, time.Time{}
	for _, e := range edges {
		cur += e.delta
		if cur > best {
			best, at = cur, e.at
		}
	}
	return best, at
}

// pollDetails returns a targeter of details polls of campaign id: the
// attempts in progress, and the first page with the campaign's status.
func pollDetails(env *Env, id string) vegeta.Targeter {
	var n int
	var mu = make(chan struct{}, 1)
	return func(t *vegeta.Target) error {
		mu <- struct{}{}
		n++
		k := n
		<-mu
		q := url.Values{"page": {"1"}, "size": {"1"}}
		if k%2 == 0 {
			q.Set("call_status", api.EventInProgress)
		}
		var err error
		*t, err = env.Request(http.MethodGet, client.CampaignPath(id, "details")+"?"+q.Encode(), nil)
		return err
	}
}

// polled is what a details poll said.
type polled struct {
	inProgress bool
	total      int
	status     string
}

func readPoll(r *vegeta.Result) (polled, bool) {
	if r.Code != http.StatusOK {
		return polled{}, false
	}
	var d api.CampaignDetails
	if json.Unmarshal(r.Body, &d) != nil {
		return polled{}, false
	}
	u, _ := url.Parse(r.URL)
	return polled{inProgress: u.Query().Get("call_status") == api.EventInProgress, total: d.Total, status: d.CallCampaignStatus}, true
}
