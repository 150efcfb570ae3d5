package main

import (
	"encoding/json"
	"encoding/xml"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/mockserver"
	"github.com/callharness/callharness/reports"
)

// contractMock is the mock on a manual clock with known keys and admin token.
func contractMock(t *testing.T) string {
	t.Helper()
	cfg := mockserver.DefaultConfig()
	cfg.Clock = "manual"
	cfg.APIKeys, cfg.InactiveKeys, cfg.OtherFirmKeys = []string{"cmd-c-key"}, []string{"cmd-c-inactive"}, []string{"cmd-c-other"}
	cfg.AdminToken = "cmd-c-token"
	m, err := mockserver.New(cfg, nil)
	require.NoError(t, err)
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestContractHelpAndList(t *testing.T) {
	code, out, _ := runCmd("contract", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Examples:")
	assert.Contains(t, out, "--admin-token")
	code, out, _ = runCmd("contract", "--list", "--only", "list.*")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "list.walk")
	assert.NotContains(t, out, "create.201")
}

func TestContractUsageErrorsExit2(t *testing.T) {
	clearEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := "http://" + ln.Addr().String()
	ln.Close()
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("keyz: 1\n"), 0o644))
	for name, args := range map[string][]string{
		"no target":     {"--api-key", "k"},
		"no key":        {"--target", "http://127.0.0.1:1"},
		"bad flag":      {"--frobnicate"},
		"bad profile":   {"--target", "http://127.0.0.1:1", "--api-key", "k", "--profile", "lenient"},
		"bad config":    {"--target", "http://127.0.0.1:1", "--api-key", "k", "--config", bad},
		"missing file":  {"--target", "http://127.0.0.1:1", "--api-key", "k", "--config", filepath.Join(t.TempDir(), "none.yaml")},
		"unreachable":   {"--target", closed, "--api-key", "k"},
		"stray operand": {"--target", closed, "--api-key", "k", "extra"},
	} {
		code, _, errOut := runCmd(append([]string{"contract"}, args...)...)
		assert.Equal(t, 2, code, "%s: %s", name, errOut)
		assert.NotEmpty(t, errOut, name)
	}
}

func TestContractAgainstTheMock(t *testing.T) {
	url := contractMock(t)
	dir := filepath.Join(t.TempDir(), "reports")
	junit := filepath.Join(t.TempDir(), "x", "junit.xml")
	code, out, errOut := runCmd("contract", "--target", url, "--api-key", "cmd-c-key", "--inactive-key", "cmd-c-inactive",
		"--other-firm-key", "cmd-c-other", "--admin-token", "cmd-c-token", "--examples", "3", "--report-dir", dir, "--junit", junit)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "contract PASSED")
	assert.Empty(t, errOut, "progress lines are drawn only on a terminal (newcomer finding 18)")

	var res struct {
		Profile string `json:"profile"`
		Passed  bool   `json:"passed"`
		Counts  struct{ Total, Pass int }
	}
	b, err := os.ReadFile(filepath.Join(dir, "contract.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &res))
	assert.True(t, res.Passed)
	assert.Equal(t, "strict", res.Profile, "strict is the default with --admin-token")
	for _, f := range []string{"junit.xml", "contract.txt"} {
		_, err := os.Stat(filepath.Join(dir, f))
		assert.NoError(t, err, f)
	}
	var j reports.JUnitReport
	b, err = os.ReadFile(junit)
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(b, &j))
	assert.Positive(t, j.Tests)
	assert.Zero(t, j.Failures)

	code, out, _ = runCmd("contract", "--target", url, "--api-key", "not-a-key", "--quiet", "--only", "create.*")
	assert.Equal(t, 1, code, "a wrong key fails the run")
	assert.Contains(t, out, "no request got past authentication")
}

// TestContractOnlyOrSkipOfNoCheckExits2 is finding 7 of the newcomer:
// --only or --skip with an id not in the catalogue is bad usage (exit 2,
// pointing to --list), not a run that blames the API key.
func TestContractOnlyOrSkipOfNoCheckExits2(t *testing.T) {
	url := contractMock(t)
	for _, args := range [][]string{
		{"--only", "nonexistent"},
		{"--skip", "nonexistent"},
		{"--only", "create.201", "--skip", "create.201"},
	} {
		code, out, errOut := runCmd(append([]string{"contract", "--target", url, "--api-key", "cmd-c-key", "--quiet"}, args...)...)
		assert.Equal(t, 2, code, "%v: %s", args, errOut)
		assert.Empty(t, out, args)
		assert.NotContains(t, errOut, "api-key", args)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%v: one line: %q", args, errOut)
	}
	_, _, errOut := runCmd("contract", "--target", url, "--api-key", "cmd-c-key", "--only", "nonexistent")
	assert.Equal(t, "callharness contract: unknown check id \"nonexistent\" in --only; callharness contract --list shows them\n", errOut)
	code, out, errOut := runCmd("contract", "--list", "--only", "nonexistent")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `unknown check id "nonexistent" in --only`)
}
