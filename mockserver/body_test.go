package mockserver

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawExchange sends head (request line and headers, without the blank line)
// and then body, and reads the answer's status and headers within a
// second. The connection then stalls: the rest of an announced body is
// never sent.
func (h *harness) rawExchange(t *testing.T, head, body string) (*http.Response, time.Duration) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", h.srv.Listener.Addr().String(), time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	require.NoError(t, conn.SetDeadline(time.Now().Add(time.Second)))
	began := time.Now()
	_, err = fmt.Fprintf(conn, "%s\r\nHost: mock\r\n\r\n%s", strings.ReplaceAll(strings.TrimSpace(head), "\n", "\r\n"), body)
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "an answer within a second")
	res.Body.Close()
	return res, time.Since(began)
}

// TestDEC1_EarlyRejectionsDoNotWaitForTheBody pins finding 2 of the
// breaker: a request refused before its body is needed is answered at
// once, without reading the body, and with Connection: close, so that an
// Expect: 100-continue client never uploads it and a client that stalls
// gets its answer anyway.
func TestDEC1_EarlyRejectionsDoNotWaitForTheBody(t *testing.T) {
	h := newHarness(t)
	id := fixture(h)
	huge := "Content-Length: 100000000"
	cases := []struct {
		name, head string
		status     int
	}{
		{"401 with Expect", "POST /api/v1/call-campaign HTTP/1.1\nx-cybernet-api-key: nope\nContent-Type: application/json\nExpect: 100-continue\n" + huge, 401},
		{"401 without Expect", "POST /api/v1/call-campaign HTTP/1.1\nx-cybernet-api-key: nope\nContent-Type: application/json\n" + huge, 401},
		{"401, small body stalled", "POST /api/v1/call-campaign HTTP/1.1\nContent-Type: application/json\nContent-Length: 1000", 401},
		{"401, chunked body stalled", "POST /api/v1/call-campaign HTTP/1.1\nContent-Type: application/json\nTransfer-Encoding: chunked", 401},
		{"403 inactive key", "POST /api/v1/call-campaign HTTP/1.1\nx-cybernet-api-key: " + keyInactive + "\nContent-Type: application/json\nExpect: 100-continue\n" + huge, 403},
		{"403 other firm", "PUT /api/v1/call-campaign/" + id + "/phone-number HTTP/1.1\nx-cybernet-api-key: " + keyOther + "\nContent-Type: application/json\nExpect: 100-continue\n" + huge, 403},
		{"404 campaign", "PUT /api/v1/call-campaign/" + newUUID() + "/phone-number HTTP/1.1\nx-cybernet-api-key: " + keyActive + "\nContent-Type: application/json\nExpect: 100-continue\n" + huge, 404},
		{"405", "PATCH /api/v1/call-campaign HTTP/1.1\nx-cybernet-api-key: " + keyActive + "\nContent-Type: application/json\nExpect: 100-continue\n" + huge, 405},
		{"413 declared", "POST /api/v1/call-campaign HTTP/1.1\nx-cybernet-api-key: " + keyActive + "\nContent-Type: application/json\nExpect: 100-continue\n" + huge, 413},
		{"415", "POST /api/v1/call-campaign HTTP/1.1\nx-cybernet-api-key: " + keyActive + "\nContent-Type: text/plain\nExpect: 100-continue\nContent-Length: 1000", 415},
		{"unknown path", "POST /nowhere HTTP/1.1\nContent-Type: application/json\nExpect: 100-continue\n" + huge, 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, took := h.rawExchange(t, tc.head, "")
			assert.Equal(t, tc.status, res.StatusCode, "not a 100 Continue: the body is not asked for")
			assert.True(t, res.Close, "Connection: close, the body was not read")
			assert.Less(t, took, 500*time.Millisecond)
		})
	}
	assert.Len(t, h.calls(id), 3, "nothing changed")

	body := fmt.Sprintf(goodCreate, goodRecord)
	res, _ := h.rawExchange(t, fmt.Sprintf("POST /api/v1/call-campaign HTTP/1.1\nx-cybernet-api-key: %s\nContent-Type: application/json\nContent-Length: %d", keyActive, len(body)), body)
	assert.Equal(t, http.StatusCreated, res.StatusCode)
	assert.False(t, res.Close, "a body read to its end keeps the connection")
}

// TestDEC1_ExpectContinueStillWorksForAGoodRequest checks the other side
// of finding 2: a request that passes the early checks is asked for its
// body with 100 Continue and served.
func TestDEC1_ExpectContinueStillWorksForAGoodRequest(t *testing.T) {
	h := newHarness(t)
	body := fmt.Sprintf(goodCreate, goodRecord)
	conn, err := net.DialTimeout("tcp", h.srv.Listener.Addr().String(), time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(2*time.Second)))
	_, err = fmt.Fprintf(conn, "POST /api/v1/call-campaign HTTP/1.1\r\nHost: mock\r\nx-cybernet-api-key: %s\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", keyActive, len(body))
	require.NoError(t, err)
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusContinue, res.StatusCode, "the body is asked for")
	_, err = fmt.Fprint(conn, body)
	require.NoError(t, err)
	res, err = http.ReadResponse(br, nil)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusCreated, res.StatusCode)
	assert.False(t, res.Close)
}

// readAtMost returns every byte of a body within the limit, whatever length
// it announced (none, its own, or a wrong one), and refuses one over it.
func TestReadAtMostReadsWhatWasSentWithinTheLimit(t *testing.T) {
	const limit = 3 * bodyChunk
	for _, n := range []int{0, 1, 700, bodyChunk - 1, bodyChunk, bodyChunk + 1, 2*bodyChunk + 5, limit} {
		body := strings.Repeat("x", n)
		for _, size := range []int64{-1, int64(n), int64(n) / 2, int64(n) + 10} {
			got, err := readAtMost(strings.NewReader(body), limit, size)
			require.NoError(t, err, "%d bytes announced as %d", n, size)
			assert.Equal(t, n, len(got), "%d bytes announced as %d", n, size)
			assert.Equal(t, body, string(got))
		}
	}
	for _, size := range []int64{-1, 10, limit + 1} {
		_, err := readAtMost(strings.NewReader(strings.Repeat("x", limit+1)), limit, size)
		assert.ErrorIs(t, err, errTooLarge, "announced as %d", size)
	}
}

// A body that ends before its Content-Length (net/http reports
// io.ErrUnexpectedEOF) is an error, whatever its length, never a body.
func TestReadAtMostRefusesABodyCutShort(t *testing.T) {
	for _, n := range []int{0, 5, bodyChunk - 1, bodyChunk, 2*bodyChunk + 3} {
		for _, size := range []int64{-1, int64(n) + 10} {
			r := io.MultiReader(strings.NewReader(strings.Repeat("x", n)), iotest.ErrReader(io.ErrUnexpectedEOF))
			_, err := readAtMost(r, 3*bodyChunk, size)
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "%d bytes announced as %d", n, size)
		}
	}
}

// Over the wire: an append whose body stops short of its Content-Length,
// the client closing its side, is answered 400 and appends nothing.
func TestDEC1_ABodyCutShortOfItsLengthChangesNothing(t *testing.T) {
	h := newHarness(t)
	id := h.create(campaignBody(100, 108, record("77012345678")))
	body := `{"call_records":[{"phone_number":"77012345999","language":"RU","gender_voice":"male","agent_name":"a"}]}`
	for _, missing := range []int{1, 40, 3 * bodyChunk} {
		conn, err := net.Dial("tcp", h.srv.Listener.Addr().String())
		require.NoError(t, err)
		fmt.Fprintf(conn, "PUT /api/v1/call-campaign/%s/phone-number HTTP/1.1\r\nHost: x\r\nx-cybernet-api-key: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			id, keyActive, len(body)+missing, body)
		require.NoError(t, conn.(*net.TCPConn).CloseWrite())
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		resp.Body.Close()
		conn.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%d bytes short", missing)
		assert.Len(t, h.calls(id), 1, "nothing appended by a body %d bytes short", missing)
	}
}
