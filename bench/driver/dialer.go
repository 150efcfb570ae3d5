package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/callharness/callharness/client"
)

// runDialer runs the dialer simulation through the real binary: it fills
// one campaign over the API, moves the mock's manual clock a day forward
// with the admin API (which returns once the dialer has caught up), and
// reads the mock's peak resident memory from /proc.
func runDialer(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("dialer", flag.ContinueOnError)
	var f setupFlags
	f.define(fs)
	token := fs.String("admin-token", "", "admin token of the mock")
	pid := fs.Int("pid", 0, "process id of the mock, for its memory")
	by := fs.Duration("advance", 24*time.Hour, "how far to move the clock")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	if *pid <= 0 {
		return fmt.Errorf("-pid: want the mock's process id")
	}
	before, err := memory(*pid)
	if err != nil {
		return err
	}
	id, created, err := f.fill(ctx)
	if err != nil {
		return err
	}
	afterCreate, err := memory(*pid)
	if err != nil {
		return err
	}
	admin := client.NewAdmin(f.target, *token, &http.Client{Timeout: 10 * time.Minute})
	began := time.Now()
	if _, err := admin.Advance(ctx, *by); err != nil {
		return fmt.Errorf("advance the clock by %s: %w", *by, err)
	}
	advanced := time.Since(began)
	after, err := memory(*pid)
	if err != nil {
		return err
	}
	d, _, err := f.client().Details(ctx, id, client.DetailsQuery{Page: client.Page{Page: 1, Size: 1}})
	if err != nil {
		return fmt.Errorf("details of %s: %w", id, err)
	}
	figure(stdout, "calls", "%d", f.calls)
	figure(stdout, "attempts", "%d", d.Total)
	figure(stdout, "status", "%s", d.CallCampaignStatus)
	figure(stdout, "create_s", "%.3f", created.Seconds())
	figure(stdout, "advance_s", "%.3f", advanced.Seconds())
	figure(stdout, "rss_start_mib", "%.1f", mib(before.rss))
	figure(stdout, "hwm_created_mib", "%.1f", mib(afterCreate.hwm))
	figure(stdout, "hwm_mib", "%.1f", mib(after.hwm))
	figure(stdout, "rss_end_mib", "%.1f", mib(after.rss))
	figure(stdout, "bytes_per_call", "%.0f", float64(after.hwm-before.rss)/float64(f.calls))
	return nil
}

// mem is a process's resident memory now and at its peak, in bytes.
type mem struct{ rss, hwm int64 }

// memory reads VmRSS and VmHWM of a process from /proc/PID/status.
func memory(pid int) (mem, error) {
	fh, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return mem{}, err
	}
	defer fh.Close()
	var m mem
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return mem{}, fmt.Errorf("/proc/%d/status: %s: %w", pid, name, err)
		}
		if name == "VmRSS" {
			m.rss = kib << 10
		} else {
			m.hwm = kib << 10
		}
	}
	if err := sc.Err(); err != nil {
		return mem{}, err
	}
	if m.hwm == 0 {
		return mem{}, fmt.Errorf("/proc/%d/status: no VmHWM", pid)
	}
	return m, nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
