package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// env is what every check of one run shares.
type env struct {
	opts           Options
	profile        Profile
	target         string
	prefix         string // the path of the target's base URL, "" for none
	transport      http.RoundTripper
	requestTimeout time.Duration
	conf           *conformance
	cov            *coverage
	keys           keys
	admin          *client.Admin // nil without an admin token
	fixtures       ConfigFixtures
	seq            atomic.Int64 // numbers phone numbers and names
	eventsCampaign string       // the events campaign, once arranged
}

// keys are the API keys a run speaks with.
type keys struct {
	api, otherFirm, inactive string
	wrong                    string // a key no implementation knows
}

// Run runs the selected checks of the catalogue against opts.Target and
// returns their verdicts. The error is for a run that could not start
// (bad options, unreachable target): a *UsageError.
func Run(ctx context.Context, opts Options) (*Result, error) {
	opts, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	e, err := newEnv(ctx, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{Tool: "callharness contract", Target: e.target, Profile: e.profile, Seed: opts.Seed,
		Examples: opts.Examples, Admin: e.admin != nil, Started: opts.Now()}
	start := time.Now()
	for _, c := range Select(Catalogue(), opts.Only) {
		cr := e.runCheck(ctx, c)
		res.Checks = append(res.Checks, cr)
		res.Counts.add(cr.Verdict)
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "%-5s %-44s %6s  %s\n", strings.ToUpper(string(cr.Verdict)), cr.ID, roundDur(cr.Duration), oneLine(cr.Message, 100))
		}
	}
	res.Duration = time.Since(start)
	res.DurationMS = res.Duration.Milliseconds()
	res.Coverage = e.cov.snapshot()
	res.Passed = res.Counts.Fail == 0 && res.Counts.Error == 0 && res.Coverage.OperationsPastAuth > 0
	if res.Coverage.OperationsPastAuth == 0 {
		res.Error = "no request got past authentication: is --api-key an active key of the target?"
	}
	return res, nil
}

// Select returns the checks matching any of patterns, all when there are none.
func Select(all []Check, patterns []string) []Check {
	if len(patterns) == 0 {
		return all
	}
	var out []Check
	for _, c := range all {
		for _, p := range patterns {
			if c.Matches(p) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

func newEnv(ctx context.Context, opts Options) (*env, error) {
	conf, err := newConformance()
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	e := &env{opts: opts, profile: opts.Profile, target: strings.TrimRight(opts.Target, "/"), transport: opts.Transport,
		requestTimeout: opts.RequestTimeout, conf: conf, cov: newCoverage(conf), fixtures: opts.Config.Fixtures,
		keys: keys{api: opts.APIKey, otherFirm: opts.OtherFirmKey, inactive: opts.InactiveKey,
			wrong: "callharness-wrong-" + uuid.NewString()}}
	if u, err := url.Parse(e.target); err == nil {
		e.prefix = strings.TrimRight(u.Path, "/")
	}
	if err := e.reach(ctx); err != nil {
		return nil, err
	}
	if opts.AdminToken != "" {
		e.admin = client.NewAdmin(e.target, opts.AdminToken, &http.Client{Transport: opts.Transport, Timeout: opts.RequestTimeout})
		if _, err := e.admin.Clock(ctx); err != nil {
			return nil, usagef("--admin-token given, but the mock's admin API at %s%s does not answer it: %v", e.target, api.AdminClock, err)
		}
		if err := e.arrangeKeys(ctx); err != nil {
			return nil, usagef("arrange keys through the admin API: %v", err)
		}
	}
	return e, nil
}

// reach checks that the target answers HTTP at all.
func (e *env) reach(ctx context.Context) error {
	return Reach(ctx, e.target, &http.Client{Transport: e.transport, Timeout: e.requestTimeout})
}

// Reach checks that target answers HTTP at all, with a harmless request
// that no check counts: a listing of a campaign that does not exist, with
// no key. Any answer will do. Its error, a *UsageError, names the target
// once and then the cause (connection refused, no such host, a timeout).
func Reach(ctx context.Context, target string, hc *http.Client) error {
	c := client.New(strings.TrimRight(target, "/"), "", hc)
	_, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: client.CampaignPath(uuid.NewString(), "calls"), NoKey: true})
	if err != nil {
		return usagef("cannot reach the target %s: %s", target, transportCause(err))
	}
	return nil
}

// transportCause is what went wrong under the error of a request, without
// the method and URL that net/http and then the client put in front of it
// (each, so that they would be said twice).
func transportCause(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// runCheck runs one check and judges it.
func (e *env) runCheck(ctx context.Context, c Check) CheckResult {
	t := &T{check: c, env: e}
	start := time.Now()
	cr := CheckResult{ID: c.ID, Title: c.Title, Operation: c.Operation, Rule: c.Rule, Needs: c.Needs}
	switch {
	case e.skipped(c):
		t.skip = "skipped by the config or --skip"
	case ctx.Err() != nil:
		t.broken = "the run timed out before this check: " + ctx.Err().Error()
	default:
		if reason := e.missing(c.Needs); reason != "" {
			t.skip = reason
			break
		}
		cctx, cancel := context.WithTimeout(ctx, e.opts.CheckTimeout)
		e.call(cctx, t)
		cancel()
	}
	cr.Duration = time.Since(start)
	cr.DurationMS = cr.Duration.Milliseconds()
	cr.Exchanges = t.exchanges
	cr.Failures = t.failures
	cr.Verdict, cr.Message = t.verdict()
	return cr
}

func (e *env) skipped(c Check) bool {
	for _, p := range e.opts.Skip {
		if c.Matches(p) {
			return true
		}
	}
	return false
}

// call runs the check's function, turning a stop or a panic into state of t.
func (e *env) call(ctx context.Context, t *T) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, ok := r.(stopCheck); ok {
			return
		}
		t.broken = fmt.Sprintf("the check panicked: %v\n%s", r, firstFrames(debug.Stack(), 12))
	}()
	t.check.Run(ctx, t)
	if err := ctx.Err(); err != nil && t.broken == "" && errors.Is(err, context.DeadlineExceeded) {
		t.broken = "the check timed out"
	}
}

// verdict judges what the check recorded.
func (t *T) verdict() (Verdict, string) {
	var red, warn *Failure
	for i := range t.failures {
		f := &t.failures[i]
		switch {
		case f.Rule.Tag == "":
			continue // context of an error verdict
		case f.Rule.Documented() || t.env.profile == Strict:
			if red == nil {
				red = f
			}
		default:
			if warn == nil {
				warn = f
			}
		}
	}
	switch {
	case red != nil:
		return Fail, failureLine(red, len(t.failures))
	case t.broken != "":
		return Error, t.broken
	case t.skip != "":
		return Skip, t.skip
	case warn != nil:
		return Warn, failureLine(warn, len(t.failures))
	}
	return Pass, ""
}

func failureLine(f *Failure, n int) string {
	msg := "[" + f.Rule.Tag + "] " + f.Message
	if n > 1 {
		msg += fmt.Sprintf(" (and %d more)", n-1)
	}
	return msg
}

func firstFrames(stack []byte, lines int) string {
	parts := strings.SplitN(string(stack), "\n", lines+1)
	if len(parts) > lines {
		parts = parts[:lines]
	}
	return strings.Join(parts, "\n")
}

func roundDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	}
	return d.Round(10 * time.Millisecond).String()
}

func oneLine(s string, max int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
