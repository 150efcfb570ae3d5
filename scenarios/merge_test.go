package scenarios

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func countResults(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dec := vegeta.NewDecoder(f)
	n := 0
	for {
		var r vegeta.Result
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			return n
		}
		require.NoError(t, err)
		n++
	}
}

// Three shard workers against one mock: the merged counts are the sums.
func TestThreeShardsMergeToTheirSum(t *testing.T) {
	tgt := startMock(t, "real", nil)
	root := t.TempDir()
	names := []string{"create-storm", "append-storm"}
	dirs := make([]string, 3)
	sums := make([]*Summary, 3)
	var wg sync.WaitGroup
	for i := range dirs {
		dirs[i] = filepath.Join(root, "shard-"+strconv.Itoa(i))
		o := testOptions(tgt, "")
		o.Scenarios, o.Rate, o.OutDir = names, 60, dirs[i]
		o.Shard = Shard{Index: i, Count: 3}
		o.Thresholds = []Threshold{mustThreshold(t, "errors<1%"), mustThreshold(t, "create-storm:p99<2s")}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			s, err := Run(ctx, o)
			assert.NoError(t, err)
			sums[i] = s
		}()
	}
	wg.Wait()
	for i, s := range sums {
		require.NotNil(t, s, "shard %d", i)
		require.Equal(t, VerdictPass, s.Verdict, "shard %d: %+v", i, s.Scenarios)
		assert.InDelta(t, 20, s.Environment.ShardRate, 1e-9)
	}

	out := filepath.Join(root, "merged")
	m, err := Merge(dirs, out)
	require.NoError(t, err)
	assert.Equal(t, VerdictPass, m.Verdict)
	require.Len(t, m.Scenarios, len(names))
	for k, name := range names {
		sc := m.Scenarios[k]
		assert.Equal(t, name, sc.Name)
		want, codes := 0, map[string]int{}
		for _, s := range sums {
			want += s.Scenarios[k].Metrics.Requests
			for c, n := range s.Scenarios[k].Metrics.StatusCodes {
				codes[c] += n
			}
		}
		assert.Equal(t, want, sc.Metrics.Requests, name)
		assert.Equal(t, codes, sc.Metrics.StatusCodes, name)
		assert.Equal(t, want, countResults(t, filepath.Join(out, sc.ResultFile)), name)
		assert.InDelta(t, 60, sc.Rate, 1e-9, name)
		assert.Len(t, sc.Invariants, len(sums[0].Scenarios[k].Invariants))
		assert.NotEmpty(t, sc.Thresholds)
		t.Logf("%s merged: %d requests at %.1f/s (asked %.1f/s), p99 %.2fms", name, sc.Metrics.Requests, sc.Achieved, sc.Rate, sc.Metrics.Latency.P99MS)
	}
	_, err = os.Stat(filepath.Join(out, TableFile))
	assert.NoError(t, err)
}

func TestShardIdentifiersDoNotCollide(t *testing.T) {
	seen := map[string]int{}
	for i := range 3 {
		ids := NewIDs(Shard{Index: i, Count: 3}, 42)
		for range 1000 {
			p, err := ids.Phone(0)
			require.NoError(t, err)
			require.Len(t, p, 15)
			if prev, dup := seen[p]; dup {
				t.Fatalf("%s made by shards %d and %d", p, prev, i)
			}
			seen[p] = i
			assert.Equal(t, i, ShardOfPhone(p))
		}
	}
	assert.NotEqual(t, NewIDs(Shard{0, 3}, 1).Name("x", 1), NewIDs(Shard{1, 3}, 1).Name("x", 1))
}

func TestParseShard(t *testing.T) {
	s, err := ParseShard("2/3")
	require.NoError(t, err)
	assert.Equal(t, Shard{Index: 2, Count: 3}, s)
	assert.InDelta(t, 10, s.Share(30), 1e-9)
	for _, bad := range []string{"3/3", "-1/3", "1", "a/b", "0/0", "0/101"} {
		_, err := ParseShard(bad)
		assert.Error(t, err, bad)
	}
}

func mustThreshold(t *testing.T, s string) Threshold {
	th, err := ParseThreshold(s)
	require.NoError(t, err)
	return th
}
