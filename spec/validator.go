package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

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
	routes   map[string]tableRoute // by "METHOD template", as http.ServeMux writes r.Pattern
	request  *openapi3filter.Options
	response *openapi3filter.Options
	// bodyless validates the rest of a request whose body ValidateRequest
	// checks itself, against the schema, from the value it decoded once
	// (kin-openapi would decode it again); bodyOptions are the options
	// kin-openapi would visit that schema with.
	bodyless    *openapi3filter.Options
	bodyOptions []openapi3.SchemaValidationOption
	// kinBodies makes kin-openapi decode and check bodies itself, as it
	// did before; a test holds both ways to the same verdicts.
	kinBodies bool
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
	request := &openapi3filter.Options{
		MultiError: true,
		// The mock authenticates before it validates (DEC-1).
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		SkipSettingDefaults:     true,
		SchemaValidationOptions: formats,
	}
	bodyless := *request
	bodyless.ExcludeRequestBody = true
	return &Validator{
		doc:         doc,
		router:      router,
		routes:      routeTable(&hostless),
		request:     request,
		bodyless:    &bodyless,
		bodyOptions: append([]openapi3.SchemaValidationOption{openapi3.VisitAsRequest(), openapi3.MultiErrors()}, formats...),
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
	return newRoute(route, decoded), nil
}

// newRoute is the Route of a kin-openapi route and its decoded path parameters.
func newRoute(route *routers.Route, params map[string]string) *Route {
	return &Route{Template: route.Path, Method: route.Method, OperationID: route.Operation.OperationID, PathParams: params, route: route}
}

// routeTable indexes the operations of doc by "METHOD template", the
// pattern a request routed by http.ServeMux carries when it was registered
// with the template of openapi.yaml (as the mock registers every operation).
func routeTable(doc *openapi3.T) map[string]tableRoute {
	table := map[string]tableRoute{}
	for path, item := range doc.Paths.Map() {
		var params []string
		for _, seg := range strings.Split(path, "/") {
			if name, ok := strings.CutPrefix(seg, "{"); ok {
				params = append(params, strings.TrimSuffix(name, "}"))
			}
		}
		for method, op := range item.Operations() {
			// Authentication is the caller's (DEC-1), and ValidateRequest
			// passes kin-openapi a no-op for it: no requirements to walk.
			unsecured := *op
			unsecured.Security = &openapi3.SecurityRequirements{}
			table[method+" "+path] = tableRoute{
				route:  &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: &unsecured},
				params: params,
			}
		}
	}
	return table
}

// tableRoute is one operation of the route table, with the names of its
// path parameters.
type tableRoute struct {
	route  *routers.Route
	params []string
}

// routed is the operation r was routed to by an http.ServeMux pattern of
// openapi.yaml, with its path parameters as the mux read them (decoded);
// nil when r carries no such pattern. A HEAD routed by a GET pattern is
// that GET, as the mux serves it. It saves the second route lookup (a
// regular expression per path) that FindRoute would make.
func (v *Validator) routed(r *http.Request) *Route {
	t, ok := v.routes[r.Pattern]
	route := t.route
	if !ok || (r.Method != route.Method && !(r.Method == http.MethodHead && route.Method == http.MethodGet)) {
		return nil
	}
	params := make(map[string]string, len(t.params))
	for _, name := range t.params {
		params[name] = r.PathValue(name)
	}
	return newRoute(route, params)
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
	route := v.routed(r)
	if route == nil {
		var err error
		if route, err = v.FindRoute(r); err != nil {
			return []api.FieldError{{Loc: []any{"path"}, Msg: err.Error(), Type: "not_found"}}
		}
	}
	// A shallow copy with a body of its own: with SkipSettingDefaults,
	// kin-openapi reads the URL and the header of a request without
	// writing them, so r itself is left as it came.
	req := r.WithContext(ctx)
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
	schema := v.bodySchema(op, req, body)
	// kin-openapi reads a body to its end for the security requirements
	// (AuthenticationFunc might read it) and again to check it: give it
	// none when it has no use for it.
	req.Body, req.ContentLength, req.GetBody = http.NoBody, 0, nil
	if schema == nil && len(body) > 0 {
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: route.PathParams,
		Route:      route.route,
		Options:    v.request,
	}
	if schema != nil {
		input.Options = v.bodyless
	}
	err := openapi3filter.ValidateRequest(ctx, input)
	if schema != nil {
		// What ValidateRequestBody does after its own decoding, in the
		// same place of the multi-error: after the parameters.
		if berr := schema.VisitJSON(value, v.bodyOptions...); berr != nil {
			bodyErr := &openapi3filter.RequestError{Input: input, RequestBody: op.RequestBody.Value, Reason: "doesn't match schema", Err: berr}
			var me openapi3.MultiError
			switch {
			case err == nil:
				err = openapi3.MultiError{bodyErr}
			case errors.As(err, &me):
				err = append(me, bodyErr)
			default:
				err = openapi3.MultiError{err, bodyErr}
			}
		}
	}
	if err == nil {
		return nil
	}
	return fieldErrors(err, value)
}

// bodySchema is the schema ValidateRequest checks body against itself, from
// the value it decoded: that of the operation's content type the request
// names. It is nil, leaving the body to kin-openapi, when there is no body
// to check or kin-openapi has something else to say (an unsupported
// content type, a body without a schema).
func (v *Validator) bodySchema(op *openapi3.Operation, req *http.Request, body []byte) *openapi3.Schema {
	if v.kinBodies || body == nil || op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	content := op.RequestBody.Value.Content.Get(req.Header.Get("Content-Type"))
	if content == nil || content.Schema == nil || content.Schema.Value == nil {
		return nil
	}
	return content.Schema.Value
}

func isMissing(body []byte) bool {
	return len(bytes.TrimSpace(body)) == 0
}
