package contract

import (
	"encoding/json"
	"sort"
)

// maxShrinkTries bounds the requests one shrink may send.
const maxShrinkTries = 80

// shrink makes a failing JSON value (maps, slices, strings, float64, bool,
// nil, as encoding/json decodes them) as small as it can while fails still
// holds, trying simpler candidates first: fewer keys, fewer items, shorter
// strings, smaller numbers. It is deterministic and sends at most
// maxShrinkTries requests through fails. It returns the smallest failing
// value found and how many candidates it tried.
func shrink(v any, fails func(any) bool) (any, int) {
	tries := 0
	for tries < maxShrinkTries {
		improved := false
		for _, c := range candidates(v) {
			if tries >= maxShrinkTries {
				break
			}
			tries++
			if fails(c) {
				v, improved = c, true
				break
			}
		}
		if !improved {
			break
		}
	}
	return v, tries
}

// candidates lists the one-step simplifications of v, simplest first.
func candidates(v any) []any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []any
		for _, k := range keys {
			c := cloneMap(x)
			delete(c, k)
			out = append(out, c)
		}
		for _, k := range keys {
			for _, sub := range candidates(x[k]) {
				c := cloneMap(x)
				c[k] = sub
				out = append(out, c)
			}
		}
		return out
	case []any:
		var out []any
		if len(x) > 1 {
			out = append(out, append([]any(nil), x[:len(x)/2]...))
		}
		for i := range x {
			c := append(append([]any(nil), x[:i]...), x[i+1:]...)
			out = append(out, c)
		}
		for i := range x {
			for _, sub := range candidates(x[i]) {
				c := append([]any(nil), x...)
				c[i] = sub
				out = append(out, c)
			}
		}
		return out
	case string:
		var out []any
		r := []rune(x)
		if len(r) > 1 {
			out = append(out, string(r[:len(r)/2]), string(r[:len(r)-1]))
		}
		if x != "" {
			out = append(out, "")
		}
		return out
	case float64:
		var out []any
		for _, c := range []float64{0, 1, float64(int64(x / 2))} {
			if c != x && abs(c) < abs(x) {
				out = append(out, c)
			}
		}
		return out
	case bool:
		if x {
			return []any{false}
		}
	}
	return nil
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func cloneMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// compact is v as one line of JSON.
func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "<unprintable>"
	}
	return string(b)
}
