package reports

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleJUnit() JUnitReport {
	return JUnitReport{
		Name: "callharness contract",
		Suites: []JUnitSuite{{
			Name:       "listCampaignCalls",
			Timestamp:  "2026-01-15T09:00:00Z",
			Properties: []JUnitProperty{{Name: "seed", Value: "7"}},
			Cases: []JUnitCase{
				{Name: "list.default-size", Classname: "contract.listCampaignCalls", Time: JUnitSeconds(1250 * time.Millisecond)},
				{Name: "list.total", Classname: "contract.listCampaignCalls", Time: JUnitSeconds(time.Second),
					Failure: &JUnitProblem{Message: "total 151, want 150", Type: "DOC", Text: "GET /calls\ncurl -X GET 'http://127.0.0.1/x'"}},
				{Name: "list.past-end", Classname: "contract.listCampaignCalls", Skipped: &JUnitSkipped{Message: "no fixture"}},
				{Name: "list.bad", Classname: "contract.listCampaignCalls", Error: &JUnitProblem{Message: "connection reset"}},
			},
		}},
	}
}

func TestWriteJUnitCountsAndParses(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, sampleJUnit()))
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, xml.Header))
	assert.Contains(t, out, `<testsuites name="callharness contract" tests="4" failures="1" errors="1" skipped="1" time="2.250">`)
	assert.Contains(t, out, `<testcase name="list.default-size" classname="contract.listCampaignCalls" time="1.250"></testcase>`)
	assert.Contains(t, out, `<property name="seed" value="7"></property>`)

	var back JUnitReport
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &back))
	require.Len(t, back.Suites, 1)
	s := back.Suites[0]
	assert.Equal(t, 4, s.Tests)
	assert.Equal(t, "total 151, want 150", s.Cases[1].Failure.Message)
	assert.Contains(t, s.Cases[1].Failure.Text, "curl -X GET")
	assert.Equal(t, "no fixture", s.Cases[2].Skipped.Message)
}

func TestWriteJUnitReplacesWhatXMLCannotCarry(t *testing.T) {
	r := sampleJUnit()
	r.Suites[0].Cases[1].Failure.Text = "body: \x00\x1b[31m\xff\xfe end"
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, r))
	var back JUnitReport
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &back), "the document must parse")
	assert.Equal(t, "body: \uFFFD\uFFFD[31m\uFFFD end", back.Suites[0].Cases[1].Failure.Text)
	assert.Equal(t, "body: \x00\x1b[31m\xff\xfe end", r.Suites[0].Cases[1].Failure.Text, "the caller's report is not changed")
}

func TestWriteJUnitFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, WriteJUnitFile(path, sampleJUnit()))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(b), "<testsuites")
	assert.Error(t, WriteJUnitFile(filepath.Join(t.TempDir(), "missing", "junit.xml"), sampleJUnit()))
}
