package transcript

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Longest client name, reference, contract type and agent name kept, in runes.
const (
	maxName     = 64
	maxRef      = 40
	maxContract = 48
	maxAgent    = 48
)

// debtLimit bounds the debt amounts written out, so that their cents stay exact in a
// float64; anything larger is treated as absent.
const debtLimit = 1e13

// facts are the pieces of a call a phrase can mention, already formatted for the
// call's language; an empty field is unknown and is not mentioned.
type facts struct {
	name     string // client_name
	role     string // who is calling, from the agent name
	debt     string // debt_amount with separators and currency
	contract string // contract_type, readable
	ref      string // foreign_id
}

// callVars are the variables the phrases know; the others are ignored.
type callVars struct {
	ClientName   scalar `json:"client_name"`
	DebtAmount   scalar `json:"debt_amount"`
	ContractType scalar `json:"contract_type"`
	ForeignID    scalar `json:"foreign_id"`
}

// scalar is a variable's value when it is a JSON string or number; a value of any
// other type leaves it empty, so that an unexpected type costs nothing and breaks
// nothing.
type scalar struct {
	text     string // the string's value, or the number's literal
	isNumber bool
}

// UnmarshalJSON keeps a string or a number and ignores anything else.
func (v *scalar) UnmarshalJSON(b []byte) error {
	*v = scalar{}
	switch c := b[0]; {
	case c == '"':
		v.text = unquote(b)
	case c == '-' || (c >= '0' && c <= '9'):
		v.text, v.isNumber = string(b), true
	}
	return nil
}

// unquote is the value of a valid JSON string, without a second decoder for the
// common string that has no escapes.
func unquote(b []byte) string {
	inner := b[1 : len(b)-1]
	plain := true
	for _, c := range inner {
		if c == '\\' || c < 0x20 {
			plain = false
			break
		}
	}
	if plain {
		return string(inner)
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return ""
	}
	return s
}

// newFacts formats what the variables and the agent name say, for one language.
// Variables that are not a JSON object, or do not parse, are treated as empty.
func newFacts(l *language, agent string, variables json.RawMessage) facts {
	f := facts{role: l.role(agent)}
	if len(variables) == 0 {
		return f
	}
	var v callVars
	if err := json.Unmarshal(variables, &v); err != nil {
		return f
	}
	f.name = clean(v.ClientName.text, maxName)
	f.ref = clean(v.ForeignID.text, maxRef)
	if amount, ok := v.DebtAmount.number(); ok {
		f.debt = l.money(amount)
	}
	if ct := clean(v.ContractType.text, maxContract); ct != "" {
		f.contract = l.contract(ct)
	}
	return f
}

// number is the value as a number: a JSON number, or a string holding one (spaces,
// commas and underscores as thousands separators are allowed), if it is finite and
// within debtLimit.
func (v scalar) number() (float64, bool) {
	s := v.text
	if s == "" {
		return 0, false
	}
	if !v.isNumber {
		s = strings.Map(func(r rune) rune {
			if r == ',' || r == '_' || unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) >= debtLimit {
		return 0, false
	}
	return n, true
}

// groupDigits writes an amount rounded to cents, its thousands grouped by sep and
// its cents, when there are any, after dec.
func groupDigits(b *strings.Builder, v float64, sep, dec string) {
	cents := int64(math.Round(v * 100))
	if cents < 0 {
		b.WriteByte('-')
		cents = -cents
	}
	var buf [24]byte
	digits := strconv.AppendInt(buf[:0], cents/100, 10)
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(d)
	}
	if frac := cents % 100; frac != 0 {
		b.WriteString(dec)
		b.WriteByte(byte('0' + frac/10))
		b.WriteByte(byte('0' + frac%10))
	}
}

// clean makes an outside string safe inside a one-line phrase: control and line
// breaking characters become spaces, runs of spaces collapse, invalid UTF-8 is
// dropped, and the result is trimmed and cut to max runes.
func clean(s string, max int) string {
	if isClean(s, max) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	n, space := 0, false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			space = b.Len() > 0
			continue
		}
		if n == max {
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isClean tells whether clean would return s unchanged, cheaply for plain ASCII.
func isClean(s string, max int) bool {
	if len(s) > max || s == "" {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || (c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			return false
		}
	}
	return true
}

// readable turns an identifier such as "business_lease" into "business lease".
func readable(s string) string {
	if !strings.ContainsAny(s, "_-") {
		return s
	}
	return clean(strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return ' '
		}
		return r
	}, s), len(s))
}

// roleKey finds the known role in an agent name such as "sales_agent_v2": the first
// word of the name that names one. It returns "" for an unknown name.
func roleKey(agent string) string {
	for len(agent) > 0 {
		i := strings.IndexFunc(agent, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		})
		word := agent
		if i >= 0 {
			word, agent = agent[:i], agent[i+1:]
		} else {
			agent = ""
		}
		if k := roleWord(word); k != "" {
			return k
		}
	}
	return ""
}

// roleWord maps one word of an agent name to the key of its role.
func roleWord(w string) string {
	for _, r := range roleWords {
		for _, alias := range r.aliases {
			if strings.EqualFold(w, alias) {
				return r.key
			}
		}
	}
	return ""
}

// roleWords are the words an agent name may use for each known role.
var roleWords = []struct {
	key     string
	aliases []string
}{
	{"sales", []string{"sales", "sale", "seller", "upsell"}},
	{"support", []string{"support", "help", "helpdesk"}},
	{"collection", []string{"collection", "collections", "collector", "debt", "recovery"}},
	{"billing", []string{"billing", "payment", "payments"}},
	{"survey", []string{"survey", "feedback", "poll", "nps"}},
	{"reminder", []string{"reminder", "remind", "notify", "notification"}},
	{"marketing", []string{"marketing", "promo"}},
	{"care", []string{"care", "retention", "service"}},
}
