package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// runPages measures the latency of two pages of one campaign's calls: page
// 1 and page -far. Requests alternate between the two on one keep-alive
// connection, one at a time, so both see the same machine; the figures are
// the median and the 99th percentile of each and the ratio of the medians.
func runPages(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pages", flag.ContinueOnError)
	target := fs.String("target", "", "base URL of the mock (loopback)")
	key := fs.String("key", "", "API key")
	id := fs.String("campaign", "", "campaign uuid")
	size := fs.Int("size", 100, "page size")
	far := fs.Int("far", 2000, "the far page")
	n := fs.Int("n", 300, "requests of each page")
	warm := fs.Int("warmup", 50, "requests of each page before measuring")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := loopback(*target); err != nil {
		return err
	}
	if *n < 1 || *n > 100_000 || *warm < 0 || *warm > 100_000 {
		return fmt.Errorf("-n %d, -warmup %d: want 1 to 100000", *n, *warm)
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	urls := [2]string{pageURL(*target, *id, 1, *size), pageURL(*target, *id, *far, *size)}
	var lat [2][]time.Duration
	for i := range *warm + *n {
		for k, u := range urls {
			d, err := get(ctx, hc, u, *key, *size)
			if err != nil {
				return err
			}
			if i >= *warm {
				lat[k] = append(lat[k], d)
			}
		}
	}
	p50 := [2]time.Duration{}
	for k := range lat {
		slices.Sort(lat[k])
		p50[k] = quantile(lat[k], 0.5)
	}
	figure(stdout, "page1_p50_us", "%.1f", micros(p50[0]))
	figure(stdout, "page1_p99_us", "%.1f", micros(quantile(lat[0], 0.99)))
	figure(stdout, "far_p50_us", "%.1f", micros(p50[1]))
	figure(stdout, "far_p99_us", "%.1f", micros(quantile(lat[1], 0.99)))
	figure(stdout, "far_over_page1", "%.3f", float64(p50[1])/float64(p50[0]))
	return nil
}

func pageURL(target, id string, page, size int) string {
	return fmt.Sprintf("%s%s?page=%d&size=%d", target, client.CampaignPath(id, "calls"), page, size)
}

// get fetches u whole and checks that it is a 200 with items; it returns
// the time to the last byte.
func get(ctx context.Context, hc *http.Client, u, key string, size int) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set(api.HeaderAPIKey, key)
	began := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(began)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK || len(body) < size*50 {
		return 0, fmt.Errorf("GET %s: status %d, %d bytes: want 200 with a full page", u, resp.StatusCode, len(body))
	}
	return d, nil
}

// quantile is the q-quantile of sorted, by the nearest rank.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
