package mockserver

import (
	"encoding/json"
	"net/http"
	"testing"

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
