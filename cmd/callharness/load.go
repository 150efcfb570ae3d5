package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/callharness/callharness/contract"
	"github.com/callharness/callharness/scenarios"
)

const loadUsage = `Usage: callharness load --target URL --api-key KEY --scenario NAME[,NAME…] --rate R --duration D [flags]

Runs load scenarios against an implementation of the Call Campaigns API with
vegeta (open workload model: requests go out on schedule whatever the target
answers). Each scenario sets up what it needs, attacks, checks its invariants
from what the target answers, and removes what it created. callharness load
--list prints the scenarios and their invariants.

Maximum rate: --rate 0 --workers N sends as fast as N workers can, each
waiting for its answer before it sends again (a closed model, as vegeta
attack -rate=0 -max-workers=N). Nothing is scheduled, so the achieved rate
is the figure of merit, corrected latency is the measured latency, and
--ramp must be constant. With --shard each shard runs its own N workers.

Outputs, with --out DIR: DIR/<scenario>.bin (vegeta results: vegeta report
and vegeta plot read them), DIR/summary.json and DIR/summary.txt; the table
is printed on stdout too. A live progress line is drawn when stdout is a
terminal.

Thresholds are k6-style and repeatable: p99<250ms, p95<=100ms, errors<0.1%,
rate>=95%, corrected_p99<1s, create-storm:p99<200ms,
delete-race/deleteCall:max<500ms.

Exit status: 0 every threshold and invariant held, 1 one did not (or a
scenario could not run), 2 bad usage or an unreachable target.

Example:
  callharness load --target http://127.0.0.1:8080 --api-key "$KEY" \
    --scenario create-storm,delete-race --rate 200 --duration 30s \
    --threshold 'p99<250ms' --threshold 'errors<0.1%' --out load-out
  vegeta report load-out/create-storm.bin

  callharness load --target http://127.0.0.1:8080 --api-key "$KEY" \
    --scenario list-calls --rate 0 --workers 8 --duration 10s

Shards: --shard i/N (i from 0) takes 1/N of --rate and makes identifiers no
other shard makes; callharness report merge DIR… --out DIR combines them.

Environment (for a flag not given):
  CALLHARNESS_API_KEY      the API key, as --api-key
  CALLHARNESS_ADMIN_TOKEN  the mock's admin token, as --admin-token
  JOB_COMPLETION_INDEX     with --shards N, the shard index (a Kubernetes Indexed Job)

Flags:
`

func init() {
	register(command{
		name:    "load",
		summary: "run load scenarios with vegeta and check their invariants",
		usage:   loadUsage,
		run:     runLoad,
	})
}

// loadFlags are the flags of callharness load.
type loadFlags struct {
	target, apiKey, adminToken, scenarios, ramp, out, shard, metricsAddr string
	rate                                                                 float64
	duration, timeout                                                    time.Duration
	connections, shards, workers                                         int
	campaign                                                             string
	seed                                                                 int64
	http2, list, noCleanup                                               bool
	maxBody                                                              int64
	thresholds                                                           listFlag
	knobs                                                                scenarios.Knobs
	sizes                                                                string
}

func (f *loadFlags) define(fs *flag.FlagSet) {
	d := scenarios.DefaultKnobs()
	fs.StringVar(&f.target, "target", "", "base `URL` of the API under test, e.g. http://127.0.0.1:8080")
	fs.StringVar(&f.apiKey, "api-key", "", "the API `KEY`, sent as x-cybernet-api-key (default $"+envAPIKey+")")
	fs.StringVar(&f.adminToken, "admin-token", "", "the mock's admin `token`: lets the dialer scenarios move its clock (default $"+envAdminToken+")")
	fs.StringVar(&f.scenarios, "scenario", "", "the scenarios to run, `NAMES` comma-separated, or all")
	fs.Float64Var(&f.rate, "rate", 50, "`R` requests per second, in total over all shards; 0 sends as fast as --workers can")
	fs.IntVar(&f.workers, "workers", 0, "`N` workers: with --rate 0 all there are, each sending as soon as its last request was answered (needed; per shard); with a rate, how many vegeta starts with before it adds more (default 10)")
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long each attack sends, `D` (delete-race, delete-vs-dialer and dialer-throughput stop once their work is sent)")
	fs.StringVar(&f.ramp, "ramp", "constant", "how the rate rises, a `kind`: constant, linear, linear:FROM or steps[:N]")
	fs.IntVar(&f.connections, "connections", 10000, "`N` idle connections kept open per host")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "timeout `D` of each request")
	fs.BoolVar(&f.http2, "http2", false, "send HTTP/2 where the target offers it")
	fs.Int64Var(&f.maxBody, "max-body", 1<<20, "`bytes` of each response body kept in the results (-1: all, 0: none; list-calls' LC-1 reads the total from them)")
	fs.Var(&f.thresholds, "threshold", "k6-style threshold `EXPR`, repeatable: [SCENARIO[/OPERATION]:]METRIC CMP VALUE")
	fs.StringVar(&f.out, "out", "", "`dir` for <scenario>.bin, summary.json and summary.txt")
	fs.Int64Var(&f.seed, "seed", 1, "`seed` of every random choice and of the identifiers")
	fs.StringVar(&f.shard, "shard", "0/1", "this worker's shard `i/N`, i from 0")
	fs.IntVar(&f.shards, "shards", 0, "the number of shards `N`, the index taken from $JOB_COMPLETION_INDEX")
	fs.StringVar(&f.metricsAddr, "metrics-addr", "", "serve Prometheus metrics of the run at http://`host:port`/metrics while it runs")
	fs.BoolVar(&f.list, "list", false, "print the scenarios and their invariants, and exit")
	fs.BoolVar(&f.noCleanup, "no-cleanup", false, "leave what the scenarios created")
	fs.IntVar(&f.knobs.Records, "records", d.Records, "create-storm: `N` records per created campaign")
	fs.IntVar(&f.knobs.Campaigns, "campaigns", d.Campaigns, "append-storm, mixed: `N` campaigns shared by the attack")
	fs.IntVar(&f.knobs.Initial, "initial", d.Initial, "`N` records each shared campaign (and list-calls' own campaign) starts with")
	fs.IntVar(&f.knobs.Batch, "batch", d.Batch, "`N` records per append")
	fs.IntVar(&f.knobs.Calls, "calls", d.Calls, "delete-race, delete-vs-dialer: at most `N` calls to delete")
	fs.IntVar(&f.knobs.Numbers, "numbers", d.Numbers, "dialer-throughput: `N` numbers in the campaign")
	fs.IntVar(&f.knobs.Speed, "speed", d.Speed, "dialer scenarios: the campaign's speed `N`")
	fs.IntVar(&f.knobs.Retry, "retry", d.Retry, "dialer scenarios: the campaign's retry `N`")
	fs.IntVar(&f.knobs.RetryInterval, "retry-interval", d.RetryInterval, "dialer scenarios: the campaign's retry_interval, `N` minutes")
	fs.StringVar(&f.sizes, "page-sizes", "7,25,50,100", "pagination-churn: the page sizes walked, a comma-separated `list`; list-calls reads pages of the first one (50 when not given)")
	fs.StringVar(&f.campaign, "campaign", "", "list-calls: the `UUID` of an existing campaign to read; nothing is then created or removed")
	fs.DurationVar(&f.knobs.Step, "clock-step", d.Step, "dialer scenarios with --admin-token: how far, `D`, each advance moves the target's clock")
	fs.DurationVar(&f.knobs.DialerTimeout, "dialer-timeout", d.DialerTimeout, "dialer scenarios: real time `D` allowed for a campaign to finish")
	fs.DurationVar(&f.knobs.WindowLead, "window-lead", d.WindowLead, "how far ahead, `D`, of the target's clock non-dialer campaigns are scheduled")
}

// options turns the flags into run options; a key or token not given as a
// flag comes from the environment (getenv is os.Getenv in production).
func (f *loadFlags) options(fs *flag.FlagSet, getenv func(string) string) (scenarios.Options, error) {
	fromEnv(fs, getenv, secretFlag{"api-key", envAPIKey, &f.apiKey}, secretFlag{"admin-token", envAdminToken, &f.adminToken})
	o := scenarios.Options{
		Target: strings.TrimRight(f.target, "/"), APIKey: f.apiKey, AdminToken: f.adminToken,
		Rate: f.rate, Duration: f.duration, OutDir: f.out, Seed: f.seed, Knobs: f.knobs,
		Attack: scenarios.AttackConfig{Connections: f.connections, Timeout: f.timeout, HTTP2: f.http2, MaxBody: f.maxBody},
	}
	o.Knobs.NoCleanup = f.noCleanup
	o.Knobs.Campaign = strings.TrimSpace(f.campaign)
	if f.workers < 0 || f.workers > scenarios.MaxWorkers {
		return o, fmt.Errorf("--workers %d: want 1 to %d", f.workers, scenarios.MaxWorkers)
	}
	o.Attack.Workers = uint64(f.workers)
	var err error
	if f.scenarios == "" {
		return o, errors.New("no --scenario; callharness load --list shows them")
	}
	if o.Scenarios, err = scenarios.ParseNames(f.scenarios); err != nil {
		return o, err
	}
	if o.Attack.Ramp, err = scenarios.ParseRamp(f.ramp); err != nil {
		return o, err
	}
	if o.Shard, err = shardOf(f.shard, f.shards, getenv); err != nil {
		return o, err
	}
	if visited(fs)["page-sizes"] {
		for _, s := range strings.Split(f.sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return o, fmt.Errorf("--page-sizes %q: want whole numbers such as 10,50,100", f.sizes)
			}
			o.Knobs.Sizes = append(o.Knobs.Sizes, n)
		}
	}
	for _, e := range f.thresholds {
		t, err := scenarios.ParseThreshold(e)
		if err != nil {
			return o, err
		}
		o.Thresholds = append(o.Thresholds, t)
	}
	if o.Target == "" {
		return o, errors.New("no --target")
	}
	if o.APIKey == "" {
		return o, errors.New("no --api-key (nor $CALLHARNESS_API_KEY)")
	}
	if f.maxBody < -1 {
		return o, errors.New("--max-body: want -1 (no limit) or a number of bytes")
	}
	if f.maxBody == 0 {
		o.Attack.MaxBody = scenarios.NoBody // none, where the library's 0 is its default
	}
	return o, nil
}

// shardOf reads --shard, or with --shards N the index of a Kubernetes Indexed Job.
func shardOf(flagValue string, shards int, getenv func(string) string) (scenarios.Shard, error) {
	if shards > 0 {
		idx := getenv("JOB_COMPLETION_INDEX")
		if idx == "" {
			return scenarios.Shard{}, errors.New("--shards needs $JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job); or give --shard i/N")
		}
		return scenarios.ParseShard(idx + "/" + strconv.Itoa(shards))
	}
	return scenarios.ParseShard(flagValue)
}

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f loadFlags
	f.define(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, loadUsage+flagDefaults(fs))
			return 0
		}
		return usageError(stderr, "load", err)
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "load", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if f.list {
		if err := scenarios.PrintCatalogue(stdout); err != nil {
			return 1
		}
		return 0
	}
	o, err := f.options(fs, os.Getenv)
	if err != nil {
		return usageError(stderr, "load", err)
	}
	if isTerminal(stdout) {
		o.Progress = stdout
	}
	if f.metricsAddr != "" {
		stop, err := serveMetrics(f.metricsAddr, &o, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "callharness load: --metrics-addr %s: %v\n", f.metricsAddr, err)
			return 2
		}
		defer stop()
	}
	// The same probe as the contract suite's, so that a target that is not
	// there is said once, in the same words, before any setup.
	if err := contract.Reach(ctx, o.Target, &http.Client{Timeout: f.timeout}); err != nil {
		fmt.Fprintf(stderr, "callharness load: %v\n", err)
		return 2
	}
	if o.Shard.Count > 1 {
		fmt.Fprintln(stderr, shardLine(o, f.shards > 0))
	}
	sum, err := scenarios.Run(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "callharness load: %s\n", runError(err))
		if errors.Is(err, scenarios.ErrUsage) || errors.Is(err, scenarios.ErrUnreachable) {
			return 2
		}
		return 1
	}
	return tableVerdict(stdout, sum)
}

// tableVerdict prints sum's table and returns the exit code of its verdict:
// 0 when every threshold and invariant held, 1 otherwise.
func tableVerdict(stdout io.Writer, sum *scenarios.Summary) int {
	if err := sum.WriteTable(stdout); err != nil || !sum.Passed() {
		return 1
	}
	return 0
}

// shardLine says which shard this worker is, and its share of the rate, so
// that the log of each worker of a sharded run says so.
func shardLine(o scenarios.Options, fromEnv bool) string {
	from := "--shard"
	if fromEnv {
		from = "--shards and $JOB_COMPLETION_INDEX"
	}
	if o.Rate == 0 {
		return fmt.Sprintf("callharness load: shard %d/%d (from %s), at the maximum rate with its own %d workers",
			o.Shard.Index, o.Shard.Count, from, o.Attack.Workers)
	}
	rate := func(r float64) string { return strconv.FormatFloat(math.Round(r*100)/100, 'f', -1, 64) }
	return fmt.Sprintf("callharness load: shard %d/%d (from %s), %s of the %s requests per second",
		o.Shard.Index, o.Shard.Count, from, rate(o.Shard.Share(o.Rate)), rate(o.Rate))
}

// runError words an error of scenarios.Run. The target was reached before
// it, so an ErrUnreachable is a target that answered but refused the run's
// first request (a wrong key, an admin token it does not take).
func runError(err error) string {
	msg := err.Error()
	if errors.Is(err, scenarios.ErrUnreachable) {
		return "the target refused the run: " + strings.TrimPrefix(msg, scenarios.ErrUnreachable.Error()+": ")
	}
	return msg
}

// serveMetrics serves the run's Prometheus metrics, on a registry of its
// own, until the returned stop is called.
func serveMetrics(addr string, o *scenarios.Options, stderr io.Writer) (func(), error) {
	reg := prometheus.NewRegistry()
	m, err := scenarios.NewPromMetrics(reg)
	if err != nil {
		return nil, err
	}
	o.Metrics = m
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintf(stderr, "callharness load: metrics at http://%s/metrics\n", ln.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
