package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Judge computes a run's counts and verdict from its parts, and the reasons
// for a verdict that is not Pass. A run is green only when every check,
// threshold and invariant held, nothing failed to run and every file that
// should be there was read. Skips are counted and shown but do not fail it.
// Fail wins over Error: a run with a failed check is red for that reason
// even when something else could not be judged.
func Judge(r *Run) {
	r.Counts = Counts{}
	r.Reasons = nil
	// blocked is a run that could not be judged although nothing was
	// counted as failed: the suite could not run, or never got past 401.
	blocked := len(r.Env.Errors) > 0 || len(r.Problems) > 0
	for _, e := range r.Env.Errors {
		r.Reasons = append(r.Reasons, shortChain(e))
	}
	if c := r.Contract; c != nil {
		blocked = blocked || c.Error != ""
		for _, ch := range c.Checks {
			r.Counts.Checks.Add(ch.Verdict)
		}
		if c.Error != "" && !slices.ContainsFunc(r.Env.Errors, func(e string) bool { return strings.Contains(e, c.Error) }) {
			r.Reasons = append(r.Reasons, "Contract suite: "+shortChain(c.Error))
		}
		for _, v := range []struct {
			verdict Verdict
			what    string
		}{{Fail, "failed"}, {Error, "could not be judged"}} {
			if ids, n := idsOf(c.Checks, v.verdict, 5); n > 0 {
				r.Reasons = append(r.Reasons, fmt.Sprintf("%d of %d contract checks %s: %s.", n, len(c.Checks), v.what, ids))
			}
		}
		if c.Error == "" && c.Operations > 0 && c.ReachedPastAuth == 0 {
			blocked = true
			r.Reasons = append(r.Reasons, "No operation got past authentication: every request was answered 401 or 403.")
		}
	}
	if l := r.Load; l != nil {
		for i := range l.Scenarios {
			judgeScenario(r, &l.Scenarios[i])
		}
		r.Reasons = append(r.Reasons, notStartedReasons(r)...)
	}
	r.Reasons = dedupe(append(r.Reasons, r.Problems...))
	c := r.Counts
	fails := c.Checks.Fail + c.Thresholds.Fail + c.Invariants.Fail + c.Scenarios.Fail
	errs := c.Checks.Error + c.Thresholds.Error + c.Invariants.Error + c.Scenarios.Error
	judged := c.Checks.Total() + c.Thresholds.Total() + c.Invariants.Total() + c.Scenarios.Total()
	switch {
	case fails > 0:
		r.Verdict = Fail
	case errs > 0 || blocked || judged == 0:
		r.Verdict = Error
		if len(r.Reasons) == 0 {
			r.Reasons = append(r.Reasons, "Nothing was checked: the directory holds no contract or load results.")
		}
	default:
		r.Verdict = Pass
	}
}

// judgeScenario counts a scenario's thresholds and invariants and fills in
// its verdict when the summary did not give one. A threshold or invariant
// in error was not judged, which is never said to be a failure.
func judgeScenario(r *Run, sc *Scenario) {
	worst := Pass
	said := false // a reason already says why the scenario is not judged
	for _, t := range sc.Thresholds {
		r.Counts.Thresholds.Add(t.Verdict)
		worst = worse(worst, t.Verdict)
		switch t.Verdict {
		case Fail:
			r.Reasons = append(r.Reasons, fmt.Sprintf("Threshold %s of %s failed (observed %s).", t.Expr, sc.Name, orDash(t.Observed)))
		case Error:
			said = true
			r.Reasons = append(r.Reasons, fmt.Sprintf("Threshold %s of %s not judged (observed %s).", t.Expr, sc.Name, orDash(t.Observed)))
		}
	}
	for _, inv := range sc.Invariants {
		r.Counts.Invariants.Add(inv.Verdict)
		worst = worse(worst, inv.Verdict)
		switch inv.Verdict {
		case Fail:
			r.Reasons = append(r.Reasons, fmt.Sprintf("Invariant of %s broken: %s.", sc.Name, firstOf(inv.Description, inv.Name)))
		case Error:
			said = true
			r.Reasons = append(r.Reasons, fmt.Sprintf("Invariant of %s not judged%s: %s.", sc.Name, parenthesised(r.StoppedBy(inv.Detail)), firstOf(inv.Description, inv.Name)))
		}
	}
	if sc.Verdict == "" {
		sc.Verdict = worst
	}
	r.Counts.Scenarios.Add(sc.Verdict)
	if sc.Verdict != Error || worst == Fail || said || sc.NotStarted() {
		return
	}
	why := errorHead(sc.SkipReason)
	if why == "" && len(sc.Notes) > 0 {
		why = strings.TrimSuffix(sc.Notes[0], ".")
	}
	r.Reasons = append(r.Reasons, fmt.Sprintf("Scenario %s could not be judged%s.", sc.Name, prefixed(": ", why)))
}

// notStartedReasons says in one line per cause which scenarios never
// started, without the error chain, which the page shows once.
func notStartedReasons(r *Run) []string {
	var out []string
	for _, g := range NotStartedGroups(r.Load) {
		names := make([]string, len(g.Scenarios))
		for i, sc := range g.Scenarios {
			names[i] = sc.Name
		}
		subject := "Scenario " + names[0]
		if len(names) > 1 {
			subject = fmt.Sprintf("%d scenarios", len(names))
		}
		why := r.StoppedBy(g.Reason)
		if why == "" {
			why = errorHead(g.Reason)
		}
		if len(names) == 1 {
			out = append(out, fmt.Sprintf("%s did not start (%s).", subject, why))
			continue
		}
		out = append(out, fmt.Sprintf("%s did not start (%s): %s.", subject, why, strings.Join(names, ", ")))
	}
	return out
}

// StartGroup is scenarios that never started for one and the same reason.
type StartGroup struct {
	Reason    string
	Scenarios []*Scenario
}

// NotStartedGroups gathers the scenarios of l that never started by their
// reason, in the order of their first scenario.
func NotStartedGroups(l *Load) []StartGroup {
	if l == nil {
		return nil
	}
	var out []StartGroup
	for i := range l.Scenarios {
		sc := &l.Scenarios[i]
		if !sc.NotStarted() {
			continue
		}
		j := slices.IndexFunc(out, func(g StartGroup) bool { return g.Reason == sc.SkipReason })
		if j < 0 {
			out = append(out, StartGroup{Reason: sc.SkipReason})
			j = len(out) - 1
		}
		out[j].Scenarios = append(out[j].Scenarios, sc)
	}
	return out
}

// StoppedBy names what stopped the run when an error detail is its doing:
// "the run's timeout of 3s" or "an interrupt of the run". It is "" for any
// other error.
func (r *Run) StoppedBy(detail string) string {
	switch {
	case r.Env.Stopped == StoppedTimeout && strings.Contains(detail, context.DeadlineExceeded.Error()):
		return "the run's timeout" + prefixed(" of ", r.Env.Timeout)
	case r.Env.Stopped == StoppedInterrupt && strings.Contains(detail, context.Canceled.Error()):
		return "an interrupt of the run"
	}
	return ""
}

func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// errorHead is the start of an error chain that says what was being
// done, such as "setup: read the target's clock", without the
// transport's repetition of it.
func errorHead(chain string) string {
	parts := strings.SplitN(chain, ": ", 3)
	if len(parts) < 3 {
		return chain
	}
	return parts[0] + ": " + parts[1]
}

// dedupe drops a reason that repeats, or says no more than, an earlier one.
func dedupe(reasons []string) []string {
	var out []string
	for _, r := range reasons {
		if !slices.ContainsFunc(out, func(o string) bool { return strings.Contains(o, strings.TrimSuffix(r, ".")) }) {
			out = append(out, r)
		}
	}
	return out
}

// idsOf lists the ids of the first n checks with verdict v, and how many
// more, and counts them.
func idsOf(checks []Check, v Verdict, n int) (string, int) {
	var ids []string
	count := 0
	for _, ch := range checks {
		if ch.Verdict != v {
			continue
		}
		if count++; len(ids) < n {
			ids = append(ids, ch.ID)
		}
	}
	s := strings.Join(ids, ", ")
	if more := count - len(ids); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s, count
}

// shortChain shortens a long Go error chain to what a reader needs at a
// glance: what was being done and the root cause, "cannot reach the target
// URL: connection refused". The page shows the whole chain elsewhere.
func shortChain(chain string) string {
	parts := strings.Split(chain, ": ")
	if len(parts) <= 3 {
		return chain
	}
	return parts[0] + ": " + parts[1] + ": " + parts[len(parts)-1]
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// worse returns the more serious of two verdicts.
func worse(a, b Verdict) Verdict {
	rank := map[Verdict]int{Pass: 0, Skip: 1, Warn: 2, Fail: 3, Error: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
