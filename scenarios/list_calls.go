package scenarios

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// listCalls reads the pages of one campaign's calls and nothing else: the
// lightest request of the API, for the highest rate a generator reaches
// (--rate 0 --workers N). Its setup creates a campaign of --initial records,
// or, with --campaign, reads an existing one and creates and removes nothing.
func listCalls() Scenario {
	return Scenario{
		Name:            "list-calls",
		Description:     "reads the pages of one campaign's calls in turn, and writes nothing",
		ReadsCampaign:   true,
		JudgesCutBodies: true,
		Setup:           typedSetup(setupListCalls),
		Attack:          typedAttack((*listState).attack),
		Invariants: []Invariant{
			{ID: "LC-1-total", Description: "every page answered 200 reports the total read before the attack", Check: typed((*listState).sameTotal)},
			{ID: "LC-2-unchanged", Description: "after the attack the first and the last page list the same calls and total as before it: reading changed nothing", Check: typed((*listState).unchanged)},
		},
		Cleanup: typed((*listState).cleanup),
	}
}

// maxPageURLs is how many pages' URLs list-calls builds before the attack
// (about 100 bytes each); a campaign with more pages has the others' built
// per request.
const maxPageURLs = 10_000

type listState struct {
	campaign string
	owned    bool // created by the setup, so removed by the cleanup
	size     int
	total    int              // read before the attack
	pages    int              // of size calls each, at least 1
	before   map[int][]string // the first and the last page → their uuids before the attack
	target   vegeta.Target    // every request but its URL
	listURL  string           // …/calls?size=S&page=, to which the page is appended
	urls     []string         // listURL and each page, built once when there are at most maxPageURLs
	next     atomic.Uint64

	// What Observe saw, read once the attack is over.
	read  int // pages answered 200
	cut   int // of which the body was cut at --max-body before its total
	wrong violations
}

func setupListCalls(ctx context.Context, env *Env) (*listState, error) {
	s := &listState{campaign: env.Knobs.Campaign, size: env.Knobs.PageSize, before: map[int][]string{}}
	if s.campaign == "" {
		ids, _, err := sharedCampaigns(ctx, env, 1, env.Knobs.Initial, nil)
		if err != nil {
			return nil, err
		}
		s.campaign, s.owned = ids[0], true
	}
	if err := s.readBefore(ctx, env); err != nil {
		if s.owned {
			_ = s.cleanup(ctx, env)
		}
		return nil, err
	}
	path := client.CampaignPath(s.campaign, "calls")
	t, err := env.Request(http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	s.aim(t)
	return s, nil
}

// aim makes t, the listing of the campaign, the target of every request,
// with the size and each page in turn.
func (s *listState) aim(t vegeta.Target) {
	s.target, s.listURL = t, t.URL+"?size="+strconv.Itoa(s.size)+"&page="
	s.urls = nil
	if s.pages <= maxPageURLs {
		s.urls = make([]string, s.pages)
		for i := range s.urls {
			s.urls[i] = s.listURL + strconv.Itoa(i+1)
		}
	}
}

// readBefore learns the campaign's total from its first page, and keeps
// the first and the last page for LC-2.
func (s *listState) readBefore(ctx context.Context, env *Env) error {
	first, _, err := env.Client.ListCalls(ctx, s.campaign, client.Page{Page: 1, Size: s.size})
	if err != nil {
		return fmt.Errorf("read campaign %s: %w", s.campaign, err)
	}
	s.total = first.Total
	s.pages = max(1, (s.total+s.size-1)/s.size)
	s.before[1] = uuidsOf(first.Calls)
	if s.pages > 1 {
		last, _, err := env.Client.ListCalls(ctx, s.campaign, client.Page{Page: s.pages, Size: s.size})
		if err != nil {
			return fmt.Errorf("read the last page of campaign %s: %w", s.campaign, err)
		}
		s.before[s.pages] = uuidsOf(last.Calls)
	}
	env.Fact("campaign", "%s: %s, %s of %d (%s)", s.campaign, plural(s.total, "call", "calls"), plural(s.pages, "page", "pages"), s.size,
		map[bool]string{true: "created by the setup", false: "given by --campaign"}[s.owned])
	return nil
}

func (s *listState) cleanup(ctx context.Context, env *Env) error {
	if !s.owned {
		return nil // --campaign's: not ours to remove
	}
	return env.CleanupCampaigns(ctx, []string{s.campaign})
}

func (s *listState) attack(env *Env) Attack {
	maxBody := env.MaxBody
	return Attack{
		// The pages in turn; nothing is built per request unless the
		// campaign has more pages than URLs are kept for.
		Targeter: func(t *vegeta.Target) error {
			i := (s.next.Add(1) - 1) % uint64(s.pages)
			*t = s.target
			if i < uint64(len(s.urls)) {
				t.URL = s.urls[i]
			} else {
				t.URL = s.listURL + strconv.FormatUint(i+1, 10)
			}
			return nil
		},
		// Cheap, for the maximum rate: one look at the end of each body.
		Observe: func(r *vegeta.Result, op Operation) {
			if op.ID != api.OpListCalls || r.Code != http.StatusOK {
				return
			}
			s.read++
			if maxBody == 0 {
				return // nothing kept to look at: LC-1 says it was not judged
			}
			total, ok := bodyTotal(r.Body)
			switch {
			case !ok && maxBody > 0 && int64(len(r.Body)) >= maxBody:
				s.cut++
			case !ok:
				s.wrong.add("page without a total", "page %s", pageParam(r.URL))
			case total != s.total:
				s.wrong.add("page reports another total", "page %s says %d", pageParam(r.URL), total)
			}
		},
	}
}

func (s *listState) sameTotal(_ context.Context, env *Env) error {
	env.Fact("pages answered 200", "%d", s.read)
	if env.MaxBody == 0 {
		return Unjudged(errors.New("--max-body 0 keeps no body to read a total from"))
	}
	if s.read == 0 {
		return Unjudged(errors.New("no page was answered 200"))
	}
	if err := s.wrong.err(); err != nil {
		return fmt.Errorf("the total before the attack was %d: %w", s.total, err)
	}
	if s.cut > 0 {
		return Unjudged(fmt.Errorf("%d of the %d pages were cut at --max-body %d bytes before their total; raise --max-body", s.cut, s.read, env.MaxBody))
	}
	return nil
}

func (s *listState) unchanged(ctx context.Context, env *Env) error {
	var v violations
	pages := make([]int, 0, len(s.before))
	for p := range s.before {
		pages = append(pages, p)
	}
	slices.Sort(pages)
	for _, p := range pages {
		after, _, err := env.Client.ListCalls(ctx, s.campaign, client.Page{Page: p, Size: s.size})
		if err != nil {
			return Unjudged(fmt.Errorf("read page %d again: %w", p, err))
		}
		if after.Total != s.total {
			v.add("total changed", "page %d says %d, %d before the attack", p, after.Total, s.total)
		}
		if got := uuidsOf(after.Calls); !slices.Equal(got, s.before[p]) {
			v.add("page lists other calls", "page %d: %s", p, listDiff(s.before[p], got))
		}
	}
	return v.err()
}

func uuidsOf(calls []api.Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.UUID
	}
	return out
}

// listDiff says how the uuids of a page after the attack differ from before.
func listDiff(before, after []string) string {
	was := map[string]bool{}
	for _, id := range before {
		was[id] = true
	}
	added := 0
	for _, id := range after {
		if !was[id] {
			added++
		}
		delete(was, id)
	}
	if added == 0 && len(was) == 0 {
		return fmt.Sprintf("the same %d calls in another order", len(after))
	}
	return fmt.Sprintf("%d calls, %d of them not listed before, %d listed before gone", len(after), added, len(was))
}

// pageParam is the page= of a listing URL, for a message.
func pageParam(rawURL string) string {
	_, q, _ := strings.Cut(rawURL, "?")
	for _, kv := range strings.Split(q, "&") {
		if v, ok := strings.CutPrefix(kv, "page="); ok {
			return v
		}
	}
	return "?"
}

var totalKey = []byte(`"total"`)

// bodyTotal finds the integer of the top-level "total" of a JSON object
// without decoding it: a look at the end of the body first, where the
// mock and the documentation's example put it, else one pass over the
// bytes that skips strings and nested values.
func bodyTotal(body []byte) (int, bool) {
	if i := bytes.LastIndex(body, totalKey); i > 0 {
		before := bytes.TrimRight(body[:i], " \t\r\n")
		if n, rest, ok := memberInt(body[i+len(totalKey):]); ok && len(before) > 0 &&
			(before[len(before)-1] == ',' || before[len(before)-1] == '{') && string(bytes.TrimSpace(rest)) == "}" {
			return n, true
		}
	}
	depth := 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			end := stringEnd(body, i)
			if end < 0 {
				return 0, false
			}
			if depth == 1 && bytes.Equal(body[i:end], totalKey) {
				if n, _, ok := memberInt(body[end:]); ok {
					return n, true
				}
			}
			i = end - 1
		}
	}
	return 0, false
}

// stringEnd is the index just after the JSON string that starts at b[i], or -1.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// memberInt reads `: 123` after a key: the integer and the bytes after it;
// not a number that runs to the end of b.
func memberInt(b []byte) (int, []byte, bool) {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] != ':' {
		return 0, nil, false
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	end := 0
	for end < len(b) && (b[end] >= '0' && b[end] <= '9' || end == 0 && b[end] == '-') {
		end++
	}
	if end == len(b) {
		// Digits up to the end of what was kept: the number may go on in
		// the part --max-body cut off, and an object never ends in one.
		return 0, nil, false
	}
	n, err := strconv.Atoi(string(b[:end]))
	if err != nil {
		return 0, nil, false
	}
	return n, b[end:], true
}
