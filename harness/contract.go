package harness

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/callharness/callharness/contract"
	"github.com/callharness/callharness/reports"
)

// Contract is the ContractRunner of the contract suite: it runs the whole
// catalogue and writes contract.json and contract.txt. When the suite cannot start (an
// unreachable target, a refused key) it writes a contract.json that holds
// only the error, so that the report says why.
func Contract(ctx context.Context, t Target, o ContractOptions) (Phase, error) {
	profile, ok := contract.ParseProfile(o.Profile)
	if !ok {
		return Phase{}, fmt.Errorf("unknown profile %q: use documented or strict", o.Profile)
	}
	started := time.Now()
	res, err := contract.Run(ctx, contract.Options{
		Target: t.URL, APIKey: t.APIKey, OtherFirmKey: t.OtherFirmKey, InactiveKey: t.InactiveKey,
		AdminToken: t.AdminToken, Profile: profile, Seed: o.Seed, Progress: o.Progress,
	})
	if err != nil {
		var usage *contract.UsageError
		if !errors.As(err, &usage) {
			err = fmt.Errorf("contract suite: %w", err)
		}
		res = &contract.Result{Tool: "callharness contract", Target: t.URL, Profile: profile, Seed: o.Seed,
			Admin: t.AdminToken != "", Started: started, DurationMS: time.Since(started).Milliseconds(), Error: err.Error()}
		if werr := contract.WriteFile(filepath.Join(o.Dir, reports.FileContract), res, contract.WriteJSON); werr != nil {
			return Phase{}, werr
		}
		return Phase{Verdict: reports.Error}, err
	}
	// contract.json, contract.txt and the suite's own junit.xml, which the
	// harness replaces with the whole run's at the end.
	if err := contract.WriteReportDir(o.Dir, res); err != nil {
		return Phase{}, err
	}
	ph := Phase{Verdict: reports.Pass, Detail: fmt.Sprintf("%d checks: %d passed, %d failed, %d errors, %d warnings, %d skipped",
		res.Counts.Total, res.Counts.Pass, res.Counts.Fail, res.Counts.Error, res.Counts.Warn, res.Counts.Skip)}
	if !res.Passed {
		ph.Verdict = reports.Fail
	}
	return ph, nil
}
