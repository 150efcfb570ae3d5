package mockserver

import (
	"context"
	"net/http"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/google/uuid"
)

// authenticator tells the firm of an API key (firm.Registry).
type authenticator interface {
	Authenticate(key string) (firm string, err error)
}

// requestValidator checks a request against openapi.yaml (spec.Validator).
type requestValidator interface {
	ValidateRequest(ctx context.Context, r *http.Request, body []byte) []api.FieldError
}

// routeWrapper injects faults into the requests of one route (fault.Injector).
type routeWrapper interface {
	Wrap(route string, next http.Handler) http.Handler
}

// domain is what the transport asks of the campaign service.
type domain interface {
	Authorize(firm string, id uuid.UUID) error
	Create(firm string, c campaign.NewCampaign) (api.CreateCampaignResponse, error)
	Append(firm string, id uuid.UUID, recs []campaign.Record) (api.AppendCallsResponse, error)
	ListCalls(firm string, id uuid.UUID, page, size int) (api.CallList, error)
	DeleteCall(firm string, id, call uuid.UUID) error
	DeleteByPhone(firm string, id uuid.UUID, phone string) ([]uuid.UUID, error)
	Details(firm string, id uuid.UUID, q campaign.DetailsQuery) (api.CampaignDetails, error)
}

// server is the HTTP transport of the six API operations.
type server struct {
	svc       domain
	auth      authenticator
	validator requestValidator
	faults    routeWrapper
	obs       *observer
	errs      errorWriter
	bodyLimit int64
}

// operation is one API operation and how its request is prepared.
type operation struct {
	method, route string
	campaign      bool     // the path names a campaign: check access
	call          bool     // the path names a call
	body          bool     // the operation takes a JSON body
	query         []string // its query parameters, each a scalar
	serve         func(q *request) (status int, body any, err error)
}

// request is a request that passed authentication, its path checks, the
// access check and validation.
type request struct {
	r        *http.Request
	firm     string
	campaign uuid.UUID
	call     uuid.UUID
	body     []byte
}

func (s *server) operations() []operation {
	return []operation{
		{method: http.MethodPost, route: api.RouteCreateCampaign, body: true, serve: s.createCampaign},
		{method: http.MethodPut, route: api.RouteAppendCalls, campaign: true, body: true, serve: s.appendCalls},
		{method: http.MethodGet, route: api.RouteListCalls, campaign: true, query: callsParams, serve: s.listCalls},
		{method: http.MethodDelete, route: api.RouteDeleteCall, campaign: true, call: true, serve: s.deleteCall},
		{method: http.MethodDelete, route: api.RouteDeleteByPhone, campaign: true, serve: s.deleteByPhone},
		{method: http.MethodGet, route: api.RouteDetails, campaign: true, query: detailsParams, serve: s.details},
	}
}

// register adds every API operation to mux.
func (s *server) register(mux *http.ServeMux) {
	for _, o := range s.operations() {
		s.route(mux, o.method, o.route, s.handle(o))
	}
}

// route registers h for method and route, wrapped, outermost first, in the
// observer (journal, metrics, log) and the fault injector.
func (s *server) route(mux *http.ServeMux, method, route string, h http.Handler) {
	if s.faults != nil {
		h = s.faults.Wrap(route, h)
	}
	mux.Handle(method+" "+route, s.obs.wrap(route, h))
}

// handle runs the pipeline of o: prepare, then serve, then write.
func (s *server) handle(o operation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, err := s.prepare(o, r)
		if err != nil {
			s.errs.write(w, r, err)
			return
		}
		status, body, err := o.serve(q)
		if err != nil {
			s.errs.write(w, r, err)
			return
		}
		writeJSON(w, status, body)
	})
}

// prepare runs the checks every operation shares, in the order of DEC-1:
// the key, the path's identifiers, the access to the campaign, then the
// body and the rest of the request against openapi.yaml.
func (s *server) prepare(o operation, r *http.Request) (*request, error) {
	firm, err := s.auth.Authenticate(r.Header.Get(api.HeaderAPIKey))
	if err != nil {
		return nil, err
	}
	setFirm(r, firm)
	q := &request{r: r, firm: firm}
	if err := s.pathIDs(o, q); err != nil {
		return nil, err
	}
	if o.campaign {
		if err := s.svc.Authorize(firm, q.campaign); err != nil {
			return nil, err
		}
	}
	if o.body {
		if q.body, err = readJSONBody(r, s.bodyLimit); err != nil {
			return nil, err
		}
	}
	fields := s.validator.ValidateRequest(r.Context(), asSpec(r, o.body), q.body)
	if len(o.query) > 0 {
		fields = withRepeated(fields, repeatedParams(r, o.query))
	}
	if len(fields) > 0 {
		return nil, invalid(validationDetail(len(fields)), fields...)
	}
	return q, nil
}

// asSpec is r as openapi.yaml describes it: a body that passed the content
// type check (application/*+json, a charset) is application/json, and a
// HEAD is the GET it stands for (RFC 9110 §9.3.2: the same answer, without
// the body, which net/http leaves out).
func asSpec(r *http.Request, body bool) *http.Request {
	head := r.Method == http.MethodHead
	if !head && (!body || r.Header.Get("Content-Type") == "application/json") {
		return r
	}
	c := r.Clone(r.Context())
	if head {
		c.Method = http.MethodGet
	}
	if body {
		c.Header.Set("Content-Type", "application/json")
	}
	return c
}

// pathIDs reads the campaign and call UUIDs of the path: 422 if malformed.
func (s *server) pathIDs(o operation, q *request) error {
	var err error
	if o.campaign {
		if q.campaign, err = pathUUID(q.r, paramCampaign); err != nil {
			return err
		}
	}
	if o.call {
		if q.call, err = pathUUID(q.r, paramCall); err != nil {
			return err
		}
	}
	return nil
}

// healthz answers the liveness probe.
func healthz(clk clock.Clock) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "now": api.Time{Time: clk.Now()}.String()})
	})
}
