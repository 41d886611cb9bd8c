package order

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/redact"
)

// Response is the content of the CWORDEROUT the message asked for (ORD-055):
// the Order Acknowledgement (A) carries the header only; the Detailed Order
// Response (D, E) adds totals, ship-tos, lines and payments, and for E the
// errors. Encoding it as XML is xmlmsg's job.
type Response struct {
	Type ResponseType

	CompanyCode          string
	OrderID              string // Order.Number when assigned, else the uuid; rdc_order_nbr of a payment-only message
	ReferenceOrderNumber string // the inbound order_number
	CustomerNumber       string
	AlternateSoldToID    string
	BillToNumber         string
	OrderDate            time.Time
	OrderChannel         string
	Status               Status

	// TotalsFinal is true when the totals come from a completed interactive
	// order edit (I56 = Y); false means they are preliminary (ORD-007).
	TotalsFinal bool
	Totals      *Totals // D and E only
	ShipTos     []ResponseShipTo
	Payments    []ResponsePayment
	Errors      []ResponseError // E only
	Promotions  []Promotion     // D and E, only when U209 is on (ORD-074)
}

// ResponseShipTo is one ship-to of a detailed response.
type ResponseShipTo struct {
	ShipVia string
	Lines   []ResponseLine
}

// ResponseLine is one line of a detailed response.
type ResponseLine struct {
	Seq      int
	Item     string
	SKU      string
	Quantity int
	// Price is invalid for the J72 pre-billed amount line, whose amount the
	// response does not show (ORD-090).
	Price  decimal.NullDecimal
	Status string
	Future bool
}

// ResponsePayment is one payment of a detailed response; the card number is
// masked to its last four digits.
type ResponsePayment struct {
	Seq        int
	PayType    string
	CardMasked string
	Amount     decimal.Decimal
}

// ResponseError is one error listed in an E response.
type ResponseError struct {
	Level     Level
	Path      string
	Attribute string // the attribute in error, e.g. "item_id"
	Value     string // the value as received; a cc_number value is masked to its last four digits
	Reason    string
	Rule      string
}

// BuildResponse builds the response a result asks for, or nil for N
// (ORD-008, ORD-055). With I56 = N the totals are marked preliminary and no
// order-edit errors are listed, because the edit is the batch edit's job
// (ORD-007, ORD-059).
func BuildResponse(res Result, s Settings) *Response {
	o := res.Order
	t := o.ResponseType
	if t == "" || t == ResponseNone || !t.Valid() {
		return nil
	}
	id := o.ID.String()
	if o.Number > 0 {
		id = strconv.Itoa(o.Number)
	}
	// The response and its totals in one allocation.
	rt := &struct {
		r Response
		t Totals
	}{r: Response{Type: t, CompanyCode: o.CompanyCode, OrderID: id, ReferenceOrderNumber: o.OrderNumber,
		CustomerNumber: o.CustomerNbr, AlternateSoldToID: o.AltSoldToID, BillToNumber: o.BillTo,
		OrderDate: o.OrderDate, OrderChannel: o.OrderChannel, Status: o.Status}}
	r := &rt.r
	r.TotalsFinal = s.PerformEditInteractively && res.EditRan
	if t == ResponseAcknowledgement {
		return r
	}
	rt.t = o.Totals
	r.Totals = &rt.t
	if len(o.ShipTos) > 0 {
		r.ShipTos = make([]ResponseShipTo, 0, len(o.ShipTos))
	}
	for _, st := range o.ShipTos {
		rs := ResponseShipTo{ShipVia: st.ShipVia}
		if len(st.Lines) > 0 {
			rs.Lines = make([]ResponseLine, 0, len(st.Lines))
		}
		for _, l := range st.Lines {
			rl := ResponseLine{Seq: l.Seq, Quantity: l.Quantity, Status: l.Status, Future: l.Future, Price: decimal.NewNullDecimal(l.Price)}
			if l.Item != nil {
				rl.Item, rl.SKU = l.Item.Number, l.Item.SKU
			} else {
				rl.Item, rl.SKU = l.ItemID, l.SKU
			}
			if s.PreBilledAmountItem != "" && rl.Item == s.PreBilledAmountItem && l.Component {
				rl.Price = decimal.NullDecimal{}
			}
			rs.Lines = append(rs.Lines, rl)
		}
		r.ShipTos = append(r.ShipTos, rs)
	}
	if len(o.Payments) > 0 {
		r.Payments = make([]ResponsePayment, 0, len(o.Payments))
	}
	for _, p := range o.Payments {
		r.Payments = append(r.Payments, ResponsePayment{Seq: p.Seq, PayType: p.PayType, CardMasked: redact.Card(p.CardNumber), Amount: p.Amount})
	}
	if t == ResponseDetailedWithErrors && s.PerformEditInteractively {
		for _, fe := range res.Errors {
			v := fe.Value
			if fe.Attribute == "cc_number" {
				v = redact.Card(v)
			}
			r.Errors = append(r.Errors, ResponseError{Level: fe.Level, Path: fe.Path, Attribute: fe.Attribute, Value: v, Reason: fe.Reason, Rule: fe.Rule})
		}
	}
	if s.IncludePromotionInResponse {
		r.Promotions = res.Promotions
	}
	return r
}
