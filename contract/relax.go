package contract

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/callharness/callharness/spec"
)

// relaxation loosens one part of openapi.yaml that rests on a decision (a
// DEC rule of docs/rules.md) rather than on the documentation. The documented profile's
// validator applies them all: what the relaxed document still rejects
// breaks the documentation itself; what only the full document rejects
// breaks a DEC rule.
type relaxation struct {
	Rule   string // the DEC rule the strict part rests on
	Schema string // a component schema of openapi.yaml
	Prop   string // one of its properties, or "" for the schema itself
	What   string
	Apply  func(*openapi3.Schema)
}

func noFormat(s *openapi3.Schema)  { s.Format = "" }
func noPattern(s *openapi3.Schema) { s.Pattern = "" }
func noEnum(s *openapi3.Schema)    { s.Enum = nil }
func noLength(s *openapi3.Schema)  { s.MinLength, s.MaxLength = 0, nil }
func noBounds(s *openapi3.Schema)  { s.Min, s.Max = nil, nil }
func noItemBounds(s *openapi3.Schema) {
	s.MinItems, s.MaxItems = 0, nil
}
func noRequired(s *openapi3.Schema) { s.Required = nil }
func without(field string) func(*openapi3.Schema) {
	return func(s *openapi3.Schema) {
		var keep []string
		for _, r := range s.Required {
			if r != field {
				keep = append(keep, r)
			}
		}
		s.Required = keep
	}
}

// relaxations are the DEC parts of openapi.yaml, each with its rule.
var relaxations = []relaxation{
	{"DEC-35", "UUID", "", "identifiers need not be UUIDs", noFormat},
	{"DEC-11", "PhoneNumber", "", "phone numbers have no pattern", noPattern},
	{"DEC-11", "StoredPhoneNumber", "", "returned phone numbers have no pattern", noPattern},
	{"DEC-12", "Language", "", "language codes have no pattern", noPattern},
	{"DEC-12", "StoredLanguage", "", "returned language codes have no pattern", noPattern},
	{"DEC-12", "AgentName", "", "agent names may be empty", noLength},
	{"DEC-20", "CallStatus", "", "call statuses are any string", noEnum},
	{"DEC-21", "EventStatus", "", "call event statuses are any string", noEnum},
	{"DEC-15", "CreateCampaignResponse", "", "duplicates_removed is optional", without("duplicates_removed")},
	{"DEC-16", "AppendCallsResponse", "", "the append confirmation has no required fields", noRequired},
	{"DEC-22", "CallEvent", "fresult", "fresult is any string", noEnum},
	{"DEC-21", "CallEvent", "user_sentiment", "user_sentiment is any string", noEnum},
	{"DEC-5", "CreateCampaignRequest", "call_campaign_name", "the name has no length bounds", noLength},
	{"DEC-7", "CreateCampaignRequest", "retry", "retry has no bounds", noBounds},
	{"DEC-7", "CreateCampaignRequest", "speed", "speed has no bounds", noBounds},
	{"DEC-7", "CreateCampaignRequest", "retry_interval", "retry_interval has no bounds", noBounds},
	{"DEC-8", "CreateCampaignRequest", "day_unique", "day_unique is any string", noEnum},
	{"DEC-10", "CreateCampaignRequest", "call_records", "no bound on the records per request", noItemBounds},
	{"DEC-9", "AppendCallsRequest", "call_records", "an append may be empty or large", noItemBounds},
	{"DEC-36", "CallRecord", "", "no field of a record is required", noRequired},
}

// relaxedValidator builds a validator of openapi.yaml with the relaxations
// whose rule is in rules applied, or all of them when rules is empty.
func relaxedValidator(rules ...string) (*spec.Validator, error) {
	doc, err := spec.Load()
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, r := range rules {
		want[r] = true
	}
	for _, rx := range relaxations {
		if len(want) > 0 && !want[rx.Rule] {
			continue
		}
		ref := doc.Components.Schemas[rx.Schema]
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("relax %s: openapi.yaml has no schema %s", rx.Rule, rx.Schema)
		}
		s := ref.Value
		if rx.Prop != "" {
			p := s.Properties[rx.Prop]
			if p == nil || p.Value == nil {
				return nil, fmt.Errorf("relax %s: schema %s has no property %s", rx.Rule, rx.Schema, rx.Prop)
			}
			s = p.Value
		}
		rx.Apply(s)
	}
	return spec.New(doc)
}

// relaxationRules lists the DEC rules of the relaxations, each once, in order.
func relaxationRules() []string {
	seen := map[string]bool{}
	var out []string
	for _, rx := range relaxations {
		if !seen[rx.Rule] {
			seen[rx.Rule] = true
			out = append(out, rx.Rule)
		}
	}
	return out
}
