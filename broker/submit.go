package broker

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Fixed values of the brokered backorder SubmitOrder (order-broker.md §2.38).
const (
	EmployeeID         = "CWS" // BRK-338
	TransactionChannel = "1"   // BRK-344
	TypeDelivery       = "DELIVERY"
	TypeShipForPickup  = "SHIPFORPICKUP"
	MaxLocationLength  = 10 // BRK-011
)

// SourceID renders the `source` of a request: company (3), order (8) and
// ship-to (3), zero-filled, then five zeros (BRK-330; widths inferred, A6).
func SourceID(k OrderKey) string {
	return fmt.Sprintf("%03d%08d%03d00000", k.Company, k.Order, k.ShipTo)
}

// TransactionNo renders transaction_no: zero-filled order number (8 digits, as
// the samples), "-", zero-filled ship-to (BRK-333).
func TransactionNo(k OrderKey) string { return fmt.Sprintf("%08d-%03d", k.Order, k.ShipTo) }

// OrderID renders order_id: the order number without zero-fill, "-", the
// 3-digit ship-to (BRK-334).
func OrderID(k OrderKey) string { return fmt.Sprintf("%d-%03d", k.Order, k.ShipTo) }

// ItemID renders item_id: the item code padded with spaces so the SKU starts
// at position 13 (BRK-368).
func ItemID(code, sku string) string {
	if sku == "" {
		return code
	}
	return fmt.Sprintf("%-12s%s", code, sku)
}

// FieldError is one problem with an order that stops a SubmitOrder.
type FieldError struct {
	Rule  string // BRK ID
	Field string
	Value string
	Msg   string
}

// ValidationError lists every field problem; it wraps [ErrInvalidInput].
type ValidationError struct {
	Key    OrderKey
	Fields []FieldError
}

// Error implements error.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = fmt.Sprintf("%s %s %q: %s", f.Rule, f.Field, f.Value, f.Msg)
	}
	return fmt.Sprintf("broker: %s: %s", e.Key, strings.Join(parts, "; "))
}

// Unwrap returns [ErrInvalidInput].
func (e *ValidationError) Unwrap() error { return ErrInvalidInput }

// BuildSubmitOrder builds the F1 SubmitOrder for the given line sequence
// numbers of order o (the lines of one request: one line when L56 is
// unselected, all of the order's eligible lines when it is selected,
// BRK-022/BRK-023), per the field mapping of order-broker.md §2.38.
// It refuses an order OB would reject (BRK-009, BRK-010, BRK-011).
func BuildSubmitOrder(o Order, seqs []int, s Settings, now time.Time) (SubmitOrder, error) {
	verr := &ValidationError{Key: o.Key}
	fail := func(rule, field, value, msg string) {
		verr.Fields = append(verr.Fields, FieldError{Rule: rule, Field: field, Value: value, Msg: msg})
	}
	fa := s.FA(o.ShipForPickup)
	n := o.SoldTo.Address.Name
	if (n.First == "" || n.Last == "") && n.Company == "" {
		fail("BRK-009", "sold_to_customer/name", n.First+" "+n.Last, "Invalid Sold To address, missing req: a first and last name, or a company name, is required")
	}
	if strings.TrimSpace(o.ShipTo.Postal) == "" {
		fail("BRK-010", "ship_to/address/postal", o.ShipTo.Postal, "OB rejects a brokered backorder without a postal code")
	}
	so := SubmitOrder{
		Header: MessageHeader{MessageType: "SubmitOrder", XactionResponse: "1", XactionType: "INSERT",
			DateTime: now, Version: s.MessageVersion, Source: SourceID(o.Key), Destination: s.Account},
		TransactionType:          TypeDelivery,
		TransactionNo:            TransactionNo(o.Key),
		OrderID:                  OrderID(o.Key),
		RefTransactionNo:         o.PONumber,
		TransactionDate:          now,
		EmployeeID:               EmployeeID,
		Status:                   OBNewOrder,
		Channel:                  TransactionChannel,
		ShipVia:                  o.ShipVia,
		ShipViaDescription:       o.ShipViaDescription,
		Gift:                     o.Gift,
		SourceCode:               o.SourceCode,
		BalanceDue:               decimal.Zero,
		Currency:                 o.Currency,
		AdditionalFreightCharges: o.AdditionalFreight,
		AdditionalCharges:        o.AdditionalCharges,
		ShipComplete:             o.ShipComplete,
		FreightTax:               o.FreightTaxOverride,
		UnderReview:              s.SendHeldOrders && o.Status == OrderHeld,
		StoreLocation:            Location{Location: s.DefaultLocation, System: s.System},
	}
	if so.Currency == "" {
		so.Currency = s.LocalCurrency
	}
	if o.ShipForPickup && fa && s.SendBackorders {
		so.TransactionType = TypeShipForPickup
	}
	if s.FulfillmentAssignment || so.TransactionType == TypeShipForPickup {
		so.StoreLocation.Location = s.OriginatingLocation
	}
	if len(so.StoreLocation.Location) > MaxLocationLength {
		fail("BRK-011", "store_location@location_cd", so.StoreLocation.Location, "location codes sent to OB are at most 10 characters")
	}
	if o.ShipForPickup && s.versionAtLeast("16.0") {
		sys := o.PickupSystem
		if sys == "" {
			sys = s.POSName
		}
		so.ShipForPickupLocation = &Location{Location: o.PickupStore, System: sys}
		if len(o.PickupStore) > MaxLocationLength {
			fail("BRK-011", "shipforpickup_location@location_cd", o.PickupStore, "location codes sent to OB are at most 10 characters")
		}
	}
	so.SoldTo = SoldTo{CustomerNo: fmt.Sprintf("%09d", o.SoldTo.Number), Address: o.SoldTo.Address}
	if s.SendORCECustomerID && strings.EqualFold(s.ORCECustomerIntegration, "INTERACT") && o.SoldTo.ORCEID != "" {
		so.SoldTo.CustomerNo = o.SoldTo.ORCEID
	}
	for _, m := range o.Messages {
		switch m.Print {
		case 'P', 'B':
			so.OrderMessages = append(so.OrderMessages, m.Text)
		case 'G':
			so.GiftMessages = append(so.GiftMessages, m.Text)
		}
	}
	orderMerch := decimal.Zero
	for _, l := range o.Lines {
		orderMerch = orderMerch.Add(l.UnitPrice.Mul(decimal.NewFromInt(int64(l.Ordered - l.Canceled))))
	}
	lineTax := decimal.Zero
	for _, seq := range seqs {
		i := slices.IndexFunc(o.Lines, func(l OrderLine) bool { return l.Seq == seq })
		if i < 0 {
			fail("BRK-365", "transaction_detail@line_item_no", fmt.Sprint(seq), "no such order line")
			continue
		}
		l := o.Lines[i]
		sl := SubmitLine{
			LineItemNo: l.Seq,
			ItemID:     ItemID(l.Item.Code, l.Item.SKU),
			Qty:        l.Backordered,
			UnitPrice:  l.UnitPrice,
			ShipTo:     o.ShipTo,
			Status:     OBNewOrder,
			GiftWrap:   l.GiftWrap,
			ShipAlone:  l.Item.ShipAlone,
			ShipWeight: l.Item.ShipWeight,
		}
		if !l.ExtendedFreight.IsZero() {
			f := l.ExtendedFreight
			sl.ExtendedFreight = &f
		}
		for _, t := range l.Taxes {
			sl.Taxes = append(sl.Taxes, LineTax{Description: t.Description, LineItemNo: l.Seq, Amount: t.Amount})
			lineTax = lineTax.Add(t.Amount)
		}
		for _, sh := range l.SpecialHandling {
			if !sh.Custom {
				continue // standard special handling is never sent (BRK-030)
			}
			sl.Customizations = append(sl.Customizations, Customization{Code: sh.FieldLabel, Message: sh.Input})
			sl.CustomizationCharge = sl.CustomizationCharge.Add(sh.Charge)
		}
		for _, m := range l.Messages {
			if m.Print == 'P' || m.Print == 'B' {
				sl.Messages = append(sl.Messages, m.Text)
			}
		}
		so.Lines = append(so.Lines, sl)
		so.Subtotal = so.Subtotal.Add(l.UnitPrice.Mul(decimal.NewFromInt(int64(l.Backordered))))
	}
	so.Tax = lineTax
	if !o.OtherTax.IsZero() && orderMerch.IsPositive() {
		so.Tax = so.Tax.Add(o.OtherTax.Mul(so.Subtotal).Div(orderMerch).Round(2))
	}
	so.Total = so.Subtotal.Add(so.Tax)
	if s.SplitOrder {
		f := o.Freight.Add(o.AdditionalCharges)
		so.FreightAmount = &f
		so.Total = so.Total.Add(f)
	}
	if len(verr.Fields) > 0 {
		return SubmitOrder{}, verr
	}
	return so, nil
}

// requestLocation is K51 when L06 is unselected, else the warehouse's OROB
// location (BRK-393, BRK-408, BRK-415).
func requestLocation(s Settings, warehouseLocation string) Location {
	loc := s.DefaultLocation
	if s.SendInventoryByWarehouse && warehouseLocation != "" {
		loc = warehouseLocation
	}
	return Location{Location: loc, System: s.System}
}

// NewStatusRequest builds the order inquiry status request for a record
// (BRK-390..BRK-394).
func NewStatusRequest(rec Record, s Settings, warehouseLocation string, now time.Time) StatusRequest {
	return StatusRequest{
		Header: MessageHeader{MessageType: "StatusRequest", XactionResponse: "?", XactionType: "INSERT",
			DateTime: now, Version: s.MessageVersion, Source: SourceID(rec.Key), Destination: s.Account},
		RequestID:     rec.RequestID,
		StoreLocation: requestLocation(s, warehouseLocation),
	}
}

// NewStatusListRequests builds the status list requests BROKER sends for the
// request IDs, split into chunks of at most the OROB_MAXIMUM_STATUS_LIST_REQUEST_ORDERS
// property and never more than 1000 (BRK-305); location K51 and no
// response_type (BRK-306, BRK-402..BRK-406).
func NewStatusListRequests(requestIDs []string, s Settings, now time.Time) []StatusListRequest {
	limit := s.statusListLimit()
	var out []StatusListRequest
	for start := 0; start < len(requestIDs); start += limit {
		end := min(start+limit, len(requestIDs))
		out = append(out, StatusListRequest{
			Header: MessageHeader{MessageType: "StatusListRequest", XactionResponse: "?", XactionType: "INSERT",
				DateTime: now, Version: s.MessageVersion, Destination: s.Account},
			StoreLocation: Location{Location: s.DefaultLocation, System: s.System},
			RequestIDs:    slices.Clone(requestIDs[start:end]),
		})
	}
	return out
}

// NewCancelUpdate builds the cancel StatusUpdate for the records of one
// request (BRK-408..BRK-410): with L56 selected one item per canceled line,
// found by line_no; otherwise order_status canceled, with the reason of the
// first line canceled applied to every line.
func NewCancelUpdate(reqs []CancelRequest, s Settings, warehouseLocation string, now time.Time) (StatusUpdate, error) {
	if len(reqs) == 0 {
		return StatusUpdate{}, fmt.Errorf("broker: cancel update: no cancel requests: %w", ErrInvalidInput)
	}
	first := reqs[0]
	u := StatusUpdate{
		Header: MessageHeader{MessageType: "StatusUpdate", XactionResponse: "?", XactionType: "INSERT",
			DateTime: now, Version: s.MessageVersion, Source: SourceID(first.Key), Destination: s.Account},
		RequestID:     first.RequestID,
		StoreLocation: requestLocation(s, warehouseLocation),
	}
	for _, r := range reqs[1:] {
		if r.RequestID != first.RequestID {
			return StatusUpdate{}, fmt.Errorf("broker: cancel update: request ID %q differs from %q: %w", r.RequestID, first.RequestID, ErrInvalidInput)
		}
	}
	if s.SplitOrder {
		for _, r := range reqs {
			u.Items = append(u.Items, ItemUpdate{LineNo: r.LineSeq, Status: OBCanceled, ReasonCode: r.ReasonCode, ReasonNote: r.ReasonText})
		}
	} else {
		u.OrderStatus, u.OrderReasonCode, u.OrderReasonNote = OBCanceled, first.ReasonCode, first.ReasonText
	}
	return u, nil
}

// NewUnderReviewUpdate builds the Under Review order update (BRK-415);
// version from OROB_MESSAGE_VERSION (ambiguity A35).
func NewUnderReviewUpdate(u UnderReviewUpdate, s Settings, employee, warehouseLocation string, now time.Time) StatusUpdate {
	ur := u.UnderReview
	return StatusUpdate{
		Header: MessageHeader{MessageType: "StatusUpdate", XactionResponse: "?", XactionType: "INSERT",
			DateTime: now, Version: s.MessageVersion, Source: SourceID(u.Key), Destination: s.Account},
		RequestID:     u.RequestID,
		OrderID:       OrderID(u.Key),
		StoreLocation: requestLocation(s, warehouseLocation),
		UnderReview:   &ur,
		EmployeeID:    employee,
	}
}

// NewFulfillmentsRequests builds the Fulfillments polls (BRK-416, BRK-158):
// one with K51 when L06 is unselected (ambiguity A9), else one per
// warehouse OROB location given.
func NewFulfillmentsRequests(s Settings, warehouseLocations []string, now time.Time) []FulfillmentsRequest {
	h := MessageHeader{MessageType: "Fulfillments", DateTime: now, Version: s.MessageVersion, Source: s.System, Destination: s.Account}
	if !s.SendInventoryByWarehouse {
		return []FulfillmentsRequest{{Header: h, System: s.System, StoreLocation: Location{Location: s.DefaultLocation, System: s.System}}}
	}
	var out []FulfillmentsRequest
	for _, loc := range warehouseLocations {
		if loc == "" {
			continue
		}
		out = append(out, FulfillmentsRequest{Header: h, System: s.System, StoreLocation: Location{Location: loc, System: s.System}})
	}
	return out
}
