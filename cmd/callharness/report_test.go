package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyDir copies the files of a report directory of reports/testdata.
func copyDir(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "reports", "testdata", name)
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	return dir
}

func TestReportRerendersTheDirectory(t *testing.T) {
	for name, want := range map[string]int{"pass": 0, "failed": 1, "unreachable": 2} {
		t.Run(name, func(t *testing.T) {
			dir := copyDir(t, name)
			code, out, errOut := runCmd("report", dir, "--junit")
			assert.Equal(t, want, code, out+errOut)
			for _, f := range []string{"index.html", "junit.xml"} {
				_, err := os.Stat(filepath.Join(dir, f))
				assert.NoError(t, err, f)
			}
		})
	}
}

func TestReportRefusesBadUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no directory":    {"report"},
		"two directories": {"report", "a", "b"},
		"not a directory": {"report", filepath.Join(t.TempDir(), "missing")},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, _ := runCmd(args...)
			assert.Equal(t, 2, code)
		})
	}
}

// keepOnly removes every file of dir but the named ones.
func keepOnly(t *testing.T, dir string, keep ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if !slices.Contains(keep, e.Name()) {
			require.NoError(t, os.Remove(filepath.Join(dir, e.Name())))
		}
	}
}

func TestReportJudgesALoadOrContractDirectoryOnWhatItHolds(t *testing.T) {
	for _, tc := range []struct {
		name, from string
		keep       []string
		code       int
		holds      string
	}{
		{"load --out", "pass", []string{"summary.json"}, 0, "load only"},
		{"contract --report-dir", "pass", []string{"contract.json"}, 0, "contract only"},
		{"a failed load", "failed", []string{"summary.json"}, 1, "load only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, tc.from)
			keepOnly(t, dir, tc.keep...)
			code, out, errOut := runCmd("report", dir)
			assert.Equal(t, tc.code, code, out+errOut)
			assert.Contains(t, out, "("+tc.holds+")")
			assert.NotContains(t, out, "missing")
		})
	}
}

func TestReportRefusesADirectoryWithoutReportFiles(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd("report", dir)
	assert.Equal(t, 2, code, out)
	assert.Contains(t, errOut, "holds none of run.json, contract.json, summary.json")
	_, err := os.Stat(filepath.Join(dir, "index.html"))
	assert.True(t, os.IsNotExist(err), "no page for a directory with nothing to report")
}
