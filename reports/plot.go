package reports

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// A plot is drawn as inline SVG on a fixed canvas that the page scales to
// its width. Every plot has the same geometry, so that plots of one
// scenario line up above each other.
const (
	plotW      = 960.0
	plotH      = 280.0
	plotLeft   = 72.0
	plotRight  = 20.0
	plotTop    = 36.0
	plotBottom = 48.0
)

// scale maps a data interval onto a pixel interval.
type scale struct{ lo, hi, from, to float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return s.from
	}
	return s.from + (v-s.lo)/(s.hi-s.lo)*(s.to-s.from)
}

// canvas is an SVG document under construction with its plot area.
type canvas struct {
	b    strings.Builder
	x, y scale
}

// newCanvas starts a plot whose x axis spans [0, xmax] and y axis [0, ymax].
func newCanvas(label string, xmax, ymax float64) *canvas {
	c := &canvas{
		x: scale{0, xmax, plotLeft, plotW - plotRight},
		y: scale{0, ymax, plotH - plotBottom, plotTop},
	}
	fmt.Fprintf(&c.b, `<svg class="plot" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		plotW, plotH, html.EscapeString(label))
	fmt.Fprintf(&c.b, `<title>%s</title>`, html.EscapeString(label))
	return c
}

func (c *canvas) String() string { return c.b.String() + "</svg>" }

func (c *canvas) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" class="%s"/>`, num(x1), num(y1), num(x2), num(y2), class)
}

func (c *canvas) text(x, y float64, anchor, class, s string) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" text-anchor="%s" class="%s">%s</text>`, num(x), num(y), anchor, class, html.EscapeString(s))
}

func (c *canvas) rect(x, y, w, h float64, fill, title string) {
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s">`, num(x), num(y), num(w), num(h), fill)
	if title != "" {
		fmt.Fprintf(&c.b, `<title>%s</title>`, html.EscapeString(title))
	}
	c.b.WriteString(`</rect>`)
}

// polyline draws data points (in data units) joined by a line of the
// given colour, width and dash pattern ("" for solid).
func (c *canvas) polyline(xs, ys []float64, stroke string, width float64, dash string) {
	if len(xs) == 0 {
		return
	}
	var pts strings.Builder
	for i := range xs {
		fmt.Fprintf(&pts, "%s,%s ", num(c.x.at(xs[i])), num(c.y.at(ys[i])))
	}
	fmt.Fprintf(&c.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%g" stroke-linejoin="round"`, strings.TrimSpace(pts.String()), stroke, width)
	if dash != "" {
		fmt.Fprintf(&c.b, ` stroke-dasharray="%s"`, dash)
	}
	c.b.WriteString(`/>`)
}

// overTop marks a line's point that lies above the axis: a triangle at the
// top edge at x (in data units), and the value beside it.
func (c *canvas) overTop(x float64, colour, value string) {
	px, py := c.x.at(x), c.y.to
	fmt.Fprintf(&c.b, `<path class="over" d="M%s %sl-5 8h10z" fill="%s"/>`, num(px), num(py), colour)
	anchor, dx := "start", 7.0
	if px > c.x.to-60 {
		anchor, dx = "end", -7
	}
	c.text(px+dx, py+9, anchor, "over-value", value)
}

// axes draws the grid, the ticks with their labels and the axis titles.
func (c *canvas) axes(xticks, yticks []float64, xfmt, yfmt func(float64) string, xtitle, ytitle string) {
	bottom, top := c.y.from, c.y.to
	left, right := c.x.from, c.x.to
	for _, t := range yticks {
		y := c.y.at(t)
		c.line(left, y, right, y, "grid")
		c.text(left-8, y+4, "end", "tick", yfmt(t))
	}
	for _, t := range xticks {
		x := c.x.at(t)
		c.line(x, bottom, x, bottom+5, "axis")
		c.text(x, bottom+19, "middle", "tick", xfmt(t))
	}
	c.line(left, bottom, right, bottom, "axis")
	c.line(left, bottom, left, top, "axis")
	c.text((left+right)/2, plotH-8, "middle", "axis-title", xtitle)
	fmt.Fprintf(&c.b, `<text transform="translate(16 %s) rotate(-90)" text-anchor="middle" class="axis-title">%s</text>`,
		num((top+bottom)/2), html.EscapeString(ytitle))
}

// legendItem is one entry of a plot's legend.
type legendItem struct {
	Label  string
	Colour string
	Kind   string // "line", "band", "dash", "dot", "box", or "none" for text alone
}

// legend draws the items in a row above the plot area, from the left.
func (c *canvas) legend(items []legendItem) {
	x := plotLeft
	y := 18.0
	for _, it := range items {
		switch it.Kind {
		case "line":
			fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"/>`, num(x), num(y-4), num(x+18), num(y-4), it.Colour)
		case "band":
			fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%d"/>`, num(x), num(y-4), num(x+18), num(y-4), it.Colour, sentWidth)
		case "dash":
			fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="5 3"/>`, num(x), num(y-4), num(x+18), num(y-4), it.Colour)
		case "none":
			c.text(x, y, "start", "legend", it.Label)
			x += 6.8*float64(len([]rune(it.Label))) + 20
			continue
		case "dot":
			fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`, num(x+9), num(y-4), it.Colour)
		default:
			fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="14" height="11" fill="%s"/>`, num(x+2), num(y-10), it.Colour)
		}
		c.text(x+24, y, "start", "legend", it.Label)
		x += 24 + 6.8*float64(len([]rune(it.Label))) + 20
	}
}

// niceTicks returns round tick values covering [0, hi] with about n
// intervals, and the top of the axis (the last tick).
func niceTicks(hi float64, n int) ([]float64, float64) {
	if hi <= 0 || math.IsNaN(hi) || math.IsInf(hi, 0) {
		hi = 1
	}
	step := niceNumber(hi / float64(n))
	top := math.Ceil(hi/step-1e-9) * step
	var ticks []float64
	for i := 0; i <= int(math.Round(top/step)) && i <= 4*n; i++ {
		ticks = append(ticks, float64(i)*step)
	}
	return ticks, top
}

// timeTicks are the ticks of a time axis that ends where the series ends,
// and that end, in seconds.
func timeTicks(s *Series) ([]float64, float64) {
	end := s.Span.Seconds()
	if end <= 0 {
		end = 1
	}
	all, _ := niceTicks(end, 8)
	ticks := all[:0]
	for _, t := range all {
		if t <= end*(1+1e-9) {
			ticks = append(ticks, t)
		}
	}
	return ticks, end
}

// niceNumber rounds v up to 1, 2, 2.5 or 5 times a power of ten.
func niceNumber(v float64) float64 {
	exp := math.Floor(math.Log10(v))
	base := math.Pow(10, exp)
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*base*(1+1e-9) {
			return m * base
		}
	}
	return 10 * base
}

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// tickLabel writes a tick value without trailing zeros.
func tickLabel(v float64) string {
	if v == 0 {
		return "0"
	}
	if math.Abs(v) >= 10000 {
		return strconv.FormatFloat(v/1000, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}
