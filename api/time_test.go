package api

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// TestTimeWritesTimeLayout pins the hand-written formatting of Time to
// time.Format with TimeLayout, byte for byte, in JSON and in String.
func TestTimeWritesTimeLayout(t *testing.T) {
	instants := []time.Time{
		{},
		time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(1999, 2, 3, 4, 5, 6, 7_000_000, time.FixedZone("+05", 5*3600)),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(42, 7, 8, 9, 10, 11, 12_345_678, time.UTC),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10_000 {
		instants = append(instants, time.UnixMilli(r.Int64N(400*365*24*3600*1000)-200*365*24*3600*1000).Add(time.Duration(r.IntN(1e6))))
	}
	for _, in := range instants {
		want := in.UTC().Format(TimeLayout)
		if got := (Time{Time: in}).String(); got != want {
			t.Fatalf("String of %v = %q, want %q", in, got, want)
		}
		data, err := json.Marshal(Time{Time: in})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(data); got != `"`+want+`"` {
			t.Fatalf("JSON of %v = %s, want %q", in, got, want)
		}
	}
}

func BenchmarkTimeMarshalJSON(b *testing.B) {
	v := Time{Time: time.Date(2026, 1, 15, 8, 0, 0, 123_000_000, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}
