package mockserver

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/spec/spectest"
	"github.com/stretchr/testify/require"
)

// fuzzMock is one mock per fuzzing process, with a dialing campaign of three
// calls. Each input is served through spectest.Middleware bound to its own t.
type fuzzMock struct {
	m        *Mock
	campaign string
}

func newFuzzMock(f *testing.F) *fuzzMock {
	m, err := New(testConfig(), slog.New(slog.DiscardHandler))
	require.NoError(f, err)
	fm := &fuzzMock{m: m}
	body := fmt.Sprintf(goodCreate, goodRecord+`,{"phone_number":"77010000009","language":"KZ","gender_voice":"female","agent_name":"b"}`)
	rec := fm.serve(f, http.MethodPost, api.RouteCreateCampaign, "", []byte(body))
	require.Equal(f, http.StatusCreated, rec.Code, rec.Body.String())
	fm.campaign = string(bytes.Split(bytes.Split(rec.Body.Bytes(), []byte(`"call_campaign_uuid":"`))[1], []byte(`"`))[0])
	return fm
}

// serve sends one request to the mock, its response held to openapi.yaml.
func (fm *fuzzMock) serve(t testing.TB, method, path, rawQuery string, body []byte) *httptest.ResponseRecorder {
	req := &http.Request{
		Method: method, URL: &url.URL{Path: path, RawQuery: rawQuery}, RequestURI: path,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: "mock.test",
		Header: http.Header{http.CanonicalHeaderKey(api.HeaderAPIKey): {keyActive}},
		Body:   http.NoBody,
	}
	if body != nil {
		req.Body = httptestBody(body)
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h := fm.m.Handler()
	if tt, ok := t.(*testing.T); ok {
		h = spectest.Middleware(tt, specValidator(t), h)
	}
	h.ServeHTTP(rec, req)
	return rec
}

func httptestBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func FuzzCreateBody(f *testing.F) {
	for _, tc := range badInputs {
		if tc.method == "" && tc.ctype == "" {
			f.Add([]byte(tc.body))
		}
	}
	f.Add([]byte(fmt.Sprintf(goodCreate, goodRecord)))
	f.Add([]byte(createWith(`"day_unique":null,"retry":0,"call_records":[{"phone_number":"+77012345678","language":"kz","gender_voice":"female","agent_name":"x","variables":null}]`)))
	f.Add([]byte(createWith(`"call_records":[{"phone_number":"77012345678","language":"RU","gender_voice":"male","agent_name":"a","variables":{"mock_outcome":"busy","n":1e400}}]`)))
	fm := newFuzzMock(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		before := fm.m.Service().FirmCampaigns(DemoFirm)
		rec := fm.serve(t, http.MethodPost, api.RouteCreateCampaign, "", body)
		after := fm.m.Service().FirmCampaigns(DemoFirm)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		switch rec.Code {
		case http.StatusCreated:
			if after != before+1 {
				t.Fatalf("201 but %d campaigns became %d", before, after)
			}
		case http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge:
			if after != before {
				t.Fatalf("refused with %d but %d campaigns became %d", rec.Code, before, after)
			}
		default:
			t.Fatalf("unexpected status %d for %q: %s", rec.Code, body, rec.Body)
		}
	})
}

func FuzzQueryParams(f *testing.F) {
	f.Add("", "", "", "", "", "", "")
	f.Add("1", "50", "", "", "", "", "")
	f.Add("abc", "0", "", "", "", "", "")
	f.Add("0", "101", "", "", "", "", "")
	f.Add("1", "10", "2026-01-15", "COMPLETED", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "+77012345678", "")
	f.Add("2", "100", "2026-01-15T09:00:00+05:00", "IN_PROGRESS", "x", "abc", "")
	f.Add("9999999999999999999", "-1", "yesterday", "DONE", "", "7701", "page=1&page=2&size=%zz")
	f.Add("", "", "", "", "", "", "size=1;page=2&date=%00")
	fm := newFuzzMock(f)
	f.Fuzz(func(t *testing.T, page, size, date, status, callUUID, phone, raw string) {
		q := url.Values{}
		for name, v := range map[string]string{"page": page, "size": size, "date": date, "call_status": status, "call_uuid": callUUID, "phone_number": phone} {
			if v != "" {
				q.Set(name, v)
			}
		}
		query := q.Encode()
		if raw != "" {
			query = strings.TrimPrefix(query+"&"+raw, "&")
		}
		calls := fm.m.Service().Stats().CallsByStatus
		for _, suffix := range []string{"/calls", "/details"} {
			rec := fm.serve(t, http.MethodGet, campaignPath(fm.campaign, suffix), query, nil)
			if rec.Code != http.StatusOK && rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s?%s: status %d: %s", suffix, query, rec.Code, rec.Body)
			}
		}
		if got := fm.m.Service().Stats().CallsByStatus; fmt.Sprint(got) != fmt.Sprint(calls) {
			t.Fatalf("a listing changed the calls: %v became %v", calls, got)
		}
	})
}
