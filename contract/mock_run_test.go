package contract

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGreenAgainstMock runs the whole catalogue against our mock on a manual
// clock, in both profiles: every check passes, every documented status of
// every operation is provoked, and no check is skipped.
func TestGreenAgainstMock(t *testing.T) {
	for _, p := range []Profile{Strict, Documented} {
		t.Run(string(p), func(t *testing.T) {
			tm := newTestMock(t, nil)
			o := tm.options(true)
			o.Profile = p
			start := time.Now()
			res := runAgainst(t, o)
			t.Logf("%s profile: %d checks, %d responses, in %s", p, len(res.Checks), res.Coverage.Responses, time.Since(start))
			require.True(t, res.Passed, report(res))
			assert.Equal(t, p, res.Profile)
			assert.Equal(t, len(Catalogue()), res.Counts.Pass, report(res))
			assert.Equal(t, res.Coverage.Documented, res.Coverage.Provoked, "every documented status is provoked")
			assert.Equal(t, len(Operations), res.Coverage.OperationsPastAuth)
			assert.Zero(t, res.Coverage.Violations)
		})
	}
}

// TestWithoutAdminToken: the checks whose fixtures need the admin API are
// skipped with their reasons, never passed, and no request goes to /_mock/.
func TestWithoutAdminToken(t *testing.T) {
	tm := newTestMock(t, nil)
	o := tm.options(false)
	res := runAgainst(t, o)
	assert.Zero(t, tm.admin.Load(), "no request under /_mock/ without --admin-token")
	assert.Equal(t, Documented, res.Profile, "documented is the default without an admin token")
	assert.True(t, res.Passed, report(res))
	byID := map[string]CheckResult{}
	for _, c := range res.Checks {
		byID[c.ID] = c
	}
	skipped := 0
	for _, c := range Catalogue() {
		if len(c.Needs) == 0 {
			continue
		}
		r := byID[c.ID]
		assert.Equal(t, Skip, r.Verdict, "%s needs %v", c.ID, c.Needs)
		assert.True(t, strings.HasPrefix(r.Message, "fixture missing: "), "%s: %q", c.ID, r.Message)
		skipped++
	}
	assert.Equal(t, skipped, res.Counts.Skip)
	assert.Contains(t, byID["auth.inactive-key.listCampaignCalls"].Message, "--inactive-key")
	assert.Contains(t, byID["delete-call.409-no-retry"].Message, "--admin-token")

	// With the keys given on the command line, the auth checks run.
	o.InactiveKey, o.OtherFirmKey = testInactive, testOther
	o.Only = []string{"auth.*"}
	res = runAgainst(t, o)
	assert.Equal(t, res.Counts.Total, res.Counts.Pass, report(res))
	assert.Zero(t, tm.admin.Load())
}

// TestConfigFixturesWithoutAdmin: fixtures named in the config file stand in
// for the admin API (here arranged on the mock beforehand by the test).
func TestConfigFixturesWithoutAdmin(t *testing.T) {
	tm := newTestMock(t, nil)
	// Arrange the states with an admin run of the suite's own arrangements.
	o := tm.options(true)
	e, err := newEnv(t.Context(), mustResolve(t, o))
	require.NoError(t, err)
	tt := &T{check: Check{ID: "arrange"}, env: e}
	var f ConfigFixtures
	f.CompletedCampaign = tt.CompletedCampaign(t.Context())
	f.CanceledCampaign = tt.CanceledCampaign(t.Context())
	f.FailedCampaign = tt.FailedCampaign(t.Context())
	f.EventsCampaign = tt.EventsCampaign(t.Context())
	before := tm.admin.Load()

	o = tm.options(false)
	o.Config = &Config{Fixtures: f}
	o.Only = []string{"append.400-completed", "append.400-failed", "append.400-canceled", "details.*"}
	res := runAgainst(t, o)
	assert.Equal(t, before, tm.admin.Load(), "the config run sends nothing to /_mock/")
	for _, c := range res.Checks {
		if c.ID == "details.null-while-live" {
			assert.Equal(t, Skip, c.Verdict)
			continue
		}
		assert.Contains(t, []Verdict{Pass, Warn}, c.Verdict, "%s: %s", c.ID, c.Message)
	}
}

func mustResolve(t *testing.T, o Options) Options {
	o, err := o.resolve()
	require.NoError(t, err)
	return o
}
