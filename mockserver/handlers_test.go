package mockserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDOC_DocumentedFlow(t *testing.T) {
	h := newHarness(t)
	id := h.create(campaignBody(1, 10, record("77012345678")))

	r := h.do(http.MethodPut, campaignPath(id, "/phone-number"), keyActive,
		map[string]any{"call_records": []any{record("+77019876543")}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var app api.AppendCallsResponse
	require.NoError(t, json.Unmarshal(r.body, &app))
	assert.Equal(t, api.CampaignProcessing, app.CallCampaignStatus)
	assert.Equal(t, 2, app.CallRecordsCount)

	calls := h.calls(id)
	require.Len(t, calls, 2)
	assert.Equal(t, "77019876543", calls[1].PhoneNumber, "stored as digits alone (DEC-11)")

	r = h.do(http.MethodDelete, campaignPath(id, "/call/"+calls[0].UUID), keyActive, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.JSONEq(t, `{"deleted":"`+calls[0].UUID+`"}`, string(r.body))

	r = h.do(http.MethodDelete, campaignPath(id, "/phone-number/%2B77019876543"), keyActive, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.JSONEq(t, `{"deleted":["`+calls[1].UUID+`"]}`, string(r.body))

	r = h.do(http.MethodGet, campaignPath(id, "/details"), keyActive, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var d api.CampaignDetails
	require.NoError(t, json.Unmarshal(r.body, &d))
	assert.Equal(t, "January Outreach", d.CallCampaignName)
	assert.Equal(t, 1, d.Page, "page defaults to 1")
	assert.Equal(t, 10, d.Size, "details size defaults to 10")
	assert.Empty(t, d.Items)
}

func TestDOC_ListDefaults(t *testing.T) {
	h := newHarness(t)
	recs := make([]map[string]any, 0, 60)
	for i := range 60 {
		recs = append(recs, record("7701234"+padded(i, 4)))
	}
	id := h.create(campaignBody(1, 10, recs...))
	r := h.do(http.MethodGet, campaignPath(id, "/calls"), keyActive, nil)
	require.Equal(t, http.StatusOK, r.status)
	var list api.CallList
	require.NoError(t, json.Unmarshal(r.body, &list))
	assert.Len(t, list.Calls, 50, "size defaults to 50")
	assert.Equal(t, 60, list.Total)

	r = h.do(http.MethodGet, campaignPath(id, "/calls?page=3&size=50"), keyActive, nil)
	require.Equal(t, http.StatusOK, r.status)
	require.NoError(t, json.Unmarshal(r.body, &list))
	assert.Empty(t, list.Calls, "a page past the end is empty (DEC-39)")
	assert.Equal(t, 60, list.Total)
}

func padded(i, width int) string {
	s := []byte{}
	for range width {
		s = append([]byte{byte('0' + i%10)}, s...)
		i /= 10
	}
	return string(s)
}

// TestDEC30_RepeatedQueryParameterIs422 pins finding 11 of the breaker: a
// scalar query parameter given more than once is refused at its location,
// whichever of its values would have passed, alongside the other errors.
func TestDEC30_RepeatedQueryParameterIs422(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	cases := []struct {
		query string
		locs  []string
	}{
		{"/calls?size=5&size=500", []string{"query.size"}},
		{"/calls?size=500&size=5", []string{"query.size"}},
		{"/calls?page=1&page=abc", []string{"query.page"}},
		{"/calls?page=1&size=2&page=1", []string{"query.page"}},
		{"/details?date=2026-01-15&call_uuid=x&date=2026-01-16", []string{"query.date", "query.call_uuid"}},
		{"/details?phone_number=77010000001&phone_number=77010000002&call_status=BUSY&call_status=BUSY", []string{"query.call_status", "query.phone_number"}},
	}
	for _, tc := range cases {
		r := h.do(http.MethodGet, campaignPath(id, tc.query), keyActive, nil)
		require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s: %s", tc.query, r.body)
		assert.ElementsMatch(t, tc.locs, r.locs(t), "%s: %s", tc.query, r.body)
		for _, f := range r.problem(t).Errors {
			if f.Loc[1] != "call_uuid" {
				assert.Contains(t, f.Msg, "must be given once", tc.query)
			}
		}
	}
	r := h.do(http.MethodGet, campaignPath(id, "/calls?size=5&other=1&other=2"), keyActive, nil)
	assert.Equal(t, http.StatusOK, r.status, "an undocumented parameter is ignored, repeated or not: %s", r.body)
}

// TestDEC39_EveryPageUpToTheMaximumIsAnswered pins finding 12 of the
// breaker: any page up to 2147483647 (openapi.yaml's maximum) past the end
// is 200 with an empty list and the true total, on both listings; the
// next integer is a 422, at the documented bound.
func TestDEC39_EveryPageUpToTheMaximumIsAnswered(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	h.advance(2 * time.Hour)
	for _, page := range []string{"1000000001", "2147483647"} {
		for _, size := range []string{"1", "100"} {
			r := h.do(http.MethodGet, campaignPath(id, "/calls?page="+page+"&size="+size), keyActive, nil)
			require.Equal(t, http.StatusOK, r.status, "page %s: %s", page, r.body)
			var list api.CallList
			require.NoError(t, json.Unmarshal(r.body, &list))
			assert.Empty(t, list.Calls)
			assert.Equal(t, 3, list.Total)

			r = h.do(http.MethodGet, campaignPath(id, "/details?page="+page+"&size="+size), keyActive, nil)
			require.Equal(t, http.StatusOK, r.status, "page %s: %s", page, r.body)
			var d api.CampaignDetails
			require.NoError(t, json.Unmarshal(r.body, &d))
			assert.Empty(t, d.Items)
			assert.Equal(t, page, strconv.Itoa(d.Page), "echoed")
			assert.Positive(t, d.Total)
			r = h.do(http.MethodGet, campaignPath(id, "/details?call_status=COMPLETED&phone_number=77010000001&page="+page+"&size="+size), keyActive, nil)
			require.Equal(t, http.StatusOK, r.status, "filtered, page %s: %s", page, r.body)
		}
	}
	for _, path := range []string{"/calls?page=2147483648", "/details?page=2147483648", "/calls?page=9223372036854775808"} {
		r := h.do(http.MethodGet, campaignPath(id, path), keyActive, nil)
		require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s: %s", path, r.body)
		assert.Equal(t, []string{"query.page"}, r.locs(t))
	}
}
