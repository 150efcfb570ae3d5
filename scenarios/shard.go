package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
)

// Shard is one worker's part of a run spread over Count workers: it takes
// 1/Count of the rate and creates identifiers no other shard creates.
// Index counts from 0, as a Kubernetes Indexed Job's JOB_COMPLETION_INDEX does.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// MaxShards is the largest number of shards; phone numbers carry the index in two digits.
const MaxShards = 100

// ParseShard reads "i/N" with 0 ≤ i < N ≤ 100.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want i/N, such as 0/3 (i counts from 0)", s)
	}
	sh := Shard{Index: idx, Count: cnt}
	return sh, sh.Validate()
}

// Validate checks that the shard is one of its count.
func (s Shard) Validate() error {
	if s.Count < 1 || s.Count > MaxShards {
		return fmt.Errorf("shard %d/%d: the count must be from 1 to %d", s.Index, s.Count, MaxShards)
	}
	if s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard %d/%d: the index must be from 0 to %d (it counts from 0)", s.Index, s.Count, s.Count-1)
	}
	return nil
}

// String spells s as the flag takes it.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Share returns this shard's part of a total rate.
func (s Shard) Share(rate float64) float64 {
	if s.Count <= 1 {
		return rate
	}
	return rate / float64(s.Count)
}

// IDs makes the identifiers a run creates: phone numbers and campaign
// names that no other shard of the run, and no other seed, makes.
//
// A phone number has 15 digits, 7 SS RRR NNNNNN TTT: the shard index SS,
// the run tag RRR (the seed modulo 1000), a counter NNNNNN and a suffix TTT,
// which on our mock selects an outcome (the test numbers of DEC-26: 000
// answered, 001 no answer, 002 busy, 008 five minutes in progress, …). No
// real number of the +7 plan has 15 digits, so none of them can be dialled.
type IDs struct {
	shard Shard
	seed  int64
	next  atomic.Uint64
}

// maxCounter is how many numbers one shard of one run can make.
const maxCounter = 1_000_000

// NewIDs returns the identifiers of one shard of a run with the given seed.
func NewIDs(shard Shard, seed int64) *IDs { return &IDs{shard: shard, seed: seed} }

// Phone returns a phone number never returned before, with the outcome suffix (0–999).
func (ids *IDs) Phone(suffix int) (string, error) {
	n := ids.next.Add(1) - 1
	if n >= maxCounter {
		return "", fmt.Errorf("shard %s has used all %d phone numbers of this run; use fewer records or another seed", ids.shard, maxCounter)
	}
	return fmt.Sprintf("7%02d%03d%06d%03d", ids.shard.Index, runTag(ids.seed), n, suffix%1000), nil
}

// Phones returns n new phone numbers with the given suffix.
func (ids *IDs) Phones(n, suffix int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		p, err := ids.Phone(suffix)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// Name returns a campaign name that says which run, shard and scenario made it.
func (ids *IDs) Name(scenario string, k int) string {
	return fmt.Sprintf("callharness %s seed %d shard %s #%d", scenario, ids.seed, ids.shard, k)
}

func runTag(seed int64) int64 {
	t := seed % 1000
	if t < 0 {
		t += 1000
	}
	return t
}

// ShardOfPhone returns the shard index a phone number of IDs was made by, or -1.
func ShardOfPhone(phone string) int {
	if len(phone) != 15 || phone[0] != '7' {
		return -1
	}
	i, err := strconv.Atoi(phone[1:3])
	if err != nil {
		return -1
	}
	return i
}
