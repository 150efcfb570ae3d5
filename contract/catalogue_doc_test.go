package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// docPath is the page that documents the catalogue.
var docPath = filepath.Join("..", "docs", "contract.md")

// catalogueTable is the markdown table of the catalogue in docs/contract.md.
func catalogueTable() string {
	var b strings.Builder
	fmt.Fprintln(&b, "| id | operation | rule | fails in | needs | what it checks |")
	fmt.Fprintln(&b, "|---|---|---|---|---|---|")
	for _, c := range Catalogue() {
		fails := "strict (warning in documented)"
		if c.Rule.Documented() {
			fails = "documented, strict"
		}
		var needs []string
		for _, n := range c.Needs {
			needs = append(needs, string(n))
		}
		src := strings.ReplaceAll(c.Rule.Source, "|", `\|`)
		if r := []rune(src); len(r) > 140 {
			src = string(r[:140]) + "…"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s: %s | %s | %s | %s |\n", c.ID, c.Operation, c.Rule.Tag, src, fails, strings.Join(needs, ", "), c.Title)
	}
	return b.String()
}

// TestCatalogueIsDocumented: docs/contract.md holds the catalogue's table as
// the code has it, and every injector's check. CALLHARNESS_UPDATE_DOCS=1
// rewrites the table.
func TestCatalogueIsDocumented(t *testing.T) {
	data, err := os.ReadFile(docPath)
	require.NoError(t, err)
	doc := string(data)
	const head, tail = "| id | operation | rule |", "\n## The defect injectors"
	i, j := strings.Index(doc, head), strings.Index(doc, tail)
	require.True(t, i >= 0 && j > i, "docs/contract.md has the catalogue table before the injectors")
	want := catalogueTable()
	if os.Getenv("CALLHARNESS_UPDATE_DOCS") != "" {
		doc = doc[:i] + want + doc[j:]
		j = i + len(want)
		require.NoError(t, os.WriteFile(docPath, []byte(doc), 0o644))
	}
	if doc[i:j] != want {
		t.Errorf("the catalogue table of docs/contract.md is stale: run CALLHARNESS_UPDATE_DOCS=1 go test ./contract -run TestCatalogueIsDocumented")
	}
	for _, inj := range injectors {
		if !strings.Contains(doc, "| `"+inj.check+"` |") {
			t.Errorf("the injector table of docs/contract.md lacks %s", inj.check)
		}
	}
}
