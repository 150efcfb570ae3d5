package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/spec"
)

// Rules of the conformance judgement that every response gets.
var (
	ruleNo5xx  = Doc("No operation of the documentation answers a 5xx: an implementation must never send one.")
	ruleStatus = Doc("Each operation answers only the status codes of openapi.yaml " +
		"(the documented ones, and those the DEC rules of docs/rules.md add).")
	ruleSchema    = Doc("Responses have the shape the documentation shows (openapi.yaml, DEC parts relaxed).")
	ruleErrorJSON = Doc("Error answers are JSON (the documented profile checks the code and that the body is JSON).")
	ruleProblem   = Dec("DEC-4", "Error body: application/problem+json with type, title, status, detail, and for 422 an errors array of {loc, msg, type}.")
	ruleByPhone   = Dec("DEC-29", `The delete-by-phone answer is {"deleted": ["<uuid>", …]}; the documented profile accepts a bare array too.`)
)

// violation is one way a response breaks openapi.yaml, with the rule.
type violation struct {
	Rule Rule
	Msg  string
}

// conformance judges responses against openapi.yaml: the full document for
// the strict parts and a relaxed one (relax.go) for the documented parts.
type conformance struct {
	strict  *spec.Validator
	relaxed *spec.Validator
	// statuses are the status codes each operation documents.
	statuses map[string]map[int]bool

	mu  sync.Mutex
	one map[string]*spec.Validator // relaxed for one DEC rule only, built on demand
}

func newConformance() (*conformance, error) {
	strict, err := spec.NewDefault()
	if err != nil {
		return nil, err
	}
	relaxed, err := relaxedValidator()
	if err != nil {
		return nil, err
	}
	c := &conformance{strict: strict, relaxed: relaxed, statuses: map[string]map[int]bool{}, one: map[string]*spec.Validator{}}
	for _, item := range strict.Doc().Paths.Map() {
		for _, op := range item.Operations() {
			codes := map[int]bool{}
			for code := range op.Responses.Map() {
				var n int
				if _, err := fmt.Sscanf(code, "%d", &n); err == nil {
					codes[n] = true
				}
			}
			c.statuses[op.OperationID] = codes
		}
	}
	return c, nil
}

// operation is the operation id of a request, "" when it is not one of the six.
func (c *conformance) operation(r *http.Request) string {
	route, err := c.strict.FindRoute(r)
	if err != nil {
		return ""
	}
	return route.OperationID
}

// documented lists the status codes of op, ascending.
func (c *conformance) documented(op string) []int {
	var out []int
	for code := range c.statuses[op] {
		out = append(out, code)
	}
	sort.Ints(out)
	return out
}

// judge returns every way the response breaks the contract.
func (c *conformance) judge(ctx context.Context, r *http.Request, op string, status int, h http.Header, body []byte) []violation {
	if op == "" {
		return nil // not one of the six operations: nothing to hold it to
	}
	switch {
	case status >= 500:
		return []violation{{ruleNo5xx, fmt.Sprintf("server error %d from %s", status, op)}}
	case !c.statuses[op][status]:
		return []violation{{ruleStatus, fmt.Sprintf("status %d is not documented for %s (documented: %v)", status, op, c.documented(op))}}
	case status >= 400:
		return c.judgeError(ctx, r, status, h, body)
	}
	return c.judgeSuccess(ctx, r, op, status, h, body)
}

func (c *conformance) judgeError(ctx context.Context, r *http.Request, status int, h http.Header, body []byte) []violation {
	if !isJSONType(h.Get("Content-Type")) || !json.Valid(body) {
		return []violation{{ruleErrorJSON, fmt.Sprintf("error %d is not JSON: Content-Type %q, body %s", status, h.Get("Content-Type"), excerpt(body, 80))}}
	}
	if err := c.strict.ValidateResponse(ctx, r, status, h, body); err != nil {
		return []violation{{ruleProblem, problems(err)}}
	}
	return nil
}

func (c *conformance) judgeSuccess(ctx context.Context, r *http.Request, op string, status int, h http.Header, body []byte) []violation {
	err := c.strict.ValidateResponse(ctx, r, status, h, body)
	if err == nil {
		return nil
	}
	if op == api.OpDeleteByPhone && status == http.StatusOK && isJSONType(h.Get("Content-Type")) {
		var ids []string
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) && json.Unmarshal(body, &ids) == nil {
			return []violation{{ruleByPhone, "the answer is a bare array: " + problems(err)}}
		}
	}
	if rerr := c.relaxed.ValidateResponse(ctx, r, status, h, body); rerr != nil {
		return []violation{{ruleSchema, problems(rerr)}}
	}
	return []violation{{c.culprit(ctx, r, status, h, body), problems(err)}}
}

// culprit finds the DEC rule whose relaxation alone makes the response valid.
func (c *conformance) culprit(ctx context.Context, r *http.Request, status int, h http.Header, body []byte) Rule {
	for _, rule := range relaxationRules() {
		v := c.relaxedFor(rule)
		if v != nil && v.ValidateResponse(ctx, r, status, h, body) == nil {
			return Dec(rule, "openapi.yaml, in a part that rests on "+rule+" (docs/rules.md)")
		}
	}
	return Dec("DEC-*", "openapi.yaml, in parts that rest on several DEC rules (docs/rules.md)")
}

func (c *conformance) relaxedFor(rule string) *spec.Validator {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.one[rule]; ok {
		return v
	}
	v, err := relaxedValidator(rule)
	if err != nil {
		v = nil
	}
	c.one[rule] = v
	return v
}

// problems is the one-line description of a validation error.
func problems(err error) string {
	var re *spec.ResponseError
	if errors.As(err, &re) && len(re.Problems) > 0 {
		return strings.Join(re.Problems, "; ")
	}
	return err.Error()
}

// isJSONType reports whether a Content-Type is JSON (application/json or any +json).
func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}
