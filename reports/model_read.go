package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Names of the files of a report directory.
const (
	FileEnvironment = "run.json"
	FileContract    = "contract.json"
	FileSummary     = "summary.json"
	FileIndex       = "index.html"
	FileJUnit       = "junit.xml"
	ResultExt       = ".bin"
)

// ErrNoResults is the error of Read for a directory that holds none of the
// files of a report directory.
var ErrNoResults = errors.New("not a report directory")

// Read reads a report directory into a Run. A directory with run.json is a
// callharness run's, judged on the phases run.json says ran; one without is
// the output of callharness load, contract or report merge, judged on what
// it holds. Missing or unreadable files are not an error: they become
// Problems, shown on the page, and the verdict is Error when nothing at all
// could be judged. The error is for a directory that does not exist or
// holds none of the files (ErrNoResults).
func Read(dir string) (*Run, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("report directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("report directory %s: not a directory", dir)
	}
	if !holdsAny(dir) {
		return nil, fmt.Errorf("%s is %w: it holds none of %s, %s, %s or *%s, which callharness run --out, load --out, contract --report-dir and report merge --out write",
			dir, ErrNoResults, FileEnvironment, FileContract, FileSummary, ResultExt)
	}
	run := &Run{}
	err = readJSON(filepath.Join(dir, FileEnvironment), &run.Env)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		run.Partial = true
	case err != nil:
		run.problem(FileEnvironment, err, "the environment of the run is unknown")
	}
	run.Contract = readContract(dir, run)
	run.Load = readLoad(dir, run)
	if run.Partial {
		run.Env = partEnvironment(run.Contract, run.Load)
	}
	Judge(run)
	return run, nil
}

// holdsAny reports whether dir holds at least one file of a report directory.
func holdsAny(dir string) bool {
	for _, f := range []string{FileEnvironment, FileContract, FileSummary} {
		if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	bins, _ := filepath.Glob(filepath.Join(dir, "*"+ResultExt))
	return len(bins) > 0
}

// problem records a file that could not be read, in plain words.
func (r *Run) problem(file string, err error, consequence string) {
	if errors.Is(err, fs.ErrNotExist) {
		r.Problems = append(r.Problems, fmt.Sprintf("%s is missing: %s.", file, consequence))
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf("%s could not be read (%v): %s.", file, err, consequence))
}

func readJSON(path string, into any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

func readContract(dir string, run *Run) *Contract {
	var f contractFile
	if err := readJSON(filepath.Join(dir, FileContract), &f); err != nil {
		if errors.Is(err, fs.ErrNotExist) && !run.expects("contract") {
			return nil
		}
		run.problem(FileContract, err, "the contract results are unknown")
		return nil
	}
	return f.model()
}

// readLoad reads summary.json and every result file beside it. A result
// file the summary does not name still becomes a scenario, measured from
// the file alone.
func readLoad(dir string, run *Run) *Load {
	var f summaryFile
	err := readJSON(filepath.Join(dir, FileSummary), &f)
	bins, _ := filepath.Glob(filepath.Join(dir, "*"+ResultExt))
	sort.Strings(bins)
	if err != nil && len(bins) == 0 {
		if !errors.Is(err, fs.ErrNotExist) || run.expects("load") {
			run.problem(FileSummary, err, "the load results are unknown")
		}
		return nil
	}
	var load *Load
	if err != nil {
		run.problem(FileSummary, err, "thresholds and invariants are unknown; latencies come from the result files alone")
		load = &Load{}
	} else {
		load = f.model()
	}
	seen := map[string]bool{}
	for i := range load.Scenarios {
		sc := &load.Scenarios[i]
		if sc.ResultFile == "" && sc.Verdict != Skip {
			sc.ResultFile = sc.Name + ResultExt
		}
		if sc.ResultFile == "" {
			continue
		}
		seen[sc.ResultFile] = true
		attachSeries(dir, sc)
	}
	for _, b := range bins {
		name := filepath.Base(b)
		if seen[name] {
			continue
		}
		sc := Scenario{Name: strings.TrimSuffix(name, ResultExt), ResultFile: name, Verdict: Error}
		sc.Notes = append(sc.Notes, "summary.json does not name this result file: thresholds and invariants are unknown.")
		attachSeries(dir, &sc)
		fillFromSeries(&sc)
		load.Scenarios = append(load.Scenarios, sc)
	}
	return load
}

// attachSeries reads the scenario's result file, noting what went wrong.
func attachSeries(dir string, sc *Scenario) {
	s, err := ReadSeries(filepath.Join(dir, sc.ResultFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if sc.Verdict != Skip && sc.Verdict != Error {
			sc.Notes = append(sc.Notes, sc.ResultFile+" is missing: no plots.")
		}
		sc.ResultFile = ""
	case err != nil:
		sc.Notes = append(sc.Notes, fmt.Sprintf("%s could not be read: %v", sc.ResultFile, err))
	default:
		sc.Series = s
		if s.Truncated != "" {
			sc.Notes = append(sc.Notes, "The result file ends early: "+s.Truncated)
		}
	}
}

// fillFromSeries measures a scenario known only from its result file.
func fillFromSeries(sc *Scenario) {
	s := sc.Series
	if s == nil {
		return
	}
	sc.Requests = s.Total
	sc.Latency = s.Latency
	sc.Codes = s.CodeCounts
	sc.Errors = s.Errors
	sc.Duration = s.Span
	ok := 0
	for _, b := range s.Buckets {
		ok += b.OK
	}
	if s.Total > 0 {
		sc.Success = float64(ok) / float64(s.Total)
	}
	if secs := s.Span.Seconds(); secs > 0 {
		sc.Achieved = float64(s.Total) / secs
		sc.Throughput = float64(ok) / secs
	}
}

// expects reports whether run.json says the run had the given phase and
// it ran, so that its missing file is a problem rather than a phase left
// out, or one that could not run and said why in run.json. A directory
// without run.json expects nothing: it is judged on what it holds.
func (r *Run) expects(phase string) bool {
	if r.Partial {
		return false
	}
	if len(r.Env.Phases) == 0 {
		return true
	}
	for _, p := range r.Env.Phases {
		if p.Name == phase {
			return p.Verdict != Error
		}
	}
	return false
}
