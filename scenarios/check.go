package scenarios

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// eachParallel calls f for every item with at most n at a time and returns
// the first error.
func eachParallel[T any](ctx context.Context, n int, items []T, f func(context.Context, T) error) error {
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	work := make(chan T)
	for range max(n, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if err := f(ctx, it); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, it := range items {
		select {
		case work <- it:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// violations collects the ways an invariant does not hold, keeping a few
// examples of each and counting the rest.
type violations struct {
	mu     sync.Mutex
	kinds  map[string][]string
	counts map[string]int
}

const examplesPerKind = 5

// add notes one violation of kind with an example.
func (v *violations) add(kind, format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.kinds == nil {
		v.kinds, v.counts = map[string][]string{}, map[string]int{}
	}
	v.counts[kind]++
	if len(v.kinds[kind]) < examplesPerKind {
		v.kinds[kind] = append(v.kinds[kind], fmt.Sprintf(format, args...))
	}
}

// err returns nil when nothing was noted, else one error that says it all.
func (v *violations) err() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.counts) == 0 {
		return nil
	}
	kinds := make([]string, 0, len(v.counts))
	for k := range v.counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		ex := strings.Join(v.kinds[k], "; ")
		more := ""
		if n := v.counts[k] - len(v.kinds[k]); n > 0 {
			more = fmt.Sprintf("; and %d more", n)
		}
		parts = append(parts, fmt.Sprintf("%d× %s (%s%s)", v.counts[k], k, ex, more))
	}
	return fmt.Errorf("%s", strings.Join(parts, " | "))
}
