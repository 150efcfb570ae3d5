package contract

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/callharness/callharness/api"
)

// gen draws inputs from the schemas of openapi.yaml, reproducibly from a
// seed. Valid inputs stay within what the documentation plainly allows
// (ISO 8601 UTC times, "male" or "female", small counts), so that a
// rejection of one is a finding against the documentation and not against
// a decision of ours. Invalid inputs are valid ones with one mutation;
// every one is confirmed invalid by the validator before it is sent.
type gen struct {
	r *rand.Rand
	// phone returns a fresh phone number; start is the window's start.
	phone func() string
	start time.Time
}

func newGen(seed int64, phone func() string, start time.Time) *gen {
	return &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x63616c6c)), phone: phone, start: start}
}

func (g *gen) pick(options ...string) string { return options[g.r.IntN(len(options))] }
func (g *gen) chance(p float64) bool         { return g.r.Float64() < p }

func (g *gen) text(min, max int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-"
	n := min + g.r.IntN(max-min+1)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(alphabet[g.r.IntN(len(alphabet))])
	}
	if g.chance(0.2) {
		b.WriteString(g.pick(" Кампания", " Науқан", " ü"))
	}
	s := strings.TrimSpace(b.String())
	if s == "" {
		s = "c"
	}
	return s
}

// record is a valid call record.
func (g *gen) record() map[string]any {
	rec := map[string]any{
		"phone_number": g.phone(),
		"language":     g.pick("RU", "KZ", "EN"),
		"gender_voice": g.pick("male", "female"),
		"agent_name":   g.pick("sales_agent_v2", "support_agent", "a"),
	}
	if g.chance(0.7) {
		vars := map[string]any{}
		for i := g.r.IntN(4); i > 0; i-- {
			switch g.r.IntN(3) {
			case 0:
				vars[g.pick("client_name", "contract_type", "foreign_id")] = g.text(1, 12)
			case 1:
				vars[g.pick("debt_amount", "days_overdue")] = float64(g.r.IntN(100000))
			default:
				vars["vip"] = g.chance(0.5)
			}
		}
		rec["variables"] = vars
	}
	return rec
}

// records is 1 to 4 valid call records.
func (g *gen) records() []any {
	out := make([]any, 1+g.r.IntN(4))
	for i := range out {
		out[i] = g.record()
	}
	return out
}

// createBody is a valid body of createCampaign in a quiet window.
func (g *gen) createBody() map[string]any {
	layout := api.TimeLayout
	if g.chance(0.3) {
		layout = time.RFC3339
	}
	start := g.start.Add(time.Duration(g.r.IntN(48)) * time.Hour)
	end := start.Add(time.Duration(1+g.r.IntN(12)) * time.Hour)
	b := map[string]any{
		"call_campaign_name": g.text(1, 40),
		"start_at":           start.UTC().Format(layout),
		"end_at":             end.UTC().Format(layout),
		"call_records":       g.records(),
	}
	opt := func(name string, v any) {
		if g.chance(0.6) {
			b[name] = v
		}
	}
	opt("retry", float64(g.r.IntN(4)))
	opt("speed", float64(1+g.r.IntN(10)))
	opt("retry_interval", float64(1+g.r.IntN(120)))
	opt("day_unique", "delete")
	opt("transfer_next_day", g.chance(0.5))
	opt("allow_dynamic_call_appending", g.chance(0.5))
	return b
}

// appendBody is a valid body of appendPhoneNumbers.
func (g *gen) appendBody() map[string]any {
	return map[string]any{"call_records": g.records()}
}

// mutation breaks a valid body in one place; name says how.
type mutation struct {
	name  string
	apply func(g *gen, b map[string]any) any
}

func set(field string, v any) func(*gen, map[string]any) any {
	return func(_ *gen, b map[string]any) any { c := cloneMap(b); c[field] = v; return c }
}

func drop(field string) func(*gen, map[string]any) any {
	return func(_ *gen, b map[string]any) any { c := cloneMap(b); delete(c, field); return c }
}

// inRecord changes one field of the first record (nil v removes it).
func inRecord(field string, v any) func(*gen, map[string]any) any {
	return func(_ *gen, b map[string]any) any {
		c := cloneMap(b)
		recs, _ := c["call_records"].([]any)
		if len(recs) == 0 {
			return c
		}
		recs = append([]any(nil), recs...)
		rec := cloneMap(recs[0].(map[string]any))
		if v == nil {
			delete(rec, field)
		} else {
			rec[field] = v
		}
		recs[0] = rec
		c["call_records"] = recs
		return c
	}
}

func whole(v any) func(*gen, map[string]any) any { return func(*gen, map[string]any) any { return v } }

// recordMutations break a call record; they apply to both bodies.
var recordMutations = []mutation{
	{"phone with letters", inRecord("phone_number", "7701abc5678")},
	{"phone too short", inRecord("phone_number", "12345")},
	{"phone with dashes", inRecord("phone_number", "7-701-234-56-78")},
	{"phone a number", inRecord("phone_number", float64(77012345678))},
	{"no phone_number", inRecord("phone_number", nil)},
	{"no gender_voice", inRecord("gender_voice", nil)},
	{"gender_voice robot", inRecord("gender_voice", "robot")},
	{"language of four letters", inRecord("language", "RUSS")},
	{"empty agent_name", inRecord("agent_name", "")},
	{"variables an array", inRecord("variables", []any{"x"})},
	{"call_records an object", set("call_records", map[string]any{"phone_number": "77012345678"})},
	{"call_records of strings", set("call_records", []any{"77012345678"})},
	{"body an array", whole([]any{})},
	{"body a number", whole(float64(42))},
}

// createMutations break a create body.
var createMutations = append([]mutation{
	{"no call_campaign_name", drop("call_campaign_name")},
	{"no start_at", drop("start_at")},
	{"no end_at", drop("end_at")},
	{"no call_records", drop("call_records")},
	{"name a number", set("call_campaign_name", float64(7))},
	{"empty name", set("call_campaign_name", "")},
	{"name of 256 characters", set("call_campaign_name", strings.Repeat("n", 256))},
	{"start_at not a date", set("start_at", "next monday")},
	{"start_at a number", set("start_at", float64(1736931600))},
	{"start_at without offset", set("start_at", "2026-01-15T09:00:00")},
	{"retry a string", set("retry", "two")},
	{"retry 11", set("retry", float64(11))},
	{"retry -1", set("retry", float64(-1))},
	{"retry 1.5", set("retry", 1.5)},
	{"speed 0", set("speed", float64(0))},
	{"speed 101", set("speed", float64(101))},
	{"speed true", set("speed", true)},
	{"retry_interval 0", set("retry_interval", float64(0))},
	{"retry_interval 1441", set("retry_interval", float64(1441))},
	{"day_unique keep", set("day_unique", "keep")},
	{"transfer_next_day yes", set("transfer_next_day", "yes")},
	{"allow_dynamic_call_appending 1", set("allow_dynamic_call_appending", float64(1))},
}, recordMutations...)

// appendMutations break an append body.
var appendMutations = append([]mutation{
	{"no call_records", drop("call_records")},
	{"empty call_records", set("call_records", []any{})},
}, recordMutations...)

// queryParams is a valid query of the listing (details adds filters).
func (g *gen) queryParams(details bool) map[string]any {
	q := map[string]any{}
	if g.chance(0.7) {
		q["page"] = fmt.Sprint(1 + g.r.IntN(5))
	}
	if g.chance(0.7) {
		q["size"] = fmt.Sprint(1 + g.r.IntN(100))
	}
	if !details {
		return q
	}
	if g.chance(0.3) {
		q["call_status"] = g.pick(api.EventCompleted, api.EventNoAnswer, api.EventBusy, api.EventInProgress)
	}
	if g.chance(0.3) {
		q["date"] = g.start.Add(-time.Duration(g.r.IntN(72)) * time.Hour).UTC().Format(api.TimeLayout)
	}
	if g.chance(0.3) {
		q["phone_number"] = g.phone()
	}
	if g.chance(0.2) {
		q["call_uuid"] = uuid.NewString()
	}
	return q
}

// paramMutations break a query.
var paramMutations = []mutation{
	{"page 0", set("page", "0")},
	{"page -1", set("page", "-1")},
	{"page abc", set("page", "abc")},
	{"page 1.5", set("page", "1.5")},
	{"size 0", set("size", "0")},
	{"size 101", set("size", "101")},
	{"size 500", set("size", "500")},
	{"size x", set("size", "x")},
}

// detailsMutations break a details query.
var detailsMutations = append([]mutation{
	{"call_status DONE", set("call_status", "DONE")},
	{"call_uuid not a uuid", set("call_uuid", "call-uuid-here")},
	{"date yesterday", set("date", "yesterday")},
	{"phone_number with letters", set("phone_number", "7701abc5678")},
}, paramMutations...)
