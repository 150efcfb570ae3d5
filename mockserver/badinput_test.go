package mockserver

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snapshot is the state a rejected request must not change: the firms'
// campaigns and the calls and events of the fixture campaign.
type snapshot struct {
	demo, other int
	calls       []api.Call
	events      []api.CallEvent
}

func (h *harness) snapshot(id string) snapshot {
	h.t.Helper()
	_, events := h.events(id)
	return snapshot{
		demo:   h.m.Service().FirmCampaigns(DemoFirm),
		other:  h.m.Service().FirmCampaigns(OtherFirm),
		calls:  h.calls(id),
		events: events,
	}
}

// fixture is a campaign of the demo firm with three calls, dialing.
func fixture(h *harness) string {
	id := h.create(campaignBody(0, 10, record("77010000001"), record("77010000002"), record("77010000009")))
	return id
}

// badInput is a request the mock must refuse without changing anything.
type badInput struct {
	name   string
	method string
	path   string // %s is the fixture campaign
	ctype  string
	body   string
	status int
	locs   []string // locations that must be among the errors, dotted
}

const goodCreate = `{"call_campaign_name":"X","start_at":"2026-01-15T09:00:00Z","end_at":"2026-01-15T18:00:00Z","call_records":[%s]}`
const goodRecord = `{"phone_number":"77012345678","language":"RU","gender_voice":"male","agent_name":"a"}`

func createWith(fields string) string {
	return `{"call_campaign_name":"X","start_at":"2026-01-15T09:00:00Z","end_at":"2026-01-15T18:00:00Z",` + fields + `}`
}

var badInputs = []badInput{
	{name: "malformed JSON", body: `{"call_campaign_name": "X",`, status: 422, locs: []string{"body.27"}},
	{name: "trailing garbage", body: fmt.Sprintf(goodCreate, goodRecord) + `}`, status: 422},
	{name: "JSON array", body: `[{"call_campaign_name":"X"}]`, status: 422, locs: []string{"body"}},
	{name: "JSON number", body: `42`, status: 422, locs: []string{"body"}},
	{name: "JSON string", body: `"campaign"`, status: 422, locs: []string{"body"}},
	{name: "JSON null", body: `null`, status: 422, locs: []string{"body"}},
	{name: "empty body", body: ``, status: 422, locs: []string{"body"}},
	{name: "invalid UTF-8", body: "{\"call_campaign_name\":\"\xff\xfe\",\"start_at\":\"2026-01-15T09:00:00Z\"}", status: 422, locs: []string{"body"}},
	{name: "missing fields", body: `{}`, status: 422,
		locs: []string{"body.call_campaign_name", "body.start_at", "body.end_at", "body.call_records"}},
	{name: "wrong types", body: createWith(`"retry":"two","speed":1.5,"transfer_next_day":"no","call_records":{}`), status: 422,
		locs: []string{"body.retry", "body.speed", "body.transfer_next_day", "body.call_records"}},
	{name: "name null", body: `{"call_campaign_name":null,"start_at":"2026-01-15T09:00:00Z","end_at":"2026-01-15T18:00:00Z","call_records":[]}`,
		status: 422, locs: []string{"body.call_campaign_name"}},
	{name: "empty name", body: `{"call_campaign_name":"","start_at":"2026-01-15T09:00:00Z","end_at":"2026-01-15T18:00:00Z","call_records":[]}`,
		status: 422, locs: []string{"body.call_campaign_name"}},
	{name: "start_at without offset (DEC-5)", body: `{"call_campaign_name":"X","start_at":"2026-01-15T09:00:00","end_at":"2026-01-15T18:00:00Z","call_records":[]}`,
		status: 422, locs: []string{"body.start_at"}},
	{name: "end_at before start_at (DEC-5)", body: `{"call_campaign_name":"X","start_at":"2026-01-15T18:00:00Z","end_at":"2026-01-15T09:00:00Z","call_records":[]}`,
		status: 422, locs: []string{"body.end_at"}},
	{name: "retry out of range (DEC-7)", body: createWith(`"retry":11,"speed":0,"retry_interval":1441,"call_records":[]`), status: 422,
		locs: []string{"body.retry", "body.speed", "body.retry_interval"}},
	{name: "day_unique keep (DEC-8)", body: createWith(`"day_unique":"keep","call_records":[]`), status: 422, locs: []string{"body.day_unique"}},
	{name: "bad phone number (DEC-11)", body: fmt.Sprintf(goodCreate, goodRecord+`,{"phone_number":"+7 701 234-56-78","language":"RU","gender_voice":"male","agent_name":"a"}`),
		status: 422, locs: []string{"body.call_records.1.phone_number"}},
	{name: "record fields missing (DEC-36)", body: fmt.Sprintf(goodCreate, `{"phone_number":"77012345678"}`), status: 422,
		locs: []string{"body.call_records.0.language", "body.call_records.0.gender_voice", "body.call_records.0.agent_name"}},
	{name: "bad gender_voice", body: fmt.Sprintf(goodCreate, `{"phone_number":"77012345678","language":"RU","gender_voice":"robot","agent_name":"a"}`),
		status: 422, locs: []string{"body.call_records.0.gender_voice"}},
	{name: "variables not an object", body: fmt.Sprintf(goodCreate, `{"phone_number":"77012345678","language":"RU","gender_voice":"male","agent_name":"a","variables":[1]}`),
		status: 422, locs: []string{"body.call_records.0.variables"}},
	{name: "text/plain (415)", ctype: "text/plain", body: fmt.Sprintf(goodCreate, goodRecord), status: 415},
	{name: "form content type (415)", ctype: "application/x-www-form-urlencoded", body: fmt.Sprintf(goodCreate, goodRecord), status: 415},
	{name: "latin-1 charset (415)", ctype: "application/json; charset=iso-8859-1", body: fmt.Sprintf(goodCreate, goodRecord), status: 415},

	{name: "append: empty call_records (DEC-9)", method: http.MethodPut, path: "/api/v1/call-campaign/%s/phone-number",
		body: `{"call_records":[]}`, status: 422, locs: []string{"body.call_records"}},
	{name: "append: malformed JSON", method: http.MethodPut, path: "/api/v1/call-campaign/%s/phone-number",
		body: `{"call_records":[`, status: 422},
	{name: "append: text/plain", method: http.MethodPut, path: "/api/v1/call-campaign/%s/phone-number", ctype: "text/plain",
		body: `{"call_records":[` + goodRecord + `]}`, status: 415},
	{name: "append: bad campaign UUID", method: http.MethodPut, path: "/api/v1/call-campaign/not-a-uuid/phone-number",
		body: `{"call_records":[` + goodRecord + `]}`, status: 422, locs: []string{"path.call_campaign_uuid"}},

	{name: "calls: size=0 (DEC-30)", method: http.MethodGet, path: "/api/v1/call-campaign/%s/calls?size=0", status: 422, locs: []string{"query.size"}},
	{name: "calls: size=101", method: http.MethodGet, path: "/api/v1/call-campaign/%s/calls?size=101", status: 422, locs: []string{"query.size"}},
	{name: "calls: page=abc", method: http.MethodGet, path: "/api/v1/call-campaign/%s/calls?page=abc", status: 422, locs: []string{"query.page"}},
	{name: "calls: page=0", method: http.MethodGet, path: "/api/v1/call-campaign/%s/calls?page=0", status: 422, locs: []string{"query.page"}},
	{name: "calls: bad UUID", method: http.MethodGet, path: "/api/v1/call-campaign/123/calls", status: 422, locs: []string{"path.call_campaign_uuid"}},
	{name: "details: size=0", method: http.MethodGet, path: "/api/v1/call-campaign/%s/details?size=0", status: 422, locs: []string{"query.size"}},
	{name: "details: size=101", method: http.MethodGet, path: "/api/v1/call-campaign/%s/details?size=101", status: 422, locs: []string{"query.size"}},
	{name: "details: page=abc", method: http.MethodGet, path: "/api/v1/call-campaign/%s/details?page=abc", status: 422, locs: []string{"query.page"}},
	{name: "details: bad filters", method: http.MethodGet, path: "/api/v1/call-campaign/%s/details?date=yesterday&call_status=DONE&call_uuid=x&phone_number=abc",
		status: 422, locs: []string{"query.date", "query.call_status", "query.call_uuid", "query.phone_number"}},
	{name: "details: bad UUID", method: http.MethodGet, path: "/api/v1/call-campaign/3fa85f64-5717-4562-b3fc/details", status: 422, locs: []string{"path.call_campaign_uuid"}},

	{name: "delete call: bad call UUID", method: http.MethodDelete, path: "/api/v1/call-campaign/%s/call/nope", status: 422, locs: []string{"path.call_uuid"}},
	{name: "delete call: bad campaign UUID", method: http.MethodDelete, path: "/api/v1/call-campaign/nope/call/3fa85f64-5717-4562-b3fc-2c963f66afa6",
		status: 422, locs: []string{"path.call_campaign_uuid"}},
	{name: "delete by phone: bad phone (DOC)", method: http.MethodDelete, path: "/api/v1/call-campaign/%s/phone-number/7701-234-5678",
		status: 422, locs: []string{"path.phone_number"}},
	{name: "delete by phone: letters", method: http.MethodDelete, path: "/api/v1/call-campaign/%s/phone-number/abc",
		status: 422, locs: []string{"path.phone_number"}},
	{name: "delete by phone: too short", method: http.MethodDelete, path: "/api/v1/call-campaign/%s/phone-number/%%2B123",
		status: 422, locs: []string{"path.phone_number"}},
}

func TestDEC3_BadInputIsRefusedAndChangesNothing(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	before := h.snapshot(id)
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			method, path, ctype := tc.method, tc.path, tc.ctype
			if method == "" {
				method, path = http.MethodPost, api.RouteCreateCampaign
			}
			if strings.Contains(path, "%s") {
				path = fmt.Sprintf(path, id)
			}
			var body io.Reader
			if method == http.MethodPost || method == http.MethodPut {
				body = strings.NewReader(tc.body)
				if ctype == "" {
					ctype = "application/json"
				}
			}
			r := h.send(method, path, keyActive, ctype, body)
			require.Equal(t, tc.status, r.status, "body: %s", r.body)
			assert.Equal(t, api.ContentTypeProblem, r.header.Get("Content-Type"))
			p := r.problem(t)
			assert.Equal(t, tc.status, p.Status)
			assert.NotEmpty(t, p.Title)
			assert.NotEmpty(t, p.Detail)
			if tc.status == http.StatusUnprocessableEntity {
				assert.NotEmpty(t, p.Errors, "a 422 lists its locations")
			}
			got := r.locs(t)
			for _, want := range tc.locs {
				assert.Contains(t, got, want)
			}
			assert.Equal(t, before, h.snapshot(id), "a rejected request changes no state")
		})
	}
}

func TestDEC13_UnknownFieldsAreIgnored(t *testing.T) {
	h := newHarness(t)
	body := campaignBody(1, 10, record("77012345678"))
	body["priority"] = "high"
	body["call_records"].([]map[string]any)[0]["extra"] = true
	r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, body)
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var resp api.CreateCampaignResponse
	require.NoError(t, json.Unmarshal(r.body, &resp))
	assert.Equal(t, 1, resp.CallRecordsCount)
}

func TestDEC3_ContentTypesAccepted(t *testing.T) {
	h := newHarness(t)
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8", "application/merge-patch+json"} {
		body := fmt.Sprintf(goodCreate, goodRecord)
		r := h.send(http.MethodPost, api.RouteCreateCampaign, keyActive, ct, strings.NewReader(body))
		assert.Equal(t, http.StatusCreated, r.status, "%s: %s", ct, r.body)
	}
}

// endless yields n bytes of a JSON-looking body without holding them.
type endless struct{ left int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), e.left)
	for i := range p[:n] {
		p[i] = ' '
	}
	if e.left == 100<<20 {
		p[0] = '{'
	}
	e.left -= n
	return int(n), nil
}

func TestDEC3_HundredMegabyteBodyIs413WithBoundedMemory(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	before := h.snapshot(id)
	for _, declared := range []bool{false, true} {
		t.Run(fmt.Sprintf("content-length declared %v", declared), func(t *testing.T) {
			var ms0, ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			req, err := http.NewRequest(http.MethodPost, h.srv.URL+api.RouteCreateCampaign, &endless{left: 100 << 20})
			require.NoError(t, err)
			if declared {
				req.ContentLength = 100 << 20
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(api.HeaderAPIKey, keyActive)
			res, err := h.srv.Client().Do(req)
			require.NoError(t, err)
			data, _ := io.ReadAll(res.Body)
			res.Body.Close()
			runtime.ReadMemStats(&ms1)
			require.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, "%s", data)
			assert.Contains(t, string(data), "16MiB")
			alloc := ms1.TotalAlloc - ms0.TotalAlloc
			t.Logf("allocated %d MiB while refusing a 100 MB body", alloc>>20)
			assert.Less(t, alloc, uint64(32<<20), "the body is never read whole: at most the limit is held")
		})
	}
	assert.Equal(t, before, h.snapshot(id))
}

func TestDEC3_BodyLimitIsAnOption(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.BodyLimit = 2048 })
	small := fmt.Sprintf(goodCreate, goodRecord)
	r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, small)
	assert.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	big := fmt.Sprintf(goodCreate, strings.Repeat(goodRecord+",", 40)+goodRecord)
	r = h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, bytes.NewBufferString(big).Bytes())
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status, "%s", r.body)
}

// TestDEC36_VariablesNumberOutOfDoubleRangeIs422 pins finding 4 of the
// breaker over HTTP: 1e400 in variables is a 422 at its location, on create
// and on append, and changes nothing.
func TestDEC36_VariablesNumberOutOfDoubleRangeIs422(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	before := h.snapshot(id)
	huge := `{"phone_number":"77012345670","language":"RU","gender_voice":"male","agent_name":"a","variables":{"debt":{"amounts":[1,1e400]}}}`
	r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, fmt.Sprintf(goodCreate, goodRecord+","+huge))
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s", r.body)
	assert.Equal(t, []string{"body.call_records.1.variables.debt.amounts.1"}, r.locs(t))
	assert.Contains(t, r.problem(t).Errors[0].Msg, "out of range")
	r = h.do(http.MethodPut, campaignPath(id, "/phone-number"), keyActive, `{"call_records":[`+huge+`]}`)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s", r.body)
	assert.Equal(t, []string{"body.call_records.0.variables.debt.amounts.1"}, r.locs(t))
	assert.Equal(t, before, h.snapshot(id), "nothing changed")
	assert.Equal(t, 1, h.m.Service().FirmCampaigns(DemoFirm))
}

// TestDEC5_WindowInstantsOutOfRangeOrInvalid pins finding 8 of the breaker:
// an instant that parses but lies outside 1970 to 9999 is "out of range",
// not "Field required"; one that does not parse says so, and only a missing
// offset is reported as one.
func TestDEC5_WindowInstantsOutOfRangeOrInvalid(t *testing.T) {
	h := newHarness(t)
	window := func(start, end string) string {
		return `{"call_campaign_name":"X","start_at":"` + start + `","end_at":"` + end + `","call_records":[]}`
	}
	cases := []struct {
		name, start, end string
		loc, msg         string
	}{
		{"year 1", "0001-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "body.start_at", "out of range"},
		{"year 1 for both", "0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z", "body.start_at body.end_at", "out of range"},
		{"year 1 plus a millisecond", "0001-01-01T00:00:00.001Z", "2026-01-02T00:00:00Z", "body.start_at", "out of range"},
		{"before the epoch", "1969-12-31T23:59:59.999Z", "2026-01-02T00:00:00Z", "body.start_at", "out of range"},
		{"after 9999 by its offset", "2026-01-15T09:00:00Z", "9999-12-31T23:59:59-05:00", "body.end_at", "out of range"},
		{"a leap second", "2016-12-31T23:59:60Z", "2026-01-02T00:00:00Z", "body.start_at", "not a valid RFC 3339 date-time (second out of range)"},
		{"month 13", "2026-01-15T09:00:00Z", "2026-13-15T09:00:00Z", "body.end_at", "not a valid RFC 3339 date-time"},
		{"a space for the T", "2026-01-15 09:00:00Z", "2026-01-16T09:00:00Z", "body.start_at", "not a valid RFC 3339 date-time"},
		{"no offset", "2026-01-15T09:00:00", "2026-01-16T09:00:00Z", "body.start_at", "Z or an offset"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, window(tc.start, tc.end))
			require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s", r.body)
			require.Equal(t, strings.Fields(tc.loc), r.locs(t), "%s", r.body)
			msg := r.problem(t).Errors[0].Msg
			assert.Contains(t, msg, tc.msg)
			assert.NotContains(t, msg, "required")
			if !strings.Contains(tc.name, "offset") {
				assert.NotContains(t, msg, "offset", "the offset is there")
			}
		})
	}
	assert.Zero(t, h.m.Service().FirmCampaigns(DemoFirm), "nothing created")
	for _, w := range [][2]string{{"1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z"}, {"9999-12-31T00:00:00Z", "9999-12-31T23:59:59.999Z"}} {
		r := h.do(http.MethodPost, api.RouteCreateCampaign, keyActive, window(w[0], w[1]))
		assert.Equal(t, http.StatusCreated, r.status, "the ends of the range are accepted: %s", r.body)
	}
}

// TestDEC3_ContentEncodingIs415 pins finding 14 of the breaker: a body
// with a Content-Encoding other than identity is a 415 that says the mock
// does not decode compressed bodies, whether or not it is compressed, and
// changes nothing.
func TestDEC3_ContentEncodingIs415(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	before := h.snapshot(id)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(fmt.Sprintf(goodCreate, goodRecord)))
	require.NoError(t, zw.Close())
	plain := fmt.Sprintf(goodCreate, goodRecord)
	send := func(method, path, coding string, body []byte) reply {
		req, err := http.NewRequest(method, h.srv.URL+path, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set(api.HeaderAPIKey, keyActive)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", coding)
		res, err := h.srv.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return reply{status: res.StatusCode, header: res.Header, body: data}
	}
	for _, tc := range []struct {
		coding string
		body   []byte
	}{
		{"gzip", gz.Bytes()}, {"gzip", []byte(plain)}, {"br", []byte(plain)}, {"identity, gzip", []byte(plain)}, {"x-custom", []byte(plain)},
	} {
		for _, target := range [][2]string{{http.MethodPost, api.RouteCreateCampaign}, {http.MethodPut, campaignPath(id, "/phone-number")}} {
			r := send(target[0], target[1], tc.coding, tc.body)
			require.Equal(t, http.StatusUnsupportedMediaType, r.status, "%s %s: %s", target[1], tc.coding, r.body)
			assert.Contains(t, r.problem(t).Detail, "does not decode compressed bodies")
			assert.Equal(t, "identity", r.header.Get("Accept-Encoding"))
		}
	}
	assert.Equal(t, before, h.snapshot(id), "nothing changed")
	assert.Equal(t, 1, h.m.Service().FirmCampaigns(DemoFirm))
	for _, coding := range []string{"identity", "IDENTITY", ""} {
		r := send(http.MethodPost, api.RouteCreateCampaign, coding, []byte(plain))
		assert.Equal(t, http.StatusCreated, r.status, "%q: %s", coding, r.body)
	}
}
