package campaign

import (
	"errors"
	"testing"
	"time"

	"github.com/callharness/callharness/clock"
	"github.com/google/uuid"
	"pgregory.net/rapid"
)

// TestProperty_RandomOperationsKeepInvariants runs random sequences of
// creates, appends, deletes, cancels and clock moves, and checks after each
// step the totals against a model, the orders, the speed bound, the retry
// interval, the attempt count and the window.
func TestProperty_RandomOperationsKeepInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		clk := clock.NewManual(t0)
		s := NewService(clk, Options{Seed: rapid.Int64().Draw(t, "seed")})
		var ids []uuid.UUID
		model := map[uuid.UUID]int{}
		phoneOf := func(t *rapid.T) string {
			n := rapid.IntRange(0, 30).Draw(t, "number")
			if rapid.Bool().Draw(t, "test number") {
				return testPhone(n, rapid.IntRange(0, 9).Draw(t, "code"))
			}
			return phone(n)
		}
		records := func(t *rapid.T, min int) []Record {
			n := rapid.IntRange(min, 12).Draw(t, "records")
			out := make([]Record, n)
			for i := range out {
				out[i] = rec(phoneOf(t))
			}
			return out
		}
		pick := func(t *rapid.T) (uuid.UUID, bool) {
			if len(ids) == 0 {
				return uuid.UUID{}, false
			}
			return ids[rapid.IntRange(0, len(ids)-1).Draw(t, "campaign")], true
		}
		t.Repeat(map[string]func(*rapid.T){
			"create": func(t *rapid.T) {
				now := clk.Now()
				start := now.Add(time.Duration(rapid.IntRange(-120, 180).Draw(t, "start min")) * time.Minute)
				nc := NewCampaign{
					Name:    "p",
					StartAt: start,
					EndAt:   start.Add(time.Duration(rapid.IntRange(1, 600).Draw(t, "window min")) * time.Minute),
					Retry:   ptr(rapid.IntRange(0, 3).Draw(t, "retry")),
					Speed:   ptr(rapid.IntRange(1, 4).Draw(t, "speed")),

					RetryInterval:             ptr(rapid.IntRange(1, 90).Draw(t, "interval")),
					TransferNextDay:           ptr(rapid.Bool().Draw(t, "transfer")),
					AllowDynamicCallAppending: ptr(rapid.Bool().Draw(t, "dynamic")),
					Records:                   records(t, 0),
				}
				if rapid.Bool().Draw(t, "day unique") {
					nc.DayUnique = ptr("delete")
				}
				resp, err := s.Create(firmA, nc)
				if err != nil {
					t.Fatalf("create: %v", err)
				}
				id := uuid.MustParse(resp.CallCampaignUUID)
				ids = append(ids, id)
				model[id] = resp.CallRecordsCount
			},
			"append": func(t *rapid.T) {
				id, ok := pick(t)
				if !ok {
					t.Skip()
				}
				resp, err := s.Append(firmA, id, records(t, 1))
				switch {
				case err == nil:
					model[id] += resp.AddedCount
				case errors.Is(err, ErrCampaignClosed), errors.Is(err, ErrCampaignRunning):
				default:
					t.Fatalf("append: %v", err)
				}
			},
			"delete call": func(t *rapid.T) {
				id, ok := pick(t)
				if !ok {
					t.Skip()
				}
				l, err := s.ListCalls(firmA, id, 1, 100)
				if err != nil || len(l.Calls) == 0 {
					t.Skip()
				}
				c := l.Calls[rapid.IntRange(0, len(l.Calls)-1).Draw(t, "call")]
				err = s.DeleteCall(firmA, id, uuid.MustParse(c.UUID))
				switch {
				case err == nil:
					model[id]--
				case errors.Is(err, ErrCallInProgress), errors.Is(err, ErrCallNotPending):
				default:
					t.Fatalf("delete: %v", err)
				}
			},
			"delete by phone": func(t *rapid.T) {
				id, ok := pick(t)
				if !ok {
					t.Skip()
				}
				got, err := s.DeleteByPhone(firmA, id, phoneOf(t))
				switch {
				case err == nil:
					model[id] -= len(got)
				case errors.Is(err, ErrPhoneNotFound), errors.Is(err, ErrCallInProgress), errors.Is(err, ErrCallNotPending):
				default:
					t.Fatalf("delete by phone: %v", err)
				}
			},
			"cancel": func(t *rapid.T) {
				id, ok := pick(t)
				if !ok {
					t.Skip()
				}
				if _, err := s.Cancel(id); err != nil && !errors.Is(err, ErrCampaignFinal) {
					t.Fatalf("cancel: %v", err)
				}
			},
			"advance": func(t *rapid.T) {
				d := time.Duration(rapid.IntRange(1, 6*3600).Draw(t, "seconds")) * time.Second
				if _, err := clk.Advance(d); err != nil {
					t.Fatal(err)
				}
				if rapid.Bool().Draw(t, "sync") {
					s.Sync()
				}
			},
			"": func(t *rapid.T) {
				for _, id := range ids {
					l, err := s.ListCalls(firmA, id, 1, 1)
					if err != nil {
						t.Fatal(err)
					}
					if l.Total != model[id] {
						t.Fatalf("campaign %s: total %d, model %d", id, l.Total, model[id])
					}
				}
				if err := s.checkInvariants(); err != nil {
					t.Fatal(err)
				}
			},
		})
	})
}
