package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/firm"
	"github.com/callharness/callharness/mockserver/fault"
)

// problemError is an outcome the admin API decides itself, with its status.
type problemError struct {
	status int
	detail string
	fields []api.FieldError
}

func (e *problemError) Error() string {
	return strconv.Itoa(e.status) + " " + e.detail
}

func notFound(format string, args ...any) error {
	return &problemError{status: http.StatusNotFound, detail: fmt.Sprintf(format, args...)}
}

func unauthorized(format string, args ...any) error {
	return &problemError{status: http.StatusUnauthorized, detail: fmt.Sprintf(format, args...)}
}

// invalid is a 422 naming one offending location.
func invalid(msg, typ string, loc ...any) error {
	return &problemError{
		status: http.StatusUnprocessableEntity,
		detail: "invalid request: " + msg,
		fields: []api.FieldError{{Loc: loc, Msg: msg, Type: typ}},
	}
}

// problemOf maps every outcome of an admin request to a problem document;
// it is the one place where the admin API's errors become status codes.
// known is false for an error nobody expected (a 500).
func problemOf(err error) (p api.Problem, known bool) {
	var pe *problemError
	var fe *fault.ValidationError
	switch {
	case errors.As(err, &pe):
		return problem(pe.status, pe.detail, pe.fields), true
	case errors.As(err, &fe):
		return problem(http.StatusUnprocessableEntity, fmt.Sprintf("invalid fault rules: %d problem(s)", len(fe.Errors)), fe.Errors), true
	case errors.Is(err, campaign.ErrCampaignNotFound):
		return problem(http.StatusNotFound, err.Error(), nil), true
	case errors.Is(err, campaign.ErrCampaignFinal):
		return problem(http.StatusConflict, err.Error(), nil), true
	case errors.Is(err, clock.ErrBackwards):
		return problem(http.StatusConflict, "the clock cannot move backwards; POST "+api.AdminReset+` with {"clock": …} moves it anywhere`, nil), true
	case errors.Is(err, firm.ErrUnknownFingerprint):
		return problem(http.StatusNotFound, err.Error(), nil), true
	case errors.Is(err, firm.ErrKeyExists):
		return problem(http.StatusConflict, err.Error(), nil), true
	}
	return problem(http.StatusInternalServerError, "internal error", nil), false
}

func problem(status int, detail string, fields []api.FieldError) api.Problem {
	return api.Problem{Type: "about:blank", Title: statusTitle(status), Status: status, Detail: detail, Errors: fields}
}

// statusTitle is the reason phrase of RFC 9110, which names 413 and 422
// differently from net/http.
func statusTitle(status int) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return "Content Too Large"
	case http.StatusUnprocessableEntity:
		return "Unprocessable Content"
	}
	return http.StatusText(status)
}

func writeProblem(w http.ResponseWriter, p api.Problem) {
	b, err := json.Marshal(p)
	if err != nil {
		b = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"internal error"}`)
		p.Status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", api.ContentTypeProblem)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(p.Status)
	_, _ = w.Write(b)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		writeProblem(w, problem(http.StatusInternalServerError, "internal error", nil))
		return
	}
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
