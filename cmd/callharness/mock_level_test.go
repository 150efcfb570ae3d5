package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/callharness/callharness/mockserver"
)

// --log-level warn keeps the line per request out of the log (it costs a
// write call per request under load); info, the default, keeps it.
func TestMockLogLevel(t *testing.T) {
	for level, wantRequests := range map[string]bool{"info": true, "debug": true, "warn": false, "error": false} {
		l, err := mockserver.ParseLogLevel(level)
		assert.NoError(t, err)
		var buf bytes.Buffer
		newLogger("text", l, &buf).Info("request", "route", "/x")
		assert.Equal(t, wantRequests, bytes.Contains(buf.Bytes(), []byte("msg=request")), level)
	}
	_, err := mockserver.ParseLogLevel("loud")
	assert.Error(t, err)
	cfg := mockserver.DefaultConfig()
	assert.Equal(t, "info", cfg.LogLevel)
	cfg.LogLevel = "loud"
	assert.ErrorContains(t, cfg.Validate(), "log")
}

func TestMockLogLevelFlag(t *testing.T) {
	clearEnv(t)
	cfg, err := mockConfig([]string{"--log-level", "warn"}, func(string) string { return "" }, &bytes.Buffer{})
	assert.NoError(t, err)
	assert.Equal(t, "warn", cfg.LogLevel)
	code, _, errOut := runCmd("mock", "--log-level", "loud")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "log level")
}
