package broker

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Runner sends the Under Review order update of a failed
// reauthorization itself (§2.29): the host reports the failure and the next
// run sends the update, whatever the record's status, once per request.
func TestRunnerSendsReauthFailureUnderReview(t *testing.T) {
	ok := func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }
	for _, tc := range []struct {
		name   string
		status Status
		rule   string
	}{
		{"BRK-244 open order acknowledged by OB", StatusAcknowledged, "BRK-244"},
		{"BRK-249 order already fulfilled and closed in OB", StatusCompleted, "BRK-249"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := recReq(1, tc.status, "r1"), recReq(2, tc.status, "r1")
			st := newMemStore(a, b)
			// The daily status list answers with no line: nothing moves.
			tr := &fakeTransport{update: ok, list: func(StatusListRequest) (StatusListResponse, error) { return StatusListResponse{}, nil }}
			rn := newRunner(tr, st, baseSets) // M18 (Send held orders) off: the update goes all the same
			for _, r := range []Record{a, b} {
				plan, err := rn.ReauthFailed(context.Background(), ReauthFailure{Record: r.ID, Originating: r.Key, LineSeq: r.LineSeq, RequestID: r.RequestID})
				require.NoError(t, err)
				assert.Equal(t, HoldDeclinedAuthorization, plan.OriginatingHold, "BRK-244: the originating order goes on AR hold")
			}
			rep, err := rn.Run(context.Background())
			require.NoError(t, err)
			require.NoError(t, rep.Err())
			require.Len(t, tr.updates, 1, tc.rule+": one Under Review order update for the request")
			require.NotNil(t, tr.updates[0].UnderReview, tc.rule)
			assert.True(t, *tr.updates[0].UnderReview, tc.rule+": Under Review Y")
			assert.Equal(t, "r1", tr.updates[0].RequestID, tc.rule)
			assert.Equal(t, tc.status, st.get(a.ID).Status, tc.rule+": the record status is unchanged")
			assert.True(t, st.get(a.ID).UnderReview, tc.rule+": the record keeps Under Review")
			assert.True(t, st.get(a.ID).Outbox.Empty(), tc.rule)

			_, err = rn.Run(context.Background())
			require.NoError(t, err)
			assert.Len(t, tr.updates, 1, tc.rule+": sent once")
		})
	}
}

func TestRunnerReauthFailureUnansweredWaits(t *testing.T) {
	// BRK-244: without an answer the Under Review update waits for the next run.
	a := recReq(1, StatusAcknowledged, "r1")
	st := newMemStore(a)
	tr := &fakeTransport{}
	rn := newRunner(tr, st, baseSets)
	_, err := rn.ReauthFailed(context.Background(), ReauthFailure{Record: a.ID})
	require.NoError(t, err)
	rep, err := rn.Run(context.Background())
	require.NoError(t, err)
	require.Error(t, rep.Err())
	assert.True(t, st.get(a.ID).Outbox.UnderReview.Send, "BRK-244: not answered: the update still waits")
	tr.update = func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }
	_, err = rn.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.updates, 2, "BRK-244: the next run sends it again")
	assert.True(t, *tr.updates[1].UnderReview, "BRK-244")
}

func TestRunnerReauthFailureBeforeSubmission(t *testing.T) {
	// BRK-098: a record never submitted has no OB order to update: nothing
	// waits in its outbox (its SubmitOrder carries the hold itself).
	a := rec(1, StatusReady)
	st := newMemStore(a)
	rn := newRunner(&fakeTransport{}, st, baseSets)
	_, err := rn.ReauthFailed(context.Background(), ReauthFailure{Record: a.ID})
	require.NoError(t, err)
	assert.True(t, st.get(a.ID).Outbox.Empty(), "BRK-098")
	assert.False(t, st.get(a.ID).UnderReview, "BRK-098")

	_, err = rn.ReauthFailed(context.Background(), ReauthFailure{Record: uuid.New()})
	assert.ErrorIs(t, err, ErrUnknownRequest, "an unknown record is an error")
}
