package api

// HeaderAdminToken guards the mock's admin API under /_mock/.
const HeaderAdminToken = "x-mock-admin-token"

// HeaderMockFault marks a response the mock's fault injector changed; its
// value names the faults applied, comma-separated: "latency", "error",
// "rate_limit", "reset".
const HeaderMockFault = "x-mock-fault"

// Admin API paths of the mock. Tools script against them, so they are stable.
const (
	AdminReset    = "/_mock/reset"
	AdminClock    = "/_mock/clock"
	AdminAdvance  = "/_mock/clock/advance"
	AdminSetClock = "/_mock/clock/set"
	AdminCancel   = "/_mock/campaigns/{call_campaign_uuid}/cancel"
	AdminFail     = "/_mock/campaigns/{call_campaign_uuid}/fail"
	AdminRequests = "/_mock/requests"
	AdminFaults   = "/_mock/faults"
	AdminKeys     = "/_mock/keys"
	AdminKey      = "/_mock/keys/{fingerprint}"
	AdminFirms    = "/_mock/firms"
	AdminIndex    = "/_mock/"
)

// ClockState is the body of GET /_mock/clock and of the clock moves.
type ClockState struct {
	Now  Time   `json:"now"`
	Mode string `json:"mode"`
	// Factor is the simulated seconds per real second of a scaled clock.
	Factor float64 `json:"factor,omitempty"`
}

// ResetMock is the optional body of POST /_mock/reset: Clock, an RFC 3339
// instant, moves the clock there (forwards or backwards).
type ResetMock struct {
	Clock string `json:"clock,omitempty"`
}

// AdvanceClock is the body of POST /_mock/clock/advance: a Go duration such as "90m".
type AdvanceClock struct {
	By string `json:"by"`
}

// SetClock is the body of POST /_mock/clock/set.
type SetClock struct {
	Now string `json:"now"`
}

// CampaignState is the answer of the admin cancel and fail operations.
type CampaignState struct {
	CallCampaignUUID   string `json:"call_campaign_uuid"`
	CallCampaignStatus string `json:"call_campaign_status"`
}

// JournalEntry is one request the mock served, as GET /_mock/requests lists it.
// It never holds an API key.
type JournalEntry struct {
	At         Time   `json:"at"`
	Method     string `json:"method"`
	Path       string `json:"path"`
	Route      string `json:"route"`
	Query      string `json:"query,omitempty"`
	Status     int    `json:"status"`
	DurationMS int64  `json:"duration_ms"`
	Firm       string `json:"firm,omitempty"`
	Fault      string `json:"fault,omitempty"`
}

// FaultRule makes the mock misbehave on the requests it matches. Rules are
// matched in order; the first match applies. Everything random is seeded.
type FaultRule struct {
	// Route is a route template such as "/api/v1/call-campaign/{call_campaign_uuid}/calls", or "*".
	Route string `json:"route"`
	// Method restricts the rule to one HTTP method; empty matches any.
	Method string `json:"method,omitempty"`
	// Latency delays matching requests.
	Latency *Latency `json:"latency,omitempty"`
	// ErrorRate is the share of matching requests, 0 to 1, answered with ErrorStatus.
	ErrorRate   float64 `json:"error_rate,omitempty"`
	ErrorStatus int     `json:"error_status,omitempty"`
	// ResetRate is the share of matching requests whose connection is reset.
	ResetRate float64 `json:"reset_rate,omitempty"`
	// RateLimitRate is the share answered 429 with a Retry-After of RetryAfterSec.
	RateLimitRate float64 `json:"rate_limit_rate,omitempty"`
	RetryAfterSec int     `json:"retry_after_sec,omitempty"`
}

// Latency is a delay distribution: "fixed" (Mean), "uniform" (Min..Max),
// "normal" (Mean, StdDev) or "lognormal" (Mean, StdDev), durations as Go strings.
type Latency struct {
	Distribution string `json:"distribution"`
	Mean         string `json:"mean,omitempty"`
	StdDev       string `json:"stddev,omitempty"`
	Min          string `json:"min,omitempty"`
	Max          string `json:"max,omitempty"`
}

// Faults is the body of PUT and GET /_mock/faults.
type Faults struct {
	Seed  int64       `json:"seed,omitempty"`
	Rules []FaultRule `json:"rules"`
}

// APIKey is one key as the admin API shows and takes it. Listings show only
// a fingerprint, never the key itself.
type APIKey struct {
	Key         string `json:"key,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	Firm        string `json:"firm"`
	Active      bool   `json:"active"`
}

// Firm is one firm as the admin API shows it.
type Firm struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	Campaigns int    `json:"campaigns"`
	Keys      int    `json:"keys"`
}
