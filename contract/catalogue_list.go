package contract

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// bigCampaign is the number of calls of the campaigns that the paging checks
// list: more than the default page of 50 and more than the largest of 100.
const bigCampaign = 120

// walkSizes are the page sizes the pagination walks use.
var walkSizes = []int{1, 7, 50, 100}

func listChecks() []Check {
	op := api.OpListCalls
	return []Check{
		{ID: "list.200", Operation: op, Title: "a listing answers the campaign's uuid, its calls and the total",
			Rule: Doc(docList + " Response: call_campaign_uuid, calls [uuid, phone_number, status, agent_name, language, created_at], total."),
			Run:  checkList200},
		{ID: "list.default-size", Operation: op, Title: "without size a page holds 50 calls",
			Rule: Doc(docListSize), Run: checkListDefaultSize},
		{ID: "list.default-page", Operation: op, Title: "without page the first page is listed",
			Rule: Doc(docListPage), Run: checkListDefaultPage},
		{ID: "list.total", Operation: op, Title: "total counts every call, not the page",
			Rule: Doc(docList + ` Response: "total": 150`), Run: checkListTotal},
		{ID: "list.walk", Operation: op, Title: "walking every page at several sizes yields exactly total calls, no duplicates",
			Rule: Doc(docList), Run: checkListWalk},
		{ID: "list.order-stable", Operation: op, Title: "calls created by one request are ordered by created_at, then uuid, the same at every page size",
			Rule: Dec("DEC-31", "Order: creation time, then the request that created the call (docs/rules.md), then uuid — stable across pages."), Run: checkListOrder},
		{ID: "list.size-bounds", Operation: op, Title: "sizes 1 and 100 are accepted; no page holds more than 100",
			Rule: Doc(docListSize), Run: checkListSizeBounds},
		{ID: "list.out-of-range", Operation: op, Title: "size 0, 101 and 500, page 0 and page=abc are 422",
			Rule: Dec("DEC-30", "page default 1, size default 50, at most 100; minimum 1 for both. Out of range or not an integer → 422 (not clamped)."),
			Run:  checkListOutOfRange},
		{ID: "list.past-end", Operation: op, Title: "a page past the end is empty with the true total",
			Rule: Dec("DEC-39", "A page past the end → 200 with an empty list and the true total."), Run: checkListPastEnd},
		{ID: "list.404-unknown", Operation: op, Title: "listing an unknown campaign is 404",
			Rule: Doc(docList404), Run: func(ctx context.Context, t *T) {
				_, ex, err := t.API().ListCalls(ctx, uuid.NewString(), client.Page{})
				t.Status(ex, err, "list an unknown campaign", http.StatusNotFound)
			}},
		{ID: "list.422-bad-uuid", Operation: op, Title: "a campaign id that is not a UUID is 422",
			Rule: Dec("DEC-3", "A non-UUID campaign or call id in a path → 422."), Run: func(ctx context.Context, t *T) {
				_, ex, err := t.API().ListCalls(ctx, "not-a-uuid", client.Page{})
				t.Status(ex, err, "list campaign not-a-uuid", http.StatusUnprocessableEntity)
			}},
	}
}

func checkList200(ctx context.Context, t *T) {
	id, recs := t.QuietCampaign(ctx, 2)
	page, ex, err := t.API().ListCalls(ctx, id, client.Page{Page: 1, Size: 50})
	if !t.Status(ex, err, "list", http.StatusOK) {
		return
	}
	if page.CallCampaignUUID != id || page.Total != 2 || len(page.Calls) != 2 {
		t.Errorf(ex, "uuid %q total %d calls %d, want %s 2 2", page.CallCampaignUUID, page.Total, len(page.Calls), id)
	}
	for _, c := range page.Calls {
		if c.UUID == "" || c.Status == "" || c.CreatedAt.IsZero() {
			t.Errorf(ex, "call %+v lacks uuid, status or created_at", c)
		}
	}
	if _, ok := CallOf(page.Calls, recs[0].PhoneNumber); !ok {
		t.Errorf(ex, "%s is not listed", recs[0].PhoneNumber)
	}
}

func checkListDefaultSize(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, bigCampaign)
	page, ex, err := t.API().ListCalls(ctx, id, client.Page{})
	if t.Status(ex, err, "list without size", http.StatusOK) && len(page.Calls) != 50 {
		t.Errorf(ex, "%d calls on a page without size, of %d, want 50", len(page.Calls), bigCampaign)
	}
	page2, ex, err := t.API().ListCalls(ctx, id, client.Page{Page: 3})
	if t.Status(ex, err, "page 3 without size", http.StatusOK) && len(page2.Calls) != bigCampaign-100 {
		t.Errorf(ex, "%d calls on page 3 without size, want %d", len(page2.Calls), bigCampaign-100)
	}
}

func checkListDefaultPage(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 12)
	def, ex, err := t.API().ListCalls(ctx, id, client.Page{Size: 5})
	t.Must(ex, err, "list without page")
	one, ex1, err := t.API().ListCalls(ctx, id, client.Page{Page: 1, Size: 5})
	t.Must(ex1, err, "list page 1")
	if uuids(def.Calls) != uuids(one.Calls) {
		t.Errorf(ex, "without page: %s; page 1: %s", uuids(def.Calls), uuids(one.Calls))
	}
}

func checkListTotal(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, bigCampaign)
	for _, p := range []client.Page{{Page: 1, Size: 10}, {Page: 2, Size: 100}, {Page: 7, Size: 3}} {
		page, ex, err := t.API().ListCalls(ctx, id, p)
		if t.Status(ex, err, "list", http.StatusOK) && page.Total != bigCampaign {
			t.Errorf(ex, "total %d on page %d of size %d, want %d", page.Total, p.Page, p.Size, bigCampaign)
		}
	}
}

// walk lists every page of a campaign at size, checking each page's size and total.
func (t *T) walkCalls(ctx context.Context, id string, size, want int) []api.Call {
	var all []api.Call
	for p := 1; p <= maxPages; p++ {
		page, ex, err := t.API().ListCalls(ctx, id, client.Page{Page: p, Size: size})
		if !t.Status(ex, err, "list page "+strconv.Itoa(p), http.StatusOK) {
			return all
		}
		if page.Total != want {
			t.Errorf(ex, "total %d on page %d of size %d, want %d", page.Total, p, size, want)
		}
		if len(page.Calls) > size {
			t.Errorf(ex, "page %d holds %d calls, more than size %d", p, len(page.Calls), size)
		}
		if rest := want - (p-1)*size; rest > 0 && len(page.Calls) < min(size, rest) {
			t.Errorf(ex, "page %d of size %d holds %d calls, want %d", p, size, len(page.Calls), min(size, rest))
		}
		all = append(all, page.Calls...)
		if len(page.Calls) == 0 || len(all) >= want {
			break
		}
	}
	return all
}

func checkListWalk(ctx context.Context, t *T) {
	id, recs := t.QuietCampaign(ctx, bigCampaign)
	for _, size := range walkSizes {
		all := t.walkCalls(ctx, id, size, len(recs))
		seen := map[string]bool{}
		for _, c := range all {
			if seen[c.UUID] {
				t.Errorf(nil, "walking at size %d lists call %s twice", size, c.UUID)
			}
			seen[c.UUID] = true
		}
		if len(seen) != len(recs) {
			t.Errorf(nil, "walking at size %d yields %d distinct calls, want %d", size, len(seen), len(recs))
		}
	}
}

func checkListOrder(ctx context.Context, t *T) {
	id, recs := t.QuietCampaign(ctx, bigCampaign)
	var ref string
	for _, size := range walkSizes {
		all := t.walkCalls(ctx, id, size, len(recs))
		if !sort.SliceIsSorted(all, func(i, j int) bool {
			a, b := all[i], all[j]
			if !a.CreatedAt.Equal(b.CreatedAt.Time) {
				return a.CreatedAt.Before(b.CreatedAt.Time)
			}
			return a.UUID < b.UUID
		}) {
			t.Errorf(nil, "at size %d the calls are not ordered by created_at, then uuid", size)
		}
		got := uuids(all)
		if ref == "" {
			ref = got
		} else if got != ref {
			t.Errorf(nil, "the order at size %d differs from the order at size %d", size, walkSizes[0])
		}
	}
}

func checkListSizeBounds(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, bigCampaign)
	for _, size := range []int{1, 100} {
		page, ex, err := t.API().ListCalls(ctx, id, client.Page{Page: 1, Size: size})
		if t.Status(ex, err, "size "+strconv.Itoa(size), http.StatusOK) && len(page.Calls) != size {
			t.Errorf(ex, "size %d gives %d calls of %d", size, len(page.Calls), bigCampaign)
		}
	}
	for _, size := range []string{"101", "500"} {
		ex, err := raw(ctx, t.API(), http.MethodGet, client.CampaignPath(id, "calls"), url.Values{"size": {size}}, nil)
		if ex == nil {
			t.Brokenf(nil, "size %s: %v", size, err)
		}
		if ex.Status != http.StatusOK {
			continue // refused: the maximum holds
		}
		var page api.CallList
		if decodeJSON(ex.Body, &page) == nil && len(page.Calls) > 100 {
			t.Errorf(ex, "size=%s gives %d calls on one page: more than the maximum of 100", size, len(page.Calls))
		}
	}
}

func checkListOutOfRange(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 3)
	for _, q := range []url.Values{{"size": {"0"}}, {"size": {"101"}}, {"size": {"500"}}, {"page": {"0"}}, {"page": {"abc"}}, {"size": {"ten"}}} {
		ex, err := raw(ctx, t.API(), http.MethodGet, client.CampaignPath(id, "calls"), q, nil)
		t.Status(ex, err, "list ?"+q.Encode(), http.StatusUnprocessableEntity)
	}
}

func checkListPastEnd(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 3)
	page, ex, err := t.API().ListCalls(ctx, id, client.Page{Page: 5, Size: 2})
	if t.Status(ex, err, "page 5 of 2", http.StatusOK) && (len(page.Calls) != 0 || page.Total != 3) {
		t.Errorf(ex, "page past the end holds %d calls with total %d, want 0 and 3", len(page.Calls), page.Total)
	}
}

// uuids is the call uuids in order, joined, for comparing orders.
func uuids(calls []api.Call) string {
	s := ""
	for _, c := range calls {
		s += c.UUID + ","
	}
	return s
}
