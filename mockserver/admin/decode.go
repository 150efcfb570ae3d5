package admin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/callharness/callharness/api"
)

// MaxBody is the largest admin request body, in bytes.
const MaxBody = 1 << 20

// errNoBody is returned by decode when the body is empty and optional.
var errNoBody = errors.New("no body")

// decode reads the JSON object of r's body into dst. Unknown fields, trailing
// data and anything but one object are 422s that name the location; an empty
// body is a 422 too, unless optional, when decode returns errNoBody. The
// Content-Type is not checked, so that a bare curl -d works.
func decode(r *http.Request, dst any, optional bool) error {
	body, err := readBody(r, optional)
	if err != nil {
		return err
	}
	return strict(body, dst)
}

// readBody reads r's body, at most MaxBody bytes; see decode.
func readBody(r *http.Request, optional bool) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, &problemError{status: http.StatusBadRequest, detail: "could not read the request body"}
	}
	if len(body) > MaxBody {
		return nil, &problemError{status: http.StatusRequestEntityTooLarge, detail: fmt.Sprintf("the body is over %d bytes", MaxBody)}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if optional {
			return nil, errNoBody
		}
		return nil, invalid("a JSON object is required", "missing", "body")
	}
	return body, nil
}

// errTrailing is strictRaw's error for data after the object.
var errTrailing = errors.New("trailing data after the JSON object")

// strict decodes one JSON object from raw into dst, refusing unknown fields
// and trailing data; locations are prefixed by "body" and prefix.
func strict(raw []byte, dst any, prefix ...any) error {
	if err := strictRaw(raw, dst); err != nil {
		return jsonError(err, prefix)
	}
	return nil
}

// strictRaw is strict with encoding/json's own error.
func strictRaw(raw []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

// jsonError turns a decoding error into a 422 with the offending location.
func jsonError(err error, prefix []any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	loc := append([]any{"body"}, prefix...)
	switch {
	case errors.Is(err, errTrailing):
		return invalid(err.Error(), "json_invalid", "body")
	case errors.As(err, &syn):
		return invalid(fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, syn.Error()), "json_invalid", "body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("malformed JSON: unexpected end", "json_invalid", "body")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return invalid("must be a JSON object, not "+typ.Value, "model_type", loc...)
		}
		return invalid(fmt.Sprintf("must be %s, not %s", typeName(typ.Type.Kind().String()), typ.Value), "type_error", append(loc, fieldPath(typ.Field)...)...)
	case unknownField(err) != "":
		name := unknownField(err)
		return invalid(fmt.Sprintf("unknown field %q", name), "extra_forbidden", append(loc, name)...)
	}
	return invalid("malformed JSON: "+err.Error(), "json_invalid", "body")
}

// unknownField is the name encoding/json reports for an unknown field, or "".
func unknownField(err error) string {
	const prefix = "json: unknown field "
	if err == nil || !strings.HasPrefix(err.Error(), prefix) {
		return ""
	}
	name, uerr := strconv.Unquote(strings.TrimPrefix(err.Error(), prefix))
	if uerr != nil {
		return strings.TrimPrefix(err.Error(), prefix)
	}
	return name
}

// faultsBody is PUT /_mock/faults before its rules are read one by one, so
// that an error names the rule it is in.
type faultsBody struct {
	Seed  int64             `json:"seed"`
	Rules []json.RawMessage `json:"rules"`
}

// decodeFaults reads an api.Faults, locating every error down to its rule.
func decodeFaults(r *http.Request) (api.Faults, error) {
	body, err := readBody(r, false)
	if err != nil {
		return api.Faults{}, err
	}
	var fb faultsBody
	if err := strict(body, &fb); err != nil {
		return api.Faults{}, err
	}
	out := api.Faults{Seed: fb.Seed, Rules: make([]api.FaultRule, len(fb.Rules))}
	for i, raw := range fb.Rules {
		err := strictRaw(raw, &out.Rules[i])
		if err == nil {
			continue
		}
		if name := unknownField(err); name != "" {
			// encoding/json does not say which object an unknown field is
			// in: if the rule itself lacks it, it is in the latency.
			var top map[string]json.RawMessage
			if json.Unmarshal(raw, &top) == nil {
				if _, ok := top[name]; !ok {
					return api.Faults{}, invalid(fmt.Sprintf("unknown field %q", name), "extra_forbidden", "body", "rules", i, "latency", name)
				}
			}
		}
		return api.Faults{}, jsonError(err, []any{"rules", i})
	}
	return out, nil
}

// fieldPath splits encoding/json's dotted field path, numbers as indexes.
func fieldPath(p string) []any {
	if p == "" {
		return nil
	}
	parts := strings.Split(p, ".")
	out := make([]any, len(parts))
	for i, s := range parts {
		if n, err := strconv.Atoi(s); err == nil {
			out[i] = n
		} else {
			out[i] = s
		}
	}
	return out
}

func typeName(kind string) string {
	switch kind {
	case "bool":
		return "a boolean"
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "float32", "float64":
		return "a number"
	}
	if strings.HasPrefix(kind, "int") || strings.HasPrefix(kind, "uint") {
		return "an integer"
	}
	return "a " + kind
}
