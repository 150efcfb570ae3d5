// Package journal keeps the mock's most recent requests in a bounded ring,
// for GET /_mock/requests. Recording is O(1) and never allocates beyond the
// ring; the oldest entry is overwritten once the ring is full.
package journal

import (
	"sync"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/clock"
)

// DefaultSize is the number of entries a journal keeps when not told otherwise.
const DefaultSize = 1000

// Journal is a bounded ring of served requests. It is safe for concurrent use.
type Journal struct {
	clk   clock.Clock
	mu    sync.Mutex
	buf   []api.JournalEntry
	next  int // index the next entry is written to
	n     int // entries held, at most len(buf)
	total uint64
}

// New returns a journal that keeps the newest size entries (DefaultSize if
// size < 1). Entries recorded without a time are stamped from clk, the
// mock's clock; clk may be nil when every entry comes stamped.
func New(size int, clk clock.Clock) *Journal {
	if size < 1 {
		size = DefaultSize
	}
	return &Journal{clk: clk, buf: make([]api.JournalEntry, size)}
}

// Record adds e as the newest entry, dropping the oldest if the ring is full.
func (j *Journal) Record(e api.JournalEntry) {
	if e.At.IsZero() && j.clk != nil {
		e.At = api.Time{Time: j.clk.Now()}
	}
	j.mu.Lock()
	j.buf[j.next] = e
	j.next = (j.next + 1) % len(j.buf)
	if j.n < len(j.buf) {
		j.n++
	}
	j.total++
	j.mu.Unlock()
}

// List returns up to limit entries, newest first. A limit below 1 or above
// the number held returns every entry held. The slice is the caller's.
func (j *Journal) List(limit int) []api.JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	if limit < 1 || limit > j.n {
		limit = j.n
	}
	out := make([]api.JournalEntry, limit)
	for i := range out {
		out[i] = j.buf[(j.next-1-i+len(j.buf))%len(j.buf)]
	}
	return out
}

// Reset forgets every entry.
func (j *Journal) Reset() {
	j.mu.Lock()
	clear(j.buf)
	j.next, j.n, j.total = 0, 0, 0
	j.mu.Unlock()
}

// Size is the most entries the journal keeps.
func (j *Journal) Size() int { return len(j.buf) }

// Len is the number of entries held now.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.n
}

// Total is the number of entries recorded since construction or the last
// Reset, including those the ring has dropped.
func (j *Journal) Total() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.total
}
