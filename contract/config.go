package contract

import (
	"fmt"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/callharness/callharness/configfile"
)

// Config is the suite's YAML config file: keys, fixtures for a target
// without the mock's admin API, timeouts, and checks to skip. Flags given
// on the command line win over it. Unknown fields are an error.
//
//	keys:
//	  api_key: "…"            # or --api-key
//	  other_firm_key: "…"     # a key of another firm
//	  inactive_key: "…"       # a known but inactive key
//	fixtures:
//	  completed_campaign: <uuid>      # of the api_key's firm, COMPLETED
//	  failed_campaign: <uuid>
//	  canceled_campaign: <uuid>
//	  call_in_progress: {campaign: <uuid>, call: <uuid>}
//	  phone_in_progress: {campaign: <uuid>, phone_number: "77012345678"}
//	  terminal_call: {campaign: <uuid>, call: <uuid>}
//	  events_campaign: <uuid>         # events differing in number, status and day
//	timeouts: {request: 10s, check: 1m, run: 10m}
//	skip: [list.walk, "gen.*"]
type Config struct {
	Keys     ConfigKeys     `yaml:"keys"`
	Fixtures ConfigFixtures `yaml:"fixtures"`
	Timeouts ConfigTimeouts `yaml:"timeouts"`
	Skip     []string       `yaml:"skip"`
}

// ConfigKeys are the API keys of the config file.
type ConfigKeys struct {
	APIKey       string `yaml:"api_key"`
	OtherFirmKey string `yaml:"other_firm_key"`
	InactiveKey  string `yaml:"inactive_key"`
}

// ConfigFixtures name states of the target that the documented API cannot
// produce. The suite may send requests that would change them if the
// target broke the contract (an append to a completed campaign, a delete
// of a call in progress); name only what you are willing to lend.
type ConfigFixtures struct {
	CompletedCampaign string    `yaml:"completed_campaign"`
	FailedCampaign    string    `yaml:"failed_campaign"`
	CanceledCampaign  string    `yaml:"canceled_campaign"`
	CallInProgress    *CallRef  `yaml:"call_in_progress"`
	PhoneInProgress   *PhoneRef `yaml:"phone_in_progress"`
	TerminalCall      *CallRef  `yaml:"terminal_call"`
	EventsCampaign    string    `yaml:"events_campaign"`
}

// CallRef names one call of a campaign.
type CallRef struct {
	Campaign string `yaml:"campaign"`
	Call     string `yaml:"call"`
}

// PhoneRef names one phone number of a campaign.
type PhoneRef struct {
	Campaign    string `yaml:"campaign"`
	PhoneNumber string `yaml:"phone_number"`
}

// ConfigTimeouts bound a request, a check and the whole run.
type ConfigTimeouts struct {
	Request Duration `yaml:"request"`
	Check   Duration `yaml:"check"`
	Run     Duration `yaml:"run"`
}

// Duration is a time.Duration written as in Go ("10s", "1m30s").
type Duration time.Duration

// UnmarshalYAML reads a Go duration string. Its messages say what is
// wanted; the config file's reader puts the file, line and field in front.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	const want = "want a duration such as 10s or 1m30s"
	var s string
	if n.Kind != yaml.ScalarNode || n.Decode(&s) != nil {
		return fmt.Errorf("%s, got a list or fields", want)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%s, got %q", want, s)
	}
	if v < 0 {
		return fmt.Errorf("want a duration of 0 or more, got %q", s)
	}
	*d = Duration(v)
	return nil
}

// LoadConfig reads a config file. Its error, but for a file that cannot be
// read, is a *configfile.Error: one line per problem, with the file's name,
// the line and the field.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return parseConfig(path, data)
}

// ParseConfig reads a config file's content.
func ParseConfig(data []byte) (*Config, error) { return parseConfig("config", data) }

func parseConfig(name string, data []byte) (*Config, error) {
	var c Config
	f := configfile.Decode(name, data, &c)
	c.report(f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return &c, nil
}

// report adds the bad values of c to the problems of its file f.
func (c *Config) report(f *configfile.File) {
	fx := c.Fixtures
	for _, id := range []struct{ name, v string }{
		{"completed_campaign", fx.CompletedCampaign}, {"failed_campaign", fx.FailedCampaign},
		{"canceled_campaign", fx.CanceledCampaign}, {"events_campaign", fx.EventsCampaign},
	} {
		if id.v != "" && !looksLikeUUID(id.v) {
			f.Report("fixtures."+id.name, "want a campaign's UUID, got %q", id.v)
		}
	}
	for _, ref := range []struct {
		name string
		r    *CallRef
	}{{"call_in_progress", fx.CallInProgress}, {"terminal_call", fx.TerminalCall}} {
		if ref.r != nil && (ref.r.Campaign == "" || ref.r.Call == "") {
			f.Report("fixtures."+ref.name, "needs campaign and call")
		}
	}
	if p := fx.PhoneInProgress; p != nil && (p.Campaign == "" || p.PhoneNumber == "") {
		f.Report("fixtures.phone_in_progress", "needs campaign and phone_number")
	}
	for i, p := range c.Skip {
		if what := unmatched(p); what != "" {
			f.Report(fmt.Sprintf("skip[%d]", i), "%s; callharness contract --list shows them", what)
		}
	}
}

func looksLikeUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
				return false
			}
		}
	}
	return true
}
