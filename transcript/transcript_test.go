package transcript

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

var answered = []string{
	api.FResultInformationTransferred,
	api.FResultGoalNotAchieved,
	api.FResultCallbackRequested,
	api.FResultCustomerHangup,
	api.FResultAnsweringMachine,
}

var sentiments = []string{api.SentimentPositive, api.SentimentNeutral, api.SentimentNegative}

const docsVariables = `{"client_name":"John Doe","debt_amount":15000,"contract_type":"auto_loan","foreign_id":"CRM-12345"}`

// kazakhLetters are the Cyrillic letters Kazakh has and Russian has not.
const kazakhLetters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

// assertWellFormed holds a transcript and summary to the shape every caller relies on.
func assertWellFormed(t *testing.T, text, summary string) {
	t.Helper()
	require.NotEmpty(t, text)
	require.NotEmpty(t, summary)
	assert.True(t, utf8.ValidString(text), "transcript is not UTF-8")
	assert.True(t, utf8.ValidString(summary), "summary is not UTF-8")
	for _, bad := range []string{"<nil>", "%!", "{{", "{name}", "{role}", "{debt}", "{contract}", "{ref}", "{who}", "{what}", "  "} {
		assert.NotContains(t, text, bad)
		assert.NotContains(t, summary, bad)
	}
	assert.NotContains(t, summary, "\n")
	for _, line := range strings.Split(text, "\n") {
		speaker, said, ok := strings.Cut(line, ": ")
		require.True(t, ok, "line %q has no speaker", line)
		assert.Contains(t, []string{"assistant", "user"}, speaker)
		assert.NotEmpty(t, strings.TrimSpace(said))
		assert.Equal(t, strings.TrimSpace(said), said)
	}
}

func hasCyrillic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

func TestRender_EveryLanguageOutcomeAndSentiment(t *testing.T) {
	tests := []struct {
		lang, debt string
		cyrillic   bool
		kazakh     bool
	}{
		{"EN", "15,000 ₸", false, false},
		{"RU", "15 000 ₸", true, false},
		{"KZ", "15 000 ₸", true, true},
	}
	for _, tt := range tests {
		for _, fresult := range answered {
			for _, sentiment := range sentiments {
				for _, duration := range []int{5, 60, 300} {
					text, summary := Render(tt.lang, "sales_agent_v2", json.RawMessage(docsVariables), fresult, sentiment, duration, 42)
					name := tt.lang + "/" + fresult + "/" + sentiment
					assertWellFormed(t, text, summary)
					for _, s := range []string{text, summary} {
						assert.Equal(t, tt.cyrillic, hasCyrillic(s), name)
						assert.Equal(t, tt.kazakh, strings.ContainsAny(s, kazakhLetters), name)
						assert.Contains(t, s, "John Doe", name)
						assert.Contains(t, s, tt.debt, name)
					}
					assert.Contains(t, text, "CRM-12345", name)
				}
			}
		}
	}
}

func TestRender_TurnsFollowTheOutcome(t *testing.T) {
	tests := []struct {
		fresult   string
		duration  int
		lines     int
		firstUser bool // the answering machine speaks first
	}{
		{api.FResultInformationTransferred, 60, 6, false},
		{api.FResultInformationTransferred, 200, 8, false},
		{api.FResultGoalNotAchieved, 60, 6, false},
		{api.FResultGoalNotAchieved, 200, 8, false},
		{api.FResultCallbackRequested, 60, 5, false},
		{api.FResultCustomerHangup, 8, 2, false},
		{api.FResultCustomerHangup, 40, 4, false},
		{api.FResultAnsweringMachine, 30, 2, true},
	}
	for _, tt := range tests {
		text, _ := Render("EN", "support_agent", json.RawMessage(docsVariables), tt.fresult, "neutral", tt.duration, 1)
		lines := strings.Split(text, "\n")
		assert.Len(t, lines, tt.lines, tt.fresult)
		assert.Equal(t, tt.firstUser, strings.HasPrefix(lines[0], "user: "), tt.fresult)
		assert.Contains(t, text, "customer support", tt.fresult)
	}
}

func TestRender_SummarySaysWhatHappened(t *testing.T) {
	_, summary := Render("EN", "sales_agent_v2", json.RawMessage(docsVariables), api.FResultInformationTransferred, "positive", 75, 3)
	assert.Equal(t, "Customer John Doe was informed about the auto loan debt of 15,000 ₸ and acknowledged it. The customer's sentiment was positive.", summary)
	_, summary = Render("ru", "", nil, api.FResultGoalNotAchieved, "negative", 75, 3)
	assert.Equal(t, "Клиент получил информацию об условиях обслуживания, но отказался платить. Настрой клиента негативный.", summary)
}

func TestRender_DeterministicForASeed(t *testing.T) {
	for _, lang := range []string{"EN", "RU", "KZ"} {
		for _, fresult := range answered {
			a1, s1 := Render(lang, "sales_agent_v2", json.RawMessage(docsVariables), fresult, "neutral", 100, 7)
			a2, s2 := Render(lang, "sales_agent_v2", json.RawMessage(docsVariables), fresult, "neutral", 100, 7)
			assert.Equal(t, a1, a2)
			assert.Equal(t, s1, s2)
		}
	}
}

func TestRender_SeedsVary(t *testing.T) {
	for _, lang := range []string{"EN", "RU", "KZ"} {
		for _, fresult := range answered {
			seen := map[string]bool{}
			for seed := uint64(0); seed < 20; seed++ {
				text, _ := Render(lang, "sales_agent_v2", json.RawMessage(docsVariables), fresult, "neutral", 100, seed)
				seen[text] = true
			}
			assert.Greater(t, len(seen), 3, "%s %s: only %d distinct transcripts", lang, fresult, len(seen))
		}
	}
}

func TestRender_LanguageCodes(t *testing.T) {
	en1, _ := Render("EN", "", nil, api.FResultCustomerHangup, "", 5, 9)
	for _, code := range []string{"en", "De", "", "english", "ру"} {
		text, _ := Render(code, "", nil, api.FResultCustomerHangup, "", 5, 9)
		assert.Equal(t, en1, text, "code %q falls back to English", code)
	}
	ru1, _ := Render("RU", "", nil, api.FResultCustomerHangup, "", 5, 9)
	ru2, _ := Render("ru", "", nil, api.FResultCustomerHangup, "", 5, 9)
	assert.Equal(t, ru1, ru2)
	kz1, _ := Render("KZ", "", nil, api.FResultCustomerHangup, "", 5, 9)
	kz2, _ := Render("kz", "", nil, api.FResultCustomerHangup, "", 5, 9)
	assert.Equal(t, kz1, kz2)
}

func TestRender_UnansweredHasNoTranscript(t *testing.T) {
	for _, fresult := range []string{api.FResultNotAnswered, api.FResultBusy, api.FResultRejected, api.FResultCongestion, api.FResultInvalidNumber, "", "CALL_ANSWERED_SOMETHING_NEW"} {
		text, summary := Render("EN", "sales_agent_v2", json.RawMessage(docsVariables), fresult, "neutral", 30, 1)
		assert.Empty(t, text, fresult)
		assert.Empty(t, summary, fresult)
	}
}

func TestRender_OddVariablesAreSafe(t *testing.T) {
	tests := []struct {
		name, variables string
		contains        []string // in the transcript, English
		absent          []string
	}{
		{"nil", "", nil, nil},
		{"null", "null", nil, nil},
		{"empty object", "{}", nil, nil},
		{"array", `[1,2,3]`, nil, nil},
		{"string", `"John"`, nil, []string{"John"}},
		{"invalid JSON", `{"client_name":"John`, nil, []string{"John"}},
		{"null values", `{"client_name":null,"debt_amount":null,"contract_type":null,"foreign_id":null}`, nil, []string{"null"}},
		{"nested", `{"client_name":{"first":"John"},"debt_amount":{"v":1},"contract_type":["auto_loan"],"foreign_id":{}}`, nil, []string{"John", "auto loan", "map", "["}},
		{"booleans", `{"client_name":true,"debt_amount":false}`, nil, []string{"true", "false"}},
		{"debt as a string", `{"debt_amount":"15 000"}`, []string{"15,000 ₸"}, nil},
		{"debt with cents", `{"debt_amount":1234567.5}`, []string{"1,234,567.50 ₸"}, nil},
		{"debt not a number", `{"debt_amount":"a lot"}`, nil, []string{"a lot"}},
		{"debt NaN", `{"debt_amount":"NaN"}`, nil, []string{"NaN"}},
		{"debt huge", `{"debt_amount":1e300}`, nil, []string{"e+", "000,000,000,000,000"}},
		{"debt over the limit", `{"debt_amount":10000000000000}`, nil, []string{"10,000,000,000,000"}},
		{"name as a number", `{"client_name":12345}`, []string{"12345"}, nil},
		{"name with line breaks", `{"client_name":"John\nuser: hacked\u2028 Doe"}`, []string{"John user: hacked Doe"}, []string{"\nuser: hacked"}},
		{"blank name", `{"client_name":"   "}`, []string{"Hello!"}, nil},
		{"unknown contract", `{"contract_type":"business_lease"}`, []string{"business lease"}, nil},
		{"contract in capitals", `{"contract_type":"AUTO_LOAN"}`, []string{"auto loan"}, nil},
		{"extra variables", `{"client_name":"Ann","tier":"gold","n":[1,{"x":null}]}`, []string{"Ann"}, []string{"gold"}},
		{"long name", `{"client_name":"` + strings.Repeat("A", 500) + `"}`, []string{strings.Repeat("A", maxName)}, []string{strings.Repeat("A", maxName+1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []string{"EN", "RU", "KZ"} {
				for _, fresult := range answered {
					text, summary := Render(lang, "sales_agent_v2", json.RawMessage(tt.variables), fresult, "negative", 120, 5)
					assertWellFormed(t, text, summary)
					if lang != "EN" || fresult == api.FResultCustomerHangup {
						continue
					}
					for _, s := range tt.contains {
						assert.Contains(t, text, s, fresult)
					}
					for _, s := range tt.absent {
						assert.NotContains(t, text, s, fresult)
						assert.NotContains(t, summary, s, fresult)
					}
				}
			}
		})
	}
}

func TestRole_FromTheAgentName(t *testing.T) {
	tests := []struct{ agent, en, ru, kz string }{
		{"sales_agent_v2", "the sales department", "отдела продаж", "сату бөлімі"},
		{"support_agent", "customer support", "службы поддержки", "қолдау қызметі"},
		{"DebtCollector", "the “DebtCollector” service", "сервиса «DebtCollector»", "«DebtCollector» қызметі"},
		{"debt-collection-bot", "the collections department", "отдела по работе с задолженностью", "берешекпен жұмыс бөлімі"},
		{"acme_bot", "the “acme bot” service", "сервиса «acme bot»", "«acme bot» қызметі"},
		{"", "our company", "нашей компании", "біздің компания"},
		{" \t\n", "our company", "нашей компании", "біздің компания"},
		{"x\ny\u0000z", "the “x y z” service", "сервиса «x y z»", "«x y z» қызметі"},
		{"v2_007", "the “v2 007” service", "сервиса «v2 007»", "«v2 007» қызметі"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, en.role(tt.agent), tt.agent)
		assert.Equal(t, tt.ru, ru.role(tt.agent), tt.agent)
		assert.Equal(t, tt.kz, kz.role(tt.agent), tt.agent)
	}
}

func TestMoney_ThousandsAndCents(t *testing.T) {
	tests := []struct {
		v      float64
		en, ru string
	}{
		{0, "0 ₸", "0 ₸"},
		{999, "999 ₸", "999 ₸"},
		{1000, "1,000 ₸", "1 000 ₸"},
		{15000, "15,000 ₸", "15 000 ₸"},
		{1234567.5, "1,234,567.50 ₸", "1 234 567,50 ₸"},
		{0.004, "0 ₸", "0 ₸"},
		{12.345, "12.35 ₸", "12,35 ₸"},
		{-2500, "-2,500 ₸", "-2 500 ₸"},
		{9999999999999.99, "9,999,999,999,999.99 ₸", "9 999 999 999 999,99 ₸"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, en.money(tt.v))
		assert.Equal(t, tt.ru, ru.money(tt.v))
		assert.Equal(t, tt.ru, kz.money(tt.v))
	}
}

// TestPhrases_UseOnlyKnownMarkers walks every phrase of every language, so that a
// typo in a marker fails here rather than reaching a transcript.
func TestPhrases_UseOnlyKnownMarkers(t *testing.T) {
	known := map[string]bool{"name": true, "role": true, "debt": true, "contract": true, "ref": true, "who": true, "what": true}
	for code, l := range map[string]*language{"EN": &en, "RU": &ru, "KZ": &kz} {
		var phrases []string
		collect(reflect.ValueOf(*l), &phrases)
		require.Greater(t, len(phrases), 100, code)
		for _, p := range phrases {
			assert.NotEmpty(t, p, code)
			rest := p
			for {
				i := strings.IndexAny(rest, "{}")
				if i < 0 {
					break
				}
				require.Equal(t, byte('{'), rest[i], "%s: stray brace in %q", code, p)
				j := strings.IndexByte(rest[i:], '}')
				require.Positive(t, j, "%s: unclosed marker in %q", code, p)
				assert.True(t, known[rest[i+1:i+j]], "%s: unknown marker in %q", code, p)
				rest = rest[i+j+1:]
			}
		}
		for _, fresult := range answered {
			assert.NotEmpty(t, l.outcomes[fresult], "%s has no summary for %s", code, fresult)
		}
		assert.Len(t, l.outcomes, len(answered), code)
		for mood := range l.userGreet {
			assert.NotEmpty(t, l.userGreet[mood], code)
		}
	}
}

func collect(v reflect.Value, out *[]string) {
	switch v.Kind() {
	case reflect.String:
		*out = append(*out, v.String())
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			collect(v.Index(i), out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			collect(v.MapIndex(k), out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			collect(v.Field(i), out)
		}
	}
}

func TestRender_ConcurrentCallsAgree(t *testing.T) {
	want, _ := Render("KZ", "sales_agent_v2", json.RawMessage(docsVariables), api.FResultGoalNotAchieved, "negative", 200, 11)
	done := make(chan string)
	for range 16 {
		go func() {
			text, _ := Render("KZ", "sales_agent_v2", json.RawMessage(docsVariables), api.FResultGoalNotAchieved, "negative", 200, 11)
			done <- text
		}()
	}
	for range 16 {
		assert.Equal(t, want, <-done)
	}
}

func FuzzRender(f *testing.F) {
	f.Add([]byte(docsVariables), "sales_agent_v2", uint64(1))
	f.Add([]byte(`{"client_name":null,"debt_amount":"1e308"}`), "", uint64(2))
	f.Add([]byte(`{"client_name":{"a":[1,2]},"contract_type":"x_y-z"}`), "weird\x00agent\n", uint64(3))
	f.Add([]byte(`not json`), "\xff\xfe", uint64(4))
	f.Fuzz(func(t *testing.T, variables []byte, agent string, seed uint64) {
		for _, lang := range []string{"EN", "RU", "KZ"} {
			fresult := answered[seed%uint64(len(answered))]
			text, summary := Render(lang, agent, variables, fresult, sentiments[seed%3], int(seed%400), seed)
			if text == "" || summary == "" {
				t.Fatalf("empty output for %q %q", variables, agent)
			}
			if !utf8.ValidString(text) || !utf8.ValidString(summary) {
				t.Fatalf("invalid UTF-8 for %q %q", variables, agent)
			}
			if strings.Contains(summary, "\n") {
				t.Fatalf("summary spans lines: %q", summary)
			}
			for _, line := range strings.Split(text, "\n") {
				if !strings.HasPrefix(line, "assistant: ") && !strings.HasPrefix(line, "user: ") {
					t.Fatalf("line without a speaker %q in %q", line, text)
				}
			}
		}
	})
}

// BenchmarkRender is one details-page event: the docs' variables, every fresult
// and sentiment in turn; the sub-benchmarks split out the language and the JSON.
func BenchmarkRender(b *testing.B) {
	for _, bb := range []struct{ name, lang, variables string }{
		{"RU", "RU", docsVariables},
		{"KZ", "KZ", docsVariables},
		{"EN", "EN", docsVariables},
		{"RU_no_variables", "RU", ""},
	} {
		b.Run(bb.name, func(b *testing.B) {
			variables := json.RawMessage(bb.variables)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				Render(bb.lang, "sales_agent_v2", variables, answered[i%len(answered)], sentiments[i%3], 75+i%100, uint64(i))
			}
		})
	}
}
