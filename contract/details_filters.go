package contract

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// filterCase is one details query and the events it must return.
type filterCase struct {
	label string
	q     client.DetailsQuery
	want  func(api.CallEvent) bool
}

// filterCases derives, from all events of a campaign, the queries of one
// filter kind, each with the predicate its answer must match.
func filterCases(kind string, all []api.CallEvent) []filterCase {
	var calls, phones, statuses, days []string
	seen := map[string]bool{}
	add := func(list *[]string, v string) {
		if !seen[v] {
			seen[v] = true
			*list = append(*list, v)
		}
	}
	for _, e := range all {
		add(&calls, "c:"+e.CallUUID)
		add(&phones, "p:"+e.PhoneNumber)
		add(&statuses, "s:"+e.Status)
		add(&days, "d:"+day(e))
	}
	strip := func(l []string) []string {
		out := make([]string, len(l))
		for i, v := range l {
			out[i] = v[2:]
		}
		sort.Strings(out)
		return out
	}
	calls, phones, statuses, days = strip(calls), strip(phones), strip(statuses), strip(days)
	var out []filterCase
	switch kind {
	case "call_uuid":
		for _, c := range calls {
			out = append(out, filterCase{"call_uuid=" + c, client.DetailsQuery{CallUUID: c}, func(e api.CallEvent) bool { return e.CallUUID == c }})
		}
	case "phone_number", "phone-plus":
		for _, p := range phones {
			q := p
			if kind == "phone-plus" {
				q = "+" + p
			}
			out = append(out, filterCase{"phone_number=" + q, client.DetailsQuery{PhoneNumber: q}, func(e api.CallEvent) bool { return e.PhoneNumber == p }})
		}
	case "call_status":
		for _, s := range statuses {
			out = append(out, filterCase{"call_status=" + s, client.DetailsQuery{CallStatus: s}, func(e api.CallEvent) bool { return e.Status == s }})
		}
	case "date", "date-bare", "date-offset":
		for _, d := range days {
			q := d + "T12:34:56.000Z"
			switch kind {
			case "date-bare":
				q = d
			case "date-offset":
				// 22:00 UTC on day d, written in UTC+05:00: the local date is the next day.
				at, _ := time.Parse(time.DateOnly, d)
				q = at.Add(22 * time.Hour).In(time.FixedZone("", 5*3600)).Format(time.RFC3339)
			}
			out = append(out, filterCase{"date=" + q, client.DetailsQuery{Date: q}, func(e api.CallEvent) bool { return day(e) == d }})
		}
	case "and":
		for _, s := range statuses {
			for _, d := range days {
				q := d + "T00:00:00.000Z"
				out = append(out, filterCase{"call_status=" + s + "&date=" + q, client.DetailsQuery{CallStatus: s, Date: q},
					func(e api.CallEvent) bool { return e.Status == s && day(e) == d }})
			}
		}
		if len(phones) > 0 && len(statuses) > 0 {
			p, s := phones[0], statuses[0]
			out = append(out, filterCase{"phone_number=" + p + "&call_status=" + s, client.DetailsQuery{PhoneNumber: p, CallStatus: s},
				func(e api.CallEvent) bool { return e.PhoneNumber == p && e.Status == s }})
		}
	}
	return out
}

func day(e api.CallEvent) string { return e.StartedAt.UTC().Format(time.DateOnly) }

// checkFilter runs every query of one filter kind against the events
// campaign and compares each answer with the events it must return.
func (t *T) checkFilter(ctx context.Context, kind string) {
	id, all := t.eventsFixture(ctx)
	cases := filterCases(kind, all)
	if len(cases) == 0 {
		t.Brokenf(nil, "no %s filter to try on %d events", kind, len(all))
	}
	narrowed := false
	for _, fc := range cases {
		var want []string
		for _, e := range all {
			if fc.want(e) {
				want = append(want, e.CallEventUUID)
			}
		}
		if len(want) < len(all) {
			narrowed = true
		}
		got, d := t.Events(ctx, id, fc.q)
		var ids []string
		for _, e := range got {
			ids = append(ids, e.CallEventUUID)
		}
		sort.Strings(ids)
		sort.Strings(want)
		if strings.Join(ids, ",") != strings.Join(want, ",") || d.Total != len(want) {
			t.Errorf(nil, "%s returns %d events (total %d), want the %d that match out of %d", fc.label, len(ids), d.Total, len(want), len(all))
		}
	}
	if !narrowed {
		t.Brokenf(nil, "no %s filter value selects fewer than all %d events: an ignored filter would not show", kind, len(all))
	}
}
