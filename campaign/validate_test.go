package campaign

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// locs returns the locations of a *ValidationError, joined by dots.
func locs(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	var out []string
	for _, f := range ve.Fields {
		parts := make([]string, len(f.Loc))
		for i, l := range f.Loc {
			parts[i] = strings.TrimSpace(strings.Trim(jsonOf(l), `"`))
		}
		out = append(out, strings.Join(parts, "."))
	}
	return out
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestDEC5_NameAndWindow(t *testing.T) {
	tests := []struct {
		name string
		edit func(*NewCampaign)
		loc  []string
	}{
		{"valid", func(*NewCampaign) {}, nil},
		{"empty name", func(c *NewCampaign) { c.Name = "" }, []string{"call_campaign_name"}},
		{"255 runes", func(c *NewCampaign) { c.Name = strings.Repeat("я", 255) }, nil},
		{"256 runes", func(c *NewCampaign) { c.Name = strings.Repeat("я", 256) }, []string{"call_campaign_name"}},
		{"end equals start", func(c *NewCampaign) { c.EndAt = c.StartAt }, []string{"end_at"}},
		{"end before start", func(c *NewCampaign) { c.EndAt = c.StartAt.Add(-time.Second) }, []string{"end_at"}},
		{"no start", func(c *NewCampaign) { c.StartAt = time.Time{} }, []string{"start_at"}},
		{"no end", func(c *NewCampaign) { c.EndAt = time.Time{} }, []string{"end_at"}},
		{"offset accepted", func(c *NewCampaign) { c.StartAt = c.StartAt.In(time.FixedZone("ALMT", 5*3600)) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			nc := day(rec(phone(1)))
			tt.edit(&nc)
			_, err := f.s.Create(firmA, nc)
			if tt.loc == nil {
				require.NoError(t, err)
				return
			}
			assert.Equal(t, tt.loc, locs(t, err))
			assert.Zero(t, f.s.FirmCampaigns(firmA), "a rejected create changes nothing")
		})
	}
}

func TestDEC7_SettingBoundsAndDefaults(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*NewCampaign)
		limits Limits
		loc    []string
	}{
		{"retry 0", func(c *NewCampaign) { c.Retry = ptr(0) }, Limits{}, nil},
		{"retry 10", func(c *NewCampaign) { c.Retry = ptr(10) }, Limits{}, nil},
		{"retry 11", func(c *NewCampaign) { c.Retry = ptr(11) }, Limits{}, []string{"retry"}},
		{"retry -1", func(c *NewCampaign) { c.Retry = ptr(-1) }, Limits{}, []string{"retry"}},
		{"speed 0", func(c *NewCampaign) { c.Speed = ptr(0) }, Limits{}, []string{"speed"}},
		{"speed 100", func(c *NewCampaign) { c.Speed = ptr(100) }, Limits{}, nil},
		{"speed 101", func(c *NewCampaign) { c.Speed = ptr(101) }, Limits{}, []string{"speed"}},
		{"interval 0", func(c *NewCampaign) { c.RetryInterval = ptr(0) }, Limits{}, []string{"retry_interval"}},
		{"interval 1440", func(c *NewCampaign) { c.RetryInterval = ptr(1440) }, Limits{}, nil},
		{"interval 1441", func(c *NewCampaign) { c.RetryInterval = ptr(1441) }, Limits{}, []string{"retry_interval"}},
		{"all wrong", func(c *NewCampaign) { c.Retry, c.Speed, c.RetryInterval = ptr(-1), ptr(0), ptr(0) }, Limits{}, []string{"retry", "speed", "retry_interval"}},
		{"raised speed limit", func(c *NewCampaign) { c.Speed = ptr(5000) }, Limits{SpeedMax: 10000}, nil},
		{"lowered retry limit", func(c *NewCampaign) { c.Retry = ptr(3) }, Limits{RetryMax: 2, SpeedMax: 1}, []string{"retry"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *Options) { o.Limits = tt.limits })
			nc := day()
			tt.edit(&nc)
			resp, err := f.s.Create(firmA, nc)
			if tt.loc != nil {
				assert.Equal(t, tt.loc, locs(t, err))
				return
			}
			require.NoError(t, err)
			d, err := f.s.Details(firmA, mustUUID(resp.CallCampaignUUID), DetailsQuery{Page: 1, Size: 10})
			require.NoError(t, err)
			if nc.Retry != nil {
				assert.Equal(t, *nc.Retry, d.Retry)
			}
		})
	}
	t.Run("defaults", func(t *testing.T) {
		f := newFixture(t)
		id := f.create(day())
		d, err := f.s.Details(firmA, id, DetailsQuery{Page: 1, Size: 10})
		require.NoError(t, err)
		assert.Equal(t, [3]int{0, 1, 30}, [3]int{d.Retry, d.Speed, d.RetryInterval})
	})
}

func TestDEC8_DayUniqueValues(t *testing.T) {
	for _, tt := range []struct {
		value *string
		ok    bool
	}{{nil, true}, {ptr("delete"), true}, {ptr(""), false}, {ptr("DELETE"), false}, {ptr("keep"), false}} {
		f := newFixture(t)
		nc := day()
		nc.DayUnique = tt.value
		_, err := f.s.Create(firmA, nc)
		if tt.ok {
			assert.NoError(t, err)
		} else {
			assert.Equal(t, []string{"day_unique"}, locs(t, err))
		}
	}
}

func TestDEC9_RecordsEmptyOnCreateNotOnAppend(t *testing.T) {
	f := newFixture(t)
	resp, err := f.s.Create(firmA, day())
	require.NoError(t, err)
	assert.Zero(t, resp.CallRecordsCount)
	_, err = f.s.Append(firmA, mustUUID(resp.CallCampaignUUID), nil)
	assert.Equal(t, []string{"call_records"}, locs(t, err))
	assert.Equal(t, "DRAFT", f.status(mustUUID(resp.CallCampaignUUID)), "a rejected append changes nothing")
}

func TestDEC10_RecordsPerRequest(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Limits = DefaultLimits(); o.Limits.RecordsPerRequest = 3 })
	_, err := f.s.Create(firmA, day(recs(3)...))
	require.NoError(t, err)
	_, err = f.s.Create(firmA, day(recs(4)...))
	assert.Equal(t, []string{"call_records"}, locs(t, err))
	id := f.create(day())
	_, err = f.s.Append(firmA, id, recs(4))
	assert.Equal(t, []string{"call_records"}, locs(t, err))
	f2 := newFixture(t)
	_, err = f2.s.Create(firmA, day(recs(10000)...))
	require.NoError(t, err)
	_, err = f2.s.Create(firmA, day(recs(10001)...))
	assert.Error(t, err)
}

func TestDEC11_PhoneNormalisation(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"+77012345678", "77012345678"},
		{"77012345678", "77012345678"},
		{"87012345678", "87012345678"},
		{"0123456789", "0123456789"},
		{"123456789012345", "123456789012345"},
		{"+123456789012345", "123456789012345"},
		{"123456789", ""},
		{"1234567890123456", ""},
		{"++77012345678", ""},
		{"+7 701 234 5678", ""},
		{"7-701-234-5678", ""},
		{"(701)2345678", ""},
		{"7701234567a", ""},
		{"", ""},
		{"٧٧٠١٢٣٤٥٦٧٨", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizePhone(tt.in)
			if tt.want == "" {
				require.Error(t, err)
				assert.Equal(t, "Invalid phone number format", err.Error())
				assert.True(t, errors.Is(err, ErrInvalidPhone))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want, unpackPhone(packPhone(got)), "packing keeps leading zeros")
		})
	}
	t.Run("stored and listed as digits", func(t *testing.T) {
		f := newFixture(t)
		id := f.create(day(rec("+77012345678")))
		assert.Equal(t, "77012345678", f.calls(id)[0].PhoneNumber)
	})
	t.Run("located in the body", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.s.Create(firmA, day(rec(phone(0)), rec("+7 701"), rec(phone(2)), rec("x")))
		assert.Equal(t, []string{"call_records.1.phone_number", "call_records.3.phone_number"}, locs(t, err))
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "Invalid phone number format", ve.Fields[0].Msg)
	})
}

func TestDEC12_LanguageUpperCased(t *testing.T) {
	tests := []struct {
		in, want string
	}{{"ru", "RU"}, {"Kz", "KZ"}, {"EN", "EN"}, {"eng", "ENG"}, {"r", ""}, {"russ", ""}, {"r1", ""}, {"", ""}}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f := newFixture(t)
			r := rec(phone(1))
			r.Language = tt.in
			resp, err := f.s.Create(firmA, day(r))
			if tt.want == "" {
				assert.Equal(t, []string{"call_records.0.language"}, locs(t, err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.calls(mustUUID(resp.CallCampaignUUID))[0].Language)
		})
	}
}

func TestDOC_RecordFields(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Record)
		loc  string
	}{
		{"male", func(r *Record) { r.GenderVoice = "male" }, ""},
		{"gender other", func(r *Record) { r.GenderVoice = "other" }, "call_records.0.gender_voice"},
		{"gender upper", func(r *Record) { r.GenderVoice = "MALE" }, "call_records.0.gender_voice"},
		{"no agent", func(r *Record) { r.AgentName = "" }, "call_records.0.agent_name"},
		{"variables array", func(r *Record) { r.Variables = json.RawMessage(`[1]`) }, "call_records.0.variables"},
		{"variables string", func(r *Record) { r.Variables = json.RawMessage(`"x"`) }, "call_records.0.variables"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			r := rec(phone(1))
			tt.edit(&r)
			_, err := f.s.Create(firmA, day(r))
			if tt.loc == "" {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, []string{tt.loc}, locs(t, err))
		})
	}
}

func TestDEC36_NullVariablesAreEmptyObject(t *testing.T) {
	tests := []struct {
		name string
		in   json.RawMessage
		want string
	}{
		{"omitted", nil, `{}`},
		{"null", json.RawMessage(`null`), `{}`},
		{"empty", json.RawMessage(` { } `), `{}`},
		{"numbers stay numbers", json.RawMessage(`{"client_name": "John Doe", "debt_amount": 15000, "rate": 1.50}`), `{"client_name":"John Doe","debt_amount":15000,"rate":1.50}`},
		{"nested", json.RawMessage(`{"a":{"b":[1,2]}}`), `{"a":{"b":[1,2]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			r := rec(testPhone(1, 1))
			r.Variables = tt.in
			id := f.create(day(r))
			f.advance(time.Hour)
			ev := f.events(id, DetailsQuery{})
			require.Len(t, ev, 1)
			assert.JSONEq(t, tt.want, string(ev[0].Variables))
			assert.Equal(t, tt.want, string(mustMarshal(t, ev[0].Variables)))
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+77012345678", "77012345678", "+7 701", "0000000000", "+", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := NormalizePhone(s)
		if err != nil {
			return
		}
		if len(d) < 10 || len(d) > 15 || strings.Trim(d, "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q) = %q", s, d)
		}
		if unpackPhone(packPhone(d)) != d {
			t.Fatalf("pack round trip of %q", d)
		}
		if again, err := NormalizePhone(d); err != nil || again != d {
			t.Fatalf("not idempotent on %q", d)
		}
	})
}

// TestDEC36_VariablesNumbersADoubleCannotHold pins the refinement of DEC-36
// made for finding 4 of the breaker: a number of variables that overflows
// a float64 is refused at its own location; one that only loses precision
// or underflows is kept as sent.
func TestDEC36_VariablesNumbersADoubleCannotHold(t *testing.T) {
	tests := []struct {
		vars string
		loc  []any // nil: accepted
	}{
		{`{"x":1e400}`, []any{"x"}},
		{`{"x":-1E+309}`, []any{"x"}},
		{`{"x":1.7976931348623159e308}`, []any{"x"}},
		{`{"x":1` + strings.Repeat("0", 400) + `}`, []any{"x"}},
		{`{"a":"1e400","b":{"c":[1,{"d":[true,null,"x",2e999]}]}}`, []any{"b", "c", 1, "d", 3}},
		{`{"e":[[],{},[1e5]],"f":{"g":{}},"h":[-1e400,1e400]}`, []any{"h", 0}},
		{`{"k\"1e400":1,"k2":[{"z":0}],"k3":3e308}`, []any{"k3"}},
		{`{"x":1.7976931348623157e308,"y":1e-400,"z":123456789012345678901234567890}`, nil},
		{`{"client_name":"John Doe","debt_amount":15000,"rate":1.50,"e":"1e999"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.vars, func(t *testing.T) {
			f := newFixture(t)
			r := rec(testPhone(1, 1))
			r.Variables = json.RawMessage(tt.vars)
			_, err := f.s.Create(firmA, day(r))
			if tt.loc == nil {
				require.NoError(t, err)
				return
			}
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Fields, 1)
			assert.Equal(t, append([]any{"call_records", 0, "variables"}, tt.loc...), ve.Fields[0].Loc)
			assert.Equal(t, "finite_number", ve.Fields[0].Type)
			assert.Contains(t, ve.Fields[0].Msg, "out of range")
			assert.Zero(t, f.s.FirmCampaigns(firmA), "nothing created")
		})
	}
}

// FuzzHugeNumber holds the quick scan and the walk to the same answer on
// any compact JSON object, and neither panics.
func FuzzHugeNumber(f *testing.F) {
	for _, s := range []string{`{"x":1e400}`, `{"a":[1,{"b":"1e400"}],"c":-2E308}`, `{}`, `{"k\\\"":[[],[1e999]]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		if json.Compact(&buf, []byte(s)) != nil || !strings.HasPrefix(buf.String(), "{") {
			return
		}
		loc, huge := hugeNumber(buf.Bytes())
		if huge != hasHugeNumber(buf.Bytes()) {
			t.Fatalf("hugeNumber says %v at %v, the scan says the other for %s", huge, loc, buf.String())
		}
	})
}

// The listing writes identifiers without uuid.UUID.String; they must be
// the same 36 characters, after any prefix already in the buffer.
func TestAppendUUIDWritesTheCanonicalForm(t *testing.T) {
	ids := []uuid.UUID{uuid.Nil, uuid.Max, uuid.MustParse("3fa85f64-5717-4562-b3fc-2c963f66afa6")}
	for range 200 {
		ids = append(ids, uuid.New())
	}
	for _, id := range ids {
		assert.Equal(t, "x"+id.String(), string(appendUUID([]byte("x"), id)))
	}
}
