package spec_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

// example is one example of openapi.yaml with the schema it illustrates.
type example struct {
	at     string
	value  any
	schema *openapi3.Schema
	asReq  bool
}

func examples(doc *openapi3.T) []example {
	var out []example
	media := func(at string, content openapi3.Content, asReq bool) {
		for mime, mt := range content {
			for name, ex := range mt.Examples {
				out = append(out, example{fmt.Sprintf("%s %s %s", at, mime, name), ex.Value.Value, mt.Schema.Value, asReq})
			}
			if mt.Example != nil {
				out = append(out, example{fmt.Sprintf("%s %s", at, mime), mt.Example, mt.Schema.Value, asReq})
			}
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			at := method + " " + path
			for _, p := range op.Parameters {
				for name, ex := range p.Value.Examples {
					out = append(out, example{at + " " + p.Value.Name + " " + name, ex.Value.Value, p.Value.Schema.Value, true})
				}
			}
			if op.RequestBody != nil {
				media(at+" request", op.RequestBody.Value.Content, true)
			}
			for code, res := range op.Responses.Map() {
				media(at+" "+code, res.Value.Content, false)
			}
		}
	}
	return out
}

func TestExamplesValidateAgainstTheirSchemas(t *testing.T) {
	doc := load(t)
	all := examples(doc)
	require.Greater(t, len(all), 20, "every operation and error has examples")
	for _, ex := range all {
		t.Run(ex.at, func(t *testing.T) {
			opts := append(doc.GetSchemaValidationOptions(), openapi3.MultiErrors())
			if ex.asReq {
				opts = append(opts, openapi3.VisitAsRequest())
			} else {
				opts = append(opts, openapi3.VisitAsResponse())
			}
			assert.NoError(t, ex.schema.VisitJSON(ex.value, opts...))
		})
	}
}

// TestDEC35_ExamplesUseRealUUIDs: the documentation shows placeholders such
// as "call-uuid-here"; the spec's examples are UUID v4 instead.
func TestDEC35_ExamplesUseRealUUIDs(t *testing.T) {
	doc := load(t)
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	placeholder := regexp.MustCompile(`(?i)uuid`)
	for _, ex := range examples(doc) {
		walkStrings(ex.value, func(key, s string) {
			assert.NotRegexp(t, placeholder, s, "%s: %s is a placeholder", ex.at, key)
			if regexp.MustCompile(`uuid|deleted`).MatchString(key) {
				assert.Regexp(t, v4, s, "%s: %s is a UUID v4", ex.at, key)
			}
		})
	}
}

// TestDocumentedExamplesArePresent: each operation the documentation gives
// an example for carries it, under the name "documented".
func TestDocumentedExamplesArePresent(t *testing.T) {
	doc := load(t)
	tests := []struct {
		path, code string
	}{
		{api.RouteCreateCampaign, "request"},
		{api.RouteCreateCampaign, "201"},
		{api.RouteAppendCalls, "request"},
		{api.RouteListCalls, "200"},
		{api.RouteDeleteCall, "200"},
		{api.RouteDetails, "200"},
	}
	for _, tt := range tests {
		op := only(doc.Paths.Find(tt.path))
		var content openapi3.Content
		if tt.code == "request" {
			content = op.RequestBody.Value.Content
		} else {
			content = op.Responses.Value(tt.code).Value.Content
		}
		mt := content.Get("application/json")
		require.NotNil(t, mt, "%s %s", tt.path, tt.code)
		assert.Contains(t, mt.Examples, "documented", "%s %s", tt.path, tt.code)
	}
	ex := only(doc.Paths.Find(api.RouteCreateCampaign)).RequestBody.Value.Content.Get("application/json").Examples["documented"].Value.Value
	body := ex.(map[string]any)
	assert.Equal(t, "January Outreach", body["call_campaign_name"])
	assert.Equal(t, "2026-01-15T09:00:00.000Z", body["start_at"])
}

// TestExamplesAreHeldToTheUUIDFormat: Load validates examples, and with the
// uuid format, so a placeholder in an example is caught.
func TestExamplesAreHeldToTheUUIDFormat(t *testing.T) {
	doc := load(t)
	ex := only(doc.Paths.Find(api.RouteDeleteCall)).Responses.Value("200").Value.Content.Get("application/json").Examples["documented"]
	ex.Value.Value = map[string]any{"deleted": "call-uuid-here"}
	assert.Error(t, doc.Validate(context.Background()))
}

func walkStrings(v any, f func(key, s string)) {
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				walk(k, e)
			}
		case []any:
			for _, e := range v {
				walk(key, e)
			}
		case string:
			f(key, v)
		}
	}
	walk("", v)
}
