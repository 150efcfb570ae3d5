package scenarios

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseThreshold(t *testing.T) {
	cases := []struct {
		expr                 string
		scenario, op, metric string
		cmp                  string
		value                float64
	}{
		{"p99<250ms", "", "", "p99", "<", 0.25},
		{"p95<=100ms", "", "", "p95", "<=", 0.1},
		{"p(99.9) < 1s", "", "", "p99.9", "<", 1},
		{"p90<200", "", "", "p90", "<", 0.2},
		{"errors<0.1%", "", "", "errors", "<", 0.001},
		{"errors<0.001", "", "", "errors", "<", 0.001},
		{"rate>=95%", "", "", "rate", ">=", 0.95},
		{"create-storm:p99<200ms", "create-storm", "", "p99", "<", 0.2},
		{"delete-race/deleteCall:max<=1.5s", "delete-race", "deleteCall", "max", "<=", 1.5},
		{"*/listCampaignCalls:corrected_p99<50ms", "", "listCampaignCalls", "corrected_p99", "<", 0.05},
		{"avg<10ms", "", "", "mean", "<", 0.01},
		{"med!=0", "", "", "p50", "!=", 0},
		{"rps>=40", "", "", "rps", ">=", 40},
		{"requests==100", "", "", "requests", "==", 100},
		{"success>99.9%", "", "", "success", ">", 0.999},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			th, err := ParseThreshold(c.expr)
			require.NoError(t, err)
			assert.Equal(t, c.scenario, th.Scenario)
			assert.Equal(t, c.op, th.Operation)
			assert.Equal(t, c.metric, th.Metric)
			assert.Equal(t, c.cmp, th.Cmp)
			assert.InDelta(t, c.value, th.Value, 1e-12)
		})
	}
}

func TestParseThresholdErrorsSayWhatIsWrong(t *testing.T) {
	cases := map[string]string{
		"p99":                     "no comparison",
		"p99<":                    "no value",
		"p99<fast":                "want a duration",
		"p101<1s":                 "between 0 and 100",
		"latency<1s":              "unknown metric",
		"errors<150%":             "between 0% and 100%",
		"errors<lots":             "percentage",
		"nosuch:p99<1s":           "unknown scenario",
		"create-storm/nope:p99<1": "unknown operation",
		":p99<1s":                 "scope before ':' is empty",
		"corrected_errors<1%":     "latencies only",
		"rps>=many":               "want a number",
		"p99<-5ms":                "negative",
	}
	for expr, want := range cases {
		t.Run(expr, func(t *testing.T) {
			_, err := ParseThreshold(expr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
			assert.Contains(t, err.Error(), expr)
		})
	}
}

func FuzzParseThreshold(f *testing.F) {
	for _, s := range []string{"p99<250ms", "errors<0.1%", "create-storm:p99<200ms", "*/deleteCall:rate>=95%", "p(9", ":<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		th, err := ParseThreshold(s)
		if err == nil && th.Cmp == "" {
			t.Fatalf("%q parsed without a comparison", s)
		}
	})
}

func TestThresholdObservesAndHolds(t *testing.T) {
	var m Measure
	for i := 1; i <= 100; i++ {
		m.Latency.Add(time.Duration(i) * time.Millisecond)
		m.Corrected.Add(time.Duration(2*i) * time.Millisecond)
	}
	m.Requests, m.Errors, m.RateRatio, m.Achieved = 100, 1, 0.97, 48.5
	for expr, want := range map[string]bool{
		"p99<=100ms": true, "p50<40ms": false, "max<=100ms": true, "corrected_max<150ms": false,
		"errors<0.1%": false, "errors<=1%": true, "rate>=95%": true, "rps>=50": false, "requests==100": true,
	} {
		th, err := ParseThreshold(expr)
		require.NoError(t, err)
		v, shown := th.Observe(m)
		assert.Equal(t, want, th.Holds(v), "%s observed %s", expr, shown)
	}
}
