package contract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// Excerpt bounds of a report's request and response bodies.
const (
	requestExcerpt  = 2048
	responseExcerpt = 1024
)

// tap is the recording HTTP layer under every client of a check: it sends
// the request, reads the whole answer, judges it against openapi.yaml,
// counts it in the coverage matrix and records any violation as a failure
// of the check that provoked it.
type tap struct {
	t    *T
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (p *tap) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			reqBody, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	start := time.Now()
	resp, err := p.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, client.MaxBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	ex := exchangeOf(req, reqBody, resp, body, time.Since(start))
	p.t.observe(req, ex)
	return resp, rerr
}

// observe judges one exchange and counts it.
func (t *T) observe(req *http.Request, ex *client.Exchange) {
	t.exchanges++
	t.last = ex
	env := t.env
	req = env.specRequest(req)
	op := env.conf.operation(req)
	violations := env.conf.judge(req.Context(), req, op, ex.Status, ex.Header, ex.Body)
	env.cov.record(op, ex.Status, t.check.ID, violations)
	for _, v := range violations {
		t.fail(v.Rule, ex, v.Msg)
	}
}

// specRequest is req as openapi.yaml sees it: without the path prefix of
// the target's base URL (a target behind a gateway at https://host/calls-api).
func (e *env) specRequest(req *http.Request) *http.Request {
	if e.prefix == "" || !strings.HasPrefix(req.URL.Path, e.prefix+"/") {
		return req
	}
	r := req.Clone(req.Context())
	u := *req.URL
	u.Path, u.RawPath = strings.TrimPrefix(req.URL.Path, e.prefix), ""
	r.URL = &u
	return r
}

// exchangeOf builds the client's view of an exchange, with the API key and
// the admin token left out, as client.Do does.
func exchangeOf(req *http.Request, reqBody []byte, resp *http.Response, body []byte, d time.Duration) *client.Exchange {
	ex := &client.Exchange{Method: req.Method, URL: req.URL.String(), ReqHeader: req.Header.Clone(), ReqBody: reqBody,
		Status: resp.StatusCode, Header: resp.Header, Body: body, Duration: d}
	if ex.ReqHeader.Get(api.HeaderAPIKey) != "" {
		ex.KeyRedacted = true
		ex.ReqHeader.Set(api.HeaderAPIKey, "${CALLHARNESS_API_KEY}")
	}
	if ex.ReqHeader.Get(api.HeaderAdminToken) != "" {
		ex.ReqHeader.Set(api.HeaderAdminToken, "${CALLHARNESS_ADMIN_TOKEN}")
	}
	return ex
}

// record turns an exchange into what a report shows; nil stays nil.
func record(ex *client.Exchange) *ExchangeRecord {
	if ex == nil {
		return nil
	}
	r := &ExchangeRecord{Method: ex.Method, URL: ex.URL, Status: ex.Status, Curl: ex.Curl()}
	if ex.ReqBody != nil {
		r.RequestBody = excerpt(ex.ReqBody, requestExcerpt)
	}
	if ex.Header != nil {
		r.ContentType = ex.Header.Get("Content-Type")
	}
	r.ResponseExcerpt = responseText(ex)
	return r
}

// responseText is the status line, the headers that matter and the start of the body.
func responseText(ex *client.Exchange) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d %s\n", ex.Status, http.StatusText(ex.Status))
	names := make([]string, 0, len(ex.Header))
	for k := range ex.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Type", "Content-Length", "Location", "Retry-After", "Allow":
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(ex.Header[k], ", "))
	}
	b.WriteString("\n")
	b.WriteString(excerpt(ex.Body, responseExcerpt))
	return b.String()
}

// excerpt is the start of b as text, marked when cut.
func excerpt(b []byte, max int) string {
	cut := len(b) > max
	if cut {
		b = b[:max]
		for i := 0; i < utf8.UTFMax-1 && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1] // do not split the last character
		}
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if cut {
		s += fmt.Sprintf("… (%d bytes shown)", len(b))
	}
	return s
}
