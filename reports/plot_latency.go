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
	colourSent    = "#1f6fb4"
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

// PlotLatency draws latency over time: every sampled response as a dot
// (errors in red), with the p50 and p99 of each time bucket as lines. The y
// axis stops a little above the highest p99 so that one outlier does not
// flatten the picture; dots above it are pinned to the top and counted.
func PlotLatency(s *Series) string {
	if s == nil || s.Total == 0 {
		return ""
	}
	top := latencyTop(s)
	unit, per := latencyUnit(top)
	yticks, ytop := niceTicks(float64(top)/float64(per), 5)
	xticks, xtop := niceTicks(s.Span.Seconds(), 8)
	c := newCanvas("Latency over time, p50 and p99 per bucket", xtop, ytop)
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
	xs, p50, p99 := make([]float64, 0, len(s.Buckets)), make([]float64, 0, len(s.Buckets)), make([]float64, 0, len(s.Buckets))
	for i, b := range s.Buckets {
		if b.Requests == 0 {
			continue
		}
		xs = append(xs, (b.Offset + s.Width(i)/2).Seconds())
		p50 = append(p50, min(float64(b.P50)/float64(per), ytop))
		p99 = append(p99, min(float64(b.P99)/float64(per), ytop))
	}
	c.polyline(xs, p99, "series p99")
	c.polyline(xs, p50, "series p50")
	shown := "responses"
	if len(s.Points) < s.Total {
		shown = fmt.Sprintf("responses (%d of %d shown)", len(s.Points), s.Total)
	}
	items := []legendItem{
		{Label: "p50 per " + shortDuration(s.Bucket), Colour: colourP50, Kind: "line"},
		{Label: "p99 per " + shortDuration(s.Bucket), Colour: colourP99, Kind: "line"},
		{Label: shown, Colour: colourPoint, Kind: "dot"},
		{Label: "error or 5xx", Colour: colourBad, Kind: "dot"},
	}
	if clipped > 0 {
		items = append(items, legendItem{Label: fmt.Sprintf("▲ %d above the axis (max %s)", clipped, shortDuration(s.Latency.Max)), Kind: "none"})
	}
	c.legend(items)
	return c.String()
}

// latencyTop is where the latency axis ends: a quarter above the p99 of
// most buckets (their 90th percentile) and of the whole attack, or at the
// maximum when that is not much higher.
func latencyTop(s *Series) time.Duration {
	p99s := make([]time.Duration, 0, len(s.Buckets))
	for _, b := range s.Buckets {
		if b.Requests > 0 {
			p99s = append(p99s, b.P99)
		}
	}
	slices.Sort(p99s)
	top := max(quantile(p99s, 0.9), s.Latency.P99)
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
