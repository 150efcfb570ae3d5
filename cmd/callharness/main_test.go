package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clearEnv keeps the developer's CALLHARNESS_* variables out of the tests.
func clearEnv(t *testing.T) {
	for _, k := range []string{"CALLHARNESS_API_KEYS", "CALLHARNESS_INACTIVE_KEYS", "CALLHARNESS_OTHER_FIRM_KEYS", "CALLHARNESS_ADMIN_TOKEN",
		"CALLHARNESS_API_KEY", "CALLHARNESS_INACTIVE_KEY", "CALLHARNESS_OTHER_FIRM_KEY"} {
		t.Setenv(k, "")
	}
}

func runCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpListsCommands(t *testing.T) {
	code, out, _ := runCmd("--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "mock ")
	assert.Contains(t, out, "version ")

	code, _, errOut := runCmd()
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "Commands:")

	code, _, errOut = runCmd("nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "nope"`)
}

// Every command, and callharness itself, says what it does with an example.
func TestEveryHelpHasAnExample(t *testing.T) {
	code, out, _ := runCmd("--help")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Examples:")
	for _, c := range commands {
		code, out, errOut := runCmd(c.name, "--help")
		assert.Equal(t, 0, code, c.name)
		help := out + errOut
		assert.Contains(t, help, "callharness "+c.name, c.name)
		assert.Regexp(t, `(?i)example`, help, "callharness %s --help shows no example", c.name)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCmd("version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "callharness dev ("+runtime.Version()), out)
}

func TestMockHelpHasAnExample(t *testing.T) {
	for _, args := range [][]string{{"mock", "--help"}, {"help", "mock"}} {
		code, out, _ := runCmd(args...)
		assert.Equal(t, 0, code)
		assert.Contains(t, out, "Example:")
		for _, flag := range []string{"-addr", "-api-key", "-inactive-key", "-other-firm-key", "-config", "-clock", "-clock-start", "-seed", "-admin-token", "-log-format", "-error-style", "-body-limit"} {
			assert.Contains(t, out, flag)
		}
	}
}

func TestMockBadFlagsExit2WithOneLine(t *testing.T) {
	clearEnv(t)
	cases := map[string][]string{
		"unknown flag":   {"--bogus"},
		"bad seed":       {"--seed", "x"},
		"bad clock":      {"--clock", "fast"},
		"bad start":      {"--clock-start", "tomorrow"},
		"bad log format": {"--log-format", "xml"},
		"bad style":      {"--error-style", "soap"},
		"bad body limit": {"--body-limit", "lots"},
		"empty key":      {"--api-key", ""},
		"missing config": {"--config", "/nonexistent/mock.yaml"},
		"stray argument": {"extra"},
	}
	for name, args := range cases {
		code, out, errOut := runCmd(append([]string{"mock", "--addr", "127.0.0.1:0"}, args...)...)
		assert.Equal(t, 2, code, name)
		assert.Empty(t, out, name)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "%s: one line: %q", name, errOut)
		assert.True(t, strings.HasPrefix(errOut, "callharness mock: "), "%s: %q", name, errOut)
	}
}

func TestMockPortInUseExits1(t *testing.T) {
	clearEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	code, _, errOut := runCmd("mock", "--addr", ln.Addr().String())
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "cannot listen on "+ln.Addr().String())
	assert.Contains(t, errOut, "in use")
}

// lockedBuffer is written by the running command and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listening = regexp.MustCompile(`callharness mock listening on (http://\S+)\n`)

func get(t *testing.T, url, key string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set(api.HeaderAPIKey, key)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func TestMockPrintsGeneratedKeysAndListens(t *testing.T) {
	clearEnv(t)
	var out, errOut lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"mock", "--addr", "127.0.0.1:0", "--clock", "manual"}, &out, &errOut)
	}()
	require.Eventually(t, func() bool { return listening.MatchString(out.String()) }, 10*time.Second, 10*time.Millisecond, errOut.String())
	text := out.String()
	base := listening.FindStringSubmatch(text)[1]
	key := func(label string) string {
		m := regexp.MustCompile(regexp.QuoteMeta(label) + `\s+(\S+)`).FindStringSubmatch(text)
		require.NotNil(t, m, "%q in %s", label, text)
		return m[1]
	}
	active, inactive, other := key("active key of firm demo:"), key("inactive key of firm demo:"), key("active key of firm other:")
	assert.Regexp(t, `generated admin token \(header x-mock-admin-token\): \S+`, text)
	assert.Equal(t, 1, strings.Count(text, active), "each key is printed once")

	path := base + "/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6/calls"
	assert.Equal(t, http.StatusNotFound, get(t, path, active))
	assert.Equal(t, http.StatusForbidden, get(t, path, inactive))
	assert.Equal(t, http.StatusNotFound, get(t, path, other))
	assert.Equal(t, http.StatusUnauthorized, get(t, path, ""))

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, errOut.String())
	case <-time.After(15 * time.Second):
		t.Fatal("the mock did not stop")
	}
	for _, k := range []string{active, inactive, other} {
		assert.NotContains(t, errOut.String(), k, "logs never contain a key")
	}
}

// TestMockBinary builds callharness and runs it as a user would: keys from
// flags and the environment, JSON logs, SIGTERM.
func TestMockBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	clearEnv(t)
	bin := filepath.Join(t.TempDir(), "callharness")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	cmd := exec.Command(bin, "mock", "--addr", "127.0.0.1:0", "--api-key", "flag-active-key", "--inactive-key", "flag-inactive-key",
		"--other-firm-key", "flag-other-key", "--log-format", "json", "--admin-token", "flag-admin-token", "--clock", "manual")
	cmd.Env = append(os.Environ(), "CALLHARNESS_API_KEYS=env-active-key")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var logs lockedBuffer
	cmd.Stderr = &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	lines := bufio.NewScanner(stdout)
	require.True(t, lines.Scan(), "first line")
	first := lines.Text()
	m := listening.FindStringSubmatch(first + "\n")
	require.NotNil(t, m, "the first line is the address when keys and token are given: %q", first)
	base := m[1]
	go func() { _, _ = io.Copy(io.Discard, stdout) }()

	path := base + "/api/v1/call-campaign/3fa85f64-5717-4562-b3fc-2c963f66afa6/details"
	assert.Equal(t, http.StatusNotFound, get(t, path, "flag-active-key"))
	assert.Equal(t, http.StatusUnauthorized, get(t, path, "env-active-key"), "flags replace the environment")
	assert.Equal(t, http.StatusForbidden, get(t, path, "flag-inactive-key"))
	assert.Equal(t, http.StatusNotFound, get(t, path, "flag-other-key"))
	assert.Equal(t, http.StatusUnauthorized, get(t, path, "a-guessed-key"))

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		assert.NoError(t, err, "exit 0 on SIGTERM: %s", logs.String())
	case <-time.After(15 * time.Second):
		t.Fatal("SIGTERM did not stop the mock")
	}
	text := logs.String()
	assert.Contains(t, text, `"msg":"request"`)
	assert.Contains(t, text, `"route":"/api/v1/call-campaign/{call_campaign_uuid}/details"`)
	assert.Contains(t, text, `"msg":"shutting down"`)
	for _, secret := range []string{"flag-active-key", "flag-inactive-key", "flag-other-key", "env-active-key", "a-guessed-key", "flag-admin-token"} {
		assert.NotContains(t, text, secret, "logs never contain a key")
	}
}

func TestMockConfigFileThenEnvThenFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mock.yaml")
	require.NoError(t, os.WriteFile(file, []byte("addr: 127.0.0.1:9000\nseed: 3\napi_keys: [file-key]\ninactive_keys: [file-inactive]\nadmin_token: file-token\n"), 0o600))
	env := map[string]string{"CALLHARNESS_API_KEYS": "env-a,env-b", "CALLHARNESS_ADMIN_TOKEN": "env-token"}
	cfg, err := mockConfig([]string{"--config", file, "--seed", "9", "--api-key", "flag-a", "--api-key", "flag-b", "--body-limit", "1MiB"},
		func(k string) string { return env[k] }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9000", cfg.Addr, "from the file")
	assert.Equal(t, int64(9), cfg.Seed, "the flag wins")
	assert.Equal(t, []string{"flag-a", "flag-b"}, cfg.APIKeys, "repeatable, and the flag wins")
	assert.Equal(t, []string{"file-inactive"}, cfg.InactiveKeys)
	assert.Equal(t, "env-token", cfg.AdminToken, "the environment beats the file")
	assert.EqualValues(t, 1<<20, cfg.BodyLimit)

	_, err = mockConfig([]string{"--config", file}, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, []byte("adress: x\n"), 0o600))
	_, err = mockConfig([]string{"--config", file}, func(string) string { return "" }, io.Discard)
	assert.ErrorContains(t, err, "adress")
}
