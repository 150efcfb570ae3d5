package admin

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/campaign"
	"github.com/callharness/callharness/clock"
	"github.com/callharness/callharness/firm"
	"github.com/google/uuid"
)

// Limits of the admin API's inputs.
const (
	DefaultRequestsLimit = 100
	MaxAdvance           = 3650 * 24 * time.Hour
	MaxFirmName          = 255
)

func (h *handler) state() api.ClockState {
	st := api.ClockState{Now: api.Time{Time: h.d.Clock.Now()}, Mode: h.d.Clock.Mode().String()}
	if h.d.Clock.Mode() == clock.Scaled {
		st.Factor = h.d.Clock.Factor()
	}
	return st
}

func (h *handler) reset(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in api.ResetMock
	if err := decode(r, &in, true); err != nil && !errors.Is(err, errNoBody) {
		return 0, nil, err
	}
	if in.Clock != "" {
		t, err := parseInstant(in.Clock)
		if err != nil {
			return 0, nil, invalid(err.Error(), "datetime_parsing", "body", "clock")
		}
		if t.After(campaign.LatestInstant) {
			return 0, nil, invalid(tooLate(t), "value_error", "body", "clock")
		}
		h.d.Clock.Reset(t)
	}
	h.d.Service.Reset()
	h.d.Journal.Reset()
	h.d.Faults.Clear()
	h.d.Service.Sync()
	st := h.state()
	h.log.Info("admin: mock reset", "clock", st.Now.String(), "clock_moved", in.Clock != "")
	return http.StatusOK, st, nil
}

func (h *handler) clockState(http.ResponseWriter, *http.Request) (int, any, error) {
	return http.StatusOK, h.state(), nil
}

func (h *handler) advance(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in api.AdvanceClock
	if err := decode(r, &in, false); err != nil {
		return 0, nil, err
	}
	d, err := parseAdvance(in.By)
	if err != nil {
		return 0, nil, invalid(err.Error(), "value_error", "body", "by")
	}
	if to := h.d.Clock.Now().Add(d); to.After(campaign.LatestInstant) {
		return 0, nil, invalid(tooLate(to), "value_error", "body", "by")
	}
	if _, err := h.d.Clock.Advance(d); err != nil {
		return 0, nil, err
	}
	h.d.Service.Sync()
	st := h.state()
	h.log.Info("admin: clock advanced", "by", d.String(), "now", st.Now.String())
	return http.StatusOK, st, nil
}

func (h *handler) setClock(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in api.SetClock
	if err := decode(r, &in, false); err != nil {
		return 0, nil, err
	}
	t, err := parseInstant(in.Now)
	if err != nil {
		return 0, nil, invalid(err.Error(), "datetime_parsing", "body", "now")
	}
	if t.After(campaign.LatestInstant) {
		return 0, nil, invalid(tooLate(t), "value_error", "body", "now")
	}
	if err := h.d.Clock.Set(t); err != nil {
		return 0, nil, fmt.Errorf("set the clock to %s, before %s: %w", api.Time{Time: t}, api.Time{Time: h.d.Clock.Now()}, err)
	}
	h.d.Service.Sync()
	st := h.state()
	h.log.Info("admin: clock set", "now", st.Now.String())
	return http.StatusOK, st, nil
}

// tooLate says why the clock cannot be moved to t: past the last instant
// an RFC 3339 timestamp (a four-digit year) can show.
func tooLate(t time.Time) string {
	return fmt.Sprintf("the clock would stand at %s, after %s, the latest instant an RFC 3339 timestamp can show",
		t.UTC().Format(time.RFC3339Nano), api.Time{Time: campaign.LatestInstant})
}

// daysPrefix matches a leading whole number of days, as in "1d" or "2d12h".
var daysPrefix = regexp.MustCompile(`^(\d{1,4})d(.*)$`)

// parseAdvance reads a positive Go duration, optionally led by whole days.
func parseAdvance(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New(`by is required: a duration such as "90m", "36h" or "1d"`)
	}
	var days time.Duration
	rest := s
	if m := daysPrefix.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		days, rest = time.Duration(n)*24*time.Hour, m[2]
	}
	var d time.Duration
	if rest != "" {
		var err error
		if d, err = time.ParseDuration(rest); err != nil {
			return 0, fmt.Errorf(`%q is not a duration such as "90m", "36h" or "1d"`, s)
		}
	}
	total := days + d
	switch {
	case total <= 0 || d < 0:
		return 0, fmt.Errorf("by must be above zero, got %q", s)
	case total > MaxAdvance:
		return 0, fmt.Errorf("by must be at most %d days", MaxAdvance/(24*time.Hour))
	}
	return total, nil
}

// parseInstant reads an RFC 3339 date-time with an offset or Z.
func parseInstant(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New(`an RFC 3339 date-time such as "2026-01-15T09:00:00Z" is required`)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf(`%q is not an RFC 3339 date-time with an offset, such as "2026-01-15T09:00:00Z"`, s)
	}
	return t, nil
}

func (h *handler) campaignID(r *http.Request) (uuid.UUID, error) {
	s := r.PathValue("call_campaign_uuid")
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return uuid.UUID{}, invalid("call_campaign_uuid must be a UUID", "uuid_parsing", "path", "call_campaign_uuid")
	}
	return id, nil
}

func (h *handler) cancelCampaign(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := h.campaignID(r)
	if err != nil {
		return 0, nil, err
	}
	st, err := h.d.Service.Cancel(id)
	if err != nil {
		return 0, nil, err
	}
	h.log.Info("admin: campaign canceled", "campaign", id.String())
	return http.StatusOK, st, nil
}

func (h *handler) failCampaign(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := h.campaignID(r)
	if err != nil {
		return 0, nil, err
	}
	st, err := h.d.Service.Fail(id)
	if err != nil {
		return 0, nil, err
	}
	h.log.Info("admin: campaign failed", "campaign", id.String())
	return http.StatusOK, st, nil
}

// requests lists the journal; a limit above the journal's size is lowered
// to it, so "give me everything" is a large limit.
func (h *handler) requests(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit := min(DefaultRequestsLimit, h.d.Journal.Size())
	if q := r.URL.Query(); q.Has("limit") {
		if len(q["limit"]) > 1 {
			return 0, nil, invalid("limit must be given once", "repeated_parameter", "query", "limit")
		}
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 {
			return 0, nil, invalid("limit must be an integer of at least 1", "int_parsing", "query", "limit")
		}
		limit = min(n, h.d.Journal.Size())
	}
	return http.StatusOK, h.d.Journal.List(limit), nil
}

func (h *handler) getFaults(http.ResponseWriter, *http.Request) (int, any, error) {
	return http.StatusOK, h.d.Faults.Get(), nil
}

func (h *handler) putFaults(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decodeFaults(r)
	if err != nil {
		return 0, nil, err
	}
	if err := h.d.Faults.Set(in); err != nil {
		return 0, nil, err
	}
	f := h.d.Faults.Get()
	h.log.Info("admin: faults set", "rules", len(f.Rules), "seed", f.Seed)
	return http.StatusOK, f, nil
}

func (h *handler) deleteFaults(http.ResponseWriter, *http.Request) (int, any, error) {
	h.d.Faults.Clear()
	h.log.Info("admin: faults cleared")
	return http.StatusOK, h.d.Faults.Get(), nil
}

func (h *handler) listKeys(http.ResponseWriter, *http.Request) (int, any, error) {
	return http.StatusOK, h.d.Firms.Keys(), nil
}

// newKey is the body of POST /_mock/keys. A fingerprint, as listings show
// it, is accepted and ignored, so a listed key can be posted back.
type newKey struct {
	Key         string `json:"key"`
	Firm        string `json:"firm"`
	Active      *bool  `json:"active"`
	Fingerprint string `json:"fingerprint"`
}

func (h *handler) addKey(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in newKey
	if err := decode(r, &in, false); err != nil {
		return 0, nil, err
	}
	if err := firm.ValidKey(in.Key); err != nil {
		return 0, nil, invalid(err.Error(), "value_error", "body", "key")
	}
	switch {
	case in.Firm == "":
		return 0, nil, invalid("firm is required", "missing", "body", "firm")
	case !h.d.Firms.HasFirm(in.Firm):
		return 0, nil, invalid(fmt.Sprintf("unknown firm %q: add it first with POST %s", in.Firm, api.AdminFirms), "value_error", "body", "firm")
	}
	active := in.Active == nil || *in.Active
	if err := h.d.Firms.AddKey(in.Key, in.Firm, active); err != nil {
		return 0, nil, err
	}
	k := api.APIKey{Fingerprint: firm.Fingerprint(in.Key), Firm: in.Firm, Active: active}
	w.Header().Set("Location", api.AdminKeys+"/"+k.Fingerprint)
	h.log.Info("admin: key added", "fingerprint", k.Fingerprint, "firm", k.Firm, "active", k.Active)
	return http.StatusCreated, k, nil
}

// fingerprintRE is the shape of firm.Fingerprint.
var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

func fingerprintOf(r *http.Request) (string, error) {
	fp := strings.ToLower(r.PathValue("fingerprint"))
	if !fingerprintRE.MatchString(fp) {
		return "", invalid("fingerprint must be 16 hexadecimal digits, as GET "+api.AdminKeys+" lists them", "value_error", "path", "fingerprint")
	}
	return fp, nil
}

type keyPatch struct {
	Active *bool `json:"active"`
}

func (h *handler) patchKey(w http.ResponseWriter, r *http.Request) (int, any, error) {
	fp, err := fingerprintOf(r)
	if err != nil {
		return 0, nil, err
	}
	var in keyPatch
	if err := decode(r, &in, false); err != nil {
		return 0, nil, err
	}
	if in.Active == nil {
		return 0, nil, invalid("active is required: true or false", "missing", "body", "active")
	}
	if err := h.d.Firms.SetActive(fp, *in.Active); err != nil {
		return 0, nil, err
	}
	k, _ := h.d.Firms.Key(fp)
	h.log.Info("admin: key changed", "fingerprint", fp, "active", *in.Active)
	return http.StatusOK, k, nil
}

func (h *handler) deleteKey(w http.ResponseWriter, r *http.Request) (int, any, error) {
	fp, err := fingerprintOf(r)
	if err != nil {
		return 0, nil, err
	}
	k, ok := h.d.Firms.Key(fp)
	if !ok {
		return 0, nil, fmt.Errorf("key %s: %w", fp, firm.ErrUnknownFingerprint)
	}
	if err := h.d.Firms.RemoveKey(fp); err != nil {
		return 0, nil, err
	}
	h.log.Info("admin: key removed", "fingerprint", fp, "firm", k.Firm)
	return http.StatusOK, k, nil
}

func (h *handler) firmsWithCounts() []api.Firm {
	fs := h.d.Firms.Firms()
	for i := range fs {
		fs[i].Campaigns = h.d.Service.FirmCampaigns(fs[i].ID)
	}
	return fs
}

func (h *handler) listFirms(http.ResponseWriter, *http.Request) (int, any, error) {
	return http.StatusOK, h.firmsWithCounts(), nil
}

// newFirm is the body of POST /_mock/firms. The counts of a listed firm are
// accepted and ignored, so a listed firm can be posted back. A name absent,
// null or empty keeps an existing firm's name.
type newFirm struct {
	ID        string  `json:"id"`
	Name      *string `json:"name"`
	Campaigns int     `json:"campaigns"`
	Keys      int     `json:"keys"`
}

func (h *handler) addFirm(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in newFirm
	if err := decode(r, &in, false); err != nil {
		return 0, nil, err
	}
	if err := firm.ValidFirmID(in.ID); err != nil {
		return 0, nil, invalid(err.Error(), "value_error", "body", "id")
	}
	name := ""
	if in.Name != nil {
		name = *in.Name
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxFirmName {
		return 0, nil, invalid(fmt.Sprintf("name must be at most %d characters of valid UTF-8", MaxFirmName), "value_error", "body", "name")
	}
	existed := h.d.Firms.HasFirm(in.ID)
	if name != "" || !existed {
		h.d.Firms.AddFirm(in.ID, name)
	}
	var out api.Firm
	for _, f := range h.firmsWithCounts() {
		if f.ID == in.ID {
			out = f
		}
	}
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	w.Header().Set("Location", api.AdminFirms)
	h.log.Info("admin: firm saved", "firm", in.ID, "new", !existed)
	return status, out, nil
}
