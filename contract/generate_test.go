package contract

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/callharness/callharness/api"
)

// offlineT is a T with validators and no target, for the generators.
func offlineT(t *testing.T) *T {
	c, err := newConformance()
	require.NoError(t, err)
	return &T{check: Check{ID: "gen.test"}, env: &env{conf: c, target: "http://127.0.0.1:1", opts: Options{Seed: 1}}}
}

var genStart = time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)

func genProperty(op, kind string) property {
	switch op {
	case api.OpCreateCampaign:
		return property{op: op, kind: kind, body: true, valid: (*gen).createBody, mutants: createMutations}
	case api.OpAppendCalls:
		return property{op: op, kind: kind, body: true, valid: (*gen).appendBody, mutants: appendMutations}
	case api.OpListCalls:
		return property{op: op, kind: kind, valid: func(g *gen) map[string]any { return g.queryParams(false) }, mutants: paramMutations}
	}
	return property{op: op, kind: kind, valid: func(g *gen) map[string]any { return g.queryParams(true) }, mutants: detailsMutations}
}

// TestGeneratedInputsAreWhatTheyClaim: valid inputs pass openapi.yaml, and
// every drawn invalid input breaks it (the documented parts for "invalid",
// only the DEC parts for "invalid-dec"), for any seed.
func TestGeneratedInputsAreWhatTheyClaim(t *testing.T) {
	tt := offlineT(t)
	const campaign = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		seed := rapid.Int64Range(1, 1<<40).Draw(rt, "seed")
		op := rapid.SampledFrom(Operations[:3]).Draw(rt, "op")
		if op == api.OpListCalls && rapid.Bool().Draw(rt, "details") {
			op = api.OpDetails
		}
		kinds := []string{validInput, invalidAny}
		if op == api.OpCreateCampaign || op == api.OpAppendCalls {
			kinds = append(kinds, invalidDoc, invalidDec)
		}
		kind := rapid.SampledFrom(kinds).Draw(rt, "kind")
		p := genProperty(op, kind)
		n := 0
		g := newGen(seed, func() string { n++; return fmt.Sprintf("7%012d", n) }, genStart)
		ex, ok := tt.draw(ctx, p, campaign, g, seed)
		if kind == validInput && !ok {
			rt.Fatalf("a valid %s input does not validate: %s", op, compact(p.valid(newGen(seed, func() string { return "77012345678" }, genStart))))
		}
		if !ok {
			return // no mutation of this kind applies to this base
		}
		strict := tt.validate(ctx, p, campaign, ex.value, tt.env.conf.strict.ValidateRequest)
		relaxed := tt.validate(ctx, p, campaign, ex.value, tt.env.conf.relaxed.ValidateRequest)
		switch kind {
		case validInput:
			if !strict {
				rt.Fatalf("valid input rejected: %s", compact(ex.value))
			}
		case invalidDoc:
			if strict || relaxed {
				rt.Fatalf("%s: %s is not invalid in the documented parts", ex.label, compact(ex.value))
			}
		case invalidDec:
			if strict || !relaxed {
				rt.Fatalf("%s: %s is not invalid in the DEC parts only", ex.label, compact(ex.value))
			}
		default:
			if strict {
				rt.Fatalf("%s: %s passes openapi.yaml", ex.label, compact(ex.value))
			}
		}
	})
}

// TestSameSeedSameInput: a seed reproduces its input exactly.
func TestSameSeedSameInput(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		seed := rapid.Int64().Draw(rt, "seed")
		a := newGen(seed, func() string { return "77012345678" }, genStart).createBody()
		b := newGen(seed, func() string { return "77012345678" }, genStart).createBody()
		if compact(a) != compact(b) {
			rt.Fatalf("seed %d: %s then %s", seed, compact(a), compact(b))
		}
	})
}
