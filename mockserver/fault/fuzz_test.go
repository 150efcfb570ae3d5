package fault

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
)

// FuzzSet feeds arbitrary rules to Set: it accepts or rejects them with a
// ValidationError, and accepted rules never delay beyond the ceiling.
func FuzzSet(f *testing.F) {
	for _, s := range []string{
		`{"rules": [{"route": "*", "error_rate": 0.5}]}`,
		`{"seed": 3, "rules": [{"route": "*", "latency": {"distribution": "lognormal", "mean": "1s", "stddev": "5s"}}]}`,
		`{"rules": [{"route": "*", "latency": {"distribution": "uniform", "min": "0s", "max": "60s"}, "reset_rate": 0.1, "rate_limit_rate": 0.1}]}`,
		`{"rules": [{"route": "*", "latency": {"distribution": "normal", "mean": "1ns", "stddev": "59s"}}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fs api.Faults
		if json.Unmarshal([]byte(s), &fs) != nil {
			return
		}
		var longest time.Duration
		in := New(WithSleep(func(_ context.Context, d time.Duration) error {
			longest = max(longest, d)
			return nil
		}))
		if err := in.Set(fs); err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("Set: %T %v", err, err)
			}
			return
		}
		h := in.Wrap(api.RouteDetails, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		for range 20 {
			func() {
				defer func() { _ = recover() }() // a reset aborts a recorder
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
			}()
		}
		if longest < 0 || longest > DefaultMaxLatency {
			t.Fatalf("delay %s outside [0, %s]", longest, DefaultMaxLatency)
		}
	})
}
