package reports

import (
	"fmt"
	"strconv"
	"strings"
)

// Knobs are the scenarios' sizes and settings of a load run, as
// summary.json records them (scenarios.Knobs, by field name).
type Knobs struct {
	Records, Campaigns, Batch, Calls, Numbers, Speed int
	Sizes                                            []int
}

// knobWords are the words of the scenarios' descriptions that stand for a
// knob, what they become with its value, and without it.
var knobWords = []struct {
	words   string
	value   func(Knobs) string
	unknown string
}{
	{"N numbers", func(k Knobs) string { return count(k.Numbers, "number", "numbers") }, "numbers"},
	{"speed S", func(k Knobs) string { return positive(k.Speed, "speed ") }, "its speed"},
	{"a set number of records", func(k Knobs) string { return count(k.Records, "record", "records") }, "a set number of records"},
	{"at several sizes", func(k Knobs) string { return sizes(k.Sizes) }, "at several sizes"},
}

// describe fills the words of a scenario's description that stand for a
// knob with the knob's value in the run, or words that need none when the
// summary does not say.
func describe(desc string, k Knobs) string {
	for _, w := range knobWords {
		if !strings.Contains(desc, w.words) {
			continue
		}
		v := w.value(k)
		if v == "" {
			v = w.unknown
		}
		desc = strings.ReplaceAll(desc, w.words, v)
	}
	return desc
}

func count(n int, one, many string) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func positive(n int, prefix string) string {
	if n <= 0 {
		return ""
	}
	return prefix + strconv.Itoa(n)
}

// sizes writes page sizes as "at sizes 7, 25, 50 and 100".
func sizes(s []int) string {
	if len(s) == 0 {
		return ""
	}
	words := make([]string, len(s))
	for i, n := range s {
		words[i] = strconv.Itoa(n)
	}
	if len(words) == 1 {
		return "at size " + words[0]
	}
	return "at sizes " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
