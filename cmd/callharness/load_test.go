package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"

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

// --rate 0 --workers N is the maximum rate: the table says so, and what a
// maximum-rate run cannot take is a usage error, exit 2, before any request.
func TestLoadAtTheMaximumRate(t *testing.T) {
	clearEnv(t)
	url := loadMock(t)
	base := []string{"--target", url, "--api-key", "cmd-load-key", "--scenario", "list-calls", "--duration", "300ms"}

	code, out, errs := runLoadArgs(append(base, "--rate", "0", "--workers", "2")...)
	require.Equal(t, 0, code, out+errs)
	assert.Contains(t, out, "list-calls: maximum rate with 2 workers (closed model): achieved ")
	assert.Contains(t, out, "invariant LC-1-total: PASS")
	assert.Contains(t, out, "verdict: PASS")

	for args, says := range map[string]string{
		"--rate 0":                                 "--rate 0 sends at the maximum rate and needs --workers N",
		"--rate 0 --workers 0":                     "needs --workers N",
		"--rate 0 --workers -2":                    "--workers -2: want 1 to 10000",
		"--rate 0 --workers 3 --ramp steps":        "--ramp steps:4: a maximum-rate run (--rate 0) has no rate to ramp",
		"--rate 0 --workers 3 --threshold rate>1%": `threshold "rate>1%": a maximum-rate run`,
		"--rate -1":                                "--rate -1: want requests per second above 0, or 0 for the maximum rate",
		"--campaign not-a-uuid":                    `--campaign "not-a-uuid": want the uuid of an existing campaign`,
	} {
		code, _, errs := runLoadArgs(append(base, strings.Fields(args)...)...)
		assert.Equal(t, 2, code, args)
		assert.Contains(t, errs, says, args)
	}
	// A campaign the target does not have is said before any setup.
	code, _, errs = runLoadArgs(append(base, "--campaign", "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f")...)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "callharness load: the target refused the run: read --campaign 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f: ")
	assert.Contains(t, errs, "status 404")

	code, out, _ = runLoadArgs("--help")
	assert.Equal(t, 0, code)
	for _, want := range []string{"--workers N", "--campaign UUID", "--scenario list-calls --rate 0 --workers 8", "each shard runs its own N workers"} {
		assert.Contains(t, out, want)
	}
	code, out, _ = runLoadArgs("--list")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "LC-2-unchanged")
	assert.Less(t, strings.Index(out, "\nmixed "), strings.Index(out, "\nlist-calls "), "list-calls follows mixed")
	assert.Less(t, strings.Index(out, "\nlist-calls "), strings.Index(out, "\ndialer-throughput "), "and comes before dialer-throughput")

	o := scenarios.Options{Rate: 0, Attack: scenarios.AttackConfig{Workers: 8}, Shard: scenarios.Shard{Index: 1, Count: 3}}
	assert.Equal(t, "callharness load: shard 1/3 (from --shard), at the maximum rate with its own 8 workers", shardLine(o, false))
}

// --max-body 0 keeps no body in the results, as vegeta's -max-body=0 does
// (it once kept 1 MiB, the library's default); LC-1 then says it could
// not read a total, rather than pass or fail.
func TestLoadMaxBodyZeroKeepsNoBody(t *testing.T) {
	clearEnv(t)
	url := loadMock(t)
	dir := t.TempDir()
	code, out, errs := runLoadArgs("--target", url, "--api-key", "cmd-load-key", "--scenario", "list-calls",
		"--rate", "20", "--duration", "300ms", "--max-body", "0", "--out", dir)
	assert.Equal(t, 1, code, out+errs)
	assert.Contains(t, out, "invariant LC-1-total: ERROR: not judged: could not be checked: --max-body 0 keeps no body to read a total from")
	assert.Contains(t, out, "invariant LC-2-unchanged: PASS")

	f, err := os.Open(filepath.Join(dir, "list-calls.bin"))
	require.NoError(t, err)
	defer f.Close()
	dec := vegeta.NewDecoder(f)
	n := 0
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); err != nil {
			require.ErrorIs(t, err, io.EOF)
			break
		}
		n++
		assert.Equal(t, uint16(200), r.Code)
		assert.Empty(t, r.Body, "result %d kept a body", r.Seq)
	}
	assert.Greater(t, n, 0)
	sum, err := scenarios.ReadSummary(dir)
	require.NoError(t, err)
	assert.Zero(t, sum.Environment.MaxBody)
}
