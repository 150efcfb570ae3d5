// Package configfile reads the YAML config files of the commands and says
// what is wrong with one in the words of the file, one line per problem:
//
//	mock.yaml:7: limits.speed_max: want a whole number, got "fast"
//	mock.yaml:9: outcome_mix.congestoin: unknown field; did you mean congestion?
//
// rather than in those of the decoder (Go types, "unmarshal errors").
package configfile

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong in a config file.
type Problem struct {
	File  string // the name of the file, as given
	Line  int    // 0 when the line is not known
	Field string // the path of the field, such as limits.speed_max or firms[0].id; "" for the file
	Msg   string
}

// String is the problem on one line: file:line: field: message.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is every problem found in a config file, in the order of the file.
type Error struct{ Problems []Problem }

// Error is one line per problem.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Lines returns the problems, one line each.
func (e *Error) Lines() []string { return strings.Split(e.Error(), "\n") }

// File is a config file once decoded: its name, where each field is, and
// the problems found so far.
type File struct {
	Name     string
	lines    map[string]int // field path → line of its key (or item)
	problems []Problem
	syntax   bool // the file is not YAML: nothing else is judged
}

// Has reports whether the file gives field (a path such as outcome_mix.failed).
func (f *File) Has(field string) bool { _, ok := f.lines[field]; return ok }

// Line is the line of field in the file, 0 when the file does not give it.
func (f *File) Line(field string) int { return f.lines[field] }

// Report adds a problem of the value of field, at its line, unless the
// field, one that holds it or one inside it has one already, or the file is
// not YAML: a value the decoder could not read is not judged again, nor
// what it leaves out (an unknown weight makes no "no weight given").
func (f *File) Report(field, format string, args ...any) {
	if f.syntax {
		return
	}
	for _, p := range f.problems {
		if p.Field == field || within(field, p.Field) || within(p.Field, field) {
			return
		}
	}
	f.problems = append(f.problems, Problem{File: f.Name, Line: f.Line(field), Field: field, Msg: fmt.Sprintf(format, args...)})
}

// within reports whether field path a is inside path b.
func within(a, b string) bool {
	return b == "" || strings.HasPrefix(a, b+".") || strings.HasPrefix(a, b+"[")
}

// Err is every problem of the file in the order of its lines, as an
// *Error, or nil for none.
func (f *File) Err() error {
	if len(f.problems) == 0 {
		return nil
	}
	out := slices.Clone(f.problems)
	slices.SortStableFunc(out, func(a, b Problem) int { return a.Line - b.Line })
	return &Error{Problems: out}
}

// Decode reads data, the content of the file name, over out, a pointer to
// a struct whose fields have yaml tags. Fields the file does not give keep
// their value. Every unknown field, field given twice and value of the
// wrong kind is a problem of the File; the values that are right are
// decoded all the same, so that the caller can judge them too with Report.
// Then File.Err says everything at once. An empty file is no problem.
func Decode(name string, data []byte, out any) *File {
	f := &File{Name: name, lines: map[string]int{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		f.problems, f.syntax = []Problem{syntaxProblem(name, err)}, true
		return f
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return f
	}
	w := walker{file: f}
	w.walk(root.Content[0], reflect.TypeOf(out).Elem(), "")
	for _, n := range w.bad {
		*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
	}
	f.problems = w.problems
	if err := root.Content[0].Decode(out); err != nil {
		f.problems = append(f.problems, syntaxProblem(name, err))
		f.syntax = true
	}
	return f
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?(?:unmarshal errors:\s*)?line (\d+): `)

// syntaxProblem is an error of the YAML parser as a Problem.
func syntaxProblem(name string, err error) Problem {
	msg := strings.TrimSpace(err.Error())
	p := Problem{File: name}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	p.Msg = "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")
	return p
}

type walker struct {
	file     *File
	problems []Problem
	bad      []*yaml.Node // values not to decode: each has a problem
}

// add records a problem of node n, the value of field (or its key), and
// leaves n out of the decoding.
func (w *walker) add(n *yaml.Node, field, format string, args ...any) {
	w.problems = append(w.problems, Problem{File: w.file.Name, Line: n.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
	w.bad = append(w.bad, n)
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// walk checks node n against the Go type t of the field at path.
func (w *walker) walk(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // the zero value
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			w.add(n, path, "%s", ownMessage(err))
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		w.walk(n, t.Elem(), path)
	case reflect.Struct:
		w.mapping(n, t, path)
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			w.add(n, path, "want a list such as [a, b], got %s", describe(n))
			return
		}
		for i, item := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			w.file.lines[p] = item.Line
			w.walk(item, t.Elem(), p)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.add(n, path, "want fields (name: value), got %s", describe(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := join(path, n.Content[i].Value)
			w.file.lines[p] = n.Content[i].Line
			w.walk(n.Content[i+1], t.Elem(), p)
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			w.add(n, path, "want a text value, got %s", describe(n))
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			w.add(n, path, "want true or false, got %s", describe(n))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.number(n, t, path, "!!int")
	case reflect.Float32, reflect.Float64:
		w.number(n, t, path, "!!int", "!!float")
	}
}

var wholeNumber = regexp.MustCompile(`^[-+]?[0-9]+$`)

// number checks a scalar of one of tags that fits a value of type t.
// yaml.v3 would silently cut 7.5 to 7 for an integer; this does not.
func (w *walker) number(n *yaml.Node, t reflect.Type, path string, tags ...string) {
	want := "a whole number"
	if t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64 {
		want = "a number"
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" && wholeNumber.MatchString(n.Value) && !slices.Contains(tags, "!!float") {
		w.add(n, path, "want a smaller number, got %s", describe(n)) // past int64, YAML reads it as a float
		return
	}
	if n.Kind != yaml.ScalarNode || !slices.Contains(tags, n.ShortTag()) {
		hint := ""
		if n.Kind == yaml.ScalarNode && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 {
			if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
				hint = " (write it without quotes)"
			}
		}
		w.add(n, path, "want %s, got %s%s", want, describe(n), hint)
		return
	}
	if err := n.Decode(reflect.New(t).Interface()); err != nil {
		w.add(n, path, "want a smaller number, got %s", describe(n))
	}
}

// mapping checks the fields of a mapping against the struct type t.
func (w *walker) mapping(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.MappingNode {
		w.add(n, path, "want fields (name: value), got %s", describe(n))
		return
	}
	fields := fieldsOf(t)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			w.add(key, path, "a field name must be plain text, got %s", describe(key))
			continue
		}
		p := join(path, key.Value)
		if first, ok := seen[key.Value]; ok {
			w.add(key, p, "given twice (first on line %d)", first)
			continue
		}
		seen[key.Value] = key.Line
		ft, ok := fields[key.Value]
		if !ok {
			w.add(key, p, "unknown field%s", suggest(key.Value, fields))
			continue
		}
		w.file.lines[p] = key.Line
		w.walk(val, ft, p)
	}
}

// fieldsOf maps the yaml names of the fields of struct t to their types.
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = strings.ToLower(sf.Name)
		}
		out[name] = sf.Type
	}
	return out
}

// suggest names the known field closest to an unknown one, or lists the
// known ones when there are few.
func suggest(name string, fields map[string]reflect.Type) string {
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	slices.Sort(known)
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	switch {
	case best != "":
		return "; did you mean " + best + "?"
	case len(known) <= 8:
		return "; the fields here are " + strings.Join(known, ", ")
	}
	return ""
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// describe says what a node is, for "got …".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "fields (name: value)"
	}
	return strconv.Quote(n.Value)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// ownMessage is the message of a type's own UnmarshalYAML, without the
// prefixes of the decoder (the problem has the line already).
func ownMessage(err error) string {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
	}
	return msg
}
