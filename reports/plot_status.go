package reports

import (
	"fmt"
	"strconv"
)

// Shades of each class of status code; codes of one class take them in
// ascending order, so 200 and 201 are both green but can be told apart.
var codeShades = map[int][]string{
	0: {"#424242"},
	1: {"#7e57c2"},
	2: {"#2e7d32", "#66bb6a", "#a5d6a7", "#1b5e20"},
	3: {"#0277bd", "#4fc3f7"},
	4: {"#ef8f00", "#ffca28", "#8d6e63", "#f4511e", "#ffe082", "#bcaaa4"},
	5: {"#b71c1c", "#e57373", "#880e4f"},
}

// codeColours assigns a colour to each code of an ascending list.
func codeColours(codes []int) map[int]string {
	out := make(map[int]string, len(codes))
	used := map[int]int{}
	for _, c := range codes {
		class := c / 100
		shades, ok := codeShades[class]
		if !ok {
			shades = codeShades[0]
		}
		out[c] = shades[used[class]%len(shades)]
		used[class]++
	}
	return out
}

// CodeName is how a status code is shown: 0 is a transport error.
func CodeName(code int) string {
	if code == 0 {
		return "transport error"
	}
	return strconv.Itoa(code)
}

// PlotStatus draws the responses of each time bucket per second, stacked
// by status code, 2xx at the bottom.
func PlotStatus(s *Series) string {
	if s == nil || s.Total == 0 {
		return ""
	}
	colours := codeColours(s.Codes)
	order := stackOrder(s.Codes)
	top := 0.0
	for i, b := range s.Buckets {
		top = max(top, float64(b.Requests)/s.Width(i).Seconds())
	}
	yticks, ytop := niceTicks(top*1.1, 5)
	xticks, xtop := timeTicks(s)
	c := newCanvas("Status codes over time, responses per second stacked by code", xtop, ytop)
	c.axes(xticks, yticks, tickLabel, tickLabel, "time since the start of the attack (s)", "responses/s, per "+shortDuration(s.Bucket))
	for i, b := range s.Buckets {
		w := s.Width(i)
		from, to := max(0, b.Offset.Seconds()), min(xtop, (b.Offset+w).Seconds())
		x0, x1 := c.x.at(from), c.x.at(to)
		gap := min(1.5, (x1-x0)/6)
		acc := 0.0
		for _, code := range order {
			n := b.Codes[code]
			if n == 0 {
				continue
			}
			v := float64(n) / w.Seconds()
			yTop, yBottom := c.y.at(acc+v), c.y.at(acc)
			title := fmt.Sprintf("%s: %d responses sent at %s–%ss", CodeName(code), n, tickLabel(from), tickLabel(to))
			c.rect(x0+gap/2, yTop, max(0.5, x1-x0-gap), yBottom-yTop, colours[code], title)
			acc += v
		}
	}
	counts := map[int]int{}
	for _, cc := range s.CodeCounts {
		counts[cc.Code] = cc.Count
	}
	items := make([]legendItem, 0, len(order))
	for _, code := range order {
		items = append(items, legendItem{Label: fmt.Sprintf("%s (%d)", CodeName(code), counts[code]), Colour: colours[code], Kind: "box"})
	}
	c.legend(items)
	return c.String()
}

// stackOrder puts 2xx at the bottom of a stack, then 3xx, 4xx, 5xx, and
// transport errors on top.
func stackOrder(codes []int) []int {
	out := make([]int, 0, len(codes))
	for _, c := range codes {
		if c != 0 {
			out = append(out, c)
		}
	}
	for _, c := range codes {
		if c == 0 {
			out = append(out, c)
		}
	}
	return out
}
