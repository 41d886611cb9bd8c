package broker

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEngineForwardSkip(t *testing.T) {
	// §4 intro: OB is seen only at each inquiry, so "received" at K applies F1.17's effects.
	res := applyF1(t, baseSets, recReq(4, StatusAcknowledged, "1"), Event{Kind: EventReceived, Source: SourceStatusInquiry})
	assert.Equal(t, StatusReceivedByStore, res.Record.Status)
	assert.Equal(t, "F1.17", res.Row)
	assert.True(t, res.Skipped)
	assert.Equal(t, []string{"Ln#: 4 Store Received"}, textsOf(res.Effects))
}

func TestEngineRefusals(t *testing.T) {
	e := Engine{Settings: baseSets, Now: fixedClock(t0)}
	cases := []struct {
		name string
		rec  Record
		ev   EventKind
		kind error
	}{
		{"backwards: polled at A", recReq(4, StatusAccepted, "1"), EventPolled, ErrInvalidTransition},
		{"out of a final status: fulfilled at U", recReq(4, StatusUnfulfillable, "1"), EventFulfilled, ErrInvalidTransition},
		{"out of a final status: accepted at Z", recReq(4, StatusCanceled, "1"), EventAccepted, ErrInvalidTransition},
		{"event foreign to the flow", recReq(4, StatusAccepted, "1"), EventKind("picked up at store"), ErrInvalidTransition},
		{"R cannot be fulfilled: never sent", rec(4, StatusReady), EventFulfilled, ErrInvalidTransition},
		{"cancel while W: no request ID yet", rec(4, StatusWaiting), EventRequestCanceled, ErrInvalidTransition},
		{"unknown record letter", recReq(4, Status('Q'), "1"), EventPolled, ErrUnknownStatus},
		{"no record yet, status event", rec(4, 0), EventPolled, ErrInvalidTransition},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := e.Apply(&BrokeredBackorder, c.rec, Event{Kind: c.ev})
			require.Error(t, err)
			assert.ErrorIs(t, err, c.kind)
			var te *TransitionError
			require.True(t, errors.As(err, &te))
			assert.Equal(t, "F1", te.Flow)
			assert.Equal(t, c.rec.Status, te.From)
			assert.Equal(t, c.ev, te.Event)
			assert.Contains(t, err.Error(), "F1")
			assert.Contains(t, err.Error(), string(c.ev))
			assert.Equal(t, c.rec, res.Record, "the record is unchanged")
			assert.Empty(t, res.Effects)
		})
	}
}

func TestEngineRepeatIsNoOp(t *testing.T) {
	// §4 intro: the same event applied twice is a no-op (responses are retried).
	for _, c := range []struct {
		from Status
		ev   EventKind
	}{
		{StatusWaiting, EventSubmitSent}, {StatusAcknowledged, EventAckOneLocation}, {StatusPolled, EventPolled},
		{StatusCompleted, EventFulfilled}, {StatusCanceled, EventCancelConfirmed}, {StatusUnfulfillable, EventUnfulfillable},
		{StatusError, EventSubmitError},
	} {
		r := recReq(4, c.from, "1")
		res := applyF1(t, baseSets, r, Event{Kind: c.ev})
		assert.True(t, res.NoOp, "%v on %v", c.ev, c.from)
		assert.Equal(t, r, res.Record)
		assert.Empty(t, res.Effects)
	}
}

func TestNewFlowNeedsNoEngineChange(t *testing.T) {
	// A table written elsewhere (here a two-row toy flow) runs on the same engine.
	toy := Flow{Name: "T1", Order: []Status{StatusInProcess, StatusPicking, StatusCompleted}, Final: []Status{StatusCompleted},
		Rows: []Row{
			{ID: "T1.01", From: []Status{StatusInProcess}, On: "picked", To: StatusPicking, Effects: []Effect{WriteMessage("Ln#: %d Selected for Fulfillment")}},
			{ID: "T1.02", From: []Status{StatusPicking}, On: "shipped", To: StatusCompleted},
		}}
	require.NoError(t, toy.Validate())
	res, err := Engine{}.Apply(&toy, recReq(1, StatusInProcess, "9"), Event{Kind: "shipped"})
	require.NoError(t, err)
	assert.Equal(t, StatusCompleted, res.Record.Status)
	assert.True(t, res.Skipped)
	res, err = Engine{}.Apply(&toy, recReq(1, StatusInProcess, "9"), Event{Kind: "picked"})
	require.NoError(t, err)
	assert.Equal(t, []string{"Ln#: 1 Selected for Fulfillment"}, textsOf(res.Effects))

	bad := Flow{Name: "B", Rows: []Row{{ID: "B.1", On: "x", To: Status('Q')}}}
	assert.ErrorIs(t, bad.Validate(), ErrUnknownStatus)
	assert.ErrorIs(t, (&Flow{Name: "B", Rows: []Row{{On: "x"}}}).Validate(), ErrInvalidInput)
}

func TestStatusListHistory_BRK082(t *testing.T) {
	// BRK-082 / A12: a status list response writes History only for Accepted or Fulfilled.
	s := baseSets
	polled := applyF1(t, s, recReq(4, StatusAcknowledged, "1"), Event{Kind: EventPolled, Source: SourceStatusList})
	assert.Empty(t, historyTypes(polled.Effects))
	assert.Equal(t, []string{"Ln#: 4 Polled by Broker"}, textsOf(polled.Effects), "transaction history is still written")
	acc := applyF1(t, s, recReq(4, StatusPolled, "1"), Event{Kind: EventAccepted, Source: SourceStatusList})
	assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(acc.Effects))
	ful := applyF1(t, s, recReq(4, StatusAccepted, "1"), Event{Kind: EventFulfilled, Source: SourceStatusList})
	assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(ful.Effects))
	// Configurable: treat a status list response like a status inquiry.
	s.StatusListHistory = StatusListHistoryAsInquiry
	polled = applyF1(t, s, recReq(4, StatusAcknowledged, "1"), Event{Kind: EventPolled, Source: SourceStatusList})
	assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(polled.Effects))
	ful = applyF1(t, s, recReq(4, StatusAccepted, "1"), Event{Kind: EventFulfilled, Source: SourceStatusList})
	assert.Empty(t, historyTypes(ful.Effects), "as a status inquiry: no History for fulfilled")
}

func TestStatusSummaryTable(t *testing.T) {
	// §3.3: every letter A..Z the table lists, with its name.
	want := map[Status]string{'A': "Accepted", 'C': "Closed", 'E': "Error", 'F': "Picking", 'G': "Resend Fulfilled",
		'H': "Resend Intransit", 'I': "In Process", 'J': "Rejected", 'K': "Acknowledged", 'L': "Partial Fulfill", 'N': "New",
		'O': "Posted", 'P': "Polled", 'R': "Ready", 'S': "Received by Store", 'T': "In Transit", 'U': "Unfulfillable",
		'V': "In Transit Polled", 'W': "Waiting", 'X': "Completed", 'Y': "Pending Cancel", 'Z': "Canceled"}
	require.Len(t, Summaries(), len(want))
	for s, name := range want {
		sum, ok := s.Summary()
		require.True(t, ok, "%c", s)
		assert.Equal(t, name, sum.Name)
		assert.NotEmpty(t, sum.Description)
	}
	assert.Equal(t, StatusAcknowledged, Status('K'))
	assert.Equal(t, "K (Acknowledged)", StatusAcknowledged.String())
	_, ok := Status('Q').Summary()
	assert.False(t, ok)

	st, err := ParseStatus(" W ")
	require.NoError(t, err)
	assert.Equal(t, StatusWaiting, st)
	_, err = ParseStatus("Q")
	assert.ErrorIs(t, err, ErrUnknownStatus)
	assert.Contains(t, err.Error(), `"Q"`)
}

func TestAuthorizationReversalStatuses_BRK310(t *testing.T) {
	// BRK-310 / §3.4: C, E, U, Y, Z reverse; J only for a pickup order; nothing else.
	for _, s := range Summaries() {
		switch s.Status {
		case StatusClosed, StatusError, StatusUnfulfillable, StatusPendingCancel, StatusCanceled:
			assert.True(t, s.Status.ReversesAuthorization(false), "%v", s.Status)
		case StatusRejected:
			assert.False(t, s.Status.ReversesAuthorization(false))
			assert.True(t, s.Status.ReversesAuthorization(true))
		default:
			assert.False(t, s.Status.ReversesAuthorization(true), "%v", s.Status)
		}
	}
}

func TestFulfillingLocationShown_BRK311(t *testing.T) {
	// BRK-311: no fulfilling location in E, C, Z; U shows K56 (A26, BRK-324).
	for _, s := range []Status{StatusError, StatusClosed, StatusCanceled} {
		assert.False(t, s.ShowsFulfillingLocation())
	}
	assert.True(t, StatusUnfulfillable.ShowsFulfillingLocation())
	assert.True(t, StatusAccepted.ShowsFulfillingLocation())
}

func TestParseOBStatus(t *testing.T) {
	for in, want := range map[string]OBStatus{"new_order": OBNewOrder, " Polled ": OBPolled, "intransit polled": OBIntransitPolled,
		"In Transit": OBIntransit, "FULFILLED": OBFulfilled, "cancelled": OBCanceled, "Partially Fulfilled": OBPartiallyFulfilled} {
		got, err := ParseOBStatus(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	got, err := ParseOBStatus("teleported")
	assert.ErrorIs(t, err, ErrUnknownStatus)
	assert.Equal(t, OBStatus("teleported"), got, "the raw value is kept (§8)")
}

func TestAuthorizationReversedOncePerLine_BRK310(t *testing.T) {
	// BRK-310 / §3.4: the line's authorization is reversed when its record reaches a
	// reversing status; a cancel requested (Y) and then confirmed (Z) reverses once.
	// Found by the broker/brokersim simulation (invAuthorizationReversedAtMostOnce).
	walk := func(f *Flow, s Settings, rec Record, evs ...EventKind) []Status {
		var at []Status
		for _, k := range evs {
			res, err := Engine{Settings: s, Now: fixedClock(t0)}.Apply(f, rec, Event{Kind: k})
			require.NoError(t, err, "%s %s", f.Name, k)
			for _, r := range effectsOf[AuthorizationReversal](res.Effects) {
				at = append(at, r.Status)
			}
			rec = res.Record
		}
		return at
	}
	f1 := recReq(4, StatusAccepted, "55")
	assert.Equal(t, []Status{StatusPendingCancel}, walk(&BrokeredBackorder, Settings{}, f1, EventRequestCanceled, EventCancelConfirmed), "F1.20, F1.21")                // BRK-310
	assert.Equal(t, []Status{StatusPendingCancel}, walk(&BrokeredBackorder, Settings{}, f1, EventRequestCanceled, EventCancelFailed), "F1.20, F1.22")                   // BRK-310
	assert.Equal(t, []Status{StatusPendingCancel}, walk(&StorePickup, f4Settings(), f4Rec(StatusAccepted), EventRequestCanceled, EventCancelConfirmed), "F4.13, F4.14") // BRK-310
	// Z reached from an open status (canceled at the store, F4.11) still reverses.
	assert.Equal(t, []Status{StatusCanceled}, walk(&StorePickup, f4Settings(), f4Rec(StatusAccepted), EventCanceledElsewhere), "F4.11") // BRK-310
}
