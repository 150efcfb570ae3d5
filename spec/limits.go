package spec

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// Limits are the schema bounds that are mock options (DEC-5, DEC-7, DEC-10).
// A zero field keeps the bound openapi.yaml gives.
type Limits struct {
	RetryMax          int // retry 0..RetryMax (10)
	SpeedMax          int // speed 1..SpeedMax (100)
	RetryIntervalMax  int // retry_interval 1..RetryIntervalMax minutes (1440)
	RecordsPerRequest int // call_records per create or append (10 000)
	NameMax           int // call_campaign_name length (255)
}

// WithLimits sets the bounds of l on doc, a document from Load, before a
// Validator is built from it. Validators already built from doc must not be
// in use meanwhile.
func WithLimits(doc *openapi3.T, l Limits) error {
	create, err := schema(doc, "CreateCampaignRequest")
	if err != nil {
		return err
	}
	appendCalls, err := schema(doc, "AppendCallsRequest")
	if err != nil {
		return err
	}
	for name, max := range map[string]int{"retry": l.RetryMax, "speed": l.SpeedMax, "retry_interval": l.RetryIntervalMax} {
		if max == 0 {
			continue
		}
		p, err := property(create, name)
		if err != nil {
			return err
		}
		if p.Min != nil && float64(max) < *p.Min {
			return fmt.Errorf("limit of %s: %d is below the minimum %v", name, max, *p.Min)
		}
		p.Max = openapi3.Ptr(float64(max))
	}
	if l.RecordsPerRequest != 0 {
		if l.RecordsPerRequest < 1 {
			return fmt.Errorf("limit of call_records: %d is below 1", l.RecordsPerRequest)
		}
		for _, s := range []*openapi3.Schema{create, appendCalls} {
			p, err := property(s, "call_records")
			if err != nil {
				return err
			}
			p.MaxItems = openapi3.Ptr(uint64(l.RecordsPerRequest))
		}
	}
	if l.NameMax != 0 {
		if l.NameMax < 1 {
			return fmt.Errorf("limit of call_campaign_name: %d is below 1", l.NameMax)
		}
		p, err := property(create, "call_campaign_name")
		if err != nil {
			return err
		}
		p.MaxLength = openapi3.Ptr(uint64(l.NameMax))
	}
	return nil
}

func schema(doc *openapi3.T, name string) (*openapi3.Schema, error) {
	if doc.Components == nil || doc.Components.Schemas[name] == nil || doc.Components.Schemas[name].Value == nil {
		return nil, fmt.Errorf("openapi.yaml has no schema %s", name)
	}
	return doc.Components.Schemas[name].Value, nil
}

func property(s *openapi3.Schema, name string) (*openapi3.Schema, error) {
	p := s.Properties[name]
	if p == nil || p.Value == nil {
		return nil, fmt.Errorf("openapi.yaml has no property %s", name)
	}
	return p.Value, nil
}
