package scenarios

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/client"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/spec"
)

// Options are everything a load run is told.
type Options struct {
	Target     string
	APIKey     string
	AdminToken string   // the mock's admin token; "" when the target is not our mock
	Scenarios  []string // names, in run order
	Rate       float64  // requests per second, in total over all shards; 0 sends at the maximum rate of Attack.Workers workers per shard
	Duration   time.Duration
	Attack     AttackConfig
	Thresholds []Threshold
	OutDir     string // "" writes no files
	Seed       int64
	Shard      Shard
	Knobs      Knobs
	// Progress receives a live progress line; nil for none (not a terminal).
	Progress io.Writer
	// Metrics, from NewPromMetrics, is updated while the run runs; nil for none.
	Metrics *promMetrics
	// HTTPClient is used for setup, verification and cleanup (not the
	// attacks); nil means one with the attack timeout.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Clock stamps the run; nil means the wall clock.
	Clock clock.Clock
}

// Errors of Run that mean bad usage or an unreachable target (exit 2).
var (
	ErrUsage       = errors.New("bad usage")
	ErrUnreachable = errors.New("target unreachable")
)

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// MaxWorkers bounds --workers.
const MaxWorkers = 10_000

// rateProblems says what is wrong with the rate, the workers, the ramp and
// the thresholds together: a maximum-rate run (rate 0) has a fixed number
// of workers and no rate to ramp or to reach.
func (o *Options) rateProblems() []string {
	var problems []string
	if o.Attack.Workers > MaxWorkers {
		problems = append(problems, fmt.Sprintf("--workers %d: want 1 to %d", o.Attack.Workers, MaxWorkers))
	}
	switch {
	case math.IsNaN(o.Rate) || math.IsInf(o.Rate, 0) || o.Rate < 0:
		return append(problems, fmt.Sprintf("--rate %g: want requests per second above 0, or 0 for the maximum rate (with --workers N)", o.Rate))
	case o.Rate > 0:
		return problems
	}
	if o.Attack.Workers == 0 {
		problems = append(problems, "--rate 0 sends at the maximum rate and needs --workers N, how many requests are in flight at once (N ≥ 1)")
	}
	if o.Attack.Ramp.Kind != "constant" {
		problems = append(problems, fmt.Sprintf("--ramp %s: a maximum-rate run (--rate 0) has no rate to ramp; use --ramp constant, or a rate", o.Attack.Ramp))
	}
	for _, t := range o.Thresholds {
		if t.Metric == "rate" {
			problems = append(problems, fmt.Sprintf("threshold %q: a maximum-rate run (--rate 0) asks no rate to reach a share of; hold the achieved rate with rps>=N", t.Expr))
		}
	}
	return problems
}

// runs reports whether one of the run's scenarios is one f picks.
func (o *Options) runs(f func(Scenario) bool) bool {
	for _, n := range o.Scenarios {
		if sc, ok := Lookup(n); ok && f(sc) {
			return true
		}
	}
	return false
}

func (o *Options) normalise() error {
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Shard.Count == 0 {
		o.Shard = Shard{Index: 0, Count: 1}
	}
	if o.Attack.Timeout <= 0 {
		o.Attack.Timeout = 10 * time.Second
	}
	if o.Attack.Connections <= 0 {
		o.Attack.Connections = 10_000
	}
	if o.Attack.MaxBody == 0 {
		o.Attack.MaxBody = 1 << 20
	}
	if o.Attack.Ramp.Kind == "" {
		o.Attack.Ramp = Ramp{Kind: "constant"}
	}
	o.Knobs = o.Knobs.withDefaults()
	problems := o.rateProblems()
	if o.Attack.Workers == 0 {
		o.Attack.Workers = 10
	}
	if o.Target == "" {
		problems = append(problems, "no --target")
	}
	if o.APIKey == "" {
		problems = append(problems, "no --api-key")
	}
	if len(o.Scenarios) == 0 {
		problems = append(problems, "no --scenario")
	}
	for _, n := range o.Scenarios {
		if _, ok := Lookup(n); !ok {
			problems = append(problems, fmt.Sprintf("unknown scenario %q (want %s)", n, strings.Join(Names(), ", ")))
		}
	}
	if o.Knobs.Campaign != "" && !o.runs(readsCampaign) {
		problems = append(problems, "--campaign names the campaign list-calls reads; no scenario of this run reads it (add --scenario list-calls)")
	}
	if o.Duration <= 0 {
		problems = append(problems, "--duration must be above 0")
	}
	if o.Attack.MaxBody < NoBody {
		problems = append(problems, fmt.Sprintf("--max-body %d: want -1 (all of each body), 0 (none) or a number of bytes", o.Attack.MaxBody))
	}
	if err := o.Shard.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if err := o.Knobs.validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrUsage, strings.Join(problems, "; "))
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: max(o.Attack.Timeout, 30*time.Second)}
	}
	return nil
}

// Run runs the scenarios of o one after the other against the target and
// returns their summary. Its error is for bad options (ErrUsage) and an
// unreachable or refusing target (ErrUnreachable); a threshold or an
// invariant that does not hold is a verdict in the summary, not an error.
func Run(ctx context.Context, o Options) (*Summary, error) {
	if err := o.normalise(); err != nil {
		return nil, err
	}
	if o.OutDir != "" {
		if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
			return nil, fmt.Errorf("%w: output directory: %v", ErrUsage, err)
		}
	}
	cl := client.New(o.Target, o.APIKey, o.HTTPClient)
	var admin *client.Admin
	if o.AdminToken != "" {
		admin = client.NewAdmin(o.Target, o.AdminToken, o.HTTPClient)
	}
	ids := NewIDs(o.Shard, o.Seed)
	tclock := NewTargetClock(cl, admin, ids, o.Clock)
	if err := o.reach(ctx, cl, tclock); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	validator, err := spec.NewDefault()
	if err != nil {
		o.Logger.Warn("openapi.yaml did not load; items are not validated", "err", err)
		validator = nil
	}
	sum := &Summary{
		Version: 1, Tool: "callharness load", Target: o.Target, StartedAt: o.Clock.Now().UTC(),
		Environment: environment(o, admin != nil),
	}
	prog := newProgress(o.Progress)
	for i, name := range o.Scenarios {
		sc, _ := Lookup(name)
		env := &Env{
			Scenario: name, Target: o.Target, APIKey: o.APIKey, Client: cl, Admin: admin, Knobs: o.Knobs,
			IDs: ids, Clock: tclock, Validator: validator, Log: o.Logger.With("scenario", name),
			Rate: o.Shard.Share(o.Rate), Duration: o.Duration, MaxBody: o.Attack.maxBody(),
			rng: rand.New(rand.NewPCG(uint64(o.Seed), uint64(o.Shard.Index)<<32|uint64(i))),
		}
		sum.Scenarios = append(sum.Scenarios, runScenario(ctx, o, sc, env, prog))
	}
	sum.FinishedAt = o.Clock.Now().UTC()
	sum.judge()
	if o.OutDir != "" {
		if err := sum.WriteFile(o.OutDir); err != nil {
			return sum, err
		}
		f, err := os.Create(filepath.Join(o.OutDir, TableFile))
		if err != nil {
			return sum, err
		}
		defer f.Close()
		if err := sum.WriteTable(f); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// reach makes the run's first request, which tells a target that refuses
// the run (a wrong key, an admin token it does not take) before any setup:
// it reads the target's clock, which creates a probe campaign without the
// admin API. A run that creates nothing (list-calls of an existing
// --campaign) reads that campaign's first page instead, so that a target
// that only answers reads, or a campaign it does not have, is said at once.
func (o *Options) reach(ctx context.Context, cl *client.Client, tclock *TargetClock) error {
	if o.Knobs.Campaign != "" && !o.runs(func(sc Scenario) bool { return !readsCampaign(sc) }) {
		if _, _, err := cl.ListCalls(ctx, o.Knobs.Campaign, client.Page{Page: 1, Size: 1}); err != nil {
			return fmt.Errorf("read --campaign %s: %w", o.Knobs.Campaign, err)
		}
		return nil
	}
	_, err := tclock.Now(ctx)
	return err
}

func readsCampaign(sc Scenario) bool { return sc.ReadsCampaign }

func environment(o Options, admin bool) Environment {
	exprs := make([]string, len(o.Thresholds))
	for i, t := range o.Thresholds {
		exprs[i] = t.Expr
	}
	return Environment{
		Seed: o.Seed, Shard: o.Shard, Rate: o.Rate, ShardRate: o.Shard.Share(o.Rate), Workers: o.maxRateWorkers(), DurationMS: msOf(o.Duration),
		Ramp: o.Attack.Ramp.String(), Connections: o.Attack.Connections, TimeoutMS: msOf(o.Attack.Timeout),
		HTTP2: o.Attack.HTTP2, MaxBody: o.Attack.maxBody(), Thresholds: exprs, AdminAPI: admin, Knobs: o.Knobs,
	}
}

// maxRateWorkers are the workers of each shard of a maximum-rate run; 0 for a run at a rate.
func (o *Options) maxRateWorkers() uint64 {
	if o.Rate == 0 {
		return o.Attack.Workers
	}
	return 0
}

func msOf(d time.Duration) float64 { return float64(d) / 1e6 }

// judgeInvariants checks every invariant of sc. One that could not be
// checked, because it says so or because the run was canceled or ran out of
// time while it looked, is an error (not judged), never a failure.
func judgeInvariants(ctx context.Context, sc Scenario, env *Env, st State) []InvariantResult {
	out := make([]InvariantResult, 0, len(sc.Invariants))
	for _, inv := range sc.Invariants {
		res := InvariantResult{Name: inv.ID, Description: inv.Description, Verdict: VerdictPass}
		if err := inv.Check(ctx, env, st); err != nil {
			res.Verdict, res.Detail = VerdictFail, err.Error()
			if IsUnjudged(err) || ctx.Err() != nil {
				res.Verdict, res.Detail = VerdictError, "not judged: "+err.Error()
			}
		}
		out = append(out, res)
	}
	return out
}

// unjudgedByCut marks every invariant not judged: its scenario reads the
// bodies of answers, and cut of them filled --max-body, so may lack their
// end; a verdict on them would blame the target for the generator's limit.
func unjudgedByCut(invs []InvariantResult, cut int, limit int64) {
	for i := range invs {
		invs[i].Verdict = VerdictError
		invs[i].Detail = fmt.Sprintf("not judged: %s filled --max-body %d and may have been cut short; this scenario reads the bodies, raise --max-body (or -1 for all)",
			plural(cut, "answer's body", "answers' bodies"), limit)
	}
}

// worse is the verdict of a scenario that was v and then met w: a failure
// outweighs an error, which outweighs a pass.
func worse(v, w string) string {
	switch {
	case v == VerdictFail || w == VerdictFail:
		return VerdictFail
	case v == VerdictError || w == VerdictError:
		return VerdictError
	}
	return v
}

// runScenario runs one scenario: setup, attack, settle, invariants, cleanup.
func runScenario(ctx context.Context, o Options, sc Scenario, env *Env, prog *progress) ScenarioSummary {
	// Workers is known before the attack: a scenario whose setup fails at
	// maximum rate is still shown as one, not as 0 % of a rate.
	out := ScenarioSummary{Name: sc.Name, Description: sc.Description, Verdict: VerdictPass, Workers: o.maxRateWorkers()}
	fail := func(stage string, err error) ScenarioSummary {
		out.Verdict, out.SkipReason = VerdictError, stage+": "+err.Error()
		return out
	}
	if sc.Dialer && !env.Clock.CanAdvance() && env.Clock.Factor() == 0 {
		// Two readings tell whether the target's clock moves on its own.
		if _, err := env.Clock.Now(ctx); err != nil {
			return fail("setup", err)
		}
	}
	st, err := sc.Setup(ctx, env)
	if err != nil {
		return fail("setup", err)
	}
	defer func() {
		if sc.Cleanup == nil {
			return
		}
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		if err := sc.Cleanup(cctx, env, st); err != nil {
			env.Log.Warn("cleanup failed", "err", err)
		}
	}()

	var enc vegeta.Encoder
	var results *bufio.Writer // one write per 64 KiB of results, not one per result
	if o.OutDir != "" {
		out.ResultFile = sc.Name + ResultExt
		f, err := os.Create(filepath.Join(o.OutDir, out.ResultFile))
		if err != nil {
			return fail("result file", err)
		}
		defer f.Close()
		results = bufio.NewWriterSize(f, 64<<10)
		enc = vegeta.NewEncoder(results)
	}
	atk := sc.Attack(env, st)
	atk.expected = sc.Expected
	o.Metrics.setPace(sc.Name, env.Rate, o.maxRateWorkers())
	run := runAttack(ctx, sc.Name, o.Target, o.Attack, env.Rate, o.Duration, atk, enc, o.Metrics, func(c *collector) { prog.watch(sc.Name, c) })
	prog.end()
	if results != nil {
		if err := results.Flush(); err != nil && run.targeter == nil {
			run.targeter = fmt.Errorf("write result: %w", err)
		}
	}
	o.Metrics.endPace(sc.Name, o.maxRateWorkers())
	fillMeasures(&out, run)
	if run.targeter != nil {
		return fail("attack", run.targeter)
	}
	if sc.Settle != nil {
		if err := sc.Settle(ctx, env, st); err != nil {
			return fail("settle", err)
		}
	}
	out.Invariants = judgeInvariants(ctx, sc, env, st)
	if run.cut > 0 && !sc.JudgesCutBodies {
		unjudgedByCut(out.Invariants, run.cut, o.Attack.maxBody())
	}
	for _, res := range out.Invariants {
		o.Metrics.setInvariant(sc.Name, res.Name, res.Verdict == VerdictPass)
		out.Verdict = worse(out.Verdict, res.Verdict)
	}
	out.Thresholds = judgeThresholds(o.Thresholds, sc.Name, run.total, run.ops)
	for _, t := range out.Thresholds {
		if t.Verdict != VerdictPass {
			out.Verdict = VerdictFail
		}
	}
	env.mu.Lock()
	out.Facts = env.facts
	env.mu.Unlock()
	return out
}

// fillMeasures copies an attack's measures into its summary.
func fillMeasures(out *ScenarioSummary, run attackRun) {
	out.Rate, out.Achieved, out.RateRatio = run.total.Requested, run.total.Achieved, run.total.RateRatio
	out.BelowRate = run.total.BelowRate()
	out.Workers, _ = isMaxRate(run.sched)
	out.AttackStart, out.Schedule = run.start.UTC(), run.sched.String()
	out.Pacer = pacerSpec(run.sched, run.ramp, run.rate, run.duration)
	if run.total.Requests > 0 {
		out.DurationMS = msOf(run.total.Latest.Sub(run.start))
	}
	out.Metrics = metricsSummary(&run.total)
	out.Corrected = latencySummary(&run.total.Corrected)
	out.Operations = make([]OperationSummary, 0, len(run.ops))
	for i := range run.ops {
		op := &run.ops[i]
		out.Operations = append(out.Operations, OperationSummary{
			Operation: op.Operation.ID, Method: op.Operation.Method, Route: op.Operation.Route,
			MetricsSummary: metricsSummary(&op.Measure), Achieved: op.Achieved, Corrected: latencySummary(&op.Corrected),
		})
	}
}

// judgeThresholds applies every threshold that concerns scenario.
func judgeThresholds(ts []Threshold, scenario string, total Measure, ops []OpMeasure) []ThresholdResult {
	var out []ThresholdResult
	for _, t := range ts {
		if !t.AppliesTo(scenario) {
			continue
		}
		m := &total
		if t.Operation != "" {
			m = nil
			for i := range ops {
				if ops[i].Operation.ID == t.Operation {
					m = &ops[i].Measure
				}
			}
			if m == nil {
				continue // the scenario does not use this operation
			}
		}
		v, shown := t.Observe(*m)
		verdict := VerdictPass
		if !t.Holds(v) {
			verdict = VerdictFail
		}
		out = append(out, ThresholdResult{Expr: t.Expr, Scope: t.Operation, Observed: shown, Verdict: verdict})
	}
	return out
}
