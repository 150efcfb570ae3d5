package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

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
