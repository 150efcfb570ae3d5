package mockserver

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/url"
	"strings"
)

// redactedText replaces a secret found in a URL.
const redactedText = "[redacted]"

// keyChecker tells a registered API key (firm.Registry).
type keyChecker interface {
	IsKey(s string) bool
}

// redactor blanks the API keys and the admin token a client put in a
// request's path or query, so that the journal and the logs never hold
// them, wherever they were sent (DEC-2). Only strings as long as a key or
// the token are hashed, so a URL without secrets costs a scan. A nil
// redactor leaves URLs as they are.
type redactor struct {
	keys     keyChecker
	tokenLen int // 0: no admin token
	token    [sha256.Size]byte
}

func newRedactor(keys keyChecker, adminToken string) *redactor {
	rd := &redactor{keys: keys, tokenLen: len(adminToken)}
	if adminToken != "" {
		rd.token = sha256.Sum256([]byte(adminToken))
	}
	return rd
}

// secret reports whether s is a registered key or the admin token.
func (rd *redactor) secret(s string) bool {
	if s == "" {
		return false
	}
	if rd.tokenLen > 0 && len(s) == rd.tokenLen {
		d := sha256.Sum256([]byte(s))
		if subtle.ConstantTimeCompare(d[:], rd.token[:]) == 1 {
			return true
		}
	}
	return rd.keys != nil && rd.keys.IsKey(s)
}

// path is u's decoded path with every segment that is a secret replaced.
// Segments are taken from the escaped path, so that a key holding a slash
// sent as %2F is still one segment.
func (rd *redactor) path(u *url.URL) string {
	if rd == nil {
		return u.Path
	}
	escaped := u.EscapedPath()
	found := false
	for rest := escaped; !found; {
		seg, tail, more := strings.Cut(rest, "/")
		found = rd.secret(unescapePath(seg))
		if !more {
			break
		}
		rest = tail
	}
	if !found {
		return u.Path
	}
	segs := strings.Split(escaped, "/")
	for i, seg := range segs {
		if segs[i] = unescapePath(seg); rd.secret(segs[i]) {
			segs[i] = redactedText
		}
	}
	return strings.Join(segs, "/")
}

func unescapePath(seg string) string {
	if strings.IndexByte(seg, '%') < 0 {
		return seg
	}
	if dec, err := url.PathUnescape(seg); err == nil {
		return dec
	}
	return seg
}

// query is u's raw query with every parameter name or value that is a
// secret replaced; the rest is kept as sent. Parameters are split at & and
// at ;, which some clients use too.
func (rd *redactor) query(u *url.URL) string {
	raw := u.RawQuery
	if rd == nil {
		return raw
	}
	found := false
	eachParam(raw, func(name, value string, _ bool, _ string) {
		found = found || rd.secretQuery(name) || rd.secretQuery(value)
	})
	if !found {
		return raw
	}
	var b strings.Builder
	eachParam(raw, func(name, value string, hasValue bool, sep string) {
		if rd.secretQuery(name) {
			name = redactedText
		}
		if rd.secretQuery(value) {
			value = redactedText
		}
		b.WriteString(name)
		if hasValue {
			b.WriteByte('=')
			b.WriteString(value)
		}
		b.WriteString(sep)
	})
	return b.String()
}

// eachParam calls f with each raw name=value of a query and the separator
// after it ("" for the last).
func eachParam(raw string, f func(name, value string, hasValue bool, sep string)) {
	for rest := raw; rest != ""; {
		part, sep := rest, ""
		if i := strings.IndexAny(rest, "&;"); i >= 0 {
			part, sep, rest = rest[:i], rest[i:i+1], rest[i+1:]
		} else {
			rest = ""
		}
		name, value, hasValue := strings.Cut(part, "=")
		f(name, value, hasValue, sep)
	}
}

// secretQuery is secret of one raw query component, decoded first.
func (rd *redactor) secretQuery(raw string) bool {
	if rd.secret(raw) {
		return true
	}
	if !strings.ContainsAny(raw, "%+") {
		return false
	}
	dec, err := url.QueryUnescape(raw)
	return err == nil && rd.secret(dec)
}
