// Package client is a typed HTTP client of the Call Campaigns API and of the
// mock's admin API. The contract suite and the load scenarios use it for
// everything that is not the attack itself. Every call returns the raw
// exchange too, so a check can look at status, headers and bytes, and a
// report can print a curl command that reproduces it.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/callharness/callharness/api"
)

// MaxBody bounds how much of a response body is read.
const MaxBody = 32 << 20

// Client speaks the Call Campaigns API with one API key.
type Client struct {
	base string
	key  string
	http *http.Client
}

// New returns a client of the API at baseURL (scheme, host and optional path
// prefix) that sends key in x-cybernet-api-key. hc nil means a client with a
// 30 s timeout.
func New(baseURL, key string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), key: key, http: hc}
}

// WithKey returns a copy of c that sends another key; "" sends none.
func (c *Client) WithKey(key string) *Client {
	cp := *c
	cp.key = key
	return &cp
}

// BaseURL returns the target's base URL.
func (c *Client) BaseURL() string { return c.base }

// Exchange is one request and its response, as sent and received.
type Exchange struct {
	Method      string
	URL         string
	ReqHeader   http.Header
	ReqBody     []byte
	Status      int
	Header      http.Header
	Body        []byte
	Duration    time.Duration
	KeyRedacted bool // the request carried an API key, left out of Curl
}

// StatusError is returned by the typed calls when the answer is not the
// operation's success code. The exchange is in it.
type StatusError struct{ Exchange *Exchange }

func (e *StatusError) Error() string {
	body := e.Exchange.Body
	if len(body) > 300 {
		body = body[:300]
	}
	return fmt.Sprintf("%s %s: status %d: %s", e.Exchange.Method, e.Exchange.URL, e.Exchange.Status, bytes.TrimSpace(body))
}

// Request describes a raw request relative to the base URL.
type Request struct {
	Method string
	Path   string // already escaped, e.g. "/api/v1/call-campaign/…/calls"
	Query  url.Values
	Body   []byte
	Header http.Header // extra headers; Content-Type defaults to application/json when Body is set
	NoKey  bool        // send no API key header at all
}

// Do sends a raw request and returns the exchange. The error is only for
// transport failures; any status code is a successful exchange.
func (c *Client) Do(ctx context.Context, r Request) (*Exchange, error) {
	u := c.base + r.Path
	if len(r.Query) > 0 {
		u += "?" + r.Query.Encode()
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u, body)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", r.Method, r.Path, err)
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if r.Body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if !r.NoKey && req.Header.Get(api.HeaderAPIKey) == "" && c.key != "" {
		req.Header.Set(api.HeaderAPIKey, c.key)
	}
	ex := &Exchange{Method: r.Method, URL: u, ReqHeader: req.Header.Clone(), ReqBody: r.Body}
	if ex.ReqHeader.Get(api.HeaderAPIKey) != "" {
		ex.KeyRedacted = true
		ex.ReqHeader.Set(api.HeaderAPIKey, "${CALLHARNESS_API_KEY}")
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.Method, u, err)
	}
	defer resp.Body.Close()
	ex.Body, err = io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	ex.Duration = time.Since(start)
	ex.Status = resp.StatusCode
	ex.Header = resp.Header
	if err != nil {
		return ex, fmt.Errorf("%s %s: read body: %w", r.Method, u, err)
	}
	return ex, nil
}

// Curl returns a shell command that sends the same request again. The API
// key is never written out: the command reads it from $CALLHARNESS_API_KEY.
func (e *Exchange) Curl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -i -X %s %s", e.Method, shellQuote(e.URL))
	keys := make([]string, 0, len(e.ReqHeader))
	for k := range e.ReqHeader {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range e.ReqHeader[k] {
			if strings.EqualFold(k, api.HeaderAPIKey) || strings.EqualFold(k, api.HeaderAdminToken) {
				env := "CALLHARNESS_API_KEY"
				if strings.EqualFold(k, api.HeaderAdminToken) {
					env = "CALLHARNESS_ADMIN_TOKEN"
				}
				fmt.Fprintf(&b, " -H \"%s: ${%s}\"", strings.ToLower(k), env)
				continue
			}
			fmt.Fprintf(&b, " -H %s", shellQuote(k+": "+v))
		}
	}
	if e.ReqBody != nil {
		body := e.ReqBody
		if len(body) > 4096 {
			return b.String() + " --data-binary @body.json  # body of " + strconv.Itoa(len(body)) + " bytes not shown"
		}
		fmt.Fprintf(&b, " --data-binary %s", shellQuote(string(body)))
	}
	return b.String()
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// call sends r and decodes a success body into out when the status is want.
func (c *Client) call(ctx context.Context, r Request, want int, out any) (*Exchange, error) {
	ex, err := c.Do(ctx, r)
	if err != nil {
		return ex, err
	}
	if ex.Status != want {
		return ex, &StatusError{Exchange: ex}
	}
	if out != nil {
		if err := json.Unmarshal(ex.Body, out); err != nil {
			return ex, fmt.Errorf("%s %s: decode %d body: %w", r.Method, ex.URL, ex.Status, err)
		}
	}
	return ex, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("client: marshal %T: %v", v, err)) // only wire types reach here
	}
	return b
}

// CampaignPath returns the path of a campaign's sub-resource, escaping ids.
func CampaignPath(campaign string, parts ...string) string {
	p := api.RouteCreateCampaign + "/" + url.PathEscape(campaign)
	for _, s := range parts {
		p += "/" + url.PathEscape(s)
	}
	return p
}

// CreateCampaign creates a campaign (201).
func (c *Client) CreateCampaign(ctx context.Context, req api.CreateCampaignRequest) (api.CreateCampaignResponse, *Exchange, error) {
	var out api.CreateCampaignResponse
	ex, err := c.call(ctx, Request{Method: http.MethodPost, Path: api.RouteCreateCampaign, Body: mustJSON(req)}, http.StatusCreated, &out)
	return out, ex, err
}

// AppendCalls adds call records to a campaign (200).
func (c *Client) AppendCalls(ctx context.Context, campaign string, recs []api.CallRecord) (api.AppendCallsResponse, *Exchange, error) {
	var out api.AppendCallsResponse
	body := mustJSON(api.AppendCallsRequest{CallRecords: recs})
	ex, err := c.call(ctx, Request{Method: http.MethodPut, Path: CampaignPath(campaign, "phone-number"), Body: body}, http.StatusOK, &out)
	return out, ex, err
}

// Page selects a page; zero fields are left out of the query so the
// documented defaults apply.
type Page struct{ Page, Size int }

func (p Page) query() url.Values {
	q := url.Values{}
	if p.Page != 0 {
		q.Set("page", strconv.Itoa(p.Page))
	}
	if p.Size != 0 {
		q.Set("size", strconv.Itoa(p.Size))
	}
	return q
}

// ListCalls lists one page of a campaign's calls (200).
func (c *Client) ListCalls(ctx context.Context, campaign string, p Page) (api.CallList, *Exchange, error) {
	var out api.CallList
	ex, err := c.call(ctx, Request{Method: http.MethodGet, Path: CampaignPath(campaign, "calls"), Query: p.query()}, http.StatusOK, &out)
	return out, ex, err
}

// DeleteCall deletes one call (200).
func (c *Client) DeleteCall(ctx context.Context, campaign, call string) (api.DeleteCallResponse, *Exchange, error) {
	var out api.DeleteCallResponse
	ex, err := c.call(ctx, Request{Method: http.MethodDelete, Path: CampaignPath(campaign, "call", call)}, http.StatusOK, &out)
	return out, ex, err
}

// DeleteByPhone deletes every call of a phone number (200). It accepts the
// DEC-29 object and, as the documentation allows, a bare array of uuids.
func (c *Client) DeleteByPhone(ctx context.Context, campaign, phone string) (api.DeleteByPhoneResponse, *Exchange, error) {
	var out api.DeleteByPhoneResponse
	ex, err := c.call(ctx, Request{Method: http.MethodDelete, Path: CampaignPath(campaign, "phone-number", phone)}, http.StatusOK, nil)
	if err != nil {
		return out, ex, err
	}
	if err := DecodeDeleted(ex.Body, &out.Deleted); err != nil {
		return out, ex, fmt.Errorf("DELETE %s: decode 200 body: %w", ex.URL, err)
	}
	return out, ex, nil
}

// DecodeDeleted reads the uuids of a delete-by-phone answer, either
// {"deleted": [...]} (DEC-29) or a bare JSON array.
func DecodeDeleted(body []byte, into *[]string) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return json.Unmarshal(trimmed, into)
	}
	var obj api.DeleteByPhoneResponse
	if err := json.Unmarshal(trimmed, &obj); err != nil {
		return err
	}
	if obj.Deleted == nil {
		return fmt.Errorf("no \"deleted\" list in the answer")
	}
	*into = obj.Deleted
	return nil
}

// DetailsQuery selects a page of call events; empty filters are left out.
type DetailsQuery struct {
	Page
	Date        string
	CallStatus  string
	CallUUID    string
	PhoneNumber string
}

// Query returns the URL query of q.
func (q DetailsQuery) Query() url.Values {
	v := q.Page.query()
	for k, s := range map[string]string{"date": q.Date, "call_status": q.CallStatus, "call_uuid": q.CallUUID, "phone_number": q.PhoneNumber} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// Details reads one page of a campaign's details (200).
func (c *Client) Details(ctx context.Context, campaign string, q DetailsQuery) (api.CampaignDetails, *Exchange, error) {
	var out api.CampaignDetails
	ex, err := c.call(ctx, Request{Method: http.MethodGet, Path: CampaignPath(campaign, "details"), Query: q.Query()}, http.StatusOK, &out)
	return out, ex, err
}

// AllCalls walks every page of a campaign's calls at the given size and
// returns them in order, with the total of the last page. It stops after
// maxPages pages so a broken target cannot loop it forever.
func (c *Client) AllCalls(ctx context.Context, campaign string, size, maxPages int) ([]api.Call, int, error) {
	var all []api.Call
	total := 0
	for p := 1; p <= maxPages; p++ {
		page, _, err := c.ListCalls(ctx, campaign, Page{Page: p, Size: size})
		if err != nil {
			return all, total, err
		}
		total = page.Total
		all = append(all, page.Calls...)
		if len(page.Calls) == 0 || len(all) >= total {
			return all, total, nil
		}
	}
	return all, total, fmt.Errorf("campaign %s: more than %d pages of %d calls", campaign, maxPages, size)
}

// AllEvents walks every page of a campaign's details matching q (its Page is
// ignored) and returns the events, the details of the first page and the total.
func (c *Client) AllEvents(ctx context.Context, campaign string, q DetailsQuery, size, maxPages int) ([]api.CallEvent, api.CampaignDetails, error) {
	var all []api.CallEvent
	var first api.CampaignDetails
	for p := 1; p <= maxPages; p++ {
		q.Page = Page{Page: p, Size: size}
		d, _, err := c.Details(ctx, campaign, q)
		if err != nil {
			return all, first, err
		}
		if p == 1 {
			first = d
		}
		first.Total = d.Total
		all = append(all, d.Items...)
		if len(d.Items) == 0 || len(all) >= d.Total {
			return all, first, nil
		}
	}
	return all, first, fmt.Errorf("campaign %s: more than %d pages of %d events", campaign, maxPages, size)
}
