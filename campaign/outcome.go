package campaign

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/callharness/callharness/api"
)

// Final results of an attempt (DEC-22), as stored in a byte.
const (
	frNone uint8 = iota
	frInformed
	frGoalNotAchieved
	frCallback
	frHangup
	frMachine
	frNotAnswered
	frBusy
	frRejected
	frCongestion
	frInvalid
)

var fresultCodes = [...]string{
	frInformed:        api.FResultInformationTransferred,
	frGoalNotAchieved: api.FResultGoalNotAchieved,
	frCallback:        api.FResultCallbackRequested,
	frHangup:          api.FResultCustomerHangup,
	frMachine:         api.FResultAnsweringMachine,
	frNotAnswered:     api.FResultNotAnswered,
	frBusy:            api.FResultBusy,
	frRejected:        api.FResultRejected,
	frCongestion:      api.FResultCongestion,
	frInvalid:         api.FResultInvalidNumber,
}

// answered tells whether a person took the call. An answering machine is
// not a person: it counts as unanswered and is retried.
func answered(fr uint8) bool { return fr >= frInformed && fr <= frHangup }

// eventStatus is the status of a finished attempt with result fr (DEC-21).
func eventStatus(fr uint8) string {
	switch {
	case answered(fr):
		return api.EventCompleted
	case fr == frMachine:
		return api.EventVoicemail
	case fr == frNotAnswered:
		return api.EventNoAnswer
	case fr == frBusy:
		return api.EventBusy
	case fr == frRejected:
		return api.EventRejected
	}
	return api.EventFailed
}

// Sentiments of an answered attempt, as stored in a byte.
const (
	seNone uint8 = iota
	sePositive
	seNeutral
	seNegative
)

var sentiments = [...]string{"", api.SentimentPositive, api.SentimentNeutral, api.SentimentNegative}

// Forced outcomes of a call: a test number or the variable mock_outcome.
const (
	foNone       uint8 = iota // drawn from the mix
	foRandom                  // drawn from the mix, overriding a test number
	foAnswered                // …000: answered, information transferred
	foNoAnswer                // …001
	foBusy                    // …002
	foInvalid                 // …003: invalid number, never retried
	foVoicemail               // …004: answering machine
	foNegative                // …005: answered, negative sentiment
	foHold5m                  // …008: in progress for 5 minutes, then answered
	foHold1h                  // …009: in progress for an hour, then answered
	foRejected                // mock_outcome only
	foCongestion              // mock_outcome only
)

// suffixOutcomes are the test numbers of DEC-26, by their last three digits.
var suffixOutcomes = [10]uint8{foAnswered, foNoAnswer, foBusy, foInvalid, foVoicemail, foNegative, foNone, foNone, foHold5m, foHold1h}

// mockOutcomeNames are the values of the variable mock_outcome besides the
// suffix codes "000" to "009" (where "006" and "007" mean a random draw).
var mockOutcomeNames = map[string]uint8{
	"random":            foRandom,
	"answered":          foAnswered,
	"informed":          foAnswered,
	"no_answer":         foNoAnswer,
	"busy":              foBusy,
	"invalid_number":    foInvalid,
	"invalid":           foInvalid,
	"voicemail":         foVoicemail,
	"answering_machine": foVoicemail,
	"negative":          foNegative,
	"in_progress_5m":    foHold5m,
	"hold_5m":           foHold5m,
	"in_progress_1h":    foHold1h,
	"hold_1h":           foHold1h,
	"rejected":          foRejected,
	"congestion":        foCongestion,
	"failed":            foCongestion,
}

// parseMockOutcome reads a value of the variable mock_outcome, as the
// package documentation lists them.
func parseMockOutcome(s string) (uint8, bool) {
	if len(s) == 3 && s[0] == '0' && s[1] == '0' && s[2] >= '0' && s[2] <= '9' {
		if fo := suffixOutcomes[s[2]-'0']; fo != foNone {
			return fo, true
		}
		return foRandom, true
	}
	key := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	fo, ok := mockOutcomeNames[key]
	return fo, ok
}

// forcedOutcome is the forced outcome of a call: mock_outcome first, then
// the last three digits of its number.
func forcedOutcome(phone uint64, vars []byte) uint8 {
	if mo := mockOutcome(vars); mo != "" {
		if fo, ok := parseMockOutcome(mo); ok {
			return fo
		}
	}
	if suffix := (phone >> 4) % 1000; suffix < 10 {
		return suffixOutcomes[suffix]
	}
	return foNone
}

// Kinds of attempts the mix draws from.
const (
	kAnswered = iota
	kNoAnswer
	kBusy
	kVoicemail
	kRejected
	kCongestion
	numKinds
)

// mixTable is a normalised, cumulative OutcomeMix.
type mixTable [numKinds]float64

// DefaultMix is the outcome mix of SEMANTICS §5.
func DefaultMix() OutcomeMix {
	return OutcomeMix{Answered: 35, NoAnswer: 35, Busy: 10, Voicemail: 10, Rejected: 5, Failed: 5}
}

func newMixTable(m OutcomeMix) mixTable {
	w := [numKinds]float64{m.Answered, m.NoAnswer, m.Busy, m.Voicemail, m.Rejected, m.Failed}
	var sum float64
	for i := range w {
		if !(w[i] > 0) || math.IsInf(w[i], 0) {
			w[i] = 0
		}
		sum += w[i]
	}
	if sum == 0 {
		return newMixTable(DefaultMix())
	}
	var t mixTable
	var acc float64
	for i := range w {
		acc += w[i] / sum
		t[i] = acc
	}
	t[numKinds-1] = 1
	return t
}

func (t *mixTable) pick(u float64) int {
	for i, c := range t {
		if u < c {
			return i
		}
	}
	return numKinds - 1
}

// rng is a splitmix64 generator: small, fast and good enough for outcomes.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// between returns an integer in [lo, hi].
func (r *rng) between(lo, hi int32) int32 { return lo + int32(r.next()%uint64(hi-lo+1)) }

// attemptSeed hashes (seed, campaign, call, attempt) with FNV-1a: the one
// source of everything random about an attempt.
func attemptSeed(seed int64, camp, cl [16]byte, attempt uint8) uint64 {
	h := uint64(14695981039346656037)
	mix := func(b byte) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	var sb [8]byte
	binary.LittleEndian.PutUint64(sb[:], uint64(seed))
	for _, b := range sb {
		mix(b)
	}
	for _, b := range camp {
		mix(b)
	}
	for _, b := range cl {
		mix(b)
	}
	mix(attempt)
	return h
}

// outcome is what an attempt will turn out to be, drawn when it starts.
type outcome struct {
	id        [16]byte
	fresult   uint8
	sentiment uint8
	dur       int32 // seconds
}

// draw decides attempt number attempt of call cl: a pure function of its
// arguments, so the same seed gives the same calls whatever the clock does.
func (t *mixTable) draw(seed int64, camp, cl [16]byte, attempt, forced uint8) outcome {
	r := rng{attemptSeed(seed, camp, cl, attempt)}
	var o outcome
	binary.BigEndian.PutUint64(o.id[:8], r.next())
	binary.BigEndian.PutUint64(o.id[8:], r.next())
	o.id = asV4(o.id)
	switch forced {
	case foNone, foRandom:
		switch t.pick(r.float()) {
		case kAnswered:
			o.answer(&r, pickAnswer(r.float()))
		case kNoAnswer:
			o.fresult, o.dur = frNotAnswered, r.between(20, 40)
		case kBusy:
			o.fresult, o.dur = frBusy, r.between(2, 8)
		case kVoicemail:
			o.fresult, o.dur = frMachine, r.between(20, 40)
		case kRejected:
			o.fresult, o.dur = frRejected, r.between(5, 20)
		default:
			o.fresult, o.dur = frCongestion, r.between(1, 5)
		}
	case foAnswered:
		o.answer(&r, frInformed)
		if o.sentiment == seNegative {
			o.sentiment = seNeutral
		}
	case foNegative:
		o.answer(&r, frGoalNotAchieved)
		o.sentiment = seNegative
	case foHold5m, foHold1h:
		o.answer(&r, frInformed)
		o.dur = 300
		if forced == foHold1h {
			o.dur = 3600
		}
	case foNoAnswer:
		o.fresult, o.dur = frNotAnswered, r.between(20, 40)
	case foBusy:
		o.fresult, o.dur = frBusy, r.between(2, 8)
	case foVoicemail:
		o.fresult, o.dur = frMachine, r.between(20, 40)
	case foRejected:
		o.fresult, o.dur = frRejected, r.between(5, 20)
	case foCongestion:
		o.fresult, o.dur = frCongestion, r.between(1, 5)
	default: // foInvalid
		o.fresult, o.dur = frInvalid, r.between(1, 3)
	}
	return o
}

// pickAnswer draws the result of an answered attempt; most inform.
func pickAnswer(u float64) uint8 {
	switch {
	case u < 0.60:
		return frInformed
	case u < 0.78:
		return frGoalNotAchieved
	case u < 0.90:
		return frCallback
	}
	return frHangup
}

// sentimentOdds are the cumulative odds of positive and neutral by result.
var sentimentOdds = map[uint8][2]float64{
	frInformed:        {0.55, 0.90},
	frGoalNotAchieved: {0.05, 0.50},
	frCallback:        {0.30, 0.90},
	frHangup:          {0.05, 0.40},
}

// maxAnswered is when a call stuck in progress is force-ended.
const maxAnswered = 1200

// answer fills an answered outcome: a sentiment and a log-normal duration
// with a median of 75 s, capped at 1200 s; a hang-up is shorter.
func (o *outcome) answer(r *rng, fr uint8) {
	o.fresult = fr
	odds := sentimentOdds[fr]
	switch u := r.float(); {
	case u < odds[0]:
		o.sentiment = sePositive
	case u < odds[1]:
		o.sentiment = seNeutral
	default:
		o.sentiment = seNegative
	}
	u1, u2 := 1-r.float(), r.float()
	z := math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
	d := math.Exp(math.Log(75) + 0.6*z)
	if fr == frHangup {
		d *= 0.4
	}
	o.dur = int32(math.Round(min(max(d, 8), maxAnswered)))
}

// asV4 sets the version and variant bits of a random UUID.
func asV4(b [16]byte) [16]byte {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return b
}
