package campaign

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
)

// emptyObject is the variables of a call that has none (DEC-36).
var emptyObject = json.RawMessage("{}")

func checkPage(page, size int) error {
	var v validator
	if page < 1 {
		v.add("Input should be greater than or equal to 1", "greater_than_equal", "page")
	}
	if size < 1 {
		v.add("Input should be greater than or equal to 1", "greater_than_equal", "size")
	}
	return v.err()
}

// window returns the bounds of page within n items (DEC-39: past the end is empty).
func window(page, size, n int) (lo, hi int) {
	if page-1 > n/size {
		return n, n
	}
	off := (page - 1) * size
	if off >= n {
		return n, n
	}
	return off, min(off+size, n)
}

func (s *Service) listCalls(firm string, id uuid.UUID, page, size int) (api.CallList, error) {
	c, err := s.lookup(firm, id)
	if err != nil {
		return api.CallList{}, err
	}
	if err := checkPage(page, size); err != nil {
		return api.CallList{}, err
	}
	lo, hi := window(page, size, len(c.order))
	out := api.CallList{CallCampaignUUID: id.String(), Calls: make([]api.Call, 0, hi-lo), Total: len(c.order)}
	// The identifiers and numbers of the page are written into one string
	// and sliced from it: two allocations per page instead of two per call.
	text := make([]byte, 0, (hi-lo)*(36+maxPhoneDigits))
	for _, i := range c.order[lo:hi] {
		cl := c.calls.at(i)
		text = appendUUID(text, cl.id)
		text = appendPhone(text, cl.phone)
	}
	all, at := string(text), 0
	for _, i := range c.order[lo:hi] {
		cl := c.calls.at(i)
		p := &c.profiles[cl.profile]
		n := phoneDigits(cl.phone)
		out.Calls = append(out.Calls, api.Call{
			UUID:        all[at : at+36],
			PhoneNumber: all[at+36 : at+36+n],
			Status:      callStatuses[cl.status],
			AgentName:   p.agent,
			Language:    p.language,
			CreatedAt:   stamp(cl.created),
		})
		at += 36 + n
	}
	return out, nil
}

// filter is a details query in the store's terms.
type filter struct {
	status   string
	call     int32 // -1: any
	phone    uint64
	byPhone  bool
	from, to int64 // started_at in [from, to) when byDate
	byDate   bool
}

// indexes counts the filters served by an index.
func (f *filter) indexes() int {
	n := 0
	for _, b := range []bool{f.call >= 0, f.byPhone, f.byDate} {
		if b {
			n++
		}
	}
	return n
}

func (f *filter) match(c *campaign, e int32) bool {
	ev := c.events.at(e)
	switch {
	case f.call >= 0 && ev.call != f.call:
		return false
	case f.byPhone && c.calls.at(ev.call).phone != f.phone:
		return false
	case f.byDate && (ev.started < f.from || ev.started >= f.to):
		return false
	case f.status != "" && !strings.EqualFold(f.status, eventStatusOf(ev)):
		return false
	}
	return true
}

func eventStatusOf(ev *event) string {
	if ev.live {
		return api.EventInProgress
	}
	return eventStatus(ev.fresult)
}

// candidates narrows the events a query can match with the cheapest index:
// a call's own attempts, a number's calls, a day's range, or all of them.
// none is true when the query can match nothing.
func (c *campaign) candidates(q DetailsQuery, f *filter) (cand []int32, none bool) {
	f.call = -1
	if q.CallUUID != "" {
		u, err := uuid.Parse(q.CallUUID)
		if err != nil {
			return nil, true
		}
		i, ok := c.byID[u]
		if !ok {
			return nil, true
		}
		f.call = i
	}
	if q.PhoneNumber != "" {
		ph, err := parsePhone(q.PhoneNumber)
		if err != nil {
			return nil, true
		}
		f.phone, f.byPhone = ph, true
	}
	if q.Date != nil {
		f.from = utcDay(q.Date.UnixMilli())
		f.to = f.from + dayMillis
		f.byDate = true
	}
	switch {
	case f.call >= 0:
		for e := c.calls.at(f.call).firstEv; e >= 0; e = c.events.at(e).next {
			cand = append(cand, e)
		}
	case f.byPhone:
		for _, i := range c.phoneCalls(f.phone) {
			for e := c.calls.at(i).firstEv; e >= 0; e = c.events.at(e).next {
				cand = append(cand, e)
			}
		}
		sort.Slice(cand, func(a, b int) bool { return c.eventLess(cand[a], cand[b]) })
	case f.byDate:
		lo := sort.Search(len(c.evOrder), func(k int) bool { return c.events.at(c.evOrder[k]).started >= f.from })
		hi := sort.Search(len(c.evOrder), func(k int) bool { return c.events.at(c.evOrder[k]).started >= f.to })
		cand = c.evOrder[lo:hi]
	default:
		cand = c.evOrder
	}
	return cand, false
}

func (s *Service) details(firm string, id uuid.UUID, q DetailsQuery) (api.CampaignDetails, error) {
	c, err := s.lookup(firm, id)
	if err != nil {
		return api.CampaignDetails{}, err
	}
	if err := checkPage(q.Page, q.Size); err != nil {
		return api.CampaignDetails{}, err
	}
	f := filter{status: q.CallStatus}
	cand, none := c.candidates(q, &f)
	var page []int32
	total := 0
	switch {
	case none:
	case f.status == "" && f.indexes() <= 1:
		// The candidates are the matches: the page is a window of them.
		total = len(cand)
		lo, hi := window(q.Page, q.Size, total)
		page = cand[lo:hi]
	default:
		lo, _ := window(q.Page, q.Size, len(cand))
		for _, e := range cand {
			if !f.match(c, e) {
				continue
			}
			if total >= lo && len(page) < q.Size {
				page = append(page, e)
			}
			total++
		}
	}
	out := s.settingsOf(c)
	out.Page, out.Size, out.Total = q.Page, q.Size, total
	out.Items = make([]api.CallEvent, 0, len(page))
	for _, e := range page {
		out.Items = append(out.Items, s.renderEvent(c, e))
	}
	return out, nil
}
