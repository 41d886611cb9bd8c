package broker

import (
	"errors"
	"fmt"
	"strings"
)

// SubmitResponseEvents turns a SubmitOrderResponse into one event per record
// of the request (§2.5, §2.39). Records are matched by
// requesting_system_line_no = LineSeq (BRK-389). The outcome is:
//   - an error response: [EventDuplicateOrder] for code 2040 (BRK-063),
//     else [EventSubmitError] (BRK-062);
//   - every location of a line equal to K56: [EventUnfulfillable] (BRK-059);
//   - one fulfilling location in the whole response: [EventAckOneLocation]
//     (BRK-057);
//   - several, or none given: [EventAckSeveralLocations], which asks for a
//     status inquiry (BRK-058).
//
// A fulfillment detail naming a line no record has is reported with an error
// wrapping [ErrUnknownRequest]; the events for the other records are still
// returned.
func SubmitResponseEvents(resp SubmitOrderResponse, recs []Record, s Settings) (map[int]Event, error) {
	out := make(map[int]Event, len(recs))
	base := Event{Source: SourceSubmitResponse, RequestID: resp.RequestID, Response: "submit " + resp.RequestID}
	if !resp.OK() {
		base.ErrorCode, base.ErrorText = resp.ResponseCode, resp.ResponseDescription
		base.Kind = EventSubmitError
		if resp.ResponseCode == DuplicateOrderCode {
			base.Kind = EventDuplicateOrder
		}
		for _, r := range recs {
			out[r.LineSeq] = base
		}
		return out, nil
	}
	bySeq := map[int][]FulfillmentDetail{}
	locations := map[Location]bool{}
	var errs []error
	known := map[int]bool{}
	for _, r := range recs {
		known[r.LineSeq] = true
	}
	for _, d := range resp.Fulfillments {
		if !known[d.RequestingLine] {
			errs = append(errs, fmt.Errorf("broker: submit response %s: requesting_system_line_no %d matches no record: %w", resp.RequestID, d.RequestingLine, ErrUnknownRequest))
			continue
		}
		bySeq[d.RequestingLine] = append(bySeq[d.RequestingLine], d)
		if !isUnfulfillable(d.Location.Location, s) {
			locations[d.Location] = true
		}
	}
	for _, r := range recs {
		ev := base
		ds := bySeq[r.LineSeq]
		switch {
		case len(ds) > 0 && allUnfulfillable(ds, s):
			ev.Kind, ev.FulfillingLocation, ev.FulfillingSystem = EventUnfulfillable, ds[0].Location.Location, ds[0].Location.System
		case len(locations) == 1 && len(ds) > 0:
			ev.Kind, ev.FulfillingLocation, ev.FulfillingSystem = EventAckOneLocation, ds[0].Location.Location, ds[0].Location.System
		default:
			ev.Kind = EventAckSeveralLocations
		}
		out[r.LineSeq] = ev
	}
	return out, errors.Join(errs...)
}

func isUnfulfillable(loc string, s Settings) bool {
	return s.UnfulfillableLocation != "" && strings.TrimSpace(loc) == s.UnfulfillableLocation
}

func allUnfulfillable(ds []FulfillmentDetail, s Settings) bool {
	for _, d := range ds {
		if !isUnfulfillable(d.Location.Location, s) {
			return false
		}
	}
	return true
}

// ItemEvent turns one item of a status (list) response into the event for
// rec (§2.7, §3.1, §4.1). The fulfilling location K56 means unfulfillable
// (BRK-012, BRK-059, ambiguity A2); new_order at an OMS location (system K50)
// for an acknowledged record means OB assigned an OMS warehouse (F1.25). An
// unknown OB status word returns an error wrapping [ErrUnknownStatus].
func ItemEvent(rec Record, it ItemStatus, orderStatus string, s Settings, src Source, response string) (Event, error) {
	word := it.Status
	if strings.TrimSpace(word) == "" {
		word = orderStatus
	}
	ev := Event{Source: src, OBStatus: strings.TrimSpace(word), Response: response, RequestID: rec.RequestID,
		FulfillingLocation: strings.TrimSpace(it.Fulfilling.Location), FulfillingSystem: strings.TrimSpace(it.Fulfilling.System),
		ShippingAgent: strings.TrimSpace(it.ShippingAgent), TrackingNumber: strings.TrimSpace(it.TrackingNumber), ShipmentDate: it.ShipmentDate}
	if ev.ShipmentDate.IsZero() {
		// Before version 19.0 OB passes no shipment_date; the status date is
		// when the line became fulfilled in OB (BRK-006).
		ev.ShipmentDate = it.StatusDate
	}
	st, err := ParseOBStatus(word)
	if err != nil {
		return ev, fmt.Errorf("broker: %s request %s: item_status: %w", rec.Label(), rec.RequestID, err)
	}
	if isUnfulfillable(ev.FulfillingLocation, s) && st != OBFulfilled && st != OBCanceled {
		ev.Kind = EventUnfulfillable
		return ev, nil
	}
	switch st {
	case OBNewOrder:
		ev.Kind = EventNewOrder
		// F1.25 is a brokered backorder's row: a ship-for-pickup order (F2)
		// is at the OMS warehouse from its submission on (BRK-134), and a
		// received order (F3) at the OMS location OB assigned it to, so
		// new_order there is only an earlier word (F2.x1, F3.x1).
		if s.System != "" && ev.FulfillingSystem == s.System && rec.Status != StatusWaiting && rec.Flow != ShipForPickup.Name && rec.Flow != ReceivedFromBroker.Name {
			ev.Kind = EventOMSWarehouseAssigned
		}
	case OBPolled:
		ev.Kind = EventPolled
	case OBAccepted:
		ev.Kind = EventAccepted
	case OBPicked:
		ev.Kind = EventPicked
	case OBPosted:
		ev.Kind = EventPosted
	case OBRejected:
		ev.Kind = EventRejected
	case OBUnfulfillable:
		ev.Kind = EventUnfulfillable
	case OBIntransit:
		ev.Kind = EventIntransit
	case OBIntransitPolled:
		ev.Kind = EventIntransitPolled
	case OBReceived:
		ev.Kind = EventReceived
	case OBPartiallyFulfilled:
		ev.Kind = EventPartiallyFulfilled
	case OBFulfilled:
		ev.Kind = EventFulfilled
	case OBCanceled:
		ev.Kind = EventCanceledElsewhere
	default:
		return ev, fmt.Errorf("broker: %s request %s: OB status %q has no meaning for flow %s: %w", rec.Label(), rec.RequestID, word, rec.Flow, ErrUnknownStatus)
	}
	return ev, nil
}

// MatchItems pairs the items of one order report with the records of its
// request ID: by requesting_system_line_no, or, when the report has a single
// item without one and the request has a single record, that record. Items
// that match no record come back in the error (wrapping [ErrUnknownRequest]).
func MatchItems(rep OrderStatusReport, recs []Record) (map[int]ItemStatus, error) {
	out, unmatched := matchItems(rep, recs)
	if len(unmatched) == 0 {
		return out, nil
	}
	return out, unmatchedError(rep.RequestID, unmatched)
}

// matchItems is [MatchItems] returning the items that match no record.
func matchItems(rep OrderStatusReport, recs []Record) (map[int]ItemStatus, []ItemStatus) {
	if len(recs) > 0 && recs[0].Flow == ReceivedFromBroker.Name {
		return matchReceivedItems(rep, recs)
	}
	if len(recs) == 1 && len(rep.Items) == 1 && (rep.Items[0].RequestingLine == recs[0].LineSeq || rep.Items[0].RequestingLine == 0) {
		return map[int]ItemStatus{recs[0].LineSeq: rep.Items[0]}, nil // the common case: one line per request
	}
	out := map[int]ItemStatus{}
	bySeq := map[int]bool{}
	for _, r := range recs {
		bySeq[r.LineSeq] = true
	}
	items := rep.Items
	if len(items) == 0 && rep.OrderStatus != "" {
		// order-level status only: it applies to every line (BRK-414 read back).
		for _, r := range recs {
			out[r.LineSeq] = ItemStatus{Status: rep.OrderStatus}
		}
		return out, nil
	}
	var unmatched []ItemStatus
	for _, it := range items {
		switch {
		case bySeq[it.RequestingLine]:
			out[it.RequestingLine] = it
		case it.RequestingLine == 0 && len(items) == 1 && len(recs) == 1:
			out[recs[0].LineSeq] = it
		default:
			unmatched = append(unmatched, it)
		}
	}
	return out, unmatched
}

// matchReceivedItems matches the items of a received order (F3) by OB's
// line_no: its records are OB's lines of the fulfilling order, while
// requesting_system_line_no is the line in the originating system
// (BRK-195); the status updates OMS sends name the same line_no (BRK-409).
func matchReceivedItems(rep OrderStatusReport, recs []Record) (map[int]ItemStatus, []ItemStatus) {
	out := map[int]ItemStatus{}
	if len(rep.Items) == 0 && rep.OrderStatus != "" {
		for _, r := range recs {
			out[r.LineSeq] = ItemStatus{Status: rep.OrderStatus}
		}
		return out, nil
	}
	bySeq := map[int]bool{}
	for _, r := range recs {
		bySeq[r.LineSeq] = true
	}
	var unmatched []ItemStatus
	for _, it := range rep.Items {
		switch {
		case bySeq[it.LineNo]:
			out[it.LineNo] = it
		case it.LineNo == 0 && len(rep.Items) == 1 && len(recs) == 1:
			out[recs[0].LineSeq] = it
		default:
			unmatched = append(unmatched, it)
		}
	}
	return out, unmatched
}

func unmatchedError(requestID string, items []ItemStatus) error {
	errs := make([]error, len(items))
	for i, it := range items {
		errs[i] = fmt.Errorf("broker: request %s: item line %d matches no record: %w", requestID, it.RequestingLine, ErrUnknownRequest)
	}
	return errors.Join(errs...)
}
