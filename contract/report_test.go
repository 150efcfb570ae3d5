package contract

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/reports"
)

func sampleResult() *Result {
	ex := &ExchangeRecord{Method: "GET", URL: "http://127.0.0.1:8080/api/v1/call-campaign/x/calls", Status: 200,
		ContentType: "application/json", ResponseExcerpt: "HTTP 200 OK\n\n{}", Curl: "curl -sS -i -X GET 'http://127.0.0.1:8080/x'"}
	r := &Result{Tool: "callharness contract", Target: "http://127.0.0.1:8080", Profile: Strict, Seed: 3, Examples: 5,
		Started: time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC), Duration: 2 * time.Second, DurationMS: 2000,
		Checks: []CheckResult{
			{ID: "list.total", Title: "total counts every call", Operation: "listCampaignCalls", Rule: Doc("total"), Verdict: Fail,
				Duration: time.Second, DurationMS: 1000, Message: "[DOC] total 121, want 120",
				Failures: []Failure{{Message: "total 121, want 120", Rule: Doc("total"), Exchange: ex}}},
			{ID: "list.order-stable", Operation: "listCampaignCalls", Rule: Dec("DEC-31", "order"), Verdict: Warn, Message: "[DEC-31] unordered"},
			{ID: "append.400-completed", Operation: "appendPhoneNumbers", Rule: Doc("400"), Verdict: Skip, Message: "fixture missing: completed-campaign"},
			{ID: "gen.create.valid", Operation: "createCampaign", Rule: Doc("gen"), Verdict: Fail, Message: "valid input got 422",
				Failures: []Failure{{Message: "a valid input got 422", Rule: Doc("gen"), Seed: 9, Input: `{"call_campaign_name":"a"}`, Exchange: ex}}},
			{ID: "run.no-5xx", Operation: OperationRun, Rule: ruleNo5xx, Verdict: Pass},
		}}
	for _, c := range r.Checks {
		r.Counts.add(c.Verdict)
	}
	return r
}

// TestJSONFieldNamesAreStable pins the names the HTML report reads.
func TestJSONFieldNamesAreStable(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, sampleResult()))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	for _, k := range []string{"tool", "target", "profile", "seed", "examples", "admin", "started", "duration_ms", "passed", "counts", "checks", "coverage"} {
		assert.Contains(t, doc, k)
	}
	check := doc["checks"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "title", "operation", "rule", "verdict", "duration_ms", "message", "exchanges", "failures"} {
		assert.Contains(t, check, k)
	}
	f := check["failures"].([]any)[0].(map[string]any)
	assert.Contains(t, f["exchange"], "curl")
	assert.Equal(t, "fail", check["verdict"])
	gen := doc["checks"].([]any)[3].(map[string]any)["failures"].([]any)[0].(map[string]any)
	assert.Equal(t, float64(9), gen["seed"])
	var back Result
	require.NoError(t, json.Unmarshal(b.Bytes(), &back))
	assert.Equal(t, sampleResult().Checks[0].Failures, back.Checks[0].Failures)
}

func TestConsoleShowsFailuresSkipsAndCoverage(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteConsole(&b, sampleResult()))
	out := b.String()
	for _, want := range []string{"list.total", "FAIL", "request:  GET http://127.0.0.1:8080/api/v1/call-campaign/x/calls",
		"curl:     curl -sS -i -X GET", "minimal input (seed 9)", "SKIPPED (1)", "fixture missing: completed-campaign",
		"WARNINGS", "SPEC COVERAGE", "contract FAILED"} {
		assert.Contains(t, out, want)
	}
}

func TestJUnitOfAResult(t *testing.T) {
	j := JUnit(sampleResult())
	var b bytes.Buffer
	require.NoError(t, reports.WriteJUnit(&b, j))
	var back reports.JUnitReport
	require.NoError(t, xml.Unmarshal(b.Bytes(), &back))
	assert.Equal(t, 5, back.Tests)
	assert.Equal(t, 2, back.Failures)
	assert.Equal(t, 1, back.Skipped)
	assert.Len(t, back.Suites, 4, "one suite per operation and one for the run")
	assert.Contains(t, b.String(), "curl -sS -i -X GET")
}

func TestWriteReportDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, WriteReportDir(dir, sampleResult()))
	for _, f := range []string{FileJSON, FileJUnit, FileConsole} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Positive(t, st.Size())
	}
}

// TestConsoleTallyCountsInWords: "1 check", "1 error", "1 warning", never
// "1 checks" (newcomer finding 18).
func TestConsoleTallyCountsInWords(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteConsole(&b, sampleResult()))
	assert.Contains(t, b.String(), "\n5 checks: 1 passed, 2 failed, 0 errors, 1 warning, 1 skipped in 2s\n")

	one := &Result{Checks: []CheckResult{{ID: "create.201", Operation: "createCampaign", Rule: Doc("201"), Verdict: Error, Message: "x"}}}
	one.Counts.add(Error)
	b.Reset()
	require.NoError(t, WriteConsole(&b, one))
	assert.Contains(t, b.String(), "\n1 check: 0 passed, 0 failed, 1 error, 0 warnings, 0 skipped in 0s\n")

	b.Reset()
	require.NoError(t, WriteCatalogue(&b, Select(Catalogue(), []string{"create.201"})))
	assert.Contains(t, b.String(), "\n1 check: 1 on DOC rules, 0 on DEC rules\n")
}
