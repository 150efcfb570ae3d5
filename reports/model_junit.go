package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// JUnitOf is the JUnit document of a whole run: one suite per contract
// operation with a case per check, one suite per scenario with a case per
// threshold and per invariant, and a "run" suite with a case in error for
// everything that kept the run from being judged.
func JUnitOf(r *Run) JUnitReport {
	rep := JUnitReport{Name: "callharness", Time: JUnitSeconds(r.Env.Elapsed())}
	if s, ok := runSuite(r); ok {
		rep.Suites = append(rep.Suites, s)
	}
	if c := r.Contract; c != nil {
		rep.Suites = append(rep.Suites, contractSuites(c, r.Env)...)
	}
	if l := r.Load; l != nil {
		for _, sc := range l.Scenarios {
			rep.Suites = append(rep.Suites, scenarioSuite(sc))
		}
	}
	rep.Tally()
	return rep
}

func runSuite(r *Run) (JUnitSuite, bool) {
	s := JUnitSuite{Name: "run"}
	for i, e := range r.Env.Errors {
		s.Cases = append(s.Cases, JUnitCase{Name: fmt.Sprintf("run error %d", i+1), Classname: "run",
			Error: &JUnitProblem{Message: e, Type: "run"}})
	}
	if c := r.Contract; c != nil && c.Error != "" {
		s.Cases = append(s.Cases, JUnitCase{Name: "contract suite", Classname: "run",
			Error: &JUnitProblem{Message: c.Error, Type: "unreachable"}})
	}
	for _, p := range r.Problems {
		s.Cases = append(s.Cases, JUnitCase{Name: "report file", Classname: "run",
			Error: &JUnitProblem{Message: p, Type: "missing"}})
	}
	return s, len(s.Cases) > 0
}

func contractSuites(c *Contract, env Environment) []JUnitSuite {
	byOp := map[string]*JUnitSuite{}
	var order []string
	for _, ch := range c.Checks {
		op := ch.Operation
		if op == "" {
			op = "general"
		}
		s, ok := byOp[op]
		if !ok {
			s = &JUnitSuite{Name: "contract." + op, Timestamp: stamp(c.Started)}
			s.Properties = []JUnitProperty{{Name: "profile", Value: c.Profile}, {Name: "target", Value: c.Target},
				{Name: "seed", Value: fmt.Sprint(c.Seed)}, {Name: "version", Value: env.Version}}
			byOp[op] = s
			order = append(order, op)
		}
		s.Cases = append(s.Cases, checkCase(ch, op))
	}
	sort.Strings(order)
	out := make([]JUnitSuite, 0, len(order))
	for _, op := range order {
		out = append(out, *byOp[op])
	}
	return out
}

func checkCase(ch Check, op string) JUnitCase {
	name := ch.ID
	if ch.Title != "" {
		name += ": " + ch.Title
	}
	k := JUnitCase{Name: name, Classname: "contract." + op, Time: JUnitSeconds(ch.Duration)}
	switch ch.Verdict {
	case Fail:
		k.Failure = &JUnitProblem{Message: ch.Message, Type: ch.Source, Text: failureText(ch)}
	case Error:
		k.Error = &JUnitProblem{Message: ch.Message, Type: ch.Source, Text: failureText(ch)}
	case Skip:
		k.Skipped = &JUnitSkipped{Message: ch.Message}
	case Warn:
		k.SystemOut = "WARNING (" + ch.Source + "): " + ch.Message + "\n" + failureText(ch)
	}
	return k
}

// failureText is the full text of a failed check: the rule, then each
// failure with its request, response and curl reproduction.
func failureText(ch Check) string {
	var b strings.Builder
	if ch.Rule != "" {
		fmt.Fprintf(&b, "Rule (%s): %s\n", ch.Source, ch.Rule)
	}
	for i, f := range ch.Failures {
		fmt.Fprintf(&b, "\n#%d %s\n", i+1, f.Message)
		if f.Request != "" {
			fmt.Fprintf(&b, "Request:\n%s\n", f.Request)
		}
		if f.Response != "" {
			fmt.Fprintf(&b, "Response (%d):\n%s\n", f.Status, f.Response)
		}
		if f.Curl != "" {
			fmt.Fprintf(&b, "Reproduce:\n%s\n", f.Curl)
		}
	}
	return b.String()
}

func scenarioSuite(sc Scenario) JUnitSuite {
	class := "load." + sc.Name
	s := JUnitSuite{Name: class, Time: JUnitSeconds(sc.Duration)}
	if sc.Series != nil {
		s.Timestamp = stamp(sc.Series.Start)
	}
	if sc.Verdict == Skip || (sc.Verdict == Error && len(sc.Thresholds)+len(sc.Invariants) == 0) {
		k := JUnitCase{Name: "scenario", Classname: class}
		msg := strings.Join(append([]string{sc.SkipReason}, sc.Notes...), " ")
		if sc.Verdict == Skip {
			k.Skipped = &JUnitSkipped{Message: strings.TrimSpace(msg)}
		} else {
			k.Error = &JUnitProblem{Message: strings.TrimSpace(msg), Type: "scenario"}
		}
		s.Cases = append(s.Cases, k)
	}
	for _, t := range sc.Thresholds {
		name := "threshold " + t.Expr
		if t.Scope != "" {
			name += " (" + t.Scope + ")"
		}
		s.Cases = append(s.Cases, verdictCase(name, class, t.Verdict, "observed "+orDash(t.Observed)))
	}
	for _, inv := range sc.Invariants {
		s.Cases = append(s.Cases, verdictCase("invariant "+inv.Name, class, inv.Verdict, inv.Detail))
	}
	return s
}

func verdictCase(name, class string, v Verdict, detail string) JUnitCase {
	k := JUnitCase{Name: name, Classname: class}
	switch v {
	case Fail:
		k.Failure = &JUnitProblem{Message: detail}
	case Error:
		k.Error = &JUnitProblem{Message: detail}
	case Skip:
		k.Skipped = &JUnitSkipped{Message: detail}
	default:
		k.SystemOut = detail
	}
	return k
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}
