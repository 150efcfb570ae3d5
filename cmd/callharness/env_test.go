package main

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretEnv are the variables of the client commands' keys, as a test sets them.
var secretEnv = map[string]string{
	"CALLHARNESS_API_KEY":        "env-key",
	"CALLHARNESS_ADMIN_TOKEN":    "env-token",
	"CALLHARNESS_INACTIVE_KEY":   "env-inactive",
	"CALLHARNESS_OTHER_FIRM_KEY": "env-other",
}

func getenvOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestContractKeysFromTheEnvironment is finding 8 of the newcomer: contract
// reads its keys and the admin token from the same variables as load, a flag
// given (even empty) wins, and --help says so without showing a value.
func TestContractKeysFromTheEnvironment(t *testing.T) {
	parse := func(args ...string) (*flag.FlagSet, *contractFlags) {
		fs := flag.NewFlagSet("contract", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var f contractFlags
		f.define(fs)
		require.NoError(t, fs.Parse(args))
		return fs, &f
	}
	fs, f := parse("--target", "http://127.0.0.1:1")
	o, err := f.options(fs, io.Discard, getenvOf(secretEnv))
	require.NoError(t, err)
	assert.Equal(t, "env-key", o.APIKey)
	assert.Equal(t, "env-token", o.AdminToken)
	assert.Equal(t, "env-inactive", o.InactiveKey)
	assert.Equal(t, "env-other", o.OtherFirmKey)

	fs, f = parse("--target", "http://127.0.0.1:1", "--api-key", "flag-key", "--admin-token", "", "--inactive-key", "flag-inactive")
	o, err = f.options(fs, io.Discard, getenvOf(secretEnv))
	require.NoError(t, err)
	assert.Equal(t, "flag-key", o.APIKey, "the flag wins")
	assert.Empty(t, o.AdminToken, "a flag given empty wins too: no admin API")
	assert.Equal(t, "flag-inactive", o.InactiveKey)
	assert.Equal(t, "env-other", o.OtherFirmKey)

	fs, f = parse("--target", "http://127.0.0.1:1")
	o, err = f.options(fs, io.Discard, getenvOf(map[string]string{"CALLHARNESS_API_KEY": "  "}))
	require.NoError(t, err)
	assert.Empty(t, o.APIKey, "a blank variable gives nothing")

	t.Setenv("CALLHARNESS_API_KEY", "secret-in-env")
	t.Setenv("CALLHARNESS_ADMIN_TOKEN", "token-in-env")
	for _, name := range []string{"contract", "load"} {
		code, out, _ := runCmd(name, "--help")
		assert.Equal(t, 0, code)
		assert.Contains(t, out, "--api-key KEY\n", name)
		assert.Contains(t, out, "(default $CALLHARNESS_API_KEY)", name)
		assert.Contains(t, out, "(default $CALLHARNESS_ADMIN_TOKEN)", name)
		assert.NotContains(t, out, "secret-in-env", name)
		assert.NotContains(t, out, "token-in-env", name)
	}
	code, out, _ := runCmd("contract", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "(default $CALLHARNESS_INACTIVE_KEY)")
	assert.Contains(t, out, "(default $CALLHARNESS_OTHER_FIRM_KEY)")
}

// TestLoadKeysFromTheEnvironment: load reads the same variables the same
// way as contract: a flag given, even empty, wins over its variable.
func TestLoadKeysFromTheEnvironment(t *testing.T) {
	parse := func(args ...string) (*flag.FlagSet, *loadFlags) {
		fs := flag.NewFlagSet("load", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var f loadFlags
		f.define(fs)
		require.NoError(t, fs.Parse(append([]string{"--target", "http://127.0.0.1:1", "--scenario", "mixed"}, args...)))
		return fs, &f
	}
	fs, f := parse()
	o, err := f.options(fs, getenvOf(secretEnv))
	require.NoError(t, err)
	assert.Equal(t, "env-key", o.APIKey)
	assert.Equal(t, "env-token", o.AdminToken)

	fs, f = parse("--api-key", "flag-key", "--admin-token", "")
	o, err = f.options(fs, getenvOf(secretEnv))
	require.NoError(t, err)
	assert.Equal(t, "flag-key", o.APIKey)
	assert.Empty(t, o.AdminToken, "a flag given empty wins")

	fs, f = parse()
	_, err = f.options(fs, getenvOf(nil))
	assert.ErrorContains(t, err, "$CALLHARNESS_API_KEY")
}
