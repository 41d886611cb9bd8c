package broker

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// SubmitOutcomeEvent turns the answer to a ship-for-pickup (F2) or store
// pickup (F4) SubmitOrder into the flow's event:
//   - no answer, or an answer that could not be read (the message may have
//     arrived): [EventSubmitUnavailable] (F2.03, F4.02);
//   - OB error 2040 Duplicate Order/line: the earlier SubmitOrder arrived,
//     so [EventSubmitAcknowledged] (as F1.08, BRK-063);
//   - any other error response: [EventSubmitError] with the code and text
//     (F2.04, F4.04);
//   - response code 0: [EventSubmitAcknowledged] with the request ID and the
//     first fulfilling location (F2.05, F4.01, F4.03).
//
// A transport timeout (the client's own deadline) is "no answer". The
// caller's cancellation is not an answer at all: SubmitPickupOrder checks
// its context before calling this.
func SubmitOutcomeEvent(resp SubmitOrderResponse, err error) (Event, error) {
	ev := Event{Source: SourceSubmitResponse, RequestID: strings.TrimSpace(resp.RequestID), Response: "submit " + strings.TrimSpace(resp.RequestID)}
	var rej *RejectedError
	switch {
	case errors.As(err, &rej):
		if rej.Code == DuplicateOrderCode {
			ev.Kind = EventSubmitAcknowledged
			return ev, nil
		}
		ev.Kind, ev.ErrorCode, ev.ErrorText = EventSubmitError, rej.Code, rej.Description
		return ev, nil
	case err != nil:
		ev.Kind, ev.ErrorText = EventSubmitUnavailable, err.Error()
		return ev, nil
	case resp.ResponseCode == DuplicateOrderCode:
		ev.Kind = EventSubmitAcknowledged
		return ev, nil
	case !resp.OK():
		ev.Kind, ev.ErrorCode, ev.ErrorText = EventSubmitError, resp.ResponseCode, resp.ResponseDescription
		return ev, nil
	}
	ev.Kind = EventSubmitAcknowledged
	if len(resp.Fulfillments) > 0 {
		ev.FulfillingLocation, ev.FulfillingSystem = strings.TrimSpace(resp.Fulfillments[0].Location.Location), strings.TrimSpace(resp.Fulfillments[0].Location.System)
	}
	return ev, nil
}

// SubmitPickupOrder sends the SubmitOrder of a ship-for-pickup pick slip
// (flow F2, records in I) or of a store pickup order (flow F4, records not
// yet created or in R) and applies the answer to every record of the
// request. It returns the results for the host to persist in one
// transaction, with the answer's event; it writes nothing itself.
func SubmitPickupOrder(ctx context.Context, t Transport, eng Engine, f *Flow, recs []Record, msg SubmitOrder) ([]Result, Event, error) {
	if t == nil || f == nil || len(recs) == 0 {
		return nil, Event{}, fmt.Errorf("broker: submit pickup order: transport, flow and records are required: %w", ErrInvalidInput)
	}
	resp, err := t.SubmitOrder(ctx, msg)
	if cerr := ctx.Err(); cerr != nil {
		// The caller gave up: nothing is decided, the records stay as
		// they are and the submission is made again later.
		return nil, Event{}, fmt.Errorf("broker: submit %s order %s: %w", f.Name, msg.OrderID, cerr)
	}
	ev, err := SubmitOutcomeEvent(resp, err)
	if err != nil {
		return nil, Event{}, fmt.Errorf("broker: submit %s order %s: %w", f.Name, msg.OrderID, err)
	}
	ev.Held = msg.UnderReview // BRK-272: the record keeps whether it went Under Review
	out := make([]Result, 0, len(recs))
	for _, r := range recs {
		res, err := eng.Apply(f, r, ev)
		if err != nil {
			return nil, ev, err
		}
		out = append(out, res)
	}
	return OncePerOrder(out), ev, nil
}
