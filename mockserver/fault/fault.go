// Package fault makes the mock misbehave on purpose: it delays, fails,
// rate-limits or resets the requests that its rules match. Every random
// choice comes from a PRNG seeded by the rules' seed (or the mock's), one
// stream per rule, so the same rules and the same traffic give the same
// faults run after run.
package fault

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/mockserver/problem"
)

// Kinds of fault, as the x-mock-fault header and the journal name them.
const (
	KindLatency   = "latency"
	KindError     = "error"
	KindRateLimit = "rate_limit"
	KindReset     = "reset"
)

// DefaultMaxLatency is the ceiling of every injected delay.
const DefaultMaxLatency = 60 * time.Second

// DefaultBodyLimit is how much of a request's body is read before an
// injected delay when not told otherwise: the mock's default body limit.
const DefaultBodyLimit = 16 << 20

// SleepFunc waits for d or until ctx is done, whichever comes first, and
// returns ctx's error in the second case.
type SleepFunc func(ctx context.Context, d time.Duration) error

// Sleep is the real SleepFunc. Latency is wall-clock by nature, so it does
// not follow the mock's simulated clock.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Option configures an Injector.
type Option func(*Injector)

// WithSeed sets the seed used when a Faults leaves its own seed zero; it is
// normally the mock's --seed.
func WithSeed(seed int64) Option { return func(in *Injector) { in.seed = seed } }

// WithRoutes adds route templates that rules may name, beyond the six
// documented operations.
func WithRoutes(routes ...string) Option {
	return func(in *Injector) {
		for _, r := range routes {
			in.routes[r] = true
		}
	}
}

// WithSleep replaces the real sleep, for tests.
func WithSleep(f SleepFunc) Option { return func(in *Injector) { in.sleep = f } }

// WithMaxLatency sets the ceiling of injected delays (DefaultMaxLatency).
func WithMaxLatency(d time.Duration) Option { return func(in *Injector) { in.maxLatency = d } }

// WithBodyLimit sets how much of a request's body is read before an
// injected delay (DefaultBodyLimit); it should be the limit the handler
// enforces, so that what is read ahead is what the handler would read.
func WithBodyLimit(n int64) Option { return func(in *Injector) { in.bodyLimit = n } }

// Injector holds the current fault rules and applies them to requests. It
// is safe for concurrent use; Set, Get and Clear may run while requests are
// served.
type Injector struct {
	seed       int64
	routes     map[string]bool
	sleep      SleepFunc
	maxLatency time.Duration
	bodyLimit  int64

	mu    sync.Mutex
	set   api.Faults
	rules []*rule
}

type rule struct {
	index  int
	route  string
	method string

	latency *dist
	// One uniform draw u per request: u < resetBelow resets, u <
	// rateLimitBelow rate-limits, u < errorBelow fails; otherwise it passes.
	resetBelow, rateLimitBelow, errorBelow float64
	errorStatus                            int
	retryAfter                             int

	rng *rand.Rand // guarded by Injector.mu
}

// New returns an injector with no rules.
func New(opts ...Option) *Injector {
	in := &Injector{
		routes: map[string]bool{
			api.RouteCreateCampaign: true, api.RouteAppendCalls: true, api.RouteListCalls: true,
			api.RouteDeleteCall: true, api.RouteDeleteByPhone: true, api.RouteDetails: true,
		},
		sleep:      Sleep,
		maxLatency: DefaultMaxLatency,
		bodyLimit:  DefaultBodyLimit,
	}
	for _, o := range opts {
		o(in)
	}
	in.set = api.Faults{Seed: in.seed, Rules: []api.FaultRule{}}
	return in
}

// Set replaces every rule with f's, after checking them all; on a
// *ValidationError nothing changes. Each Set restarts the random streams,
// so setting the same rules again replays the same faults.
func (in *Injector) Set(f api.Faults) error {
	norm, rules, err := in.compile(f)
	if err != nil {
		return err
	}
	in.mu.Lock()
	in.set, in.rules = norm, rules
	in.mu.Unlock()
	return nil
}

// Get returns the rules in force, with defaults filled in and the seed in use.
func (in *Injector) Get() api.Faults {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := api.Faults{Seed: in.set.Seed, Rules: make([]api.FaultRule, len(in.set.Rules))}
	for i, r := range in.set.Rules {
		if r.Latency != nil {
			l := *r.Latency
			r.Latency = &l
		}
		out.Rules[i] = r
	}
	return out
}

// Clear removes every rule.
func (in *Injector) Clear() {
	in.mu.Lock()
	in.set, in.rules = api.Faults{Seed: in.seed, Rules: []api.FaultRule{}}, nil
	in.mu.Unlock()
}

// decision is what the first matching rule does to one request.
type decision struct {
	rule    *rule
	delay   time.Duration
	outcome string // "", KindReset, KindRateLimit or KindError
}

func (d decision) kinds() []string {
	var k []string
	if d.rule.latency != nil {
		k = append(k, KindLatency)
	}
	if d.outcome != "" {
		k = append(k, d.outcome)
	}
	return k
}

// decide draws the fate of one request on route with method.
func (in *Injector) decide(route, method string) (decision, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, r := range in.rules {
		if (r.route != "*" && r.route != route) || (r.method != "" && r.method != method) {
			continue
		}
		d := decision{rule: r}
		if r.latency != nil {
			d.delay = r.latency.sample(r.rng)
		}
		if r.errorBelow > 0 {
			switch u := r.rng.Float64(); {
			case u < r.resetBelow:
				d.outcome = KindReset
			case u < r.rateLimitBelow:
				d.outcome = KindRateLimit
			case u < r.errorBelow:
				d.outcome = KindError
			}
		}
		return d, true
	}
	return decision{}, false
}

// Wrap returns next with the rules applied to it; route is the template of
// the route next serves. A faulted response carries x-mock-fault naming
// what was done; the header is set on the ResponseWriter's header map even
// when the connection is reset, so an outer observer can still read it.
func (in *Injector) Wrap(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := in.decide(route, r.Method)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		kinds := d.kinds()
		if len(kinds) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set(api.HeaderMockFault, strings.Join(kinds, ","))
		if d.delay > 0 {
			r = in.readAhead(r)
			if err := in.sleep(r.Context(), d.delay); err != nil {
				// The client has gone: abort, so that no one records an answer.
				panic(http.ErrAbortHandler)
			}
		}
		switch d.outcome {
		case KindReset:
			resetConnection(w)
		case KindRateLimit:
			w.Header().Set("Retry-After", strconv.Itoa(d.rule.retryAfter))
			writeProblem(w, http.StatusTooManyRequests,
				fmt.Sprintf("fault injected by the mock: rate_limit (rule %d on %s); retry after %d s", d.rule.index, route, d.rule.retryAfter))
		case KindError:
			writeProblem(w, d.rule.errorStatus,
				fmt.Sprintf("fault injected by the mock: error %d (rule %d on %s)", d.rule.errorStatus, d.rule.index, route))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// readAhead reads r's body, up to the body limit and a byte, before a
// delay, and returns r with the bytes read put back in front of the rest.
// net/http watches the connection only once a body has been read to its
// end: then a client that goes away during the delay cancels the request's
// context, and the request is dropped instead of executed for no one. A
// body declared over the limit is left alone; the handler refuses it
// without reading it.
func (in *Injector) readAhead(r *http.Request) *http.Request {
	if r.Body == nil || r.Body == http.NoBody || in.bodyLimit <= 0 || r.ContentLength > in.bodyLimit {
		return r
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, in.bodyLimit+1))
	rest := io.Reader(r.Body)
	if err != nil {
		rest = errReader{err}
	}
	c := r.WithContext(r.Context())
	c.Body = readCloser{Reader: io.MultiReader(bytes.NewReader(data), rest), Closer: r.Body}
	return c
}

type readCloser struct {
	io.Reader
	io.Closer
}

// errReader fails every read with the error reading ahead met.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func writeProblem(w http.ResponseWriter, status int, detail string) {
	problem.Write(w, problem.New(status, detail, nil))
}

// resetConnection drops the client's connection without an answer: the
// socket is closed with SO_LINGER 0, so the peer sees a TCP reset. Where
// the connection cannot be hijacked (HTTP/2), the handler aborts instead,
// which makes the server drop the stream.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	raw := conn
	if nc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		raw = nc.NetConn() // a TLS connection: reset the socket under it
	}
	if tc, ok := raw.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = raw.Close()
}
