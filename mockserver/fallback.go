package mockserver

import (
	"net/http"
	"path"
	"strings"
)

// probeMethods are the methods tried to tell a 405 from a 404.
var probeMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// withFallback serves mux, and answers the requests it has no pattern for
// with a problem document: 405 with Allow for a known path and another
// method, 404 otherwise. Both are observed under routeUnmatched. A path
// ServeMux would redirect (an empty or dot segment, a subtree without its
// trailing slash) is a 404 as well: a redirect would skip the observer and
// the key, and a client following it would send a DELETE or a PUT again.
func (s *server) withFallback(mux *http.ServeMux) http.Handler {
	unmatched := s.obs.wrap(routeUnmatched, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			s.errs.writeProblem(w, problem(http.StatusMethodNotAllowed,
				"method "+r.Method+" is not allowed here; allowed: "+strings.Join(allow, ", "), nil))
			return
		}
		detail := "no such path: " + s.errs.redact.path(r.URL)
		if p := r.URL.EscapedPath(); cleanPath(p) != p {
			detail += " (paths are taken as sent: no empty, . or .. segments)"
		}
		s.errs.writeProblem(w, problem(http.StatusNotFound, detail, nil))
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" && !redirected(r, pattern) {
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
		if _, pattern := mux.Handler(probe); pattern != "" && !redirected(probe, pattern) {
			allow = append(allow, m)
		}
	}
	return allow
}

// redirected reports whether ServeMux answers r, which matched pattern,
// with a redirect: r's path is not clean, or it is a subtree pattern's path
// without the trailing slash.
func redirected(r *http.Request, pattern string) bool {
	p := r.URL.EscapedPath()
	if cleanPath(p) != p {
		return true
	}
	_, rest, _ := strings.Cut(pattern, "/") // a pattern is [METHOD ][HOST]/PATH
	return "/"+rest == p+"/"
}

// cleanPath is the path ServeMux redirects p to, as net/http cleans it.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		if len(p) == len(np)+1 && strings.HasPrefix(p, np) {
			np = p
		} else {
			np += "/"
		}
	}
	return np
}
