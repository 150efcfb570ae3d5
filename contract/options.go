package contract

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Default bounds of a run.
const (
	DefaultExamples       = 25
	DefaultSeed           = 1
	DefaultRequestTimeout = 10 * time.Second
	DefaultCheckTimeout   = 60 * time.Second
	DefaultRunTimeout     = 10 * time.Minute
)

// Options configure one run of the suite. Flags of the command fill them;
// the later `callharness run` builds them in-process.
type Options struct {
	Target       string // base URL of the implementation, e.g. http://127.0.0.1:8080
	APIKey       string // an active key
	OtherFirmKey string // an active key of another firm
	InactiveKey  string // a known, inactive key
	// AdminToken enables the mock's admin API; without it the suite never
	// sends a request under /_mock/.
	AdminToken string
	// Profile "" is Strict with an AdminToken, Documented without.
	Profile  Profile
	Seed     int64 // of the generated inputs; 0 is DefaultSeed
	Examples int   // generated examples per property; 0 is DefaultExamples
	Config   *Config
	// Only selects checks (ids, "prefix.*", operation ids); empty is all.
	Only []string
	// Skip deselects checks, reported as skipped; the config's list is added.
	Skip []string

	RequestTimeout time.Duration
	CheckTimeout   time.Duration
	Timeout        time.Duration // the whole run

	// Transport sends the requests; nil is a fresh http.Transport.
	Transport http.RoundTripper
	// Progress gets one line per check as it ends; nil is silent.
	Progress io.Writer
	// Now stamps the run; nil is time.Now.
	Now func() time.Time
}

// UsageError is a run that cannot start: a bad option or config, or a
// target that cannot be reached. The command exits 2 on it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }

// resolve fills the defaults of o from its config and checks it.
func (o Options) resolve() (Options, error) {
	if o.Config == nil {
		o.Config = &Config{}
	}
	c := o.Config
	o.APIKey = first(o.APIKey, c.Keys.APIKey)
	o.OtherFirmKey = first(o.OtherFirmKey, c.Keys.OtherFirmKey)
	o.InactiveKey = first(o.InactiveKey, c.Keys.InactiveKey)
	if err := CheckPatterns("--only", o.Only); err != nil {
		return o, err
	}
	if err := CheckPatterns("--skip", o.Skip); err != nil {
		return o, err
	}
	o.Skip = append(append([]string(nil), o.Skip...), c.Skip...)
	if err := leavesACheck(o.Only, o.Skip); err != nil {
		return o, err
	}
	o.RequestTimeout = firstDur(o.RequestTimeout, time.Duration(c.Timeouts.Request), DefaultRequestTimeout)
	o.CheckTimeout = firstDur(o.CheckTimeout, time.Duration(c.Timeouts.Check), DefaultCheckTimeout)
	o.Timeout = firstDur(o.Timeout, time.Duration(c.Timeouts.Run), DefaultRunTimeout)
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Examples == 0 {
		o.Examples = DefaultExamples
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Profile == "" {
		o.Profile = Documented
		if o.AdminToken != "" {
			o.Profile = Strict
		}
	}
	if _, ok := ParseProfile(string(o.Profile)); !ok {
		return o, usagef("unknown profile %q: use documented or strict", o.Profile)
	}
	u, err := url.Parse(o.Target)
	if o.Target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return o, usagef("--target must be an http or https URL such as http://127.0.0.1:8080, got %q", o.Target)
	}
	if o.APIKey == "" {
		return o, usagef("an API key is needed: --api-key KEY, $CALLHARNESS_API_KEY or keys.api_key in the config file")
	}
	if o.Examples < 1 || o.Examples > 10000 {
		return o, usagef("--examples must be between 1 and 10000, got %d", o.Examples)
	}
	if o.Transport == nil {
		o.Transport = &http.Transport{Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}
	}
	return o, nil
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func firstDur(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d > 0 {
			return d
		}
	}
	return 0
}
