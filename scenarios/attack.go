package scenarios

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// AttackConfig is how every attack of a run is sent.
type AttackConfig struct {
	Ramp        Ramp
	Connections int           // idle connections kept per host
	Timeout     time.Duration // per request
	HTTP2       bool
	MaxBody     int64 // bytes of each response body kept in the results
	Workers     uint64
}

// attackRun is one attack's outcome before it is summarised.
type attackRun struct {
	start    time.Time
	sched    Schedule
	ramp     Ramp
	rate     float64
	duration time.Duration
	total    Measure
	ops      []OpMeasure
	targeter error // a targeter failure other than running out of targets
}

// runAttack sends one scenario's attack with a new vegeta.Attacker at rate
// per second for d, writes every result to enc, measures it and hands it to
// the scenario. It returns when the attack is over.
func runAttack(ctx context.Context, name, base string, cfg AttackConfig, rate float64, d time.Duration,
	atk Attack, enc vegeta.Encoder, prom *promMetrics, live func(*collector)) attackRun {
	if atk.Duration > 0 {
		d = atk.Duration
	}
	sched := cfg.Ramp.Schedule(rate, d)
	attacker := vegeta.NewAttacker(
		vegeta.Timeout(cfg.Timeout),
		vegeta.Connections(cfg.Connections),
		vegeta.HTTP2(cfg.HTTP2),
		vegeta.MaxBody(cfg.MaxBody),
		vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow),
		vegeta.Workers(max(cfg.Workers, 1)),
		// MaxWorkers stays unbounded: an open model must not wait for answers.
	)
	start := time.Now()
	col := newCollector(name, base, start, sched, atk.expected, prom)
	if live != nil {
		live(col)
	}
	results := attacker.Attack(atk.Targeter, sched, d, name)

	duringCtx, stopDuring := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var duringErr error
	if atk.During != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := atk.During(duringCtx); err != nil && !errors.Is(err, context.Canceled) {
				duringErr = err
			}
		}()
	}
	run := attackRun{start: start, sched: sched, ramp: cfg.Ramp, rate: rate, duration: d}
	for r := range results {
		if ctx.Err() != nil {
			attacker.Stop()
		}
		if r.Method == "" && r.Error != "" {
			// The targeter made no request: out of targets, or it failed.
			if r.Error != vegeta.ErrNoTargets.Error() && run.targeter == nil {
				run.targeter = fmt.Errorf("targeter: %s", r.Error)
			}
			continue
		}
		if enc != nil {
			if err := enc.Encode(r); err != nil && run.targeter == nil {
				run.targeter = fmt.Errorf("write result: %w", err)
			}
		}
		op := col.add(r)
		if atk.Observe != nil {
			atk.Observe(r, op)
		}
		if atk.Done != nil && atk.Done() {
			attacker.Stop()
		}
	}
	stopDuring()
	wg.Wait()
	if duringErr != nil && run.targeter == nil {
		run.targeter = duringErr
	}
	run.total, run.ops = col.finish()
	return run
}
