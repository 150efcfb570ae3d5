package admin

import (
	"net/http"
	"testing"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFinding13_PostingAFirmWithoutANameKeepsItsName pins finding 13 of
// the breaker: a name absent, null or empty keeps an existing firm's name;
// a new firm gets none; a name given renames.
func TestFinding13_PostingAFirmWithoutANameKeepsItsName(t *testing.T) {
	f := newFixture(t, nil, token)
	nameOf := func(id string) string {
		for _, fm := range f.firms.Firms() {
			if fm.ID == id {
				return fm.Name
			}
		}
		t.Fatalf("no firm %s", id)
		return ""
	}
	for _, body := range []string{`{"id": "other"}`, `{"id": "other", "name": null}`, `{"id": "other", "name": ""}`, `{"id": "other", "campaigns": 0, "keys": 1}`} {
		r := f.do(http.MethodPost, api.AdminFirms, body)
		require.Equal(t, http.StatusOK, r.status, "%s: %s", body, r.body)
		var fm api.Firm
		r.decode(t, &fm)
		assert.Equal(t, "Other Firm", fm.Name, body)
		assert.Equal(t, "Other Firm", nameOf("other"), body)
	}
	r := f.do(http.MethodPost, api.AdminFirms, `{"id": "fresh"}`)
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	assert.Empty(t, nameOf("fresh"))
	r = f.do(http.MethodPost, api.AdminFirms, `{"id": "other", "name": "Renamed"}`)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "Renamed", nameOf("other"))
}
