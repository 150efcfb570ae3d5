package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
	"github.com/callharness/callharness/spec"
)

// Env is what a scenario works with: the target, its clients, the run's
// knobs and identifiers, and where it writes its facts.
type Env struct {
	Scenario  string
	Target    string
	APIKey    string
	Client    *client.Client
	Admin     *client.Admin // nil without an admin token
	Knobs     Knobs
	IDs       *IDs
	Clock     *TargetClock
	Validator *spec.Validator // nil when openapi.yaml could not be loaded
	Log       *slog.Logger
	// Rate is this shard's requested rate per second, 0 at maximum rate;
	// Duration the attack's length.
	Rate     float64
	Duration time.Duration
	// MaxBody is how many bytes of each answer's body the attack keeps (-1: all).
	MaxBody int64

	mu    sync.Mutex
	rng   *rand.Rand
	facts map[string]string
}

// Fact records a named measurement of the scenario for the summary.
func (e *Env) Fact(name, format string, args ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.facts == nil {
		e.facts = map[string]string{}
	}
	e.facts[name] = fmt.Sprintf(format, args...)
}

// Intn returns a seeded pseudo-random number in [0, n); safe for concurrent use.
func (e *Env) Intn(n int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rng.IntN(n)
}

// sized is how many items an attack that sends per requests for each one
// works through: as many as the rate and the duration allow, from 1 up to
// limit; limit at maximum rate, which has no rate to size them by.
func (e *Env) sized(per, limit int) int {
	if e.Rate <= 0 {
		return limit
	}
	return min(max(int(e.Rate*e.Duration.Seconds()/float64(per)), 1), limit)
}

// Request returns a vegeta target for a request of method to path (already
// escaped, relative to the target) with a JSON body when body is not nil.
func (e *Env) Request(method, path string, body any) (vegeta.Target, error) {
	t := vegeta.Target{Method: method, URL: e.Client.BaseURL() + path, Header: http.Header{}}
	t.Header.Set(api.HeaderAPIKey, e.APIKey)
	t.Header.Set("Accept", "application/json")
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return t, fmt.Errorf("encode %s %s body: %w", method, path, err)
		}
		t.Body = b
		t.Header.Set("Content-Type", "application/json")
	}
	return t, nil
}

// Record returns a call record for phone as every scenario sends it.
func Record(phone string) api.CallRecord {
	return api.CallRecord{
		PhoneNumber: phone,
		Language:    "EN",
		GenderVoice: "female",
		AgentName:   "callharness_load",
		Variables:   json.RawMessage(`{"client_name":"Load Test","debt_amount":1000}`),
	}
}

// Records returns call records for phones.
func Records(phones []string) []api.CallRecord {
	out := make([]api.CallRecord, len(phones))
	for i, p := range phones {
		out[i] = Record(p)
	}
	return out
}

// Window is a campaign's dialing window.
type Window struct{ Start, End time.Time }

// FutureWindow is a one-hour window Knobs.WindowLead after the target's
// current instant, so that nothing created in it is dialled during the run.
func (e *Env) FutureWindow(ctx context.Context) (Window, error) {
	now, err := e.Clock.Now(ctx)
	if err != nil {
		return Window{}, err
	}
	start := now.Add(e.Knobs.WindowLead).Truncate(time.Second)
	return Window{Start: start, End: start.Add(time.Hour)}, nil
}

// NewCampaign returns a create request for a campaign named name in w.
func NewCampaign(name string, w Window, recs []api.CallRecord) api.CreateCampaignRequest {
	if recs == nil {
		recs = []api.CallRecord{}
	}
	return api.CreateCampaignRequest{
		CallCampaignName: name,
		StartAt:          w.Start.UTC().Format(api.TimeLayout),
		EndAt:            w.End.UTC().Format(api.TimeLayout),
		CallRecords:      recs,
	}
}

// intPtr and boolPtr fill a create request's optional settings.
func intPtr(v int) *int    { return &v }
func boolPtr(v bool) *bool { return &v }

// CleanupCampaigns removes what the scenario created in campaigns: with the
// admin API it cancels each campaign; otherwise it deletes every call that
// is still listed (pending ones go; others answer 409 and stay).
func (e *Env) CleanupCampaigns(ctx context.Context, campaigns []string) error {
	if e.Knobs.NoCleanup {
		return nil
	}
	var firstErr error
	note := func(err error) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	work := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range cleanupWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				err := e.cleanupCampaign(ctx, id)
				mu.Lock()
				note(err)
				mu.Unlock()
			}
		}()
	}
	for _, id := range campaigns {
		select {
		case work <- id:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	return firstErr
}

const cleanupWorkers = 8

func (e *Env) cleanupCampaign(ctx context.Context, id string) error {
	if e.Admin != nil {
		_, err := e.Admin.Cancel(ctx, id)
		if se, ok := err.(*client.StatusError); ok && se.Exchange.Status == http.StatusConflict {
			return nil // already ended
		}
		return err
	}
	calls, _, err := e.Client.AllCalls(ctx, id, 100, maxWalkPages)
	if err != nil {
		return fmt.Errorf("clean up campaign %s: %w", id, err)
	}
	for _, c := range calls {
		if c.Status != api.CallPending {
			continue
		}
		if _, _, err := e.Client.DeleteCall(ctx, id, c.UUID); err != nil && !isStatus(err, http.StatusNotFound, http.StatusConflict) {
			return fmt.Errorf("clean up campaign %s: %w", id, err)
		}
	}
	return nil
}

// maxWalkPages bounds every walk of a listing.
const maxWalkPages = 10_000

// isStatus reports whether err is a StatusError with one of codes.
func isStatus(err error, codes ...int) bool {
	se, ok := err.(*client.StatusError)
	if !ok {
		return false
	}
	for _, c := range codes {
		if se.Exchange.Status == c {
			return true
		}
	}
	return false
}
