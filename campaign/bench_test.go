package campaign

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchLimits lets a benchmark campaign be large and fast.
func benchLimits(o *Options) {
	o.Limits = DefaultLimits()
	o.Limits.SpeedMax = 100000
	o.Limits.RecordsPerRequest = 10000
}

// benchRecords is batch b of n realistic records.
func benchRecords(b, n int) []Record {
	out := make([]Record, n)
	for i := range out {
		k := b*n + i
		out[i] = Record{
			PhoneNumber: fmt.Sprintf("7701%07d", k),
			Language:    [3]string{"RU", "KZ", "EN"}[k%3],
			GenderVoice: "female",
			AgentName:   "sales_agent_v2",
			Variables:   []byte(fmt.Sprintf(`{"client_name":"Client %d","debt_amount":%d,"foreign_id":"CRM-%d"}`, k, 1000+k%50000, k)),
		}
	}
	return out
}

// bigCampaign creates a campaign of n calls in batches of 10 000, one
// millisecond apart, as a client would send them.
func bigCampaign(tb testing.TB, f *fixture, nc NewCampaign, n int) uuid.UUID {
	nc.AllowDynamicCallAppending = ptr(true)
	id := f.create(nc)
	for b := 0; b*10000 < n; b++ {
		if _, err := f.s.Append(firmA, id, benchRecords(b, min(10000, n-b*10000))); err != nil {
			tb.Fatal(err)
		}
		_, _ = f.clk.Advance(time.Millisecond)
	}
	return id
}

func BenchmarkListCalls(b *testing.B) {
	f := newFixture(b, benchLimits)
	id := bigCampaign(b, f, day(), 200000)
	for _, page := range []int{1, 2000} {
		b.Run(fmt.Sprintf("page=%d", page), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l, err := f.s.ListCalls(firmA, id, page, 100)
				if err != nil || len(l.Calls) != 100 {
					b.Fatal(err, len(l.Calls))
				}
			}
		})
	}
}

func BenchmarkDetails(b *testing.B) {
	f := newFixture(b, benchLimits)
	nc := day()
	nc.Speed = ptr(1000)
	id := bigCampaign(b, f, nc, 200000)
	f.advance(24 * time.Hour)
	d, _ := f.s.Details(firmA, id, DetailsQuery{Page: 1, Size: 1})
	b.Logf("%d attempts, campaign %s", d.Total, d.CallCampaignStatus)
	date := at(2 * time.Hour)
	for _, bc := range []struct {
		name string
		q    DetailsQuery
	}{
		{"page=1", DetailsQuery{Page: 1, Size: 100}},
		{"page=2000", DetailsQuery{Page: 2000, Size: 100}},
		{"date/page=1", DetailsQuery{Page: 1, Size: 100, Date: &date}},
		{"date/page=1000", DetailsQuery{Page: 1000, Size: 100, Date: &date}},
		{"phone", DetailsQuery{Page: 1, Size: 100, PhoneNumber: "77010123456"}},
		{"status/page=1 (scan)", DetailsQuery{Page: 1, Size: 100, CallStatus: "BUSY"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.s.Details(firmA, id, bc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSimulateDay1M creates a campaign of a million calls (retry 2,
// speed 2000, a 24-hour window) and simulates its whole day in one clock
// move. The time measured is the day's simulation; it also reports the heap
// the campaign holds afterwards per call, its attempts included.
func BenchmarkSimulateDay1M(b *testing.B) {
	const n = 1000000
	var perCall, attempts float64
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b, benchLimits)
		nc := day()
		nc.StartAt, nc.EndAt = at(16*time.Hour), at(40*time.Hour)
		nc.Speed, nc.Retry, nc.RetryInterval = ptr(2000), ptr(2), ptr(30)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		id := bigCampaign(b, f, nc, n)
		b.StartTimer()
		f.advance(48 * time.Hour)
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		d, err := f.s.Details(firmA, id, DetailsQuery{Page: 1, Size: 1})
		if err != nil {
			b.Fatal(err)
		}
		perCall = float64(after.HeapAlloc-before.HeapAlloc) / n
		attempts = float64(d.Total)
		b.Logf("campaign %s, calls by status %v", d.CallCampaignStatus, f.s.Stats().CallsByStatus)
		runtime.KeepAlive(f)
		b.StartTimer()
	}
	b.ReportMetric(perCall, "bytes/call")
	b.ReportMetric(attempts, "attempts")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/day")
}
