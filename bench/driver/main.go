// Command driver is the client side of make bench: it prepares the mock's
// state over the API, measures what a load generator cannot (pagination,
// a simulated day of dialing, peak memory), and reads the figures of the
// generators' vegeta result files.
//
//	driver body -records 10 -start 2026-01-15T09:00:00Z > create10.json
//	driver setup -target URL -key KEY -calls 10000
//	driver pages -target URL -key KEY -campaign ID -far 2000 -size 100
//	driver dialer -target URL -key KEY -admin-token T -pid PID -calls 1000000
//	driver summary -input results.bin
//	driver usage -out usage.txt -- ./campaign.test -test.bench .
//
// Every subcommand talks to loopback addresses only and prints its figures
// as "name value" lines that scripts/bench.sh appends to its results.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"syscall"
)

type subcommand struct {
	name string
	run  func(ctx context.Context, args []string, stdout io.Writer) error
}

var subcommands = []subcommand{
	{"body", runBody},
	{"setup", runSetup},
	{"pages", runPages},
	{"dialer", runDialer},
	{"summary", runSummary},
	{"usage", runUsage},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: driver body|setup|pages|dialer|summary|usage [flags]")
		os.Exit(2)
	}
	for _, c := range subcommands {
		if c.name == os.Args[1] {
			if err := c.run(ctx, os.Args[2:], os.Stdout); err != nil {
				fmt.Fprintf(os.Stderr, "driver %s: %v\n", c.name, err)
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintf(os.Stderr, "driver: unknown subcommand %q\n", os.Args[1])
	os.Exit(2)
}

// loopback refuses a target URL whose host is not a loopback address.
func loopback(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("target %q: %w", target, err)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("target %q: only loopback addresses are allowed", target)
	}
	return nil
}

// figure prints one measured figure for the results file.
func figure(w io.Writer, name string, format string, args ...any) {
	fmt.Fprintf(w, "%s %s\n", name, fmt.Sprintf(format, args...))
}
