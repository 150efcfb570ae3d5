package reports

import (
	"fmt"
	"slices"
	"time"
)

// Colours of the plots, chosen to be told apart by colour-blind readers.
const (
	colourP50     = "#1f6fb4"
	colourP99     = "#e07b00"
	colourPoint   = "#8a94a6"
	colourBad     = "#c62828"
	colourSent    = "#a9cbea" // pale: the wide band under the responses' line
	colourOK      = "#2e7d32"
	colourRequest = "#555555"
)

// latencyUnit picks the unit a latency axis reaching top is labelled in.
func latencyUnit(top time.Duration) (string, time.Duration) {
	switch {
	case top < time.Millisecond:
		return "µs", time.Microsecond
	case top < 5*time.Second:
		return "ms", time.Millisecond
	default:
		return "s", time.Second
	}
}

// latencyLine is the two lines of the latency plot: the p50 of each line
// bucket of a few results or more and, above it, the p99 of each bucket of
// MinQuantileN results or more, or else the maximum of each bucket, named
// as such.
type latencyLine struct {
	Top   string        // "p99" or "max"
	Width time.Duration // of the buckets the points stand for
	P50   []linePoint
	Tops  []linePoint
}

type linePoint struct {
	X float64 // seconds since the start, the middle of the bucket
	V time.Duration
	N int // results in the bucket
}

// minMedianN is the fewest results of which a bucket's p50 is drawn.
const minMedianN = 5

// Label is how the legend names the line of a quantile, "p50 per 1s".
func (l latencyLine) Label(q string) string { return q + " per " + shortDuration(l.Width) }

func latencyLines(s *Series) latencyLine {
	l := latencyLine{Top: "p99", Width: s.LineWidth}
	for i, b := range s.Lines {
		x := lineMiddle(s, b.Offset, s.LineSlot(i))
		if b.N >= minMedianN || (b.N > 0 && s.Total < 2*minMedianN) {
			l.P50 = append(l.P50, linePoint{X: x, V: b.P50, N: b.N})
		}
		if b.N >= MinQuantileN {
			l.Tops = append(l.Tops, linePoint{X: x, V: b.P99, N: b.N})
		}
	}
	if len(l.Tops) >= 2 {
		return l
	}
	// Too few results for the p99 of a bucket: each bucket's maximum.
	l.Top, l.Tops = "max", nil
	for i, b := range s.Lines {
		if b.N > 0 {
			l.Tops = append(l.Tops, linePoint{X: lineMiddle(s, b.Offset, s.LineSlot(i)), V: b.Max, N: b.N})
		}
	}
	return l
}

// lineMiddle is where a bucket's point goes: the middle of the part of it
// that lies within the attack.
func lineMiddle(s *Series, offset, width time.Duration) float64 {
	from, to := max(0, offset), min(s.Sends, offset+width)
	if to < from {
		to = from
	}
	return (from + (to-from)/2).Seconds()
}

// PlotLatency draws latency over time: every sampled response as a dot
// (errors in red), with the p50 and p99 (or maximum) of each time bucket as
// lines. The y axis stops a little above most buckets' p99 so that one
// outlier does not flatten the picture; dots above it are pinned to the top
// and counted, line points above it are marked at the top with their value.
func PlotLatency(s *Series) string {
	if s == nil || s.Total == 0 {
		return ""
	}
	lines := latencyLines(s)
	top := latencyTop(s, lines)
	unit, per := latencyUnit(top)
	yticks, ytop := niceTicks(float64(top)/float64(per), 5)
	xticks, xtop := timeTicks(s)
	c := newCanvas("Latency over time, "+lines.Label("p50")+" and "+lines.Label(lines.Top), xtop, ytop)
	c.axes(xticks, yticks, tickLabel, tickLabel, "time since the start of the attack (s)", "latency ("+unit+")")
	clipped := 0
	for _, p := range s.Points {
		v := float64(p.Latency) / float64(per)
		fill, r := colourPoint, 2.6
		if p.Code == 0 || p.Code >= 500 {
			fill, r = colourBad, 3.2
		}
		y := c.y.at(min(v, ytop))
		if v > ytop {
			clipped++
			fmt.Fprintf(&c.b, `<path d="M%s %sl-3 5h6z" fill="%s"/>`, num(c.x.at(p.Offset.Seconds())), num(y), fill)
			continue
		}
		fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="%g" fill="%s" fill-opacity="0.6"/>`, num(c.x.at(p.Offset.Seconds())), num(y), r, fill)
	}
	var over []linePoint
	for _, line := range []struct {
		points []linePoint
		colour string
	}{{lines.Tops, colourP99}, {lines.P50, colourP50}} {
		xs := make([]float64, 0, len(line.points))
		ys := make([]float64, 0, len(line.points))
		for _, p := range line.points {
			v := float64(p.V) / float64(per)
			xs, ys = append(xs, p.X), append(ys, min(v, ytop))
			if v > ytop && line.colour == colourP99 {
				over = append(over, p)
			}
		}
		c.polyline(xs, ys, line.colour, 2.2, "")
	}
	for _, p := range over {
		c.overTop(p.X, colourP99, shortDuration(p.V))
	}
	shown := "responses"
	if len(s.Points) < s.Total {
		shown = fmt.Sprintf("responses (%d of %d shown)", len(s.Points), s.Total)
	}
	items := []legendItem{
		{Label: lines.Label("p50"), Colour: colourP50, Kind: "line"},
		{Label: lines.Label(lines.Top), Colour: colourP99, Kind: "line"},
		{Label: shown, Colour: colourPoint, Kind: "dot"},
		{Label: "error or 5xx", Colour: colourBad, Kind: "dot"},
	}
	if clipped > 0 {
		items = append(items, legendItem{Label: fmt.Sprintf("▲ %d above the axis (max %s)", clipped, shortDuration(s.Latency.Max)), Kind: "none"})
	}
	c.legend(items)
	return c.String()
}

// latencyTop is where the latency axis ends: a quarter above the top line
// of most buckets (their 90th percentile) and the p99 of the whole attack,
// or at the maximum when that is not much higher.
func latencyTop(s *Series, lines latencyLine) time.Duration {
	tops := make([]time.Duration, 0, len(lines.Tops))
	for _, p := range lines.Tops {
		tops = append(tops, p.V)
	}
	slices.Sort(tops)
	top := max(quantile(tops, 0.9), s.Latency.P99)
	top += top / 4
	if s.Latency.Max <= top*3/2 {
		top = s.Latency.Max
	}
	return max(top, time.Microsecond)
}

// shortDuration writes a duration rounded to three significant digits.
func shortDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0"
	case d < time.Millisecond:
		return trimFloat(float64(d)/float64(time.Microsecond)) + "µs"
	case d < time.Second:
		return trimFloat(float64(d)/float64(time.Millisecond)) + "ms"
	case d < time.Minute:
		return trimFloat(d.Seconds()) + "s"
	default:
		return d.Round(time.Second).String()
	}
}

// trimFloat writes v with three significant digits and no trailing zeros.
func trimFloat(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return trimZeros(fmt.Sprintf("%.1f", v))
	default:
		return trimZeros(fmt.Sprintf("%.2f", v))
	}
}

func trimZeros(s string) string {
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
