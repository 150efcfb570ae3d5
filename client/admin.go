package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/callharness/callharness/api"
)

// Admin speaks the mock's admin API under /_mock/. Only our mock has it.
type Admin struct {
	c *Client
}

// NewAdmin returns a client of the admin API at baseURL with the given token.
func NewAdmin(baseURL, token string, hc *http.Client) *Admin {
	// The inner client keeps the token in its key field; admin requests
	// send it as x-mock-admin-token and never as an API key.
	return &Admin{c: New(baseURL, token, hc)}
}

// adminCall sends an admin request with the token and decodes the answer.
func (a *Admin) adminCall(ctx context.Context, method, path string, in any, want int, out any) (*Exchange, error) {
	r := Request{Method: method, Path: path, Header: http.Header{api.HeaderAdminToken: []string{a.c.key}}, NoKey: true}
	if in != nil {
		r.Body = mustJSON(in)
	}
	return a.c.call(ctx, r, want, out)
}

// WithToken returns a copy of a that sends another token.
func (a *Admin) WithToken(token string) *Admin {
	return &Admin{c: a.c.WithKey(token)}
}

// Reset clears the mock's campaigns, journal and faults.
func (a *Admin) Reset(ctx context.Context) error {
	_, err := a.adminCall(ctx, http.MethodPost, api.AdminReset, nil, http.StatusOK, nil)
	return err
}

// Clock reads the mock's clock.
func (a *Admin) Clock(ctx context.Context) (api.ClockState, error) {
	var out api.ClockState
	_, err := a.adminCall(ctx, http.MethodGet, api.AdminClock, nil, http.StatusOK, &out)
	return out, err
}

// Advance moves the mock's clock forward by d; the dialer has caught up when it returns.
func (a *Admin) Advance(ctx context.Context, d time.Duration) (api.ClockState, error) {
	var out api.ClockState
	_, err := a.adminCall(ctx, http.MethodPost, api.AdminAdvance, api.AdvanceClock{By: d.String()}, http.StatusOK, &out)
	return out, err
}

// SetClock moves the mock's clock to t.
func (a *Admin) SetClock(ctx context.Context, t time.Time) (api.ClockState, error) {
	var out api.ClockState
	_, err := a.adminCall(ctx, http.MethodPost, api.AdminSetClock, api.SetClock{Now: t.UTC().Format(time.RFC3339Nano)}, http.StatusOK, &out)
	return out, err
}

func campaignAdminPath(tmpl, campaign string) string {
	return strings.Replace(tmpl, "{call_campaign_uuid}", url.PathEscape(campaign), 1)
}

// Cancel cancels a campaign (DEC-14).
func (a *Admin) Cancel(ctx context.Context, campaign string) (api.CampaignState, error) {
	var out api.CampaignState
	_, err := a.adminCall(ctx, http.MethodPost, campaignAdminPath(api.AdminCancel, campaign), nil, http.StatusOK, &out)
	return out, err
}

// Fail fails a campaign (DEC-14).
func (a *Admin) Fail(ctx context.Context, campaign string) (api.CampaignState, error) {
	var out api.CampaignState
	_, err := a.adminCall(ctx, http.MethodPost, campaignAdminPath(api.AdminFail, campaign), nil, http.StatusOK, &out)
	return out, err
}

// SetFaults replaces the mock's fault rules.
func (a *Admin) SetFaults(ctx context.Context, f api.Faults) error {
	_, err := a.adminCall(ctx, http.MethodPut, api.AdminFaults, f, http.StatusOK, nil)
	return err
}

// ClearFaults removes every fault rule.
func (a *Admin) ClearFaults(ctx context.Context) error {
	_, err := a.adminCall(ctx, http.MethodDelete, api.AdminFaults, nil, http.StatusOK, nil)
	return err
}

// Requests reads the newest entries of the mock's request journal.
func (a *Admin) Requests(ctx context.Context, limit int) ([]api.JournalEntry, error) {
	var out []api.JournalEntry
	r := Request{Method: http.MethodGet, Path: api.AdminRequests, Query: url.Values{"limit": {strconv.Itoa(limit)}},
		Header: http.Header{api.HeaderAdminToken: []string{a.c.key}}, NoKey: true}
	_, err := a.c.call(ctx, r, http.StatusOK, &out)
	return out, err
}

// AddKey registers an API key with the mock.
func (a *Admin) AddKey(ctx context.Context, k api.APIKey) error {
	_, err := a.adminCall(ctx, http.MethodPost, api.AdminKeys, k, http.StatusCreated, nil)
	return err
}

// AddFirm adds (or renames) a firm of the mock, so that keys can be added to it.
func (a *Admin) AddFirm(ctx context.Context, f api.Firm) error {
	ex, err := a.adminCall(ctx, http.MethodPost, api.AdminFirms, f, http.StatusCreated, nil)
	if ex != nil && ex.Status == http.StatusOK {
		return nil // the firm was there already and is renamed
	}
	return err
}
