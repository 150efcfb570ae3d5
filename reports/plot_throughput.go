package reports

import "fmt"

// PlotThroughput draws requests sent per second and successful (2xx, 3xx)
// responses per second in each time bucket, against the requested rate as
// a dashed line when it is known.
func PlotThroughput(s *Series, requested float64) string {
	if s == nil || s.Total == 0 {
		return ""
	}
	xs := make([]float64, 0, len(s.Buckets))
	sent := make([]float64, 0, len(s.Buckets))
	ok := make([]float64, 0, len(s.Buckets))
	top := requested
	for i, b := range s.Buckets {
		w := s.Width(i).Seconds()
		xs = append(xs, (b.Offset + s.Width(i)/2).Seconds())
		sent = append(sent, float64(b.Requests)/w)
		ok = append(ok, float64(b.OK)/w)
		top = max(top, float64(b.Requests)/w)
	}
	yticks, ytop := niceTicks(top*1.1, 5)
	xticks, xtop := niceTicks(s.Span.Seconds(), 8)
	c := newCanvas("Throughput over time, requests and successful responses per second", xtop, ytop)
	c.axes(xticks, yticks, tickLabel, tickLabel, "time since the start of the attack (s)", "per second")
	items := []legendItem{
		{Label: "requests sent/s", Colour: colourSent, Kind: "line"},
		{Label: "2xx–3xx responses/s", Colour: colourOK, Kind: "line"},
	}
	if requested > 0 {
		y := c.y.at(requested)
		c.line(c.x.from, y, c.x.to, y, "requested")
		items = append(items, legendItem{Label: fmt.Sprintf("requested %s/s", trimFloat(requested)), Colour: colourRequest, Kind: "dash"})
	}
	c.polyline(xs, sent, "series sent")
	c.polyline(xs, ok, "series ok")
	c.legend(items)
	return c.String()
}
