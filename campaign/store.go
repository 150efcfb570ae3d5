package campaign

import (
	"bytes"
	"sort"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
)

// Call statuses, as stored in a byte (DEC-20).
const (
	stPending uint8 = iota
	stInProgress
	stCompleted
	stNoAnswer
	stBusy
	stFailed
	stCanceled
	stExpired
	numCallStatus
	stDeleted = numCallStatus // gone from every listing; not counted
)

var callStatuses = [numCallStatus]string{
	stPending:    api.CallPending,
	stInProgress: api.CallInProgress,
	stCompleted:  api.CallCompleted,
	stNoAnswer:   api.CallNoAnswer,
	stBusy:       api.CallBusy,
	stFailed:     api.CallFailed,
	stCanceled:   api.CallCanceled,
	stExpired:    api.CallExpired,
}

// flNoRetry marks a call whose delete got 409: no attempt follows the live one.
const flNoRetry uint8 = 1

// call is one accepted call record and its dialing state. It is kept small:
// a campaign may hold a million of them.
type call struct {
	id        [16]byte
	created   int64  // unix millis
	batch     uint32 // the campaign's request that created it, counted from 1 (DEC-31)
	phone     uint64 // packed digits, see packPhone
	vars      []byte // compact JSON object, nil for {}; shares the campaign's arena
	profile   uint32 // language, gender voice, agent name
	firstEv   int32  // first attempt in campaign.events, -1 if none
	nextPhone int32  // next call of the same phone number, -1 at the end
	gen       uint32 // bumped whenever a scheduled retry must be forgotten
	status    uint8
	attempts  uint8
	day       uint8 // window day the call is scheduled in (DEC-24)
	forced    uint8 // test number or mock_outcome (DEC-26)
	flags     uint8
}

// event is one attempt of a call. Its outcome is drawn when it starts and
// shown once it ends; transcripts are rendered when read, never stored.
type event struct {
	id        [16]byte
	started   int64 // unix millis
	call      int32 // index in campaign.calls
	next      int32 // next attempt of the same call, -1 at the end
	dur       int32 // seconds
	fresult   uint8
	sentiment uint8
	attempt   uint8 // 1-based
	live      bool
}

// profile is the interned part of a record that many calls share.
type profile struct {
	language, gender, agent string
}

// Window phases of a campaign.
const (
	phWaiting uint8 = iota // before the window of campaign.day opens
	phOpen                 // inside the window of campaign.day
	phOver                 // after the last window: nothing is dialed any more
)

// Campaign statuses, as stored in a byte.
const (
	csDraft uint8 = iota
	csProcessing
	csCompleted
	csFailed
	csCanceled
	numCampaignStatus
)

var campaignStatuses = [numCampaignStatus]string{
	csDraft:      api.CampaignDraft,
	csProcessing: api.CampaignProcessing,
	csCompleted:  api.CampaignCompleted,
	csFailed:     api.CampaignFailed,
	csCanceled:   api.CampaignCanceled,
}

// final tells whether a campaign status is one no campaign leaves.
func final(st uint8) bool { return st >= csCompleted }

// campaign is one campaign with its calls, attempts and indexes.
type campaign struct {
	id       uuid.UUID
	firm     string
	name     string
	start    int64 // unix millis, window of day 0
	end      int64
	retry    int
	speed    int
	interval int64 // retry interval in millis
	unique   bool  // day_unique "delete"
	transfer bool
	dynamic  bool
	batches  uint32 // requests that added calls, numbering call.batch

	status  uint8
	phase   uint8
	day     int  // current or next window day
	started bool // an attempt has started: the campaign is running (DEC-17)
	ended   bool // a window end has passed

	calls    blocks[call]
	order    []int32 // live calls by (created, request, uuid), DEC-31
	byID     map[[16]byte]int32
	byPhone  map[uint64]int32 // head of the list through call.nextPhone
	events   blocks[event]
	evOrder  []int32                // events of live calls by (started, start order), DEC-32
	ready    queue                  // calls waiting for a free dialing slot, FIFO
	counts   [numCallStatus + 1]int // by call status, stDeleted included
	profiles []profile
	profIdx  map[profile]uint32
	arena    arena
}

const dayMillis = 24 * 60 * 60 * 1000

// windowStart is when the window of day d opens; a window longer than a day
// is followed directly by the next one rather than overlapping it.
func (c *campaign) windowStart(d int) int64 {
	s := c.start + int64(d)*dayMillis
	if d > 0 {
		s = max(s, c.end+int64(d-1)*dayMillis)
	}
	return s
}

// windowEnd is when the window of day d closes.
func (c *campaign) windowEnd(d int) int64 { return c.end + int64(d)*dayMillis }

// live is the number of calls that were not deleted.
func (c *campaign) live() int { return len(c.order) }

func (c *campaign) setStatus(i int32, st uint8) {
	cl := c.calls.at(i)
	c.counts[cl.status]--
	c.counts[st]++
	cl.status = st
}

func (c *campaign) intern(p profile) uint32 {
	if i, ok := c.profIdx[p]; ok {
		return i
	}
	i := uint32(len(c.profiles))
	c.profiles = append(c.profiles, p)
	c.profIdx[p] = i
	return i
}

// callLess orders calls by creation time, then by the request that created
// them, then by uuid (DEC-31 as refined in docs/rules.md). A call created
// later never sorts before an earlier one, even when a manual clock gives
// both the same instant, so offset pages stay stable while calls are added.
func (c *campaign) callLess(a, b int32) bool {
	x, y := c.calls.at(a), c.calls.at(b)
	if x.created != y.created {
		return x.created < y.created
	}
	if x.batch != y.batch {
		return x.batch < y.batch
	}
	return bytes.Compare(x.id[:], y.id[:]) < 0
}

// eventLess orders attempts by start time, then by the order they started
// in (DEC-32 as refined in docs/rules.md). Attempts are stored as they
// start and the simulated instant never goes back, so that is their index.
func (c *campaign) eventLess(a, b int32) bool { return a < b }

// addToOrder appends a batch of new calls, all from one request, to the
// listing in uuid order: they sort after every call already there.
func (c *campaign) addToOrder(batch []int32) {
	sort.Slice(batch, func(i, j int) bool { return c.callLess(batch[i], batch[j]) })
	c.order = append(c.order, batch...)
}

// removeFromOrder takes call i out of the listing.
func (c *campaign) removeFromOrder(i int32) {
	p := sort.Search(len(c.order), func(k int) bool { return !c.callLess(c.order[k], i) })
	if p < len(c.order) && c.order[p] == i {
		c.order = append(c.order[:p], c.order[p+1:]...)
	}
}

// addEvent appends attempt e, the latest to start, to the details order.
func (c *campaign) addEvent(e int32) { c.evOrder = append(c.evOrder, e) }

// removeEvent takes attempt e out of the details.
func (c *campaign) removeEvent(e int32) {
	p := sort.Search(len(c.evOrder), func(k int) bool { return !c.eventLess(c.evOrder[k], e) })
	if p < len(c.evOrder) && c.evOrder[p] == e {
		c.evOrder = append(c.evOrder[:p], c.evOrder[p+1:]...)
	}
}

// linkPhone puts call i at the head of its number's list.
func (c *campaign) linkPhone(i int32) {
	cl := c.calls.at(i)
	if head, ok := c.byPhone[cl.phone]; ok {
		cl.nextPhone = head
	} else {
		cl.nextPhone = -1
	}
	c.byPhone[cl.phone] = i
}

// unlinkPhone takes call i out of its number's list.
func (c *campaign) unlinkPhone(i int32) {
	ph := c.calls.at(i).phone
	head, ok := c.byPhone[ph]
	if !ok {
		return
	}
	if head == i {
		if n := c.calls.at(i).nextPhone; n >= 0 {
			c.byPhone[ph] = n
		} else {
			delete(c.byPhone, ph)
		}
		return
	}
	for k := head; k >= 0; k = c.calls.at(k).nextPhone {
		if c.calls.at(k).nextPhone == i {
			c.calls.at(k).nextPhone = c.calls.at(i).nextPhone
			return
		}
	}
}

// phoneCalls lists the calls of a number, in listing order.
func (c *campaign) phoneCalls(ph uint64) []int32 {
	head, ok := c.byPhone[ph]
	if !ok {
		return nil
	}
	var out []int32
	for k := head; k >= 0; k = c.calls.at(k).nextPhone {
		out = append(out, k)
	}
	sort.Slice(out, func(a, b int) bool { return c.callLess(out[a], out[b]) })
	return out
}

// queue is a FIFO of call indexes.
type queue struct {
	buf  []int32
	head int
}

func (q *queue) push(i int32) { q.buf = append(q.buf, i) }

func (q *queue) len() int { return len(q.buf) - q.head }

func (q *queue) pop() int32 {
	v := q.buf[q.head]
	q.head++
	switch {
	case q.head == len(q.buf):
		if cap(q.buf) > 4096 {
			q.buf = nil
		} else {
			q.buf = q.buf[:0]
		}
		q.head = 0
	case q.head > 4096 && q.head*2 > len(q.buf):
		n := copy(q.buf, q.buf[q.head:])
		q.buf = q.buf[:n]
		q.head = 0
	}
	return v
}

func (q *queue) clear() { q.buf, q.head = nil, 0 }

// arena packs many small byte strings into shared chunks. Chunks double
// from arenaFirst to arenaChunk, so that a small campaign stays small.
type arena struct {
	chunk []byte
	next  int // capacity of the next chunk; 0 means arenaFirst
}

const (
	arenaFirst = 1 << 10
	arenaChunk = 64 << 10
)

// add copies b into the arena and returns the copy, capped so that an
// append to it cannot overwrite a neighbour.
func (a *arena) add(b []byte) []byte {
	if len(b) > arenaChunk/8 {
		return append([]byte(nil), b...)
	}
	if cap(a.chunk)-len(a.chunk) < len(b) {
		size := max(a.next, arenaFirst)
		for size < len(b) {
			size *= 2
		}
		a.chunk = make([]byte, 0, size)
		a.next = min(2*size, arenaChunk)
	}
	n := len(a.chunk)
	a.chunk = append(a.chunk, b...)
	return a.chunk[n : n+len(b) : n+len(b)]
}

// blocks is an append-only sequence kept in blocks of blockLen items, so
// that growing it never copies what it holds. The first block grows as a
// slice does, so a small campaign stays small.
type blocks[T any] struct {
	b [][]T
	n int
}

const (
	blockShift = 12
	blockLen   = 1 << blockShift
)

// at returns item i; the pointer is valid until the next add.
func (s *blocks[T]) at(i int32) *T { return &s.b[i>>blockShift][i&(blockLen-1)] }

func (s *blocks[T]) len() int { return s.n }

// add appends v and returns its index.
func (s *blocks[T]) add(v T) int32 {
	if len(s.b) == 0 || len(s.b[len(s.b)-1]) == blockLen {
		var blk []T
		if len(s.b) > 0 {
			blk = make([]T, 0, blockLen)
		}
		s.b = append(s.b, blk)
	}
	k := len(s.b) - 1
	s.b[k] = append(s.b[k], v)
	s.n++
	return int32(s.n - 1)
}
