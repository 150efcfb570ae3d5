package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/mockserver"
	"github.com/callharness/callharness/scenarios"
)

func loadMock(t *testing.T) string {
	t.Helper()
	cfg := mockserver.DefaultConfig()
	cfg.APIKeys = []string{"cmd-load-key"}
	cfg.AdminToken = mockserver.AdminOff
	m, err := mockserver.New(cfg, nil)
	require.NoError(t, err)
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

func runLoadArgs(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"load"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestLoadExitCodes(t *testing.T) {
	clearEnv(t)
	url := loadMock(t)
	dir := t.TempDir()
	base := []string{"--target", url, "--api-key", "cmd-load-key", "--scenario", "delete-race", "--rate", "40", "--duration", "500ms"}

	code, out, _ := runLoadArgs("--list")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "DR-1-deleted-once")

	code, out, _ = runLoadArgs("--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Example:")
	assert.Contains(t, out, "--threshold")

	code, _, errs := runLoadArgs(append(base, "--threshold", "p99<quick")...)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `threshold "p99<quick"`)

	// Newcomer finding 13: the target is named once, then the cause, as
	// callharness contract says it.
	code, _, errs = runLoadArgs("--target", "http://127.0.0.1:1", "--api-key", "k", "--scenario", "mixed")
	assert.Equal(t, 2, code, errs)
	assert.True(t, strings.HasPrefix(errs, "callharness load: cannot reach the target http://127.0.0.1:1: "), errs)
	assert.Equal(t, 1, strings.Count(errs, "http://"), errs)
	assert.Equal(t, 1, strings.Count(errs, "\n"), errs)

	code, _, errs = runLoadArgs("--target", url, "--api-key", "wrong-key", "--scenario", "mixed")
	assert.Equal(t, 2, code, errs)
	assert.Contains(t, errs, "callharness load: the target refused the run: ")
	assert.Contains(t, errs, "status 401")

	code, out, errs = runLoadArgs(append(base, "--out", dir, "--threshold", "errors<1%")...)
	require.Equal(t, 0, code, out+errs)
	assert.Contains(t, out, "verdict: PASS")
	for _, f := range []string{"summary.json", "summary.txt", "delete-race.bin"} {
		_, err := os.Stat(filepath.Join(dir, f))
		assert.NoError(t, err, f)
	}

	code, out, _ = runLoadArgs(append(base, "--threshold", "p99<1us")...)
	assert.Equal(t, 1, code)
	assert.True(t, strings.Contains(out, "threshold p99<1us") && strings.Contains(out, "FAIL"), out)
}

func TestLoadShardFromIndexedJob(t *testing.T) {
	s, err := shardOf("0/1", 3, func(k string) string { return map[string]string{"JOB_COMPLETION_INDEX": "2"}[k] })
	require.NoError(t, err)
	assert.Equal(t, 2, s.Index)
	assert.Equal(t, 3, s.Count)
	_, err = shardOf("0/1", 3, func(string) string { return "" })
	assert.Error(t, err)
}

func TestReportMergeUsage(t *testing.T) {
	var out, errb bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"report", "merge", "--out", t.TempDir()}, &out, &errb))
	assert.Equal(t, 0, run(context.Background(), []string{"report", "merge", "--help"}, &out, &errb))
	assert.Contains(t, out.String(), "callharness report merge DIR")
}

// TestLoadSaysWhichShardItIs is finding 18 of the newcomer: a worker of a
// sharded run says, once, which shard it is and its share of the rate.
func TestLoadSaysWhichShardItIs(t *testing.T) {
	clearEnv(t)
	url := loadMock(t)
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	code, out, errs := runLoadArgs("--target", url, "--api-key", "cmd-load-key", "--scenario", "create-storm",
		"--rate", "20", "--duration", "300ms", "--shards", "2")
	require.Equal(t, 0, code, out+errs)
	assert.Equal(t, "callharness load: shard 1/2 (from --shards and $JOB_COMPLETION_INDEX), 10 of the 20 requests per second\n", errs)

	code, _, errs = runLoadArgs("--target", url, "--api-key", "cmd-load-key", "--scenario", "create-storm",
		"--rate", "20", "--duration", "300ms")
	require.Equal(t, 0, code)
	assert.Empty(t, errs, "one worker says nothing of shards")

	o := scenarios.Options{Rate: 100, Shard: scenarios.Shard{Index: 2, Count: 3}}
	assert.Equal(t, "callharness load: shard 2/3 (from --shard), 33.33 of the 100 requests per second", shardLine(o, false))
}
