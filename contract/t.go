package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/callharness/callharness/client"
)

// T is what a check's function gets: clients of the target that record and
// judge every exchange, the run's fixtures, and the means to fail, skip or
// give up. A check runs in one goroutine; T is not safe for concurrent use.
type T struct {
	check     Check
	env       *env
	failures  []Failure
	skip      string
	broken    string
	exchanges int
	last      *client.Exchange // the newest exchange, shown with failures that name none
}

// stopCheck is the panic value that ends a check early (Fatalf, Skipf, Brokenf).
type stopCheck struct{}

// ID is the id of the running check.
func (t *T) ID() string { return t.check.ID }

// Profile is the profile of the run.
func (t *T) Profile() Profile { return t.env.profile }

// Strict reports whether DEC rules fail the run.
func (t *T) Strict() bool { return t.env.profile == Strict }

// API is a client of the target with the run's API key.
func (t *T) API() *client.Client { return t.client(t.env.keys.api) }

// As is a client of the target that sends key; "" sends none.
func (t *T) As(key string) *client.Client { return t.client(key) }

func (t *T) client(key string) *client.Client {
	hc := &http.Client{Transport: &tap{t: t, base: t.env.transport}, Timeout: t.env.requestTimeout}
	return client.New(t.env.target, key, hc)
}

// Errorf records a failure of the check's rule, at the exchange ex (nil if
// none), and lets the check go on.
func (t *T) Errorf(ex *client.Exchange, format string, args ...any) {
	t.fail(t.check.Rule, ex, fmt.Sprintf(format, args...))
}

// Fatalf records a failure of the check's rule and ends the check.
func (t *T) Fatalf(ex *client.Exchange, format string, args ...any) {
	t.Errorf(ex, format, args...)
	panic(stopCheck{})
}

// Skipf ends the check as skipped, with the reason.
func (t *T) Skipf(format string, args ...any) {
	t.skip = fmt.Sprintf(format, args...)
	panic(stopCheck{})
}

// Brokenf ends the check with an error verdict: the target misbehaved in a
// way that leaves the check's rule unjudged (a setup request refused, a
// transport error, an arrangement that did not take).
func (t *T) Brokenf(ex *client.Exchange, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	t.broken = msg
	if ex != nil {
		t.failures = append(t.failures, Failure{Message: msg, Rule: t.check.Rule, Exchange: record(ex)})
		t.failures[len(t.failures)-1].Rule.Tag = "" // not a broken rule: context for the error
	}
	panic(stopCheck{})
}

// fail records one failure under rule.
func (t *T) fail(rule Rule, ex *client.Exchange, msg string) {
	if ex == nil {
		ex = t.last
	}
	t.failures = append(t.failures, Failure{Message: msg, Rule: rule, Exchange: record(ex)})
}

// Must ends the check with an error verdict when a setup step failed: err
// is a transport error or an unexpected status. what says what was tried.
func (t *T) Must(ex *client.Exchange, err error, what string) {
	if err == nil {
		return
	}
	var se *client.StatusError
	if errors.As(err, &se) {
		t.Brokenf(se.Exchange, "%s: unexpected status %d", what, se.Exchange.Status)
	}
	t.Brokenf(ex, "%s: %v", what, err)
}

// Status checks that the exchange answered one of want. A transport error
// ends the check with an error verdict. It reports whether the status matched.
func (t *T) Status(ex *client.Exchange, err error, what string, want ...int) bool {
	if ex == nil {
		t.Brokenf(nil, "%s: %v", what, err)
	}
	for _, w := range want {
		if ex.Status == w {
			return true
		}
	}
	t.Errorf(ex, "%s: status %d, want %s", what, ex.Status, statusList(want))
	return false
}

// Status4xx checks that the exchange answered a client error.
func (t *T) Status4xx(ex *client.Exchange, err error, what string) bool {
	if ex == nil {
		t.Brokenf(nil, "%s: %v", what, err)
	}
	if ex.Status >= 400 && ex.Status < 500 {
		return true
	}
	t.Errorf(ex, "%s: status %d, want a 4xx", what, ex.Status)
	return false
}

func statusList(codes []int) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = fmt.Sprint(c)
	}
	return strings.Join(s, " or ")
}

// ctxDone ends the check when the run or the check has timed out.
func (t *T) ctxDone(ctx context.Context) {
	if err := ctx.Err(); err != nil {
		t.Brokenf(nil, "timed out: %v", err)
	}
}
