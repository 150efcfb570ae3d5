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
	verdicts := make([]string, len(sum.Scenarios))
	for i, sc := range sum.Scenarios {
		verdicts[i] = sc.Verdict
	}
	return phaseOf(verdicts), nil
}

// phaseOf is the load phase of scenarios with these verdicts: failed when
// one failed, incomplete (Error) when one could not be judged, as a
// scenario cut short by the run's timeout is, and passed otherwise.
func phaseOf(verdicts []string) Phase {
	var pass, fail, unjudged int
	for _, v := range verdicts {
		switch v {
		case scenarios.VerdictPass:
			pass++
		case scenarios.VerdictFail:
			fail++
		default:
			unjudged++
		}
	}
	noun := "scenarios"
	if len(verdicts) == 1 {
		noun = "scenario"
	}
	ph := Phase{Verdict: reports.Pass,
		Detail: fmt.Sprintf("%d %s: %d passed, %d failed, %d not judged", len(verdicts), noun, pass, fail, unjudged)}
	switch {
	case fail > 0:
		ph.Verdict = reports.Fail
	case unjudged > 0:
		ph.Verdict = reports.Error
	}
	return ph
}
