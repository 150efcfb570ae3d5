package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Series is a scenario's vegeta results over time, bucketed for the plots.
type Series struct {
	Start time.Time     // the first request's send time
	Span  time.Duration // from the first send to the last response
	Sends time.Duration // from the first send to the last send
	// Gap is the mean interval between two sends. Buckets begin half a gap
	// before a multiple of their width, so that sends at a steady rate fall
	// between bucket edges rather than on them.
	Gap     time.Duration
	Bucket  time.Duration // the width of each bucket
	Buckets []Bucket
	// Lines are the wider buckets of the latency lines, LineWidth each,
	// wide enough for a p99 where there are results enough.
	LineWidth  time.Duration
	Lines      []LineBucket
	Points     []Point // an evenly spaced sample of single results, for the scatter
	Codes      []int   // every status code seen, ascending; 0 is a transport error
	Total      int
	Latency    Percentiles
	CodeCounts []CodeCount
	Errors     []ErrorCount
	// Truncated is set when the file ended in the middle of a result.
	Truncated string
}

// Bucket is the results sent within one time slot.
type Bucket struct {
	Offset   time.Duration // from Series.Start to the slot's beginning; the first begins before it
	Requests int
	OK       int // 2xx and 3xx without a transport error
	Codes    map[int]int
}

// LineBucket is the latencies of the results sent within one slot of the
// latency lines.
type LineBucket struct {
	Offset        time.Duration
	N             int
	P50, P99, Max time.Duration
}

// MinQuantileN is the fewest results of which a bucket's p99 is drawn;
// below it the line shows the bucket's maximum and says so.
const MinQuantileN = 20

// Width is the time the i-th bucket covers: the bucket width, except for
// the last, which ends half a gap after the last send.
func (s *Series) Width(i int) time.Duration {
	return s.slotWidth(s.Buckets[i].Offset, s.Bucket)
}

// LineSlot is the time the i-th line bucket covers, as Width.
func (s *Series) LineSlot(i int) time.Duration {
	return s.slotWidth(s.Lines[i].Offset, s.LineWidth)
}

func (s *Series) slotWidth(offset, width time.Duration) time.Duration {
	w := s.Sends + s.Gap/2 - offset
	if w <= 0 || w > width {
		return width
	}
	return w
}

// Partial reports whether the last bucket covers less than half a bucket,
// too little for a rate worth drawing.
func (s *Series) Partial(i int) bool {
	return i == len(s.Buckets)-1 && len(s.Buckets) > 1 && s.Width(i) < s.Bucket/2
}

// Point is one result of the scatter sample.
type Point struct {
	Offset  time.Duration // send time from Series.Start
	Latency time.Duration
	Code    int
}

// Bounds of what is read from one result file.
const (
	maxResults = 20_000_000
	maxPoints  = 1500
	// A plot has between minBuckets and maxBuckets time buckets, with about
	// perBucket results in each where there are few results, so that the
	// rates of a bucket mean something.
	minBuckets = 6
	maxBuckets = 40
	perBucket  = 12
)

// ReadSeries reads a vegeta result file (gob, JSON or CSV) into a Series.
func ReadSeries(path string) (*Series, error) {
	first, lastSend, last, n, err := scanResults(path)
	if err != nil {
		return nil, err
	}
	s := &Series{Start: first, Span: last.Sub(first), Sends: lastSend.Sub(first), Total: n}
	if n == 0 {
		return s, nil
	}
	if n > 1 {
		s.Gap = s.Sends / time.Duration(n-1)
	}
	s.Bucket = bucketWidth(s.Sends, min(maxBuckets, max(minBuckets, n/perBucket)))
	s.LineWidth = s.Bucket
	if want := min(maxBuckets, n/MinQuantileN); want >= 2 {
		s.LineWidth = max(s.Bucket, bucketWidth(s.Sends, want))
	}
	nb, nl := s.slots(s.Bucket), s.slots(s.LineWidth)
	s.Buckets = make([]Bucket, nb)
	for i := range s.Buckets {
		s.Buckets[i] = Bucket{Offset: time.Duration(i)*s.Bucket - s.Gap/2, Codes: map[int]int{}}
	}
	lat := make([][]time.Duration, nl)
	stride := max(1, n/maxPoints)
	codes := map[int]int{}
	errs := map[string]int{}
	var all []time.Duration
	i := 0
	err = eachResult(path, func(r *vegeta.Result) {
		off := r.Timestamp.Sub(first)
		b := &s.Buckets[s.slot(off, s.Bucket, nb)]
		code := int(r.Code)
		if r.Error != "" && code == 0 {
			errs[r.Error]++
		}
		b.Requests++
		b.Codes[code]++
		codes[code]++
		if r.Error == "" && code >= 200 && code < 400 {
			b.OK++
		}
		j := s.slot(off, s.LineWidth, nl)
		lat[j] = append(lat[j], r.Latency)
		all = append(all, r.Latency)
		if i%stride == 0 && len(s.Points) < maxPoints {
			s.Points = append(s.Points, Point{Offset: off, Latency: r.Latency, Code: code})
		}
		i++
	})
	if err != nil {
		s.Truncated = err.Error()
	}
	s.Lines = make([]LineBucket, nl)
	for j, l := range lat {
		slices.Sort(l)
		s.Lines[j] = LineBucket{Offset: time.Duration(j)*s.LineWidth - s.Gap/2, N: len(l), P50: quantile(l, 0.50), P99: quantile(l, 0.99)}
		if len(l) > 0 {
			s.Lines[j].Max = l[len(l)-1]
		}
	}
	slices.Sort(all)
	s.Latency = percentilesOf(all)
	s.CodeCounts = sortedCodes(codes)
	for _, c := range s.CodeCounts {
		s.Codes = append(s.Codes, c.Code)
	}
	s.Errors = sortedErrors(errs)
	return s, nil
}

// slots is how many slots of the given width the sends fall into.
func (s *Series) slots(width time.Duration) int {
	return int((s.Sends+s.Gap/2)/width) + 1
}

// slot is the slot of a send at off, of n slots of the given width.
func (s *Series) slot(off, width time.Duration, n int) int {
	return min(n-1, max(0, int((off+s.Gap/2)/width)))
}

// scanResults makes the first pass over a result file: the first and last
// send times, the last response time and the number of results.
func scanResults(path string) (first, lastSend, last time.Time, n int, err error) {
	err = eachResult(path, func(r *vegeta.Result) {
		if n == 0 || r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if r.Timestamp.After(lastSend) {
			lastSend = r.Timestamp
		}
		if end := r.End(); end.After(last) {
			last = end
		}
		n++
	})
	if err != nil && n == 0 {
		return first, lastSend, last, 0, err
	}
	return first, lastSend, last, n, nil
}

// eachResult decodes every result of a file, at most maxResults of them.
// The error is for a file that cannot be opened or ends mid-result.
func eachResult(path string, f func(*vegeta.Result)) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	if info.Size() == 0 {
		return nil // an attack that sent nothing
	}
	dec := vegeta.DecoderFor(file)
	if dec == nil {
		return fmt.Errorf("%s: not a vegeta result file (gob, JSON or CSV)", path)
	}
	// Every encoding spends at least a byte on a result, so a decoder that
	// goes on longer than that is going round in circles on a broken file.
	limit := int(min(int64(maxResults), info.Size()))
	for i := 0; i < limit; i++ {
		var r vegeta.Result
		if err := dec.Decode(&r); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("%s: result %d: %w", path, i+1, err)
		}
		f(&r)
	}
	return nil
}

// bucketWidth picks the narrowest round slot width that cuts span into at most want slots.
func bucketWidth(span time.Duration, want int) time.Duration {
	steps := []time.Duration{
		10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
		100 * time.Millisecond, 200 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond,
		time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
		time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour,
	}
	for _, s := range steps {
		if span/s <= time.Duration(want) {
			return s
		}
	}
	return span / time.Duration(want)
}

// quantile is the nearest-rank q-quantile of sorted latencies.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func percentilesOf(sorted []time.Duration) Percentiles {
	if len(sorted) == 0 {
		return Percentiles{}
	}
	var sum time.Duration
	for _, d := range sorted {
		sum += d
	}
	return Percentiles{
		Min: sorted[0], Mean: sum / time.Duration(len(sorted)),
		P50: quantile(sorted, 0.50), P90: quantile(sorted, 0.90), P95: quantile(sorted, 0.95),
		P99: quantile(sorted, 0.99), Max: sorted[len(sorted)-1],
	}
}

func sortedCodes(m map[int]int) []CodeCount {
	out := make([]CodeCount, 0, len(m))
	for c, n := range m {
		out = append(out, CodeCount{Code: c, Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func sortedErrors(m map[string]int) []ErrorCount {
	out := make([]ErrorCount, 0, len(m))
	for e, n := range m {
		out = append(out, ErrorCount{Error: e, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Error < out[j].Error
	})
	return out
}
