package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// WriteEnvironment writes env as dir/run.json.
func WriteEnvironment(dir string, env Environment) error {
	b, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return fmt.Errorf("encode run.json: %w", err)
	}
	path := filepath.Join(dir, FileEnvironment)
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
