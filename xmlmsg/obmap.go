package xmlmsg

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
)

// Mapping between the Order Broker wire structs of this package and the
// domain messages of package broker (order-broker.md §2.38–§2.42). Each
// message has both directions: OMS uses the request mappings to encode and
// the response mappings to read what OB answered; the simulator in
// broker/brokertest uses the other two.
//
// A nil receiver maps to the zero domain value (never a panic).
//
// Documented differences (the domain does not carry these, so a round trip
// through the domain does not restore them):
//   - The envelope: a mapped request has the zero OBEnvelope (prefix ns2,
//     namespace http://retail.com/Locate); the brokered backorder sample uses
//     http://microsretail.com/Locate (ambiguity A22; decoders match local
//     names, so OB accepts either).
//   - Datetimes are wall-clock times without zone: a domain time is written
//     in its own location's wall clock, as date-time with seconds for
//     requests and with milliseconds for responses; decoded times are UTC.
//   - An absent freight_amount (nil, L56 unselected, BRK-055) and an absent
//     order_line_extended_freight are written as 0, because the wire struct
//     always writes the element; read back they are nil when zero.
//   - Several order_message / order_line_message lines are joined with "\n",
//     gift_message lines with "\r" (the encoded carriage return of BRK-356).
//   - The Under Review order update (BRK-415) has no known wire field (the
//     sample shows none, ambiguity A23): StatusUpdate.UnderReview travels as
//     order/@under_review (Y/N), the name of the status response's order
//     attribute (BRK-401) *(inferred)*.
//   - A status update's order-level shipping agent and tracking number
//     (BRK-412) travel on one item that repeats the order status, without a
//     line number, because the wire order element has no such attributes.
//   - Responses carry only the identifying and status fields the domain
//     models (the amounts, sold-to and ship-to of a status response are not
//     mapped, BRK-396).

// ---- shared pieces ----

func obTimeOf(t time.Time, form OBDateForm) OBDateTime {
	if t.IsZero() {
		return OBDateTime{}
	}
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	if form == OBDateTimeMillis {
		wall = wall.Add(time.Duration(t.Nanosecond()/int(time.Millisecond)) * time.Millisecond)
	}
	if form == OBDateOnly {
		wall = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return OBDateTime{Time: wall, Form: form}
}

func obHeaderOf(h broker.MessageHeader, form OBDateForm) OBHeader {
	return OBHeader{
		MessageType:     h.MessageType,
		XactionType:     h.XactionType,
		XactionResponse: h.XactionResponse,
		DateTime:        obTimeOf(h.DateTime, form),
		Version:         OBVersion(h.Version),
		Source:          h.Source,
		Destination:     h.Destination,
	}
}

func (h OBHeader) broker() broker.MessageHeader {
	return broker.MessageHeader{
		MessageType:     h.MessageType,
		XactionResponse: h.XactionResponse,
		XactionType:     h.XactionType,
		DateTime:        h.DateTime.Time,
		Version:         string(h.Version),
		Source:          h.Source,
		Destination:     h.Destination,
	}
}

func obYN(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

func obLocationOf(l broker.Location) OBLocation {
	return OBLocation{LocationCd: l.Location, SystemCd: l.System}
}

func (l OBLocation) broker() broker.Location {
	return broker.Location{Location: l.LocationCd, System: l.SystemCd}
}

func obNameOf(n broker.Name) OBName {
	return OBName{CompanyName: n.Company, Prefix: n.Prefix, First: n.First, Middle: n.Middle, Last: n.Last, Suffix: n.Suffix}
}

func (n OBName) broker() broker.Name {
	return broker.Name{Company: n.CompanyName, Prefix: n.Prefix, First: n.First, Middle: n.Middle, Last: n.Last, Suffix: n.Suffix}
}

// obPartyOf writes a domain address in the name + address layout of
// sold_to_customer and ship_to (BRK-359, BRK-360, BRK-371): apt is the
// apartment, phone1 the day phone, phone2 the evening phone.
func obPartyOf(a broker.Address) OBParty {
	return OBParty{Name: obNameOf(a.Name), Address: OBAddress{
		Attention: a.Attention, Address1: a.Address1, Address2: a.Address2, Address3: a.Address3, Address4: a.Address4,
		Apt: a.Apartment, City: a.City, Province: a.Province, Postal: a.Postal, Email: a.Email,
		Phone1: a.DayPhone, Phone2: a.EveningPhone, Country: a.Country,
	}}
}

func (p OBParty) broker() broker.Address {
	a := p.Address
	return broker.Address{Name: p.Name.broker(), Attention: a.Attention,
		Address1: a.Address1, Address2: a.Address2, Address3: a.Address3, Address4: a.Address4,
		Apartment: a.Apt, City: a.City, Province: a.Province, Postal: a.Postal, Country: a.Country,
		Email: a.Email, DayPhone: a.Phone1, EveningPhone: a.Phone2}
}

// obItemIDString renders a parsed item_id in the domain form
// (broker.ItemID): the item padded to 12 characters, then the SKU.
func obItemIDString(id OBItemID) string { return broker.ItemID(id.Item, id.SKU) }

func obLines(s string, sep string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, sep)
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func obDecimalPtr(d decimal.Decimal) *decimal.Decimal {
	if d.IsZero() {
		return nil
	}
	return &d
}

func obDecimalOr0(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Decimal{}
	}
	return *d
}

// ---- SubmitOrder ----

// SubmitOrderFromBroker maps a domain SubmitOrder (built by
// broker.BuildSubmitOrder) to the wire struct, ready for Encode
// (order-broker.md §2.38, BRK-327 to BRK-383).
func SubmitOrderFromBroker(b broker.SubmitOrder) *SubmitOrder {
	t := OBSubmitTransaction{
		TransactionTypeID:        OBTransactionType(b.TransactionType),
		TransactionNo:            b.TransactionNo,
		RequestID:                b.RequestID,
		OrderID:                  b.OrderID,
		RefTransactionNo:         b.RefTransactionNo,
		TransactionDate:          obTimeOf(b.TransactionDate, OBDateTimeSeconds),
		EmployeeID:               b.EmployeeID,
		Subtotal:                 b.Subtotal,
		Tax:                      b.Tax,
		Total:                    b.Total,
		TransactionStatus:        OBStatus(b.Status),
		TransactionChannel:       b.Channel,
		ShipVia:                  b.ShipVia,
		ShipViaDescription:       b.ShipViaDescription,
		Gift:                     obYN(b.Gift),
		SourceCode:               b.SourceCode,
		FreightAmount:            obDecimalOr0(b.FreightAmount),
		BalanceDue:               b.BalanceDue,
		Currency:                 b.Currency,
		AdditionalFreightCharges: b.AdditionalFreightCharges,
		AdditionalCharges:        b.AdditionalCharges,
		ShipComplete:             obYN(b.ShipComplete),
		FreightTax:               b.FreightTax,
		OrderMessage:             strings.Join(b.OrderMessages, "\n"),
		GiftMessage:              strings.Join(b.GiftMessages, "\r"),
		SoldTo: OBCustomer{CustomerNo: b.SoldTo.CustomerNo, Name: obNameOf(b.SoldTo.Address.Name),
			Address: obPartyOf(b.SoldTo.Address).Address},
		StoreLocation: obLocationOf(b.StoreLocation),
	}
	if b.UnderReview {
		t.UnderReview = "Y" // BRK-357; an order that is not held sends the element empty, as the sample
	}
	if b.ShipForPickupLocation != nil {
		l := obLocationOf(*b.ShipForPickupLocation)
		t.ShipForPickupLocation = &l
	}
	for _, l := range b.Lines {
		d := OBOrderLine{
			LineItemNo:          l.LineItemNo,
			LineItemStatus:      OBStatus(l.Status),
			LocationCd:          l.Location.Location,
			SystemCd:            l.Location.System,
			ItemID:              ParseOBItemID(l.ItemID),
			Qty:                 l.Qty,
			UnitPrice:           l.UnitPrice,
			ShipTo:              obPartyOf(l.ShipTo),
			ItemUPC:             l.UPC,
			ItemEAN:             l.EAN,
			ExtendedFreight:     obDecimalOr0(l.ExtendedFreight),
			CustomizationCharge: l.CustomizationCharge,
			GiftWrap:            obYN(l.GiftWrap),
			ShipAlone:           obYN(l.ShipAlone),
			ShipWeight:          l.ShipWeight,
			LineMessage:         strings.Join(l.Messages, "\n"),
		}
		for _, tx := range l.Taxes {
			d.Taxes = append(d.Taxes, OBTax{Description: tx.Description, LineItemNo: tx.LineItemNo, Amount: tx.Amount})
		}
		for _, c := range l.Customizations {
			d.Customizations = append(d.Customizations, OBCustomization{Code: c.Code, Message: c.Message})
		}
		t.Details = append(t.Details, d)
	}
	return &SubmitOrder{Header: obHeaderOf(b.Header, OBDateTimeSeconds), Transactions: []OBSubmitTransaction{t}}
}

// Broker maps a decoded SubmitOrder to the domain message. A brokered
// backorder request carries exactly one transaction_header; any other count
// is an error wrapping ErrInvalid that names the count.
func (m *SubmitOrder) Broker() (broker.SubmitOrder, error) {
	if m == nil || len(m.Transactions) != 1 {
		n := 0
		if m != nil {
			n = len(m.Transactions)
		}
		return broker.SubmitOrder{}, &ValidationError{Message: "SubmitOrder", Errors: []FieldError{{
			Path: "transactions/transaction_header", Value: fmt.Sprint(n), Rule: RuleMaxCount,
			Detail: "the domain SubmitOrder holds exactly one transaction_header"}}}
	}
	t := m.Transactions[0]
	b := broker.SubmitOrder{
		Header:                   m.Header.broker(),
		TransactionType:          string(t.TransactionTypeID),
		TransactionNo:            t.TransactionNo,
		OrderID:                  t.OrderID,
		RequestID:                t.RequestID,
		RefTransactionNo:         t.RefTransactionNo,
		TransactionDate:          t.TransactionDate.Time,
		EmployeeID:               t.EmployeeID,
		Subtotal:                 t.Subtotal,
		Tax:                      t.Tax,
		Total:                    t.Total,
		Status:                   broker.OBStatus(t.TransactionStatus),
		Channel:                  t.TransactionChannel,
		ShipVia:                  t.ShipVia,
		ShipViaDescription:       t.ShipViaDescription,
		Gift:                     t.Gift == "Y",
		SourceCode:               t.SourceCode,
		FreightAmount:            obDecimalPtr(t.FreightAmount),
		BalanceDue:               t.BalanceDue,
		Currency:                 t.Currency,
		AdditionalFreightCharges: t.AdditionalFreightCharges,
		AdditionalCharges:        t.AdditionalCharges,
		ShipComplete:             t.ShipComplete == "Y",
		FreightTax:               t.FreightTax,
		OrderMessages:            obLines(t.OrderMessage, "\n"),
		GiftMessages:             obLines(t.GiftMessage, "\r"),
		UnderReview:              t.UnderReview == "Y",
		SoldTo: broker.SoldTo{CustomerNo: t.SoldTo.CustomerNo,
			Address: OBParty{Name: t.SoldTo.Name, Address: t.SoldTo.Address}.broker()},
		StoreLocation: t.StoreLocation.broker(),
	}
	if t.ShipForPickupLocation != nil {
		l := t.ShipForPickupLocation.broker()
		b.ShipForPickupLocation = &l
	}
	for _, d := range t.Details {
		l := broker.SubmitLine{
			LineItemNo:          d.LineItemNo,
			Location:            broker.Location{Location: d.LocationCd, System: d.SystemCd},
			ItemID:              obItemIDString(d.ItemID),
			Qty:                 d.Qty,
			UnitPrice:           d.UnitPrice,
			ShipTo:              d.ShipTo.broker(),
			Status:              broker.OBStatus(d.LineItemStatus),
			UPC:                 d.ItemUPC,
			EAN:                 d.ItemEAN,
			ExtendedFreight:     obDecimalPtr(d.ExtendedFreight),
			CustomizationCharge: d.CustomizationCharge,
			GiftWrap:            d.GiftWrap == "Y",
			ShipAlone:           d.ShipAlone == "Y",
			ShipWeight:          d.ShipWeight,
			Messages:            obLines(d.LineMessage, "\n"),
		}
		for _, tx := range d.Taxes {
			l.Taxes = append(l.Taxes, broker.LineTax{Description: tx.Description, LineItemNo: tx.LineItemNo, Amount: tx.Amount})
		}
		for _, c := range d.Customizations {
			l.Customizations = append(l.Customizations, broker.Customization{Code: c.Code, Message: c.Message})
		}
		b.Lines = append(b.Lines, l)
	}
	return b, nil
}

// ---- SubmitOrderResponse ----

// Broker maps a decoded SubmitOrderResponse to the domain response
// (order-broker.md §2.39, BRK-384 to BRK-389). The response code is kept as
// sent; deciding what a non-zero code means is the caller's.
func (m *SubmitOrderResponse) Broker() broker.SubmitOrderResponse {
	if m == nil {
		return broker.SubmitOrderResponse{}
	}
	r := m.Response
	out := broker.SubmitOrderResponse{Header: m.Header.broker(), OrderID: r.OrderID, RequestID: r.RequestID,
		ResponseCode: r.ResponseCode, ResponseDescription: r.ResponseDescription}
	for _, d := range r.FulfillmentDetails {
		out.Fulfillments = append(out.Fulfillments, broker.FulfillmentDetail{
			Location: broker.Location{Location: d.FulfillmentLocationCd, System: d.FulfillmentSystemCd},
			Qty:      d.FulfillmentQty, ItemID: obItemIDString(d.ItemID),
			RequestingLine: d.RequestingSystemLineNo, LineNo: d.LineNo,
		})
	}
	return out
}

// SubmitOrderResponseFromBroker maps a domain SubmitOrderResponse to the
// wire struct (what OB, or the simulator, sends).
func SubmitOrderResponseFromBroker(b broker.SubmitOrderResponse) *SubmitOrderResponse {
	r := OBResponse{OrderID: b.OrderID, RequestID: b.RequestID, ResponseCode: b.ResponseCode, ResponseDescription: b.ResponseDescription}
	for _, d := range b.Fulfillments {
		r.FulfillmentDetails = append(r.FulfillmentDetails, OBFulfillmentDetail{
			FulfillmentQty: d.Qty, FulfillmentLocationCd: d.Location.Location, FulfillmentSystemCd: d.Location.System,
			ItemID: ParseOBItemID(d.ItemID), RequestingSystemLineNo: d.RequestingLine, LineNo: d.LineNo,
		})
	}
	return &SubmitOrderResponse{Header: obHeaderOf(b.Header, OBDateTimeMillis), Response: r}
}

// ---- StatusRequest ----

// StatusRequestFromBroker maps a domain StatusRequest to the wire struct
// (BRK-390 to BRK-394).
func StatusRequestFromBroker(b broker.StatusRequest) *StatusRequest {
	return &StatusRequest{Header: obHeaderOf(b.Header, OBDateTimeSeconds), Lookup: OBStatusLookup{
		OrderID: b.OrderID, RequestID: b.RequestID, StoreLocation: obLocationOf(b.StoreLocation)}}
}

// Broker maps a decoded StatusRequest to the domain message.
func (m *StatusRequest) Broker() broker.StatusRequest {
	if m == nil {
		return broker.StatusRequest{}
	}
	return broker.StatusRequest{Header: m.Header.broker(), RequestID: m.Lookup.RequestID, OrderID: m.Lookup.OrderID,
		StoreLocation: m.Lookup.StoreLocation.broker()}
}

// ---- StatusListRequest ----

// StatusListRequestFromBroker maps a domain StatusListRequest to the wire
// struct (BRK-402 to BRK-406).
func StatusListRequestFromBroker(b broker.StatusListRequest) *StatusListRequest {
	l := OBStatusListLookup{ResponseType: b.ResponseType, StatusCondition: b.StatusCondition,
		StoreLocation: obLocationOf(b.StoreLocation), RequestIDs: append([]string(nil), b.RequestIDs...)}
	for _, s := range b.Statuses {
		l.Statuses = append(l.Statuses, OBStatus(s))
	}
	return &StatusListRequest{Header: obHeaderOf(b.Header, OBDateTimeSeconds), Lookup: l}
}

// Broker maps a decoded StatusListRequest to the domain message.
func (m *StatusListRequest) Broker() broker.StatusListRequest {
	if m == nil {
		return broker.StatusListRequest{}
	}
	b := broker.StatusListRequest{Header: m.Header.broker(), ResponseType: m.Lookup.ResponseType,
		StatusCondition: m.Lookup.StatusCondition, StoreLocation: m.Lookup.StoreLocation.broker(),
		RequestIDs: append([]string(nil), m.Lookup.RequestIDs...)}
	for _, s := range m.Lookup.Statuses {
		b.Statuses = append(b.Statuses, string(s))
	}
	return b
}

// ---- status responses ----

func obUnderReview(s string) *bool {
	switch s {
	case "Y":
		v := true
		return &v
	case "N":
		v := false
		return &v
	}
	return nil
}

func obStatusReport(o OBStatusOrder) broker.OrderStatusReport {
	r := broker.OrderStatusReport{RequestID: o.RequestID, OrderID: o.OrderID, OrderStatus: string(o.OrderStatus),
		UnderReview: obUnderReview(o.UnderReview), OrderType: o.OrderType}
	if len(o.Items) > 0 {
		r.Items = make([]broker.ItemStatus, len(o.Items))
	}
	for i := range o.Items {
		it := &o.Items[i]
		r.Items[i] = broker.ItemStatus{
			LineNo: it.LineNo, RequestingLine: it.RequestingSystemLineNo, ItemID: obItemIDString(it.ItemID),
			Status: string(it.ItemStatus), Fulfilling: broker.Location{Location: it.FulfillingLocationCd, System: it.FulfillingSystemCd},
			ShippingAgent: it.ShippingAgent, TrackingNumber: it.TrackingNumber,
			ShipmentDate: it.ShipmentDate.Time, StatusDate: it.StatusDate.Time, FulfillmentID: it.FulfillmentID,
		}
	}
	return r
}

func obStatusOrderOf(r broker.OrderStatusReport) OBStatusOrder {
	o := OBStatusOrder{RequestID: r.RequestID, OrderID: r.OrderID, OrderStatus: OBStatus(r.OrderStatus), OrderType: r.OrderType}
	if r.UnderReview != nil {
		o.UnderReview = obYN(*r.UnderReview)
	}
	for _, it := range r.Items {
		o.Items = append(o.Items, OBStatusItem{
			ItemID: ParseOBItemID(it.ItemID), LineNo: it.LineNo, RequestingSystemLineNo: it.RequestingLine,
			ItemStatus: OBStatus(it.Status), FulfillingLocationCd: it.Fulfilling.Location, FulfillingSystemCd: it.Fulfilling.System,
			ShippingAgent: it.ShippingAgent, TrackingNumber: it.TrackingNumber,
			ShipmentDate: obTimeOf(it.ShipmentDate, OBDateOnly), StatusDate: obTimeOf(it.StatusDate, OBDateTimeMillis),
			FulfillmentID: it.FulfillmentID,
		})
	}
	return o
}

// Broker maps a decoded StatusRequestResponse to the domain response
// (BRK-395 to BRK-401). The response describes one order; a response with
// no order maps to an empty report, and a second order is an error wrapping
// ErrInvalid.
func (m *StatusRequestResponse) Broker() (broker.StatusResponse, error) {
	if m == nil {
		return broker.StatusResponse{}, nil
	}
	out := broker.StatusResponse{Header: m.Header.broker()}
	switch len(m.Orders) {
	case 0:
	case 1:
		out.Order = obStatusReport(m.Orders[0])
	default:
		return out, &ValidationError{Message: "StatusRequestResponse", Errors: []FieldError{{
			Path: "orders/order", Value: fmt.Sprint(len(m.Orders)), Rule: RuleMaxCount, Detail: "a status response describes one order"}}}
	}
	return out, nil
}

// StatusRequestResponseFromBroker maps a domain StatusResponse to the wire
// struct. An empty report (no request ID) gives a response without orders.
func StatusRequestResponseFromBroker(b broker.StatusResponse) *StatusRequestResponse {
	m := &StatusRequestResponse{Header: obHeaderOf(b.Header, OBDateTimeMillis)}
	if b.Order.RequestID != "" {
		m.Orders = []OBStatusOrder{obStatusOrderOf(b.Order)}
	}
	return m
}

// Broker maps a decoded StatusListRequestResponse to the domain response
// (BRK-397 to BRK-400, BRK-407); request ids OB did not know are simply
// absent (BRK-307).
func (m *StatusListRequestResponse) Broker() broker.StatusListResponse {
	if m == nil {
		return broker.StatusListResponse{}
	}
	out := broker.StatusListResponse{Header: m.Header.broker()}
	if len(m.Orders) > 0 {
		out.Orders = make([]broker.OrderStatusReport, len(m.Orders))
	}
	for i := range m.Orders {
		out.Orders[i] = obStatusReport(m.Orders[i])
	}
	return out
}

// StatusListRequestResponseFromBroker maps a domain StatusListResponse to
// the wire struct.
func StatusListRequestResponseFromBroker(b broker.StatusListResponse) *StatusListRequestResponse {
	m := &StatusListRequestResponse{Header: obHeaderOf(b.Header, OBDateTimeMillis)}
	for _, o := range b.Orders {
		m.Orders = append(m.Orders, obStatusOrderOf(o))
	}
	return m
}

// ---- StatusUpdate ----

// StatusUpdateFromBroker maps a domain StatusUpdate (a cancel, BRK-408 to
// BRK-410, or a status update, BRK-411 to BRK-414) to the wire struct.
// Order-level shipping agent and tracking number go on one item without a
// line number; UnderReview goes in order/@under_review (see the notes at
// the top of this file).
func StatusUpdateFromBroker(b broker.StatusUpdate) *StatusUpdate {
	o := OBUpdateOrder{RequestID: b.RequestID, OrderID: b.OrderID, OrderStatus: OBStatus(b.OrderStatus),
		ReasonCode: b.OrderReasonCode, ReasonNote: b.OrderReasonNote, EmployeeID: b.EmployeeID,
		StoreLocation: obLocationOf(b.StoreLocation)}
	if b.UnderReview != nil {
		o.UnderReview = obYN(*b.UnderReview)
	}
	for _, it := range b.Items {
		o.Items = append(o.Items, OBUpdateItem{LineNo: it.LineNo, ItemStatus: OBStatus(it.Status),
			ReasonCode: it.ReasonCode, ReasonNote: it.ReasonNote, ShippingAgent: it.ShippingAgent, TrackingNumber: it.TrackingNumber})
	}
	if len(b.Items) == 0 && (b.ShippingAgent != "" || b.TrackingNumber != "") {
		o.Items = []OBUpdateItem{{ItemStatus: OBStatus(b.OrderStatus), ShippingAgent: b.ShippingAgent, TrackingNumber: b.TrackingNumber}}
	}
	return &StatusUpdate{Header: obHeaderOf(b.Header, OBDateTimeSeconds), Order: o}
}

// Broker maps a decoded StatusUpdate to the domain message; a single item
// without line number that repeats the order status is read back as the
// order-level shipping agent and tracking number.
func (m *StatusUpdate) Broker() broker.StatusUpdate {
	if m == nil {
		return broker.StatusUpdate{}
	}
	o := m.Order
	b := broker.StatusUpdate{Header: m.Header.broker(), RequestID: o.RequestID, OrderID: o.OrderID,
		StoreLocation: o.StoreLocation.broker(), OrderStatus: broker.OBStatus(o.OrderStatus),
		OrderReasonCode: o.ReasonCode, OrderReasonNote: o.ReasonNote, EmployeeID: o.EmployeeID, UnderReview: obUnderReview(o.UnderReview)}
	if len(o.Items) == 1 && o.Items[0].LineNo == 0 && o.OrderStatus != "" && o.Items[0].ItemStatus == o.OrderStatus {
		b.ShippingAgent, b.TrackingNumber = o.Items[0].ShippingAgent, o.Items[0].TrackingNumber
		return b
	}
	for _, it := range o.Items {
		b.Items = append(b.Items, broker.ItemUpdate{LineNo: it.LineNo, Status: broker.OBStatus(it.ItemStatus),
			ReasonCode: it.ReasonCode, ReasonNote: it.ReasonNote, ShippingAgent: it.ShippingAgent, TrackingNumber: it.TrackingNumber})
	}
	return b
}

// ---- StatusUpdateResponse ----

// Broker maps a decoded StatusUpdateResponse to the domain response
// (BRK-114, BRK-415); FAILED is read from message_header@xaction_response
// (ambiguity A31).
func (m *StatusUpdateResponse) Broker() broker.StatusUpdateResponse {
	if m == nil {
		return broker.StatusUpdateResponse{}
	}
	return broker.StatusUpdateResponse{Header: m.Header.broker(), ResponseCode: m.Response.ResponseCode,
		ResponseDescription: m.Response.ResponseDescription}
}

// StatusUpdateResponseFromBroker maps a domain StatusUpdateResponse to the
// wire struct.
func StatusUpdateResponseFromBroker(b broker.StatusUpdateResponse) *StatusUpdateResponse {
	return &StatusUpdateResponse{Header: obHeaderOf(b.Header, OBDateTimeMillis),
		Response: OBResponse{ResponseCode: b.ResponseCode, ResponseDescription: b.ResponseDescription}}
}

// ---- Fulfillments ----

// FulfillmentsFromBroker maps a domain FulfillmentsRequest to the wire
// struct (BRK-416). The polling system is the store_location system_cd;
// when StoreLocation has none, System is used.
func FulfillmentsFromBroker(b broker.FulfillmentsRequest) *Fulfillments {
	loc := obLocationOf(b.StoreLocation)
	if loc.SystemCd == "" {
		loc.SystemCd = b.System
	}
	return &Fulfillments{Header: obHeaderOf(b.Header, OBDateTimeSeconds), StoreLocation: loc}
}

// Broker maps a decoded Fulfillments request to the domain message.
func (m *Fulfillments) Broker() broker.FulfillmentsRequest {
	if m == nil {
		return broker.FulfillmentsRequest{}
	}
	return broker.FulfillmentsRequest{Header: m.Header.broker(), System: m.StoreLocation.SystemCd,
		StoreLocation: m.StoreLocation.broker()}
}

// Broker maps a decoded FulfillmentsResponse to the domain response
// (§2.42): each order with its identifying fields and, in Detail, the whole
// order body F3 builds the OMS order from (§2.19-§2.23): header, sold-to,
// store_location, item_details with their ship-to, taxes and
// customizations, and tenders.
//
// Not carried by the domain order (see FulfillmentDetailOrder):
// transaction_date, employee_id, transaction_subtotal, ship_via_description,
// freight_tax, gift_message and a tender's account and line number. A
// freight_amount of 0 reads as absent (nil: OMS calculates freight,
// BRK-185), because the wire struct cannot tell the two apart; an empty
// ship_complete reads as nil (L01 decides, BRK-182).
func (m *FulfillmentsResponse) Broker() broker.FulfillmentsResponse {
	if m == nil {
		return broker.FulfillmentsResponse{}
	}
	out := broker.FulfillmentsResponse{Header: m.Header.broker()}
	for i := range m.Orders {
		o := &m.Orders[i]
		out.Orders = append(out.Orders, broker.FulfillmentOrder{RequestID: o.RequestID, OrderID: o.OrderID,
			TransactionTypeID: string(o.TransactionTypeID), Detail: obFulfillmentDetail(o)})
	}
	return out
}

func obFulfillmentDetail(o *OBFulfillmentOrder) *broker.FulfillmentDetailOrder {
	d := &broker.FulfillmentDetailOrder{
		TransactionNo:            o.TransactionNo,
		RefTransactionNo:         o.RefTransactionNo,
		SourceCode:               o.SourceCode,
		SpecialInstructions:      o.SpecialInstructions,
		TransactionChannel:       o.TransactionChannel,
		ShipVia:                  o.ShipVia,
		ShipComplete:             obUnderReview(strings.TrimSpace(o.ShipComplete)),
		Gift:                     o.Gift == "Y",
		FreightAmount:            obDecimalPtr(o.FreightAmount),
		Tax:                      o.Tax,
		Total:                    o.Total,
		BalanceDue:               o.BalanceDue,
		Currency:                 o.Currency,
		OrderMessage:             o.OrderMessage,
		UnderReview:              o.UnderReview == "Y",
		AdditionalFreightCharges: o.AdditionalFreightCharges,
		AdditionalCharges:        o.AdditionalCharges,
		SoldTo: broker.SoldTo{CustomerNo: o.SoldTo.CustomerNo,
			Address: OBParty{Name: o.SoldTo.Name, Address: o.SoldTo.Address}.broker()},
		Store: broker.FulfillmentStoreLocation{Location: o.StoreLocation.LocationCd, System: o.StoreLocation.SystemCd,
			RequestLocation: o.StoreLocation.RequestLocationCd, RequestSystem: o.StoreLocation.RequestSystemCd},
	}
	for j := range o.Items {
		it := &o.Items[j]
		fi := broker.FulfillmentItem{
			LineNo:              it.LineItemNo,
			RequestingLine:      it.RequestingSystemLineNo,
			ItemID:              obItemIDString(it.ItemID),
			Qty:                 it.Qty,
			UnitPrice:           it.UnitPrice,
			GiftWrap:            it.GiftWrap == "Y",
			Messages:            obLines(it.LineMessage, "\n"),
			CustomizationCharge: it.CustomizationCharge,
			ShipTo:              it.ShipTo.broker(),
			SpecialInstructions: it.SpecialInstructions,
			ExtendedFreight:     it.ExtendedFreight,
			ShipAlone:           it.ShipAlone == "Y",
			ShipWeight:          it.ShipWeight,
			UPC:                 it.ItemUPC,
			EAN:                 it.ItemEAN,
		}
		for _, tx := range it.Taxes {
			fi.Taxes = append(fi.Taxes, broker.LineTax{Description: tx.Description, LineItemNo: tx.LineItemNo, Amount: tx.Amount})
		}
		for _, c := range it.Customizations {
			fi.Customizations = append(fi.Customizations, broker.Customization{Code: c.Code, Message: c.Message})
		}
		d.Items = append(d.Items, fi)
	}
	for _, t := range o.Tenders {
		d.Tenders = append(d.Tenders, broker.FulfillmentTender{Type: t.Description, Amount: t.Amount})
	}
	return d
}

// FulfillmentsResponseFromBroker maps a domain FulfillmentsResponse to the
// wire struct (what OB, or the simulator, sends): each order with its
// identifying fields and status new_order and, when Detail is set, its
// whole body, each item with status new_order. Lines without a line number
// are numbered from 1 in order; a line without a requesting line number
// repeats its line number.
func FulfillmentsResponseFromBroker(b broker.FulfillmentsResponse) *FulfillmentsResponse {
	m := &FulfillmentsResponse{Header: obHeaderOf(b.Header, OBDateTimeMillis)}
	for _, o := range b.Orders {
		w := OBFulfillmentOrder{RequestID: o.RequestID, OrderID: o.OrderID,
			TransactionTypeID: OBTransactionType(o.TransactionTypeID), TransactionStatus: OBStatusNewOrder}
		if d := o.Detail; d != nil {
			obFulfillmentOrderBody(&w, d)
		}
		m.Orders = append(m.Orders, w)
	}
	return m
}

func obFulfillmentOrderBody(w *OBFulfillmentOrder, d *broker.FulfillmentDetailOrder) {
	w.TransactionNo = d.TransactionNo
	w.RefTransactionNo = d.RefTransactionNo
	w.SourceCode = d.SourceCode
	w.SpecialInstructions = d.SpecialInstructions
	w.TransactionChannel = d.TransactionChannel
	w.ShipVia = d.ShipVia
	if d.ShipComplete != nil {
		w.ShipComplete = obYN(*d.ShipComplete)
	}
	w.Gift = obYN(d.Gift)
	w.FreightAmount = obDecimalOr0(d.FreightAmount)
	w.Tax, w.Total, w.BalanceDue, w.Currency = d.Tax, d.Total, d.BalanceDue, d.Currency
	w.OrderMessage = d.OrderMessage
	w.UnderReview = obYN(d.UnderReview)
	w.AdditionalFreightCharges, w.AdditionalCharges = d.AdditionalFreightCharges, d.AdditionalCharges
	w.SoldTo = OBCustomer{CustomerNo: d.SoldTo.CustomerNo, Name: obNameOf(d.SoldTo.Address.Name),
		Address: obPartyOf(d.SoldTo.Address).Address}
	w.StoreLocation = OBLocation{LocationCd: d.Store.Location, SystemCd: d.Store.System,
		RequestLocationCd: d.Store.RequestLocation, RequestSystemCd: d.Store.RequestSystem}
	for j, it := range d.Items {
		l := OBOrderLine{
			LineItemNo:             it.LineNo,
			RequestingSystemLineNo: it.RequestingLine,
			LineItemStatus:         OBStatusNewOrder,
			LocationCd:             d.Store.Location,
			SystemCd:               d.Store.System,
			ItemID:                 ParseOBItemID(it.ItemID),
			Qty:                    it.Qty,
			UnitPrice:              it.UnitPrice,
			ShipTo:                 obPartyOf(it.ShipTo),
			SpecialInstructions:    it.SpecialInstructions,
			ItemUPC:                it.UPC,
			ItemEAN:                it.EAN,
			ExtendedFreight:        it.ExtendedFreight,
			CustomizationCharge:    it.CustomizationCharge,
			GiftWrap:               obYN(it.GiftWrap),
			ShipAlone:              obYN(it.ShipAlone),
			ShipWeight:             it.ShipWeight,
			LineMessage:            strings.Join(it.Messages, "\n"),
		}
		if l.LineItemNo == 0 {
			l.LineItemNo = j + 1
		}
		if l.RequestingSystemLineNo == 0 {
			l.RequestingSystemLineNo = l.LineItemNo
		}
		for _, tx := range it.Taxes {
			l.Taxes = append(l.Taxes, OBTax{Description: tx.Description, LineItemNo: tx.LineItemNo, Amount: tx.Amount})
		}
		for _, c := range it.Customizations {
			l.Customizations = append(l.Customizations, OBCustomization{Code: c.Code, Message: c.Message})
		}
		w.Items = append(w.Items, l)
	}
	for i, t := range d.Tenders {
		w.Tenders = append(w.Tenders, OBTender{LineItemNo: i + 1, Description: t.Type, Amount: t.Amount})
	}
}
