package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestJUnitOfTheWholeRunCountsChecksThresholdsAndInvariants(t *testing.T) {
	run, err := Read(reportDir(t, "failed", []attack{stormFailed, dialer}))
	if err != nil {
		t.Fatal(err)
	}
	rep := JUnitOf(run)
	// 6 checks, 3 thresholds, 4 invariants; 2 checks, 1 threshold and 1
	// invariant failed; 1 check skipped; the warning is a passing case.
	if rep.Tests != 13 || rep.Failures != 4 || rep.Skipped != 1 || rep.Errors != 0 {
		t.Errorf("tests %d failures %d skipped %d errors %d, want 13 4 1 0", rep.Tests, rep.Failures, rep.Skipped, rep.Errors)
	}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var back JUnitReport
	if err := xml.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	if !strings.Contains(buf.String(), "curl -sS -i -X POST") {
		t.Error("a failed check's case does not carry its curl reproduction")
	}
}

func TestJUnitOfAnUnreachableTargetIsAnError(t *testing.T) {
	run, err := Read(reportDir(t, "unreachable", nil))
	if err != nil {
		t.Fatal(err)
	}
	rep := JUnitOf(run)
	if rep.Errors == 0 || rep.Failures != 0 {
		t.Errorf("errors %d failures %d: an unreachable target is an error, not a pass", rep.Errors, rep.Failures)
	}
}
