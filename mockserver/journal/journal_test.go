package journal

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func entry(i int) api.JournalEntry {
	return api.JournalEntry{Method: "GET", Path: fmt.Sprintf("/p/%d", i), Route: "/p/{n}", Status: 200}
}

func paths(es []api.JournalEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Path
	}
	return out
}

func TestRingBoundsAndOrder(t *testing.T) {
	tests := []struct {
		name     string
		size     int
		recorded int
		limit    int
		want     []string
	}{
		{"empty", 3, 0, 10, []string{}},
		{"partly filled, newest first", 3, 2, 0, []string{"/p/1", "/p/0"}},
		{"exactly full", 3, 3, 0, []string{"/p/2", "/p/1", "/p/0"}},
		{"wrapped keeps the newest", 3, 7, 0, []string{"/p/6", "/p/5", "/p/4"}},
		{"limit below held", 3, 7, 2, []string{"/p/6", "/p/5"}},
		{"limit above held", 3, 2, 50, []string{"/p/1", "/p/0"}},
		{"limit of one", 3, 7, 1, []string{"/p/6"}},
		{"size one", 1, 5, 0, []string{"/p/4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := New(tt.size, nil)
			for i := range tt.recorded {
				j.Record(entry(i))
			}
			assert.Equal(t, tt.want, paths(j.List(tt.limit)))
			assert.LessOrEqual(t, j.Len(), tt.size)
			assert.Equal(t, uint64(tt.recorded), j.Total())
		})
	}
}

func TestDefaultSize(t *testing.T) {
	assert.Equal(t, DefaultSize, New(0, nil).Size())
	assert.Equal(t, DefaultSize, New(-5, nil).Size())
	assert.Equal(t, 7, New(7, nil).Size())
}

func TestReset(t *testing.T) {
	j := New(4, nil)
	for i := range 6 {
		j.Record(entry(i))
	}
	j.Reset()
	assert.Empty(t, j.List(0))
	assert.Zero(t, j.Len())
	assert.Zero(t, j.Total())
	j.Record(entry(9))
	assert.Equal(t, []string{"/p/9"}, paths(j.List(0)))
}

func TestStampsFromTheMocksClock(t *testing.T) {
	start := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	clk := clock.NewManual(start)
	j := New(4, clk)
	j.Record(entry(0))
	stamped := entry(1)
	stamped.At = api.Time{Time: start.Add(-time.Hour)}
	j.Record(stamped)
	got := j.List(0)
	require.Len(t, got, 2)
	assert.True(t, got[0].At.Equal(start.Add(-time.Hour)), "an entry's own time is kept")
	assert.True(t, got[1].At.Equal(start), "an unstamped entry takes the mock's clock")
}

func TestListIsACopy(t *testing.T) {
	j := New(2, nil)
	j.Record(entry(0))
	got := j.List(0)
	got[0].Path = "changed"
	assert.Equal(t, "/p/0", j.List(0)[0].Path)
}

func TestConcurrentRecordAndList(t *testing.T) {
	j := New(50, nil)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 500 {
				j.Record(entry(w*1000 + i))
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				assert.LessOrEqual(t, len(j.List(0)), 50)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 50, j.Len())
	assert.Equal(t, uint64(2000), j.Total())
}

func BenchmarkRecord(b *testing.B) {
	j := New(DefaultSize, nil)
	e := entry(1)
	for b.Loop() {
		j.Record(e)
	}
}
