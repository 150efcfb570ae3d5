package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/harness"
	"github.com/callharness/callharness/reports"
)

func TestRunHelpSaysWhatItDoesWithAnExample(t *testing.T) {
	code, out, _ := runCmd("run", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Examples:")
	assert.Contains(t, out, "--target")
}

func TestRunRefusesBadUsage(t *testing.T) {
	t.Setenv(envAPIKey, "")
	for name, args := range map[string][]string{
		"key without target":  {"run", "--api-key", "k"},
		"target without key":  {"run", "--target", "http://127.0.0.1:1"},
		"unknown profile":     {"run", "--profile", "lax"},
		"unknown scenario":    {"run", "--scenario", "nope"},
		"bad threshold":       {"run", "--threshold", "p99"},
		"mock clock + target": {"run", "--target", "http://127.0.0.1:1", "--api-key", "k", "--mock-clock", "real"},
		"stray argument":      {"run", "extra"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := runCmd(args...)
			assert.Equal(t, 2, code, errOut)
		})
	}
}

func TestRunAgainstAnUnreachableTargetWritesAReportAndExits2(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	code, out, errOut := runCmd("run", "--target", "http://127.0.0.1:1", "--api-key", "secret-key", "--out", dir, "--quiet")
	assert.Equal(t, 2, code, errOut)
	assert.Contains(t, out, "report: "+filepath.Join(dir, "index.html"))
	env, err := os.ReadFile(filepath.Join(dir, "run.json"))
	require.NoError(t, err)
	assert.NotContains(t, string(env), "secret-key", "run.json must not hold the API key")
	code, out, _ = runCmd("report", dir)
	assert.Equal(t, 2, code)
	assert.True(t, strings.HasPrefix(out, "COULD NOT RUN"), out)
}

func TestRunTakesTheTargetsKeyFromTheEnvironment(t *testing.T) {
	t.Setenv(envAPIKey, "key-from-env")
	dir := filepath.Join(t.TempDir(), "report")
	code, _, errOut := runCmd("run", "--target", "http://127.0.0.1:1", "--out", dir, "--quiet")
	assert.Equal(t, 2, code, "the target is unreachable")
	assert.NotContains(t, errOut, "needs --api-key")
	assert.FileExists(t, filepath.Join(dir, "run.json"), "the run went ahead with the key of the environment")

	// Without --target the variable is ignored: the in-process mock makes its own keys.
	_, out, errOut := runCmd("run", "--quiet", "--skip-load", "--skip-contract", "--out", filepath.Join(t.TempDir(), "r"))
	assert.NotContains(t, errOut, "need --target")
	assert.Contains(t, out, "the built-in mock")
}

func TestRedactArgsLeavesNoKey(t *testing.T) {
	got := strings.Join(redactArgs([]string{"--api-key", "a", "--other-firm-key=b", "-inactive-key", "c", "--rate", "5"}), " ")
	assert.Equal(t, "--api-key REDACTED --other-firm-key=REDACTED -inactive-key REDACTED --rate 5", got)
}

func TestRunSummaryNamesTheBuiltInMock(t *testing.T) {
	var out strings.Builder
	r := &reports.Run{Verdict: reports.Pass, Env: reports.Environment{Target: "http://127.0.0.1:41335", Mock: true}}
	writeRunSummary(&out, &harness.Outcome{Report: r, Index: "index.html"})
	assert.Contains(t, out.String(), "PASSED  the built-in mock at http://127.0.0.1:41335\n")
}
