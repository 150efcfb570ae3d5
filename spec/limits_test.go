package spec_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/spec"
)

func TestDEC7_DEC10_LimitsAreMockOptions(t *testing.T) {
	doc := load(t)
	require.NoError(t, spec.WithLimits(doc, spec.Limits{RetryMax: 20, SpeedMax: 5, RetryIntervalMax: 60, RecordsPerRequest: 2, NameMax: 3}))
	v, err := spec.New(doc)
	require.NoError(t, err)
	good := record("77012345678")
	tests := []struct {
		name, target, body string
		want               [][]any
	}{
		{"raised retry bound", "/api/v1/call-campaign", strings.Replace(createBody(`"retry":20`, good), "January Outreach", "Jan", 1), nil},
		{"lowered bounds", "/api/v1/call-campaign", strings.Replace(createBody(`"speed":6,"retry_interval":61`, good, good, good), "January Outreach", "Jan!", 1),
			[][]any{{"body", "speed"}, {"body", "retry_interval"}, {"body", "call_records"}, {"body", "call_campaign_name"}}},
		{"append, records per request", "/api/v1/call-campaign/" + campaignID + "/phone-number", `{"call_records":[` + strings.Join([]string{good, good, good}, ",") + `]}`,
			[][]any{{"body", "call_records"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := "POST"
			if strings.HasSuffix(tt.target, "/phone-number") {
				method = "PUT"
			}
			got, _ := locs(v.ValidateRequest(context.Background(), newRequest(method, tt.target, tt.body), []byte(tt.body)))
			assert.ElementsMatch(t, tt.want, got)
		})
	}
}

func TestWithLimitsRefusesImpossibleBounds(t *testing.T) {
	for _, l := range []spec.Limits{{SpeedMax: -1}, {RetryIntervalMax: -5}, {RecordsPerRequest: -1}, {NameMax: -1}} {
		assert.Error(t, spec.WithLimits(load(t), l), "%+v", l)
	}
}
