package fault

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/callharness/callharness/api"
)

// MaxRules is the most rules one Faults may hold.
const MaxRules = 100

// MaxRetryAfter is the longest Retry-After a rule may ask for, in seconds.
const MaxRetryAfter = 86400

// Defaults filled in by Set when a rule leaves them out.
const (
	DefaultErrorStatus   = http.StatusInternalServerError
	DefaultRetryAfterSec = 1
)

// Latency distributions.
const (
	DistFixed     = "fixed"
	DistUniform   = "uniform"
	DistNormal    = "normal"
	DistLognormal = "lognormal"
)

// ValidationError lists every problem of a rejected Faults, located as in
// a FastAPI error: ["body", "rules", 2, "latency", "mean"]. Nothing was changed.
type ValidationError struct {
	Errors []api.FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Errors))
	for _, f := range e.Errors {
		loc := make([]string, len(f.Loc))
		for i, l := range f.Loc {
			loc[i] = fmt.Sprint(l)
		}
		parts = append(parts, strings.Join(loc, ".")+": "+f.Msg)
	}
	return "invalid fault rules: " + strings.Join(parts, "; ")
}

type checker struct {
	errs []api.FieldError
}

func (c *checker) add(msg string, loc ...any) {
	c.errs = append(c.errs, api.FieldError{Loc: append([]any{"body"}, loc...), Msg: msg, Type: "value_error"})
}

var methods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// compile checks f and turns it into rules. The returned Faults is f with
// defaults filled in and methods upper-cased, as Get shows it.
func (in *Injector) compile(f api.Faults) (api.Faults, []*rule, error) {
	var c checker
	if len(f.Rules) > MaxRules {
		c.add(fmt.Sprintf("at most %d rules", MaxRules), "rules")
		return api.Faults{}, nil, &ValidationError{Errors: c.errs}
	}
	norm := api.Faults{Seed: f.Seed, Rules: make([]api.FaultRule, len(f.Rules))}
	if norm.Seed == 0 {
		norm.Seed = in.seed
	}
	rules := make([]*rule, len(f.Rules))
	for i, fr := range f.Rules {
		fr, r := in.compileRule(&c, i, fr)
		norm.Rules[i] = fr
		rules[i] = r
	}
	if len(c.errs) > 0 {
		return api.Faults{}, nil, &ValidationError{Errors: c.errs}
	}
	for i, r := range rules {
		r.rng = newRand(norm.Seed, i)
	}
	return norm, rules, nil
}

func (in *Injector) compileRule(c *checker, i int, fr api.FaultRule) (api.FaultRule, *rule) {
	r := &rule{index: i, route: fr.Route}
	switch {
	case fr.Route == "":
		c.add(`route is required: a route template or "*"`, "rules", i, "route")
	case fr.Route != "*" && !in.routes[fr.Route]:
		c.add(fmt.Sprintf("unknown route %q: want one of %s, or \"*\"", fr.Route, strings.Join(in.knownRoutes(), ", ")), "rules", i, "route")
	}
	if fr.Method != "" {
		fr.Method = strings.ToUpper(fr.Method)
		if !methods[fr.Method] {
			c.add(fmt.Sprintf("unknown method %q", fr.Method), "rules", i, "method")
		}
	}
	r.method = fr.Method

	rates := []struct {
		name string
		v    float64
	}{{"reset_rate", fr.ResetRate}, {"rate_limit_rate", fr.RateLimitRate}, {"error_rate", fr.ErrorRate}}
	sum := 0.0
	ratesOK := true
	for _, rt := range rates {
		if math.IsNaN(rt.v) || rt.v < 0 || rt.v > 1 {
			c.add(fmt.Sprintf("%s must be between 0 and 1", rt.name), "rules", i, rt.name)
			ratesOK = false
			continue
		}
		sum += rt.v
	}
	if ratesOK && sum > 1+1e-9 {
		c.add("error_rate + reset_rate + rate_limit_rate must not exceed 1: each request gets at most one of them", "rules", i)
	}
	// Cumulative thresholds for one uniform draw per request.
	r.resetBelow = fr.ResetRate
	r.rateLimitBelow = r.resetBelow + fr.RateLimitRate
	r.errorBelow = r.rateLimitBelow + fr.ErrorRate

	switch {
	case fr.ErrorStatus == 0 && fr.ErrorRate > 0:
		fr.ErrorStatus = DefaultErrorStatus
	case fr.ErrorStatus != 0 && (fr.ErrorStatus < 400 || fr.ErrorStatus > 599):
		c.add("error_status must be between 400 and 599", "rules", i, "error_status")
	}
	r.errorStatus = fr.ErrorStatus

	switch {
	case fr.RetryAfterSec < 0 || fr.RetryAfterSec > MaxRetryAfter:
		c.add(fmt.Sprintf("retry_after_sec must be between 0 and %d", MaxRetryAfter), "rules", i, "retry_after_sec")
	case fr.RetryAfterSec == 0 && fr.RateLimitRate > 0:
		fr.RetryAfterSec = DefaultRetryAfterSec
	}
	r.retryAfter = fr.RetryAfterSec

	if fr.Latency != nil {
		l := *fr.Latency
		l.Distribution = strings.ToLower(l.Distribution)
		fr.Latency = &l
		r.latency = in.compileLatency(c, i, l)
	}
	return fr, r
}

func (in *Injector) compileLatency(c *checker, i int, l api.Latency) *dist {
	loc := func(field string) []any { return []any{"rules", i, "latency", field} }
	dur := func(field, s string) (time.Duration, bool) {
		if s == "" {
			return 0, false
		}
		d, err := time.ParseDuration(s)
		switch {
		case err != nil:
			c.add(fmt.Sprintf("%q is not a duration such as \"150ms\" or \"2s\"", s), loc(field)...)
			return 0, false
		case d < 0:
			c.add("must not be negative", loc(field)...)
			return 0, false
		case d > in.maxLatency:
			c.add(fmt.Sprintf("must be at most %s", in.maxLatency), loc(field)...)
			return 0, false
		}
		return d, true
	}
	required := func(field, s string) {
		if s == "" {
			c.add(fmt.Sprintf("%s is required for a %s latency", field, l.Distribution), loc(field)...)
		}
	}
	unused := func(field, s string) {
		if s != "" {
			c.add(fmt.Sprintf("%s is not used by a %s latency", field, l.Distribution), loc(field)...)
		}
	}
	mean, _ := dur("mean", l.Mean)
	stddev, _ := dur("stddev", l.StdDev)
	lo, hasMin := dur("min", l.Min)
	hi, hasMax := dur("max", l.Max)
	d := &dist{kind: l.Distribution, mean: mean, stddev: stddev, min: 0, max: in.maxLatency}
	if hasMin {
		d.min = lo
	}
	if hasMax {
		d.max = hi
	}
	switch l.Distribution {
	case DistFixed:
		required("mean", l.Mean)
		unused("stddev", l.StdDev)
		unused("min", l.Min)
		unused("max", l.Max)
	case DistUniform:
		required("min", l.Min)
		required("max", l.Max)
		unused("mean", l.Mean)
		unused("stddev", l.StdDev)
	case DistNormal, DistLognormal:
		required("mean", l.Mean)
		required("stddev", l.StdDev)
		if l.Distribution == DistLognormal && l.Mean != "" && mean == 0 {
			c.add("mean of a lognormal latency must be above 0", loc("mean")...)
		}
	case "":
		c.add("distribution is required: fixed, uniform, normal or lognormal", loc("distribution")...)
	default:
		c.add(fmt.Sprintf("unknown distribution %q: want fixed, uniform, normal or lognormal", l.Distribution), loc("distribution")...)
	}
	if hasMin && hasMax && lo > hi {
		c.add("min must not be above max", loc("min")...)
	}
	return d
}

func (in *Injector) knownRoutes() []string {
	out := make([]string, 0, len(in.routes))
	for r := range in.routes {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}
