package transcript

import "strings"

// Sentiment indexes of the user's phrases.
const (
	positive = iota
	neutral
	negative
)

// byMood holds one list of phrasings per sentiment: positive, neutral, negative.
type byMood [3][]string

// language is everything needed to speak one language: how to name things and the
// phrasings of every turn. A phrase may hold the markers {name}, {role}, {debt},
// {contract} and {ref}, which expand to the call's facts; a phrase holding a marker
// is only used when that fact is known. Several phrasings of a turn are picked
// from by the seed.
type language struct {
	thousands, decimal, currency string
	textSize, summarySize        int // bytes to reserve, enough for most calls

	roles       map[string]string // role key → who is calling, in the form the intros need
	roleUnknown string            // the form for an unknown agent name, around {role}
	roleNone    string            // the form when there is no agent name
	contracts   map[string]string // contract_type → its name

	greetName, greetAnon []string // the assistant's first words
	intro                []string // who is calling: {role}
	topicDebtContract    []string // {debt} and {contract}
	topicDebt            []string // {debt}
	topicContract        []string // {contract}
	topicNone            []string
	ref                  []string // {ref}

	ask            []string // will you pay?
	offer          []string // an instalment plan instead
	details        []string // where to pay
	closing        []string // thanks and goodbye after the information
	closingDecline []string // goodbye after a refusal
	callbackAsk    []string // when should we call back?
	callbackDone   []string // we will call then
	machine        []string // the answering machine's greeting
	machineEnd     []string // the end of the message left on the machine

	userGreet    byMood
	userAck      byMood // the information is taken
	userMore     byMood // a short reply to the details
	userDecline  byMood
	userDecline2 byMood // the instalment plan is refused too
	userCallback byMood // not now, call later
	userWhen     []string
	userHangup   byMood
	userBye      byMood

	// The summary: who was called, about what, and what came of it.
	whoName, whoAnon string // {name}
	whatDebtContract string
	whatDebt         string
	whatContract     string
	whatNone         string
	outcomes         map[string]string // fresult → sentence around {who} and {what}
	mood             [3]string         // the sentence on the sentiment
}

// role is how the language names the caller of an agent name.
func (l *language) role(agent string) string {
	if k := roleKey(agent); k != "" {
		return l.roles[k]
	}
	name := readable(clean(agent, maxAgent))
	if name == "" {
		return l.roleNone
	}
	return strings.Replace(l.roleUnknown, "{role}", name, 1)
}

// contract is the language's name of a contract type, or the type made readable.
func (l *language) contract(ct string) string {
	if name, ok := l.contracts[strings.ToLower(ct)]; ok {
		return name
	}
	return readable(ct)
}

// money formats a debt amount with the language's separators and the tenge sign.
func (l *language) money(v float64) string {
	var b strings.Builder
	b.Grow(24)
	groupDigits(&b, v, l.thousands, l.decimal)
	b.WriteString(l.currency)
	return b.String()
}
