package harness

import (
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/callharness/callharness/reports"
)

// newEnvironment is run.json as far as it is known before the run.
func newEnvironment(o Options, started time.Time) reports.Environment {
	env := reports.Environment{
		Tool: "callharness run", Version: o.Version, Command: o.Command, Seed: o.Seed,
		StartedAt: started.UTC(), Scenarios: o.Scenarios, Machine: machine(),
	}
	if o.Target.URL == "" {
		env.Clock = o.MockClock + ", also moved through the admin API"
	}
	if !o.SkipLoad {
		env.Rate = strconv.FormatFloat(o.Rate, 'f', -1, 64) + "/s"
		env.Duration = o.Duration.String()
		env.Thresholds = o.Thresholds
	}
	return env
}

// machine describes the host the run runs on.
func machine() reports.Machine {
	host, _ := os.Hostname()
	return reports.Machine{Hostname: host, OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
}
