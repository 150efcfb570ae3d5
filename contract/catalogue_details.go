package contract

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

func detailsChecks() []Check {
	op := api.OpDetails
	events := []Fixture{FixtureEventsCampaign}
	filters := Dec("DEC-33", "Filters combine with AND: call_status (matches the event's status), call_uuid, phone_number (normalised), date (events whose started_at falls on the same UTC day; a bare YYYY-MM-DD is accepted too). total counts matching events.")
	return []Check{
		{ID: "details.200", Operation: op, Title: "a new campaign's details: its settings, no items, page 1 of size 10",
			Rule: Doc(docDetails + ` Response: …, "items": […], "page": 1, "size": 10, "total": …`), Run: checkDetails200},
		{ID: "details.default-size", Operation: op, Title: "without size a page holds 10 events; page and size are echoed",
			Rule: Doc(docDetailsSize), Needs: events, Run: checkDetailsDefaultSize},
		{ID: "details.page-echo", Operation: op, Title: "later pages echo page and size truly; total counts everything",
			Rule: Doc(docDetailsPage + " " + docDetailsSize), Needs: events, Run: checkDetailsPageEcho},
		{ID: "details.walk", Operation: op, Title: "walking every page at several sizes yields exactly total events, no duplicates",
			Rule: Doc(docDetails), Needs: events, Run: checkDetailsWalk},
		{ID: "details.order", Operation: op, Title: "events are ordered by started_at, the same at every page size",
			Rule: Dec("DEC-32", "Items are call events (attempts), ordered by started_at, then by the order they started in (docs/rules.md), the same at every page size."), Needs: events, Run: checkDetailsOrder},
		{ID: "details.size-bounds", Operation: op, Title: "sizes 1 and 100 are accepted and no page holds more than size",
			Rule: Doc(docDetailsSize), Needs: events, Run: checkDetailsSizeBounds},
		{ID: "details.out-of-range", Operation: op, Title: "size 0 and 101, page 0 and page=abc are 422",
			Rule: Dec("DEC-30", "Out of range or not an integer → 422 (not clamped)."), Run: checkDetailsOutOfRange},
		{ID: "details.filter-call-uuid", Operation: op, Title: "call_uuid returns exactly that call's events",
			Rule: Doc(docDetails + " call_uuid string Filter by specific call UUID."), Needs: events,
			Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "call_uuid") }},
		{ID: "details.filter-phone", Operation: op, Title: "phone_number returns exactly that number's events",
			Rule: Doc(docDetails + " phone_number string Filter by phone number."), Needs: events,
			Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "phone_number") }},
		{ID: "details.filter-status", Operation: op, Title: "call_status returns exactly the events of that status",
			Rule: filters, Needs: events, Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "call_status") }},
		{ID: "details.filter-date", Operation: op, Title: "date returns exactly the events of that UTC day",
			Rule: filters, Needs: events, Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "date") }},
		{ID: "details.filter-date-bare", Operation: op, Title: "a bare YYYY-MM-DD date filters as its day",
			Rule: filters, Needs: events, Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "date-bare") }},
		{ID: "details.filter-date-offset", Operation: op, Title: "a date-time with an offset filters by its UTC day",
			Rule: filters, Needs: events, Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "date-offset") }},
		{ID: "details.filter-phone-normalised", Operation: op, Title: `phone_number "+7701…" matches "7701…"`,
			Rule: filters, Needs: events, Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "phone-plus") }},
		{ID: "details.filters-and", Operation: op, Title: "filters combine with AND",
			Rule: filters, Needs: events, Run: func(ctx context.Context, t *T) { t.checkFilter(ctx, "and") }},
		{ID: "details.null-while-live", Operation: op, Title: "an attempt in progress has null duration, fresult, transcript, summary, sentiment",
			Rule:  Dec("DEC-34", "Fields not yet known (an attempt still in progress) are null."),
			Needs: []Fixture{FixtureClock}, Run: checkDetailsNullWhileLive},
		{ID: "details.404-unknown", Operation: op, Title: "the details of an unknown campaign are 404",
			Rule: Dec("DEC-18", "Unknown campaign → 404, on append and on details as on the other operations."),
			Run: func(ctx context.Context, t *T) {
				_, ex, err := t.API().Details(ctx, uuid.NewString(), client.DetailsQuery{})
				t.Status(ex, err, "details of an unknown campaign", http.StatusNotFound)
			}},
	}
}

func checkDetails200(ctx context.Context, t *T) {
	req := t.NewCampaign(ctx, t.Records(2))
	out := t.Create(ctx, req)
	d, ex, err := t.API().Details(ctx, out.CallCampaignUUID, client.DetailsQuery{})
	if !t.Status(ex, err, "details", http.StatusOK) {
		return
	}
	if d.Page != 1 || d.Size != 10 || d.Total != 0 || len(d.Items) != 0 {
		t.Errorf(ex, "page %d size %d total %d items %d, want 1 10 0 0 for a campaign never dialed", d.Page, d.Size, d.Total, len(d.Items))
	}
	if d.CallCampaignName != req.CallCampaignName || d.Speed != *req.Speed || d.Retry != *req.Retry || d.RetryInterval != *req.RetryInterval {
		t.Errorf(ex, "the settings are not echoed: %q speed %d retry %d interval %d", d.CallCampaignName, d.Speed, d.Retry, d.RetryInterval)
	}
}

// eventsFixture returns the events campaign and all its events, checking
// that they differ in number per call, status and day.
func (t *T) eventsFixture(ctx context.Context) (string, []api.CallEvent) {
	id := t.env.eventsCampaign
	if id == "" {
		id = t.EventsCampaign(ctx)
		t.env.eventsCampaign = id
	}
	all, d := t.Events(ctx, id, client.DetailsQuery{})
	if d.Total != len(all) {
		t.Errorf(nil, "walking the details yields %d events, total says %d", len(all), d.Total)
	}
	perCall, statuses, days := map[string]int{}, map[string]bool{}, map[string]bool{}
	for _, e := range all {
		perCall[e.CallUUID]++
		statuses[e.Status] = true
		days[e.StartedAt.UTC().Format(time.DateOnly)] = true
	}
	counts := map[int]bool{}
	for _, n := range perCall {
		counts[n] = true
	}
	if len(all) <= 10 || len(counts) < 2 || len(statuses) < 2 || len(days) < 2 {
		msg := "the events campaign has %d events, %d distinct counts per call, %d statuses, %d days: need more than 10 events differing in all three"
		if t.env.fixtures.EventsCampaign != "" {
			t.Skipf(msg, len(all), len(counts), len(statuses), len(days))
		}
		t.Brokenf(nil, msg, len(all), len(counts), len(statuses), len(days))
	}
	return id, all
}

func checkDetailsDefaultSize(ctx context.Context, t *T) {
	id, all := t.eventsFixture(ctx)
	d, ex, err := t.API().Details(ctx, id, client.DetailsQuery{})
	if !t.Status(ex, err, "details without size", http.StatusOK) {
		return
	}
	if len(d.Items) != 10 || d.Size != 10 || d.Page != 1 || d.Total != len(all) {
		t.Errorf(ex, "without page and size: %d items, page %d, size %d, total %d; want 10, 1, 10, %d", len(d.Items), d.Page, d.Size, d.Total, len(all))
	}
}

func checkDetailsPageEcho(ctx context.Context, t *T) {
	id, all := t.eventsFixture(ctx)
	for _, p := range []client.Page{{Page: 2, Size: 4}, {Page: 3, Size: 4}, {Page: 2}, {Page: 1, Size: 7}} {
		d, ex, err := t.API().Details(ctx, id, client.DetailsQuery{Page: p})
		if !t.Status(ex, err, "details page "+strconv.Itoa(p.Page), http.StatusOK) {
			continue
		}
		size := p.Size
		if size == 0 {
			size = 10
		}
		want := min(size, max(0, len(all)-(p.Page-1)*size))
		if d.Page != p.Page || d.Size != size || d.Total != len(all) || len(d.Items) != want {
			t.Errorf(ex, "page %d size %d: echoed page %d size %d total %d with %d items; want %d %d %d with %d",
				p.Page, p.Size, d.Page, d.Size, d.Total, len(d.Items), p.Page, size, len(all), want)
		}
	}
}

func (t *T) walkEvents(ctx context.Context, id string, size int, want int) []api.CallEvent {
	var out []api.CallEvent
	for p := 1; p <= maxPages; p++ {
		d, ex, err := t.API().Details(ctx, id, client.DetailsQuery{Page: client.Page{Page: p, Size: size}})
		if !t.Status(ex, err, "details page "+strconv.Itoa(p), http.StatusOK) {
			return out
		}
		if d.Total != want || len(d.Items) > size {
			t.Errorf(ex, "page %d of size %d: total %d with %d items, want total %d and at most %d", p, size, d.Total, len(d.Items), want, size)
		}
		out = append(out, d.Items...)
		if len(d.Items) == 0 || len(out) >= want {
			break
		}
	}
	return out
}

func checkDetailsWalk(ctx context.Context, t *T) {
	id, all := t.eventsFixture(ctx)
	for _, size := range []int{1, 4, 100} {
		got := t.walkEvents(ctx, id, size, len(all))
		seen := map[string]bool{}
		for _, e := range got {
			if seen[e.CallEventUUID] {
				t.Errorf(nil, "walking at size %d lists event %s twice", size, e.CallEventUUID)
			}
			seen[e.CallEventUUID] = true
		}
		if len(seen) != len(all) {
			t.Errorf(nil, "walking at size %d yields %d distinct events, want %d", size, len(seen), len(all))
		}
	}
}

func checkDetailsOrder(ctx context.Context, t *T) {
	id, all := t.eventsFixture(ctx)
	got := t.walkEvents(ctx, id, 4, len(all))
	if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].StartedAt.Before(got[j].StartedAt.Time) }) {
		t.Errorf(nil, "the events are not ordered by started_at")
	}
	ref := t.walkEvents(ctx, id, 100, len(all))
	if len(ref) == len(got) {
		for i := range got {
			if got[i].CallEventUUID != ref[i].CallEventUUID {
				t.Errorf(nil, "the order at size 4 differs from the order at size 100 at item %d", i)
				break
			}
		}
	}
}

func checkDetailsSizeBounds(ctx context.Context, t *T) {
	id, all := t.eventsFixture(ctx)
	for _, size := range []int{1, 100} {
		d, ex, err := t.API().Details(ctx, id, client.DetailsQuery{Page: client.Page{Page: 1, Size: size}})
		if t.Status(ex, err, "details size "+strconv.Itoa(size), http.StatusOK) && len(d.Items) != min(size, len(all)) {
			t.Errorf(ex, "size %d gives %d items of %d", size, len(d.Items), len(all))
		}
	}
}

func checkDetailsOutOfRange(ctx context.Context, t *T) {
	id, _ := t.QuietCampaign(ctx, 1)
	for _, q := range []url.Values{{"size": {"0"}}, {"size": {"101"}}, {"page": {"0"}}, {"page": {"abc"}}} {
		ex, err := raw(ctx, t.API(), http.MethodGet, client.CampaignPath(id, "details"), q, nil)
		t.Status(ex, err, "details ?"+q.Encode(), http.StatusUnprocessableEntity)
	}
}

func checkDetailsNullWhileLive(ctx context.Context, t *T) {
	campaign, phone := t.phoneInProgress(ctx, suffixOneHour, 0)
	evs, _ := t.Events(ctx, campaign, client.DetailsQuery{PhoneNumber: phone})
	if len(evs) != 1 || evs[0].Status != api.EventInProgress {
		t.Brokenf(nil, "the call in progress has %d events, want one IN_PROGRESS", len(evs))
	}
	e := evs[0]
	if e.DurationSec != nil || e.FResult != nil || e.Transcript != nil || e.Summary != nil || e.UserSentiment != nil {
		t.Errorf(nil, "the live attempt has duration %v fresult %v transcript %v summary %v sentiment %v, want all null",
			e.DurationSec, e.FResult, e.Transcript != nil, e.Summary != nil, e.UserSentiment)
	}
}
