package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConfigFileProblemsOneLineEach is finding 16 of the newcomer: a bad
// config file of mock or contract exits 2 with one line per problem, each
// with the file, the line and the field, and no Go type.
func TestConfigFileProblemsOneLineEach(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mock.yaml"), []byte("addr: 127.0.0.1:0\nbogus_field: 1\nlimits:\n  speed_max: fast\n"), 0o644))
	code, out, errOut := runCmd("mock", "--config", "mock.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "callharness mock: mock.yaml:2: bogus_field: unknown field\n"+
		"callharness mock: mock.yaml:4: limits.speed_max: want a whole number, got \"fast\"\n", errOut)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "contract.yaml"), []byte("keys:\n  api_key: k\ntimeouts: {run: soon}\n"), 0o644))
	code, out, errOut = runCmd("contract", "--target", "http://127.0.0.1:1", "--config", "contract.yaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "callharness contract: contract.yaml:3: timeouts.run: want a duration such as 10s or 1m30s, got \"soon\"\n", errOut)
}
