package configfile

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

type limits struct {
	SpeedMax int `yaml:"speed_max"`
	RetryMax int `yaml:"retry_max"`
}

type key struct {
	Key    string `yaml:"key"`
	Active *bool  `yaml:"active"`
}

type firm struct {
	ID   string `yaml:"id"`
	Keys []key  `yaml:"keys"`
}

type dur time.Duration

func (d *dur) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: want a duration such as 10s, got %q", n.Line, n.Value)
	}
	*d = dur(v)
	return nil
}

type config struct {
	Addr    string             `yaml:"addr"`
	Seed    int64              `yaml:"seed"`
	Weight  float64            `yaml:"weight"`
	Limits  limits             `yaml:"limits"`
	Firms   []firm             `yaml:"firms"`
	Wait    dur                `yaml:"wait"`
	Extra   map[string]float64 `yaml:"extra"`
	Enabled bool               `yaml:"enabled"`
}

func problems(t *testing.T, text string) []string {
	t.Helper()
	var c config
	err := Decode("mock.yaml", []byte(text), &c).Err()
	var e *Error
	require.True(t, errors.As(err, &e), "%q: %v", text, err)
	return e.Lines()
}

// TestProblemsAreOneLineEachInTheFilesWords: the file, the line and the
// field's path, then what is wanted; never a Go type nor "unmarshal errors".
func TestProblemsAreOneLineEachInTheFilesWords(t *testing.T) {
	for text, want := range map[string]string{
		"limits:\n  speed_max: fast\n":  `mock.yaml:2: limits.speed_max: want a whole number, got "fast"`,
		"limits:\n  speed_max: 7.5\n":   `mock.yaml:2: limits.speed_max: want a whole number, got "7.5"`,
		"limits:\n  speed_max: \"7\"\n": `mock.yaml:2: limits.speed_max: want a whole number, got "7" (write it without quotes)`,
		"seed: 99999999999999999999\n":  `mock.yaml:1: seed: want a smaller number, got "99999999999999999999"`,
		"bogus_field: 1\n":              `mock.yaml:1: bogus_field: unknown field; the fields here are addr, enabled, extra, firms, limits, seed, wait, weight`,
		"limits:\n  sped_max: 3\n":      `mock.yaml:2: limits.sped_max: unknown field; did you mean speed_max?`,
		"limits:\n  zzz: 3\n":           `mock.yaml:2: limits.zzz: unknown field; the fields here are retry_max, speed_max`,
		"addr: [a, b]\n":                `mock.yaml:1: addr: want a text value, got a list`,
		"limits: 3\n":                   `mock.yaml:1: limits: want fields (name: value), got "3"`,
		"firms: {id: x}\n":              `mock.yaml:1: firms: want a list such as [a, b], got fields (name: value)`,
		"firms:\n  - id: a\n    keys:\n      - key: k\n        active: maybe\n": `mock.yaml:5: firms[0].keys[0].active: want true or false, got "maybe"`,
		"wait: soon\n":       `mock.yaml:1: wait: want a duration such as 10s, got "soon"`,
		"weight: heavy\n":    `mock.yaml:1: weight: want a number, got "heavy"`,
		"extra: {a: x}\n":    `mock.yaml:1: extra.a: want a number, got "x"`,
		"seed: 1\nseed: 2\n": `mock.yaml:2: seed: given twice (first on line 1)`,
		"addr: [1\n":         `mock.yaml:1: not valid YAML: did not find expected ',' or ']'`,
		"hello\n":            `mock.yaml:1: want fields (name: value), got "hello"`,
	} {
		got := problems(t, text)
		require.Len(t, got, 1, text)
		assert.Equal(t, want, got[0], text)
		for _, bad := range []string{"unmarshal", "configfile.", "int64", "!!", ";;", ":;"} {
			assert.NotContains(t, got[0], bad, text)
		}
	}
}

func TestEveryProblemIsReported(t *testing.T) {
	got := problems(t, "addr: x\nseeed: 3\nlimits:\n  speed_max: fast\n  retry_max: 2.5\n")
	assert.Equal(t, []string{
		`mock.yaml:2: seeed: unknown field; did you mean seed?`,
		`mock.yaml:4: limits.speed_max: want a whole number, got "fast"`,
		`mock.yaml:5: limits.retry_max: want a whole number, got "2.5"`,
	}, got)
}

func TestDecodeKeepsWhatTheFileDoesNotGive(t *testing.T) {
	c := config{Addr: "default", Seed: 1}
	f := Decode("mock.yaml", []byte("# only a comment\nseed: 3\nlimits: {speed_max: 9}\nfirms:\n  - id: a\nwait: 2s\nenabled: true\nweight: 3\n"), &c)
	require.NoError(t, f.Err())
	assert.Equal(t, "default", c.Addr)
	assert.Equal(t, int64(3), c.Seed)
	assert.Equal(t, 9, c.Limits.SpeedMax)
	assert.Equal(t, dur(2*time.Second), c.Wait)
	assert.Equal(t, 3.0, c.Weight)
	assert.True(t, f.Has("limits.speed_max"))
	assert.False(t, f.Has("limits.retry_max"))
	assert.Equal(t, 3, f.Line("limits.speed_max"))
	assert.Equal(t, 5, f.Line("firms[0]"))
	f.Report("limits.speed_max", "want 0 to %d", 100)
	f.Report("addr", "must not be empty")
	require.Error(t, f.Err())
	assert.Equal(t, "mock.yaml: addr: must not be empty\nmock.yaml:3: limits.speed_max: want 0 to 100", f.Err().Error(),
		"in the order of the lines, a field the file does not give first")

	for _, empty := range []string{"", "\n", "# nothing\n", "---\n"} {
		c := config{Addr: "default"}
		require.NoError(t, Decode("empty.yaml", []byte(empty), &c).Err(), "%q", empty)
		assert.Equal(t, "default", c.Addr)
	}
	assert.False(t, strings.Contains((&Error{}).Error(), "\n"))
}

// TestTheRightValuesAreDecodedAndJudgedToo: a value of the wrong kind is left
// out, the others are decoded, so that their bounds are judged in the same
// pass; a field that has a problem is not judged again, nor one inside it.
func TestTheRightValuesAreDecodedAndJudgedToo(t *testing.T) {
	var c config
	f := Decode("mock.yaml", []byte("seed: -4\nlimits:\n  speed_max: fast\n  retry_max: 3\nweight: x\nfirms: 3\n"), &c)
	assert.Equal(t, int64(-4), c.Seed)
	assert.Equal(t, 3, c.Limits.RetryMax)
	assert.Zero(t, c.Limits.SpeedMax)
	f.Report("seed", "want 0 or more, got %d", c.Seed)
	f.Report("limits.speed_max", "want 1 to 100, got %d", c.Limits.SpeedMax)
	f.Report("firms[0].id", "never said")
	f.Report("limits", "never said: a field inside it has a problem")
	assert.Equal(t, []string{
		`mock.yaml:1: seed: want 0 or more, got -4`,
		`mock.yaml:3: limits.speed_max: want a whole number, got "fast"`,
		`mock.yaml:5: weight: want a number, got "x"`,
		`mock.yaml:6: firms: want a list such as [a, b], got "3"`,
	}, f.Err().(*Error).Lines())

	f = Decode("mock.yaml", []byte("seed: [1\n"), &c)
	f.Report("seed", "never said either")
	assert.Equal(t, `mock.yaml:1: not valid YAML: did not find expected ',' or ']'`, f.Err().Error())
}
