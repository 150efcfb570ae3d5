package reports

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
)

//go:embed templates/index.html.tmpl templates/style.css
var templateFS embed.FS

var indexTemplate = template.Must(template.New("index.html.tmpl").Funcs(funcs).ParseFS(templateFS, "templates/index.html.tmpl"))

// stylesheet is inlined into every page, so that the page needs nothing
// but itself.
var stylesheet = func() template.CSS {
	b, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	return template.CSS(b)
}()

// RenderHTML writes the report page of r to w: one self-contained HTML
// document, with its style and plots inline and no reference to anything
// outside it.
func RenderHTML(w io.Writer, r *Run) error {
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, newPage(r)); err != nil {
		return fmt.Errorf("render index.html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteIndex renders r into dir/index.html and returns its path.
func WriteIndex(dir string, r *Run) (string, error) {
	var buf bytes.Buffer
	if err := RenderHTML(&buf, r); err != nil {
		return "", err
	}
	path := filepath.Join(dir, FileIndex)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}

// WriteRunJUnit writes the JUnit document of the whole run into dir/junit.xml.
func WriteRunJUnit(dir string, r *Run) error {
	return WriteJUnitFile(filepath.Join(dir, FileJUnit), JUnitOf(r))
}

// Render reads the report directory dir and writes its index.html, and
// returns the run it read and the page's path.
func Render(dir string) (*Run, string, error) {
	r, err := Read(dir)
	if err != nil {
		return nil, "", err
	}
	path, err := WriteIndex(dir, r)
	return r, path, err
}
