package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleList(agent string) CallList {
	at := Time{time.Date(2026, 1, 15, 9, 5, 0, 123e6, time.FixedZone("x", 5*3600))}
	return CallList{
		CallCampaignUUID: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
		Calls: []Call{
			{UUID: "0a7525e1-e05f-45fe-922d-fc0fe2d508a6", PhoneNumber: "77012345678", Status: CallCompleted, AgentName: agent, Language: "RU", CreatedAt: at},
			{UUID: "34687925-2e88-45db-9d4a-4525c5bfc132", PhoneNumber: "77019876543", Status: CallPending, AgentName: "support", Language: "KZ", CreatedAt: at},
		},
		Total: 150,
	}
}

// The appender writes exactly what encoding/json writes, so a client can
// never tell which one answered.
func TestAppendJSONIsEncodingJSON(t *testing.T) {
	for _, agent := range []string{
		"sales_agent_v2", "", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\r\b\f\x00\x1f",
		"кириллица қазақша", "\u2028\u2029", "bad \xff utf8 \xc3", "emoji 😀",
	} {
		l := sampleList(agent)
		want, err := json.Marshal(l)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(l.AppendJSON(nil)), "agent %q", agent)
	}
	// created_at repeats, changes, comes back, is the same instant in
	// another zone, and leaves the four-digit years.
	a := time.Date(2026, 1, 15, 9, 5, 0, 123e6, time.UTC)
	times := []time.Time{a, a, a.Add(time.Millisecond), a, a.In(time.FixedZone("y", -3600)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), a}
	mixed := CallList{CallCampaignUUID: "x", Total: len(times)}
	for i, at := range times {
		mixed.Calls = append(mixed.Calls, Call{UUID: string(rune('a' + i)), CreatedAt: Time{at}})
	}
	want, err := json.Marshal(mixed)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(mixed.AppendJSON([]byte("prefix")))[len("prefix"):])

	empty := CallList{CallCampaignUUID: "x", Calls: []Call{}, Total: 0}
	want, _ = json.Marshal(empty)
	assert.Equal(t, string(want), string(empty.AppendJSON(nil)))
	null := CallList{Total: -3}
	want, _ = json.Marshal(null)
	assert.Equal(t, string(want), string(null.AppendJSON(nil)))
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a", "\"\\", "<>&", "\u2028", "\xff", "\x00\x7f", "é😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Skip()
		}
		if got := appendString(nil, s); string(got) != string(want) {
			t.Fatalf("appendString(%q) = %s, encoding/json %s", s, got, want)
		}
	})
}

func BenchmarkCallListJSON(b *testing.B) {
	l := sampleList("sales_agent_v2")
	for len(l.Calls) < 50 {
		l.Calls = append(l.Calls, l.Calls[0])
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(l)
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		buf := make([]byte, 0, 16<<10)
		for b.Loop() {
			buf = l.AppendJSON(buf[:0])
		}
	})
}
