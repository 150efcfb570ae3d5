package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Servers and operations of the throughput table, as the script names them.
var (
	servers = []struct{ key, name string }{
		{"callharness", "callharness mock"},
		{"bare", "bare net/http, same bytes"},
		{"prism", "Prism 5.14.2 (openapi.yaml examples)"},
		{"wiremock", "WireMock 3.13.2 (static mapping, same bytes)"},
	}
	operations = []struct{ key, name string }{
		{"list", "GET …/calls?size=50 (10 000-call campaign)"},
		{"create", "POST create, 10 records"},
	}
	generators = []struct{ key, name string }{
		{"load", "callharness load"},
		{"load_bodies", "callharness load, bodies kept (LC-1 judged)"},
		{"vegeta", "vegeta CLI v12.13.0"},
		{"wrk", "wrk"},
	}
)

func write(w io.Writer, r *results) {
	writeMachine(w, r)
	writeGoals(w, r)
	writeThroughput(w, r)
	writeGenerators(w, r)
	writeDialer(w, r)
	writePages(w, r)
	writeContract(w, r)
	writeNotes(w, r)
}

func writeMachine(w io.Writer, r *results) {
	fmt.Fprintf(w, "## Latest run: %s\n\n", or(r.text("meta.date"), "date unknown"))
	fmt.Fprintf(w, "- Machine: %s cores, %s, %s memory; %s; %s.\n",
		or(r.text("meta.cores"), "?"), or(r.text("meta.model"), "unknown CPU"), or(r.text("meta.memory"), "?"),
		or(r.text("meta.kernel"), "unknown kernel"), or(r.text("meta.go"), "unknown Go"))
	fmt.Fprintf(w, "- Load average (1 min) before the run %s, after it %s: other work shared the machine when these are well above 0.\n",
		or(r.text("meta.load_before"), "?"), or(r.text("meta.load_after"), "?"))
	fmt.Fprintf(w, "- %s\n", or(r.text("meta.pinning"), "No CPU pinning."))
	fmt.Fprintf(w, "- Every figure is the median of %s runs, with the range (min–max) after it; every ratio is taken within one run, then the median of those is shown.\n\n",
		or(r.text("meta.runs"), "?"))
}

// goal is one goal of issue 6 on a measured stat.
type goal struct {
	name   string
	target string
	s      stat
	met    func(float64) bool
	unit   func(float64) string
	note   string
}

func writeGoals(w io.Writer, r *results) {
	goals := []goal{
		{"mock GET …/calls vs bare handler", "≥ 0.50×", r.ratio("tp.list.callharness.rps", "tp.list.bare.rps"), atLeast(0.5), times, ""},
		{"mock GET …/calls vs Prism", "≥ 10×", r.ratio("tp.list.callharness.rps", "tp.list.prism.rps"), atLeast(10), times, ""},
		{"mock GET …/calls vs WireMock", "≥ 2×", r.ratio("tp.list.callharness.rps", "tp.list.wiremock.rps"), atLeast(2), times, ""},
		{"load generator vs vegeta CLI: one-core rate from CPU per request", "≥ 0.90×", r.ratio("gen.vegeta.cpu_us", "gen.load.cpu_us"), atLeast(0.9), times, ""},
		{"load generator vs vegeta CLI: req/s against the bare handler", "≥ 0.90×", r.ratio("gen.load.rps", "gen.vegeta.rps"), atLeast(0.9), times, ""},
		{"dialer day, 1 000 000 calls (Go benchmark)", "< 10 s", r.get("dialer.bench.s/day"), below(10), secs, ""},
		{"dialer day, 1 000 000 calls (binary over HTTP)", "< 10 s", r.get("dialer.http.advance_s"), below(10), secs, ""},
		{"memory per call (Go benchmark, live heap)", "< 1 KiB", r.get("dialer.bench.bytes/call"), below(1024), bytesUnit, ""},
		{"memory per call (binary, peak RSS)", "< 1 KiB", r.get("dialer.http.bytes_per_call"), below(1024), bytesUnit, ""},
		{"page 2 000 vs page 1, over HTTP", "≤ 1.5×", r.get("pages.http.far_over_page1"), atMost(1.5), times, ""},
		{"page 2 000 vs page 1, Go benchmark", "≤ 1.5×", r.ratio("pages.bench.page2000.ns/op", "pages.bench.page1.ns/op"), atMost(1.5), times, ""},
	}
	fmt.Fprintln(w, "### Goals of issue 6")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| goal | target | measured | met |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, g := range goals {
		if !g.s.ok() {
			fmt.Fprintf(w, "| %s | %s | not measured | – |\n", g.name, g.target)
			continue
		}
		mark := "no"
		if g.met(g.s.med) {
			mark = "**yes**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", g.name, g.target, withRange(g.s, g.unit), mark)
	}
	fmt.Fprintln(w)
}

func writeThroughput(w io.Writer, r *results) {
	fmt.Fprintln(w, "### 1. Mock throughput")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Saturation: %s. Latency: %s. Server CPU per request is the server process's user + system time during the wrk run over the requests wrk counted: less sensitive to the neighbours than requests per second.\n\n",
		or(r.text("meta.saturation"), "?"), or(r.text("meta.latency"), "?"))
	fmt.Fprintln(w, "| operation | server | req/s at saturation | callharness ÷ server | server CPU per request | p50 at fixed rate | p99 at fixed rate | answered per s at fixed rate | success | body bytes | errors at saturation |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, op := range operations {
		for _, sv := range servers {
			k := "tp." + op.key + "." + sv.key + "."
			rps := r.get(k + "rps")
			if !rps.ok() && !r.get(k+"p50_ms").ok() {
				fmt.Fprintf(w, "| %s | %s | not measured | | | | | | | | |\n", op.name, sv.name)
				continue
			}
			ratio := "–"
			if sv.key != "callharness" {
				ratio = withRange(r.ratio("tp."+op.key+".callharness.rps", k+"rps"), times)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", op.name, sv.name,
				withRange(rps, count), ratio, withRange(r.get(k+"cpu_us"), micros),
				withRange(r.get(k+"p50_ms"), millis), withRange(r.get(k+"p99_ms"), millis), med(r.get(k+"held"), count),
				med(r.get(k+"success"), percent), med(r.get(k+"bytes"), count), med(r.get(k+"errors"), count))
		}
	}
	fmt.Fprintln(w)
	writeHandler(w, r)
	writeProfile(w, r)
}

// writeHandler is the in-process comparison of the mock's handler and a bare one.
func writeHandler(w io.Writer, r *results) {
	if !r.get("handler.list.mock.ns/op").ok() {
		return
	}
	fmt.Fprintln(w, "In-process, without sockets (`go test ./bench/handler -bench .`, the whole handler of `mockserver.New` with its text log going to io.Discard, against a handler writing the same bytes):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| operation | mock per request | bare per request | mock ÷ bare | mock allocs | bare allocs |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
	for _, op := range operations {
		k := "handler." + op.key + "."
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", op.name,
			withRange(r.get(k+"mock.ns/op"), nanosAsMicros), withRange(r.get(k+"bare.ns/op"), nanosAsMicros),
			withRange(r.ratio(k+"mock.ns/op", k+"bare.ns/op"), times),
			med(r.get(k+"mock.allocs/op"), count), med(r.get(k+"bare.allocs/op"), count))
	}
	fmt.Fprintln(w)
}

// profileParts are the parts of the mock's pipeline the profile table shows.
var profileParts = []struct{ key, name string }{
	{"read_request", "net/http reading the request"},
	{"read_body", "reading the body (mockserver.readJSONBody)"},
	{"validate", "validation against openapi.yaml (spec.Validator.ValidateRequest)"},
	{"json_any", "… of which decoding the body, once, for the schema (spec.decodeJSON)"},
	{"json_decode", "decoding the body into the request's type (mockserver.decodeBody)"},
	{"domain", "the domain (campaign.Service.ListCalls / Create)"},
	{"json_encode", "JSON encoding of the answer (api.CallList.AppendJSON; encoding/json.Marshal for create)"},
	{"json_string", "… of which escaping strings (api.appendString)"},
	{"observer", "observer: journal, metrics, log line (mockserver.observer.record)"},
	{"log", "… of which the log line (log/slog)"},
	{"writes", "write syscalls: the answer and the log line (internal/poll.FD.Write)"},
	{"gc", "garbage collection (runtime.gcBgMarkWorker)"},
}

func writeProfile(w io.Writer, r *results) {
	if !r.get("profile.list.writes").ok() && !r.get("profile.list.json_encode").ok() {
		return
	}
	fmt.Fprintf(w, "Where the mock's CPU goes under wrk: %s\n\n", or(r.text("meta.profile"), ""))
	fmt.Fprintln(w, "| part | GET …/calls | POST create |")
	fmt.Fprintln(w, "| --- | ---: | ---: |")
	pct := func(v float64) string { return fmt.Sprintf("%.1f %%", v) }
	for _, p := range profileParts {
		fmt.Fprintf(w, "| %s | %s | %s |\n", p.name, med(r.get("profile.list."+p.key), pct), med(r.get("profile.create."+p.key), pct))
	}
	fmt.Fprintln(w)
}

func writeGenerators(w io.Writer, r *results) {
	fmt.Fprintln(w, "### 2. Load generator")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Highest rate against the bare handler's GET …/calls: %s. %s\n\n", or(r.text("meta.generator"), "?"), r.text("meta.generator_cpu"))
	fmt.Fprintln(w, "| generator | req/s | ÷ vegeta CLI | generator CPU per request | one core ÷ that | ÷ vegeta CLI | errors |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	perSec := func(us float64) string { return count(1e6/us) + "/s" }
	for _, g := range generators {
		k := "gen." + g.key + "."
		rps := r.get(k + "rps")
		if !rps.ok() {
			if g.key == "load_bodies" {
				continue // a row of its own only when measured
			}
			fmt.Fprintf(w, "| %s | not measured | | | | | |\n", g.name)
			continue
		}
		cpu := r.get(k + "cpu_us")
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", g.name, withRange(rps, count),
			withRange(r.ratio(k+"rps", "gen.vegeta.rps"), times), withRange(cpu, microsFine), med(cpu, perSec),
			withRange(r.ratio("gen.vegeta.cpu_us", k+"cpu_us"), times), med(r.get(k+"errors"), count))
	}
	fmt.Fprintln(w)
}

func writeDialer(w io.Writer, r *results) {
	fmt.Fprintln(w, "### 3. Dialer simulation: 1 000 000 calls, retry 2, a whole day on a manual clock")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s\n\n", or(r.text("meta.dialer"), ""))
	fmt.Fprintln(w, "| how | attempts | fill (create + appends) | the day | peak memory | bytes per call |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
	if s := r.get("dialer.bench.s/day"); s.ok() {
		fmt.Fprintf(w, "| Go benchmark `BenchmarkSimulateDay1M` | %s | in-process | %s | %s max RSS of the test binary | %s live heap |\n",
			med(r.get("dialer.bench.attempts"), count), withRange(s, secs),
			med(r.get("dialer.bench.maxrss_mib"), mebi), withRange(r.get("dialer.bench.bytes/call"), bytesUnit))
	} else {
		fmt.Fprintln(w, "| Go benchmark `BenchmarkSimulateDay1M` | not measured | | | | |")
	}
	if s := r.get("dialer.http.advance_s"); s.ok() {
		fmt.Fprintf(w, "| binary over HTTP (100 requests of 10 000 records, `POST /_mock/clock/advance`) | %s | %s | %s | %s VmHWM | %s peak RSS |\n",
			med(r.get("dialer.http.attempts"), count), withRange(r.get("dialer.http.create_s"), secs), withRange(s, secs),
			withRange(r.get("dialer.http.hwm_mib"), mebi), withRange(r.get("dialer.http.bytes_per_call"), bytesUnit))
	} else {
		fmt.Fprintln(w, "| binary over HTTP | not measured | | | | |")
	}
	fmt.Fprintln(w)
}

func writePages(w io.Writer, r *results) {
	fmt.Fprintln(w, "### 4. Pagination: page 1 and page 2 000 (size 100) of a 200 000-call campaign")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s\n\n", or(r.text("meta.pages"), ""))
	fmt.Fprintln(w, "| how | page 1 p50 | page 2 000 p50 | page 1 p99 | page 2 000 p99 | page 2 000 ÷ page 1 |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
	if s := r.get("pages.http.far_over_page1"); s.ok() {
		fmt.Fprintf(w, "| over HTTP, one connection, alternating | %s | %s | %s | %s | %s |\n",
			withRange(r.get("pages.http.page1_p50_us"), micros), withRange(r.get("pages.http.far_p50_us"), micros),
			med(r.get("pages.http.page1_p99_us"), micros), med(r.get("pages.http.far_p99_us"), micros), withRange(s, times))
	} else {
		fmt.Fprintln(w, "| over HTTP | not measured | | | | |")
	}
	if s := r.ratio("pages.bench.page2000.ns/op", "pages.bench.page1.ns/op"); s.ok() {
		fmt.Fprintf(w, "| Go benchmark `BenchmarkListCalls` (domain only, per op) | %s | %s | | | %s |\n",
			withRange(r.get("pages.bench.page1.ns/op"), nanosAsMicros), withRange(r.get("pages.bench.page2000.ns/op"), nanosAsMicros), withRange(s, times))
	} else {
		fmt.Fprintln(w, "| Go benchmark `BenchmarkListCalls` | not measured | | | | |")
	}
	fmt.Fprintln(w)
}

func writeContract(w io.Writer, r *results) {
	fmt.Fprintln(w, "### 5. Contract suite: a full strict run against the mock")
	fmt.Fprintln(w)
	if s := r.get("contract.wall_s"); s.ok() {
		fmt.Fprintf(w, "| wall time | exit code |\n| ---: | ---: |\n| %s | %s |\n\n", withRange(s, secs), med(r.get("contract.exit"), count))
		return
	}
	fmt.Fprintln(w, "Not measured (see the notes).")
	fmt.Fprintln(w)
}

func writeNotes(w io.Writer, r *results) {
	var keys []string
	for k := range r.texts {
		if strings.HasPrefix(k, "note.") {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "### Notes of this run")
	fmt.Fprintln(w)
	for _, k := range keys {
		fmt.Fprintf(w, "- %s: %s\n", strings.TrimPrefix(k, "note."), r.texts[k])
	}
	fmt.Fprintln(w)
}

func atLeast(t float64) func(float64) bool { return func(v float64) bool { return v >= t } }
func atMost(t float64) func(float64) bool  { return func(v float64) bool { return v <= t } }
func below(t float64) func(float64) bool   { return func(v float64) bool { return v < t } }

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func med(s stat, unit func(float64) string) string {
	if !s.ok() {
		return "–"
	}
	return unit(s.med)
}

// withRange is the median with the range of the runs when there were several.
func withRange(s stat, unit func(float64) string) string {
	if !s.ok() {
		return "–"
	}
	lo, hi := unit(s.lo), unit(s.hi)
	if s.n == 1 || lo == hi {
		return unit(s.med)
	}
	return fmt.Sprintf("%s (%s–%s)", unit(s.med), lo, hi)
}

func times(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f×", v)
	case v >= 10:
		return fmt.Sprintf("%.1f×", v)
	}
	return fmt.Sprintf("%.2f×", v)
}

func count(v float64) string {
	if v != math.Trunc(v) || math.Abs(v) >= 1e15 {
		v = math.Round(v)
	}
	s := strconv.FormatInt(int64(v), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(" ")
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func millis(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f ms", v)
	}
	return fmt.Sprintf("%.2f ms", v)
}

func micros(v float64) string {
	if v >= 10000 {
		return fmt.Sprintf("%.1f ms", v/1000)
	}
	return fmt.Sprintf("%.0f µs", v)
}

func microsFine(v float64) string { return fmt.Sprintf("%.1f µs", v) }

func nanosAsMicros(v float64) string { return micros(v / 1000) }

func secs(v float64) string { return fmt.Sprintf("%.2f s", v) }

func mebi(v float64) string { return fmt.Sprintf("%.0f MiB", v) }

func bytesUnit(v float64) string { return fmt.Sprintf("%.0f B", v) }

func percent(v float64) string { return fmt.Sprintf("%.2f %%", v*100) }
