package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/callharness/callharness/api"
)

// Machine-readable kinds of a FieldError, after pydantic where it has one.
const (
	TypeMissing              = "missing"
	TypeJSONInvalid          = "json_invalid"
	TypeTypeError            = "type_error"
	TypeValueError           = "value_error"
	TypeEnum                 = "enum"
	TypePatternMismatch      = "string_pattern_mismatch"
	TypeStringTooShort       = "string_too_short"
	TypeStringTooLong        = "string_too_long"
	TypeTooShort             = "too_short"
	TypeTooLong              = "too_long"
	TypeGreaterThanEqual     = "greater_than_equal"
	TypeGreaterThan          = "greater_than"
	TypeLessThanEqual        = "less_than_equal"
	TypeLessThan             = "less_than"
	TypeUnsupportedMediaType = "unsupported_media_type"
	TypeDateTimeParsing      = "datetime_parsing"
)

// The reason kin-openapi gives for a Content-Type its operation does not take.
const reasonContentType = "header Content-Type has unexpected value"

// decodeJSON reads body as exactly one JSON value into v, or says why not.
func decodeJSON(body []byte, v *any) (api.FieldError, bool) {
	invalid := func(msg string) (api.FieldError, bool) {
		return api.FieldError{Loc: []any{"body"}, Msg: msg, Type: TypeJSONInvalid}, false
	}
	if !utf8.Valid(body) {
		return invalid("JSON decode error: the body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return invalid("JSON decode error: " + err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalid("JSON decode error: data after the JSON value")
	}
	return api.FieldError{}, true
}

// fieldErrors flattens what openapi3filter.ValidateRequest returned into
// FastAPI-style field errors. body is the decoded request body, used to
// tell array indices from object keys.
func fieldErrors(err error, body any) []api.FieldError {
	var out []api.FieldError
	var walk func(error)
	walk = func(err error) {
		var re *openapi3filter.RequestError
		var se *openapi3filter.SecurityRequirementsError
		switch e := err.(type) {
		case openapi3.MultiError:
			for _, err := range e {
				walk(err)
			}
		case *openapi3filter.RequestError:
			out = append(out, requestErrors(e, body)...)
		case *openapi3filter.SecurityRequirementsError:
			// Authentication is the mock's business, decided before validation.
		default:
			switch {
			case errors.As(err, &se):
			case errors.As(err, &re):
				out = append(out, requestErrors(re, body)...)
			default:
				out = append(out, api.FieldError{Loc: []any{"request"}, Msg: err.Error(), Type: TypeValueError})
			}
		}
	}
	walk(err)
	return out
}

func requestErrors(e *openapi3filter.RequestError, body any) []api.FieldError {
	if p := e.Parameter; p != nil {
		loc := []any{p.In, p.Name}
		var schema *openapi3.Schema
		if p.Schema != nil {
			schema = p.Schema.Value
		}
		var pe *openapi3filter.ParseError
		switch {
		case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
			return []api.FieldError{{Loc: loc, Msg: "Field required", Type: TypeMissing}}
		case errors.Is(e.Err, openapi3filter.ErrInvalidEmptyValue), errors.As(e.Err, &pe):
			return []api.FieldError{{Loc: loc, Msg: expectedType(schema), Type: TypeTypeError}}
		}
		return schemaErrors(e.Err, loc, nil)
	}
	loc := []any{"body"}
	var pe *openapi3filter.ParseError
	switch {
	case e.Err == nil && strings.HasPrefix(e.Reason, reasonContentType):
		return []api.FieldError{{Loc: []any{"header", "content-type"}, Msg: e.Reason, Type: TypeUnsupportedMediaType}}
	case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
		return []api.FieldError{{Loc: loc, Msg: "Field required", Type: TypeMissing}}
	case errors.As(e.Err, &pe):
		return []api.FieldError{{Loc: loc, Msg: "JSON decode error: " + pe.Error(), Type: TypeJSONInvalid}}
	case e.Err == nil:
		return []api.FieldError{{Loc: loc, Msg: e.Error(), Type: TypeValueError}}
	}
	return schemaErrors(e.Err, loc, body)
}

// schemaErrors maps the schema errors within err, at locations below base.
func schemaErrors(err error, base []any, root any) []api.FieldError {
	var out []api.FieldError
	eachViolation(err, func(err error) {
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			out = append(out, schemaError(se, base, root))
			return
		}
		out = append(out, api.FieldError{Loc: base, Msg: err.Error(), Type: TypeValueError})
	})
	return out
}

// eachViolation calls leaf with every single violation within err: it opens
// kin-openapi's multi-errors and the allOf errors whose parts each say what
// they missed.
func eachViolation(err error, leaf func(error)) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, err := range e {
			eachViolation(err, leaf)
		}
		return
	case *openapi3.SchemaError:
		var inner openapi3.MultiError
		if e.SchemaField == "allOf" && errors.As(e.Origin, &inner) {
			eachViolation(inner, leaf)
			return
		}
	}
	leaf(err)
}

func schemaError(e *openapi3.SchemaError, base []any, root any) api.FieldError {
	loc := append(append([]any(nil), base...), locate(e.JSONPointer(), root)...)
	s := e.Schema
	if s == nil {
		return api.FieldError{Loc: loc, Msg: e.Reason, Type: TypeValueError}
	}
	fe := api.FieldError{Loc: loc}
	switch e.SchemaField {
	case "required":
		fe.Msg, fe.Type = "Field required", TypeMissing
	case "type", "nullable":
		fe.Msg, fe.Type = expectedType(s), TypeTypeError
	case "enum":
		fe.Msg, fe.Type = "Input should be "+alternatives(s.Enum), TypeEnum
	case "pattern":
		fe.Type = TypePatternMismatch
		fe.Msg = fmt.Sprintf("String should match pattern '%s'", s.Pattern)
		if s.Pattern == PhonePattern {
			fe.Msg = "Invalid phone number format" // the documented wording
		}
	case "minLength":
		fe.Msg, fe.Type = fmt.Sprintf("String should have at least %d %s", s.MinLength, plural(s.MinLength, "character")), TypeStringTooShort
	case "maxLength":
		fe.Msg, fe.Type = fmt.Sprintf("String should have at most %d %s", deref(s.MaxLength), plural(deref(s.MaxLength), "character")), TypeStringTooLong
	case "minItems":
		fe.Msg, fe.Type = fmt.Sprintf("List should have at least %d %s", s.MinItems, plural(s.MinItems, "item")), TypeTooShort
	case "maxItems":
		fe.Msg, fe.Type = fmt.Sprintf("List should have at most %d %s", deref(s.MaxItems), plural(deref(s.MaxItems), "item")), TypeTooLong
	case "minimum":
		fe.Msg, fe.Type = "Input should be greater than or equal to "+bound(s.Min), TypeGreaterThanEqual
	case "exclusiveMinimum":
		fe.Msg, fe.Type = "Input should be greater than "+bound(s.Min), TypeGreaterThan
	case "maximum":
		fe.Msg, fe.Type = "Input should be less than or equal to "+bound(s.Max), TypeLessThanEqual
	case "exclusiveMaximum":
		fe.Msg, fe.Type = "Input should be less than "+bound(s.Max), TypeLessThan
	case "format":
		fe.Msg, fe.Type = "Input should be "+formatName(s.Format), TypeValueError
		if str, ok := valueAt(e.JSONPointer(), root).(string); ok && s.Format == "date-time" {
			if msg := DateTimeMsg(str); msg != "" {
				fe.Msg, fe.Type = msg, TypeDateTimeParsing
			}
		}
	case "anyOf", "oneOf":
		forms := make([]string, 0, len(s.AnyOf)+len(s.OneOf))
		for _, sub := range append(append(openapi3.SchemaRefs(nil), s.AnyOf...), s.OneOf...) {
			if sub.Value != nil {
				forms = append(forms, formatName(sub.Value.Format))
			}
		}
		fe.Msg, fe.Type = "Input should be "+strings.Join(forms, " or "), TypeValueError
	default:
		fe.Msg, fe.Type = e.Reason, TypeValueError
	}
	return fe
}

// locate turns a JSON pointer into loc items, array indices as ints, by
// following it through the value it points into.
func locate(pointer []string, v any) []any {
	loc := make([]any, 0, len(pointer))
	for _, seg := range pointer {
		switch cur := v.(type) {
		case []any:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(cur) {
				loc = append(loc, i)
				v = cur[i]
				continue
			}
		case map[string]any:
			loc = append(loc, seg)
			v = cur[seg]
			continue
		}
		loc = append(loc, seg)
		v = nil
	}
	return loc
}

// valueAt is the value a JSON pointer points to in v, nil if none.
func valueAt(pointer []string, v any) any {
	for _, seg := range pointer {
		switch cur := v.(type) {
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(cur) {
				return nil
			}
			v = cur[i]
		case map[string]any:
			v = cur[seg]
		default:
			return nil
		}
	}
	return v
}

func expectedType(s *openapi3.Schema) string {
	if s == nil || s.Type == nil || len(s.Type.Slice()) == 0 {
		return "Input has the wrong type"
	}
	switch t := s.Type.Slice()[0]; t {
	case openapi3.TypeArray:
		return "Input should be a valid list"
	case openapi3.TypeObject:
		return "Input should be a valid object"
	default:
		return "Input should be a valid " + t
	}
}

func formatName(format string) string {
	switch format {
	case "uuid":
		return "a valid UUID"
	case "date-time":
		return "a valid RFC 3339 date-time with a time zone"
	case "date":
		return "a valid date (YYYY-MM-DD)"
	case "":
		return "of another form"
	default:
		return "a valid " + format
	}
}

func alternatives(values []any) string {
	quoted := make([]string, 0, len(values))
	for _, v := range values {
		if v != nil {
			quoted = append(quoted, fmt.Sprintf("'%v'", v))
		}
	}
	switch len(quoted) {
	case 0:
		return "null"
	case 1:
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

func bound(v *float64) string {
	if v == nil {
		return "the bound"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func deref(v *uint64) uint64 {
	if v == nil {
		return 0
	}
	return *v
}

func plural(n uint64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
