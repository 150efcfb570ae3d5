package mockserver

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/google/uuid"
)

// Path parameter names, as the documentation and openapi.yaml spell them.
const (
	paramCampaign = "call_campaign_uuid"
	paramCall     = "call_uuid"
	paramPhone    = "phone_number"
)

// Paging bounds of both listings (DOC, DEC-30).
const (
	defaultPage        = 1
	defaultCallsSize   = 50
	defaultDetailsSize = 10
	maxPageSize        = 100
	maxPage            = math.MaxInt32 // openapi.yaml's maximum: any page up to it is 200 (DEC-39)
)

// The query parameters of the two listings. Each is a scalar, to be given
// at most once (DEC-30 as docs/rules.md refines it).
var (
	callsParams   = []string{"page", "size"}
	detailsParams = []string{"page", "size", "call_status", "call_uuid", "phone_number", "date"}
)

// repeatedParams is a 422 error for each of names given more than once in
// r's query.
func repeatedParams(r *http.Request, names []string) []api.FieldError {
	if r.URL.RawQuery == "" {
		return nil
	}
	v := r.URL.Query()
	var out []api.FieldError
	for _, name := range names {
		if len(v[name]) > 1 {
			out = append(out, fieldError("must be given once: "+name+" is a single value, sent "+strconv.Itoa(len(v[name]))+" times",
				"repeated_parameter", "query", name))
		}
	}
	return out
}

// withRepeated puts the errors of repeated parameters in fields, in place
// of what openapi.yaml said of their first value.
func withRepeated(fields, repeated []api.FieldError) []api.FieldError {
	if len(repeated) == 0 {
		return fields
	}
	out := repeated
	for _, f := range fields {
		if !slices.ContainsFunc(repeated, func(r api.FieldError) bool { return slices.Equal(r.Loc, f.Loc) }) {
			out = append(out, f)
		}
	}
	return out
}

// parseUUID reads an identifier in its canonical 36-character form (DEC-35).
func parseUUID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.UUID{}, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}

// pathUUID reads the UUID path parameter name of r: 422 if it is not one.
func pathUUID(r *http.Request, name string) (uuid.UUID, error) {
	id, ok := parseUUID(r.PathValue(name))
	if !ok {
		return uuid.UUID{}, invalid("path parameter "+name+" is not a UUID",
			fieldError("Input should be a valid UUID", "uuid_parsing", "path", name))
	}
	return id, nil
}

// pathPhone reads and normalises the phone number of the path (DEC-11).
func pathPhone(r *http.Request) (string, error) {
	phone, err := campaign.NormalizePhone(r.PathValue(paramPhone))
	if err != nil {
		return "", invalid("Invalid phone number format",
			fieldError("Invalid phone number format", "value_error", "path", paramPhone))
	}
	return phone, nil
}

// query collects the offending query parameters while reading them.
type query struct {
	v      url.Values
	fields []fieldErr
}

type fieldErr struct {
	name, msg, typ string
}

func (q *query) fail(name, msg, typ string) {
	q.fields = append(q.fields, fieldErr{name, msg, typ})
}

// err returns a 422 naming every bad parameter, or nil.
func (q *query) err() error {
	if len(q.fields) == 0 {
		return nil
	}
	e := invalid(validationDetail(len(q.fields)))
	for _, f := range q.fields {
		e.fields = append(e.fields, fieldError(f.msg, f.typ, "query", f.name))
	}
	return e
}

// intIn reads an integer parameter in [lo, hi], def when absent.
func (q *query) intIn(name string, def, lo, hi int) int {
	if !q.v.Has(name) {
		return def
	}
	n, err := strconv.Atoi(q.v.Get(name))
	switch {
	case err != nil:
		q.fail(name, "Input should be a valid integer", "int_parsing")
	case n < lo:
		q.fail(name, "Input should be greater than or equal to "+strconv.Itoa(lo), "greater_than_equal")
	case n > hi:
		q.fail(name, "Input should be less than or equal to "+strconv.Itoa(hi), "less_than_equal")
	}
	return n
}

// page reads page and size with the given default size.
func (q *query) page(defSize int) (page, size int) {
	return q.intIn("page", defaultPage, 1, maxPage), q.intIn("size", defSize, 1, maxPageSize)
}

// detailsQuery reads the paging and the filters of GET …/details (DEC-33).
func detailsQuery(v url.Values) (campaign.DetailsQuery, error) {
	q := &query{v: v}
	var d campaign.DetailsQuery
	d.Page, d.Size = q.page(defaultDetailsSize)
	d.CallStatus = v.Get("call_status")
	if s := v.Get("date"); v.Has("date") {
		t, ok := parseDate(s)
		if !ok {
			q.fail("date", "Input should be a valid datetime or date", "datetime_from_date_parsing")
		}
		d.Date = &t
	}
	if s := v.Get("call_uuid"); v.Has("call_uuid") {
		id, ok := parseUUID(s)
		if !ok {
			q.fail("call_uuid", "Input should be a valid UUID", "uuid_parsing")
		}
		d.CallUUID = id.String()
	}
	if s := v.Get("phone_number"); v.Has("phone_number") {
		p, err := campaign.NormalizePhone(s)
		if err != nil {
			q.fail("phone_number", "Invalid phone number format", "value_error")
		}
		d.PhoneNumber = p
	}
	return d, q.err()
}

// parseDate reads an RFC 3339 date-time or a bare YYYY-MM-DD (DEC-33).
func parseDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}
