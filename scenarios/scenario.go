// Package scenarios holds the load scenarios of callharness and runs them
// against a target with vegeta: setup → a dynamic vegeta targeter on an
// open-model schedule → results, measured per operation → invariants checked
// after the attack from what the target answers and what the attack was
// acknowledged → reports (a vegeta result file per scenario, summary.json,
// a text table). A scenario and its invariants are data; Catalogue lists them.
package scenarios

import (
	"context"
	"errors"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// State is what a scenario's setup builds and its attack, invariants and
// cleanup read; each scenario has its own concrete type.
type State any

// Scenario is one load scenario: what it sets up, how it attacks, what must
// hold afterwards and what it removes again.
type Scenario struct {
	Name        string
	Description string
	// Expected names the statuses that are answers rather than errors; nil
	// means 2xx only.
	Expected Expectation
	// Dialer marks a scenario that needs the target's dialer to run, and so
	// its clock to move: by the admin API or by waiting on a scaled clock.
	Dialer bool
	// JudgesCutBodies marks a scenario whose invariants tell for themselves
	// a body --max-body cut short (list-calls); any other scenario's
	// invariants are not judged when an answer's body may have been cut.
	JudgesCutBodies bool
	// ReadsCampaign marks a scenario that reads the existing campaign of
	// Knobs.Campaign, when one is named, instead of creating its own.
	ReadsCampaign bool
	// Setup creates what the attack needs.
	Setup func(ctx context.Context, env *Env) (State, error)
	// Attack returns the attack to run on that state.
	Attack func(env *Env, st State) Attack
	// Settle runs after the attack and before the invariants, e.g. to let
	// a campaign finish; nil means nothing to wait for.
	Settle func(ctx context.Context, env *Env, st State) error
	// Invariants must hold after the attack.
	Invariants []Invariant
	// Cleanup removes what Setup and the attack created.
	Cleanup func(ctx context.Context, env *Env, st State) error
}

// Invariant is one correctness property of a scenario, checked after its
// attack. Check returns nil when it holds and an error saying how it does
// not otherwise; an error wrapped by Unjudged means it could not be checked.
type Invariant struct {
	ID          string
	Description string
	Check       func(ctx context.Context, env *Env, st State) error
}

// Attack is how a scenario hits the target.
type Attack struct {
	// Targeter builds each request from the scenario's state; it is called
	// from many goroutines at once. vegeta.ErrNoTargets ends the attack.
	Targeter vegeta.Targeter
	// Observe sees every result with its operation, in arrival order, from
	// one goroutine (concurrently with Targeter).
	Observe func(r *vegeta.Result, op Operation)
	// Duration bounds the attack; zero means the run's duration.
	Duration time.Duration
	// Done ends the attack early once it returns true; it is asked after
	// every result.
	Done func() bool
	// During runs beside the attack until the attack ends and its context
	// is cancelled, e.g. to move the target's clock.
	During func(ctx context.Context) error

	expected Expectation // the scenario's, set by the run
}

type unjudged struct{ err error }

func (u unjudged) Error() string { return "could not be checked: " + u.err.Error() }
func (u unjudged) Unwrap() error { return u.err }

// Unjudged marks an invariant's error as "could not be checked" rather than "does not hold".
func Unjudged(err error) error {
	if err == nil {
		return nil
	}
	return unjudged{err}
}

// IsUnjudged reports whether err says an invariant could not be checked.
func IsUnjudged(err error) bool {
	var u unjudged
	return errors.As(err, &u)
}

// typed adapts a method of a scenario's own state type to a Check, Settle or Cleanup.
func typed[S any](f func(s S, ctx context.Context, env *Env) error) func(context.Context, *Env, State) error {
	return func(ctx context.Context, env *Env, st State) error { return f(st.(S), ctx, env) }
}

// typedAttack adapts a method of a scenario's own state type to an Attack.
func typedAttack[S any](f func(s S, env *Env) Attack) func(*Env, State) Attack {
	return func(env *Env, st State) Attack { return f(st.(S), env) }
}

// typedSetup adapts a setup returning a scenario's own state type.
func typedSetup[S any](f func(ctx context.Context, env *Env) (S, error)) func(context.Context, *Env) (State, error) {
	return func(ctx context.Context, env *Env) (State, error) { return f(ctx, env) }
}
