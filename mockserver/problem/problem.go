// Package problem builds and writes the RFC 9457 problem documents that the
// mock answers every error with (DEC-4): the API's routes, the admin API and
// injected faults all go through it, so their error bodies cannot differ.
package problem

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/callharness/callharness/api"
)

// New returns the problem document of status with its reason phrase as title.
func New(status int, detail string, fields []api.FieldError) api.Problem {
	return api.Problem{Type: "about:blank", Title: Title(status), Status: status, Detail: detail, Errors: fields}
}

// Title is the reason phrase of status as RFC 9110 names it (413 and 422
// differ from net/http's older names), or "Status N" for an unnamed code.
func Title(status int) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return "Content Too Large"
	case http.StatusUnprocessableEntity:
		return "Unprocessable Content"
	}
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Status " + strconv.Itoa(status)
}

// Write answers with p as application/problem+json.
func Write(w http.ResponseWriter, p api.Problem) {
	WriteBody(w, p.Status, api.ContentTypeProblem, p)
}

// WriteBody answers status with body marshalled as JSON under ctype. A body
// that cannot be marshalled (a bug) becomes a 500 problem.
func WriteBody(w http.ResponseWriter, status int, ctype string, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		status, ctype = http.StatusInternalServerError, api.ContentTypeProblem
		data, _ = json.Marshal(New(status, "internal error", nil))
	}
	data = append(data, '\n')
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
