package contract

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/configfile"
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

// TestConfigProblemsAreOneLineEach: as for the mock's config file (newcomer
// finding 16), each problem is one line with the file, the line and the
// field, and a skip entry that names no check is one of them.
func TestConfigProblemsAreOneLineEach(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contract.yaml")
	require.NoError(t, os.WriteFile(path, []byte("keys:\n  api_key: k\n  apikey: x\n"+
		"fixtures:\n  completed_campaign: nope\n  call_in_progress: {campaign: 3fa85f64-5717-4562-b3fc-2c963f66afa6}\n"+
		"timeouts: {check: soon, run: -1s}\n"+
		"skip:\n  - create.201\n  - create.2011\n  - \"nothing.*\"\n"), 0o644))
	_, err := LoadConfig(path)
	var ce *configfile.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{
		path + `:3: keys.apikey: unknown field; did you mean api_key?`,
		path + `:5: fixtures.completed_campaign: want a campaign's UUID, got "nope"`,
		path + `:6: fixtures.call_in_progress: needs campaign and call`,
		path + `:7: timeouts.check: want a duration such as 10s or 1m30s, got "soon"`,
		path + `:7: timeouts.run: want a duration of 0 or more, got "-1s"`,
		path + `:10: skip[1]: unknown check id "create.2011"; callharness contract --list shows them`,
		path + `:11: skip[2]: no check id matches "nothing.*"; callharness contract --list shows them`,
	}, ce.Lines(), "every problem at once, in the file's order")
}
