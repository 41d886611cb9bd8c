package broker

import "time"

// StatusChange is a status OMS reports to OB for an order it fulfils (F2,
// F3 and fulfilling orders), the input of [NewStatusUpdate].
type StatusChange struct {
	Key       OrderKey
	RequestID string
	// LineSeqs are the lines changed (item-level update with L56).
	LineSeqs []int
	Status   OBStatus
	// ShippingAgent and TrackingNumber go with shipments, never with a
	// cancellation (BRK-412). The agent is passed as given (ambiguity A14).
	ShippingAgent  string
	TrackingNumber string
	// ReasonCode and ReasonNote go with a cancellation or a rejection (BRK-413, BRK-239).
	ReasonCode string
	ReasonNote string
	// WarehouseLocation is the order's warehouse OROB location (L06).
	WarehouseLocation string
}

// NewStatusUpdate builds the StatusUpdate for retail pickup, delivery,
// ship-for-pickup and fulfilling orders (BRK-411..BRK-414): the OB status
// word, K49 as destination, K51 or the warehouse location; item level when
// L56 is selected, order level otherwise.
func NewStatusUpdate(c StatusChange, s Settings, now time.Time) StatusUpdate {
	u := StatusUpdate{
		Header: MessageHeader{MessageType: "StatusUpdate", XactionResponse: "?", XactionType: "INSERT",
			DateTime: now, Version: s.MessageVersion, Source: SourceID(c.Key), Destination: s.Account},
		RequestID:     c.RequestID,
		StoreLocation: requestLocation(s, c.WarehouseLocation),
	}
	agent, track, code, note := c.ShippingAgent, c.TrackingNumber, "", ""
	if c.Status == OBCanceled || c.Status == OBRejected {
		// A cancellation, or the rejection of a canceled retail pickup or
		// delivery order, carries the cancel reason and no shipment data
		// (BRK-239, BRK-412, BRK-413).
		agent, track, code, note = "", "", c.ReasonCode, c.ReasonNote
	}
	if s.SplitOrder {
		for _, seq := range c.LineSeqs {
			u.Items = append(u.Items, ItemUpdate{LineNo: seq, Status: c.Status, ReasonCode: code, ReasonNote: note, ShippingAgent: agent, TrackingNumber: track})
		}
		return u
	}
	u.OrderStatus, u.OrderReasonCode, u.OrderReasonNote = c.Status, code, note
	u.ShippingAgent, u.TrackingNumber = agent, track
	return u
}

// EventUpdateConfirmed is the event a flow receives when OB answered a
// resent status update (records in G or H, BRK-317). F1 has no such row;
// the F2/F3 tables define where G and H go.
const EventUpdateConfirmed EventKind = "status update confirmed"

// resendStatus is the OB status a G or H record resends (§3.3, BRK-317).
func resendStatus(s Status) (OBStatus, bool) {
	switch s {
	case StatusResendFulfilled:
		return OBFulfilled, true
	case StatusResendIntransit:
		return OBIntransit, true
	}
	return "", false
}
