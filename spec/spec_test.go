package spec_test

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/spec"
)

func load(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := spec.Load()
	require.NoError(t, err)
	return doc
}

// operations are the six documented operations with every status code each
// must document: DOC codes, 401/403 on all six (SEMANTICS §2), 422 on all
// six and 413/415 on those with a body (DEC-3), 404 on those that name a
// campaign (DOC, DEC-18).
var operations = []struct {
	path, method, id string
	codes            []string
}{
	{api.RouteCreateCampaign, "POST", api.OpCreateCampaign, []string{"201", "401", "403", "413", "415", "422"}},
	{api.RouteAppendCalls, "PUT", api.OpAppendCalls, []string{"200", "400", "401", "403", "404", "413", "415", "422"}},
	{api.RouteListCalls, "GET", api.OpListCalls, []string{"200", "401", "403", "404", "422"}},
	{api.RouteDeleteCall, "DELETE", api.OpDeleteCall, []string{"200", "401", "403", "404", "409", "422"}},
	{api.RouteDeleteByPhone, "DELETE", api.OpDeleteByPhone, []string{"200", "401", "403", "404", "409", "422"}},
	{api.RouteDetails, "GET", api.OpDetails, []string{"200", "401", "403", "404", "422"}},
}

func TestLoadValidatesTheDocument(t *testing.T) {
	doc := load(t)
	assert.Equal(t, "3.0.3", doc.OpenAPI)
	require.NoError(t, doc.Validate(context.Background()))
	require.Len(t, doc.Servers, 1)
	assert.Equal(t, "http://127.0.0.1:8080", doc.Servers[0].URL)
	for _, path := range doc.Paths.InMatchingOrder() {
		assert.False(t, strings.HasPrefix(path, "/_mock"), "the admin API is not part of openapi.yaml: %s", path)
	}
}

func TestLoadGivesEachCallerItsOwnDocument(t *testing.T) {
	a, b := load(t), load(t)
	require.NotSame(t, a, b)
	require.NoError(t, spec.WithLimits(a, spec.Limits{RetryMax: 3}))
	retry := func(doc *openapi3.T) float64 {
		return *doc.Components.Schemas["CreateCampaignRequest"].Value.Properties["retry"].Value.Max
	}
	assert.Equal(t, 3.0, retry(a))
	assert.Equal(t, 10.0, retry(b))
}

func TestEveryOperationHasItsIdAndEveryRequiredCode(t *testing.T) {
	doc := load(t)
	var paths []string
	for _, op := range operations {
		paths = append(paths, op.path)
	}
	assert.ElementsMatch(t, paths, doc.Paths.InMatchingOrder(), "exactly the six documented paths")
	for _, want := range operations {
		t.Run(want.id, func(t *testing.T) {
			item := doc.Paths.Find(want.path)
			require.NotNil(t, item, want.path)
			ops := item.Operations()
			require.Len(t, ops, 1, "one operation on %s", want.path)
			op := ops[want.method]
			require.NotNil(t, op, "%s %s", want.method, want.path)
			assert.Equal(t, want.id, op.OperationID)
			assert.NotEmpty(t, op.Summary)
			assert.NotEmpty(t, op.Description)
			assert.NotEmpty(t, op.Tags)
			assert.Nil(t, op.Security, "the global security requirement applies")
			codes := slices.Sorted(maps.Keys(op.Responses.Map()))
			assert.Equal(t, want.codes, codes, "exact codes, no ranges, no default")
			for code, ref := range op.Responses.Map() {
				res := ref.Value
				require.NotNil(t, res)
				require.NotNil(t, res.Description)
				assert.NotEmpty(t, *res.Description, code)
				mediaType := "application/json"
				if code[0] != '2' {
					mediaType = api.ContentTypeProblem
				}
				require.Len(t, res.Content, 1, "%s has one media type", code)
				mt := res.Content.Get(mediaType)
				require.NotNil(t, mt, "%s is %s", code, mediaType)
				require.NotNil(t, mt.Schema, "%s has a schema", code)
				if code[0] != '2' {
					assert.Contains(t, []string{"#/components/schemas/Problem", "#/components/schemas/ValidationProblem"}, mt.Schema.Ref, code)
				}
				if code == "422" {
					assert.Equal(t, "#/components/schemas/ValidationProblem", mt.Schema.Ref)
				}
			}
			hasBody := want.method == "POST" || want.method == "PUT"
			if assert.Equal(t, hasBody, op.RequestBody != nil) && hasBody {
				assert.True(t, op.RequestBody.Value.Required)
				assert.NotNil(t, op.RequestBody.Value.Content.Get("application/json"))
			}
		})
	}
}

func TestSecurityIsTheAPIKeyHeaderEverywhere(t *testing.T) {
	doc := load(t)
	require.Len(t, doc.Security, 1)
	names := slices.Collect(maps.Keys(doc.Security[0]))
	require.Len(t, names, 1)
	scheme := doc.Components.SecuritySchemes[names[0]]
	require.NotNil(t, scheme)
	assert.Equal(t, "apiKey", scheme.Value.Type)
	assert.Equal(t, "header", scheme.Value.In)
	assert.Equal(t, api.HeaderAPIKey, scheme.Value.Name)
}

func TestParametersAreAsDocumented(t *testing.T) {
	doc := load(t)
	num := func(f float64) *float64 { return &f }
	tests := []struct {
		path, in, name string
		typ, format    string
		pattern        string
		min, max       *float64
		def            any
	}{
		{api.RouteAppendCalls, "path", "call_campaign_uuid", "string", "uuid", "", nil, nil, nil},
		{api.RouteListCalls, "path", "call_campaign_uuid", "string", "uuid", "", nil, nil, nil},
		{api.RouteListCalls, "query", "page", "integer", "", "", num(1), num(math.MaxInt32), 1.0},
		{api.RouteListCalls, "query", "size", "integer", "", "", num(1), num(100), 50.0},
		{api.RouteDeleteCall, "path", "call_campaign_uuid", "string", "uuid", "", nil, nil, nil},
		{api.RouteDeleteCall, "path", "call_uuid", "string", "uuid", "", nil, nil, nil},
		{api.RouteDeleteByPhone, "path", "call_campaign_uuid", "string", "uuid", "", nil, nil, nil},
		{api.RouteDeleteByPhone, "path", "phone_number", "string", "", spec.PhonePattern, nil, nil, nil},
		{api.RouteDetails, "path", "call_campaign_uuid", "string", "uuid", "", nil, nil, nil},
		{api.RouteDetails, "query", "page", "integer", "", "", num(1), num(math.MaxInt32), 1.0},
		{api.RouteDetails, "query", "size", "integer", "", "", num(1), num(100), 10.0},
		{api.RouteDetails, "query", "date", "", "", "", nil, nil, nil},
		{api.RouteDetails, "query", "call_status", "string", "", "", nil, nil, nil},
		{api.RouteDetails, "query", "call_uuid", "string", "uuid", "", nil, nil, nil},
		{api.RouteDetails, "query", "phone_number", "string", "", spec.PhonePattern, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.name, func(t *testing.T) {
			op := only(doc.Paths.Find(tt.path))
			p := op.Parameters.GetByInAndName(tt.in, tt.name)
			require.NotNil(t, p)
			assert.Equal(t, tt.in == "path", p.Required)
			assert.NotEmpty(t, p.Description)
			s := p.Schema.Value
			if tt.typ != "" {
				assert.True(t, s.Type.Is(tt.typ), "type %v", s.Type)
			}
			assert.Equal(t, tt.format, s.Format)
			assert.Equal(t, tt.pattern, s.Pattern)
			assert.Equal(t, tt.min, s.Min)
			assert.Equal(t, tt.max, s.Max)
			assert.Equal(t, tt.def, s.Default)
		})
	}
	for _, tt := range operations {
		op := only(doc.Paths.Find(tt.path))
		var names []string
		for _, p := range op.Parameters {
			names = append(names, p.Value.Name)
		}
		for _, name := range pathParams(tt.path) {
			assert.Contains(t, names, name, "%s declares its path parameter", tt.path)
		}
	}
}

func TestDEC21_CallStatusFilterIsAnEventStatus(t *testing.T) {
	doc := load(t)
	p := only(doc.Paths.Find(api.RouteDetails)).Parameters.GetByInAndName("query", "call_status")
	require.NotNil(t, p)
	want := []any{api.EventInProgress, api.EventCompleted, api.EventNoAnswer, api.EventBusy, api.EventVoicemail, api.EventRejected, api.EventFailed}
	assert.ElementsMatch(t, want, p.Schema.Value.Enum)
}

func TestStatusVocabulariesMatchTheAPIConstants(t *testing.T) {
	doc := load(t)
	enum := func(name string) []any { return doc.Components.Schemas[name].Value.Enum }
	assert.ElementsMatch(t, []any{api.CampaignDraft, api.CampaignProcessing, api.CampaignCompleted, api.CampaignFailed, api.CampaignCanceled}, enum("CampaignStatus"))
	assert.ElementsMatch(t, []any{api.CallPending, api.CallInProgress, api.CallCompleted, api.CallNoAnswer, api.CallBusy, api.CallFailed, api.CallCanceled, api.CallExpired}, enum("CallStatus"))
	event := doc.Components.Schemas["CallEvent"].Value.Properties
	assert.ElementsMatch(t, []any{api.FResultInformationTransferred, api.FResultGoalNotAchieved, api.FResultCallbackRequested,
		api.FResultCustomerHangup, api.FResultAnsweringMachine, api.FResultNotAnswered, api.FResultBusy, api.FResultRejected,
		api.FResultCongestion, api.FResultInvalidNumber, nil}, event["fresult"].Value.Enum)
	assert.ElementsMatch(t, []any{api.SentimentPositive, api.SentimentNeutral, api.SentimentNegative, nil}, event["user_sentiment"].Value.Enum)
}

// TestDECRulesAreNamed holds the descriptions to the rule that each
// undocumented schema or code rests on.
func TestDECRulesAreNamed(t *testing.T) {
	doc := load(t)
	schemas := doc.Components.Schemas
	for name, rule := range map[string]string{
		"AppendCallsResponse": "DEC-16", "DeleteByPhoneResponse": "DEC-29", "Problem": "DEC-4", "ValidationProblem": "DEC-4",
		"FieldError": "DEC-4", "CallStatus": "DEC-20", "EventStatus": "DEC-21", "CallEvent": "DEC-34", "CampaignDetails": "DEC-40",
		"PhoneNumber": "DEC-11", "Variables": "DEC-36", "UUID": "DEC-35",
	} {
		assert.Contains(t, schemas[name].Value.Description, rule, name)
	}
	create := schemas["CreateCampaignRequest"].Value.Properties
	for prop, rule := range map[string]string{"retry": "DEC-7", "speed": "DEC-7", "retry_interval": "DEC-7", "day_unique": "DEC-8", "call_records": "DEC-10"} {
		assert.Contains(t, create[prop].Value.Description, rule, prop)
	}
	for _, name := range []string{"PayloadTooLarge", "UnsupportedMediaType", "ValidationFailed"} {
		assert.Contains(t, *doc.Components.Responses[name].Value.Description, "DEC-3", name)
	}
}

func only(item *openapi3.PathItem) *openapi3.Operation {
	for _, op := range item.Operations() {
		return op
	}
	return nil
}

func pathParams(template string) []string {
	var names []string
	for _, seg := range strings.Split(template, "/") {
		if strings.HasPrefix(seg, "{") {
			names = append(names, strings.Trim(seg, "{}"))
		}
	}
	return names
}
