package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// paginationChurn walks the calls of one campaign at several page sizes
// while records are appended to it.
func paginationChurn() Scenario {
	return Scenario{
		Name:        "pagination-churn",
		Description: "pages are walked at several sizes while records are appended",
		Setup:       typedSetup(setupPaginationChurn),
		Attack:      typedAttack((*churnState).attack),
		Invariants: []Invariant{
			{ID: "PC-1-no-repeat", Description: "no page repeats an item: within a page, or across the pages of any size (calls are only appended, so each keeps its place)", Check: typed((*churnState).noRepeat)},
			{ID: "PC-2-schema", Description: "every page, and so every item, validates against the schema", Check: typed((*churnState).schema)},
			{ID: "PC-3-total-monotonic", Description: "total never decreases: a page answered after another was sent never reports a smaller total", Check: typed((*churnState).totalMonotonic)},
			{ID: "PC-4-final-walk", Description: "once the churn stops, a full walk at each size returns exactly total distinct calls", Check: typed((*churnState).finalWalk)},
		},
		Cleanup: typed((*churnState).cleanup),
	}
}

// churnAppendEvery makes one request in this many an append.
const churnAppendEvery = 5

type pageSeen struct {
	start, end  time.Time
	size, page  int
	total       int
	uuids       []string
	schemaError string
}

type churnState struct {
	campaign string
	initial  int

	mu     sync.Mutex
	n      int
	cursor map[int]int // size → the next page to ask
	total  int         // largest total seen
	pages  []pageSeen
	acked  int
}

func setupPaginationChurn(ctx context.Context, env *Env) (*churnState, error) {
	initial := max(env.Knobs.Initial, 150)
	ids, _, err := sharedCampaigns(ctx, env, 1, initial, nil)
	if err != nil {
		return nil, err
	}
	s := &churnState{campaign: ids[0], initial: initial, cursor: map[int]int{}, total: initial}
	for _, size := range env.Knobs.Sizes {
		s.cursor[size] = 1
	}
	return s, nil
}

func (s *churnState) cleanup(ctx context.Context, env *Env) error {
	return env.CleanupCampaigns(ctx, []string{s.campaign})
}

// next picks the next request: an append every churnAppendEvery requests,
// else the next page of one size's walk, which starts again after the last page.
func (s *churnState) next(sizes []int) (appendNow bool, size, page int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if s.n%churnAppendEvery == 0 {
		return true, 0, 0
	}
	size = sizes[s.n%len(sizes)]
	page = s.cursor[size]
	last := (s.total + size - 1) / size
	if page >= last+1 {
		s.cursor[size] = 1 // one page past the end, then start again
	} else {
		s.cursor[size] = page + 1
	}
	return false, size, page
}

func (s *churnState) attack(env *Env) Attack {
	listPath := client.CampaignPath(s.campaign, "calls")
	return Attack{
		Targeter: func(t *vegeta.Target) error {
			appendNow, size, page := s.next(env.Knobs.Sizes)
			if appendNow {
				phones, err := env.IDs.Phones(env.Knobs.Batch, 0)
				if err != nil {
					return err
				}
				*t, err = env.Request(http.MethodPut, client.CampaignPath(s.campaign, "phone-number"), api.AppendCallsRequest{CallRecords: Records(phones)})
				return err
			}
			q := url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(size)}}
			var err error
			*t, err = env.Request(http.MethodGet, listPath+"?"+q.Encode(), nil)
			return err
		},
		Observe: func(r *vegeta.Result, op Operation) {
			switch {
			case op.ID == api.OpAppendCalls && r.Code == http.StatusOK:
				s.mu.Lock()
				s.acked++
				s.mu.Unlock()
			case op.ID == api.OpListCalls && r.Code == http.StatusOK:
				s.observePage(env, r)
			}
		},
	}
}

func (s *churnState) observePage(env *Env, r *vegeta.Result) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return
	}
	size, _ := strconv.Atoi(u.Query().Get("size"))
	page, _ := strconv.Atoi(u.Query().Get("page"))
	seen := pageSeen{start: r.Timestamp, end: r.End(), size: size, page: page}
	var list api.CallList
	if err := json.Unmarshal(r.Body, &list); err != nil {
		seen.schemaError = "body is not a call list: " + err.Error()
	} else {
		seen.total = list.Total
		for _, c := range list.Calls {
			seen.uuids = append(seen.uuids, c.UUID)
		}
	}
	if seen.schemaError == "" && env.Validator != nil {
		req, _ := http.NewRequest(r.Method, r.URL, nil)
		if err := env.Validator.ValidateResponse(context.Background(), req, int(r.Code), r.Headers, r.Body); err != nil {
			seen.schemaError = err.Error()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if seen.total > s.total {
		s.total = seen.total
	}
	s.pages = append(s.pages, seen)
}

func (s *churnState) noRepeat(_ context.Context, env *Env) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	env.Fact("pages read", "%d", len(s.pages))
	var v violations
	at := map[string]int{}  // uuid → its place in the listing
	who := map[int]string{} // place → the uuid seen there
	for _, p := range s.pages {
		inPage := map[string]bool{}
		for j, id := range p.uuids {
			if inPage[id] {
				v.add("item repeated within a page", "size %d page %d repeats %s", p.size, p.page, id)
			}
			inPage[id] = true
			place := (p.page-1)*p.size + j
			if prev, ok := at[id]; ok && prev != place {
				v.add("item seen at two places", "%s at place %d and at place %d (size %d page %d)", id, prev, place, p.size, p.page)
				continue
			}
			if other, ok := who[place]; ok && other != id {
				v.add("two items seen at one place", "place %d held %s and %s (size %d page %d)", place, other, id, p.size, p.page)
				continue
			}
			at[id], who[place] = place, id
		}
	}
	return v.err()
}

func (s *churnState) schema(_ context.Context, env *Env) error {
	if env.Validator == nil {
		return Unjudged(fmt.Errorf("openapi.yaml could not be loaded"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var v violations
	for _, p := range s.pages {
		if p.schemaError != "" {
			v.add("page does not validate", "size %d page %d: %s", p.size, p.page, p.schemaError)
		}
	}
	return v.err()
}

// totalMonotonic compares each page with every page answered before it was
// sent: those happened before it, so its total may not be smaller.
func (s *churnState) totalMonotonic(context.Context, *Env) error {
	s.mu.Lock()
	pages := make([]pageSeen, 0, len(s.pages))
	for _, p := range s.pages {
		if p.schemaError == "" {
			pages = append(pages, p)
		}
	}
	s.mu.Unlock()
	byEnd := append([]pageSeen(nil), pages...)
	sort.Slice(byEnd, func(i, j int) bool { return byEnd[i].end.Before(byEnd[j].end) })
	sort.Slice(pages, func(i, j int) bool { return pages[i].start.Before(pages[j].start) })
	var v violations
	best, bestAt := -1, pageSeen{}
	k := 0
	for _, p := range pages {
		for ; k < len(byEnd) && byEnd[k].end.Before(p.start); k++ {
			if byEnd[k].total > best {
				best, bestAt = byEnd[k].total, byEnd[k]
			}
		}
		if p.total < best {
			v.add("total decreased", "size %d page %d said %d after size %d page %d had said %d", p.size, p.page, p.total, bestAt.size, bestAt.page, best)
		}
	}
	return v.err()
}

func (s *churnState) finalWalk(ctx context.Context, env *Env) error {
	var v violations
	for _, size := range env.Knobs.Sizes {
		calls, total, err := env.Client.AllCalls(ctx, s.campaign, size, maxWalkPages)
		if err != nil {
			return Unjudged(fmt.Errorf("walk at size %d: %w", size, err))
		}
		distinct := map[string]bool{}
		for _, c := range calls {
			distinct[c.UUID] = true
		}
		if len(distinct) != total || len(calls) != total {
			v.add("full walk is not total distinct calls", "size %d: %d calls, %d distinct, total %d", size, len(calls), len(distinct), total)
		}
	}
	s.mu.Lock()
	env.Fact("appends acknowledged", "%d", s.acked)
	s.mu.Unlock()
	return v.err()
}
