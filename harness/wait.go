package harness

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// waitForTarget polls the target's base URL until it answers HTTP at all
// (any status will do) or patience runs out, for a target that is still
// starting, such as the mock of a compose file.
func waitForTarget(ctx context.Context, url string, patience time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, patience)
	defer cancel()
	hc := &http.Client{Timeout: 2 * time.Second}
	var last error
	for attempt := 0; attempt < 10_000; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/", nil)
		if err != nil {
			return fmt.Errorf("target %s: %w", url, err)
		}
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("target %s did not answer within %s: %v", url, patience, last)
		case <-time.After(250 * time.Millisecond):
		}
	}
	return fmt.Errorf("target %s did not answer: %v", url, last)
}
