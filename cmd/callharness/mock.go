package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/mockserver"
)

const mockUsage = `Usage: callharness mock [flags]

Starts a stateful mock of the Call Campaigns API: the six documented
operations, a simulated dialer on a real, scaled or manual clock, an admin
API under /_mock/ (header x-mock-admin-token), /metrics, /openapi.yaml and
/healthz. Settings come from --config FILE, then the CALLHARNESS_* environment
variables, then the flags.

With no API key configured it creates firm "demo" with an active and an
inactive key and firm "other" with one key, and prints the three once, so
that every documented 401 and 403 can be tried. Without --admin-token it
generates an admin token and prints it; --admin-token off disables /_mock/.
It prints "callharness mock listening on http://ADDR" once it accepts
connections, and shuts down gracefully on SIGINT or SIGTERM.

Example:
  callharness mock --addr 127.0.0.1:8080 --clock scaled:60 --seed 7
  curl -s -H "x-cybernet-api-key: KEY" \
    http://127.0.0.1:8080/api/v1/call-campaign/UUID/calls

Environment:
  CALLHARNESS_API_KEYS, CALLHARNESS_INACTIVE_KEYS, CALLHARNESS_OTHER_FIRM_KEYS
      comma-separated keys, as --api-key, --inactive-key, --other-firm-key
  CALLHARNESS_ADMIN_TOKEN
      the admin token, as --admin-token

Flags:
`

func init() {
	register(command{
		name:    "mock",
		summary: "start the stateful mock of the Call Campaigns API",
		usage:   mockUsage,
		run:     runMock,
	})
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	if s == "" {
		return errors.New("must not be empty")
	}
	*l = append(*l, s)
	return nil
}

// mockFlags are the flags of callharness mock.
type mockFlags struct {
	configFile                           string
	addr, clock, clockStart, adminToken  string
	logFormat, logLevel, errorStyle      string
	seed                                 int64
	bodyLimit                            mockserver.ByteSize
	apiKeys, inactiveKeys, otherFirmKeys listFlag
}

func (f *mockFlags) define(fs *flag.FlagSet) {
	d := mockserver.DefaultConfig()
	f.bodyLimit = d.BodyLimit
	fs.StringVar(&f.addr, "addr", d.Addr, "`host:port` to listen on (port 0 picks a free one)")
	fs.Var(&f.apiKeys, "api-key", "`KEY` is an active API key of firm demo (repeatable; any key replaces the generated ones)")
	fs.Var(&f.inactiveKeys, "inactive-key", "`KEY` is an inactive API key of firm demo (repeatable)")
	fs.Var(&f.otherFirmKeys, "other-firm-key", "`KEY` is an active API key of firm other (repeatable)")
	fs.StringVar(&f.configFile, "config", "", "YAML config `file` (firms, keys, limits, outcome mix, ...)")
	fs.StringVar(&f.clock, "clock", d.Clock, "clock `mode`: real, manual or scaled:N (N simulated seconds per second)")
	fs.StringVar(&f.clockStart, "clock-start", "", "RFC 3339 `instant` the clock starts at (default: now)")
	fs.Int64Var(&f.seed, "seed", d.Seed, "`seed` of the simulated outcomes, the ids and the injected faults")
	fs.StringVar(&f.adminToken, "admin-token", "", "admin API `token`; off disables /_mock/ (default: generated and printed)")
	fs.StringVar(&f.logFormat, "log-format", d.LogFormat, "log `format`: text or json")
	fs.StringVar(&f.logLevel, "log-level", d.LogLevel, "log `level`: debug, info (a line per request), warn or error")
	fs.StringVar(&f.errorStyle, "error-style", d.ErrorStyle, "error body `style`: problem (RFC 9457 problem+json) or fastapi ({\"detail\": ...})")
	fs.Var(&f.bodyLimit, "body-limit", "largest request `size` accepted, such as 16MiB; larger is 413")
}

// apply writes the flags that were set over cfg.
func (f *mockFlags) apply(fs *flag.FlagSet, cfg mockserver.Config) mockserver.Config {
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "addr":
			cfg.Addr = f.addr
		case "api-key":
			cfg.APIKeys = f.apiKeys
		case "inactive-key":
			cfg.InactiveKeys = f.inactiveKeys
		case "other-firm-key":
			cfg.OtherFirmKeys = f.otherFirmKeys
		case "clock":
			cfg.Clock = f.clock
		case "clock-start":
			cfg.ClockStart = f.clockStart
		case "seed":
			cfg.Seed = f.seed
		case "admin-token":
			cfg.AdminToken = f.adminToken
		case "log-format":
			cfg.LogFormat = f.logFormat
		case "log-level":
			cfg.LogLevel = f.logLevel
		case "error-style":
			cfg.ErrorStyle = f.errorStyle
		case "body-limit":
			cfg.BodyLimit = f.bodyLimit
		}
	})
	return cfg
}

// mockConfig parses args into a Config: defaults, file, environment, flags.
func mockConfig(args []string, getenv func(string) string, stdout io.Writer) (mockserver.Config, error) {
	fs := flag.NewFlagSet("callharness mock", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f mockFlags
	f.define(fs)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, mockUsage+flagDefaults(fs))
		}
		return mockserver.Config{}, err
	}
	if fs.NArg() > 0 {
		return mockserver.Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := mockserver.DefaultConfig()
	if f.configFile != "" {
		var err error
		if cfg, err = mockserver.LoadConfigFile(cfg, f.configFile); err != nil {
			return cfg, err
		}
	}
	cfg = f.apply(fs, mockserver.ApplyEnv(cfg, getenv))
	return cfg, cfg.Validate()
}

// flagDefaults lists the flags of fs as the usage shows them: --name.
func flagDefaults(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	return strings.ReplaceAll("\n"+b.String(), "\n  -", "\n  --")[1:]
}

func runMock(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := mockConfig(args, os.Getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return usageError(stderr, "mock", err)
	}
	level, _ := mockserver.ParseLogLevel(cfg.LogLevel) // checked by cfg.Validate
	m, err := mockserver.New(cfg, newLogger(cfg.LogFormat, level, stderr))
	if err != nil {
		return usageError(stderr, "mock", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "callharness mock: cannot listen on %s: %v%s\n", cfg.Addr, err, listenHint(err))
		return 1
	}
	printSecrets(stdout, m, cfg)
	fmt.Fprintf(stdout, "callharness mock listening on http://%s\n", ln.Addr())
	if err := m.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "callharness mock: %v\n", err)
		return 1
	}
	return 0
}

func listenHint(err error) string {
	if errors.Is(err, syscall.EADDRINUSE) {
		return " (the port is in use: stop what holds it or choose another --addr)"
	}
	return ""
}

// printSecrets shows, once, the keys and the admin token the mock made up.
func printSecrets(w io.Writer, m *mockserver.Mock, cfg mockserver.Config) {
	if keys := m.Keys(); keys.Generated {
		fmt.Fprintln(w, "callharness mock: generated API keys (header "+api.HeaderAPIKey+"), shown once:")
		fmt.Fprintf(w, "  active key of firm %s:    %s\n", mockserver.DemoFirm, keys.Active[0])
		fmt.Fprintf(w, "  inactive key of firm %s:  %s\n", mockserver.DemoFirm, keys.Inactive[0])
		fmt.Fprintf(w, "  active key of firm %s:   %s\n", mockserver.OtherFirm, keys.OtherFirm[0])
	}
	switch {
	case m.AdminToken() == "":
		fmt.Fprintln(w, "callharness mock: admin API off")
	case cfg.AdminToken == "":
		fmt.Fprintf(w, "callharness mock: generated admin token (header %s): %s\n", api.HeaderAdminToken, m.AdminToken())
	}
}

func newLogger(format string, level slog.Level, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
