package mockserver

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/configfile"
	"github.com/callharness/callharness/firm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := LoadConfigFile(DefaultConfig(), "../examples/mock.yaml")
	require.NoError(t, err)
	require.NoError(t, cfg.Validate())
	assert.Equal(t, "127.0.0.1:8080", cfg.Addr)
	assert.Equal(t, []string{"demo-active-key"}, cfg.APIKeys)
	assert.Equal(t, "scaled:60", cfg.Clock)
	assert.Equal(t, "2026-01-15T08:00:00Z", cfg.ClockStart)
	assert.Equal(t, ByteSize(16<<20), cfg.BodyLimit)
	assert.Equal(t, 35.0, cfg.OutcomeMix.Answered)
	assert.Equal(t, 5.0, cfg.OutcomeMix.Congestion)
	require.Len(t, cfg.Firms, 1)
	assert.False(t, cfg.Firms[0].Keys[1].IsActive())

	m, err := New(cfg, nil)
	require.NoError(t, err)
	for key, want := range map[string]string{"demo-active-key": DemoFirm, "other-firm-key": OtherFirm, "acme-key-1": "acme"} {
		got, err := m.Firms().Authenticate(key)
		require.NoError(t, err, key)
		assert.Equal(t, want, got)
	}
	_, err = m.Firms().Authenticate("acme-key-retired")
	assert.ErrorIs(t, err, firm.ErrInactiveKey)
	assert.False(t, m.Keys().Generated)
	assert.Equal(t, "change-me", m.AdminToken())
}

func TestConfigUnknownFieldIsAnError(t *testing.T) {
	_, err := ParseConfig(DefaultConfig(), []byte("addr: x\nseeed: 3\n"), "mock.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mock.yaml")
	assert.Contains(t, err.Error(), "seeed")
	assert.NotContains(t, err.Error(), "\n")

	_, err = ParseConfig(DefaultConfig(), []byte("limits:\n  speed: 3\n"), "mock.yaml")
	assert.ErrorContains(t, err, "speed")
}

func TestConfigEmptyFileKeepsDefaults(t *testing.T) {
	cfg, err := ParseConfig(DefaultConfig(), nil, "empty.yaml")
	require.NoError(t, err)
	assert.Equal(t, DefaultConfig(), cfg)
}

func TestConfigEnvOverridesFile(t *testing.T) {
	cfg, err := ParseConfig(DefaultConfig(), []byte("api_keys: [file-key]\nadmin_token: file-token\n"), "f")
	require.NoError(t, err)
	env := map[string]string{
		EnvAPIKeys:       " a , b ,",
		EnvInactiveKeys:  "c",
		EnvOtherFirmKeys: "d,e",
		EnvAdminToken:    "env-token",
	}
	cfg = ApplyEnv(cfg, func(k string) string { return env[k] })
	assert.Equal(t, []string{"a", "b"}, cfg.APIKeys)
	assert.Equal(t, []string{"c"}, cfg.InactiveKeys)
	assert.Equal(t, []string{"d", "e"}, cfg.OtherFirmKeys)
	assert.Equal(t, "env-token", cfg.AdminToken)

	kept := ApplyEnv(cfg, func(string) string { return "" })
	assert.Equal(t, cfg, kept, "unset variables change nothing")
}

func TestConfigValidate(t *testing.T) {
	cases := map[string]func(*Config){
		"clock":       func(c *Config) { c.Clock = "fast" },
		"clock start": func(c *Config) { c.ClockStart = "2026-01-15 08:00" },
		"log format":  func(c *Config) { c.LogFormat = "xml" },
		"error style": func(c *Config) { c.ErrorStyle = "rfc7807" },
		"body limit":  func(c *Config) { c.BodyLimit = 10 },
		"journal":     func(c *Config) { c.JournalSize = -1 },
		"limits":      func(c *Config) { c.Limits.SpeedMax = -1 },
		"mix":         func(c *Config) { c.OutcomeMix = &OutcomeMix{} },
		"addr":        func(c *Config) { c.Addr = "" },
	}
	for name, change := range cases {
		cfg := DefaultConfig()
		change(&cfg)
		err := cfg.Validate()
		assert.Error(t, err, name)
		_, err = New(cfg, nil)
		assert.Error(t, err, name)
	}
	assert.NoError(t, DefaultConfig().Validate())
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]ByteSize{"1048576": 1 << 20, "16MiB": 16 << 20, "512KiB": 512 << 10, "1MB": 1e6, "2G": 2 << 30, "10 B": 10} {
		got, err := ParseByteSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "x", "-1", "1.5MiB", "9999999999GiB"} {
		_, err := ParseByteSize(in)
		assert.Error(t, err, in)
	}
	assert.Equal(t, "16MiB", ByteSize(16<<20).String())
	assert.Equal(t, "1000", ByteSize(1000).String())
	_, err := ParseConfig(DefaultConfig(), []byte("body_limit: [1]\n"), "f")
	assert.Error(t, err)
}

func TestNoKeysMeansGeneratedDemoKeys(t *testing.T) {
	cfg := DefaultConfig()
	m, err := New(cfg, nil)
	require.NoError(t, err)
	k := m.Keys()
	require.True(t, k.Generated)
	require.Len(t, k.Active, 1)
	require.Len(t, k.Inactive, 1)
	require.Len(t, k.OtherFirm, 1)
	assert.NotEqual(t, k.Active[0], k.Inactive[0])
	assert.True(t, strings.HasPrefix(k.Active[0], "chk_"))
	assert.GreaterOrEqual(t, len(k.Active[0]), 4+26, "at least 128 random bits")

	f, err := m.Firms().Authenticate(k.Active[0])
	assert.NoError(t, err)
	assert.Equal(t, DemoFirm, f)
	_, err = m.Firms().Authenticate(k.Inactive[0])
	assert.ErrorIs(t, err, firm.ErrInactiveKey)
	f, err = m.Firms().Authenticate(k.OtherFirm[0])
	assert.NoError(t, err)
	assert.Equal(t, OtherFirm, f)
	assert.NotEmpty(t, m.AdminToken(), "an admin token is generated")

	m2, err := New(cfg, nil)
	require.NoError(t, err)
	assert.NotEqual(t, k.Active[0], m2.Keys().Active[0], "keys are random")
	assert.NotEqual(t, m.AdminToken(), m2.AdminToken())
}

func TestConfiguredKeysReplaceTheDemoKeys(t *testing.T) {
	cfg := DefaultConfig()
	cfg.APIKeys = []string{"mine"}
	m, err := New(cfg, nil)
	require.NoError(t, err)
	assert.Equal(t, Keys{Active: []string{"mine"}}, m.Keys())

	cfg.APIKeys = []string{"dup", "dup"}
	_, err = New(cfg, nil)
	assert.ErrorContains(t, err, "api key 2")
	assert.NotContains(t, err.Error(), "dup", "errors never show a key")
}

func TestAdminTokenOffMeans404(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.AdminToken = AdminOff })
	assert.Empty(t, h.m.AdminToken())
	r := h.send(http.MethodGet, api.AdminClock, "", "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)

	h = newHarness(t)
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+api.AdminClock, nil)
	require.NoError(t, err)
	req.Header.Set(api.HeaderAdminToken, tokenAdmin)
	res, err := h.srv.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

func TestConfiguredLimitsReachTheSpecAndTheDomain(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Limits.SpeedMax = 3 })
	body := campaignBody(1, 10)
	body["speed"] = 4
	r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, body)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s", r.body)
	assert.Contains(t, r.locs(t), "body.speed")
	body["speed"] = 3
	r = h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, body)
	assert.Equal(t, http.StatusCreated, r.status, "%s", r.body)
}

// TestFinding17_ConfigLimitsHaveUpperBounds pins finding 17 of the
// breaker: an absurd limit is refused with one line that names it and its
// range (in a config file, at its line); the largest allowed one is accepted.
func TestFinding17_ConfigLimitsHaveUpperBounds(t *testing.T) {
	cases := []struct {
		yaml, name string
		max        int
		set        func(*Limits, int)
	}{
		{"retry_max: 100000000", "retry_max", 250, func(l *Limits, v int) { l.RetryMax = v }},
		{"speed_max: 1000000000", "speed_max", 100000, func(l *Limits, v int) { l.SpeedMax = v }},
		{"retry_interval_max: 1000000000000", "retry_interval_max", 525600, func(l *Limits, v int) { l.RetryIntervalMax = v }},
		{"records_per_request: 100000000", "records_per_request", 1000000, func(l *Limits, v int) { l.RecordsPerRequest = v }},
		{"transfer_days: 100000", "transfer_days", 250, func(l *Limits, v int) { l.TransferDays = v }},
		{"name_max: 70000", "name_max", 65535, func(l *Limits, v int) { l.NameMax = v }},
	}
	for _, tc := range cases {
		_, err := ParseConfig(DefaultConfig(), []byte("limits: {"+tc.yaml+"}\n"), "test.yaml")
		require.Error(t, err, tc.yaml)
		assert.Equal(t, 0, strings.Count(err.Error(), "\n"), "one line: %v", err)
		assert.Contains(t, err.Error(), "test.yaml:1: limits."+tc.name+": ", tc.yaml)
		assert.Contains(t, err.Error(), "want 0 to "+strconv.Itoa(tc.max), tc.yaml)

		cfg := DefaultConfig()
		tc.set(&cfg.Limits, tc.max+1)
		err = cfg.Validate()
		require.Error(t, err, tc.yaml)
		assert.Equal(t, 0, strings.Count(err.Error(), "\n"), "one line: %v", err)
		assert.Contains(t, err.Error(), "limits."+tc.name, tc.yaml)
		assert.Contains(t, err.Error(), "want 0 to "+strconv.Itoa(tc.max), tc.yaml)
		_, err = New(cfg, nil)
		assert.Error(t, err, tc.yaml)

		cfg, err = ParseConfig(DefaultConfig(), []byte("limits: {"+tc.name+": "+strconv.Itoa(tc.max)+"}\n"), "test.yaml")
		require.NoError(t, err)
		assert.NoError(t, cfg.Validate(), "%s at its bound", tc.name)
	}
}

// TestConfigFileProblemsAreOneLineEach is finding 16 of the newcomer: every
// problem of a config file is one line with the file, the line and the field
// in the file's words, and what is wanted; never a Go type nor the decoder's
// "unmarshal errors:".
func TestConfigFileProblemsAreOneLineEach(t *testing.T) {
	text := "addr: 127.0.0.1:8080\n" + // 1
		"bogus_field: 1\n" + // 2
		"limits:\n" + // 3
		"  speed_max: fast\n" + // 4
		"  retry_max: 1000\n" + // 5
		"body_limit: lots\n" + // 6
		"log_format: xml\n" + // 7
		"outcome_mix: {busy: -1}\n" // 8
	_, err := ParseConfig(DefaultConfig(), []byte(text), "mock.yaml")
	require.Error(t, err)
	var ce *configfile.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{
		`mock.yaml:2: bogus_field: unknown field`,
		`mock.yaml:4: limits.speed_max: want a whole number, got "fast"`,
		`mock.yaml:5: limits.retry_max: want 0 to 250 (0 keeps the default), got 1000`,
		`mock.yaml:6: body_limit: want a number of bytes such as 1048576 or 16MiB, got "lots"`,
		`mock.yaml:7: log_format: want text or json, got "xml"`,
		`mock.yaml:8: outcome_mix.busy: want a weight of 0 or more, got -1`,
	}, ce.Lines(), "every problem at once, of kind or of bounds, in the file's order")
	for _, l := range ce.Lines() {
		assert.NotContains(t, l, "mockserver.")
		assert.NotContains(t, l, "unmarshal")
	}
	assert.Equal(t, `log format "xml": want text or json`, func() string {
		c := DefaultConfig()
		c.LogFormat = "xml"
		return c.Validate().Error()
	}(), "a bad flag's message is as it was")
}

// TestConfigMixCongestion is finding 10 of the newcomer: the sixth outcome
// of the mix is congestion in the config file, as in the README and in
// mock_outcome; failed, its former name, is still read, but not with it.
func TestConfigMixCongestion(t *testing.T) {
	cfg, err := ParseConfig(DefaultConfig(), []byte("outcome_mix: {answered: 1, congestion: 5}\n"), "mix.yaml")
	require.NoError(t, err)
	assert.Equal(t, 5.0, cfg.OutcomeMix.Congestion)
	assert.Equal(t, 5.0, cfg.domainMix().Failed, "an attempt that FAILED with CALL_FAILED_CONGESTION")

	cfg, err = ParseConfig(DefaultConfig(), []byte("outcome_mix: {answered: 1, failed: 4}\n"), "mix.yaml")
	require.NoError(t, err, "the former name")
	assert.Equal(t, &OutcomeMix{Answered: 1, Congestion: 4}, cfg.OutcomeMix)
	assert.Equal(t, 4.0, cfg.domainMix().Failed)

	_, err = ParseConfig(DefaultConfig(), []byte("outcome_mix:\n  congestion: 5\n  failed: 0\n"), "mix.yaml")
	assert.EqualError(t, err, "mix.yaml:3: outcome_mix.failed: the former name of congestion (line 2): give one of the two")

	_, err = ParseConfig(DefaultConfig(), []byte("outcome_mix: {congestion: -1}\n"), "mix.yaml")
	assert.EqualError(t, err, "mix.yaml:1: outcome_mix.congestion: want a weight of 0 or more, got -1")
}
