package contract

import (
	"context"
	"fmt"
	"strings"
)

// runChecks judge the run as a whole; they come last in the catalogue.
func runChecks() []Check {
	return []Check{
		{ID: "run.past-auth", Operation: OperationRun, Title: "every operation exercised got past authentication with the run's key",
			Rule: Doc(docAuth), Run: checkPastAuth},
		{ID: "run.no-5xx", Operation: OperationRun, Title: "no response of the run was a 5xx",
			Rule: ruleNo5xx, Run: checkNo5xx},
		{ID: "run.responses-conform", Operation: OperationRun, Title: "every response of the run matched openapi.yaml",
			Rule: ruleSchema, Run: checkConform},
	}
}

func checkPastAuth(_ context.Context, t *T) {
	exercised, past := t.env.cov.pastAuth()
	if exercised == 0 {
		t.Skipf("no operation was exercised")
	}
	if len(past) == 0 {
		t.Fatalf(nil, "no request of the run got past authentication (every answer was 401 or 403): is the API key an active key of the target?")
	}
	if len(past) < exercised {
		var never []string
		got := map[string]bool{}
		for _, op := range past {
			got[op] = true
		}
		for _, op := range Operations {
			if !got[op] && t.env.cov.exercised(op) {
				never = append(never, op)
			}
		}
		t.Errorf(nil, "%d of %d operations never answered anything but 401 or 403: %s", len(never), exercised, strings.Join(never, ", "))
	}
}

func checkNo5xx(_ context.Context, t *T) {
	if n := t.env.cov.count5xx(); n > 0 {
		t.Errorf(nil, "%d responses of the run were 5xx (see the failures of the checks that provoked them)", n)
	}
}

// checkConform sums up the violations the checks recorded; each is shown in
// full with the check that provoked it.
func checkConform(_ context.Context, t *T) {
	c := t.env.cov.snapshot()
	if c.DocViolations > 0 {
		t.Errorf(nil, "%d of %d responses broke the documented parts of openapi.yaml (see the failures of the checks that provoked them)", c.DocViolations, c.Responses)
	}
	if dec := c.Violations - c.DocViolations; dec > 0 {
		t.fail(Dec("DEC-*", "openapi.yaml, in parts that rest on DEC rules"), nil,
			fmt.Sprintf("%d of %d responses broke parts of openapi.yaml that rest on DEC rules (see the checks that provoked them)", dec, c.Responses))
	}
	if len(c.Undocumented) > 0 {
		var parts []string
		for _, u := range c.Undocumented {
			parts = append(parts, fmt.Sprintf("%s %d (%s)", u.Operation, u.Status, strings.Join(u.Checks, ", ")))
		}
		t.Errorf(nil, "undocumented status codes: %s", strings.Join(parts, "; "))
	}
}
