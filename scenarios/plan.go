package scenarios

import "sync"

// plan is a fixed list of requests an attack sends once each, in order,
// while vegeta's workers ask for targets at once.
type plan[T any] struct {
	mu    sync.Mutex
	items []T
	next  int
}

// add appends v to the plan; it is for setup, before the attack.
func (p *plan[T]) add(v T) { p.items = append(p.items, v) }

// take returns the next item to send, and false once all were taken.
func (p *plan[T]) take() (T, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var v T
	if p.next >= len(p.items) {
		return v, false
	}
	v = p.items[p.next]
	p.next++
	return v, true
}
