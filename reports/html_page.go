package reports

import (
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"time"
)

// page is what the template of index.html reads: the run, and everything
// derived from it that a template should not compute.
type page struct {
	Run       *Run
	CSS       template.CSS
	Title     string
	Headline  string
	Verdict   Verdict
	Subtitle  string
	Chips     []chip
	Reasons   []string
	More      int // reasons not shown
	Contract  *contractView
	Scenarios []scenarioView
	// StartGroups are the scenarios that never started, one article per
	// reason, so that a reason they share is shown once.
	StartGroups []startGroupView
	LoadError   string // why the load phase did not run, when it says so
	// NoContract and NoLoad say why a part is absent from the page.
	NoContract, NoLoad string
	Env                []field
	Generated          string
}

// chip is one tally at the top of the page: a label and its counts.
type chip struct {
	Label string
	Parts []chipPart
	Bad   bool
}

type chipPart struct {
	N     int
	Word  string
	Class Verdict
}

// field is one labelled value of the environment.
type field struct{ Name, Value string }

// maxReasons bounds the reasons listed under the verdict.
const maxReasons = 8

func newPage(r *Run) page {
	p := page{Run: r, CSS: stylesheet, Verdict: r.Verdict, Headline: r.Headline()}
	target := r.Env.Target
	if target == "" && r.Contract != nil {
		target = r.Contract.Target
	}
	if target == "" && r.Load != nil {
		target = r.Load.Target
	}
	p.Title = fmt.Sprintf("%s — callharness %s", p.Headline, orDash(target))
	p.Subtitle = subtitle(r, target)
	p.Chips = chips(r)
	p.Reasons = r.Reasons
	if len(p.Reasons) > maxReasons {
		p.More = len(p.Reasons) - maxReasons
		p.Reasons = p.Reasons[:maxReasons]
	}
	if r.Contract != nil {
		p.Contract = newContractView(r.Contract)
	}
	if r.Load != nil {
		for _, sc := range r.Load.Scenarios {
			p.Scenarios = append(p.Scenarios, newScenarioView(sc))
		}
		for i, g := range NotStartedGroups(r.Load) {
			p.StartGroups = append(p.StartGroups, newStartGroupView(r, i, g))
		}
	}
	p.Env = envFields(r, target)
	for _, ph := range r.Env.Phases {
		if ph.Name == "load" && ph.Verdict == Error && r.Load == nil {
			p.LoadError = ph.Detail
		}
	}
	p.NoContract, p.NoLoad = absent(r, "contract"), absent(r, "load")
	p.Generated = strings.TrimSpace("callharness " + r.Env.Version)
	return p
}

// absent says why a part of a run, "contract" or "load", is not on the page.
func absent(r *Run, part string) string {
	if r.Partial {
		other := map[string]string{"contract": "load", "load": "contract"}[part]
		return fmt.Sprintf("Not part of this directory: it holds the %s results only, as %s writes them, and is judged on those.", other, r.Env.Tool)
	}
	if len(r.Env.Phases) > 0 && !slices.ContainsFunc(r.Env.Phases, func(p Phase) bool { return p.Name == part }) {
		return fmt.Sprintf("The %s phase was not part of this run.", part)
	}
	return fmt.Sprintf("No %s results in this directory.", part)
}

// scope is how the subtitle says which parts the directory holds.
func scope(r *Run) string {
	s := r.Holds()
	if r.Load != nil && len(r.Load.MergedFrom) > 0 {
		s += fmt.Sprintf(", merged from %d shards", len(r.Load.MergedFrom))
	}
	return s
}

func subtitle(r *Run, target string) string {
	env := r.Env
	var parts []string
	if r.Partial {
		parts = append(parts, scope(r))
	}
	if env.Mock {
		parts = append(parts, "against the built-in mock at "+orDash(target))
	} else {
		parts = append(parts, "against "+orDash(target))
	}
	if env.Profile != "" {
		parts = append(parts, env.Profile+" profile")
	}
	if !env.StartedAt.IsZero() {
		parts = append(parts, env.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if d := env.Elapsed(); d > 0 {
		parts = append(parts, "took "+roundDuration(d))
	}
	return strings.Join(parts, " · ")
}

func chips(r *Run) []chip {
	var out []chip
	add := func(label string, t Tally) {
		if t.Total() == 0 {
			return
		}
		c := chip{Label: label, Bad: t.Bad() > 0}
		for _, part := range []chipPart{{t.Pass, "passed", Pass}, {t.Fail, "failed", Fail}, {t.Error, "not judged", Error}, {t.Warn, "warnings", Warn}, {t.Skip, "skipped", Skip}} {
			if part.N == 1 && part.Class != Error {
				part.Word = strings.TrimSuffix(part.Word, "s")
			}
			if part.N > 0 {
				c.Parts = append(c.Parts, part)
			}
		}
		out = append(out, c)
	}
	add("Contract checks", r.Counts.Checks)
	add("Thresholds", r.Counts.Thresholds)
	add("Invariants", r.Counts.Invariants)
	add("Scenarios", r.Counts.Scenarios)
	return out
}

// roundDuration writes a duration of a run to the second, or to the
// millisecond below a second.
func roundDuration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

func envFields(r *Run, target string) []field {
	env := r.Env
	var out []field
	if r.Partial {
		out = []field{
			{"This directory", fmt.Sprintf("%s, written by %s (no run.json: the version, the machine and the kind of target are unknown)", scope(r), env.Tool)},
			{"Target", orDash(target)},
		}
	} else {
		kind := "an external implementation"
		if env.Mock {
			kind = "the built-in mock, started in-process"
		}
		out = []field{
			{"Target", orDash(target) + " (" + kind + ")"},
			{"callharness version", orDash(env.Version)},
		}
	}
	for _, f := range []field{
		{"Command", env.Command},
		{"Contract profile", env.Profile},
		{"Mock clock", env.Clock},
		{"Rate per scenario", env.Rate},
		{"Duration per scenario", env.Duration},
		{"Thresholds", strings.Join(env.Thresholds, ", ")},
		{"Scenarios", strings.Join(env.Scenarios, ", ")},
		{"Timeout", timeoutText(env)},
	} {
		if f.Value != "" {
			out = append(out, f)
		}
	}
	out = append(out, field{"Seed", fmt.Sprint(env.Seed)})
	if !env.StartedAt.IsZero() {
		out = append(out, field{"Started", env.StartedAt.UTC().Format(time.RFC3339)})
	}
	if !env.FinishedAt.IsZero() {
		out = append(out, field{"Finished", env.FinishedAt.UTC().Format(time.RFC3339)})
	}
	m := env.Machine
	if m.OS != "" {
		host := m.Hostname
		if host != "" {
			host += ", "
		}
		out = append(out, field{"Machine", fmt.Sprintf("%s%s/%s, %d CPUs, %s", host, m.OS, m.Arch, m.CPUs, m.GoVersion)})
	}
	return out
}

// timeoutText is the run's timeout, and whether it stopped the run.
func timeoutText(env Environment) string {
	switch {
	case env.Timeout == "":
		return ""
	case env.Stopped == StoppedTimeout:
		return env.Timeout + ": it stopped the run"
	}
	return env.Timeout + " (not reached)"
}

// contractView is the contract section of the page.
type contractView struct {
	*Contract
	Failed     []Check // fail and error, with their failures
	Warned     []Check
	Skipped    []Check
	Passed     []Check
	Provoked   int
	Documented int
}

func newContractView(c *Contract) *contractView {
	v := &contractView{Contract: c}
	checks := append([]Check(nil), c.Checks...)
	sort.SliceStable(checks, func(i, j int) bool { return checks[i].ID < checks[j].ID })
	for _, ch := range checks {
		switch ch.Verdict {
		case Fail, Error:
			v.Failed = append(v.Failed, ch)
		case Warn:
			v.Warned = append(v.Warned, ch)
		case Skip:
			v.Skipped = append(v.Skipped, ch)
		default:
			v.Passed = append(v.Passed, ch)
		}
	}
	v.Provoked, v.Documented = c.Coverage.Provoked()
	return v
}

// startGroupView is the section of scenarios that never started for one reason.
type startGroupView struct {
	Anchor    string
	Title     string // "3 scenarios did not start"
	StoppedBy string // "the run's timeout of 3s", when it is the cause
	Reason    string // the error they met, in full
	Items     []scenarioView
}

func newStartGroupView(r *Run, i int, g StartGroup) startGroupView {
	v := startGroupView{Anchor: fmt.Sprintf("not-started-%d", i+1), StoppedBy: r.StoppedBy(g.Reason), Reason: g.Reason}
	for _, sc := range g.Scenarios {
		v.Items = append(v.Items, newScenarioView(*sc))
	}
	v.Title = v.Items[0].Name + " did not start"
	if len(v.Items) > 1 {
		v.Title = fmt.Sprintf("%d scenarios did not start", len(v.Items))
	}
	return v
}

// scenarioView is one scenario's section of the page, plots drawn.
type scenarioView struct {
	Scenario
	NotStarted     bool // it has no section of its own but its start group's
	Anchor         string
	LatencyPlot    template.HTML
	ThroughputPlot template.HTML
	StatusPlot     template.HTML
	Held           string // "3 of 3 thresholds, 2 of 2 invariants held"
	// Folded is a section with details to fold; Glance is what its
	// summary says of them.
	Folded bool
	Glance string
}

func newScenarioView(sc Scenario) scenarioView {
	v := scenarioView{Scenario: sc, NotStarted: sc.NotStarted(), Anchor: "scenario-" + anchor(sc.Name)}
	if sc.Series != nil {
		// The plots are our own SVG, built with every text escaped.
		v.LatencyPlot = template.HTML(PlotLatency(sc.Series))
		v.ThroughputPlot = template.HTML(PlotThroughput(sc.Series, sc.Rate))
		v.StatusPlot = template.HTML(PlotStatus(sc.Series))
	}
	v.Held = heldText(sc)
	v.Folded = len(sc.Thresholds)+len(sc.Invariants)+len(sc.Operations)+len(sc.Errors) > 0 || sc.Requests > 0 || sc.Series != nil
	var glance []string
	if v.Held != "" {
		glance = append(glance, v.Held)
	}
	if sc.Requests > 0 {
		glance = append(glance, fmt.Sprintf("%d requests, p99 %s", sc.Requests, shortDuration(sc.Latency.P99)))
	}
	v.Glance = strings.Join(glance, "; ")
	return v
}

func heldText(sc Scenario) string {
	var parts []string
	count := func(verdicts []Verdict, what string) {
		if len(verdicts) == 0 {
			return
		}
		held, unjudged := 0, 0
		for _, v := range verdicts {
			switch v {
			case Pass:
				held++
			case Error:
				unjudged++
			}
		}
		s := fmt.Sprintf("%d of %d %s held", held, len(verdicts), what)
		if unjudged > 0 {
			s += fmt.Sprintf(" (%d not judged)", unjudged)
		}
		parts = append(parts, s)
	}
	var vs []Verdict
	for _, t := range sc.Thresholds {
		vs = append(vs, t.Verdict)
	}
	count(vs, "thresholds")
	vs = nil
	for _, inv := range sc.Invariants {
		vs = append(vs, inv.Verdict)
	}
	count(vs, "invariants")
	return strings.Join(parts, ", ")
}

// anchor makes a name usable as an HTML id.
func anchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}
