package mockserver

import (
	"net/http"
	"strings"
)

// probeMethods are the methods tried to tell a 405 from a 404.
var probeMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// withFallback serves mux, and answers the requests it has no pattern for
// with a problem document: 405 with Allow for a known path and another
// method, 404 otherwise. Both are observed under routeUnmatched.
func (s *server) withFallback(mux *http.ServeMux) http.Handler {
	unmatched := s.obs.wrap(routeUnmatched, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			s.errs.writeProblem(w, problem(http.StatusMethodNotAllowed,
				"method "+r.Method+" is not allowed here; allowed: "+strings.Join(allow, ", "), nil))
			return
		}
		s.errs.writeProblem(w, problem(http.StatusNotFound, "no such path: "+s.errs.redact.path(r.URL), nil))
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		unmatched.ServeHTTP(w, r)
	})
}

// allowedMethods lists the methods mux has a pattern for at r's path.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}
