package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fakeReal struct{ t time.Time }

func (f *fakeReal) now() time.Time { return f.t }

var t0 = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in     string
		mode   Mode
		factor float64
		ok     bool
	}{
		{"real", Real, 1, true},
		{"manual", Manual, 0, true},
		{"scaled:60", Scaled, 60, true},
		{"scaled:0.5", Scaled, 0.5, true},
		{"scaled:0", 0, 0, false},
		{"scaled:-3", 0, 0, false},
		{"scaled:x", 0, 0, false},
		{"fast", 0, 0, false},
	} {
		m, f, err := ParseMode(tc.in)
		if !tc.ok {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.mode, m, tc.in)
		assert.Equal(t, tc.factor, f, tc.in)
	}
}

func TestManualClockMovesOnlyWhenTold(t *testing.T) {
	r := &fakeReal{t: time.Unix(0, 0)}
	c := NewSim(Manual, 0, t0, r.now)
	r.t = r.t.Add(time.Hour)
	assert.Equal(t, t0, c.Now())
	moved := c.Moved()
	now, err := c.Advance(90 * time.Minute)
	require.NoError(t, err)
	assert.Equal(t, t0.Add(90*time.Minute), now)
	select {
	case <-moved:
	default:
		t.Fatal("Moved channel not closed by Advance")
	}
	assert.ErrorIs(t, c.Set(t0), ErrBackwards)
	_, err = c.Advance(-time.Second)
	assert.ErrorIs(t, err, ErrBackwards)
	_, ok := c.RealDelay(time.Minute)
	assert.False(t, ok)
}

func TestScaledClockRunsOnFromWhereItWasSet(t *testing.T) {
	r := &fakeReal{t: time.Unix(0, 0)}
	c := NewSim(Scaled, 60, t0, r.now)
	r.t = r.t.Add(time.Second)
	assert.Equal(t, t0.Add(time.Minute), c.Now())
	require.NoError(t, c.Set(t0.Add(time.Hour)))
	r.t = r.t.Add(2 * time.Second)
	assert.Equal(t, t0.Add(time.Hour+2*time.Minute), c.Now())
	d, ok := c.RealDelay(time.Minute)
	assert.True(t, ok)
	assert.Equal(t, time.Second, d)
}

func TestRealClockCanBeAdvanced(t *testing.T) {
	r := &fakeReal{t: time.Unix(0, 0)}
	c := NewSim(Real, 99, t0, r.now)
	r.t = r.t.Add(time.Second)
	assert.Equal(t, t0.Add(time.Second), c.Now())
	_, err := c.Advance(time.Hour)
	require.NoError(t, err)
	assert.Equal(t, t0.Add(time.Hour+time.Second), c.Now())
	c.Reset(t0)
	assert.Equal(t, t0, c.Now())
}
