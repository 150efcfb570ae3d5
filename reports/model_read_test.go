package reports

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// partialDir copies only the given files of testdata/name, as the output of
// callharness load --out or contract --report-dir would hold them.
func partialDir(t *testing.T, name string, files []string, attacks []attack) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", name, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range attacks {
		a.write(t, dir)
	}
	return dir
}

func TestReadJudgesAPartialDirectoryOnWhatItHolds(t *testing.T) {
	for _, tc := range []struct {
		name    string
		from    string
		files   []string
		attacks []attack
		verdict Verdict
		holds   string
	}{
		{"load --out", "pass", []string{FileSummary}, []attack{createStorm, dialer}, Pass, "load only"},
		{"contract --report-dir", "pass", []string{FileContract}, nil, Pass, "contract only"},
		{"a failed load", "failed", []string{FileSummary}, []attack{stormFailed, dialer}, Fail, "load only"},
		{"result files alone", "pass", nil, []attack{createStorm}, Error, "load only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := Read(partialDir(t, tc.from, tc.files, tc.attacks))
			if err != nil {
				t.Fatal(err)
			}
			if run.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s (reasons %q)", run.Verdict, tc.verdict, run.Reasons)
			}
			if got := run.Holds(); got != tc.holds {
				t.Errorf("holds %q, want %q", got, tc.holds)
			}
			for _, p := range run.Problems {
				if strings.Contains(p, FileEnvironment) || strings.Contains(p, "contract.json is missing") {
					t.Errorf("a part the directory never held is flagged: %q", p)
				}
			}
			var page bytes.Buffer
			if err := RenderHTML(&page, run); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(page.String(), tc.holds) {
				t.Errorf("the page does not say the directory holds %q", tc.holds)
			}
		})
	}
}

func TestReadOfARunDirectoryStillWantsThePhasesItRan(t *testing.T) {
	// run.json says the contract phase ran, so its missing contract.json
	// leaves the run incomplete.
	run, err := Read(partialDir(t, "pass", []string{FileEnvironment, FileSummary}, []attack{createStorm, dialer}))
	if err != nil {
		t.Fatal(err)
	}
	if run.Verdict != Error || len(run.Problems) == 0 || !strings.Contains(run.Problems[0], FileContract) {
		t.Errorf("verdict %s, problems %q; want error for the missing contract.json", run.Verdict, run.Problems)
	}
}

func TestReadRefusesADirectoryWithNoReportFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(dir)
	if !errors.Is(err, ErrNoResults) {
		t.Fatalf("error %v, want ErrNoResults", err)
	}
	for _, f := range []string{FileEnvironment, FileContract, FileSummary} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("the error %q does not name %s", err, f)
		}
	}
}
