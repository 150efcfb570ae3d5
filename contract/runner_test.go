package contract

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

func TestUnreachableTargetIsAUsageError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	_, err = Run(context.Background(), Options{Target: "http://" + addr, APIKey: "k"})
	var ue *UsageError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "cannot reach the target")
	// Newcomer finding 13: the target and the request are said once, then the cause.
	assert.Equal(t, 1, strings.Count(err.Error(), "http://"), err.Error())
	assert.True(t, strings.HasPrefix(err.Error(), "cannot reach the target http://"+addr+": "), err.Error())
	assert.True(t, strings.HasSuffix(err.Error(), "connection refused"), err.Error())
}

func TestAdminTokenRefusedIsAUsageError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", api.ContentTypeProblem)
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"type":"about:blank","title":"Not Found","status":404,"detail":"no"}`))
	}))
	defer srv.Close()
	_, err := Run(context.Background(), Options{Target: srv.URL, APIKey: "k", AdminToken: "t"})
	var ue *UsageError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "admin API")
}

// TestNeverPastAuthIsRed: a target that answers 401 to everything passes
// the 401 checks but the run is red, and says why.
func TestNeverPastAuthIsRed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", api.ContentTypeProblem)
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"No/invalid API key"}`))
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Options{Target: srv.URL, APIKey: "k", Only: []string{"auth.no-key.createCampaign", "auth.wrong-key.createCampaign", "run.*"}})
	require.NoError(t, err)
	assert.False(t, res.Passed)
	assert.Contains(t, res.Error, "no request got past authentication")
	assert.Zero(t, res.Coverage.OperationsPastAuth)
	verdicts := map[string]Verdict{}
	for _, c := range res.Checks {
		verdicts[c.ID] = c.Verdict
	}
	assert.Equal(t, Pass, verdicts["auth.no-key.createCampaign"])
	assert.Equal(t, Fail, verdicts["run.past-auth"])
}

// TestFiveHundredsFailEverywhere: a 5xx fails the check that provoked it,
// even a DEC check in the documented profile, and the whole-run check.
func TestFiveHundredsFailEverywhere(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"detail":"boom"}`))
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Options{Target: srv.URL, APIKey: "k", Only: []string{"create.422-malformed-json", "run.no-5xx"}})
	require.NoError(t, err)
	require.Len(t, res.Checks, 2)
	for _, c := range res.Checks {
		assert.Equal(t, Fail, c.Verdict, "%s: %s", c.ID, c.Message)
	}
	assert.Equal(t, 1, res.Coverage.Responses5xx)
	assert.Contains(t, res.Checks[0].Failures[0].Exchange.Curl, "curl -sS -i -X POST")
}

// TestPanickingCheckIsAnError: a bug of a check is an error verdict, not a crash.
func TestPanickingCheckIsAnError(t *testing.T) {
	tm := newTestMock(t, nil)
	o := mustResolve(t, tm.options(false))
	e, err := newEnv(context.Background(), o)
	require.NoError(t, err)
	cr := e.runCheck(context.Background(), Check{ID: "x.panic", Rule: Doc("s"), Run: func(context.Context, *T) { panic("boom") }})
	assert.Equal(t, Error, cr.Verdict)
	assert.Contains(t, cr.Message, "panicked: boom")
	cr = e.runCheck(context.Background(), Check{ID: "x.skip", Rule: Doc("s"), Needs: []Fixture{FixtureClock}, Run: func(context.Context, *T) { t.Fatal("must not run") }})
	assert.Equal(t, Skip, cr.Verdict)
	e.opts.Skip = []string{"x.*"}
	cr = e.runCheck(context.Background(), Check{ID: "x.cfg", Rule: Doc("s"), Run: func(context.Context, *T) { t.Fatal("must not run") }})
	assert.Equal(t, Skip, cr.Verdict)
	assert.Contains(t, cr.Message, "skipped by the config")
}

// TestTargetBehindAPathPrefix: a base URL with a path is routed and judged
// as openapi.yaml's paths below it.
func TestTargetBehindAPathPrefix(t *testing.T) {
	tm := newTestMock(t, func(h http.Handler) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/gateway/", http.StripPrefix("/gateway", h))
		return mux
	})
	o := tm.options(true)
	o.Target = tm.srv.URL + "/gateway/"
	o.Only = []string{"create.*", "list.200", "auth.no-key.listCampaignCalls", "run.*"}
	res := runAgainst(t, o)
	assert.True(t, res.Passed, report(res))
	assert.Equal(t, 3, res.Coverage.OperationsPastAuth, "create, list and details")
	assert.Positive(t, res.Coverage.Responses)
}

// TestSelectionMatchingNoCheckIsAUsageError: an --only or --skip id that is
// not in the catalogue, or a --skip that leaves nothing of --only, is bad
// usage, said before any request (the target here answers nothing).
func TestSelectionMatchingNoCheckIsAUsageError(t *testing.T) {
	for name, c := range map[string]struct {
		only, skip []string
		want       string
	}{
		"only unknown":   {only: []string{"nonexistent"}, want: `unknown check id "nonexistent" in --only; callharness contract --list shows them`},
		"skip unknown":   {skip: []string{"create.201x"}, want: `unknown check id "create.201x" in --skip`},
		"prefix of none": {only: []string{"nope.*"}, want: `no check id matches "nope.*" in --only`},
		"all skipped":    {only: []string{"create.201"}, skip: []string{"create.201"}, want: "no check left to run"},
		"prefix skipped": {only: []string{"list.walk"}, skip: []string{"list.*"}, want: "no check left to run"},
	} {
		_, err := Run(context.Background(), Options{Target: "http://127.0.0.1:1", APIKey: "k", Only: c.only, Skip: c.skip})
		var ue *UsageError
		require.ErrorAs(t, err, &ue, name)
		assert.Contains(t, err.Error(), c.want, name)
	}
	require.NoError(t, CheckPatterns("--only", []string{"create.201", "list.*", "details.", "listCampaignCalls"}))
}
