package contract

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVerdicts(t *testing.T) {
	doc, dec := Doc("a sentence"), Dec("DEC-7", "a decision")
	for _, tc := range []struct {
		name             string
		rule             Rule
		failures         []Rule
		skip, broken     string
		strict, document Verdict
	}{
		{name: "nothing recorded", rule: doc, strict: Pass, document: Pass},
		{name: "DOC rule broken", rule: doc, failures: []Rule{doc}, strict: Fail, document: Fail},
		{name: "DEC rule broken", rule: dec, failures: []Rule{dec}, strict: Fail, document: Warn},
		{name: "5xx in a DEC check", rule: dec, failures: []Rule{ruleNo5xx}, strict: Fail, document: Fail},
		{name: "DEC schema part in a DOC check", rule: doc, failures: []Rule{ruleProblem}, strict: Fail, document: Warn},
		{name: "fixture missing", rule: doc, skip: "fixture missing: clock", strict: Skip, document: Skip},
		{name: "arrangement failed", rule: doc, broken: "could not arrange", strict: Error, document: Error},
		{name: "failure then error", rule: doc, failures: []Rule{doc}, broken: "then gave up", strict: Fail, document: Fail},
		{name: "DEC failure then skip", rule: dec, failures: []Rule{dec}, skip: "no status shown", strict: Fail, document: Skip},
		{name: "context only", rule: doc, failures: []Rule{{}}, broken: "gave up", strict: Error, document: Error},
	} {
		for _, p := range []Profile{Strict, Documented} {
			tt := &T{check: Check{ID: "x", Rule: tc.rule}, env: &env{profile: p}, skip: tc.skip, broken: tc.broken}
			for _, r := range tc.failures {
				tt.failures = append(tt.failures, Failure{Rule: r, Message: "m"})
			}
			got, msg := tt.verdict()
			want := tc.strict
			if p == Documented {
				want = tc.document
			}
			assert.Equal(t, want, got, "%s in %s: %s", tc.name, p, msg)
			assert.Equal(t, got.Red(), got == Fail || got == Error)
		}
	}
}

var ruleTag = regexp.MustCompile(`^(DOC|DEC-[0-9]+)$`)

// TestCatalogueIsData: ids are unique and stable in form, each check names
// an operation of the spec, a rule with a source, and a function.
func TestCatalogueIsData(t *testing.T) {
	ops := map[string]bool{OperationRun: true}
	for _, op := range Operations {
		ops[op] = true
	}
	idForm := regexp.MustCompile(`^[a-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
	seen := map[string]bool{}
	perOp := map[string]int{}
	doc, dec := 0, 0
	for _, c := range Catalogue() {
		assert.False(t, seen[c.ID], "duplicate id %s", c.ID)
		seen[c.ID] = true
		assert.Regexp(t, idForm, c.ID)
		assert.True(t, ops[c.Operation], "%s: operation %q", c.ID, c.Operation)
		assert.Regexp(t, ruleTag, c.Rule.Tag, c.ID)
		assert.NotEmpty(t, c.Rule.Source, c.ID)
		assert.NotEmpty(t, c.Title, c.ID)
		assert.NotNil(t, c.Run, c.ID)
		perOp[c.Operation]++
		if c.Rule.Documented() {
			doc++
		} else {
			dec++
		}
	}
	for _, op := range Operations {
		assert.GreaterOrEqual(t, perOp[op], 8, "%s has few checks", op)
	}
	t.Logf("catalogue: %d checks, %d DOC, %d DEC", len(seen), doc, dec)
	for _, id := range []string{"auth.no-key.createCampaign", "auth.other-firm.getCampaignDetails", "list.walk", "delete-phone.409-atomic", "gen.create.valid"} {
		assert.True(t, seen[id], id)
	}
}

func TestSelectAndMatches(t *testing.T) {
	all := Catalogue()
	assert.Len(t, Select(all, nil), len(all))
	one := Select(all, []string{"list.walk"})
	assert.Len(t, one, 1)
	auth := Select(all, []string{"auth.*"})
	assert.Len(t, auth, 25)
	byOp := Select(all, []string{"deleteCall"})
	for _, c := range byOp {
		assert.Equal(t, "deleteCall", c.Operation)
	}
	assert.Len(t, Select(all, []string{"gen."}), 10)
	assert.Empty(t, Select(all, []string{"nope"}))
}
