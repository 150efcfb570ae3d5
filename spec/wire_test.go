package spec_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

var (
	typeTime = reflect.TypeFor[api.Time]()
	typeRaw  = reflect.TypeFor[json.RawMessage]()
)

func ptr[T any](v T) *T { return &v }

func at(s string) api.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return api.Time{Time: t}
}

// wireTypes pairs each wire type with its schema, a populated instance and,
// for responses, a sparse one (nil pointers, empty lists) the server may
// also write.
var wireTypes = []struct {
	schema   string
	response bool
	full     any
	sparse   any
}{
	{"CallRecord", false, api.CallRecord{PhoneNumber: "+77012345678", Language: "ru", GenderVoice: "male", AgentName: "a",
		Variables: json.RawMessage(`{"client_name":"John Doe","debt_amount":15000}`)}, nil},
	{"CreateCampaignRequest", false, api.CreateCampaignRequest{CallCampaignName: "January Outreach",
		StartAt: "2026-01-15T09:00:00.000Z", EndAt: "2026-01-15T18:00:00+05:00", Retry: ptr(2), Speed: ptr(5),
		RetryInterval: ptr(30), DayUnique: ptr("delete"), TransferNextDay: ptr(true), AllowDynamicCallAppending: ptr(false),
		CallRecords: []api.CallRecord{{PhoneNumber: "77012345678", Language: "RU", GenderVoice: "female", AgentName: "a"}}}, nil},
	{"AppendCallsRequest", false, api.AppendCallsRequest{CallRecords: []api.CallRecord{
		{PhoneNumber: "77019876543", Language: "KZ", GenderVoice: "female", AgentName: "support_agent"}}}, nil},
	{"CreateCampaignResponse", true, api.CreateCampaignResponse{CallCampaignUUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
		CallCampaignStatus: api.CampaignDraft, CallRecordsCount: 1, DuplicatesRemoved: 2, Message: "Campaign created successfully"},
		api.CreateCampaignResponse{CallCampaignUUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6", CallCampaignStatus: api.CampaignDraft}},
	{"AppendCallsResponse", true, api.AppendCallsResponse{CallCampaignUUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
		CallCampaignStatus: api.CampaignProcessing, AddedCount: 1, DuplicatesRemoved: 0, CallRecordsCount: 2, Message: "ok"}, nil},
	{"Call", true, api.Call{UUID: "9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34", PhoneNumber: "77012345678", Status: api.CallExpired,
		AgentName: "a", Language: "EN", CreatedAt: at("2026-01-15T09:05:00Z")}, nil},
	{"CallList", true, api.CallList{CallCampaignUUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6", Total: 1, Calls: []api.Call{{
		UUID: "9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34", PhoneNumber: "77012345678", Status: api.CallPending, AgentName: "a",
		Language: "RU", CreatedAt: at("2026-01-15T09:05:00Z")}}},
		api.CallList{CallCampaignUUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6", Calls: []api.Call{}}},
	{"DeleteCallResponse", true, api.DeleteCallResponse{Deleted: "9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34"}, nil},
	{"DeleteByPhoneResponse", true, api.DeleteByPhoneResponse{Deleted: []string{"9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34"}}, nil},
	{"CallEvent", true, answered(), live()},
	{"CampaignDetails", true, api.CampaignDetails{CallCampaignName: "January Outreach", StartAt: at("2026-01-15T09:00:00Z"),
		EndAt: at("2026-01-15T18:00:00Z"), Retry: 2, RetryInterval: 30, Speed: 5, Items: []api.CallEvent{answered(), live()},
		Page: 1, Size: 10, Total: 2, CallCampaignUUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6", CallCampaignStatus: api.CampaignProcessing,
		DayUnique: ptr("delete"), TransferNextDay: ptr(false), AllowDynamicCallAppending: ptr(true)},
		api.CampaignDetails{CallCampaignName: "x", StartAt: at("2026-01-15T09:00:00Z"), EndAt: at("2026-01-15T18:00:00Z"),
			RetryInterval: 1, Speed: 1, Items: []api.CallEvent{}, Page: 3, Size: 100}},
	{"Problem", true, api.Problem{Type: "about:blank", Title: "Unprocessable Content", Status: 422, Detail: "Request validation failed",
		Errors: []api.FieldError{{Loc: []any{"body", "call_records", 3, "phone_number"}, Msg: "Invalid phone number format", Type: "string_pattern_mismatch"}}},
		api.Problem{Type: "about:blank", Title: "Not Found", Status: 404, Detail: "Campaign not found"}},
	{"FieldError", true, api.FieldError{Loc: []any{"query", "size"}, Msg: "Input should be less than or equal to 100", Type: "less_than_equal"}, nil},
}

func answered() api.CallEvent {
	return api.CallEvent{CallEventUUID: "6e4f2a8c-9d1b-4c3e-b5a7-0f2d4e6a8c91", PhoneNumber: "77012345678", AgentName: "a",
		Language: "RU", Variables: json.RawMessage(`{"client_name":"John Doe"}`), StartedAt: at("2026-01-15T09:05:00Z"),
		DurationSec: ptr(95), Status: api.EventCompleted, FResult: ptr(api.FResultInformationTransferred),
		Transcript: ptr("assistant: Hello...\nuser: Hi..."), Summary: ptr("Informed."), UserSentiment: ptr(api.SentimentNeutral),
		CallUUID: "9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b34"}
}

// live is an attempt still in progress: every field not yet known is null (DEC-34).
func live() api.CallEvent {
	return api.CallEvent{CallEventUUID: "6e4f2a8c-9d1b-4c3e-b5a7-0f2d4e6a8c92", PhoneNumber: "77012345678", AgentName: "a",
		Language: "RU", StartedAt: at("2026-01-15T09:06:00Z"), Status: api.EventInProgress,
		CallUUID: "9b2d6c1e-4f3a-4e8b-a1d7-5c6e8f0a2b35"}
}

// TestWireTypesAgreeWithTheirSchemas walks each wire type of package api
// beside its schema: property names are the json names, required are the
// fields written always (no omitempty), and the types agree, both ways.
func TestWireTypesAgreeWithTheirSchemas(t *testing.T) {
	doc := load(t)
	for _, w := range wireTypes {
		t.Run(w.schema, func(t *testing.T) {
			ref := doc.Components.Schemas[w.schema]
			require.NotNil(t, ref, "openapi.yaml has a schema %s", w.schema)
			agree(t, w.schema, reflect.TypeOf(w.full), ref.Value, w.response)
		})
	}
}

// TestWireInstancesValidate marshals populated and sparse instances of each
// wire type and validates them against their schemas.
func TestWireInstancesValidate(t *testing.T) {
	doc := load(t)
	for _, w := range wireTypes {
		for kind, v := range map[string]any{"full": w.full, "sparse": w.sparse} {
			if v == nil {
				continue
			}
			t.Run(w.schema+"/"+kind, func(t *testing.T) {
				b, err := json.Marshal(v)
				require.NoError(t, err)
				var value any
				require.NoError(t, json.Unmarshal(b, &value))
				opts := append(doc.GetSchemaValidationOptions(), openapi3.MultiErrors())
				if w.response {
					opts = append(opts, openapi3.VisitAsResponse())
				} else {
					opts = append(opts, openapi3.VisitAsRequest())
				}
				assert.NoError(t, doc.Components.Schemas[w.schema].Value.VisitJSON(value, opts...), "%s", b)
			})
		}
	}
}

// agree checks that struct type typ and schema s describe the same object.
func agree(t *testing.T, at string, typ reflect.Type, s *openapi3.Schema, response bool) {
	t.Helper()
	s = resolve(s)
	require.True(t, s.Type.Is("object"), "%s is an object", at)
	var names, required []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty")
		names = append(names, name)
		if !omitempty {
			required = append(required, name)
		}
		prop := s.Properties[name]
		if !assert.NotNil(t, prop, "%s.%s is in the schema", at, name) {
			continue
		}
		field(t, at+"."+name, f.Type, prop.Value, response, !omitempty)
	}
	var props []string
	for name := range s.Properties {
		props = append(props, name)
	}
	assert.ElementsMatch(t, names, props, "%s: properties are the json names of the struct", at)
	assert.ElementsMatch(t, required, s.Required, "%s: required are the fields without omitempty", at)
}

// field checks one field's Go type against its property schema. A response
// field that can be written as null (a pointer or raw JSON without
// omitempty) must be nullable, and only such a field.
func field(t *testing.T, at string, typ reflect.Type, s *openapi3.Schema, response, always bool) {
	t.Helper()
	s = resolve(s)
	nullable := false
	if typ.Kind() == reflect.Pointer {
		nullable = always
		typ = typ.Elem()
	}
	if typ == typeRaw {
		nullable = always
	}
	if response && typ != typeRaw {
		assert.Equal(t, nullable, s.Nullable, "%s: nullable", at)
	}
	if response && typ == typeRaw && nullable {
		assert.True(t, s.Nullable, "%s: nullable", at)
	}
	switch {
	case typ == typeTime:
		assert.True(t, s.Type.Is("string"), "%s is a string", at)
		assert.Equal(t, "date-time", s.Format, "%s is a date-time", at)
	case typ == typeRaw:
		assert.True(t, s.Type.Is("object"), "%s is an object", at)
	case typ.Kind() == reflect.String:
		assert.True(t, s.Type.Is("string"), "%s is a string", at)
	case typ.Kind() == reflect.Int:
		assert.True(t, s.Type.Is("integer"), "%s is an integer", at)
	case typ.Kind() == reflect.Bool:
		assert.True(t, s.Type.Is("boolean"), "%s is a boolean", at)
	case typ.Kind() == reflect.Slice:
		if assert.True(t, s.Type.Is("array"), "%s is an array", at) && assert.NotNil(t, s.Items, "%s has items", at) {
			items := resolve(s.Items.Value)
			if typ.Elem().Kind() == reflect.Interface {
				assert.NotEmpty(t, items.AnyOf, "%s: items of any type are an anyOf", at)
				return
			}
			field(t, at+"[]", typ.Elem(), items, response, true)
		}
	case typ.Kind() == reflect.Struct:
		agree(t, at, typ, s, response)
	default:
		t.Errorf("%s: no rule for Go type %s", at, typ)
	}
}

// resolve follows an allOf of one schema; the wire schemas use none other.
func resolve(s *openapi3.Schema) *openapi3.Schema {
	if len(s.AllOf) == 1 && s.Type == nil {
		return s.AllOf[0].Value
	}
	return s
}
