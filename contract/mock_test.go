package contract

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/mockserver"
)

// Keys and token of the test mocks.
const (
	testKey      = "contract-test-key"
	testInactive = "contract-test-inactive"
	testOther    = "contract-test-other"
	testToken    = "contract-test-admin"
)

// testMock is our mock on a manual clock behind a real HTTP server, with
// wrap around its handler (nil: none), counting requests under /_mock/.
type testMock struct {
	srv   *httptest.Server
	admin atomic.Int64
}

func newTestMock(t testing.TB, wrap func(http.Handler) http.Handler) *testMock {
	t.Helper()
	cfg := mockserver.DefaultConfig()
	cfg.Clock = "manual"
	cfg.ClockStart = "2026-01-15T08:00:00Z"
	cfg.APIKeys = []string{testKey}
	cfg.InactiveKeys = []string{testInactive}
	cfg.OtherFirmKeys = []string{testOther}
	cfg.AdminToken = testToken
	m, err := mockserver.New(cfg, nil)
	require.NoError(t, err)
	tm := &testMock{}
	h := m.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	tm.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_mock/") {
			tm.admin.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(tm.srv.Close)
	return tm
}

// options of a run against the test mock; admin says whether to give the token.
func (tm *testMock) options(admin bool) Options {
	o := Options{Target: tm.srv.URL, APIKey: testKey, Examples: 8, Seed: 7,
		Now: func() time.Time { return time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC) }}
	if admin {
		o.AdminToken = testToken
		o.InactiveKey, o.OtherFirmKey = testInactive, testOther
	}
	return o
}

func runAgainst(t testing.TB, o Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), o)
	require.NoError(t, err)
	return res
}

// report is the console report of r, for failing tests.
func report(r *Result) string {
	var b bytes.Buffer
	_ = WriteConsole(&b, r)
	return b.String()
}

func readAll(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, err
}

func ioNopCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }
