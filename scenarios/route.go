package scenarios

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/callharness/callharness/api"
)

// Operation is one documented operation of the API: its id, method and
// route template. Measurements are keyed by it, never by a raw URL.
type Operation struct {
	ID     string
	Method string
	Route  string
}

// Operations are the six documented operations.
var Operations = []Operation{
	{api.OpCreateCampaign, http.MethodPost, api.RouteCreateCampaign},
	{api.OpAppendCalls, http.MethodPut, api.RouteAppendCalls},
	{api.OpListCalls, http.MethodGet, api.RouteListCalls},
	{api.OpDeleteCall, http.MethodDelete, api.RouteDeleteCall},
	{api.OpDeleteByPhone, http.MethodDelete, api.RouteDeleteByPhone},
	{api.OpDetails, http.MethodGet, api.RouteDetails},
}

// OtherOperation stands for a request that matches no documented route.
var OtherOperation = Operation{ID: "other", Route: "other"}

// OperationOf returns the operation a request of method to rawURL belongs to,
// matching the URL's path against the route templates. base is the target's
// base URL, whose path prefix is removed first.
func OperationOf(method, rawURL, base string) Operation {
	u, err := url.Parse(rawURL)
	if err != nil {
		return OtherOperation
	}
	path := u.EscapedPath()
	if b, err := url.Parse(base); err == nil {
		path = strings.TrimPrefix(path, strings.TrimRight(b.EscapedPath(), "/"))
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, op := range Operations {
		if op.Method == method && matchTemplate(op.Route, segs) {
			return op
		}
	}
	return Operation{ID: OtherOperation.ID, Method: method, Route: OtherOperation.Route}
}

func matchTemplate(tmpl string, segs []string) bool {
	parts := strings.Split(strings.Trim(tmpl, "/"), "/")
	if len(parts) != len(segs) {
		return false
	}
	for i, p := range parts {
		if strings.HasPrefix(p, "{") {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if p != segs[i] {
			return false
		}
	}
	return true
}

// operationByID returns the documented operation with the given id.
func operationByID(id string) (Operation, bool) {
	for _, op := range Operations {
		if op.ID == id {
			return op, true
		}
	}
	return Operation{}, false
}

// pathParam returns the path segment of rawURL that stands where tmpl has
// {name}, unescaped, or "" when the URL does not match.
func pathParam(rawURL, tmpl, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	parts := strings.Split(strings.Trim(tmpl, "/"), "/")
	if len(segs) < len(parts) {
		return ""
	}
	segs = segs[len(segs)-len(parts):] // drop a base path prefix
	for i, p := range parts {
		if p == "{"+name+"}" {
			return segs[i]
		}
	}
	return ""
}
