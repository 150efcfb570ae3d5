package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// headerFlag is a repeatable "Name: value" flag.
type headerFlag http.Header

func (h headerFlag) String() string { return fmt.Sprint(http.Header(h)) }

func (h headerFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("header %q: want Name: value", s)
	}
	http.Header(h).Add(strings.TrimSpace(name), strings.TrimSpace(value))
	return nil
}

// runAttack is the stand-in for callharness load on one fixed target: the
// attack vegeta's CLI makes with -rate=0 -max-workers=N, through vegeta's
// library in this process, each result encoded to a result file as
// callharness load writes them and added to vegeta's metrics as it goes.
func runAttack(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("attack", flag.ContinueOnError)
	target := fs.String("url", "", "URL to GET (loopback)")
	workers := fs.Uint64("workers", 64, "workers, each with its own connection")
	duration := fs.Duration("duration", 10*time.Second, "length of the attack")
	output := fs.String("output", os.DevNull, "vegeta result `file`")
	header := headerFlag(http.Header{})
	fs.Var(header, "header", "request header `Name: value` (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := loopback(*target); err != nil {
		return err
	}
	if *workers < 1 || *workers > 10_000 || *duration <= 0 || *duration > 10*time.Minute {
		return fmt.Errorf("-workers %d, -duration %s: want 1 to 10000 workers for at most 10m", *workers, *duration)
	}
	out, err := os.Create(*output)
	if err != nil {
		return err
	}
	defer out.Close()
	buf := bufio.NewWriter(out)
	enc := vegeta.NewEncoder(buf)

	tr := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: *target, Header: http.Header(header)})
	atk := vegeta.NewAttacker(
		vegeta.Workers(*workers), vegeta.MaxWorkers(*workers),
		vegeta.KeepAlive(true), vegeta.MaxBody(0), vegeta.Timeout(30*time.Second),
	)
	var m vegeta.Metrics
	for r := range atk.Attack(tr, vegeta.Rate{Freq: 0}, *duration, "stand-in") {
		if ctx.Err() != nil {
			atk.Stop()
		}
		m.Add(r)
		if err := enc.Encode(r); err != nil {
			atk.Stop()
			return fmt.Errorf("write result: %w", err)
		}
	}
	m.Close()
	if err := buf.Flush(); err != nil {
		return err
	}
	printMetrics(stdout, &m)
	return nil
}

// runSummary prints the figures of a vegeta result file, as vegeta report
// -type=json computes them.
func runSummary(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	input := fs.String("input", "", "vegeta result `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	in, err := os.Open(*input)
	if err != nil {
		return err
	}
	defer in.Close()
	dec := vegeta.NewDecoder(bufio.NewReader(in))
	var m vegeta.Metrics
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("%s: %w", *input, err)
		}
		m.Add(&r)
	}
	m.Close()
	printMetrics(stdout, &m)
	return nil
}

func printMetrics(w io.Writer, m *vegeta.Metrics) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	figure(w, "requests", "%d", m.Requests)
	figure(w, "successes", "%.0f", m.Success*float64(m.Requests))
	figure(w, "duration_s", "%.3f", (m.Duration + m.Wait).Seconds())
	figure(w, "rate", "%.1f", m.Rate)
	figure(w, "throughput", "%.1f", m.Throughput)
	figure(w, "success", "%.4f", m.Success)
	figure(w, "p50_ms", "%.3f", ms(m.Latencies.P50))
	figure(w, "p99_ms", "%.3f", ms(m.Latencies.P99))
	figure(w, "max_ms", "%.3f", ms(m.Latencies.Max))
}
