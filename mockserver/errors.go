package mockserver

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/firm"
	problemdoc "github.com/callharness/callharness/mockserver/problem"
)

// requestError is an outcome the transport itself decides: a bad body, a bad
// parameter, an unknown path. It carries its status; every other error is
// mapped to one in problemOf.
type requestError struct {
	status int
	detail string
	fields []api.FieldError
	header http.Header // set on the answer, such as Accept-Encoding on a 415
}

func (e *requestError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, http.StatusText(e.status), e.detail)
}

// invalid is a 422 with the given offending locations.
func invalid(detail string, fields ...api.FieldError) *requestError {
	return &requestError{status: http.StatusUnprocessableEntity, detail: detail, fields: fields}
}

// fieldError is one offending location.
func fieldError(msg, typ string, loc ...any) api.FieldError {
	return api.FieldError{Loc: loc, Msg: msg, Type: typ}
}

// problemOf maps every outcome of a request to its status and problem
// document. It is the only place where errors become status codes.
func problemOf(err error) (api.Problem, bool) {
	var re *requestError
	var ve *campaign.ValidationError
	switch {
	case errors.As(err, &re):
		return problem(re.status, re.detail, re.fields), true
	case errors.As(err, &ve):
		return problem(http.StatusUnprocessableEntity, validationDetail(len(ve.Fields)), bodyFields(ve)), true
	case errors.Is(err, firm.ErrNoKey):
		return problem(http.StatusUnauthorized, "missing API key: send it in the "+api.HeaderAPIKey+" header", nil), true
	case errors.Is(err, firm.ErrUnknownKey):
		return problem(http.StatusUnauthorized, "invalid API key", nil), true
	case errors.Is(err, firm.ErrInactiveKey):
		return problem(http.StatusForbidden, "API key is inactive", nil), true
	case errors.Is(err, campaign.ErrWrongFirm):
		return problem(http.StatusForbidden, "campaign belongs to another firm", nil), true
	case errors.Is(err, campaign.ErrCampaignNotFound), errors.Is(err, campaign.ErrCallNotFound),
		errors.Is(err, campaign.ErrPhoneNotFound):
		return problem(http.StatusNotFound, err.Error(), nil), true
	case errors.Is(err, campaign.ErrNumberInProgress):
		return problem(http.StatusConflict, "a call of this number is in progress: nothing was deleted, and its calls go on as before (all of them must be pending)", nil), true
	case errors.Is(err, campaign.ErrCallInProgress):
		return problem(http.StatusConflict, "call already in progress: it cannot be deleted, and its retries were cancelled", nil), true
	case errors.Is(err, campaign.ErrCallNotPending), errors.Is(err, campaign.ErrCampaignFinal):
		return problem(http.StatusConflict, err.Error(), nil), true
	case errors.Is(err, campaign.ErrCampaignClosed), errors.Is(err, campaign.ErrCampaignRunning):
		return problem(http.StatusBadRequest, err.Error(), nil), true
	}
	return problem(http.StatusInternalServerError, "internal error", nil), false
}

// problem is problem.New, under the name every mapping above uses.
var problem = problemdoc.New

func validationDetail(n int) string {
	if n == 1 {
		return "the request has 1 invalid field"
	}
	return fmt.Sprintf("the request has %d invalid fields", n)
}

// bodyFields turns the domain's body-relative locations into request locations.
func bodyFields(ve *campaign.ValidationError) []api.FieldError {
	out := make([]api.FieldError, 0, len(ve.Fields))
	for _, f := range ve.Fields {
		loc := append([]any{"body"}, f.Loc...)
		out = append(out, api.FieldError{Loc: loc, Msg: f.Msg, Type: f.Type})
	}
	return out
}

// errorWriter writes error bodies in the configured style.
type errorWriter struct {
	style  string
	log    *slog.Logger
	redact *redactor
}

// write answers r with the problem err maps to. An error that maps to no
// known outcome is a bug of the mock: it is logged and answered 500.
func (ew errorWriter) write(w http.ResponseWriter, r *http.Request, err error) {
	p, known := problemOf(err)
	if !known {
		ew.log.Error("unexpected error", "method", r.Method, "path", ew.redact.path(r.URL), "err", err)
	}
	var re *requestError
	if errors.As(err, &re) {
		for name, values := range re.header {
			w.Header()[name] = values
		}
	}
	ew.writeProblem(w, p)
}

func (ew errorWriter) writeProblem(w http.ResponseWriter, p api.Problem) {
	if ew.style == ErrorStyleFastAPI {
		problemdoc.WriteBody(w, p.Status, "application/json", fastAPIBody(p))
		return
	}
	problemdoc.Write(w, p)
}

// fastAPIBody is the body FastAPI writes: a list of errors for 422, a
// string otherwise.
func fastAPIBody(p api.Problem) any {
	if p.Status == http.StatusUnprocessableEntity && len(p.Errors) > 0 {
		return struct {
			Detail []api.FieldError `json:"detail"`
		}{p.Errors}
	}
	return struct {
		Detail string `json:"detail"`
	}{p.Detail}
}
