package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/firm"
	"github.com/callharness/callharness/mockserver/fault"
	problemdoc "github.com/callharness/callharness/mockserver/problem"
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

var (
	problem      = problemdoc.New
	writeProblem = problemdoc.Write
)

func writeJSON(w http.ResponseWriter, status int, body any) {
	problemdoc.WriteBody(w, status, "application/json", body)
}
