package campaign

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/clock"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

const firmA, firmB = "firm-a", "firm-b"

// t0 is where every test clock starts: an hour before the usual window.
var t0 = time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)

// fixture is a service on a manual clock.
type fixture struct {
	t   testing.TB
	clk *clock.Sim
	s   *Service
}

func newFixture(t testing.TB, opts ...func(*Options)) *fixture {
	o := Options{Seed: 42}
	for _, f := range opts {
		f(&o)
	}
	clk := clock.NewManual(t0)
	return &fixture{t: t, clk: clk, s: NewService(clk, o)}
}

// advance moves the clock as the admin API does: move, then Sync.
func (f *fixture) advance(d time.Duration) {
	_, err := f.clk.Advance(d)
	require.NoError(f.t, err)
	f.s.Sync()
}

// at returns t0 plus d.
func at(d time.Duration) time.Time { return t0.Add(d) }

func ptr[T any](v T) *T { return &v }

// phone is the i-th ordinary number: its last three digits are no test number.
func phone(i int) string { return fmt.Sprintf("7701%04d%03d", i, 100+i%900) }

// testPhone is a number ending in the test suffix code (0 to 9).
func testPhone(i, code int) string { return fmt.Sprintf("7702%04d00%d", i, code) }

func rec(ph string) Record {
	return Record{PhoneNumber: ph, Language: "ru", GenderVoice: "female", AgentName: "sales_agent_v2"}
}

func recs(n int) []Record {
	out := make([]Record, n)
	for i := range out {
		out[i] = rec(phone(i))
	}
	return out
}

// day is the usual campaign: 09:00 to 18:00 of t0's day.
func day(records ...Record) NewCampaign {
	return NewCampaign{Name: "January Outreach", StartAt: at(time.Hour), EndAt: at(10 * time.Hour), Records: records}
}

func (f *fixture) create(nc NewCampaign) uuid.UUID {
	f.t.Helper()
	resp, err := f.s.Create(firmA, nc)
	require.NoError(f.t, err)
	return uuid.MustParse(resp.CallCampaignUUID)
}

func (f *fixture) status(id uuid.UUID) string {
	f.t.Helper()
	d, err := f.s.Details(firmA, id, DetailsQuery{Page: 1, Size: 1})
	require.NoError(f.t, err)
	return d.CallCampaignStatus
}

// calls lists every call of a campaign.
func (f *fixture) calls(id uuid.UUID) []api.Call {
	f.t.Helper()
	var out []api.Call
	for p := 1; ; p++ {
		l, err := f.s.ListCalls(firmA, id, p, 100)
		require.NoError(f.t, err)
		out = append(out, l.Calls...)
		if len(l.Calls) < 100 {
			return out
		}
	}
}

// events lists every attempt of a campaign matching q's filters.
func (f *fixture) events(id uuid.UUID, q DetailsQuery) []api.CallEvent {
	f.t.Helper()
	var out []api.CallEvent
	q.Size = 100
	for q.Page = 1; ; q.Page++ {
		d, err := f.s.Details(firmA, id, q)
		require.NoError(f.t, err)
		out = append(out, d.Items...)
		if len(d.Items) < 100 {
			return out
		}
	}
}

// callStatus returns the status of one call.
func (f *fixture) callStatus(id uuid.UUID, call string) string {
	f.t.Helper()
	for _, c := range f.calls(id) {
		if c.UUID == call {
			return c.Status
		}
	}
	return ""
}

func mustJSON(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func mustUUID(s string) uuid.UUID { return uuid.MustParse(s) }

// byPhone returns the statuses of the calls of a number, in listing order.
func (f *fixture) byPhone(id uuid.UUID, ph string) []string {
	f.t.Helper()
	var out []string
	for _, c := range f.calls(id) {
		if c.PhoneNumber == ph {
			out = append(out, c.Status)
		}
	}
	return out
}
