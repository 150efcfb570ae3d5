// Package campaign is the domain of the mock: campaigns, their calls and call
// events, the lifecycle state machine and the dialer, a discrete-event
// simulation on a clock. It knows nothing of HTTP; it speaks the API's
// vocabulary (package api) and reports its outcomes as the errors below,
// which the transport maps to status codes in one place.
//
// Everything random is seeded: campaign and call uuids come from one
// generator seeded by Options.Seed, in request order; everything about an
// attempt (its uuid, outcome, duration, sentiment, the transcript's seed) is
// a pure function of (seed, campaign, call, attempt number), so moving the
// clock a minute at a time or a day at once gives the same attempts.
//
// Test numbers (DEC-26) force the outcome of every attempt by their last
// three digits: 000 answered and informed, 001 no answer, 002 busy, 003
// invalid number (never retried), 004 voicemail, 005 answered with negative
// sentiment, 008 in progress for five simulated minutes and 009 for an hour,
// both then answered. A record's variable mock_outcome overrides the
// number. Its value is a suffix code "000" to "009" (meaning what a number
// ending so means; "006" and "007", no test numbers, mean a random draw), or
// one of these names, case-insensitive, with "-" or " " read as "_":
// "random", "answered" or "informed", "no_answer", "busy", "invalid_number"
// or "invalid", "voicemail" or "answering_machine", "negative",
// "in_progress_5m" or "hold_5m", "in_progress_1h" or "hold_1h", "rejected",
// "congestion" or "failed" (congestion, retried). An integer 0 to 9 reads as
// its suffix code. Any other value is ignored.
package campaign

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Domain outcomes. The transport maps each to one status code.
var (
	ErrCampaignNotFound = errors.New("campaign not found")                                            // 404
	ErrCallNotFound     = errors.New("call not found")                                                // 404
	ErrPhoneNotFound    = errors.New("phone number not found")                                        // 404
	ErrWrongFirm        = errors.New("campaign belongs to another firm")                              // 403
	ErrCallInProgress   = errors.New("call already in progress")                                      // 409, retries cancelled
	ErrCallNotPending   = errors.New("call is not pending")                                           // 409 (DEC-27)
	ErrCampaignClosed   = errors.New("campaign is closed")                                            // 400: COMPLETED, FAILED or CANCELED
	ErrCampaignRunning  = errors.New("campaign is running and does not allow dynamic call appending") // 400 (DEC-17)
	ErrCampaignFinal    = errors.New("campaign is already final")                                     // 409, admin cancel or fail of a final campaign
	// ErrNumberInProgress is the delete by phone of a number with a call in
	// progress: 409 and, unlike ErrCallInProgress, nothing changes (DEC-28).
	// It matches ErrCallInProgress too.
	ErrNumberInProgress = fmt.Errorf("a call of the number is in progress, nothing deleted: %w", ErrCallInProgress)
)

// The instants the mock supports: every timestamp it writes is RFC 3339
// with a four-digit year, and a campaign's window starts no earlier than
// the Unix epoch.
var (
	EarliestInstant = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	LatestInstant   = time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)
)

// NewCampaign is what a create request asks for, parsed but not yet checked
// against the rules: nil settings take their defaults.
type NewCampaign struct {
	Name                      string
	StartAt, EndAt            time.Time
	Retry                     *int
	Speed                     *int
	RetryInterval             *int
	DayUnique                 *string
	TransferNextDay           *bool
	AllowDynamicCallAppending *bool
	Records                   []Record
}

// Record is one call record as submitted.
type Record struct {
	PhoneNumber string
	Language    string
	GenderVoice string
	AgentName   string
	Variables   json.RawMessage // nil, "null" or a JSON object
}

// DetailsQuery selects a page of call events; empty filters match everything.
type DetailsQuery struct {
	Page, Size  int
	Date        *time.Time // same UTC day as this instant
	CallStatus  string
	CallUUID    string
	PhoneNumber string // normalised by the service
}

// FieldError is one offending location of a rejected input, relative to the
// request body, for example ["call_records", 3, "phone_number"].
type FieldError struct {
	Loc  []any
	Msg  string
	Type string
}

// ValidationError lists every rule an input broke. Nothing was changed.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		loc := make([]string, len(f.Loc))
		for i, l := range f.Loc {
			loc[i] = fmt.Sprint(l)
		}
		parts = append(parts, strings.Join(loc, ".")+": "+f.Msg)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Limits are the bounds the service enforces; mock options can change them.
type Limits struct {
	RetryMax          int // DEC-7: retry 0..RetryMax, default 0
	SpeedMax          int // DEC-7: speed 1..SpeedMax, default 1
	RetryIntervalMax  int // DEC-7: retry_interval 1..RetryIntervalMax minutes, default 30
	RecordsPerRequest int // DEC-10
	TransferDays      int // DEC-24: days a call may be carried over
	NameMax           int // DEC-5: call_campaign_name length
}

// DefaultLimits are the bounds of SEMANTICS.md.
func DefaultLimits() Limits {
	return Limits{RetryMax: 10, SpeedMax: 100, RetryIntervalMax: 1440, RecordsPerRequest: 10000, TransferDays: 7, NameMax: 255}
}
