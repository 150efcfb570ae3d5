// Package api holds the wire types of the Call Campaigns API: the request and
// response bodies, the paths and the status vocabularies. The mock, the
// contract suite and the load scenarios all speak through these types, and a
// test holds them to openapi.yaml so that the three cannot drift apart.
package api

import (
	"encoding/json"
	"time"
)

// HeaderAPIKey is the header that carries the API key on every operation.
const HeaderAPIKey = "x-cybernet-api-key"

// Route templates of the six documented operations, as openapi.yaml names them.
const (
	RouteCreateCampaign = "/api/v1/call-campaign"
	RouteAppendCalls    = "/api/v1/call-campaign/{call_campaign_uuid}/phone-number"
	RouteListCalls      = "/api/v1/call-campaign/{call_campaign_uuid}/calls"
	RouteDeleteCall     = "/api/v1/call-campaign/{call_campaign_uuid}/call/{call_uuid}"
	RouteDeleteByPhone  = "/api/v1/call-campaign/{call_campaign_uuid}/phone-number/{phone_number}"
	RouteDetails        = "/api/v1/call-campaign/{call_campaign_uuid}/details"
)

// Operation ids of the six documented operations, as openapi.yaml names them.
const (
	OpCreateCampaign = "createCampaign"
	OpAppendCalls    = "appendPhoneNumbers"
	OpListCalls      = "listCampaignCalls"
	OpDeleteCall     = "deleteCall"
	OpDeleteByPhone  = "deleteCallsByPhoneNumber"
	OpDetails        = "getCampaignDetails"
)

// Campaign statuses (DOC).
const (
	CampaignDraft      = "DRAFT"
	CampaignProcessing = "PROCESSING"
	CampaignCompleted  = "COMPLETED"
	CampaignFailed     = "FAILED"
	CampaignCanceled   = "CANCELED"
)

// Call statuses (DEC-20).
const (
	CallPending    = "PENDING"
	CallInProgress = "IN_PROGRESS"
	CallCompleted  = "COMPLETED"
	CallNoAnswer   = "NO_ANSWER"
	CallBusy       = "BUSY"
	CallFailed     = "FAILED"
	CallCanceled   = "CANCELED"
	CallExpired    = "EXPIRED"
)

// Call event (attempt) statuses (DEC-21).
const (
	EventInProgress = "IN_PROGRESS"
	EventCompleted  = "COMPLETED"
	EventNoAnswer   = "NO_ANSWER"
	EventBusy       = "BUSY"
	EventVoicemail  = "VOICEMAIL"
	EventRejected   = "REJECTED"
	EventFailed     = "FAILED"
)

// Final results of an attempt (DEC-22; the first is DOC).
const (
	FResultInformationTransferred = "CALL_ANSWERED_INFORMATION_TRANSFERRED"
	FResultGoalNotAchieved        = "CALL_ANSWERED_GOAL_NOT_ACHIEVED"
	FResultCallbackRequested      = "CALL_ANSWERED_CALLBACK_REQUESTED"
	FResultCustomerHangup         = "CALL_ANSWERED_CUSTOMER_HANGUP"
	FResultAnsweringMachine       = "CALL_ANSWERED_ANSWERING_MACHINE"
	FResultNotAnswered            = "CALL_NOT_ANSWERED"
	FResultBusy                   = "CALL_BUSY"
	FResultRejected               = "CALL_REJECTED"
	FResultCongestion             = "CALL_FAILED_CONGESTION"
	FResultInvalidNumber          = "CALL_FAILED_INVALID_NUMBER"
)

// Sentiments of an answered attempt.
const (
	SentimentPositive = "positive"
	SentimentNeutral  = "neutral"
	SentimentNegative = "negative"
)

// CallRecord is one phone number to dial, with how to talk to it.
type CallRecord struct {
	PhoneNumber string          `json:"phone_number"`
	Language    string          `json:"language"`
	GenderVoice string          `json:"gender_voice"`
	AgentName   string          `json:"agent_name"`
	Variables   json.RawMessage `json:"variables,omitempty"`
}

// CreateCampaignRequest is the body of POST /api/v1/call-campaign.
// Optional settings are pointers so that absent and zero can be told apart.
type CreateCampaignRequest struct {
	CallCampaignName          string       `json:"call_campaign_name"`
	StartAt                   string       `json:"start_at"`
	EndAt                     string       `json:"end_at"`
	Retry                     *int         `json:"retry,omitempty"`
	Speed                     *int         `json:"speed,omitempty"`
	RetryInterval             *int         `json:"retry_interval,omitempty"`
	DayUnique                 *string      `json:"day_unique,omitempty"`
	TransferNextDay           *bool        `json:"transfer_next_day,omitempty"`
	AllowDynamicCallAppending *bool        `json:"allow_dynamic_call_appending,omitempty"`
	CallRecords               []CallRecord `json:"call_records"`
}

// CreateCampaignResponse is the 201 body of a created campaign (DOC + DEC-15).
type CreateCampaignResponse struct {
	CallCampaignUUID   string `json:"call_campaign_uuid"`
	CallCampaignStatus string `json:"call_campaign_status"`
	CallRecordsCount   int    `json:"call_records_count"`
	DuplicatesRemoved  int    `json:"duplicates_removed"`
	Message            string `json:"message"`
}

// AppendCallsRequest is the body of PUT …/phone-number.
type AppendCallsRequest struct {
	CallRecords []CallRecord `json:"call_records"`
}

// AppendCallsResponse is the 200 body of an append (DEC-16).
type AppendCallsResponse struct {
	CallCampaignUUID   string `json:"call_campaign_uuid"`
	CallCampaignStatus string `json:"call_campaign_status"`
	AddedCount         int    `json:"added_count"`
	DuplicatesRemoved  int    `json:"duplicates_removed"`
	CallRecordsCount   int    `json:"call_records_count"`
	Message            string `json:"message"`
}

// Call is one item of the calls listing.
type Call struct {
	UUID        string `json:"uuid"`
	PhoneNumber string `json:"phone_number"`
	Status      string `json:"status"`
	AgentName   string `json:"agent_name"`
	Language    string `json:"language"`
	CreatedAt   Time   `json:"created_at"`
}

// CallList is the 200 body of GET …/calls.
type CallList struct {
	CallCampaignUUID string `json:"call_campaign_uuid"`
	Calls            []Call `json:"calls"`
	Total            int    `json:"total"`
}

// DeleteCallResponse is the 200 body of DELETE …/call/{call_uuid}.
type DeleteCallResponse struct {
	Deleted string `json:"deleted"`
}

// DeleteByPhoneResponse is the 200 body of DELETE …/phone-number/{phone_number} (DEC-29).
type DeleteByPhoneResponse struct {
	Deleted []string `json:"deleted"`
}

// CallEvent is one dial attempt of a call, an item of the details listing.
// Fields not yet known while the attempt is live are null (DEC-34).
type CallEvent struct {
	CallEventUUID string          `json:"call_event_uuid"`
	PhoneNumber   string          `json:"phone_number"`
	AgentName     string          `json:"agent_name"`
	Language      string          `json:"language"`
	Variables     json.RawMessage `json:"variables"`
	StartedAt     Time            `json:"started_at"`
	DurationSec   *int            `json:"duration_sec"`
	Status        string          `json:"status"`
	FResult       *string         `json:"fresult"`
	Transcript    *string         `json:"transcript"`
	Summary       *string         `json:"summary"`
	UserSentiment *string         `json:"user_sentiment"`
	CallUUID      string          `json:"call_uuid"`
}

// CampaignDetails is the 200 body of GET …/details. The campaign's uuid,
// status and remaining settings are additions of this mock (DEC-40).
type CampaignDetails struct {
	CallCampaignName          string      `json:"call_campaign_name"`
	StartAt                   Time        `json:"start_at"`
	EndAt                     Time        `json:"end_at"`
	Retry                     int         `json:"retry"`
	RetryInterval             int         `json:"retry_interval"`
	Speed                     int         `json:"speed"`
	Items                     []CallEvent `json:"items"`
	Page                      int         `json:"page"`
	Size                      int         `json:"size"`
	Total                     int         `json:"total"`
	CallCampaignUUID          string      `json:"call_campaign_uuid,omitempty"`
	CallCampaignStatus        string      `json:"call_campaign_status,omitempty"`
	DayUnique                 *string     `json:"day_unique,omitempty"`
	TransferNextDay           *bool       `json:"transfer_next_day,omitempty"`
	AllowDynamicCallAppending *bool       `json:"allow_dynamic_call_appending,omitempty"`
}

// Problem is an RFC 9457 problem document, the body of every error (DEC-4).
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Errors []FieldError `json:"errors,omitempty"`
}

// FieldError names one offending location of a rejected request, FastAPI style:
// Loc is a path such as ["body", "call_records", 3, "phone_number"].
type FieldError struct {
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
	Type string `json:"type"`
}

// ContentTypeProblem is the media type of error bodies.
const ContentTypeProblem = "application/problem+json"

// TimeLayout is how every timestamp is written: RFC 3339, UTC, milliseconds.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time is a timestamp that marshals in TimeLayout and unmarshals any RFC 3339 form.
type Time struct{ time.Time }

// MarshalJSON writes t in UTC with milliseconds.
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(TimeLayout)+2)
	b = append(b, '"')
	b = appendTime(b, t.UTC())
	return append(b, '"'), nil
}

// appendTime appends u, in UTC, as TimeLayout. It writes the digits itself:
// a listing stamps every item, and time.AppendFormat, which reads its
// layout anew each time, cost a tenth of the mock's CPU serving one.
func appendTime(b []byte, u time.Time) []byte {
	year, month, day := u.Date()
	if year < 0 || year > 9999 {
		return u.AppendFormat(b, TimeLayout)
	}
	hour, minute, sec := u.Clock()
	var t [len(TimeLayout)]byte
	copy(t[:], TimeLayout)
	digits(t[0:4], year)
	digits(t[5:7], int(month))
	digits(t[8:10], day)
	digits(t[11:13], hour)
	digits(t[14:16], minute)
	digits(t[17:19], sec)
	digits(t[20:23], u.Nanosecond()/1e6)
	return append(b, t[:]...)
}

// digits writes the len(d) lowest decimal digits of v >= 0 into d, zero-padded.
func digits(d []byte, v int) {
	for i := len(d) - 1; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
}

// UnmarshalJSON reads an RFC 3339 timestamp, with or without fractional seconds.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// String formats t as the API does.
func (t Time) String() string {
	return string(appendTime(make([]byte, 0, len(TimeLayout)), t.UTC()))
}
