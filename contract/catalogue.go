package contract

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// Catalogue is every check of the suite, in the order a run runs them: per
// operation, then the generated inputs, then the whole-run checks, which
// judge every exchange the others made.
func Catalogue() []Check {
	var all []Check
	for _, part := range [][]Check{authChecks(), createChecks(), appendChecks(), listChecks(), deleteCallChecks(),
		deleteByPhoneChecks(), detailsChecks(), dialerChecks(), lifecycleChecks(), generatedChecks(), runChecks()} {
		all = append(all, part...)
	}
	return all
}

// Sentences of the documentation that several checks quote.
const (
	docAuth        = "All call campaign endpoints require API Key authentication via the x-cybernet-api-key header."
	doc401         = "Errors: 401 No/invalid API key"
	doc403         = "Errors: 403 Key inactive or wrong firm"
	docCreate      = "Create a new outbound calling campaign."
	docCreated     = "Response 201 Created"
	docAppend      = "Add additional call records to an existing campaign."
	docProcessing  = "The campaign status changes to PROCESSING after this operation."
	docAppend400   = "Errors: 400 Bad Request Campaign status is COMPLETED, FAILED, or CANCELED"
	docList        = "Retrieve paginated list of calls in a campaign."
	docListSize    = `size integer default:"50" Items per page (max 100).`
	docListPage    = `page integer default:"1" Page number.`
	docList404     = "Errors: 404 Campaign not found"
	docDelete      = "Remove a specific call from a campaign. Only calls with PENDING status can be deleted."
	docDelete409   = "If the call is already in progress, a 409 is returned but future retry attempts are cancelled."
	docDelete404   = "Errors: 404 Call or campaign not found"
	docByPhone     = "Remove all calls for a specific phone number from a campaign."
	docByPhone200  = "Response 200 OK Returns a list of deleted call UUIDs."
	docByPhone409  = "All calls must be in PENDING status; if any call is in progress, a 409 is returned."
	docByPhone404  = "Errors: 404 Phone number or campaign not found"
	docByPhone422  = "Errors: 422 Invalid phone number format"
	docDetails     = "Retrieve detailed information about a campaign with optional filters for date, status, call UUID, and phone number."
	docDetailsSize = `size integer default:"10" Items per page (min: 1, max: 100).`
	docDetailsPage = `page integer default:"1" Page number (min: 1).`
)

// raw sends a request of op's shape with c.
func raw(ctx context.Context, c *client.Client, method, path string, q url.Values, body any) (*client.Exchange, error) {
	r := client.Request{Method: method, Path: path, Query: q}
	if body != nil {
		switch b := body.(type) {
		case []byte:
			r.Body = b
		default:
			data, err := json.Marshal(b)
			if err != nil {
				return nil, err
			}
			r.Body = data
		}
	}
	return c.Do(ctx, r)
}

// probe sends one valid request of an operation with the given client.
type probe func(ctx context.Context, c *client.Client) (*client.Exchange, error)

// probeOf arranges what a valid request of op needs (a campaign of the
// run's firm with a pending call) and returns a probe of it.
func (t *T) probeOf(ctx context.Context, op string) probe {
	if op == api.OpCreateCampaign {
		req := t.NewCampaign(ctx, t.Records(1))
		return func(ctx context.Context, c *client.Client) (*client.Exchange, error) {
			return raw(ctx, c, http.MethodPost, api.RouteCreateCampaign, nil, req)
		}
	}
	id, recs := t.QuietCampaign(ctx, 1)
	switch op {
	case api.OpAppendCalls:
		body := api.AppendCallsRequest{CallRecords: t.Records(1)}
		return func(ctx context.Context, c *client.Client) (*client.Exchange, error) {
			return raw(ctx, c, http.MethodPut, client.CampaignPath(id, "phone-number"), nil, body)
		}
	case api.OpListCalls:
		return func(ctx context.Context, c *client.Client) (*client.Exchange, error) {
			return raw(ctx, c, http.MethodGet, client.CampaignPath(id, "calls"), nil, nil)
		}
	case api.OpDeleteCall:
		calls, _ := t.Calls(ctx, id)
		if len(calls) == 0 {
			t.Brokenf(nil, "a created campaign of one record lists no call")
		}
		return func(ctx context.Context, c *client.Client) (*client.Exchange, error) {
			return raw(ctx, c, http.MethodDelete, client.CampaignPath(id, "call", calls[0].UUID), nil, nil)
		}
	case api.OpDeleteByPhone:
		return func(ctx context.Context, c *client.Client) (*client.Exchange, error) {
			return raw(ctx, c, http.MethodDelete, client.CampaignPath(id, "phone-number", recs[0].PhoneNumber), nil, nil)
		}
	}
	return func(ctx context.Context, c *client.Client) (*client.Exchange, error) {
		return raw(ctx, c, http.MethodGet, client.CampaignPath(id, "details"), nil, nil)
	}
}

func decodeJSON(b []byte, v any) error { return json.Unmarshal(b, v) }
