package scenarios

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/mockserver"
)

const (
	testKey   = "load-test-key"
	testToken = "load-test-admin-token"
)

// target is a mock behind a loopback server, optionally wrapped by a defect.
type target struct {
	url   string
	mock  *mockserver.Mock
	token string
}

// startMock starts the in-process mock on the given clock ("real",
// "manual", "scaled:N"), with its dialer running, behind wrap when not nil.
func startMock(t testing.TB, clk string, wrap func(http.Handler) http.Handler) target {
	t.Helper()
	cfg := mockserver.DefaultConfig()
	cfg.Clock = clk
	cfg.APIKeys = []string{testKey}
	cfg.AdminToken = testToken
	cfg.Seed = 7
	m, err := mockserver.New(cfg, nil)
	require.NoError(t, err)
	h := m.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Service().Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		srv.Close()
	})
	return target{url: srv.URL, mock: m, token: testToken}
}

// testOptions are short, bounded options against tgt.
func testOptions(tgt target, scenario string) Options {
	return Options{
		Target: tgt.url, APIKey: testKey, AdminToken: tgt.token, Scenarios: []string{scenario},
		Rate: 40, Duration: time.Second, Seed: 42,
		Attack: AttackConfig{Timeout: 5 * time.Second},
		Knobs:  Knobs{Calls: 40, Numbers: 30, DialerTimeout: 20 * time.Second, Step: 30 * time.Second},
	}
}

// runOne runs one scenario and returns its summary.
func runOne(t testing.TB, o Options) ScenarioSummary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	sum, err := Run(ctx, o)
	require.NoError(t, err)
	require.Len(t, sum.Scenarios, 1)
	return sum.Scenarios[0]
}

func verdicts(sc ScenarioSummary) map[string]string {
	out := map[string]string{}
	for _, inv := range sc.Invariants {
		out[inv.Name] = inv.Verdict
	}
	return out
}
