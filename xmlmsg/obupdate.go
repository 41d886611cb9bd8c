package xmlmsg

import (
	"context"
	"io"
)

// StatusUpdate is the order status update request (OMS → OB): a cancel of a
// brokered backorder or store pickup, a status change of a retail pickup,
// delivery or ship-for-pickup order, or an order update
// (message-formats.md §7.6, order-broker.md §2.41, BRK-408 to BRK-415). An
// order update changing Under Review carries order/@under_review and no
// status.
type StatusUpdate struct {
	Envelope OBEnvelope
	Header   OBHeader
	Order    OBUpdateOrder
}

// OBUpdateOrder is status_update_request_message/message_body/order. With
// split orders the lines carry the status (BRK-409, BRK-414); otherwise
// OrderStatus applies to every line (BRK-410).
type OBUpdateOrder struct {
	RequestID   string   // @request_id, required
	OrderID     string   // @order_id
	OrderStatus OBStatus // @order_status
	ReasonCode  string   // @order_status_reason_code
	ReasonNote  string   // @order_status_reason_note
	// UnderReview is @under_review, Y or N, of the Under Review order update
	// (BRK-098, BRK-415). The chapter's sample shows no such field
	// (ambiguity A23); the name is the status response's order attribute
	// (BRK-401) *(inferred)*.
	UnderReview   string
	EmployeeID    string
	StoreLocation OBLocation // BRK-408, BRK-411
	Items         []OBUpdateItem
}

// OBUpdateItem is one items/item of a StatusUpdate.
type OBUpdateItem struct {
	ItemID                 OBItemID
	ItemQty                int
	ShippingAgent          string // BRK-412 (ambiguity A14: code or description, carried as given)
	TrackingNumber         string // BRK-412
	ItemStatus             OBStatus
	FulfillingLocationCd   string
	FulfillingSystemCd     string
	LineNo                 int // identifies the line when orders are split (BRK-409)
	RequestingSystemLineNo int
	StatusDate             OBDateTime
	ReasonCode             string // @item_status_reason_code
	ReasonNote             string // @item_status_reason_note
}

var obStatusUpdateKind = obKind{root: "StatusUpdate", inner: []string{"status_update_request_message"}, request: true}

type obWireStatusUpdateBody struct {
	Order struct {
		RequestID     string     `xml:"request_id,attr"`
		OrderID       string     `xml:"order_id,attr"`
		OrderStatus   string     `xml:"order_status,attr"`
		ReasonCode    string     `xml:"order_status_reason_code,attr"`
		ReasonNote    string     `xml:"order_status_reason_note,attr"`
		UnderReview   string     `xml:"under_review,attr,omitempty"`
		EmployeeID    string     `xml:"employee_id"`
		StoreLocation OBLocation `xml:"store_location"`
		Items         struct {
			Item []obWireUpdateItem `xml:"item"`
		} `xml:"items"`
	} `xml:"order"`
}

type obWireUpdateItem struct {
	ItemID                 string `xml:"item_id,attr"`
	ItemQty                string `xml:"item_qty,attr"`
	ShippingAgent          string `xml:"shipping_agent,attr"`
	TrackingNumber         string `xml:"tracking_number,attr"`
	ItemStatus             string `xml:"item_status,attr"`
	FulfillingLocationCd   string `xml:"fulfilling_location_cd,attr"`
	FulfillingSystemCd     string `xml:"fulfilling_system_cd,attr"`
	LineNo                 string `xml:"line_no,attr"`
	RequestingSystemLineNo string `xml:"requesting_system_line_no,attr"`
	StatusDate             string `xml:"status_date,attr"`
	ReasonCode             string `xml:"item_status_reason_code,attr"`
	ReasonNote             string `xml:"item_status_reason_note,attr"`
}

func obConvStatusUpdate(v *obValidator, env OBEnvelope, h OBHeader, b *obWireStatusUpdateBody) *StatusUpdate {
	o := &b.Order
	m := &StatusUpdate{Envelope: env, Header: h, Order: OBUpdateOrder{
		RequestID: o.RequestID, OrderID: o.OrderID, OrderStatus: OBStatus(o.OrderStatus),
		ReasonCode: o.ReasonCode, ReasonNote: o.ReasonNote, UnderReview: o.UnderReview, EmployeeID: o.EmployeeID, StoreLocation: o.StoreLocation,
	}}
	for i := range o.Items.Item {
		w := &o.Items.Item[i]
		p := obAt("order/items/item", i)
		m.Order.Items = append(m.Order.Items, OBUpdateItem{
			ItemID:                 ParseOBItemID(w.ItemID),
			ItemQty:                v.integer(p.f("@item_qty"), w.ItemQty),
			ShippingAgent:          w.ShippingAgent,
			TrackingNumber:         w.TrackingNumber,
			ItemStatus:             OBStatus(w.ItemStatus),
			FulfillingLocationCd:   w.FulfillingLocationCd,
			FulfillingSystemCd:     w.FulfillingSystemCd,
			LineNo:                 v.integer(p.f("@line_no"), w.LineNo),
			RequestingSystemLineNo: v.integer(p.f("@requesting_system_line_no"), w.RequestingSystemLineNo),
			StatusDate:             v.datetime(p.f("@status_date"), w.StatusDate),
			ReasonCode:             w.ReasonCode,
			ReasonNote:             w.ReasonNote,
		})
	}
	return m
}

func obCheckStatusUpdate(v *obValidator, m *StatusUpdate) {
	o := &m.Order
	v.required(obF("order/@request_id"), o.RequestID)
	v.numericID(obF("order/@request_id"), o.RequestID)
	v.status(obF("order/@order_status"), o.OrderStatus)
	v.location(obF("order/store_location/@location_cd"), o.StoreLocation.LocationCd)
	v.required(obF("order/store_location/@system_cd"), o.StoreLocation.SystemCd)
	v.yn(obF("order/@under_review"), o.UnderReview)
	// An order update changing Under Review carries no status (BRK-415).
	anyStatus := o.OrderStatus != "" || o.UnderReview != ""
	for i := range o.Items {
		p := obAt("order/items/item", i)
		v.status(p.f("@item_status"), o.Items[i].ItemStatus)
		anyStatus = anyStatus || o.Items[i].ItemStatus != ""
	}
	if !anyStatus {
		v.add(obF("order/@order_status"), "", RuleRequired, "an order_status, an item_status on some item, or under_review")
	}
}

// DecodeStatusUpdate reads and decodes a StatusUpdate; see DecodeSubmitOrder
// for the limit and the errors.
func DecodeStatusUpdate(ctx context.Context, r io.Reader, opts OBOptions) (*StatusUpdate, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeStatusUpdateBytes(data, opts)
}

// DecodeStatusUpdateBytes decodes and validates a StatusUpdate.
func DecodeStatusUpdateBytes(data []byte, opts OBOptions) (*StatusUpdate, error) {
	return obDecode(obStatusUpdateKind, data, opts, (*xdec).decObWireStatusUpdateBody, obConvStatusUpdate, trimStatusUpdate, obCheckStatusUpdate)
}

// Validate checks m with the rules the decoder applies.
func (m *StatusUpdate) Validate() error {
	if m == nil {
		return obValidate[StatusUpdate](obStatusUpdateKind, nil, OBHeader{}, obCheckStatusUpdate)
	}
	return obValidate(obStatusUpdateKind, m, m.Header, obCheckStatusUpdate)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *StatusUpdate) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var b obWireStatusUpdateBody
	o, w := &m.Order, &b.Order
	w.RequestID, w.OrderID, w.OrderStatus = o.RequestID, o.OrderID, string(o.OrderStatus)
	w.ReasonCode, w.ReasonNote, w.UnderReview, w.EmployeeID, w.StoreLocation = o.ReasonCode, o.ReasonNote, o.UnderReview, o.EmployeeID, o.StoreLocation
	for _, it := range o.Items {
		w.Items.Item = append(w.Items.Item, obWireUpdateItem{
			ItemID:                 it.ItemID.wire(),
			ItemQty:                obInt(it.ItemQty),
			ShippingAgent:          it.ShippingAgent,
			TrackingNumber:         it.TrackingNumber,
			ItemStatus:             string(it.ItemStatus),
			FulfillingLocationCd:   it.FulfillingLocationCd,
			FulfillingSystemCd:     it.FulfillingSystemCd,
			LineNo:                 obInt(it.LineNo),
			RequestingSystemLineNo: obInt(it.RequestingSystemLineNo),
			StatusDate:             it.StatusDate.String(),
			ReasonCode:             it.ReasonCode,
			ReasonNote:             it.ReasonNote,
		})
	}
	return obEncode(obStatusUpdateKind, m.Envelope, obWireHeaderOf(obStatusUpdateKind, m.Header), b)
}
