package reports

import (
	"bytes"
	"flag"
	"html"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// attackStart is when every synthetic attack begins.
var attackStart = time.Date(2026, 1, 1, 0, 0, 7, 0, time.UTC)

// attack describes a synthetic vegeta result file.
type attack struct {
	file  string
	n     int
	rate  float64       // requests per second
	lat   time.Duration // median latency
	codes []int         // status codes, cycled; 0 is a transport error
	spike int           // index of a result with a 40× latency, or -1
	get   string        // the URL of a GET; "" for POST create
}

// write writes the attack's results with vegeta's own encoder, seeded so
// that the golden files never change.
func (a attack) write(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, a.file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(7, uint64(a.n)))
	enc := vegeta.NewEncoder(f)
	for i := range a.n {
		lat := time.Duration(float64(a.lat) * math.Exp(rng.NormFloat64()*0.4))
		if i == a.spike {
			lat *= 40
		}
		code := a.codes[i%len(a.codes)]
		r := vegeta.Result{
			Attack: strings.TrimSuffix(a.file, ResultExt), Seq: uint64(i), Code: uint16(code),
			Timestamp: attackStart.Add(time.Duration(float64(i) / a.rate * float64(time.Second))),
			Latency:   lat, Method: "POST", URL: "http://127.0.0.1:40123/api/v1/call-campaign",
		}
		if a.get != "" {
			r.Method, r.URL = "GET", a.get
		}
		if code == 0 {
			r.Error = "read tcp 127.0.0.1:5000->127.0.0.1:40123: read: connection reset by peer"
		}
		if err := enc.Encode(&r); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	createStorm = attack{file: "create-storm.bin", n: 60, rate: 20, lat: 2 * time.Millisecond, codes: []int{201}, spike: -1}
	dialer      = attack{file: "dialer-throughput.bin", n: 30, rate: 10, lat: 3 * time.Millisecond, codes: []int{200}, spike: -1}
	stormFailed = attack{file: "create-storm.bin", n: 60, rate: 15.2, lat: 2 * time.Millisecond,
		codes: []int{201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 500, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 0, 500}, spike: 37}
	stray = attack{file: "mixed.bin", n: 40, rate: 20, lat: 4 * time.Millisecond, codes: []int{200, 200, 201, 404, 200, 409}, spike: -1}
	// A maximum-rate run (--rate 0 --workers 8) of list-calls.
	listCallsMax = attack{file: "list-calls.bin", n: 240, rate: 80, lat: 400 * time.Microsecond, codes: []int{200}, spike: -1,
		get: "http://127.0.0.1:40123/api/v1/call-campaign/3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f/calls?size=50&page=1"}
)

// goldenCases are the report directories of testdata/, each with the
// result files the test writes into a copy of it.
var goldenCases = []struct {
	name    string
	attacks []attack
	verdict Verdict
}{
	{"pass", []attack{createStorm, dialer}, Pass},
	{"failed", []attack{stormFailed, dialer}, Fail},
	{"skipped", []attack{createStorm}, Pass},
	{"unreachable", nil, Error},
	{"missing", []attack{createStorm, stray}, Error},
	// The output of callharness report merge: summary.json and the result
	// files, no run.json, no contract.json.
	{"merged", []attack{createStorm, dialer}, Pass},
	// A run stopped by --timeout: one scenario cut short, three never started.
	{"timeout", []attack{createStorm}, Error},
	// callharness load --scenario list-calls --rate 0 --workers 8: no rate was requested.
	{"maxrate", []attack{listCallsMax}, Pass},
}

// reportDir copies testdata/name into a temporary directory and writes the attacks there.
func reportDir(t *testing.T, name string, attacks []attack) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata", name, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range attacks {
		a.write(t, dir)
	}
	return dir
}

// renderCase reads the report directory of testdata/name with the attacks
// written into it, and renders its page.
func renderCase(t *testing.T, name string, attacks []attack) (*Run, string) {
	t.Helper()
	run, err := Read(reportDir(t, name, attacks))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := RenderHTML(&buf, run); err != nil {
		t.Fatal(err)
	}
	return run, buf.String()
}

func TestRenderHTMLGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			run, page := renderCase(t, tc.name, tc.attacks)
			if run.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s (reasons %q)", run.Verdict, tc.verdict, run.Reasons)
			}
			buf := bytes.NewBufferString(page)
			golden := filepath.Join("testdata", tc.name+".golden.html")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run the test with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("index.html differs from %s; run `go test ./reports -run Golden -update` and review the diff", golden)
			}
			assertSelfContained(t, buf.String())
		})
	}
}

// external finds anything a browser would fetch: scripts, stylesheets,
// images, fonts, frames, CSS imports and urls.
var external = regexp.MustCompile(`(?i)<script|<link|<img|<iframe|<object|<embed|\bsrc=|@import|url\(|@font-face`)

func assertSelfContained(t *testing.T, page string) {
	t.Helper()
	if m := external.FindString(page); m != "" {
		t.Errorf("index.html is not self-contained: it holds %q", m)
	}
	if !strings.Contains(page, "<style>") {
		t.Error("index.html has no inline style")
	}
}

// TestNavigationChipsTakeTheirBadgesColour holds each verdict's link in the
// navigation to the colour of its badge: an ERROR scenario is not red.
func TestNavigationChipsTakeTheirBadgesColour(t *testing.T) {
	css, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		t.Fatal(err)
	}
	colourOf := func(selector, property string) string {
		t.Helper()
		re := regexp.MustCompile(`(?m)` + regexp.QuoteMeta(selector) + `\s*(?:,[^{]*)?\{([^}]*)\}`)
		m := re.FindSubmatch(css)
		if m == nil {
			t.Fatalf("style.css has no rule for %s alone", selector)
		}
		v := regexp.MustCompile(`(?:^|[;\s])` + property + `:\s*var\((--[a-z-]+)\)`).FindSubmatch(m[1])
		if v == nil {
			t.Fatalf("the rule of %s sets no %s", selector, property)
		}
		return string(v[1])
	}
	for _, v := range []Verdict{Fail, Error, Warn} {
		badge := colourOf(".badge.v-"+string(v), "background")
		chip := colourOf(".toc a.sub.v-"+string(v), "color")
		if badge != chip {
			t.Errorf("%s: the badge is %s but its navigation chip %s", v, badge, chip)
		}
	}
}

// placeholder finds words a description stands in for a value with and
// that reached the page unfilled: a lone capital such as the N of "N
// numbers", {name} (but for a segment of a route template such as
// /call-campaign/{call_campaign_uuid}/calls), %d, <N>, TODO.
var placeholder = regexp.MustCompile(`(?:^|[\s(])[B-HJ-Z](?:[\s,.;:)]|$)|(?:^|[^/])\{[a-z_]+\}|%[dsvq]|<[A-Z_]+>|\bTODO\b|\bXXX\b`)

// pageText is what a reader sees of a page: no style, no tags, no attributes.
func pageText(page string) string {
	page = regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(page, " ")
	page = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(page, " ")
	return html.UnescapeString(page)
}

func TestNoPlaceholderReachesAGoldenPage(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			_, page := renderCase(t, tc.name, tc.attacks)
			text := pageText(page)
			for _, loc := range placeholder.FindAllStringIndex(text, -1) {
				from, to := max(0, loc[0]-40), min(len(text), loc[1]+40)
				t.Errorf("an unfilled placeholder %q: …%s…", strings.TrimSpace(text[loc[0]:loc[1]]), strings.Join(strings.Fields(text[from:to]), " "))
			}
		})
	}
}

func TestDescriptionsTakeTheKnobsOfTheRun(t *testing.T) {
	k := Knobs{Records: 5, Numbers: 60, Speed: 5, Sizes: []int{7, 25, 50, 100}}
	for _, tc := range []struct{ desc, knobs, none string }{
		{"a black-box benchmark of a dialer: a campaign of N numbers at speed S, polled",
			"a black-box benchmark of a dialer: a campaign of 60 numbers at speed 5, polled",
			"a black-box benchmark of a dialer: a campaign of numbers at its speed, polled"},
		{"many campaigns created at the given rate, with a set number of records each",
			"many campaigns created at the given rate, with 5 records each",
			"many campaigns created at the given rate, with a set number of records each"},
		{"pages are walked at several sizes while records are appended",
			"pages are walked at sizes 7, 25, 50 and 100 while records are appended",
			"pages are walked at several sizes while records are appended"},
	} {
		if got := describe(tc.desc, k); got != tc.knobs {
			t.Errorf("with knobs: %q\nwant %q", got, tc.knobs)
		}
		if got := describe(tc.desc, Knobs{}); got != tc.none {
			t.Errorf("without knobs: %q\nwant %q", got, tc.none)
		}
	}
}

// TestEachScenarioFoldsItsDetailsOpenOnlyWhenItFailed holds every plot and
// detail table of a scenario under a <details> that is open only for a
// scenario that failed or could not be judged, below the overview table.
func TestEachScenarioFoldsItsDetailsOpenOnlyWhenItFailed(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			_, page := renderCase(t, tc.name, tc.attacks)
			overview := strings.Index(page, `<table class="overview">`)
			articles := strings.Split(page, `<article class="scenario"`)[1:]
			if len(articles) > 0 && (overview < 0 || overview > strings.Index(page, `<article class="scenario"`)) {
				t.Error("the load overview table is not above the scenarios")
			}
			for _, a := range articles {
				a = a[:strings.Index(a, "</article>")]
				name := regexp.MustCompile(`</span> ([^<]+)</h3>`).FindStringSubmatch(a)[1]
				failed := strings.Contains(a[:strings.Index(a, "</h3>")], `badge v-fail`) || strings.Contains(a[:strings.Index(a, "</h3>")], `badge v-error`)
				fold := strings.Index(a, `<details class="more"`)
				for _, detail := range []string{`<svg`, `<table class="pct">`, `<table class="vt`} {
					if i := strings.Index(a, detail); i >= 0 && (fold < 0 || i < fold) {
						t.Errorf("%s: %s is not folded", name, detail)
					}
				}
				if fold < 0 {
					continue
				}
				open := strings.HasPrefix(a[fold:], `<details class="more" open>`)
				if open != failed {
					t.Errorf("%s: its details are open=%v, want open only when it failed (%v)", name, open, failed)
				}
			}
		})
	}
}

// TestAMaxRateRunShowsItsWorkersNotARequestedRate holds the page of a
// maximum-rate run to what it was: N workers sending as fast as they
// could, no requested rate to fall behind of, no corrected latency.
func TestAMaxRateRunShowsItsWorkersNotARequestedRate(t *testing.T) {
	_, page := renderCase(t, "maxrate", []attack{listCallsMax})
	for _, want := range []string{
		`<td class="num">max, 8 workers</td>`,                      // the overview's Requested column
		`9311/s <span class="muted">at max rate, 8 workers</span>`, // the scenario's rate
		"nothing was scheduled",                                    // instead of a corrected latency
		"maximum rate, 8 workers per shard (closed model)",         // the run's rate
		"max rate, 8 workers for 3s",                               // the schedule
	} {
		if !strings.Contains(page, html.EscapeString(want)) && !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"corrected to the intended send time", "fell behind", "requested 0", "of 0/s"} {
		if strings.Contains(pageText(page), unwanted) {
			t.Errorf("the page of a maximum-rate run says %q", unwanted)
		}
	}
}
