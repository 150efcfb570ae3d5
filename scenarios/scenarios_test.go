package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScenariosHoldAgainstTheMock runs every scenario of the catalogue
// briefly against the mock and expects each invariant to hold.
func TestScenariosHoldAgainstTheMock(t *testing.T) {
	for _, sc := range Catalogue() {
		t.Run(sc.Name, func(t *testing.T) {
			clk := "real"
			if sc.Dialer {
				clk = "manual"
			}
			tgt := startMock(t, clk, nil)
			got := runOne(t, testOptions(tgt, sc.Name))
			require.Empty(t, got.SkipReason)
			for _, inv := range got.Invariants {
				assert.Equal(t, VerdictPass, inv.Verdict, "%s: %s", inv.Name, inv.Detail)
			}
			assert.Len(t, got.Invariants, len(sc.Invariants))
			assert.Greater(t, got.Metrics.Requests, 0)
			assert.Equal(t, VerdictPass, got.Verdict)
			t.Logf("%s: %d requests, %.1f/s of %.1f/s, p50 %.2fms p99 %.2fms, corrected p99 %.2fms, facts %v",
				sc.Name, got.Metrics.Requests, got.Achieved, got.Rate, got.Metrics.Latency.P50MS, got.Metrics.Latency.P99MS, got.Corrected.P99MS, got.Facts)
		})
	}
}

// Without the admin API the dialer scenarios wait on a scaled clock,
// reading the target's clock from probe calls.
func TestDialerScenariosOnAScaledClockWithoutAdmin(t *testing.T) {
	for _, name := range []string{"dialer-throughput", "delete-vs-dialer"} {
		t.Run(name, func(t *testing.T) {
			tgt := startMock(t, "scaled:1200", nil)
			tgt.token = ""
			got := runOne(t, testOptions(tgt, name))
			require.Empty(t, got.SkipReason)
			for _, inv := range got.Invariants {
				assert.Equal(t, VerdictPass, inv.Verdict, "%s: %s", inv.Name, inv.Detail)
			}
			t.Logf("%s: %v", name, got.Facts)
		})
	}
}
