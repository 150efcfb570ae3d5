package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/callharness/callharness/mockserver"
)

// mock is the mock started in-process for a run with no target.
type mock struct {
	target Target
	cancel context.CancelFunc
	done   chan error
}

// DefaultMockClock is the clock of the in-process mock: still, moved only
// by the suite and the scenarios through the admin API, so that a run's
// simulated time depends on what it did and not on how fast the machine
// was. (Calls created at one instant no longer tie in the listing since
// DEC-31 orders them by the request that created them; the contract suite's
// checks at start_at ± 1 s would race a clock that moves on its own.)
const DefaultMockClock = "manual"

// startMock starts the mock on a free loopback port with the given clock.
func startMock(ctx context.Context, seed int64, clk string) (*mock, error) {
	cfg := mockserver.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.Clock = clk
	cfg.Seed = seed
	m, err := mockserver.New(cfg, nil)
	if err != nil {
		return nil, fmt.Errorf("build the mock: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	keys := m.Keys()
	if len(keys.Active) == 0 {
		ln.Close()
		return nil, errors.New("the mock has no active API key")
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	out := &mock{cancel: cancel, done: make(chan error, 1)}
	go func() { out.done <- m.Serve(sctx, ln) }()
	out.target = Target{
		URL: "http://" + ln.Addr().String(), APIKey: keys.Active[0],
		OtherFirmKey: first(keys.OtherFirm), InactiveKey: first(keys.Inactive),
		AdminToken: m.AdminToken(), Mock: true,
	}
	return out, nil
}

// stop shuts the mock down and waits for it, at most 15 s.
func (m *mock) stop() {
	m.cancel()
	select {
	case <-m.done:
	case <-time.After(15 * time.Second):
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
