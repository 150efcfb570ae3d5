package contract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"
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

// UnmarshalYAML reads a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	if v < 0 {
		return fmt.Errorf("line %d: negative duration %s", n.Line, s)
	}
	*d = Duration(v)
	return nil
}

// LoadConfig reads a config file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// ParseConfig reads a config file's content.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Config) validate() error {
	f := c.Fixtures
	for name, id := range map[string]string{"completed_campaign": f.CompletedCampaign, "failed_campaign": f.FailedCampaign,
		"canceled_campaign": f.CanceledCampaign, "events_campaign": f.EventsCampaign} {
		if id != "" && !looksLikeUUID(id) {
			return fmt.Errorf("fixtures.%s: %q is not a UUID", name, id)
		}
	}
	for name, ref := range map[string]*CallRef{"call_in_progress": f.CallInProgress, "terminal_call": f.TerminalCall} {
		if ref != nil && (ref.Campaign == "" || ref.Call == "") {
			return fmt.Errorf("fixtures.%s: needs campaign and call", name)
		}
	}
	if p := f.PhoneInProgress; p != nil && (p.Campaign == "" || p.PhoneNumber == "") {
		return fmt.Errorf("fixtures.phone_in_progress: needs campaign and phone_number")
	}
	return nil
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
