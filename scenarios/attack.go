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
	MaxBody     int64 // bytes of each response body kept in the results: -1 all, NoBody none, 0 the default (1 MiB)
	// Workers are the workers vegeta starts with; it adds more when they
	// are all busy (open model). At maximum rate (rate 0) they are all
	// there are, each sending as soon as its last request was answered.
	Workers uint64
}

// NoBody as AttackConfig.MaxBody keeps no byte of any body, as vegeta's
// MaxBody(0) does: a MaxBody of 0 is the default of a config that sets none.
const NoBody int64 = -2

// maxBody is vegeta's MaxBody of c: bytes kept, -1 for all.
func (c AttackConfig) maxBody() int64 {
	if c.MaxBody == NoBody {
		return 0
	}
	return c.MaxBody
}

// schedule is the pacer of an attack at rate per second for d: the ramp's
// schedule, or at rate 0 the closed model of c.Workers workers.
func (c AttackConfig) schedule(rate float64, d time.Duration) Schedule {
	if rate == 0 {
		return MaxRate{Workers: c.Workers}
	}
	return c.Ramp.Schedule(rate, d)
}

// attacker is a new vegeta.Attacker for one attack on sched.
func (c AttackConfig) attacker(sched Schedule) *vegeta.Attacker {
	opts := []func(*vegeta.Attacker){
		vegeta.Timeout(c.Timeout),
		vegeta.Connections(c.Connections),
		vegeta.HTTP2(c.HTTP2),
		vegeta.MaxBody(c.maxBody()),
		vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow),
		vegeta.Workers(max(c.Workers, 1)),
	}
	if w, ok := isMaxRate(sched); ok {
		// A closed model: exactly w workers, each waiting for its answer.
		opts = append(opts, vegeta.MaxWorkers(w))
	}
	// Otherwise MaxWorkers stays unbounded: an open model must not wait for answers.
	return vegeta.NewAttacker(opts...)
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
	// cut counts the answers whose body filled --max-body: cut short, or
	// exactly that long, which the result cannot tell apart.
	cut int
}

// runAttack sends one scenario's attack with a new vegeta.Attacker at rate
// per second (0: as fast as the workers can) for d, writes every result to
// enc, measures it and hands it to the scenario. It returns when the attack
// is over.
func runAttack(ctx context.Context, name, base string, cfg AttackConfig, rate float64, d time.Duration,
	atk Attack, enc vegeta.Encoder, prom *promMetrics, live func(*collector)) attackRun {
	if atk.Duration > 0 {
		d = atk.Duration
	}
	sched := cfg.schedule(rate, d)
	attacker := cfg.attacker(sched)
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
	bodyLimit := cfg.maxBody()
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
		if bodyLimit >= 0 && int64(len(r.Body)) >= bodyLimit && r.Code != 0 {
			run.cut++
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
