package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// Kinds of generated inputs.
const (
	validInput   = "valid"   // valid under openapi.yaml: must be accepted
	invalidDoc   = "invalid" // breaks the documented parts: must get a 4xx
	invalidDec   = "invalid-dec"
	invalidAny   = "invalid-any" // breaks openapi.yaml anywhere: must get a 4xx
	paramsTarget = 5             // calls of the campaign the parameter properties list
)

// property is one family of generated inputs of an operation.
type property struct {
	op      string
	kind    string
	body    bool // the input is the body; else the query
	valid   func(g *gen) map[string]any
	mutants []mutation
}

func generatedChecks() []Check {
	props := []struct {
		id   string
		p    property
		rule Rule
	}{
		{"gen.create.valid", property{op: api.OpCreateCampaign, kind: validInput, body: true, valid: (*gen).createBody},
			Doc(docCreate + " (bodies generated from the documented fields and types must be accepted: 201)")},
		{"gen.create.invalid", property{op: api.OpCreateCampaign, kind: invalidDoc, body: true, valid: (*gen).createBody, mutants: createMutations},
			Doc(docCreate + " (a body that breaks the documented fields, types or required marks is not accepted: 4xx)")},
		{"gen.create.invalid-dec", property{op: api.OpCreateCampaign, kind: invalidDec, body: true, valid: (*gen).createBody, mutants: createMutations},
			Dec("DEC-3", "Validation errors of body, path and query → 422 (the bounds and formats of openapi.yaml).")},
		{"gen.append.valid", property{op: api.OpAppendCalls, kind: validInput, body: true, valid: (*gen).appendBody},
			Doc(docAppend + " (generated valid records must be accepted: 200)")},
		{"gen.append.invalid", property{op: api.OpAppendCalls, kind: invalidDoc, body: true, valid: (*gen).appendBody, mutants: appendMutations},
			Doc(docAppend + " (records that break the documented fields or types are not accepted: 4xx, nothing added)")},
		{"gen.append.invalid-dec", property{op: api.OpAppendCalls, kind: invalidDec, body: true, valid: (*gen).appendBody, mutants: appendMutations},
			Dec("DEC-3", "Validation errors of body, path and query → 422; a rejected request changes no state.")},
		{"gen.list.params", property{op: api.OpListCalls, kind: validInput, valid: func(g *gen) map[string]any { return g.queryParams(false) }},
			Doc(docListPage + " " + docListSize)},
		{"gen.list.params-invalid", property{op: api.OpListCalls, kind: invalidAny, valid: func(g *gen) map[string]any { return g.queryParams(false) }, mutants: paramMutations},
			Dec("DEC-30", "Out of range or not an integer → 422 (not clamped).")},
		{"gen.details.params", property{op: api.OpDetails, kind: validInput, valid: func(g *gen) map[string]any { return g.queryParams(true) }},
			Doc(docDetails + " " + docDetailsPage + " " + docDetailsSize)},
		{"gen.details.params-invalid", property{op: api.OpDetails, kind: invalidAny, valid: func(g *gen) map[string]any { return g.queryParams(true) }, mutants: detailsMutations},
			Dec("DEC-30", "page ≥ 1, size 1–100; out of range or not an integer → 422; filters of the wrong form → 422 (DEC-3).")},
	}
	out := make([]Check, len(props))
	for i, pr := range props {
		p := pr.p
		out[i] = Check{ID: pr.id, Operation: p.op, Rule: pr.rule,
			Title: fmt.Sprintf("generated %s inputs of %s (--examples, --seed), shrunk when they fail", p.kind, p.op),
			Run:   func(ctx context.Context, t *T) { t.runProperty(ctx, p) }}
	}
	return out
}

// example is one generated input, ready to send.
type example struct {
	seed  int64
	label string
	value any
}

// runProperty draws --examples inputs, each from its own seed (the run's seed
// plus its index, so that --seed S --examples 1 reproduces it), sends them
// and shrinks the first that the target mishandles.
func (t *T) runProperty(ctx context.Context, p property) {
	campaign := ""
	if p.op != api.OpCreateCampaign {
		campaign, _ = t.QuietCampaign(ctx, paramsTarget)
	}
	start, _ := t.quietWindow(ctx)
	tried := 0
	for i := 0; i < t.env.opts.Examples; i++ {
		t.ctxDone(ctx)
		seed := t.env.opts.Seed + int64(i)
		ex, ok := t.draw(ctx, p, campaign, newGen(seed, t.Phone, start), seed)
		if !ok {
			continue
		}
		tried++
		if bad, why := t.sendExample(ctx, p, campaign, ex.value); bad != nil {
			t.reportExample(ctx, p, campaign, ex, bad, why)
			return
		}
	}
	if tried == 0 {
		t.Skipf("no generated %s input of %s in %d examples", p.kind, p.op, t.env.opts.Examples)
	}
}

// draw makes one input of the property's kind, confirmed by the validators:
// a valid one must pass the full document; an invalid one must break it (and,
// for invalidDoc, break the relaxed document too; for invalidDec, only the full one).
func (t *T) draw(ctx context.Context, p property, campaign string, g *gen, seed int64) (example, bool) {
	base := p.valid(g)
	if p.kind == validInput {
		return example{seed, "valid", any(base)}, t.inKind(ctx, p, campaign, base, validInput)
	}
	order := g.r.Perm(len(p.mutants))
	for _, i := range order {
		m := p.mutants[i]
		v := m.apply(g, base)
		if t.inKind(ctx, p, campaign, v, p.kind) {
			return example{seed, m.name, v}, true
		}
	}
	return example{}, false
}

// inKind asks the validators whether v is an input of kind.
func (t *T) inKind(ctx context.Context, p property, campaign string, v any, kind string) bool {
	strict := t.validate(ctx, p, campaign, v, t.env.conf.strict.ValidateRequest)
	switch kind {
	case validInput:
		return strict
	case invalidDoc:
		return !strict && !t.validate(ctx, p, campaign, v, t.env.conf.relaxed.ValidateRequest)
	case invalidAny:
		return !strict
	}
	return !strict && t.validate(ctx, p, campaign, v, t.env.conf.relaxed.ValidateRequest)
}

type requestValidator func(context.Context, *http.Request, []byte) []api.FieldError

func (t *T) validate(ctx context.Context, p property, campaign string, v any, validate requestValidator) bool {
	method, path, q, body := p.request(campaign, v)
	r, err := http.NewRequestWithContext(ctx, method, t.env.target+path+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return false
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	return len(validate(ctx, r, body)) == 0
}

// request is the HTTP form of an input.
func (p property) request(campaign string, v any) (method, path string, q url.Values, body []byte) {
	q = url.Values{}
	switch p.op {
	case api.OpCreateCampaign:
		method, path = http.MethodPost, api.RouteCreateCampaign
	case api.OpAppendCalls:
		method, path = http.MethodPut, client.CampaignPath(campaign, "phone-number")
	case api.OpListCalls:
		method, path = http.MethodGet, client.CampaignPath(campaign, "calls")
	default:
		method, path = http.MethodGet, client.CampaignPath(campaign, "details")
	}
	if p.body {
		body, _ = json.Marshal(v)
		return method, path, q, body
	}
	m, _ := v.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		q.Set(k, fmt.Sprint(m[k]))
	}
	return method, path, q, nil
}

// sendExample sends v and returns the exchange when the target mishandled it.
func (t *T) sendExample(ctx context.Context, p property, campaign string, v any) (*client.Exchange, string) {
	method, path, q, body := p.request(campaign, v)
	var before int
	if p.op == api.OpAppendCalls && p.kind != validInput {
		_, before = t.Calls(ctx, campaign)
	}
	ex, err := t.API().Do(ctx, client.Request{Method: method, Path: path, Query: q, Body: body})
	if ex == nil {
		t.Brokenf(nil, "send a generated input: %v", err)
	}
	switch {
	case p.kind == validInput && (ex.Status < 200 || ex.Status > 299):
		return ex, fmt.Sprintf("a valid input got %d", ex.Status)
	case p.kind != validInput && (ex.Status < 400 || ex.Status > 499):
		return ex, fmt.Sprintf("an invalid input got %d, want a 4xx", ex.Status)
	case p.kind == validInput && !p.body:
		if why := pageTooLarge(ex.Body, v); why != "" {
			return ex, why
		}
	}
	if p.op == api.OpAppendCalls && p.kind != validInput {
		if _, after := t.Calls(ctx, campaign); after != before {
			return ex, fmt.Sprintf("a rejected append changed the campaign: %d calls before, %d after", before, after)
		}
	}
	return nil, ""
}

// pageTooLarge says whether a listing holds more items than the size asked (or its default).
func pageTooLarge(body []byte, v any) string {
	m, _ := v.(map[string]any)
	size := 10
	var page struct {
		Calls []json.RawMessage `json:"calls"`
		Items []json.RawMessage `json:"items"`
	}
	if json.Unmarshal(body, &page) != nil {
		return ""
	}
	if page.Calls != nil {
		size = 50
	}
	if s, ok := m["size"].(string); ok {
		fmt.Sscan(s, &size)
	}
	if n := len(page.Calls) + len(page.Items); n > size {
		return fmt.Sprintf("a page of size %d holds %d items", size, n)
	}
	return ""
}

// reportExample shrinks a mishandled input to a minimal one of the same
// kind that is still mishandled, and records it with its seed.
func (t *T) reportExample(ctx context.Context, p property, campaign string, ex example, bad *client.Exchange, why string) {
	last, lastWhy := bad, why
	smallest, tries := shrink(ex.value, func(c any) bool {
		if !t.inKind(ctx, p, campaign, c, p.kind) {
			return false
		}
		got, w := t.sendExample(ctx, p, campaign, c)
		if got != nil {
			last, lastWhy = got, w
		}
		return got != nil
	})
	msg := fmt.Sprintf("%s (%s; shrunk in %d tries; reproduce with --seed %d --examples 1 --only %s)", lastWhy, ex.label, tries, ex.seed, t.ID())
	t.failures = append(t.failures, Failure{Message: msg, Rule: t.check.Rule, Exchange: record(last), Seed: ex.seed, Input: compact(smallest)})
}
