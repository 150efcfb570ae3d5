package contract

import (
	"context"
	"net/http"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// authChecks: 401 for no key and for a wrong key, 403 for an inactive key,
// on all six operations; 403 for another firm's campaign on the five that
// name one; and authentication decided before validation (DEC-1).
func authChecks() []Check {
	var out []Check
	for _, op := range Operations {
		op := op
		out = append(out,
			Check{ID: "auth.no-key." + op, Operation: op, Title: "a request without x-cybernet-api-key gets 401",
				Rule: Doc(docAuth + " " + doc401),
				Run: func(ctx context.Context, t *T) {
					ex, err := t.probeOf(ctx, op)(ctx, t.As(""))
					t.Status(ex, err, "without a key", http.StatusUnauthorized)
				}},
			Check{ID: "auth.wrong-key." + op, Operation: op, Title: "a request with an unknown key gets 401",
				Rule: Doc(docAuth + " " + doc401),
				Run: func(ctx context.Context, t *T) {
					ex, err := t.probeOf(ctx, op)(ctx, t.As(t.env.keys.wrong))
					t.Status(ex, err, "with an unknown key", http.StatusUnauthorized)
				}},
			Check{ID: "auth.inactive-key." + op, Operation: op, Title: "a request with an inactive key gets 403",
				Rule: Doc(docAuth + " " + doc403), Needs: []Fixture{FixtureInactiveKey},
				Run: func(ctx context.Context, t *T) {
					ex, err := t.probeOf(ctx, op)(ctx, t.As(t.env.keys.inactive))
					t.Status(ex, err, "with an inactive key", http.StatusForbidden)
				}},
		)
		if op == api.OpCreateCampaign {
			continue
		}
		out = append(out, Check{ID: "auth.other-firm." + op, Operation: op, Title: "another firm's key on our campaign gets 403",
			Rule: Doc(doc403), Needs: []Fixture{FixtureOtherFirmKey},
			Run: func(ctx context.Context, t *T) {
				ex, err := t.probeOf(ctx, op)(ctx, t.As(t.env.keys.otherFirm))
				t.Status(ex, err, "with another firm's key", http.StatusForbidden)
			}})
	}
	return append(out,
		Check{ID: "auth.before-validation.createCampaign", Operation: api.OpCreateCampaign,
			Title: "no key and a malformed body is 401, not 422",
			Rule:  Dec("DEC-1", "Auth is decided before anything else: a bad key with a bad body is still 401."),
			Run: func(ctx context.Context, t *T) {
				ex, err := raw(ctx, t.As(""), http.MethodPost, api.RouteCreateCampaign, nil, []byte(`{"call_campaign_name": 7`))
				t.Status(ex, err, "no key, malformed body", http.StatusUnauthorized)
			}},
		Check{ID: "auth.before-validation.appendPhoneNumbers", Operation: api.OpAppendCalls,
			Title: "another firm's campaign with an invalid body is 403, not 422",
			Rule:  Dec("DEC-1", "Another firm's campaign with a bad body is still 403."), Needs: []Fixture{FixtureOtherFirmKey},
			Run: func(ctx context.Context, t *T) {
				id, _ := t.QuietCampaign(ctx, 1)
				ex, err := raw(ctx, t.As(t.env.keys.otherFirm), http.MethodPut, client.CampaignPath(id, "phone-number"), nil,
					[]byte(`{"call_records":[{"phone_number":"not a number"}]}`))
				t.Status(ex, err, "another firm, invalid body", http.StatusForbidden)
			}},
	)
}
