package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/callharness/callharness/contract"
	"github.com/callharness/callharness/reports"
)

const contractUsage = `Usage: callharness contract --target URL --api-key KEY [flags]

Checks an implementation of the Call Campaigns API against its documented
contract, check by check: every documented status code of every operation,
every response against openapi.yaml, stateful flows, pagination, defaults,
bounds, the details filters, and generated inputs (shrunk to a minimal
failing one, with the seed that reproduces it).

Profiles: documented fails only on rules of the published documentation
(DOC) and reports broken decisions of the project (DEC-n, all listed in
docs/rules.md) as warnings; strict fails on both, and is the default with
--admin-token.

States the documented API cannot produce (a call in progress, a completed,
failed or canceled campaign) are arranged through our mock's admin API when
--admin-token is given, or named in --config; a check whose fixture is
missing is skipped with the reason. The suite changes nothing it did not
create, and sends nothing under /_mock/ without --admin-token.

Exit codes: 0 every check passed (warnings and skips allowed), 1 a check
failed or errored, or no request got past authentication, 2 bad usage (an
--only or --skip id that is no check of --list included), a bad config
file, or a target that cannot be reached.

Examples:
  callharness mock --addr 127.0.0.1:8080 --clock manual --admin-token T \
    --api-key K1 --inactive-key K2 --other-firm-key K3 &
  callharness contract --target http://127.0.0.1:8080 --api-key K1 \
    --inactive-key K2 --other-firm-key K3 --admin-token T --report-dir out
  export CALLHARNESS_API_KEY=KEY   # the keys can come from the environment
  callharness contract --target https://partner.example \
    --config contract.yaml --profile documented --junit junit.xml
  callharness contract --list

Environment (for a flag not given; then the config file's keys):
  CALLHARNESS_API_KEY         as --api-key
  CALLHARNESS_INACTIVE_KEY    as --inactive-key
  CALLHARNESS_OTHER_FIRM_KEY  as --other-firm-key
  CALLHARNESS_ADMIN_TOKEN     as --admin-token (also the mock's; it turns on
                              the strict profile and the admin API)

Flags:
`

func init() {
	register(command{
		name:    "contract",
		summary: "check an implementation of the API against the documented contract",
		usage:   contractUsage,
		run:     runContract,
	})
}

// contractFlags are the flags of callharness contract.
type contractFlags struct {
	target, apiKey, otherFirmKey, inactiveKey, adminToken string
	configFile, profile, reportDir, junit, jsonFile       string
	seed                                                  int64
	examples                                              int
	timeout                                               time.Duration
	list, quiet                                           bool
	only, skip                                            listFlag
}

func (f *contractFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&f.target, "target", "", "base `URL` of the implementation, e.g. http://127.0.0.1:8080")
	fs.StringVar(&f.apiKey, "api-key", "", "an active API `KEY` of the target (default $"+envAPIKey+")")
	fs.StringVar(&f.otherFirmKey, "other-firm-key", "", "an active API `KEY` of another firm, for the 403 checks (default $"+envOtherFirmKey+")")
	fs.StringVar(&f.inactiveKey, "inactive-key", "", "a known but inactive API `KEY`, for the 403 checks (default $"+envInactiveKey+")")
	fs.StringVar(&f.adminToken, "admin-token", "", "the admin `token` of our mock: arrange fixtures, move its clock (default $"+envAdminToken+")")
	fs.StringVar(&f.configFile, "config", "", "YAML `file`: keys, fixtures, timeouts, checks to skip")
	fs.StringVar(&f.profile, "profile", "", "the `profile`, documented or strict (default strict with --admin-token, else documented)")
	fs.Int64Var(&f.seed, "seed", contract.DefaultSeed, "`seed` of the generated inputs")
	fs.IntVar(&f.examples, "examples", contract.DefaultExamples, "generated examples per property (`N`)")
	fs.StringVar(&f.reportDir, "report-dir", "", "`dir` to write contract.json, junit.xml and contract.txt into")
	fs.StringVar(&f.junit, "junit", "", "write a JUnit XML report to `file`")
	fs.StringVar(&f.jsonFile, "json", "", "write the full result model as JSON to `file`")
	fs.DurationVar(&f.timeout, "timeout", contract.DefaultRunTimeout, "bound `D` of the whole run")
	fs.BoolVar(&f.list, "list", false, "print the catalogue of checks and exit")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress line per check (drawn on stderr only when it is a terminal)")
	fs.Var(&f.only, "only", "run only the checks matching `ID` (an id, a prefix ending in * or ., an operation id; repeatable)")
	fs.Var(&f.skip, "skip", "skip the checks matching `ID` (repeatable)")
}

func runContract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("callharness contract", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f contractFlags
	f.define(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, contractUsage+flagDefaults(fs))
			return 0
		}
		return usageError(stderr, "contract", err)
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "contract", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if f.list {
		if err := contract.CheckPatterns("--only", f.only); err != nil {
			fmt.Fprintf(stderr, "callharness contract: %v\n", err)
			return 2
		}
		if err := contract.WriteCatalogue(stdout, contract.Select(contract.Catalogue(), f.only)); err != nil {
			fmt.Fprintf(stderr, "callharness contract: %v\n", err)
			return 1
		}
		return 0
	}
	opts, err := f.options(fs, stderr, os.Getenv)
	if err != nil {
		return usageError(stderr, "contract", err)
	}
	res, err := contract.Run(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "callharness contract: %v\n", err)
		return 2
	}
	if opts.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if err := contract.WriteConsole(stdout, res); err != nil {
		fmt.Fprintf(stderr, "callharness contract: %v\n", err)
	}
	if err := f.writeReports(res); err != nil {
		fmt.Fprintf(stderr, "callharness contract: %v\n", err)
		return 1
	}
	if !res.Passed {
		return 1
	}
	return 0
}

// options turns the flags into run options; a key or token not given as a
// flag comes from the environment (getenv is os.Getenv in production), then
// from the config file.
func (f *contractFlags) options(fs *flag.FlagSet, stderr io.Writer, getenv func(string) string) (contract.Options, error) {
	fromEnv(fs, getenv, secretFlag{"api-key", envAPIKey, &f.apiKey}, secretFlag{"other-firm-key", envOtherFirmKey, &f.otherFirmKey},
		secretFlag{"inactive-key", envInactiveKey, &f.inactiveKey}, secretFlag{"admin-token", envAdminToken, &f.adminToken})
	profile, ok := contract.ParseProfile(f.profile)
	if !ok {
		return contract.Options{}, fmt.Errorf("--profile must be documented or strict, got %q", f.profile)
	}
	o := contract.Options{Target: f.target, APIKey: f.apiKey, OtherFirmKey: f.otherFirmKey, InactiveKey: f.inactiveKey,
		AdminToken: f.adminToken, Profile: profile, Seed: f.seed, Examples: f.examples, Timeout: f.timeout,
		Only: f.only, Skip: f.skip}
	if f.configFile != "" {
		cfg, err := contract.LoadConfig(f.configFile)
		if err != nil {
			return o, err
		}
		o.Config = cfg
	}
	if !f.quiet && isTerminal(stderr) {
		o.Progress = stderr
	}
	if f.seed == 0 {
		return o, fmt.Errorf("--seed must not be 0")
	}
	return o, nil
}

func (f *contractFlags) writeReports(res *contract.Result) error {
	if f.reportDir != "" {
		if err := contract.WriteReportDir(f.reportDir, res); err != nil {
			return err
		}
	}
	if f.jsonFile != "" {
		if err := mkdirFor(f.jsonFile); err != nil {
			return err
		}
		if err := contract.WriteFile(f.jsonFile, res, contract.WriteJSON); err != nil {
			return err
		}
	}
	if f.junit != "" {
		if err := mkdirFor(f.junit); err != nil {
			return err
		}
		if err := reports.WriteJUnitFile(f.junit, contract.JUnit(res)); err != nil {
			return err
		}
	}
	return nil
}

func mkdirFor(path string) error {
	dir := filepath.Dir(path)
	if dir == "." || strings.TrimSpace(dir) == "" {
		return nil
	}
	return os.MkdirAll(dir, 0o755)
}
