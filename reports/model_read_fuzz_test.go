package reports

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead feeds arbitrary bytes to each file a report directory holds:
// reading and rendering must never panic, whatever a runner (or a disk) left.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"pass", "failed", "unreachable"} {
		for _, file := range []string{FileContract, FileSummary, FileEnvironment} {
			if b, err := os.ReadFile(filepath.Join("testdata", name, file)); err == nil {
				f.Add(uint8(0), b)
				f.Add(uint8(1), b)
				f.Add(uint8(2), b)
			}
		}
	}
	f.Add(uint8(3), []byte("\x0e\xff\x81\x03\x01\x01\x06Result"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		dir := t.TempDir()
		file := []string{FileContract, FileSummary, FileEnvironment, "x" + ResultExt}[which%4]
		if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
			t.Fatal(err)
		}
		run, err := Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := RenderHTML(io.Discard, run); err != nil {
			t.Fatal(err)
		}
		_ = JUnitOf(run)
	})
}
