package contract

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExampleConfigLoads(t *testing.T) {
	c, err := LoadConfig(filepath.Join("..", "examples", "contract.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "partner-active-key", c.Keys.APIKey)
	assert.Equal(t, "3fa85f64-5717-4562-b3fc-2c963f66afa6", c.Fixtures.CompletedCampaign)
	require.NotNil(t, c.Fixtures.CallInProgress)
	assert.Equal(t, "77012345009", c.Fixtures.PhoneInProgress.PhoneNumber)
	assert.Equal(t, Duration(time.Minute), c.Timeouts.Check)
	assert.Equal(t, []string{"create.413-too-large", "append.413-too-large"}, c.Skip)

	o, err := Options{Target: "http://127.0.0.1:1", Config: c}.resolve()
	require.NoError(t, err)
	assert.Equal(t, "partner-active-key", o.APIKey, "keys come from the config when no flag gives them")
	assert.Equal(t, 10*time.Second, o.RequestTimeout)
	assert.Equal(t, Documented, o.Profile)
}

func TestConfigRejects(t *testing.T) {
	for name, text := range map[string]string{
		"unknown field":      "keyz: {}\n",
		"bad uuid":           "fixtures: {completed_campaign: nope}\n",
		"half a call":        "fixtures: {call_in_progress: {campaign: 3fa85f64-5717-4562-b3fc-2c963f66afa6}}\n",
		"bad duration":       "timeouts: {check: soon}\n",
		"negative duration":  "timeouts: {run: -1s}\n",
		"phone without camp": "fixtures: {phone_in_progress: {phone_number: '77012345678'}}\n",
	} {
		_, err := ParseConfig([]byte(text))
		assert.Error(t, err, name)
	}
	c, err := ParseConfig(nil)
	require.NoError(t, err, "an empty file is an empty config")
	assert.Empty(t, c.Skip)
}

func TestOptionsResolve(t *testing.T) {
	_, err := Options{APIKey: "k"}.resolve()
	var ue *UsageError
	require.ErrorAs(t, err, &ue, "no target")
	_, err = Options{Target: "ftp://x", APIKey: "k"}.resolve()
	assert.ErrorAs(t, err, &ue)
	_, err = Options{Target: "http://x"}.resolve()
	assert.ErrorContains(t, err, "API key")
	_, err = Options{Target: "http://x", APIKey: "k", Profile: "lenient"}.resolve()
	assert.ErrorContains(t, err, "profile")
	o, err := Options{Target: "http://x", APIKey: "k", AdminToken: "t"}.resolve()
	require.NoError(t, err)
	assert.Equal(t, Strict, o.Profile, "strict is the default with an admin token")
	assert.Equal(t, int64(DefaultSeed), o.Seed)
	assert.Equal(t, DefaultExamples, o.Examples)
}
