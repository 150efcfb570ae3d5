package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/spec"
)

func (s *server) createCampaign(q *request) (int, any, error) {
	var body api.CreateCampaignRequest
	if err := decodeBody(q.body, &body); err != nil {
		return 0, nil, err
	}
	c, err := newCampaign(body)
	if err != nil {
		return 0, nil, err
	}
	resp, err := s.svc.Create(q.firm, c)
	return http.StatusCreated, resp, err
}

func (s *server) appendCalls(q *request) (int, any, error) {
	var body api.AppendCallsRequest
	if err := decodeBody(q.body, &body); err != nil {
		return 0, nil, err
	}
	resp, err := s.svc.Append(q.firm, q.campaign, records(body.CallRecords))
	return http.StatusOK, resp, err
}

func (s *server) listCalls(q *request) (int, any, error) {
	qp := &query{v: q.r.URL.Query()}
	page, size := qp.page(defaultCallsSize)
	if err := qp.err(); err != nil {
		return 0, nil, err
	}
	list, err := s.svc.ListCalls(q.firm, q.campaign, page, size)
	if list.Calls == nil {
		list.Calls = []api.Call{}
	}
	return http.StatusOK, list, err
}

func (s *server) deleteCall(q *request) (int, any, error) {
	if err := s.svc.DeleteCall(q.firm, q.campaign, q.call); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, api.DeleteCallResponse{Deleted: q.call.String()}, nil
}

func (s *server) deleteByPhone(q *request) (int, any, error) {
	phone, err := pathPhone(q.r)
	if err != nil {
		return 0, nil, err
	}
	ids, err := s.svc.DeleteByPhone(q.firm, q.campaign, phone)
	if err != nil {
		return 0, nil, err
	}
	resp := api.DeleteByPhoneResponse{Deleted: make([]string, len(ids))}
	for i, id := range ids {
		resp.Deleted[i] = id.String()
	}
	return http.StatusOK, resp, nil
}

func (s *server) details(q *request) (int, any, error) {
	dq, err := detailsQuery(q.r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	d, err := s.svc.Details(q.firm, q.campaign, dq)
	if d.Items == nil {
		d.Items = []api.CallEvent{}
	}
	return http.StatusOK, d, err
}

// decodeBody decodes a body that openapi.yaml accepted. A type it still
// cannot hold is a 422 at the offending field.
func decodeBody(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		loc := []any{"body"}
		for _, part := range strings.Split(te.Field, ".") {
			if part != "" {
				loc = append(loc, part)
			}
		}
		return invalid("a field has the wrong type", fieldError("Input should be a valid "+te.Value+" of type "+te.Type.String(), "type_error", loc...))
	}
	return invalid("the request body is not valid JSON", fieldError("JSON decode error: "+jsonErrorText(err), "json_invalid", "body", 0))
}

// newCampaign converts a create body to the domain's input (DEC-5: the
// window's instants need a Z or an offset).
func newCampaign(b api.CreateCampaignRequest) (campaign.NewCampaign, error) {
	start, errStart := parseInstant(b.StartAt, "start_at")
	end, errEnd := parseInstant(b.EndAt, "end_at")
	if fields := append(errStart, errEnd...); len(fields) > 0 {
		return campaign.NewCampaign{}, invalid(validationDetail(len(fields)), fields...)
	}
	return campaign.NewCampaign{
		Name:                      b.CallCampaignName,
		StartAt:                   start,
		EndAt:                     end,
		Retry:                     b.Retry,
		Speed:                     b.Speed,
		RetryInterval:             b.RetryInterval,
		DayUnique:                 b.DayUnique,
		TransferNextDay:           b.TransferNextDay,
		AllowDynamicCallAppending: b.AllowDynamicCallAppending,
		Records:                   records(b.CallRecords),
	}, nil
}

// parseInstant reads an instant of the window (DEC-5): an RFC 3339
// date-time with Z or an offset, inside the range the mock supports. A
// missing offset, a date-time that does not parse (second 60, month 13)
// and one out of range get their own message. The range is checked here,
// not in the domain, whose zero time means "absent": 0001-01-01T00:00:00Z
// would otherwise be reported missing.
func parseInstant(s, field string) (time.Time, []api.FieldError) {
	fail := func(msg, typ string) (time.Time, []api.FieldError) {
		return time.Time{}, []api.FieldError{fieldError(msg, typ, "body", field)}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fail(spec.DateTimeMsg(s), spec.TypeDateTimeParsing)
	}
	if t.Before(campaign.EarliestInstant) || t.After(campaign.LatestInstant) {
		return fail(fmt.Sprintf("Input is out of range: the mock supports instants from %s to %s",
			api.Time{Time: campaign.EarliestInstant}, api.Time{Time: campaign.LatestInstant}), "value_error")
	}
	return t, nil
}

func records(in []api.CallRecord) []campaign.Record {
	out := make([]campaign.Record, len(in))
	for i, r := range in {
		out[i] = campaign.Record{
			PhoneNumber: r.PhoneNumber,
			Language:    r.Language,
			GenderVoice: r.GenderVoice,
			AgentName:   r.AgentName,
			Variables:   r.Variables,
		}
	}
	return out
}

// writeJSON writes v as the JSON body of a status response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	if a, ok := v.(api.JSONAppender); ok {
		writeAppended(w, status, a)
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"detail":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

// answerBuffers hold the bytes of answers that encode themselves.
var answerBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeAppended writes an answer that encodes itself (a page of calls, the
// most served answer) from a pooled buffer: the same bytes as encoding/json,
// without its reflection.
func writeAppended(w http.ResponseWriter, status int, a api.JSONAppender) {
	bp := answerBuffers.Get().(*[]byte)
	b := append(a.AppendJSON((*bp)[:0]), '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
	if cap(b) <= 1<<20 { // keep no huge buffer
		*bp = b
		answerBuffers.Put(bp)
	}
}
