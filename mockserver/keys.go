package mockserver

import (
	"crypto/rand"
	"fmt"

	"github.com/callharness/callharness/firm"
)

// Keys are the API keys of the demo firm and of the other firm: given by
// flags or the environment, or generated when no key is configured at all.
type Keys struct {
	Active    []string // active keys of firm demo
	Inactive  []string // inactive keys of firm demo
	OtherFirm []string // active keys of firm other
	// Generated is true when the mock made the keys up; they are then shown once.
	Generated bool
}

// newSecret returns a random secret from crypto/rand with a readable prefix.
func newSecret(prefix string) string {
	return prefix + rand.Text()
}

// demoKeys are the keys of cfg, or one generated key of each kind.
func demoKeys(cfg Config) Keys {
	if cfg.hasKeys() {
		return Keys{Active: cfg.APIKeys, Inactive: cfg.InactiveKeys, OtherFirm: cfg.OtherFirmKeys}
	}
	return Keys{
		Active:    []string{newSecret("chk_")},
		Inactive:  []string{newSecret("chk_")},
		OtherFirm: []string{newSecret("chk_")},
		Generated: true,
	}
}

// registry builds the firms and keys of cfg and keys.
func registry(cfg Config, keys Keys) (*firm.Registry, error) {
	reg := firm.NewRegistry()
	reg.AddFirm(DemoFirm, "Demo firm")
	reg.AddFirm(OtherFirm, "Other firm")
	add := func(k, firmID string, active bool, where string) error {
		if err := reg.AddKey(k, firmID, active); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		return nil
	}
	for i, k := range keys.Active {
		if err := add(k, DemoFirm, true, fmt.Sprintf("api key %d", i+1)); err != nil {
			return nil, err
		}
	}
	for i, k := range keys.Inactive {
		if err := add(k, DemoFirm, false, fmt.Sprintf("inactive key %d", i+1)); err != nil {
			return nil, err
		}
	}
	for i, k := range keys.OtherFirm {
		if err := add(k, OtherFirm, true, fmt.Sprintf("other firm key %d", i+1)); err != nil {
			return nil, err
		}
	}
	for _, f := range cfg.Firms {
		if err := firm.ValidFirmID(f.ID); err != nil {
			return nil, fmt.Errorf("firm %q: %w", f.ID, err)
		}
		reg.AddFirm(f.ID, f.Name)
		for i, k := range f.Keys {
			if err := add(k.Key, f.ID, k.IsActive(), fmt.Sprintf("firm %s key %d", f.ID, i+1)); err != nil {
				return nil, err
			}
		}
	}
	return reg, nil
}
