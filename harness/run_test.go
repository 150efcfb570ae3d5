package harness

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callharness/callharness/reports"
	"github.com/callharness/callharness/scenarios"
)

// TestRunEndToEndAgainstTheMock runs the real suite and every scenario,
// briefly, against the in-process mock, and reads the report back: it pins
// that the files the runners write are the files the report reads.
func TestRunEndToEndAgainstTheMock(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite and every scenario")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := t.TempDir()
	var target Target
	contract := func(ctx context.Context, t Target, o ContractOptions) (Phase, error) {
		target = t
		return Contract(ctx, t, o)
	}
	out, err := Run(ctx, Options{Seed: 1, Rate: 10, Duration: time.Second, Out: dir,
		Thresholds: []string{"p99<2s", "errors<1%"}, Version: "test"},
		Runners{Contract: contract, Load: Load})
	if err != nil {
		t.Fatal(err)
	}
	r := out.Report
	if r.Verdict != reports.Pass {
		t.Errorf("verdict %s against the mock; reasons %q", r.Verdict, r.Reasons)
	}
	if len(r.Problems) > 0 {
		t.Errorf("problems reading the report directory: %q", r.Problems)
	}
	if r.Contract == nil || len(r.Contract.Checks) == 0 || len(r.Contract.Coverage.Rows) != 6 {
		t.Fatalf("contract results not read back: %+v", r.Contract)
	}
	if p, d := r.Contract.Coverage.Provoked(); p != d || d == 0 {
		t.Errorf("coverage: %d of %d documented codes provoked", p, d)
	}
	if r.Load == nil || len(r.Load.Scenarios) != len(scenarios.Names()) {
		t.Fatalf("load results not read back: %+v", r.Load)
	}
	for _, f := range []string{reports.FileIndex, reports.FileJUnit, reports.FileEnvironment, reports.FileContract, reports.FileSummary} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{target.APIKey, target.OtherFirmKey, target.InactiveKey, target.AdminToken} {
			if secret != "" && strings.Contains(string(b), secret) {
				t.Errorf("%s holds a key or the admin token", f)
			}
		}
	}
	for _, sc := range r.Load.Scenarios {
		if sc.Series == nil || sc.Series.Total == 0 {
			t.Errorf("%s: no results read from %q", sc.Name, sc.ResultFile)
		}
		if len(sc.Thresholds) != 2 {
			t.Errorf("%s: %d thresholds read, want 2", sc.Name, len(sc.Thresholds))
		}
	}
}
