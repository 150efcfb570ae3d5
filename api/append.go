package api

import (
	"time"
	"unicode/utf8"
)

// JSONAppender is a value that writes its own JSON encoding, byte for byte
// what encoding/json would write, without reflection. The mock uses it for
// the answers it serves most (a page of calls), where encoding/json's
// reflection and its re-scan of every MarshalJSON result cost a quarter of
// the request's CPU.
type JSONAppender interface {
	AppendJSON(b []byte) []byte
}

// AppendJSON appends the JSON encoding of l to b.
func (l CallList) AppendJSON(b []byte) []byte {
	b = append(b, `{"call_campaign_uuid":`...)
	b = appendString(b, l.CallCampaignUUID)
	if l.Calls == nil {
		b = append(b, `,"calls":null`...)
	} else {
		b = append(b, `,"calls":[`...)
		var last timeMemo
		for i := range l.Calls {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.Calls[i].appendJSON(b, &last)
		}
		b = append(b, ']')
	}
	b = append(b, `,"total":`...)
	b = appendInt(b, l.Total)
	return append(b, '}')
}

// AppendJSON appends the JSON encoding of c to b.
func (c Call) AppendJSON(b []byte) []byte { return c.appendJSON(b, &timeMemo{}) }

// timeMemo remembers where in the buffer the last created_at was written:
// the calls of a page were mostly created by the same request, at the same
// instant, and copying those bytes is cheaper than formatting them again.
type timeMemo struct {
	t       time.Time
	at, end int
}

// appendTime appends t as appendTime does, or a copy of the last time
// written when t is that time.
func (m *timeMemo) appendTime(b []byte, t time.Time) []byte {
	if m.end > 0 && m.t.Equal(t) && m.end <= len(b) {
		return append(b, b[m.at:m.end]...)
	}
	at := len(b)
	b = appendTime(b, t.UTC())
	m.t, m.at, m.end = t, at, len(b)
	return b
}

func (c Call) appendJSON(b []byte, last *timeMemo) []byte {
	b = append(b, `{"uuid":`...)
	b = appendString(b, c.UUID)
	b = append(b, `,"phone_number":`...)
	b = appendString(b, c.PhoneNumber)
	b = append(b, `,"status":`...)
	b = appendString(b, c.Status)
	b = append(b, `,"agent_name":`...)
	b = appendString(b, c.AgentName)
	b = append(b, `,"language":`...)
	b = appendString(b, c.Language)
	b = append(b, `,"created_at":"`...)
	b = last.appendTime(b, c.CreatedAt.Time)
	return append(b, `"}`...)
}

func appendInt(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var d [20]byte
	i := len(d)
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, d[i:]...)
}

const hexDigits = "0123456789abcdef"

// plain tells the bytes a JSON string holds as they are (ASCII, not a
// control character, nothing encoding/json escapes): one table load per
// byte, on the hot path of every page.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString appends s as a JSON string escaped as encoding/json escapes
// it by default: quotes, backslashes and control characters, the HTML
// characters <, > and &, U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && plain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
