package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// WriteEnvironment writes env as dir/run.json.
func WriteEnvironment(dir string, env Environment) error {
	b, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return fmt.Errorf("encode run.json: %w", err)
	}
	path := filepath.Join(dir, FileEnvironment)
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// partEnvironment is what the parts of a directory without run.json say
// of their run: the target, the seed, the profile, when it ran and how the
// load was shaped. What only run.json knows (the version, the machine,
// whether the target was the mock) stays empty.
func partEnvironment(c *Contract, l *Load) Environment {
	var e Environment
	span := func(start, end time.Time) {
		if !start.IsZero() && (e.StartedAt.IsZero() || start.Before(e.StartedAt)) {
			e.StartedAt = start
		}
		if end.After(e.FinishedAt) {
			e.FinishedAt = end
		}
	}
	if c != nil {
		e.Target, e.Profile, e.Seed = c.Target, c.Profile, c.Seed
		if !c.Started.IsZero() {
			span(c.Started, c.Started.Add(c.Duration))
		}
	}
	switch {
	case l != nil && len(l.MergedFrom) > 0:
		e.Tool = "callharness report merge"
	case l != nil && c != nil:
		e.Tool = "callharness contract and load"
	case l != nil:
		e.Tool = "callharness load"
	case c != nil:
		e.Tool = "callharness contract"
	}
	if l != nil {
		if e.Target == "" {
			e.Target, e.Seed = l.Target, l.Seed
		}
		span(l.Started, l.Finished)
		switch {
		case l.Rate > 0:
			e.Rate = strconv.FormatFloat(l.Rate, 'f', -1, 64) + "/s"
		case l.Workers > 0:
			e.Rate = fmt.Sprintf("maximum rate, %d workers per shard (closed model)", l.Workers)
		}
		if l.Duration > 0 {
			e.Duration = l.Duration.String()
		}
		e.Thresholds = l.Thresholds
		for _, sc := range l.Scenarios {
			e.Scenarios = append(e.Scenarios, sc.Name)
		}
	}
	return e
}
