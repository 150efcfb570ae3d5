// Package transcript writes the transcript and the summary of an answered call
// attempt, as the mock's simulated dialer reports them: a short dialogue between
// the voice agent and the client, in the call's language, built from the agent
// name and the call's variables, shaped by the attempt's fresult and sentiment.
//
// It is pure and cheap: the same inputs give the same text byte for byte, and
// nothing is shared between calls but read-only phrase tables.
package transcript

import (
	"encoding/json"
	"strings"

	"github.com/callharness/callharness/api"
)

// longCall is the duration, in seconds, from which a dialogue gets one more exchange.
const longCall = 90

// shortHangup is the duration, in seconds, under which a hang-up leaves only two lines.
const shortHangup = 20

// Render writes the transcript and the summary of an answered call attempt,
// in the call's language, from the agent name and the call's variables.
//
// The language is RU, KZ or EN, in any case; any other code gets English. The
// transcript is lines "assistant: …" and "user: …" joined by "\n"; an answering
// machine's greeting is a "user:" line. The variables client_name, debt_amount,
// contract_type and foreign_id are mentioned when present and usable: strings or
// numbers, debt_amount also a numeric string, written with thousands separators
// ("15,000 ₸" in English, "15 000 ₸" in RU and KZ). Other variables, values of
// other types, and variables that are not a JSON object are ignored; outside text
// is put on one line and cut short. An unknown sentiment counts as neutral. The
// summary ends with a sentence on the sentiment, except for an answering machine.
// A fresult that is not one of the five CALL_ANSWERED_ codes has no transcript:
// Render returns two empty strings. The seed picks among the phrasings; calls
// from 90 s get one more exchange, and a hang-up under 20 s has two lines.
func Render(lang, agent string, variables json.RawMessage, fresult, sentiment string, durationSec int, seed uint64) (text, summary string) {
	if _, ok := en.outcomes[fresult]; !ok {
		return "", ""
	}
	l := languageOf(lang)
	d := dialogue{l: l, f: newFacts(l, agent, variables), mood: moodOf(sentiment), rnd: rng{seed}}
	d.b.Grow(l.textSize)
	switch fresult {
	case api.FResultInformationTransferred:
		d.informed(durationSec >= longCall)
	case api.FResultGoalNotAchieved:
		d.declined(durationSec >= longCall)
	case api.FResultCallbackRequested:
		d.callback()
	case api.FResultCustomerHangup:
		d.hangup(durationSec >= shortHangup)
	case api.FResultAnsweringMachine:
		d.machine()
	}
	return d.b.String(), d.summary(fresult)
}

// languageOf is the phrase table of a language code, English when unknown.
func languageOf(code string) *language {
	switch {
	case strings.EqualFold(code, "RU"):
		return &ru
	case strings.EqualFold(code, "KZ"):
		return &kz
	}
	return &en
}

// moodOf is the phrase index of a sentiment, neutral when unknown.
func moodOf(sentiment string) int {
	switch {
	case strings.EqualFold(sentiment, api.SentimentPositive):
		return positive
	case strings.EqualFold(sentiment, api.SentimentNegative):
		return negative
	}
	return neutral
}

// rng is splitmix64: a tiny deterministic generator for picking phrasings.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// pick chooses one phrasing.
func (r *rng) pick(list []string) string {
	return list[r.next()%uint64(len(list))]
}

// dialogue is one transcript being written.
type dialogue struct {
	l    *language
	f    facts
	mood int
	rnd  rng
	b    strings.Builder
}

// assistant starts a line of the assistant's.
func (d *dialogue) assistant() {
	d.newline()
	d.b.WriteString("assistant:")
}

// user writes a whole line of the user's.
func (d *dialogue) user(phrases byMood) {
	d.newline()
	d.b.WriteString("user:")
	d.say(phrases[d.mood])
}

func (d *dialogue) newline() {
	if d.b.Len() > 0 {
		d.b.WriteByte('\n')
	}
}

// say adds one sentence to the current line.
func (d *dialogue) say(phrases []string) {
	d.b.WriteByte(' ')
	d.expand(&d.b, d.rnd.pick(phrases))
}

// hello is the assistant's opening: the greeting and who is calling.
func (d *dialogue) hello() {
	d.assistant()
	if d.f.name != "" {
		d.say(d.l.greetName)
	} else {
		d.say(d.l.greetAnon)
	}
	d.say(d.l.intro)
}

// topic says what the call is about, and the reference number when there is one.
func (d *dialogue) topic() {
	switch {
	case d.f.debt != "" && d.f.contract != "":
		d.say(d.l.topicDebtContract)
	case d.f.debt != "":
		d.say(d.l.topicDebt)
	case d.f.contract != "":
		d.say(d.l.topicContract)
	default:
		d.say(d.l.topicNone)
	}
	if d.f.ref != "" {
		d.say(d.l.ref)
	}
}

// informed: the information is given and the customer takes it.
func (d *dialogue) informed(long bool) {
	d.hello()
	d.user(d.l.userGreet)
	d.assistant()
	d.topic()
	d.user(d.l.userAck)
	if long {
		d.assistant()
		d.say(d.l.details)
		d.user(d.l.userMore)
	}
	d.assistant()
	d.say(d.l.closing)
	d.user(d.l.userBye)
}

// declined: the customer hears the information and will not pay.
func (d *dialogue) declined(long bool) {
	d.hello()
	d.user(d.l.userGreet)
	d.assistant()
	d.topic()
	d.say(d.l.ask)
	d.user(d.l.userDecline)
	if long {
		d.assistant()
		d.say(d.l.offer)
		d.user(d.l.userDecline2)
	}
	d.assistant()
	d.say(d.l.closingDecline)
	d.user(d.l.userBye)
}

// callback: the customer asks to be called another time.
func (d *dialogue) callback() {
	d.hello()
	d.topic()
	d.user(d.l.userCallback)
	d.assistant()
	d.say(d.l.callbackAsk)
	d.newline()
	d.b.WriteString("user:")
	d.say(d.l.userWhen)
	d.assistant()
	d.say(d.l.callbackDone)
}

// hangup: the customer hangs up early, at once or after a first reply.
func (d *dialogue) hangup(replied bool) {
	d.hello()
	if replied {
		d.user(d.l.userGreet)
		d.assistant()
	}
	d.topic()
	d.user(d.l.userHangup)
}

// machine: an answering machine answers and the assistant leaves a message.
func (d *dialogue) machine() {
	d.newline()
	d.b.WriteString("user:")
	d.say(d.l.machine)
	d.hello()
	d.topic()
	d.say(d.l.machineEnd)
}

// summary writes the one or two sentences on what happened.
func (d *dialogue) summary(fresult string) string {
	var b strings.Builder
	b.Grow(d.l.summarySize)
	d.expand(&b, d.l.outcomes[fresult])
	if fresult != api.FResultAnsweringMachine {
		b.WriteByte(' ')
		b.WriteString(d.l.mood[d.mood])
	}
	return b.String()
}

// expand writes a phrase with its markers replaced by the call's facts.
func (d *dialogue) expand(b *strings.Builder, phrase string) {
	for {
		i := strings.IndexByte(phrase, '{')
		if i < 0 {
			b.WriteString(phrase)
			return
		}
		j := strings.IndexByte(phrase[i:], '}')
		if j < 0 {
			b.WriteString(phrase)
			return
		}
		b.WriteString(phrase[:i])
		d.fact(b, phrase[i+1:i+j])
		phrase = phrase[i+j+1:]
	}
}

// fact writes the value of one marker.
func (d *dialogue) fact(b *strings.Builder, marker string) {
	switch marker {
	case "name":
		b.WriteString(d.f.name)
	case "role":
		b.WriteString(d.f.role)
	case "debt":
		b.WriteString(d.f.debt)
	case "contract":
		b.WriteString(d.f.contract)
	case "ref":
		b.WriteString(d.f.ref)
	case "who":
		if d.f.name != "" {
			d.expand(b, d.l.whoName)
		} else {
			d.expand(b, d.l.whoAnon)
		}
	case "what":
		switch {
		case d.f.debt != "" && d.f.contract != "":
			d.expand(b, d.l.whatDebtContract)
		case d.f.debt != "":
			d.expand(b, d.l.whatDebt)
		case d.f.contract != "":
			d.expand(b, d.l.whatContract)
		default:
			d.expand(b, d.l.whatNone)
		}
	default:
		b.WriteString("{" + marker + "}")
	}
}
