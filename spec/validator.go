package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/callharness/callharness/api"
)

// Routing outcomes of FindRoute. The mock answers them 404 and 405.
var (
	ErrPathNotFound     = errors.New("no operation has this path")
	ErrMethodNotAllowed = errors.New("no operation of this path has this method")
)

// MethodNotAllowedError is the error of FindRoute for a path of the spec
// requested with a method it does not document. It matches ErrMethodNotAllowed.
type MethodNotAllowedError struct {
	Method string
	// Allow lists the methods the path documents, for the Allow header.
	Allow []string
}

func (e *MethodNotAllowedError) Error() string {
	return fmt.Sprintf("%s: %s (allowed: %v)", ErrMethodNotAllowed, e.Method, e.Allow)
}

// Is makes errors.Is(err, ErrMethodNotAllowed) hold.
func (e *MethodNotAllowedError) Is(target error) bool { return target == ErrMethodNotAllowed }

// Route is the operation a request resolves to.
type Route struct {
	// Template is the path as openapi.yaml writes it, one of the api.Route* constants.
	Template    string
	Method      string
	OperationID string
	// PathParams are the path parameters by name, percent-decoded.
	PathParams map[string]string

	route *routers.Route
}

// Validator checks requests and responses against one document. It is safe
// for concurrent use; build it once, since building the router is not cheap.
type Validator struct {
	doc      *openapi3.T
	router   routers.Router
	request  *openapi3filter.Options
	response *openapi3filter.Options
}

// New builds a Validator of doc, a document from Load (possibly adjusted with
// WithLimits). doc must not be changed afterwards.
func New(doc *openapi3.T) (*Validator, error) {
	// The router matches hosts against the servers of the document; the mock
	// listens wherever it is told to, so route on paths alone.
	hostless := *doc
	hostless.Servers = nil
	router, err := gorillamux.NewRouter(&hostless)
	if err != nil {
		return nil, fmt.Errorf("build router: %w", err)
	}
	formats := doc.GetSchemaValidationOptions()
	return &Validator{
		doc:    doc,
		router: router,
		request: &openapi3filter.Options{
			MultiError: true,
			// The mock authenticates before it validates (DEC-1).
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults:     true,
			SchemaValidationOptions: formats,
		},
		response: &openapi3filter.Options{
			MultiError:              true,
			IncludeResponseStatus:   true,
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			SchemaValidationOptions: formats,
		},
	}, nil
}

// NewDefault builds a Validator of the embedded openapi.yaml as it is.
func NewDefault() (*Validator, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	return New(doc)
}

// Doc is the document v validates against.
func (v *Validator) Doc() *openapi3.T { return v.doc }

var methods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete,
	http.MethodPatch, http.MethodHead, http.MethodOptions, http.MethodTrace}

// FindRoute resolves r to its operation. A path the spec does not have is
// ErrPathNotFound; a documented path with another method is a
// *MethodNotAllowedError.
func (v *Validator) FindRoute(r *http.Request) (*Route, error) {
	route, params, err := v.router.FindRoute(r)
	switch {
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return nil, &MethodNotAllowedError{Method: r.Method, Allow: v.allowed(r)}
	case err != nil:
		return nil, fmt.Errorf("%w: %s", ErrPathNotFound, r.URL.Path)
	}
	decoded := make(map[string]string, len(params))
	for name, raw := range params {
		value, err := url.PathUnescape(raw)
		if err != nil {
			value = raw // left as sent; its schema will refuse it
		}
		decoded[name] = value
	}
	return &Route{
		Template:    route.Path,
		Method:      route.Method,
		OperationID: route.Operation.OperationID,
		PathParams:  decoded,
		route:       route,
	}, nil
}

// allowed lists the methods documented for the path of r.
func (v *Validator) allowed(r *http.Request) []string {
	var allow []string
	for _, m := range methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, _, err := v.router.FindRoute(probe); err == nil {
			allow = append(allow, m)
		}
	}
	return allow
}

// ValidateRequest checks the path, query and body of r against its
// operation, body being the bytes of r's body (r.Body is not read). It
// returns every violation, FastAPI style; none means the request is valid.
// Authentication is not checked, and r is not changed. A request whose
// route is not in the spec is one error at loc ["path"].
//
// A Content-Type the operation does not take comes out as one error at
// ["header", "content-type"] of type "unsupported_media_type"; the mock
// should have answered 415 before.
func (v *Validator) ValidateRequest(ctx context.Context, r *http.Request, body []byte) []api.FieldError {
	route, err := v.FindRoute(r)
	if err != nil {
		return []api.FieldError{{Loc: []any{"path"}, Msg: err.Error(), Type: "not_found"}}
	}
	req := r.Clone(ctx) // a deep copy: validation must not change r
	var value any
	op := route.route.Operation
	if isMissing(body) {
		body = nil // kin-openapi then reports a required body as missing
	}
	if op.RequestBody != nil && body != nil {
		// Refuse what is not one JSON value before kin-openapi sees it: its
		// decoder reads only the first value and repairs invalid UTF-8.
		if fe, ok := decodeJSON(body, &value); !ok {
			return []api.FieldError{fe}
		}
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = nil
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: route.PathParams,
		Route:      route.route,
		Options:    v.request,
	}
	err = openapi3filter.ValidateRequest(ctx, input)
	if err == nil {
		return nil
	}
	return fieldErrors(err, value)
}

func isMissing(body []byte) bool {
	return len(bytes.TrimSpace(body)) == 0
}
