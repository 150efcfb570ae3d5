// Package contract checks an implementation of the Call Campaigns API
// against its documented contract. A check is data: a value with an id, the
// rule it verifies (a sentence of the documentation, or a DEC rule of the
// project's semantics), the operation it exercises, the fixtures it needs
// and a function. Catalogue lists them all; Run runs them against a target
// and returns a Result that the reporters render.
package contract

import (
	"context"
	"strings"
)

// Profile says how strictly the suite judges the target.
type Profile string

// The profiles. Documented runs every check but fails only on the DOC rules,
// reporting a broken DEC rule as a warning; Strict fails on both.
const (
	Documented Profile = "documented"
	Strict     Profile = "strict"
)

// ParseProfile reads a profile name. "" stays "": Run then picks Strict
// with an admin token and Documented without.
func ParseProfile(s string) (Profile, bool) {
	switch Profile(s) {
	case "":
		return "", true
	case Documented:
		return Documented, true
	case Strict:
		return Strict, true
	}
	return "", false
}

// TagDOC is the tag of a rule stated by the published documentation.
const TagDOC = "DOC"

// Rule is what a check verifies: Tag is "DOC" or "DEC-n", Source the quoted
// sentence of the documentation or the decision (docs/rules.md lists them all).
type Rule struct {
	Tag    string `json:"tag"`
	Source string `json:"source"`
}

// Documented reports whether the rule is stated by the documentation.
func (r Rule) Documented() bool { return r.Tag == TagDOC }

// Doc is a rule stated by the documentation, quoted.
func Doc(sentence string) Rule { return Rule{Tag: TagDOC, Source: sentence} }

// Dec is a rule the project decided where the documentation is silent (docs/rules.md).
func Dec(tag, decision string) Rule { return Rule{Tag: tag, Source: decision} }

// Fixture is a state of the target that the documented API alone cannot
// produce. Against our mock the suite arranges it through the admin API;
// against anything else it comes from the config file, or the check is
// skipped.
type Fixture string

// The fixtures.
const (
	FixtureInactiveKey       Fixture = "inactive-key"
	FixtureOtherFirmKey      Fixture = "other-firm-key"
	FixtureCallInProgress    Fixture = "call-in-progress"
	FixturePhoneInProgress   Fixture = "phone-in-progress"
	FixtureCompletedCampaign Fixture = "completed-campaign"
	FixtureFailedCampaign    Fixture = "failed-campaign"
	FixtureCanceledCampaign  Fixture = "canceled-campaign"
	FixtureTerminalCall      Fixture = "terminal-call"
	FixtureEventsCampaign    Fixture = "events-campaign"
	// FixtureClock is the mock's clock: the check makes calls dial and
	// waits for them by moving it. Only the admin API provides it.
	FixtureClock Fixture = "clock"
)

// OperationRun names the whole-run checks, which judge every exchange of the run.
const OperationRun = "*"

// Check is one contract check.
type Check struct {
	ID        string
	Title     string
	Operation string // the operation id of openapi.yaml, or OperationRun
	Rule      Rule
	Needs     []Fixture
	Run       func(ctx context.Context, t *T)
}

// Matches reports whether the check is selected by pattern: its id, an id
// prefix ending in "." or "*", or its operation id.
func (c Check) Matches(pattern string) bool {
	switch {
	case pattern == c.ID || pattern == c.Operation:
		return true
	case strings.HasSuffix(pattern, "*"):
		return strings.HasPrefix(c.ID, strings.TrimSuffix(pattern, "*"))
	case strings.HasSuffix(pattern, "."):
		return strings.HasPrefix(c.ID, pattern)
	}
	return false
}
