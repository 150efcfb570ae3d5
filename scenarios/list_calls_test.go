package scenarios

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// requestLog records the method and path of every request the target answers.
type requestLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *requestLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.seen = append(l.seen, r.Method+" "+r.URL.Path)
		l.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// With --campaign, list-calls reads a campaign it did not make: it sends
// nothing but reads (no probe campaign, no cleanup, no admin call), and
// the campaign is as it was.
func TestListCallsOfAGivenCampaignOnlyReads(t *testing.T) {
	var log requestLog
	tgt := startMock(t, "real", log.wrap)
	cl := client.New(tgt.url, testKey, nil)
	start := time.Now().Add(365 * 24 * time.Hour).Truncate(time.Second)
	phones := []string{"770100000000001", "770100000000002", "770100000000003"}
	created, _, err := cl.CreateCampaign(context.Background(), NewCampaign("given", Window{start, start.Add(time.Hour)}, Records(phones)))
	require.NoError(t, err)
	log.mu.Lock()
	log.seen = nil
	log.mu.Unlock()

	o := maxRateOptions(tgt, 2)
	o.Knobs.Campaign, o.Knobs.PageSize = created.CallCampaignUUID, 2
	sc := runOne(t, o)
	require.Equal(t, VerdictPass, sc.Verdict, "%+v", sc.Invariants)
	assert.Contains(t, sc.Facts["campaign"], "3 calls, 2 pages of 2 (given by --campaign)")

	log.mu.Lock()
	seen := log.seen
	log.mu.Unlock()
	require.NotEmpty(t, seen)
	for _, r := range seen {
		assert.Equal(t, "GET /api/v1/call-campaign/"+created.CallCampaignUUID+"/calls", r, "a run that only reads sent it")
	}
	list, _, err := cl.ListCalls(context.Background(), created.CallCampaignUUID, client.Page{Page: 1, Size: 100})
	require.NoError(t, err)
	assert.Equal(t, 3, list.Total, "the campaign keeps its calls")
	for _, c := range list.Calls {
		assert.Equal(t, api.CallPending, c.Status, "cleanup left %s alone", c.UUID)
	}
}

// The attack reads every page of the campaign in turn.
func TestListCallsCyclesOverThePages(t *testing.T) {
	var log requestLog
	tgt := startMock(t, "real", log.wrap)
	o := testOptions(tgt, "list-calls")
	o.Knobs.Initial, o.Knobs.Sizes = 25, []int{10}
	sc := runOne(t, o)
	require.Equal(t, VerdictPass, sc.Verdict, "%+v", sc.Invariants)
	assert.Contains(t, sc.Facts["campaign"], "25 calls, 3 pages of 10 (created by the setup)")
	log.mu.Lock()
	defer log.mu.Unlock()
	n := 0
	for _, r := range log.seen {
		if strings.HasSuffix(r, "/calls") {
			n++
		}
	}
	// 40/s for 1 s, and the reads of the setup and of LC-2.
	assert.GreaterOrEqual(t, n, 40)
}

func TestBodyTotalFindsTheTopLevelTotal(t *testing.T) {
	for _, c := range []struct {
		body string
		want int
		ok   bool
	}{
		{`{"call_campaign_uuid":"x","calls":[{"uuid":"a"}],"total":10000}`, 10000, true},
		{"{\"calls\": [], \"total\" : 7 }\n", 7, true},
		{`{"total":3,"calls":[{"variables":{"total":99}}]}`, 3, true},             // first, not last
		{`{"calls":[{"variables":{"total":99}}],"total":4}`, 4, true},             // a nested one before it
		{`{"calls":[{"variables":{"total":99}}],"page":1}`, 0, false},             // only a nested one
		{`{"calls":[{"uuid":"a"}],"total":5`, 0, false},                           // cut inside the total: 5 may be 50
		{`{"total":12`, 0, false},                                                 // the same, on the scan
		{`{"calls":[{"variables":{"k\"total":99}}],"total":5}`, 5, true},          // an escaped quote
		{`{"calls":[{"agent_name":"\"total\":1}"}],"total":6}`, 6, true},          // inside a string
		{`{"total":"many"}`, 0, false},                                            // not a number
		{`{"call_campaign_uuid":"x","calls":[{"uuid":"a"},{"uuid":"b"`, 0, false}, // cut short
		{``, 0, false},
	} {
		got, ok := bodyTotal([]byte(c.body))
		assert.Equal(t, c.ok, ok, c.body)
		assert.Equal(t, c.want, got, c.body)
	}
}

// A body cut at --max-body before its total is no finding of the target:
// LC-1 says it could not judge, and how to make it.
func TestListCallsWithBodiesCutShortIsNotJudged(t *testing.T) {
	tgt := startMock(t, "real", nil)
	o := testOptions(tgt, "list-calls")
	o.Attack.MaxBody = 100
	sc := runOne(t, o)
	v := verdicts(sc)
	assert.Equal(t, VerdictError, v["LC-1-total"], "%+v", sc.Invariants)
	assert.Equal(t, VerdictPass, v["LC-2-unchanged"])
	assert.Contains(t, sc.Invariants[0].Detail, "pages were cut at --max-body 100 bytes before their total; raise --max-body")
}

// The targeter asks for page 1 to the last in turn, then again, whether
// the URLs were built before the attack or, past maxPageURLs pages, are
// built per request.
func TestListCallsTargeterTakesThePagesInTurn(t *testing.T) {
	for _, pages := range []int{1, 3, maxPageURLs + 2} {
		s := &listState{size: 10, pages: pages}
		s.aim(vegeta.Target{Method: http.MethodGet, URL: "http://127.0.0.1:1/api/v1/call-campaign/c/calls"})
		targeter := s.attack(&Env{}).Targeter
		for want := range 2*pages + 1 {
			var tgt vegeta.Target
			require.NoError(t, targeter(&tgt))
			require.Equal(t, "http://127.0.0.1:1/api/v1/call-campaign/c/calls?size=10&page="+strconv.Itoa(want%pages+1), tgt.URL, "%d pages", pages)
			require.Equal(t, http.MethodGet, tgt.Method)
		}
	}
}

// A scenario that reads its answers' bodies cannot judge them cut at
// --max-body: create-storm would count no campaign and pass on nothing,
// the others would blame the target. Its invariants are not judged, and
// say why; with bodies whole the same run passes.
func TestBodiesCutAtMaxBodyLeaveInvariantsUnjudged(t *testing.T) {
	tgt := startMock(t, "manual", nil)
	for _, limit := range []int64{NoBody, 10} {
		o := testOptions(tgt, "create-storm")
		o.Attack.MaxBody = limit
		sc := runOne(t, o)
		require.Equal(t, VerdictError, sc.Verdict, "--max-body %d", limit)
		require.NotEmpty(t, sc.Invariants)
		for _, inv := range sc.Invariants {
			assert.Equal(t, VerdictError, inv.Verdict, inv.Name)
			assert.Contains(t, inv.Detail, "raise --max-body", inv.Name)
		}
	}
	o := testOptions(tgt, "create-storm")
	assert.Equal(t, VerdictPass, runOne(t, o).Verdict, "bodies kept whole (the default)")
}
