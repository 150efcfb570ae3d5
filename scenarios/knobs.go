package scenarios

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// exampleUUID is what a --campaign looks like.
const exampleUUID = "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f"

// Knobs are the scenarios' sizes and settings; zero fields take their defaults.
type Knobs struct {
	Records       int           // create-storm: records per created campaign
	Campaigns     int           // append-storm, pagination-churn, mixed: campaigns shared by the attack
	Initial       int           // append-storm, pagination-churn, mixed: records each shared campaign starts with
	Batch         int           // records per append
	Calls         int           // delete-race, delete-vs-dialer: calls to delete
	Numbers       int           // dialer-throughput: numbers in the campaign
	Speed         int           // dialer scenarios: the campaign's speed
	Retry         int           // dialer scenarios: the campaign's retry
	RetryInterval int           // dialer scenarios: the campaign's retry_interval, minutes
	Sizes         []int         // pagination-churn: page sizes walked
	PageSize      int           // list-calls: the size of the pages read; default the first of Sizes when they are given, else 50
	Campaign      string        // list-calls: the uuid of an existing campaign to read instead of creating one
	WindowLead    time.Duration // how far ahead of the target's clock non-dialer campaigns are scheduled
	Step          time.Duration // dialer scenarios with the admin API: how far each advance moves the clock
	DialerTimeout time.Duration // dialer scenarios: how long to wait, in real time, for a campaign to finish
	NoCleanup     bool          // leave what the scenarios created
}

// defaultPageSize is list-calls' page size when neither it nor Sizes is given.
const defaultPageSize = 50

// DefaultKnobs are the knobs of a run that sets none.
func DefaultKnobs() Knobs {
	return Knobs{
		Records: 5, Campaigns: 4, Initial: 20, Batch: 10, Calls: 200, Numbers: 60,
		Speed: 5, Retry: 2, RetryInterval: 1, Sizes: []int{7, 25, 50, 100},
		WindowLead: 365 * 24 * time.Hour, Step: 30 * time.Second, DialerTimeout: 2 * time.Minute,
	}
}

// withDefaults fills k's zero fields from DefaultKnobs.
func (k Knobs) withDefaults() Knobs {
	d := DefaultKnobs()
	fill := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	fill(&k.Records, d.Records)
	fill(&k.Campaigns, d.Campaigns)
	fill(&k.Initial, d.Initial)
	fill(&k.Batch, d.Batch)
	fill(&k.Calls, d.Calls)
	fill(&k.Numbers, d.Numbers)
	fill(&k.Speed, d.Speed)
	fill(&k.RetryInterval, d.RetryInterval)
	if k.Retry == 0 {
		k.Retry = d.Retry
	}
	if len(k.Sizes) == 0 {
		k.Sizes = d.Sizes
	} else if k.PageSize == 0 {
		k.PageSize = k.Sizes[0]
	}
	fill(&k.PageSize, defaultPageSize)
	if k.WindowLead == 0 {
		k.WindowLead = d.WindowLead
	}
	if k.Step == 0 {
		k.Step = d.Step
	}
	if k.DialerTimeout == 0 {
		k.DialerTimeout = d.DialerTimeout
	}
	return k
}

// validate says what is wrong with the first knob out of range.
func (k Knobs) validate() error {
	for _, f := range []struct {
		name      string
		v, lo, hi int
	}{
		{"records", k.Records, 1, 10_000}, {"campaigns", k.Campaigns, 1, 1000}, {"initial", k.Initial, 0, 100_000},
		{"batch", k.Batch, 1, 10_000}, {"calls", k.Calls, 1, 100_000}, {"numbers", k.Numbers, 1, 100_000},
		{"speed", k.Speed, 1, 100}, {"retry", k.Retry, 0, 10}, {"retry-interval", k.RetryInterval, 1, 1440},
	} {
		if f.v < f.lo || f.v > f.hi {
			return fmt.Errorf("--%s %d: want %d to %d", f.name, f.v, f.lo, f.hi)
		}
	}
	for _, s := range k.Sizes {
		if s < 1 || s > 100 {
			return fmt.Errorf("--page-sizes: size %d is outside 1..100", s)
		}
	}
	if k.PageSize < 1 || k.PageSize > 100 {
		return fmt.Errorf("list-calls page size %d: want 1 to 100", k.PageSize)
	}
	if k.Campaign != "" {
		if _, err := uuid.Parse(k.Campaign); err != nil || len(k.Campaign) != len(uuid.Nil.String()) {
			return fmt.Errorf("--campaign %q: want the uuid of an existing campaign, such as %s", k.Campaign, exampleUUID)
		}
	}
	if k.Step < time.Second {
		return fmt.Errorf("--clock-step %s: want at least 1s", k.Step)
	}
	return nil
}
