package spec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// ResponseError is a response that does not match the spec: an undocumented
// status, a Content-Type the status does not list, or a body that breaks
// its schema. Problems lists every violation found, one line each.
type ResponseError struct {
	Status   int
	Problems []string
	Err      error // from kin-openapi
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("response %d does not match openapi.yaml: %s", e.Status, strings.Join(e.Problems, "; "))
}

func (e *ResponseError) Unwrap() error { return e.Err }

// ValidateResponse checks a response to r, as status, header and body,
// against r's operation. An undocumented status is an error. HEAD requests
// are not checked. A request whose route is not in the spec is an error
// matching ErrPathNotFound or ErrMethodNotAllowed.
func (v *Validator) ValidateResponse(ctx context.Context, r *http.Request, status int, header http.Header, body []byte) error {
	route, err := v.FindRoute(r)
	if err != nil {
		return err
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    r,
			PathParams: route.PathParams,
			Route:      route.route,
			Options:    v.response,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: v.response,
	}
	if err := openapi3filter.ValidateResponse(ctx, input); err != nil {
		return &ResponseError{Status: status, Problems: describe(err), Err: err}
	}
	return nil
}

// describe lists the violations within err, each one line, without the
// schema dumps of kin-openapi's own messages.
func describe(err error) []string {
	var out []string
	var leaf func(error)
	leaf = func(err error) {
		var re *openapi3filter.ResponseError
		switch e := err.(type) {
		case *openapi3.SchemaError:
			at := "/" + strings.Join(e.JSONPointer(), "/")
			if e.SchemaField == "required" {
				out = append(out, fmt.Sprintf("body %s: %s", at, e.Reason))
				return
			}
			out = append(out, fmt.Sprintf("body %s: %s (got %s)", at, e.Reason, brief(e.Value)))
		case *openapi3filter.ResponseError:
			if e.Err == nil {
				out = append(out, e.Reason)
				return
			}
			var me openapi3.MultiError
			var se *openapi3.SchemaError
			if errors.As(e.Err, &me) || errors.As(e.Err, &se) {
				eachViolation(e.Err, leaf)
				return
			}
			out = append(out, e.Reason+": "+e.Err.Error())
		default:
			if errors.As(err, &re) {
				leaf(re)
				return
			}
			out = append(out, err.Error())
		}
	}
	eachViolation(err, leaf)
	return out
}

func brief(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(fmt.Sprint(v))
	}
	s := string(b)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}
