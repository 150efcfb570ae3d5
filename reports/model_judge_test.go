package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestATimedOutRunReportsWhatWasNotJudgedNeverAsBroken(t *testing.T) {
	run, err := Read(reportDir(t, "timeout", []attack{createStorm}))
	if err != nil {
		t.Fatal(err)
	}
	if run.Verdict != Error || run.Headline() != "INCOMPLETE" {
		t.Errorf("verdict %s (%s), want error (INCOMPLETE)", run.Verdict, run.Headline())
	}
	all := strings.Join(run.Reasons, "\n")
	for _, bad := range []string{"broken", "failed", "context deadline exceeded", "/_mock/clock"} {
		if strings.Contains(all, bad) {
			t.Errorf("the reasons say %q:\n%s", bad, all)
		}
	}
	for _, want := range []string{
		"Invariant of create-storm not judged (the run's timeout of 10s): each campaign lists exactly its records.",
		"3 scenarios did not start (the run's timeout of 10s): append-storm, delete-race, dialer-throughput.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the reasons lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Scenario create-storm") {
		t.Errorf("create-storm is named again beside its invariant:\n%s", all)
	}

	var buf bytes.Buffer
	if err := RenderHTML(&buf, run); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	chain := `setup: read the target&#39;s clock: GET http://127.0.0.1:40123/_mock/clock`
	if n := strings.Count(page, chain); n != 1 {
		t.Errorf("the error chain of the scenarios that did not start is on the page %d times, want once", n)
	}
	row := regexp.MustCompile(`(?s)<tr><th><a href="#scenario-append-storm">append-storm</a>.*?</tr>`).FindString(page)
	if row == "" {
		t.Fatal("no overview row for append-storm")
	}
	if strings.Contains(row, `<td class="num">0</td>`) || strings.Contains(row, ">0s<") {
		t.Errorf("a scenario that never started shows 0 for a measure: %s", row)
	}
	if !strings.Contains(row, "did not start") {
		t.Errorf("the row of a scenario that never started does not say so: %s", row)
	}
	if !strings.Contains(page, `id="scenario-append-storm"`) {
		t.Error("the navigation's link to append-storm leads nowhere")
	}
}

func TestAFailedInvariantIsBrokenAndAnUnjudgedOneIsNot(t *testing.T) {
	r := &Run{Env: Environment{Phases: []Phase{{Name: "load", Verdict: Fail}}}, Load: &Load{Scenarios: []Scenario{{
		Name: "s", Requests: 10,
		Invariants: []Invariant{
			{Name: "a", Description: "holds a", Verdict: Fail, Detail: "2 of 3"},
			{Name: "b", Description: "holds b", Verdict: Error, Detail: "not judged: could not be checked: 503"},
		},
		Thresholds: []Threshold{{Expr: "p99<1s", Verdict: Error}},
	}}}}
	Judge(r)
	all := strings.Join(r.Reasons, "\n")
	for _, want := range []string{
		"Invariant of s broken: holds a.",
		"Invariant of s not judged: holds b.",
		"Threshold p99<1s of s not judged (observed —).",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the reasons lack %q:\n%s", want, all)
		}
	}
	if r.Verdict != Fail {
		t.Errorf("verdict %s, want fail", r.Verdict)
	}
}

func TestAnUnreachableTargetIsOneShortReasonPerPhase(t *testing.T) {
	run, err := Read(reportDir(t, "unreachable", nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"The contract suite could not run: cannot reach the target http://10.255.255.1:8080: connection refused",
		"The load scenarios could not run: target unreachable: connection refused",
	}
	if strings.Join(run.Reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons:\n%s\nwant:\n%s", strings.Join(run.Reasons, "\n"), strings.Join(want, "\n"))
	}
}

func TestAContractCheckInErrorIsNotJudgedNotFailed(t *testing.T) {
	r := &Run{Contract: &Contract{Operations: 1, ReachedPastAuth: 1, Checks: []Check{
		{ID: "a", Verdict: Fail}, {ID: "b", Verdict: Error}, {ID: "c", Verdict: Pass},
	}}}
	Judge(r)
	all := strings.Join(r.Reasons, "\n")
	for _, want := range []string{"1 of 3 contract checks failed: a.", "1 of 3 contract checks could not be judged: b."} {
		if !strings.Contains(all, want) {
			t.Errorf("the reasons lack %q:\n%s", want, all)
		}
	}
}
