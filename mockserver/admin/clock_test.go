package admin

import (
	"net/http"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFinding7_ClockStopsAtTheLastRFC3339Instant pins finding 7 of the
// breaker: no admin move takes the clock past 9999-12-31T23:59:59.999Z,
// after which timestamps would no longer be RFC 3339; each refusal is a 422
// at the field that asked for it and changes nothing.
func TestFinding7_ClockStopsAtTheLastRFC3339Instant(t *testing.T) {
	f := newFixture(t, nil, token)
	st := clockOf(t, f.do(http.MethodPost, api.AdminReset, `{"clock": "9999-12-31T23:00:00Z"}`))
	require.Equal(t, "9999-12-31T23:00:00.000Z", st.Now.String())

	refused := []struct {
		path, body string
		loc        []any
	}{
		{api.AdminAdvance, `{"by": "2d"}`, []any{"body", "by"}},
		{api.AdminAdvance, `{"by": "1h"}`, []any{"body", "by"}},
		{api.AdminSetClock, `{"now": "9999-12-31T23:59:59.9995Z"}`, []any{"body", "now"}},
		{api.AdminSetClock, `{"now": "9999-12-31T23:59:59-00:01"}`, []any{"body", "now"}},
		{api.AdminReset, `{"clock": "9999-12-31T22:00:00-05:00"}`, []any{"body", "clock"}},
	}
	for _, tt := range refused {
		r := f.do(http.MethodPost, tt.path, tt.body)
		require.Equal(t, http.StatusUnprocessableEntity, r.status, "%s %s: %s", tt.path, tt.body, r.body)
		p := r.problem(t)
		assert.Contains(t, locs(p), tt.loc)
		assert.Contains(t, p.Detail, "9999-12-31T23:59:59.999Z")
		assert.Equal(t, "9999-12-31T23:00:00.000Z", api.Time{Time: f.clk.Now()}.String(), "a refused move changes nothing")
	}

	st = clockOf(t, f.do(http.MethodPost, api.AdminAdvance, `{"by": "59m59.999s"}`))
	assert.Equal(t, "9999-12-31T23:59:59.999Z", st.Now.String(), "the last instant itself is allowed")
	r := f.do(http.MethodPost, api.AdminAdvance, `{"by": "1ms"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
	st = clockOf(t, f.do(http.MethodPost, api.AdminReset, `{"clock": "2026-01-15T08:00:00Z"}`))
	assert.True(t, st.Now.Equal(start), "a reset moves it back")
	assert.True(t, f.clk.Now().Before(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)))
}
