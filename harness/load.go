package harness

import (
	"context"
	"fmt"

	"github.com/callharness/callharness/reports"
	"github.com/callharness/callharness/scenarios"
)

// Load is the LoadRunner of the load scenarios: it runs them one after the
// other and writes summary.json, summary.txt and one vegeta result file per
// scenario.
func Load(ctx context.Context, t Target, o LoadOptions) (Phase, error) {
	names := o.Scenarios
	if len(names) == 0 {
		names = scenarios.Names()
	}
	var ths []scenarios.Threshold
	for _, expr := range o.Thresholds {
		th, err := scenarios.ParseThreshold(expr)
		if err != nil {
			return Phase{}, fmt.Errorf("threshold %q: %w", expr, err)
		}
		ths = append(ths, th)
	}
	sum, err := scenarios.Run(ctx, scenarios.Options{
		Target: t.URL, APIKey: t.APIKey, AdminToken: t.AdminToken, Scenarios: names,
		Rate: o.Rate, Duration: o.Duration, Thresholds: ths, OutDir: o.Dir, Seed: o.Seed, Progress: o.Progress,
	})
	if err != nil {
		return Phase{Verdict: reports.Error}, err
	}
	ph := Phase{Verdict: reports.Pass}
	failed := 0
	for _, sc := range sum.Scenarios {
		if sc.Verdict != scenarios.VerdictPass {
			failed++
		}
	}
	ph.Detail = fmt.Sprintf("%d scenarios, %d did not pass", len(sum.Scenarios), failed)
	if !sum.Passed() {
		ph.Verdict = reports.Fail
	}
	return ph, nil
}
