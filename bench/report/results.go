package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// results are the raw figures of one make bench: by key, the value each
// run measured, and the texts (notes, machine) by key.
type results struct {
	runs  map[string]map[int]float64
	texts map[string]string
}

// readResults reads lines "run<TAB>key<TAB>value". A value that is not a
// number is a text: the last one of a key wins.
func readResults(r io.Reader) (*results, error) {
	res := &results{runs: map[string]map[int]float64{}, texts: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("line %d: want run, key and value separated by tabs: %q", n, line)
		}
		run, err := strconv.Atoi(parts[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: run %q: %w", n, parts[0], err)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(parts[2]), 64)
		if err != nil || math.IsNaN(v) || isText(parts[1]) {
			res.texts[parts[1]] = parts[2]
			continue
		}
		if res.runs[parts[1]] == nil {
			res.runs[parts[1]] = map[int]float64{}
		}
		res.runs[parts[1]][run] = v
	}
	return res, sc.Err()
}

// isText tells the keys whose values are texts even when they read as numbers.
func isText(key string) bool {
	return strings.HasPrefix(key, "meta.") || strings.HasPrefix(key, "note.")
}

// stat is the median of a figure over the runs, with its range.
type stat struct {
	med, lo, hi float64
	n           int
}

func (s stat) ok() bool { return s.n > 0 }

func statOf(vs []float64) stat {
	if len(vs) == 0 {
		return stat{}
	}
	vs = slices.Clone(vs)
	slices.Sort(vs)
	m := len(vs) / 2
	med := vs[m]
	if len(vs)%2 == 0 {
		med = (vs[m-1] + vs[m]) / 2
	}
	return stat{med: med, lo: vs[0], hi: vs[len(vs)-1], n: len(vs)}
}

// get is the median of key over its runs.
func (r *results) get(key string) stat {
	var vs []float64
	for _, v := range r.runs[key] {
		vs = append(vs, v)
	}
	return statOf(vs)
}

// ratio is the median over the runs of num/den, each ratio taken within
// one run: drift of the machine between runs cancels out.
func (r *results) ratio(num, den string) stat {
	var vs []float64
	for run, a := range r.runs[num] {
		if b, ok := r.runs[den][run]; ok && b != 0 {
			vs = append(vs, a/b)
		}
	}
	return statOf(vs)
}

func (r *results) text(key string) string { return r.texts[key] }
