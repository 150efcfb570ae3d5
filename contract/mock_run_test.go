package contract

import (
	"testing"
	"time"
)

func TestAgainstMockStrict(t *testing.T) {
	tm := newTestMock(t, nil)
	start := time.Now()
	res := runAgainst(t, tm.options(true))
	t.Logf("strict run: %d checks in %s", len(res.Checks), time.Since(start))
	if !res.Passed {
		t.Fatal(report(res))
	}
	t.Log(report(res))
}
