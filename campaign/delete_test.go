package campaign

import (
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDOC_DeletePendingCall(t *testing.T) {
	f := newFixture(t)
	nc := day(rec(testPhone(1, 1)), rec(phone(2)), rec(phone(3)))
	nc.Retry, nc.RetryInterval = ptr(1), ptr(30)
	id := f.create(nc)
	calls := f.calls(id)
	require.NoError(t, f.s.DeleteCall(firmA, id, mustUUID(calls[1].UUID)), "never dialed")
	f.advance(time.Hour + time.Minute)
	require.Equal(t, api.CallPending, f.calls(id)[0].Status, "waiting for its retry")
	require.Len(t, f.events(id, DetailsQuery{CallUUID: calls[0].UUID}), 1)
	require.NoError(t, f.s.DeleteCall(firmA, id, mustUUID(calls[0].UUID)), "waiting for a retry is pending")

	left := f.calls(id)
	require.Len(t, left, 1)
	assert.Equal(t, calls[2].UUID, left[0].UUID)
	l, err := f.s.ListCalls(firmA, id, 1, 10)
	require.NoError(t, err)
	assert.Equal(t, 1, l.Total)
	f.advance(12 * time.Hour)
	for _, e := range f.events(id, DetailsQuery{}) {
		assert.Equal(t, calls[2].UUID, e.CallUUID, "a deleted call is never dialed and its past attempts are gone")
	}
	assert.Empty(t, f.events(id, DetailsQuery{PhoneNumber: testPhone(1, 1)}))
	assert.Empty(t, f.events(id, DetailsQuery{CallUUID: calls[0].UUID}))
	_, err = f.s.DeleteByPhone(firmA, id, testPhone(1, 1))
	assert.ErrorIs(t, err, ErrPhoneNotFound)
}

func TestDOC_DeleteInProgressCancelsRetries(t *testing.T) {
	tests := []struct {
		name     string
		phone    string
		liveFor  time.Duration
		wantCall string
	}{
		{"unanswered ends canceled", testPhone(1, 1), 20 * time.Second, api.CallCanceled},
		{"answered ends completed", testPhone(2, 8), 5 * time.Minute, api.CallCompleted},
		{"hour-long ends completed", testPhone(3, 9), time.Hour, api.CallCompleted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			nc := day(rec(tt.phone))
			nc.Retry, nc.RetryInterval = ptr(5), ptr(1)
			id := f.create(nc)
			f.advance(time.Hour)
			call := mustUUID(f.calls(id)[0].UUID)
			require.Equal(t, api.CallInProgress, f.callStatus(id, call.String()))
			assert.ErrorIs(t, f.s.DeleteCall(firmA, id, call), ErrCallInProgress)
			assert.ErrorIs(t, f.s.DeleteCall(firmA, id, call), ErrCallInProgress, "still live")
			f.advance(tt.liveFor - time.Second)
			assert.Equal(t, api.CallInProgress, f.callStatus(id, call.String()), "the live attempt finishes")
			f.advance(8 * time.Hour)
			assert.Equal(t, tt.wantCall, f.callStatus(id, call.String()))
			assert.Len(t, f.events(id, DetailsQuery{}), 1, "no retry follows")
			assert.ErrorIs(t, f.s.DeleteCall(firmA, id, call), ErrCallNotPending)
			assert.Equal(t, api.CampaignCompleted, f.status(id))
		})
	}
}

func TestDOC_DeleteNotFound(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(recs(2)...))
	other := f.create(day(recs(2)...))
	call := mustUUID(f.calls(id)[0].UUID)
	assert.ErrorIs(t, f.s.DeleteCall(firmA, id, uuid.New()), ErrCallNotFound)
	assert.ErrorIs(t, f.s.DeleteCall(firmA, other, call), ErrCallNotFound, "a call of another campaign")
	assert.ErrorIs(t, f.s.DeleteCall(firmA, uuid.New(), call), ErrCampaignNotFound)
	require.NoError(t, f.s.DeleteCall(firmA, id, call))
	assert.ErrorIs(t, f.s.DeleteCall(firmA, id, call), ErrCallNotFound, "a second delete")
}

func TestDEC27_DeleteTerminalCallConflicts(t *testing.T) {
	for code, want := range map[int]string{0: api.CallCompleted, 1: api.CallNoAnswer, 2: api.CallBusy, 3: api.CallFailed} {
		t.Run(want, func(t *testing.T) {
			f := newFixture(t)
			id := f.create(day(rec(testPhone(1, code))))
			f.advance(2 * time.Hour)
			c := f.calls(id)[0]
			require.Equal(t, want, c.Status)
			assert.ErrorIs(t, f.s.DeleteCall(firmA, id, mustUUID(c.UUID)), ErrCallNotPending)
			assert.Len(t, f.calls(id), 1)
		})
	}
	t.Run(api.CallExpired, func(t *testing.T) {
		f := newFixture(t)
		nc := day(recs(2)...)
		nc.EndAt = at(time.Hour + time.Second)
		id := f.create(nc)
		f.advance(2 * time.Hour)
		c := f.calls(id)
		expired := c[0]
		if expired.Status != api.CallExpired {
			expired = c[1]
		}
		require.Equal(t, api.CallExpired, expired.Status)
		assert.ErrorIs(t, f.s.DeleteCall(firmA, id, mustUUID(expired.UUID)), ErrCallNotPending)
	})
}

func TestDEC28_DeleteByPhoneIsAtomic(t *testing.T) {
	f := newFixture(t)
	nc := day(rec(testPhone(1, 9)), rec(phone(5)), rec("+"+testPhone(1, 9)), rec(phone(5)), rec(phone(6)))
	id := f.create(nc)
	f.advance(time.Hour)
	require.ElementsMatch(t, []string{api.CallInProgress, api.CallPending}, f.byPhone(id, testPhone(1, 9)))

	_, err := f.s.DeleteByPhone(firmA, id, testPhone(1, 9))
	assert.ErrorIs(t, err, ErrCallInProgress, "one call of the number is live")
	assert.Len(t, f.calls(id), 5, "nothing is deleted")

	f2 := newFixture(t)
	invalid := rec(testPhone(1, 1))
	invalid.Variables = []byte(`{"mock_outcome":"invalid_number"}`)
	nc2 := day(rec(testPhone(1, 1)), invalid)
	nc2.Retry = ptr(1)
	id2 := f2.create(nc2)
	f2.advance(time.Hour + 2*time.Minute)
	require.ElementsMatch(t, []string{api.CallPending, api.CallFailed}, f2.byPhone(id2, testPhone(1, 1)))
	_, err = f2.s.DeleteByPhone(firmA, id2, testPhone(1, 1))
	assert.ErrorIs(t, err, ErrCallNotPending, "one call of the number is terminal")
	assert.Len(t, f2.calls(id2), 2)

	deleted, err := f.s.DeleteByPhone(firmA, id, "+"+phone(5))
	require.NoError(t, err)
	assert.Len(t, deleted, 2)
	calls := f.calls(id)
	assert.Len(t, calls, 3)
	for _, c := range calls {
		assert.NotEqual(t, phone(5), c.PhoneNumber)
	}
	_, err = f.s.DeleteByPhone(firmA, id, phone(5))
	assert.ErrorIs(t, err, ErrPhoneNotFound)
	_, err = f.s.DeleteByPhone(firmA, id, phone(77))
	assert.ErrorIs(t, err, ErrPhoneNotFound)
	_, err = f.s.DeleteByPhone(firmA, id, "+7 701")
	assert.Equal(t, []string{"phone_number"}, locs(t, err))
	f.advance(2 * time.Hour)
	assert.Contains(t, f.byPhone(id, testPhone(1, 9)), api.CallCompleted, "and nothing is canceled")
}

func TestDEC29_DeleteByPhoneListsUUIDs(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(rec(phone(1)), rec(phone(2)), rec(phone(1))))
	calls := f.calls(id)
	var want []uuid.UUID
	for _, c := range calls {
		if c.PhoneNumber == phone(1) {
			want = append(want, mustUUID(c.UUID))
		}
	}
	got, err := f.s.DeleteByPhone(firmA, id, phone(1))
	require.NoError(t, err)
	assert.Equal(t, want, got, "in listing order")
}
