package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"pgregory.net/rapid"
)

// jsonValue draws JSON values as encoding/json decodes them.
func jsonValue() *rapid.Generator[any] {
	leaf := rapid.OneOf(
		rapid.Just[any](nil),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Map(rapid.IntRange(-2000, 2000), func(n int) any { return float64(n) }),
		rapid.Map(rapid.StringN(0, 12, -1), func(s string) any { return s }),
	)
	return rapid.Custom(func(t *rapid.T) any {
		switch rapid.IntRange(0, 2).Draw(t, "shape") {
		case 0:
			return leaf.Draw(t, "leaf")
		case 1:
			return rapid.Map(rapid.SliceOfN(leaf, 0, 5), func(s []any) any { return s }).Draw(t, "array")
		}
		m := rapid.MapOfN(rapid.StringMatching(`[a-z]{1,6}`), leaf, 0, 6).Draw(t, "object")
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		return out
	})
}

// TestShrinkFindsALocalMinimum: for a failure "an object whose retry is
// above 10", shrinking any failing object ends at {"retry": n} with n > 10,
// no one-step simplification of which still fails.
func TestShrinkFindsALocalMinimum(t *testing.T) {
	fails := func(v any) bool {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		n, ok := m["retry"].(float64)
		return ok && n > 10
	}
	rapid.Check(t, func(rt *rapid.T) {
		v := jsonValue().Draw(rt, "value")
		m, ok := v.(map[string]any)
		if !ok {
			m = map[string]any{"other": v}
		}
		m["retry"] = float64(rapid.IntRange(11, 100000).Draw(rt, "retry"))
		got, tries := shrink(m, fails)
		if !fails(got) {
			rt.Fatalf("shrunk to a value that passes: %s", compact(got))
		}
		if len(got.(map[string]any)) != 1 {
			rt.Fatalf("not minimal: %s", compact(got))
		}
		if tries < maxShrinkTries {
			for _, c := range candidates(got) {
				if fails(c) {
					rt.Fatalf("%s shrinks further to %s", compact(got), compact(c))
				}
			}
		}
	})
}

func TestShrinkIsBoundedAndDeterministic(t *testing.T) {
	calls := 0
	always := func(any) bool { calls++; return true }
	big := map[string]any{}
	for i := 0; i < 50; i++ {
		big[string(rune('a'+i%26))+string(rune('a'+i/26))] = []any{"xxxxxxxxxxxx", 12345.0, true}
	}
	a, tries := shrink(big, always)
	assert.LessOrEqual(t, tries, maxShrinkTries)
	assert.Equal(t, tries, calls)
	b, _ := shrink(big, func(any) bool { return true })
	assert.Equal(t, compact(a), compact(b))
	never, n := shrink("abc", func(any) bool { return false })
	assert.Equal(t, "abc", never)
	assert.Equal(t, len(candidates("abc")), n)
}
