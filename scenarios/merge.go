package scenarios

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Merge combines the output directories of the shards of one run into
// out: one result file per scenario holding every shard's results, and one
// summary measured from them. Latencies and rates are measured again from
// the results (corrected latency from each shard's own schedule); an
// invariant holds only if it held on every shard; thresholds are judged
// again on the merged measures.
func Merge(dirs []string, out string) (*Summary, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%w: no directories to merge", ErrUsage)
	}
	shards := make([]*Summary, len(dirs))
	for i, d := range dirs {
		s, err := ReadSummary(d)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		shards[i] = s
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	first := shards[0]
	merged := &Summary{Version: 1, Tool: first.Tool, Target: first.Target, StartedAt: first.StartedAt, FinishedAt: first.FinishedAt,
		Environment: first.Environment}
	merged.Environment.Shard = Shard{Index: 0, Count: 1}
	merged.Environment.ShardRate = 0
	merged.Environment.MergedFrom = nil
	for i, s := range shards {
		merged.Environment.MergedFrom = append(merged.Environment.MergedFrom, fmt.Sprintf("shard %s (%s)", s.Environment.Shard, filepath.Base(dirs[i])))
		merged.Environment.ShardRate += s.Environment.ShardRate
		if s.StartedAt.Before(merged.StartedAt) {
			merged.StartedAt = s.StartedAt
		}
		if s.FinishedAt.After(merged.FinishedAt) {
			merged.FinishedAt = s.FinishedAt
		}
	}
	var thresholds []Threshold
	for _, e := range first.Environment.Thresholds {
		t, err := ParseThreshold(e)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		thresholds = append(thresholds, t)
	}
	for _, name := range scenarioNames(shards) {
		sc, err := mergeScenario(name, dirs, shards, out, thresholds)
		if err != nil {
			return nil, err
		}
		merged.Scenarios = append(merged.Scenarios, sc)
	}
	merged.judge()
	if err := merged.WriteFile(out); err != nil {
		return merged, err
	}
	f, err := os.Create(filepath.Join(out, TableFile))
	if err != nil {
		return merged, err
	}
	defer f.Close()
	return merged, merged.WriteTable(f)
}

// scenarioNames lists the scenarios of the shards in order of first appearance.
func scenarioNames(shards []*Summary) []string {
	var names []string
	seen := map[string]bool{}
	for _, s := range shards {
		for _, sc := range s.Scenarios {
			if !seen[sc.Name] {
				seen[sc.Name] = true
				names = append(names, sc.Name)
			}
		}
	}
	return names
}

func mergeScenario(name string, dirs []string, shards []*Summary, out string, thresholds []Threshold) (ScenarioSummary, error) {
	def, _ := Lookup(name)
	res := ScenarioSummary{Name: name, Verdict: VerdictPass, ResultFile: name + ResultExt, Facts: map[string]string{}}
	f, err := os.Create(filepath.Join(out, res.ResultFile))
	if err != nil {
		return res, err
	}
	defer f.Close()
	enc := vegeta.NewEncoder(f)
	col := newCollector(name, shards[0].Target, time.Time{}, Constant{}, def.Expected, nil)
	var due float64
	var workers uint64 // of every shard, at maximum rate
	var starts []time.Time
	invariants := map[string]*InvariantResult{}
	var order []string
	for i, s := range shards {
		sc, ok := findScenario(s, name)
		if !ok {
			continue
		}
		shard := s.Environment.Shard.String()
		res.Description = sc.Description
		res.Rate += sc.Rate
		workers += sc.Workers
		if sc.RateRatio > 0 {
			due += float64(sc.Metrics.Requests) / sc.RateRatio
		}
		starts = append(starts, sc.AttackStart)
		if sc.Verdict == VerdictError {
			res.Verdict = VerdictError
			res.SkipReason = strings.TrimPrefix(res.SkipReason+"; ", "; ") + "shard " + shard + ": " + sc.SkipReason
		}
		for _, inv := range sc.Invariants {
			m, ok := invariants[inv.Name]
			if !ok {
				m = &InvariantResult{Name: inv.Name, Description: inv.Description, Verdict: VerdictPass}
				invariants[inv.Name] = m
				order = append(order, inv.Name)
			}
			if inv.Verdict != VerdictPass {
				if m.Verdict != VerdictError {
					m.Verdict = inv.Verdict
				}
				m.Detail = strings.TrimPrefix(m.Detail+"; ", "; ") + "shard " + shard + ": " + inv.Detail
			}
		}
		for k, v := range sc.Facts {
			res.Facts["shard "+shard+": "+k] = v
		}
		if sc.ResultFile == "" {
			continue
		}
		sched, err := sc.Pacer.Schedule()
		if err != nil {
			return res, fmt.Errorf("shard %s, %s: %w", shard, name, err)
		}
		if err := copyResults(filepath.Join(dirs[i], sc.ResultFile), enc, func(r *vegeta.Result) { col.addAt(r, sc.AttackStart, sched) }); err != nil {
			return res, fmt.Errorf("shard %s, %s: %w", shard, name, err)
		}
	}
	for _, n := range order {
		res.Invariants = append(res.Invariants, *invariants[n])
		if invariants[n].Verdict != VerdictPass && res.Verdict == VerdictPass {
			res.Verdict = VerdictFail
		}
	}
	var interval time.Duration
	if res.Rate > 0 && len(starts) > 0 {
		interval = seconds(float64(len(starts)) / res.Rate) // one shard's last interval
	}
	total, ops := col.finishMerged(starts, interval)
	if due > 0 {
		total.Requested, total.RateRatio = res.Rate, float64(total.Requests)/due
	}
	run := attackRun{total: total, ops: ops, sched: Constant{}}
	fillMeasures(&res, run)
	res.Rate = total.Requested
	res.BelowRate = total.BelowRate()
	res.Schedule, res.Pacer, res.Workers = fmt.Sprintf("%d shards", len(starts)), PacerSpec{}, workers
	if res.Workers > 0 {
		res.Schedule = fmt.Sprintf("%d shards at max rate, %s in all", len(starts), workersText(res.Workers))
	}
	if len(starts) > 0 {
		res.AttackStart = starts[0]
		for _, s := range starts {
			if s.Before(res.AttackStart) {
				res.AttackStart = s
			}
		}
		res.DurationMS = msOf(total.Latest.Sub(res.AttackStart))
	}
	res.Thresholds = judgeThresholds(thresholds, name, total, ops)
	for _, t := range res.Thresholds {
		if t.Verdict != VerdictPass && res.Verdict == VerdictPass {
			res.Verdict = VerdictFail
		}
	}
	return res, nil
}

func findScenario(s *Summary, name string) (ScenarioSummary, bool) {
	for _, sc := range s.Scenarios {
		if sc.Name == name {
			return sc, true
		}
	}
	return ScenarioSummary{}, false
}

// copyResults decodes every result of a vegeta result file, hands it to
// f and encodes it again into enc.
func copyResults(path string, enc vegeta.Encoder, f func(*vegeta.Result)) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	dec := vegeta.NewDecoder(in)
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("decode %s: %w", path, err)
		}
		f(&r)
		if err := enc.Encode(&r); err != nil {
			return err
		}
	}
}

// finishMerged computes the rates of results of several shards: achieved
// over the span from the first shard's start to the last send, plus
// interval, or, without one (at maximum rate), the mean interval between sends.
func (c *collector) finishMerged(starts []time.Time, interval time.Duration) (Measure, []OpMeasure) {
	if len(starts) > 0 {
		c.start = starts[0]
		for _, s := range starts {
			if s.Before(c.start) {
				c.start = s
			}
		}
	}
	total, ops := c.finish()
	if c.total.Requests > 0 && interval > 0 {
		if w := (c.total.Latest.Sub(c.start) + interval).Seconds(); w > 0 {
			total.Achieved = float64(total.Requests) / w
			for i := range ops {
				ops[i].Achieved = float64(ops[i].Requests) / w
			}
		}
	}
	return total, ops
}
