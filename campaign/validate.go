package campaign

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

const msgInvalidPhone = "Invalid phone number format"

// ErrInvalidPhone is the error of NormalizePhone (DEC-11). Its message is
// the documented one, capital letter included.
var ErrInvalidPhone error = phoneError{}

type phoneError struct{}

func (phoneError) Error() string { return msgInvalidPhone }

// The lengths of a stored number, in digits (DEC-11).
const minPhoneDigits, maxPhoneDigits = 10, 15

// NormalizePhone returns the stored form of a phone number: after removing
// one leading "+", 10 to 15 digits and nothing else (DEC-11). Spaces, dashes
// and parentheses are refused, not repaired.
func NormalizePhone(s string) (string, error) {
	d := strings.TrimPrefix(s, "+")
	if len(d) < minPhoneDigits || len(d) > maxPhoneDigits {
		return "", ErrInvalidPhone
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return "", ErrInvalidPhone
		}
	}
	return d, nil
}

// packPhone stores the digits of a normalised number in a word: the value
// times 16 plus the number of digits, so leading zeros survive.
func packPhone(digits string) uint64 {
	var v uint64
	for i := 0; i < len(digits); i++ {
		v = v*10 + uint64(digits[i]-'0')
	}
	return v<<4 | uint64(len(digits))
}

// unpackPhone is the inverse of packPhone.
func unpackPhone(p uint64) string {
	return string(appendPhone(make([]byte, 0, phoneDigits(p)), p))
}

// appendUUID appends id in its canonical 36-character form, as
// uuid.UUID.String writes it, without a string of its own.
func appendUUID(b []byte, id [16]byte) []byte {
	const hex = "0123456789abcdef"
	for i, x := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hex[x>>4], hex[x&15])
	}
	return b
}

// phoneDigits is the length of the number packed in p.
func phoneDigits(p uint64) int { return int(p & 15) }

// appendPhone appends the digits of the number packed in p to b.
func appendPhone(b []byte, p uint64) []byte {
	n := phoneDigits(p)
	v := p >> 4
	b = append(b, make([]byte, n)...)
	d := b[len(b)-n:]
	for i := n - 1; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return b
}

// parsePhone normalises and packs a number.
func parsePhone(s string) (uint64, error) {
	d, err := NormalizePhone(s)
	if err != nil {
		return 0, err
	}
	return packPhone(d), nil
}

// checked is a record that passed validation, in its stored form.
type checked struct {
	phone   uint64
	profile profile
	vars    []byte // compact, nil for {}
	forced  uint8
}

// validator collects the field errors of one input.
type validator struct {
	fields []FieldError
}

func (v *validator) add(msg, typ string, loc ...any) {
	v.fields = append(v.fields, FieldError{Loc: loc, Msg: msg, Type: typ})
}

func (v *validator) err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: v.fields}
}

// intRange checks an optional setting against [lo, hi] and returns it or def.
func (v *validator) intRange(p *int, def, lo, hi int, name string) int {
	if p == nil {
		return def
	}
	switch {
	case *p < lo:
		v.add(fmt.Sprintf("Input should be greater than or equal to %d", lo), "greater_than_equal", name)
	case *p > hi:
		v.add(fmt.Sprintf("Input should be less than or equal to %d", hi), "less_than_equal", name)
	}
	return *p
}

// settings are the checked settings of a new campaign.
type settings struct {
	retry, speed, interval    int
	unique, transfer, dynamic bool
}

// checkCampaign applies §3 to a create request (DEC-5, DEC-7, DEC-8).
func (v *validator) checkCampaign(nc NewCampaign, lim Limits) settings {
	switch n := utf8.RuneCountInString(nc.Name); {
	case n == 0:
		v.add("String should have at least 1 character", "string_too_short", "call_campaign_name")
	case n > lim.NameMax:
		v.add(fmt.Sprintf("String should have at most %d characters", lim.NameMax), "string_too_long", "call_campaign_name")
	}
	if nc.StartAt.IsZero() {
		v.add("Field required", "missing", "start_at")
	}
	if nc.EndAt.IsZero() {
		v.add("Field required", "missing", "end_at")
	}
	if !nc.StartAt.IsZero() && !nc.EndAt.IsZero() && !nc.EndAt.After(nc.StartAt) {
		v.add("Value error, end_at must be after start_at", "value_error", "end_at")
	}
	var s settings
	s.retry = v.intRange(nc.Retry, 0, 0, lim.RetryMax, "retry")
	s.speed = v.intRange(nc.Speed, 1, 1, lim.SpeedMax, "speed")
	s.interval = v.intRange(nc.RetryInterval, min(30, lim.RetryIntervalMax), 1, lim.RetryIntervalMax, "retry_interval")
	if nc.DayUnique != nil {
		if *nc.DayUnique != "delete" {
			v.add("Input should be 'delete'", "literal_error", "day_unique")
		}
		s.unique = true
	}
	s.transfer = nc.TransferNextDay != nil && *nc.TransferNextDay
	s.dynamic = nc.AllowDynamicCallAppending != nil && *nc.AllowDynamicCallAppending
	return s
}

// checkRecords applies §3 to call records (DEC-9 to DEC-12, DEC-36) and
// returns them in their stored form.
func (v *validator) checkRecords(recs []Record, lim Limits, allowEmpty bool, ar *arena) []checked {
	switch {
	case len(recs) == 0 && !allowEmpty:
		v.add("List should have at least 1 item after validation, not 0", "too_short", "call_records")
		return nil
	case len(recs) > lim.RecordsPerRequest:
		v.add(fmt.Sprintf("List should have at most %d items after validation, not %d", lim.RecordsPerRequest, len(recs)), "too_long", "call_records")
		return nil
	}
	out := make([]checked, len(recs))
	var buf bytes.Buffer
	for i, r := range recs {
		out[i] = v.checkRecord(i, r, &buf, ar)
	}
	return out
}

func (v *validator) checkRecord(i int, r Record, buf *bytes.Buffer, ar *arena) checked {
	var c checked
	ph, err := parsePhone(r.PhoneNumber)
	if err != nil {
		v.add(msgInvalidPhone, "value_error", "call_records", i, "phone_number")
	}
	c.phone = ph
	if !isLanguage(r.Language) {
		v.add("String should match pattern '^[A-Za-z]{2,3}$'", "string_pattern_mismatch", "call_records", i, "language")
	}
	if r.GenderVoice != "male" && r.GenderVoice != "female" {
		v.add("Input should be 'male' or 'female'", "literal_error", "call_records", i, "gender_voice")
	}
	if r.AgentName == "" {
		v.add("String should have at least 1 character", "string_too_short", "call_records", i, "agent_name")
	}
	c.profile = profile{language: strings.ToUpper(r.Language), gender: r.GenderVoice, agent: r.AgentName}
	vars, ok := compactObject(r.Variables, buf)
	if !ok {
		v.add("Input should be a valid dictionary", "dict_type", "call_records", i, "variables")
	}
	if loc, huge := hugeNumber(vars); huge {
		v.add(msgHugeNumber, "finite_number", append([]any{"call_records", i, "variables"}, loc...)...)
	}
	if vars != nil {
		c.vars = ar.add(vars)
	}
	c.forced = forcedOutcome(c.phone, vars)
	return c
}

func isLanguage(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if ch := s[i] | 0x20; ch < 'a' || ch > 'z' {
			return false
		}
	}
	return true
}

// compactObject checks that raw is absent, null or a JSON object and returns
// it compacted, nil meaning {} (DEC-36). The result is only valid until the
// next call with the same buffer.
func compactObject(raw json.RawMessage, buf *bytes.Buffer) ([]byte, bool) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return nil, true
	}
	if t[0] != '{' {
		return nil, false
	}
	buf.Reset()
	if err := json.Compact(buf, t); err != nil {
		return nil, false
	}
	if buf.Len() == 2 {
		return nil, true
	}
	return buf.Bytes(), true
}

const msgHugeNumber = "Number out of range: variables may hold only numbers a double (IEEE 754 binary64) can represent, " +
	"at most about 1.8e308 in magnitude; send a larger one as a string"

// hugeNumber returns the location inside compact variables of the first
// number no float64 can hold, such as 1e400 (DEC-36 as docs/rules.md
// refines it): echoed unchanged, it would make the page that holds it
// unreadable to most JSON clients. A quick scan finds none in the usual
// case; only then is the object walked for the location.
func hugeNumber(vars []byte) ([]any, bool) {
	if !hasHugeNumber(vars) {
		return nil, false
	}
	type frame struct {
		obj, wantKey bool
		key          string
		idx          int
	}
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(vars))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		if n := len(stack); n > 0 {
			f := &stack[n-1]
			if k, isKey := tok.(string); isKey && f.obj && f.wantKey {
				f.key, f.wantKey = k, false
				continue
			}
			if d, isDelim := tok.(json.Delim); !f.obj && !(isDelim && d == ']') {
				f.idx++
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{obj: true, wantKey: true})
				continue
			case '[':
				stack = append(stack, frame{idx: -1})
				continue
			}
			if stack = stack[:len(stack)-1]; len(stack) == 0 {
				return nil, false
			}
		case json.Number:
			if isHugeNumber(string(t)) {
				loc := make([]any, len(stack))
				for i, f := range stack {
					if loc[i] = f.idx; f.obj {
						loc[i] = f.key
					}
				}
				return loc, true
			}
		}
		if f := &stack[len(stack)-1]; f.obj {
			f.wantKey = true // a value of the object ended
		}
	}
}

// hasHugeNumber scans compact JSON for a number isHugeNumber refuses.
func hasHugeNumber(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(b) && strings.IndexByte("0123456789+-.eE", b[j]) >= 0 {
				j++
			}
			if num := b[i:j]; (len(num) > 308 || bytes.ContainsAny(num, "eE")) && isHugeNumber(string(num)) {
				return true
			}
			i = j - 1
		}
	}
	return false
}

// isHugeNumber reports whether the JSON number s overflows a float64. Only
// a number with an exponent or of more than 308 characters can.
func isHugeNumber(s string) bool {
	if len(s) <= 308 && !strings.ContainsAny(s, "eE") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return errors.Is(err, strconv.ErrRange)
}

// mockOutcome reads the variable mock_outcome of compact variables, "" if absent.
func mockOutcome(vars []byte) string {
	if !bytes.Contains(vars, []byte(`"mock_outcome"`)) {
		return ""
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(vars, &m) != nil {
		return ""
	}
	raw, ok := m["mock_outcome"]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n int
	if json.Unmarshal(raw, &n) == nil && n >= 0 && n <= 9 {
		return "00" + strconv.Itoa(n)
	}
	return ""
}
