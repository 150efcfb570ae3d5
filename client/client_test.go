package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

func TestClientSendsKeyAndCurlHidesIt(t *testing.T) {
	var gotKey, gotCT string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotKey, gotCT = r.Header.Get(api.HeaderAPIKey), r.Header.Get("Content-Type")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"call_campaign_uuid":"3fa85f64-5717-4562-b3fc-2c963f66afa6","call_campaign_status":"DRAFT","call_records_count":0,"duplicates_removed":0,"message":"ok"}`))
	}))
	defer srv.Close()
	c := New(srv.URL, "secret-key-123", nil)
	out, ex, err := c.CreateCampaign(context.Background(), api.CreateCampaignRequest{CallCampaignName: "x", CallRecords: []api.CallRecord{}})
	require.NoError(t, err)
	assert.Equal(t, "secret-key-123", gotKey)
	assert.Equal(t, "application/json", gotCT)
	assert.Equal(t, api.CampaignDraft, out.CallCampaignStatus)
	curl := ex.Curl()
	assert.NotContains(t, curl, "secret-key-123")
	assert.Contains(t, curl, `-H "x-cybernet-api-key: ${CALLHARNESS_API_KEY}"`)
	assert.Contains(t, curl, "-X POST '"+srv.URL+"/api/v1/call-campaign'")
	assert.Contains(t, curl, `"call_campaign_name":"x"`)

	_, _, err = c.WithKey("").ListCalls(context.Background(), "3fa85f64-5717-4562-b3fc-2c963f66afa6", Page{})
	var se *StatusError
	require.ErrorAs(t, err, &se, "a 201 where 200 is expected is a StatusError")
	assert.Equal(t, "", gotKey, "WithKey(\"\") sends no key")
}

func TestDecodeDeletedAcceptsBothShapes(t *testing.T) {
	var ids []string
	require.NoError(t, DecodeDeleted([]byte(`{"deleted":["a","b"]}`), &ids))
	assert.Equal(t, []string{"a", "b"}, ids)
	require.NoError(t, DecodeDeleted([]byte(` ["c"]`), &ids))
	assert.Equal(t, []string{"c"}, ids)
	assert.Error(t, DecodeDeleted([]byte(`{"removed":["a"]}`), &ids))
	assert.Error(t, DecodeDeleted([]byte(`nope`), &ids))
}

func TestAllCallsWalksPagesAndStopsAtTheBound(t *testing.T) {
	const total = 7
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		out := api.CallList{Total: total}
		for i := (page - 1) * size; i < page*size && i < total; i++ {
			out.Calls = append(out.Calls, api.Call{UUID: strconv.Itoa(i)})
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	defer srv.Close()
	c := New(srv.URL, "k", nil)
	calls, tot, err := c.AllCalls(context.Background(), "c", 3, 10)
	require.NoError(t, err)
	assert.Equal(t, total, tot)
	assert.Len(t, calls, total)
	_, _, err = c.AllCalls(context.Background(), "c", 1, 2)
	assert.ErrorContains(t, err, "more than 2 pages")
}

func TestAdminSendsTokenNotKey(t *testing.T) {
	var tok, key, path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, key, path = r.Header.Get(api.HeaderAdminToken), r.Header.Get(api.HeaderAPIKey), r.URL.Path
		_, _ = w.Write([]byte(`{"call_campaign_uuid":"u","call_campaign_status":"CANCELED"}`))
	}))
	defer srv.Close()
	st, err := NewAdmin(srv.URL, "tok", nil).Cancel(context.Background(), "u")
	require.NoError(t, err)
	assert.Equal(t, "tok", tok)
	assert.Empty(t, key)
	assert.Equal(t, "/_mock/campaigns/u/cancel", path)
	assert.Equal(t, api.CampaignCanceled, st.CallCampaignStatus)
	assert.True(t, strings.HasPrefix(path, "/_mock/"))
}
