// Package admin is the mock's admin API under /_mock/: reset, the clock,
// campaign cancel and fail, the request journal, fault rules, API keys and
// firms. It is guarded by the x-mock-admin-token header and speaks JSON;
// every error is an application/problem+json document. Tools script
// against its paths, so they are stable (see docs/admin-api.md).
package admin

import (
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/firm"
	"github.com/callharness/callharness/mockserver/fault"
	"github.com/callharness/callharness/mockserver/journal"
)

// Deps is what the admin API acts on. Token "" turns the admin API off:
// every path answers 404.
type Deps struct {
	Token   string
	Service *campaign.Service
	Clock   *clock.Sim
	Firms   *firm.Registry
	Journal *journal.Journal
	Faults  *fault.Injector
	Logger  *slog.Logger
}

// Route is one operation of the admin API, as the index lists it.
type Route struct {
	Method  string `json:"method"`
	Path    string `json:"path"`
	Summary string `json:"summary"`
}

// Index is the body of GET /_mock/.
type Index struct {
	Routes []Route `json:"routes"`
}

// serveFunc answers one admin request: a status and a JSON body, or an error
// that problemOf turns into a problem document.
type serveFunc func(h *handler, w http.ResponseWriter, r *http.Request) (int, any, error)

type operation struct {
	Route
	serve serveFunc
}

// operations is the admin API, in the order the index lists it.
var operations = []operation{
	{Route{http.MethodGet, api.AdminIndex, "this list of admin routes"}, (*handler).index},
	{Route{http.MethodPost, api.AdminReset, `forget campaigns, the journal and faults (firms and keys stay); optional body {"clock": RFC 3339} moves the clock there`}, (*handler).reset},
	{Route{http.MethodGet, api.AdminClock, "the clock: now and mode"}, (*handler).clockState},
	{Route{http.MethodPost, api.AdminAdvance, `move the clock forward by {"by": "90m"} (a Go duration, days as "1d" allowed) and run the dialer up to it`}, (*handler).advance},
	{Route{http.MethodPost, api.AdminSetClock, `move the clock to {"now": RFC 3339}, never backwards, and run the dialer up to it`}, (*handler).setClock},
	{Route{http.MethodPost, api.AdminCancel, "cancel a DRAFT or PROCESSING campaign"}, (*handler).cancelCampaign},
	{Route{http.MethodPost, api.AdminFail, "fail a DRAFT or PROCESSING campaign"}, (*handler).failCampaign},
	{Route{http.MethodGet, api.AdminRequests, "the newest served requests, newest first (?limit=N, default 100)"}, (*handler).requests},
	{Route{http.MethodGet, api.AdminFaults, "the fault rules in force"}, (*handler).getFaults},
	{Route{http.MethodPut, api.AdminFaults, "replace the fault rules"}, (*handler).putFaults},
	{Route{http.MethodDelete, api.AdminFaults, "remove every fault rule"}, (*handler).deleteFaults},
	{Route{http.MethodGet, api.AdminKeys, "API keys, by fingerprint"}, (*handler).listKeys},
	{Route{http.MethodPost, api.AdminKeys, `register an API key {"key", "firm", "active"}`}, (*handler).addKey},
	{Route{http.MethodPatch, api.AdminKey, `activate or deactivate a key {"active": bool}`}, (*handler).patchKey},
	{Route{http.MethodDelete, api.AdminKey, "remove a key"}, (*handler).deleteKey},
	{Route{http.MethodGet, api.AdminFirms, "firms with their key and campaign counts"}, (*handler).listFirms},
	{Route{http.MethodPost, api.AdminFirms, `add or rename a firm {"id", "name"}`}, (*handler).addFirm},
}

// Routes lists the admin API's operations.
func Routes() []Route {
	out := make([]Route, len(operations))
	for i, op := range operations {
		out[i] = op.Route
	}
	return out
}

type handler struct {
	d      Deps
	log    *slog.Logger
	token  [sha256.Size]byte
	mux    *http.ServeMux
	routes []Route
}

// New returns the admin API. Mount it at /_mock/ without stripping the
// prefix: it serves the full paths of package api.
func New(d Deps) http.Handler {
	h := &handler{d: d, log: d.Logger, token: sha256.Sum256([]byte(d.Token)), mux: http.NewServeMux(), routes: Routes()}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	byPath := map[string]map[string]serveFunc{}
	var paths []string
	for _, op := range operations {
		if byPath[op.Path] == nil {
			byPath[op.Path] = map[string]serveFunc{}
			paths = append(paths, op.Path)
		}
		byPath[op.Path][op.Method] = op.serve
	}
	for _, p := range paths {
		pattern := p
		if p == api.AdminIndex {
			pattern = p + "{$}"
		}
		h.mux.Handle(pattern, h.dispatch(byPath[p]))
	}
	h.mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.problem(w, r, notFound("no admin route %s; GET %s lists them", r.URL.Path, api.AdminIndex))
	}))
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if h.d.Token == "" {
		h.problem(w, r, notFound("the admin API is off: start the mock with an admin token"))
		return
	}
	got := r.Header.Get(api.HeaderAdminToken)
	if got == "" {
		h.problem(w, r, unauthorized("missing admin token: send it in the %s header", api.HeaderAdminToken))
		return
	}
	d := sha256.Sum256([]byte(got))
	if subtle.ConstantTimeCompare(d[:], h.token[:]) != 1 {
		h.problem(w, r, unauthorized("invalid admin token"))
		return
	}
	h.mux.ServeHTTP(w, r)
}

// dispatch serves one path: its operation for the request's method, or 405.
func (h *handler) dispatch(ops map[string]serveFunc) http.Handler {
	allowed := make([]string, 0, len(ops))
	for m := range ops {
		allowed = append(allowed, m)
	}
	sort.Strings(allowed)
	allow := strings.Join(allowed, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serve, ok := ops[r.Method]
		if !ok {
			w.Header().Set("Allow", allow)
			h.problem(w, r, &problemError{status: http.StatusMethodNotAllowed, detail: r.Method + " is not allowed on " + r.URL.Path + "; use " + allow})
			return
		}
		status, body, err := serve(h, w, r)
		if err != nil {
			h.problem(w, r, err)
			return
		}
		writeJSON(w, status, body)
	})
}

func (h *handler) problem(w http.ResponseWriter, r *http.Request, err error) {
	p, known := problemOf(err)
	if !known {
		h.log.Error("admin request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeProblem(w, p)
}

func (h *handler) index(http.ResponseWriter, *http.Request) (int, any, error) {
	return http.StatusOK, Index{Routes: h.routes}, nil
}
