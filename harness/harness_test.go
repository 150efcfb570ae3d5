package harness

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/callharness/callharness/reports"
	"github.com/callharness/callharness/scenarios"
)

// fakeContract writes a contract.json of one check with the given verdict,
// after checking that the target answers.
func fakeContract(verdict string) ContractRunner {
	return func(ctx context.Context, t Target, o ContractOptions) (Phase, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.URL+"/healthz", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return Phase{}, err
		}
		resp.Body.Close()
		doc := map[string]any{
			"target": t.URL, "profile": o.Profile, "seed": o.Seed,
			"checks": []map[string]any{{"id": "fake.check", "operation": "createCampaign", "verdict": verdict,
				"rule": map[string]string{"tag": "DOC", "source": "a rule"}}},
			"coverage": map[string]any{"operations_exercised": 1, "operations_past_auth": 1},
		}
		return Phase{Verdict: reports.Verdict(verdict)}, writeJSON(filepath.Join(o.Dir, reports.FileContract), doc)
	}
}

func fakeLoad(ctx context.Context, t Target, o LoadOptions) (Phase, error) {
	doc := map[string]any{"target": t.URL, "scenarios": []map[string]any{{"name": "create-storm", "verdict": "pass",
		"invariants": []map[string]string{{"name": "CS-1", "verdict": "pass"}}}}}
	return Phase{Verdict: reports.Pass}, writeJSON(filepath.Join(o.Dir, reports.FileSummary), doc)
}

func TestRunAgainstTheMockWritesTheReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	var got Target
	contract := func(ctx context.Context, tg Target, o ContractOptions) (Phase, error) {
		got = tg
		return fakeContract("pass")(ctx, tg, o)
	}
	out, err := Run(context.Background(), Options{Seed: 3, Rate: 5, Duration: time.Second, Out: dir, Version: "test"},
		Runners{Contract: contract, Load: fakeLoad})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Passed() {
		t.Errorf("verdict %s, reasons %q", out.Report.Verdict, out.Report.Reasons)
	}
	if !got.Mock || got.AdminToken == "" || got.APIKey == "" || !strings.HasPrefix(got.URL, "http://127.0.0.1:") {
		t.Errorf("target of the in-process mock: %+v", got)
	}
	for _, f := range []string{reports.FileEnvironment, reports.FileIndex, reports.FileJUnit} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	var env reports.Environment
	b, _ := os.ReadFile(filepath.Join(dir, reports.FileEnvironment))
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	if env.Profile != "strict" || !env.Mock || env.Seed != 3 || len(env.Phases) != 3 {
		t.Errorf("run.json: %+v", env)
	}
}

func TestRunAgainstATargetNeverSendsTheAdminToken(t *testing.T) {
	var got Target
	contract := func(ctx context.Context, tg Target, o ContractOptions) (Phase, error) {
		got = tg
		if o.Profile != "documented" {
			t.Errorf("profile %q against a target, want documented", o.Profile)
		}
		return Phase{}, errors.New("cannot reach the target")
	}
	out, err := Run(context.Background(), Options{Target: Target{URL: "http://127.0.0.1:1", APIKey: "k"}, Out: t.TempDir(), SkipLoad: true},
		Runners{Contract: contract, Load: fakeLoad})
	if err != nil {
		t.Fatal(err)
	}
	if got.AdminToken != "" || got.Mock {
		t.Errorf("target %+v: an external target gets no admin token", got)
	}
	if out.Report.Verdict != reports.Error {
		t.Errorf("verdict %s for a suite that could not run, want error", out.Report.Verdict)
	}
}

func TestRunWithAFailedCheckFails(t *testing.T) {
	out, err := Run(context.Background(), Options{Out: t.TempDir(), SkipLoad: true}, Runners{Contract: fakeContract("fail")})
	if err != nil {
		t.Fatal(err)
	}
	if out.Report.Verdict != reports.Fail {
		t.Errorf("verdict %s, want fail", out.Report.Verdict)
	}
}

// TestARunCutShortByItsTimeoutIsIncompleteNotFailed stops the load phase
// with the run's timeout: the phase is incomplete, run.json says what
// stopped it, and nothing is called broken.
func TestARunCutShortByItsTimeoutIsIncompleteNotFailed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	load := func(ctx context.Context, tg Target, o LoadOptions) (Phase, error) {
		<-ctx.Done()
		doc := map[string]any{"target": tg.URL, "scenarios": []map[string]any{
			{"name": "create-storm", "verdict": "error", "metrics": map[string]any{"requests": 3},
				"invariants": []map[string]string{{"name": "CS-2", "description": "each campaign lists its records", "verdict": "error",
					"detail": "not judged: " + ctx.Err().Error()}}},
			{"name": "mixed", "verdict": "error", "skip_reason": "setup: read the target's clock: GET x: Get \"x\": " + ctx.Err().Error()},
		}}
		return phaseOf([]string{"error", "error"}), writeJSON(filepath.Join(o.Dir, reports.FileSummary), doc)
	}
	var log strings.Builder
	out, err := Run(context.Background(), Options{Out: dir, Timeout: time.Second, Log: &log, SkipContract: true},
		Runners{Load: load})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "load     incomplete in ") {
		t.Errorf("the console does not call the load phase incomplete:\n%s", log.String())
	}
	env := out.Report.Env
	if env.Stopped != reports.StoppedTimeout || env.Timeout != "1s" {
		t.Errorf("run.json: stopped %q, timeout %q", env.Stopped, env.Timeout)
	}
	if out.Report.Verdict != reports.Error {
		t.Errorf("verdict %s, want error", out.Report.Verdict)
	}
	reasons := strings.Join(out.Report.Reasons, "\n")
	if strings.Contains(reasons, "broken") || !strings.Contains(reasons, "not judged (the run's timeout of 1s)") ||
		!strings.Contains(reasons, "Scenario mixed did not start (the run's timeout of 1s).") {
		t.Errorf("reasons:\n%s", reasons)
	}
}

func TestTheLoadPhaseFailsOnlyWhenAScenarioFailed(t *testing.T) {
	for _, tc := range []struct {
		verdicts []string
		want     reports.Verdict
		detail   string
	}{
		{[]string{"pass", "pass"}, reports.Pass, "2 scenarios: 2 passed, 0 failed, 0 not judged"},
		{[]string{"pass", "error"}, reports.Error, "2 scenarios: 1 passed, 0 failed, 1 not judged"},
		{[]string{"fail", "error"}, reports.Fail, "2 scenarios: 0 passed, 1 failed, 1 not judged"},
		{[]string{"pass"}, reports.Pass, "1 scenario: 1 passed, 0 failed, 0 not judged"},
	} {
		ph := phaseOf(tc.verdicts)
		if ph.Verdict != tc.want || ph.Detail != tc.detail {
			t.Errorf("%v: %s %q, want %s %q", tc.verdicts, ph.Verdict, ph.Detail, tc.want, tc.detail)
		}
	}
}

// TestEveryScenarioReadsWithoutPlaceholders writes a summary.json of every
// scenario of the catalogue as the scenarios do, with their default knobs,
// and holds the descriptions the report reads back to have no word left
// standing for a value (the N of "N numbers").
func TestEveryScenarioReadsWithoutPlaceholders(t *testing.T) {
	dir := t.TempDir()
	sum := scenarios.Summary{Version: 1, Tool: "callharness load", Target: "http://127.0.0.1:1",
		Environment: scenarios.Environment{Knobs: scenarios.DefaultKnobs()}}
	for _, name := range scenarios.Names() {
		sc, _ := scenarios.Lookup(name)
		sum.Scenarios = append(sum.Scenarios, scenarios.ScenarioSummary{Name: name, Description: sc.Description, Verdict: scenarios.VerdictPass})
	}
	if err := sum.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	run, err := reports.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	lone := regexp.MustCompile(`(?:^|[\s(])[B-HJ-Z](?:[\s,.;:)]|$)`)
	for _, sc := range run.Load.Scenarios {
		if m := lone.FindString(sc.Description); m != "" {
			t.Errorf("%s: %q is left in %q", sc.Name, strings.TrimSpace(m), sc.Description)
		}
	}
}
