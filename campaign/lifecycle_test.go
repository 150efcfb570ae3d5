package campaign

import (
	"errors"
	"testing"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDOC_CreateIsDraft(t *testing.T) {
	f := newFixture(t)
	resp, err := f.s.Create(firmA, day(recs(3)...))
	require.NoError(t, err)
	assert.Equal(t, api.CreateCampaignResponse{
		CallCampaignUUID:   resp.CallCampaignUUID,
		CallCampaignStatus: api.CampaignDraft,
		CallRecordsCount:   3,
		Message:            "Campaign created successfully",
	}, resp)
	id := mustUUID(resp.CallCampaignUUID)
	assert.Equal(t, api.CampaignDraft, f.status(id), "before start_at it stays a draft")
	assert.Equal(t, 1, f.s.FirmCampaigns(firmA))
	assert.Zero(t, f.s.FirmCampaigns(firmB))
}

func TestDOC_AppendMakesProcessing(t *testing.T) {
	f := newFixture(t)
	id := f.create(day())
	resp, err := f.s.Append(firmA, id, recs(2))
	require.NoError(t, err)
	assert.Equal(t, api.CampaignProcessing, resp.CallCampaignStatus)
	assert.Equal(t, api.CampaignProcessing, f.status(id))
	assert.Empty(t, f.events(id, DetailsQuery{}), "nothing is dialed before start_at")
	f.advance(time.Hour)
	assert.Len(t, f.events(id, DetailsQuery{}), 1, "speed 1 at start_at")
}

func TestDOC_AppendToClosedCampaign(t *testing.T) {
	for _, end := range []string{api.CampaignCompleted, api.CampaignCanceled, api.CampaignFailed} {
		t.Run(end, func(t *testing.T) {
			f := newFixture(t)
			id := f.create(day(rec(testPhone(1, 0))))
			switch end {
			case api.CampaignCompleted:
				f.advance(2 * time.Hour)
			case api.CampaignCanceled:
				_, err := f.s.Cancel(id)
				require.NoError(t, err)
			case api.CampaignFailed:
				_, err := f.s.Fail(id)
				require.NoError(t, err)
			}
			require.Equal(t, end, f.status(id))
			_, err := f.s.Append(firmA, id, recs(1))
			assert.ErrorIs(t, err, ErrCampaignClosed)
			assert.Len(t, f.calls(id), 1)
		})
	}
}

func TestDEC1_WrongFirmBeforeAnythingElse(t *testing.T) {
	f := newFixture(t)
	id := f.create(day(rec(phone(1))))
	call := mustUUID(f.calls(id)[0].UUID)
	bad := []Record{{PhoneNumber: "x"}}
	checks := map[string]error{}
	_, checks["append"] = f.s.Append(firmB, id, bad)
	_, checks["list"] = f.s.ListCalls(firmB, id, 0, 0)
	checks["delete"] = f.s.DeleteCall(firmB, id, uuid.New())
	checks["delete known"] = f.s.DeleteCall(firmB, id, call)
	_, checks["delete by phone"] = f.s.DeleteByPhone(firmB, id, phone(1))
	_, checks["details"] = f.s.Details(firmB, id, DetailsQuery{})
	checks["authorize"] = f.s.Authorize(firmB, id)
	for name, err := range checks {
		assert.ErrorIs(t, err, ErrWrongFirm, name)
	}
	assert.NoError(t, f.s.Authorize(firmA, id))
	assert.Len(t, f.calls(id), 1)
}

func TestDEC6_PastWindowEndsAtOnce(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(3)...)
	nc.StartAt, nc.EndAt = at(-10*time.Hour), at(-time.Hour)
	resp, err := f.s.Create(firmA, nc)
	require.NoError(t, err)
	assert.Equal(t, api.CampaignDraft, resp.CallCampaignStatus)
	id := mustUUID(resp.CallCampaignUUID)
	assert.Equal(t, api.CampaignCompleted, f.status(id))
	for _, c := range f.calls(id) {
		assert.Equal(t, api.CallExpired, c.Status)
	}
	assert.Empty(t, f.events(id, DetailsQuery{}))

	t.Run("carried to a window that is open", func(t *testing.T) {
		f := newFixture(t)
		nc := day(rec(phone(1)))
		nc.StartAt, nc.EndAt = at(-23*time.Hour), at(-14*time.Hour) // yesterday 09:00–18:00
		nc.TransferNextDay = ptr(true)
		id := f.create(nc)
		f.advance(time.Minute)
		assert.Equal(t, api.CampaignProcessing, f.status(id))
		f.advance(time.Hour)
		ev := f.events(id, DetailsQuery{})
		require.Len(t, ev, 1)
		assert.Equal(t, at(time.Hour), ev[0].StartedAt.Time, "dialed when today's window opens")
	})
}

func TestDEC14_AdminCancelAndFail(t *testing.T) {
	for _, op := range []string{"cancel", "fail"} {
		t.Run(op, func(t *testing.T) {
			f := newFixture(t)
			nc := day(rec(testPhone(1, 8)), rec(testPhone(2, 1)), rec(testPhone(3, 0)))
			nc.Speed = ptr(1)
			id := f.create(nc)
			f.advance(time.Hour + time.Minute)
			stop, want := f.s.Cancel, api.CampaignCanceled
			if op == "fail" {
				stop, want = f.s.Fail, api.CampaignFailed
			}
			st, err := stop(id)
			require.NoError(t, err)
			assert.Equal(t, api.CampaignState{CallCampaignUUID: id.String(), CallCampaignStatus: want}, st)
			calls := f.calls(id)
			assert.Equal(t, api.CallInProgress, calls[0].Status, "the live attempt finishes")
			assert.Equal(t, api.CallCanceled, calls[1].Status)
			assert.Equal(t, api.CallCanceled, calls[2].Status)
			f.advance(10 * time.Hour)
			assert.Equal(t, api.CallCompleted, f.calls(id)[0].Status, "answered at its end")
			assert.Len(t, f.events(id, DetailsQuery{}), 1, "nothing more is dialed")
			assert.Equal(t, want, f.status(id))
			_, err = f.s.Cancel(id)
			assert.ErrorIs(t, err, ErrCampaignFinal)
			_, err = f.s.Fail(id)
			assert.ErrorIs(t, err, ErrCampaignFinal)
		})
	}
	f := newFixture(t)
	_, err := f.s.Cancel(uuid.New())
	assert.ErrorIs(t, err, ErrCampaignNotFound)
	id := f.create(day())
	_, err = f.s.Cancel(id)
	require.NoError(t, err, "a draft can be canceled")
	id = f.create(day(rec(testPhone(1, 0))))
	f.advance(2 * time.Hour)
	_, err = f.s.Fail(id)
	assert.ErrorIs(t, err, ErrCampaignFinal, "a completed campaign is final")
}

func TestDEC15_CreateCounts(t *testing.T) {
	f := newFixture(t)
	nc := day(rec(phone(1)), rec(phone(2)), rec("+"+phone(1)), rec(phone(3)))
	nc.DayUnique = ptr("delete")
	resp, err := f.s.Create(firmA, nc)
	require.NoError(t, err)
	assert.Equal(t, 3, resp.CallRecordsCount)
	assert.Equal(t, 1, resp.DuplicatesRemoved)
	resp, err = f.s.Create(firmA, day(rec(phone(1)), rec(phone(1))))
	require.NoError(t, err)
	assert.Equal(t, [2]int{2, 0}, [2]int{resp.CallRecordsCount, resp.DuplicatesRemoved}, "without day_unique nothing is dropped")
}

func TestDEC16_AppendResponse(t *testing.T) {
	f := newFixture(t)
	nc := day(recs(2)...)
	nc.DayUnique = ptr("delete")
	id := f.create(nc)
	resp, err := f.s.Append(firmA, id, []Record{rec(phone(0)), rec(phone(7)), rec(phone(8))})
	require.NoError(t, err)
	assert.Equal(t, api.AppendCallsResponse{
		CallCampaignUUID:   id.String(),
		CallCampaignStatus: api.CampaignProcessing,
		AddedCount:         2,
		DuplicatesRemoved:  1,
		CallRecordsCount:   4,
		Message:            "Call records added successfully",
	}, resp)
}

func TestDEC17_AppendWhileRunning(t *testing.T) {
	tests := []struct {
		name    string
		dynamic bool
		wantErr error
	}{{"not allowed", false, ErrCampaignRunning}, {"allowed", true, nil}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			nc := day(rec(testPhone(1, 9)), rec(phone(2)))
			nc.AllowDynamicCallAppending = ptr(tt.dynamic)
			id := f.create(nc)
			_, err := f.s.Append(firmA, id, recs(1))
			require.NoError(t, err, "processing but not running yet: appending is fine")
			f.advance(time.Hour)
			_, err = f.s.Append(firmA, id, []Record{rec(phone(9))})
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Len(t, f.calls(id), 4)
				return
			}
			assert.ErrorIs(t, err, tt.wantErr)
			assert.Contains(t, err.Error(), "dynamic call appending")
			assert.Len(t, f.calls(id), 3)
		})
	}
}

func TestDEC18_UnknownCampaign(t *testing.T) {
	f := newFixture(t)
	f.create(day())
	id := uuid.New()
	_, err := f.s.Append(firmA, id, recs(1))
	assert.ErrorIs(t, err, ErrCampaignNotFound)
	_, err = f.s.Details(firmA, id, DetailsQuery{Page: 1, Size: 10})
	assert.ErrorIs(t, err, ErrCampaignNotFound)
	_, err = f.s.ListCalls(firmA, id, 1, 10)
	assert.ErrorIs(t, err, ErrCampaignNotFound)
	assert.ErrorIs(t, f.s.DeleteCall(firmA, id, uuid.New()), ErrCampaignNotFound)
	_, err = f.s.DeleteByPhone(firmA, id, phone(1))
	assert.ErrorIs(t, err, ErrCampaignNotFound)
	_, err = f.s.Append(firmA, id, nil)
	assert.ErrorIs(t, err, ErrCampaignNotFound, "404 before the body is looked at")
}

func TestDEC19_DynamicCampaignStaysOpenUntilEnd(t *testing.T) {
	f := newFixture(t)
	nc := day(rec(testPhone(1, 0)))
	nc.AllowDynamicCallAppending = ptr(true)
	id := f.create(nc)
	f.advance(2 * time.Hour)
	require.Equal(t, api.CallCompleted, f.calls(id)[0].Status)
	assert.Equal(t, api.CampaignProcessing, f.status(id), "every call is terminal, yet appending is allowed")
	_, err := f.s.Append(firmA, id, []Record{rec(testPhone(2, 0))})
	require.NoError(t, err)
	f.advance(time.Hour)
	assert.Equal(t, api.CallCompleted, f.calls(id)[1].Status, "the appended number was dialed")
	f.advance(7 * time.Hour)
	assert.Equal(t, api.CampaignCompleted, f.status(id), "completed at end_at")
}

func TestDEC37_StartReachedMakesProcessing(t *testing.T) {
	f := newFixture(t)
	id := f.create(day())
	f.advance(time.Hour - time.Millisecond)
	assert.Equal(t, api.CampaignDraft, f.status(id))
	f.advance(time.Millisecond)
	assert.Equal(t, api.CampaignProcessing, f.status(id))
	f.advance(9*time.Hour - time.Millisecond)
	assert.Equal(t, api.CampaignProcessing, f.status(id), "no calls: it does not complete before end_at")
	f.advance(time.Millisecond)
	assert.Equal(t, api.CampaignCompleted, f.status(id))
}

func TestDEC38_Completion(t *testing.T) {
	t.Run("every call terminal", func(t *testing.T) {
		f := newFixture(t)
		id := f.create(day(rec(testPhone(1, 0)), rec(testPhone(2, 3))))
		f.advance(time.Hour + 10*time.Second)
		assert.Equal(t, api.CampaignProcessing, f.status(id))
		f.advance(10 * time.Minute)
		assert.Equal(t, api.CampaignCompleted, f.status(id), "long before end_at")
	})
	t.Run("end passed with a live call", func(t *testing.T) {
		f := newFixture(t)
		nc := day(rec(testPhone(1, 9)))
		nc.EndAt = at(time.Hour + 30*time.Minute)
		nc.AllowDynamicCallAppending = ptr(true)
		id := f.create(nc)
		f.advance(time.Hour + 31*time.Minute)
		assert.Equal(t, api.CampaignProcessing, f.status(id), "a call is still live")
		f.advance(30 * time.Minute)
		assert.Equal(t, api.CampaignCompleted, f.status(id))
	})
	t.Run("carried to the next day", func(t *testing.T) {
		f := newFixture(t)
		nc := day(rec(testPhone(1, 9)), rec(testPhone(2, 0)))
		nc.EndAt = at(time.Hour + 30*time.Minute)
		nc.TransferNextDay = ptr(true)
		id := f.create(nc)
		f.advance(3 * time.Hour)
		assert.Equal(t, api.CampaignProcessing, f.status(id), "one call waits for tomorrow")
		f.advance(24 * time.Hour)
		assert.Equal(t, api.CampaignCompleted, f.status(id))
		assert.Equal(t, at(25*time.Hour), f.events(id, DetailsQuery{CallStatus: "COMPLETED"})[1].StartedAt.Time)
	})
}

func TestDEC40_DetailsEchoSettings(t *testing.T) {
	f := newFixture(t)
	nc := day()
	nc.Retry, nc.Speed, nc.RetryInterval = ptr(2), ptr(5), ptr(45)
	nc.DayUnique, nc.TransferNextDay = ptr("delete"), ptr(true)
	id := f.create(nc)
	d, err := f.s.Details(firmA, id, DetailsQuery{Page: 2, Size: 7})
	require.NoError(t, err)
	assert.Equal(t, api.CampaignDetails{
		CallCampaignName:          "January Outreach",
		StartAt:                   api.Time{Time: at(time.Hour)},
		EndAt:                     api.Time{Time: at(10 * time.Hour)},
		Retry:                     2,
		RetryInterval:             45,
		Speed:                     5,
		Items:                     []api.CallEvent{},
		Page:                      2,
		Size:                      7,
		CallCampaignUUID:          id.String(),
		CallCampaignStatus:        api.CampaignDraft,
		DayUnique:                 ptr("delete"),
		TransferNextDay:           ptr(true),
		AllowDynamicCallAppending: ptr(false),
	}, d)
	assert.JSONEq(t, `{"call_campaign_name":"January Outreach","start_at":"2026-01-15T09:00:00.000Z","end_at":"2026-01-15T18:00:00.000Z",
		"retry":2,"retry_interval":45,"speed":5,"items":[],"page":2,"size":7,"total":0,"call_campaign_uuid":"`+id.String()+`",
		"call_campaign_status":"DRAFT","day_unique":"delete","transfer_next_day":true,"allow_dynamic_call_appending":false}`, mustJSON(t, d))
}

func TestReset_ForgetsAndReplays(t *testing.T) {
	f := newFixture(t)
	first := f.create(day(recs(3)...))
	f.s.Reset()
	_, err := f.s.Details(firmA, first, DetailsQuery{Page: 1, Size: 1})
	assert.True(t, errors.Is(err, ErrCampaignNotFound))
	assert.Zero(t, f.s.FirmCampaigns(firmA))
	again := f.create(day(recs(3)...))
	assert.Equal(t, first, again, "the same requests after a reset get the same uuids")
}
