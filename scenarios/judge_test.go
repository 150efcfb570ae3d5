package scenarios

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

// An invariant that cannot look because the run's time ran out is not
// judged: it must not read as a failure of the target.
func TestInvariantCutShortByTheRunIsNotJudged(t *testing.T) {
	looks := func(ctx context.Context, _ *Env, _ State) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return errors.New("calls missing")
	}
	sc := Scenario{Invariants: []Invariant{{ID: "X-1", Check: looks}}}

	res := judgeInvariants(context.Background(), sc, nil, nil)
	assert.Equal(t, VerdictFail, res[0].Verdict, "a real finding fails")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res = judgeInvariants(ctx, sc, nil, nil)
	assert.Equal(t, VerdictError, res[0].Verdict)
	assert.Contains(t, res[0].Detail, "not judged")
}

func TestWorseVerdict(t *testing.T) {
	assert.Equal(t, VerdictFail, worse(VerdictError, VerdictFail))
	assert.Equal(t, VerdictFail, worse(VerdictFail, VerdictError))
	assert.Equal(t, VerdictError, worse(VerdictPass, VerdictError))
	assert.Equal(t, VerdictPass, worse(VerdictPass, VerdictPass))
}
