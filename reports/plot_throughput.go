package reports

import "fmt"

// throughputRates are the requests sent and the successful (2xx, 3xx)
// responses per second of each bucket, at the bucket's middle. A last
// bucket that covers less than half a bucket is left out: a rate of so
// short a slot says little.
func throughputRates(s *Series) (xs, sent, ok []float64) {
	for i, b := range s.Buckets {
		if s.Partial(i) {
			continue
		}
		w := s.Width(i)
		xs = append(xs, lineMiddle(s, b.Offset, w))
		sent = append(sent, float64(b.Requests)/w.Seconds())
		ok = append(ok, float64(b.OK)/w.Seconds())
	}
	return xs, sent, ok
}

// PlotThroughput draws requests sent per second and successful (2xx, 3xx)
// responses per second in each time bucket, against the requested rate as
// a dashed line when it is known. The sent line is a wide, pale band under
// the thin line of the responses, so that both show where they are equal;
// the requested rate runs under both and shows beside them.
func PlotThroughput(s *Series, requested float64) string {
	if s == nil || s.Total == 0 {
		return ""
	}
	xs, sent, ok := throughputRates(s)
	top := requested
	for _, v := range sent {
		top = max(top, v)
	}
	yticks, ytop := niceTicks(top*1.1, 5)
	xticks, xtop := timeTicks(s)
	c := newCanvas("Throughput over time, requests and successful responses per second", xtop, ytop)
	c.axes(xticks, yticks, tickLabel, tickLabel, "time since the start of the attack (s)", "per second, per "+shortDuration(s.Bucket))
	items := []legendItem{
		{Label: "requests sent/s", Colour: colourSent, Kind: "band"},
		{Label: "2xx–3xx responses/s", Colour: colourOK, Kind: "line"},
	}
	if requested > 0 {
		y := c.y.at(requested)
		c.line(c.x.from, y, c.x.to, y, "requested")
		items = append(items, legendItem{Label: fmt.Sprintf("requested %s/s", trimFloat(requested)), Colour: colourRequest, Kind: "dash"})
	}
	c.polyline(xs, sent, colourSent, sentWidth, "")
	c.polyline(xs, ok, colourOK, 2.4, "")
	c.legend(items)
	return c.String()
}

// sentWidth is the stroke width of the band of requests sent.
const sentWidth = 8
