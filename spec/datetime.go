package spec

import (
	"errors"
	"strings"
	"time"
)

// DateTimeMsg is the 422 message of s if s is not an RFC 3339 date-time
// with Z or an offset, "" if it is one. A date-time that lacks only its
// offset is told from one that does not parse (month 13, second 60), so
// that nobody is asked for an offset they sent.
func DateTimeMsg(s string) string {
	_, err := time.Parse(time.RFC3339Nano, s)
	var pe *time.ParseError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pe) && pe.LayoutElem == "Z07:00" && pe.ValueElem == "":
		return "Input should have a timezone: an RFC 3339 date-time with Z or an offset, such as 2026-01-15T09:00:00Z"
	}
	reason := ""
	if pe != nil && pe.Message != "" {
		reason = " (" + strings.TrimPrefix(pe.Message, ": ") + ")"
	}
	return "Input is not a valid RFC 3339 date-time" + reason + "; send one such as 2026-01-15T09:00:00Z"
}
