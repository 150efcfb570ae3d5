package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// closeUnread serves next, and answers with Connection: close whenever a
// request announced a body that was not read to its end by the time the
// answer starts: a 401, 403, 404, 405, 413 or 415 decided before the body
// was needed. net/http then neither waits for nor drains the body, and a
// client that sent Expect: 100-continue never uploads it. The body is
// tracked on a shallow copy of the request, so that net/http still sees
// its own body type (it tells a body left unread by that type).
func closeUnread(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
			next.ServeHTTP(w, r)
			return
		}
		b := &trackedBody{ReadCloser: r.Body}
		inner := r.WithContext(r.Context())
		inner.Body = b
		next.ServeHTTP(&unreadWriter{ResponseWriter: w, body: b}, inner)
	})
}

// trackedBody remembers whether its reader reached the end.
type trackedBody struct {
	io.ReadCloser
	eof bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) {
		b.eof = true
	}
	return n, err
}

// unreadWriter adds Connection: close to an answer that starts while its
// request's body is unread.
type unreadWriter struct {
	http.ResponseWriter
	body    *trackedBody
	started bool
}

func (w *unreadWriter) start() {
	if !w.started {
		w.started = true
		if !w.body.eof {
			w.Header().Set("Connection", "close")
		}
	}
}

func (w *unreadWriter) WriteHeader(code int) {
	if code >= 200 {
		w.start()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *unreadWriter) Write(p []byte) (int, error) {
	w.start()
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *unreadWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// readJSONBody reads the body of r and checks that it is a JSON object:
// 413 over limit bytes, 415 for a content type that is not JSON, 422 for
// invalid UTF-8, malformed JSON or JSON that is not an object. It never
// holds more than the limit and a chunk, and it is the only reader of an
// API request's body: a request refused before it reads nothing of it.
func readJSONBody(r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return nil, err
	}
	if coding := contentCoding(r.Header); coding != "" {
		return nil, &requestError{
			status: http.StatusUnsupportedMediaType,
			detail: fmt.Sprintf("content encoding %q is not supported: the mock does not decode compressed bodies; send the body as it is, without Content-Encoding", coding),
			header: http.Header{"Accept-Encoding": {"identity"}},
		}
	}
	data, err := readAtMost(r.Body, limit, r.ContentLength)
	switch {
	case errors.Is(err, errTooLarge):
		return nil, tooLarge(limit)
	case err != nil:
		return nil, &requestError{status: http.StatusBadRequest, detail: "could not read the request body"}
	}
	return data, checkJSONObject(data)
}

var errTooLarge = errors.New("body over the limit")

// bodyChunk is how much of a body of unknown length is read at a time.
const bodyChunk = 64 << 10

// readAtMost reads r to its end in chunks, and stops with errTooLarge as
// soon as it has seen more than limit bytes: a body over the limit costs
// the limit in memory, never its own size. size is the length the request
// announced, -1 if none: a body that announced at most a chunk is read into
// a buffer of its size and one byte more (to see its end), and returned
// without a copy; a longer one is copied once more at the end.
func readAtMost(r io.Reader, limit, size int64) ([]byte, error) {
	first := int64(bodyChunk)
	if size >= 0 && size < first {
		first = size + 1
	}
	var chunks [][]byte
	var total int64
	for {
		chunk := make([]byte, first)
		first = bodyChunk
		n, err := fill(r, chunk)
		chunks = append(chunks, chunk[:n])
		if total += int64(n); total > limit {
			return nil, errTooLarge
		}
		switch {
		case err == io.EOF && len(chunks) == 1:
			return chunks[0], nil
		case err == io.EOF:
			return bytes.Join(chunks, nil), nil
		case err != nil:
			return nil, err
		}
	}
}

// fill reads r into p until p is full or r stops. Unlike io.ReadFull it
// hands on r's error as it is: io.EOF is the body's clean end, and
// io.ErrUnexpectedEOF is net/http saying the body ended before its
// Content-Length or its last chunk, a body that must not be acted on.
func fill(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func tooLarge(limit int64) error {
	return &requestError{
		status: http.StatusRequestEntityTooLarge,
		detail: fmt.Sprintf("request body is larger than the limit of %s", ByteSize(limit)),
	}
}

// contentCoding is the first content coding of a request's Content-Encoding
// other than identity, "" if there is none: the mock decodes no coding, so
// such a body is a 415 (RFC 9110 §15.5.16).
func contentCoding(h http.Header) string {
	for _, v := range h.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c != "" && !strings.EqualFold(c, "identity") {
				return c
			}
		}
	}
	return ""
}

// checkContentType accepts application/json and application/*+json, with no
// charset or UTF-8.
func checkContentType(ct string) error {
	unsupported := &requestError{
		status: http.StatusUnsupportedMediaType,
		detail: fmt.Sprintf("content type %q is not supported: send application/json", ct),
	}
	if ct == "" {
		unsupported.detail = "missing content type: send application/json"
		return unsupported
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || !isJSONMediaType(mt) {
		return unsupported
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		unsupported.detail = fmt.Sprintf("charset %q is not supported: send UTF-8", cs)
		return unsupported
	}
	return nil
}

func isJSONMediaType(mt string) bool {
	if mt == "application/json" {
		return true
	}
	sub, ok := strings.CutPrefix(mt, "application/")
	return ok && strings.HasSuffix(sub, "+json") && len(sub) > len("+json")
}

// checkJSONObject answers 422 the way FastAPI does for a body that is
// missing, not UTF-8, not JSON, or not an object.
func checkJSONObject(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return invalid("the request body is missing", fieldError("Field required", "missing", "body"))
	case !utf8.Valid(data):
		return invalid("the request body is not valid UTF-8",
			fieldError("Input should be a valid UTF-8 string", "string_unicode", "body"))
	}
	if !json.Valid(data) {
		// Valid scans without a copy; Unmarshal, on the rare invalid body,
		// says what is wrong and where.
		err := json.Unmarshal(data, new(json.RawMessage))
		return invalid("the request body is not valid JSON",
			fieldError("JSON decode error: "+jsonErrorText(err), "json_invalid", "body", jsonErrorOffset(err)))
	}
	if trimmed[0] != '{' {
		return invalid("the request body must be a JSON object",
			fieldError("Input should be a valid dictionary or object to extract fields from", "model_attributes_type", "body"))
	}
	return nil
}

func jsonErrorText(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

func jsonErrorOffset(err error) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Offset
	}
	return 0
}
