package mockserver

import (
	"fmt"
	"log/slog"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/configfile"
	"github.com/callharness/callharness/spec"
)

// Error styles of the mock's error bodies.
const (
	ErrorStyleProblem = "problem" // RFC 9457 application/problem+json (DEC-4)
	ErrorStyleFastAPI = "fastapi" // FastAPI's {"detail": …}
)

// AdminOff is the admin token that disables the admin API.
const AdminOff = "off"

// Names of the firms the mock creates for keys given without a firm.
const (
	DemoFirm  = "demo"
	OtherFirm = "other"
)

// Environment variables the mock reads, after the config file and before the flags.
const (
	EnvAPIKeys       = "CALLHARNESS_API_KEYS"
	EnvInactiveKeys  = "CALLHARNESS_INACTIVE_KEYS"
	EnvOtherFirmKeys = "CALLHARNESS_OTHER_FIRM_KEYS"
	EnvAdminToken    = "CALLHARNESS_ADMIN_TOKEN"
)

// Config is everything the mock can be told: from a YAML file, then the
// environment, then the command line.
type Config struct {
	Addr string `yaml:"addr"`

	// Keys of the demo firm and of a second firm. With none of these and no
	// Firms, the mock generates one of each and prints them.
	APIKeys       []string `yaml:"api_keys"`
	InactiveKeys  []string `yaml:"inactive_keys"`
	OtherFirmKeys []string `yaml:"other_firm_keys"`
	Firms         []Firm   `yaml:"firms"`

	Limits     Limits      `yaml:"limits"`
	OutcomeMix *OutcomeMix `yaml:"outcome_mix"`
	Seed       int64       `yaml:"seed"`

	Clock      string `yaml:"clock"`       // real, manual or scaled:N
	ClockStart string `yaml:"clock_start"` // RFC 3339; empty means the real time at start-up

	// AdminToken guards /_mock/; empty means generate one, AdminOff disables it.
	AdminToken  string   `yaml:"admin_token"`
	BodyLimit   ByteSize `yaml:"body_limit"`
	JournalSize int      `yaml:"journal_size"`
	LogFormat   string   `yaml:"log_format"`  // text or json
	LogLevel    string   `yaml:"log_level"`   // debug, info (one line per request), warn or error
	ErrorStyle  string   `yaml:"error_style"` // problem or fastapi
}

// Firm is a firm of the config file with its keys.
type Firm struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	Keys []Key  `yaml:"keys"`
}

// Key is one API key of a firm; Active defaults to true.
type Key struct {
	Key    string `yaml:"key"`
	Active *bool  `yaml:"active"`
}

// IsActive reports whether k is an active key.
func (k Key) IsActive() bool { return k.Active == nil || *k.Active }

// Limits are the bounds the mock enforces (DEC-7, DEC-10, DEC-24, DEC-5);
// zero fields keep their defaults.
type Limits struct {
	RetryMax          int `yaml:"retry_max"`
	SpeedMax          int `yaml:"speed_max"`
	RetryIntervalMax  int `yaml:"retry_interval_max"`
	RecordsPerRequest int `yaml:"records_per_request"`
	TransferDays      int `yaml:"transfer_days"`
	NameMax           int `yaml:"name_max"`
}

// OutcomeMix weighs the simulated outcomes of an attempt; only ratios matter.
type OutcomeMix struct {
	Answered  float64 `yaml:"answered"`
	NoAnswer  float64 `yaml:"no_answer"`
	Busy      float64 `yaml:"busy"`
	Voicemail float64 `yaml:"voicemail"`
	Rejected  float64 `yaml:"rejected"`
	// Congestion is an attempt that FAILED with CALL_FAILED_CONGESTION,
	// retried: the name of the README's mix and of mock_outcome.
	Congestion float64 `yaml:"congestion"`
	// Failed is the former name of Congestion, still read from a config
	// file (which gives one of the two) and added to it.
	Failed float64 `yaml:"failed"`
}

// DefaultConfig is the configuration of a mock started with no options.
func DefaultConfig() Config {
	return Config{
		Addr:        "127.0.0.1:8080",
		Seed:        1,
		Clock:       "real",
		BodyLimit:   16 << 20,
		JournalSize: 1000,
		LogFormat:   "text",
		LogLevel:    "info",
		ErrorStyle:  ErrorStyleProblem,
	}
}

// LoadConfigFile reads a YAML config file over cfg. Unknown fields are an error.
func LoadConfigFile(cfg Config, path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	return ParseConfig(cfg, data, path)
}

// ParseConfig reads YAML data over cfg; name is used in messages. Its
// error, a *configfile.Error, has one line per problem of the file (an
// unknown field, a value of the wrong kind, a value out of its bounds),
// each with the file's name, the line and the field.
func ParseConfig(cfg Config, data []byte, name string) (Config, error) {
	f := configfile.Decode(name, data, &cfg)
	if m := cfg.OutcomeMix; m != nil {
		mix := *m
		if f.Has("outcome_mix.failed") && f.Has("outcome_mix.congestion") {
			f.Report("outcome_mix.failed", "the former name of congestion (line %d): give one of the two", f.Line("outcome_mix.congestion"))
		} else if f.Has("outcome_mix.failed") {
			mix.Congestion, mix.Failed = mix.Failed, 0
		}
		cfg.OutcomeMix = &mix
	}
	for _, p := range cfg.problems() {
		p.report(f)
	}
	return cfg, f.Err()
}

// ApplyEnv reads the CALLHARNESS_* variables over cfg; getenv is os.Getenv in production.
func ApplyEnv(cfg Config, getenv func(string) string) Config {
	if v := splitList(getenv(EnvAPIKeys)); v != nil {
		cfg.APIKeys = v
	}
	if v := splitList(getenv(EnvInactiveKeys)); v != nil {
		cfg.InactiveKeys = v
	}
	if v := splitList(getenv(EnvOtherFirmKeys)); v != nil {
		cfg.OtherFirmKeys = v
	}
	if v := strings.TrimSpace(getenv(EnvAdminToken)); v != "" {
		cfg.AdminToken = v
	}
	return cfg
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// hasKeys reports whether any API key is configured.
func (c Config) hasKeys() bool {
	if len(c.APIKeys)+len(c.InactiveKeys)+len(c.OtherFirmKeys) > 0 {
		return true
	}
	for _, f := range c.Firms {
		if len(f.Keys) > 0 {
			return true
		}
	}
	return false
}

// Validate checks every value of c and says what is wrong with the first bad one.
func (c Config) Validate() error {
	if p := c.problems(); len(p) > 0 {
		return p[0]
	}
	return nil
}

// configProblem is a bad value of the config, named as a message about a flag
// names it ("log format \"xml\": want text or json") and as the config
// file does ("log_format: want text or json, got \"xml\"").
type configProblem struct {
	field string // the path of the config file, such as limits.speed_max
	words string // its name in a message, such as "log format"
	got   string // the value as the message writes it; "" for none
	want  string
}

func (e *configProblem) Error() string {
	if e.got == "" {
		return e.words + ": " + e.want
	}
	return e.words + " " + e.got + ": " + e.want
}

// report adds the problem to those of the config file f, at its line.
func (e *configProblem) report(f *configfile.File) {
	if e.got == "" {
		f.Report(e.field, "%s", e.want)
		return
	}
	f.Report(e.field, "%s, got %s", e.want, e.got)
}

// problems are every bad value of c.
func (c Config) problems() []*configProblem {
	var out []*configProblem
	for _, check := range []func() []*configProblem{c.clockProblems, c.choiceProblems, c.sizeProblems, c.limitProblems, c.mixProblems} {
		out = append(out, check()...)
	}
	return out
}

func (c Config) clockProblems() []*configProblem {
	var out []*configProblem
	if _, _, err := clock.ParseMode(c.Clock); err != nil {
		_, want, _ := strings.Cut(err.Error(), ": ")
		out = append(out, &configProblem{"clock", "clock", strconv.Quote(c.Clock), want})
	}
	if c.ClockStart == "" {
		return out
	}
	if _, err := time.Parse(time.RFC3339Nano, c.ClockStart); err != nil {
		out = append(out, &configProblem{"clock_start", "clock start", strconv.Quote(c.ClockStart),
			"want an RFC 3339 date-time such as 2026-01-15T09:00:00Z"})
	}
	return out
}

func (c Config) choiceProblems() []*configProblem {
	var out []*configProblem
	if c.Addr == "" {
		out = append(out, &configProblem{"addr", "addr", "", "must not be empty"})
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		out = append(out, &configProblem{"log_format", "log format", strconv.Quote(c.LogFormat), "want text or json"})
	}
	if _, err := ParseLogLevel(c.LogLevel); err != nil {
		out = append(out, &configProblem{"log_level", "log level", strconv.Quote(c.LogLevel), "want debug, info, warn or error"})
	}
	if c.ErrorStyle != ErrorStyleProblem && c.ErrorStyle != ErrorStyleFastAPI {
		out = append(out, &configProblem{"error_style", "error style", strconv.Quote(c.ErrorStyle),
			"want " + ErrorStyleProblem + " or " + ErrorStyleFastAPI})
	}
	return out
}

func (c Config) sizeProblems() []*configProblem {
	var out []*configProblem
	if c.BodyLimit < 1024 {
		out = append(out, &configProblem{"body_limit", "body limit", strconv.FormatInt(int64(c.BodyLimit), 10), "must be at least 1KiB"})
	}
	if c.JournalSize < 0 || c.JournalSize > 1_000_000 {
		out = append(out, &configProblem{"journal_size", "journal size", strconv.Itoa(c.JournalSize), "want 0 to 1000000"})
	}
	return out
}

// limitMax are the largest limits a config may set: past them a limit is
// a mistake, not a test (retry_max and transfer_days are the domain's own
// caps; a year of minutes for the retry interval).
var limitMax = map[string]int{
	"retry_max": 250, "speed_max": 100_000, "retry_interval_max": 525_600,
	"records_per_request": 1_000_000, "transfer_days": 250, "name_max": 65_535,
}

func (c Config) limitProblems() []*configProblem {
	var out []*configProblem
	l := c.Limits
	for _, f := range []struct {
		name string
		v    int
	}{
		{"retry_max", l.RetryMax}, {"speed_max", l.SpeedMax}, {"retry_interval_max", l.RetryIntervalMax},
		{"records_per_request", l.RecordsPerRequest}, {"transfer_days", l.TransferDays}, {"name_max", l.NameMax},
	} {
		if hi := limitMax[f.name]; f.v < 0 || f.v > hi {
			out = append(out, &configProblem{"limits." + f.name, "limits." + f.name, strconv.Itoa(f.v),
				fmt.Sprintf("want 0 to %d (0 keeps the default)", hi)})
		}
	}
	return out
}

func (c Config) mixProblems() []*configProblem {
	m := c.OutcomeMix
	if m == nil {
		return nil
	}
	var out []*configProblem
	sum := 0.0
	for _, w := range []struct {
		name string
		v    float64
	}{
		{"answered", m.Answered}, {"no_answer", m.NoAnswer}, {"busy", m.Busy},
		{"voicemail", m.Voicemail}, {"rejected", m.Rejected}, {"congestion", m.Congestion}, {"failed", m.Failed},
	} {
		if !(w.v >= 0) || math.IsInf(w.v, 0) {
			field := "outcome_mix." + w.name
			out = append(out, &configProblem{field, field, strconv.FormatFloat(w.v, 'g', -1, 64), "want a weight of 0 or more"})
			continue
		}
		sum += w.v
	}
	if len(out) == 0 && sum <= 0 {
		out = append(out, &configProblem{"outcome_mix", "outcome_mix", "", "at least one weight must be above 0"})
	}
	return out
}

// domainLimits returns the service's limits: the defaults with c's overrides.
func (c Config) domainLimits() campaign.Limits {
	d := campaign.DefaultLimits()
	override := func(dst *int, v int) {
		if v > 0 {
			*dst = v
		}
	}
	override(&d.RetryMax, c.Limits.RetryMax)
	override(&d.SpeedMax, c.Limits.SpeedMax)
	override(&d.RetryIntervalMax, c.Limits.RetryIntervalMax)
	override(&d.RecordsPerRequest, c.Limits.RecordsPerRequest)
	override(&d.TransferDays, c.Limits.TransferDays)
	override(&d.NameMax, c.Limits.NameMax)
	return d
}

// specLimits are the schema bounds of openapi.yaml that c overrides.
func (c Config) specLimits() spec.Limits {
	l := c.Limits
	return spec.Limits{
		RetryMax: l.RetryMax, SpeedMax: l.SpeedMax, RetryIntervalMax: l.RetryIntervalMax,
		RecordsPerRequest: l.RecordsPerRequest, NameMax: l.NameMax,
	}
}

// domainMix returns the service's outcome mix; the zero mix means the default.
func (c Config) domainMix() campaign.OutcomeMix {
	m := c.OutcomeMix
	if m == nil {
		return campaign.OutcomeMix{}
	}
	return campaign.OutcomeMix{
		Answered: m.Answered, NoAnswer: m.NoAnswer, Busy: m.Busy,
		Voicemail: m.Voicemail, Rejected: m.Rejected, Failed: m.Congestion + m.Failed,
	}
}

// ParseLogLevel reads a log level: debug, info (the default, one line per
// request), warn or error (quiet: for benchmarks, where writing a line per
// request costs a write call each).
func ParseLogLevel(s string) (slog.Level, error) {
	switch s {
	case "debug":
		return slog.LevelDebug, nil
	case "", "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("log level %q: want debug, info, warn or error", s)
}
