package contract

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
)

// Firm of the keys the suite adds to our mock when none are given.
const contractFirm = "callharness-contract"

// missing says why a check's fixtures are not available, "" when they are.
func (e *env) missing(needs []Fixture) string {
	var lack []string
	for _, n := range needs {
		if !e.has(n) {
			lack = append(lack, string(n)+" ("+e.howTo(n)+")")
		}
	}
	if len(lack) == 0 {
		return ""
	}
	return "fixture missing: " + strings.Join(lack, ", ")
}

func (e *env) has(n Fixture) bool {
	f := e.fixtures
	switch n {
	case FixtureInactiveKey:
		return e.keys.inactive != ""
	case FixtureOtherFirmKey:
		return e.keys.otherFirm != ""
	case FixtureClock:
		return e.admin != nil
	case FixtureCallInProgress:
		return e.admin != nil || f.CallInProgress != nil
	case FixturePhoneInProgress:
		return e.admin != nil || f.PhoneInProgress != nil
	case FixtureCompletedCampaign:
		return e.admin != nil || f.CompletedCampaign != ""
	case FixtureFailedCampaign:
		return e.admin != nil || f.FailedCampaign != ""
	case FixtureCanceledCampaign:
		return e.admin != nil || f.CanceledCampaign != ""
	case FixtureTerminalCall:
		return e.admin != nil || f.TerminalCall != nil
	case FixtureEventsCampaign:
		return e.admin != nil || f.EventsCampaign != ""
	}
	return false
}

func (e *env) howTo(n Fixture) string {
	switch n {
	case FixtureInactiveKey:
		return "give --inactive-key or keys.inactive_key"
	case FixtureOtherFirmKey:
		return "give --other-firm-key or keys.other_firm_key"
	case FixtureClock:
		return "only the mock's admin API (--admin-token) can move the clock"
	}
	return "give --admin-token for our mock, or fixtures." + strings.ReplaceAll(string(n), "-", "_") + " in the config file"
}

// arrangeKeys adds, on our mock, the inactive key and the other firm's key
// that were not given, each of a firm the suite creates for itself.
func (e *env) arrangeKeys(ctx context.Context) error {
	if e.keys.inactive != "" && e.keys.otherFirm != "" {
		return nil
	}
	if err := e.admin.AddFirm(ctx, api.Firm{ID: contractFirm, Name: "callharness contract suite"}); err != nil {
		return err
	}
	add := func(active bool) (string, error) {
		k := "chc_" + strings.ReplaceAll(uuid.NewString(), "-", "")
		if err := e.admin.AddKey(ctx, api.APIKey{Key: k, Firm: contractFirm, Active: active}); err != nil {
			return "", fmt.Errorf("add key: %w", err)
		}
		return k, nil
	}
	var err error
	if e.keys.inactive == "" {
		if e.keys.inactive, err = add(false); err != nil {
			return err
		}
	}
	if e.keys.otherFirm == "" {
		e.keys.otherFirm, err = add(true)
	}
	return err
}
