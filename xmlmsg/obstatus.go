package xmlmsg

import (
	"context"
	"io"

	"github.com/shopspring/decimal"
)

// StatusRequest is the order inquiry status request (OMS → OB) for one
// request id (message-formats.md §7.4, order-broker.md BRK-390 to BRK-394).
type StatusRequest struct {
	Envelope OBEnvelope
	Header   OBHeader
	Lookup   OBStatusLookup
}

// OBStatusLookup is status_request_message/message_body/lookup_data.
type OBStatusLookup struct {
	OrderID          string // @order_id (empty in the sample)
	RequestID        string // @request_id: the OB request id, BRK-392
	RefTransactionNo string
	EmployeeID       string
	StoreLocation    OBLocation // BRK-393
}

// StatusListRequest is the order status list request (OMS → OB): up to 1000
// request ids, optionally restricted to some statuses (message-formats.md
// §7.4, order-broker.md BRK-402 to BRK-406, BRK-305).
type StatusListRequest struct {
	Envelope OBEnvelope
	Header   OBHeader
	Lookup   OBStatusListLookup
}

// OBStatusListLookup is status_list_request_message/message_body/lookup_data.
type OBStatusListLookup struct {
	ResponseType     string // @response_type: SUMMARY at pick slip generation, absent from BROKER (BRK-403)
	StatusCondition  string // @status_condition: EQ (BRK-404)
	RefTransactionNo string
	EmployeeID       string
	StoreLocation    OBLocation // BRK-405
	RequestIDs       []string   // request_ids/request_ids@request_id, 1 to 1000 (BRK-406)
	Statuses         []OBStatus // statuses/statuses@status, only with M05 = CANCELED (BRK-404)
}

// StatusRequestResponse is OB's answer to a StatusRequest
// (message-formats.md §7.5, order-broker.md BRK-395 to BRK-401).
type StatusRequestResponse struct {
	Envelope OBEnvelope
	Header   OBHeader
	Orders   []OBStatusOrder
}

// StatusListRequestResponse is OB's answer to a StatusListRequest. Invalid
// request ids are silently left out. Its inner element is named
// status_list_request_message in the sample (ambiguity A21);
// status_list_response_message is accepted too.
type StatusListRequestResponse struct {
	Envelope OBEnvelope
	Header   OBHeader
	Orders   []OBStatusOrder
}

// OBStatusOrder is one orders/order of a status response or status list
// response. The fields marked "status response" are absent from a status
// list response.
type OBStatusOrder struct {
	RequestID                      string
	OrderID                        string
	OrderStatus                    OBStatus // BRK-397
	OriginatingSystemCd            string
	OriginatingLocationCd          string
	OriginatingLocationDescription string
	OrderDate                      OBDateTime
	RefTransactionNo               string
	UnderReview                    string // Y/N, BRK-401

	// status response only
	Currency                 string
	BalanceDue               decimal.Decimal
	Freight                  decimal.Decimal
	SourceCode               string
	Gift                     string
	ShipViaDescription       string
	ShipVia                  string
	SpecialInstructions      string
	TransactionTotal         decimal.Decimal
	TransactionTax           decimal.Decimal
	TransactionSubtotal      decimal.Decimal
	AdditionalFreightCharges decimal.Decimal // @order_additional_freight_charges
	AdditionalCharges        decimal.Decimal // @order_additional_charges
	ShipComplete             string
	FreightTax               decimal.Decimal

	OrderType string // order_type child element (BRK-407)
	Items     []OBStatusItem
	SoldTo    *OBCustomer // status response
	Tenders   []OBTender  // transaction_tenders, status response
}

// OBStatusItem is one items/item of a status response: the line's OB status,
// fulfilling location and shipment data (BRK-397 to BRK-400).
type OBStatusItem struct {
	ItemID                 OBItemID
	ItemQty                int
	ShippingAgent          string // BRK-399
	TrackingNumber         string // BRK-399
	ItemStatus             OBStatus
	FulfillingLocationCd   string // BRK-398
	FulfillingSystemCd     string // BRK-398
	LineNo                 int
	RequestingSystemLineNo int
	StatusDate             OBDateTime // BRK-400
	FulfillmentID          string     // BRK-407
	ShipmentDate           OBDateTime // version 19.0 or higher, BRK-006, BRK-400

	// status response only
	SpecialInstructions string
	TaxAmount           decimal.Decimal
	UnitPrice           decimal.Decimal
	ItemDescription     string
	ItemUPC             string
	ItemEAN             string
	ExtendedFreight     decimal.Decimal
	CustomizationCharge decimal.Decimal
	GiftWrap            string
	ShipAlone           string
	ShipWeight          decimal.Decimal
	ShipTo              *OBParty
	Taxes               []OBTax
	Customizations      []OBCustomization
}

var (
	obStatusRequestKind             = obKind{root: "StatusRequest", inner: []string{"status_request_message"}, request: true}
	obStatusListRequestKind         = obKind{root: "StatusListRequest", inner: []string{"status_list_request_message"}, request: true}
	obStatusRequestResponseKind     = obKind{root: "StatusRequestResponse", inner: []string{"status_response_message"}}
	obStatusListRequestResponseKind = obKind{root: "StatusListRequestResponse", inner: []string{"status_list_request_message", "status_list_response_message"}}
)

// ---- StatusRequest ----

type obWireStatusRequestBody struct {
	Lookup struct {
		OrderID          string     `xml:"order_id,attr"`
		RequestID        string     `xml:"request_id,attr"`
		RefTransactionNo string     `xml:"ref_transaction_no"`
		EmployeeID       string     `xml:"employee_id"`
		StoreLocation    OBLocation `xml:"store_location"`
	} `xml:"lookup_data"`
}

func obConvStatusRequest(_ *obValidator, env OBEnvelope, h OBHeader, b *obWireStatusRequestBody) *StatusRequest {
	l := b.Lookup
	return &StatusRequest{Envelope: env, Header: h, Lookup: OBStatusLookup{
		OrderID: l.OrderID, RequestID: l.RequestID, RefTransactionNo: l.RefTransactionNo,
		EmployeeID: l.EmployeeID, StoreLocation: l.StoreLocation,
	}}
}

func obCheckStatusRequest(v *obValidator, m *StatusRequest) {
	if m.Lookup.RequestID == "" && m.Lookup.OrderID == "" {
		v.add(obF("lookup_data/@request_id"), "", RuleRequired, "a request_id or an order_id")
	}
	v.numericID(obF("lookup_data/@request_id"), m.Lookup.RequestID)
	v.location(obF("lookup_data/store_location/@location_cd"), m.Lookup.StoreLocation.LocationCd)
	v.required(obF("lookup_data/store_location/@system_cd"), m.Lookup.StoreLocation.SystemCd)
}

// DecodeStatusRequest reads and decodes a StatusRequest; see DecodeSubmitOrder
// for the limit and the errors.
func DecodeStatusRequest(ctx context.Context, r io.Reader, opts OBOptions) (*StatusRequest, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeStatusRequestBytes(data, opts)
}

// DecodeStatusRequestBytes decodes and validates a StatusRequest.
func DecodeStatusRequestBytes(data []byte, opts OBOptions) (*StatusRequest, error) {
	return obDecode(obStatusRequestKind, data, opts, (*xdec).decObWireStatusRequestBody, obConvStatusRequest, trimStatusRequest, obCheckStatusRequest)
}

// Validate checks m with the rules the decoder applies.
func (m *StatusRequest) Validate() error {
	if m == nil {
		return obValidate[StatusRequest](obStatusRequestKind, nil, OBHeader{}, obCheckStatusRequest)
	}
	return obValidate(obStatusRequestKind, m, m.Header, obCheckStatusRequest)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *StatusRequest) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var b obWireStatusRequestBody
	b.Lookup.OrderID, b.Lookup.RequestID = m.Lookup.OrderID, m.Lookup.RequestID
	b.Lookup.RefTransactionNo, b.Lookup.EmployeeID = m.Lookup.RefTransactionNo, m.Lookup.EmployeeID
	b.Lookup.StoreLocation = m.Lookup.StoreLocation
	return obEncode(obStatusRequestKind, m.Envelope, obWireHeaderOf(obStatusRequestKind, m.Header), b)
}

// ---- StatusListRequest ----

type obWireStatusListRequestBody struct {
	Lookup struct {
		ResponseType     string     `xml:"response_type,attr,omitempty"`
		StatusCondition  string     `xml:"status_condition,attr,omitempty"`
		RefTransactionNo string     `xml:"ref_transaction_no"`
		EmployeeID       string     `xml:"employee_id"`
		StoreLocation    OBLocation `xml:"store_location"`
		RequestIDs       struct {
			ID []struct {
				RequestID string `xml:"request_id,attr"`
			} `xml:"request_ids"`
		} `xml:"request_ids"`
		Statuses *struct {
			Status []struct {
				Status string `xml:"status,attr"`
			} `xml:"statuses"`
		} `xml:"statuses,omitempty"`
	} `xml:"lookup_data"`
}

func obConvStatusListRequest(_ *obValidator, env OBEnvelope, h OBHeader, b *obWireStatusListRequestBody) *StatusListRequest {
	l := b.Lookup
	m := &StatusListRequest{Envelope: env, Header: h, Lookup: OBStatusListLookup{
		ResponseType: l.ResponseType, StatusCondition: l.StatusCondition, RefTransactionNo: l.RefTransactionNo,
		EmployeeID: l.EmployeeID, StoreLocation: l.StoreLocation,
	}}
	for _, id := range l.RequestIDs.ID {
		m.Lookup.RequestIDs = append(m.Lookup.RequestIDs, id.RequestID)
	}
	if l.Statuses != nil {
		for _, s := range l.Statuses.Status {
			m.Lookup.Statuses = append(m.Lookup.Statuses, OBStatus(s.Status))
		}
	}
	return m
}

func obCheckStatusListRequest(v *obValidator, m *StatusListRequest) {
	l := &m.Lookup
	if len(l.RequestIDs) == 0 {
		v.add(obF("lookup_data/request_ids"), "", RuleRequired, "at least one request id")
	}
	v.maxCount(obF("lookup_data/request_ids/request_ids"), len(l.RequestIDs), OBMaxListIDs)
	seen := make(map[string]bool, len(l.RequestIDs))
	for i, id := range l.RequestIDs {
		p := obAt("lookup_data/request_ids/request_ids", i).f("@request_id")
		v.required(p, id)
		v.numericID(p, id)
		if id != "" && seen[id] {
			v.add(p, id, RuleDuplicate, "each request id once")
		}
		seen[id] = true
	}
	for i, s := range l.Statuses {
		p := obAt("lookup_data/statuses/statuses", i).f("@status")
		v.required(p, string(s))
		v.status(p, s)
	}
	v.location(obF("lookup_data/store_location/@location_cd"), l.StoreLocation.LocationCd)
	v.required(obF("lookup_data/store_location/@system_cd"), l.StoreLocation.SystemCd)
}

// DecodeStatusListRequest reads and decodes a StatusListRequest; see
// DecodeSubmitOrder for the limit and the errors.
func DecodeStatusListRequest(ctx context.Context, r io.Reader, opts OBOptions) (*StatusListRequest, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeStatusListRequestBytes(data, opts)
}

// DecodeStatusListRequestBytes decodes and validates a StatusListRequest.
func DecodeStatusListRequestBytes(data []byte, opts OBOptions) (*StatusListRequest, error) {
	return obDecode(obStatusListRequestKind, data, opts, (*xdec).decObWireStatusListRequestBody, obConvStatusListRequest, trimStatusListRequest, obCheckStatusListRequest)
}

// Validate checks m with the rules the decoder applies.
func (m *StatusListRequest) Validate() error {
	if m == nil {
		return obValidate[StatusListRequest](obStatusListRequestKind, nil, OBHeader{}, obCheckStatusListRequest)
	}
	return obValidate(obStatusListRequestKind, m, m.Header, obCheckStatusListRequest)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *StatusListRequest) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var b obWireStatusListRequestBody
	l := &b.Lookup
	l.ResponseType, l.StatusCondition = m.Lookup.ResponseType, m.Lookup.StatusCondition
	l.RefTransactionNo, l.EmployeeID, l.StoreLocation = m.Lookup.RefTransactionNo, m.Lookup.EmployeeID, m.Lookup.StoreLocation
	for _, id := range m.Lookup.RequestIDs {
		l.RequestIDs.ID = append(l.RequestIDs.ID, struct {
			RequestID string `xml:"request_id,attr"`
		}{id})
	}
	if len(m.Lookup.Statuses) > 0 {
		l.Statuses = &struct {
			Status []struct {
				Status string `xml:"status,attr"`
			} `xml:"statuses"`
		}{}
		for _, s := range m.Lookup.Statuses {
			l.Statuses.Status = append(l.Statuses.Status, struct {
				Status string `xml:"status,attr"`
			}{string(s)})
		}
	}
	return obEncode(obStatusListRequestKind, m.Envelope, obWireHeaderOf(obStatusListRequestKind, m.Header), b)
}

// ---- status responses ----

type obWireStatusResponseBody struct {
	Orders struct {
		Order []obWireStatusOrder `xml:"order"`
	} `xml:"orders"`
}

type obWireStatusOrder struct {
	Currency                       string `xml:"currency,attr,omitempty"`
	RefTransactionNo               string `xml:"ref_transaction_no,attr"`
	BalanceDue                     string `xml:"balance_due,attr,omitempty"`
	Freight                        string `xml:"freight,attr,omitempty"`
	SourceCode                     string `xml:"source_code,attr,omitempty"`
	Gift                           string `xml:"gift,attr,omitempty"`
	ShipViaDescription             string `xml:"ship_via_description,attr,omitempty"`
	ShipVia                        string `xml:"ship_via,attr,omitempty"`
	SpecialInstructions            string `xml:"special_instructions,attr,omitempty"`
	TransactionTotal               string `xml:"transaction_total,attr,omitempty"`
	TransactionTax                 string `xml:"transaction_tax,attr,omitempty"`
	TransactionSubtotal            string `xml:"transaction_subtotal,attr,omitempty"`
	OrderDate                      string `xml:"order_date,attr"`
	OriginatingLocationDescription string `xml:"originating_location_description,attr"`
	OriginatingLocationCd          string `xml:"originating_location_cd,attr"`
	OriginatingSystemCd            string `xml:"originating_system_cd,attr"`
	OrderStatus                    string `xml:"order_status,attr"`
	OrderID                        string `xml:"order_id,attr"`
	RequestID                      string `xml:"request_id,attr"`
	UnderReview                    string `xml:"under_review,attr"`
	AdditionalFreightCharges       string `xml:"order_additional_freight_charges,attr,omitempty"`
	AdditionalCharges              string `xml:"order_additional_charges,attr,omitempty"`
	ShipComplete                   string `xml:"ship_complete,attr,omitempty"`
	FreightTax                     string `xml:"freight_tax,attr,omitempty"`

	OrderType string `xml:"order_type"`
	Items     struct {
		Item []obWireStatusItem `xml:"item"`
	} `xml:"items"`
	SoldTo  *OBCustomer    `xml:"sold_to_customer,omitempty"`
	Tenders *obWireTenders `xml:"transaction_tenders,omitempty"`
}

type obWireStatusItem struct {
	SpecialInstructions    string `xml:"special_instructions,attr,omitempty"`
	TaxAmount              string `xml:"tax_amount,attr,omitempty"`
	UnitPrice              string `xml:"unit_price,attr,omitempty"`
	ItemDescription        string `xml:"item_description,attr,omitempty"`
	StatusDate             string `xml:"status_date,attr"`
	RequestingSystemLineNo string `xml:"requesting_system_line_no,attr"`
	LineNo                 string `xml:"line_no,attr"`
	FulfillingSystemCd     string `xml:"fulfilling_system_cd,attr"`
	FulfillingLocationCd   string `xml:"fulfilling_location_cd,attr"`
	ItemStatus             string `xml:"item_status,attr"`
	TrackingNumber         string `xml:"tracking_number,attr"`
	ShippingAgent          string `xml:"shipping_agent,attr"`
	ItemQty                string `xml:"item_qty,attr"`
	ItemID                 string `xml:"item_id,attr"`
	ItemUPC                string `xml:"item_upc_cd,attr,omitempty"`
	ItemEAN                string `xml:"item_ean_cd,attr,omitempty"`
	ExtendedFreight        string `xml:"order_line_extended_freight,attr,omitempty"`
	CustomizationCharge    string `xml:"order_line_customization_charge,attr,omitempty"`
	GiftWrap               string `xml:"order_line_gift_wrap,attr,omitempty"`
	ShipAlone              string `xml:"order_line_ship_alone,attr,omitempty"`
	ShipWeight             string `xml:"order_line_ship_weight,attr,omitempty"`
	FulfillmentID          string `xml:"fulfillment_id,attr,omitempty"`
	ShipmentDate           string `xml:"shipment_date,attr,omitempty"`

	ShipTo         *OBParty              `xml:"ship_to,omitempty"`
	Taxes          *obWireTaxes          `xml:"taxes,omitempty"`
	Customizations *obWireCustomizations `xml:"customizations,omitempty"`
}

func (v *obValidator) statusOrders(b *obWireStatusResponseBody) []OBStatusOrder {
	out := make([]OBStatusOrder, 0, len(b.Orders.Order))
	for i := range b.Orders.Order {
		w := &b.Orders.Order[i]
		p := obAt("orders/order", i)
		o := OBStatusOrder{
			RequestID:                      w.RequestID,
			OrderID:                        w.OrderID,
			OrderStatus:                    OBStatus(w.OrderStatus),
			OriginatingSystemCd:            w.OriginatingSystemCd,
			OriginatingLocationCd:          w.OriginatingLocationCd,
			OriginatingLocationDescription: w.OriginatingLocationDescription,
			OrderDate:                      v.datetime(p.f("@order_date"), w.OrderDate),
			RefTransactionNo:               w.RefTransactionNo,
			UnderReview:                    w.UnderReview,
			Currency:                       w.Currency,
			BalanceDue:                     v.amount(p.f("@balance_due"), w.BalanceDue),
			Freight:                        v.amount(p.f("@freight"), w.Freight),
			SourceCode:                     w.SourceCode,
			Gift:                           w.Gift,
			ShipViaDescription:             w.ShipViaDescription,
			ShipVia:                        w.ShipVia,
			SpecialInstructions:            w.SpecialInstructions,
			TransactionTotal:               v.amount(p.f("@transaction_total"), w.TransactionTotal),
			TransactionTax:                 v.amount(p.f("@transaction_tax"), w.TransactionTax),
			TransactionSubtotal:            v.amount(p.f("@transaction_subtotal"), w.TransactionSubtotal),
			AdditionalFreightCharges:       v.amount(p.f("@order_additional_freight_charges"), w.AdditionalFreightCharges),
			AdditionalCharges:              v.amount(p.f("@order_additional_charges"), w.AdditionalCharges),
			ShipComplete:                   w.ShipComplete,
			FreightTax:                     v.amount(p.f("@freight_tax"), w.FreightTax),
			OrderType:                      w.OrderType,
			SoldTo:                         w.SoldTo,
		}
		if w.Tenders != nil {
			o.Tenders = v.tenders(p, *w.Tenders)
		}
		if len(w.Items.Item) > 0 {
			o.Items = make([]OBStatusItem, 0, len(w.Items.Item))
		}
		for j := range w.Items.Item {
			it := &w.Items.Item[j]
			q := p.at("items/item", j)
			s := OBStatusItem{
				ItemID:                 ParseOBItemID(it.ItemID),
				ItemQty:                v.integer(q.f("@item_qty"), it.ItemQty),
				ShippingAgent:          it.ShippingAgent,
				TrackingNumber:         it.TrackingNumber,
				ItemStatus:             OBStatus(it.ItemStatus),
				FulfillingLocationCd:   it.FulfillingLocationCd,
				FulfillingSystemCd:     it.FulfillingSystemCd,
				LineNo:                 v.integer(q.f("@line_no"), it.LineNo),
				RequestingSystemLineNo: v.integer(q.f("@requesting_system_line_no"), it.RequestingSystemLineNo),
				StatusDate:             v.datetime(q.f("@status_date"), it.StatusDate),
				FulfillmentID:          it.FulfillmentID,
				ShipmentDate:           v.datetime(q.f("@shipment_date"), it.ShipmentDate),
				SpecialInstructions:    it.SpecialInstructions,
				TaxAmount:              v.amount(q.f("@tax_amount"), it.TaxAmount),
				UnitPrice:              v.amount(q.f("@unit_price"), it.UnitPrice),
				ItemDescription:        it.ItemDescription,
				ItemUPC:                it.ItemUPC,
				ItemEAN:                it.ItemEAN,
				ExtendedFreight:        v.amount(q.f("@order_line_extended_freight"), it.ExtendedFreight),
				CustomizationCharge:    v.amount(q.f("@order_line_customization_charge"), it.CustomizationCharge),
				GiftWrap:               it.GiftWrap,
				ShipAlone:              it.ShipAlone,
				ShipWeight:             v.amount(q.f("@order_line_ship_weight"), it.ShipWeight),
				ShipTo:                 it.ShipTo,
			}
			if it.Taxes != nil {
				s.Taxes = v.taxes(q, *it.Taxes)
			}
			if it.Customizations != nil {
				s.Customizations = obNonEmptyCustomizations(*it.Customizations)
			}
			o.Items = append(o.Items, s)
		}
		out = append(out, o)
	}
	return out
}

func (v *obValidator) checkStatusOrders(orders []OBStatusOrder) {
	for i := range orders {
		o := &orders[i]
		p := obAt("orders/order", i)
		v.required(p.f("@request_id"), o.RequestID)
		v.numericID(p.f("@request_id"), o.RequestID)
		v.status(p.f("@order_status"), o.OrderStatus)
		v.yn(p.f("@under_review"), o.UnderReview)
		for j := range o.Items {
			q := p.at("items/item", j)
			v.status(q.f("@item_status"), o.Items[j].ItemStatus)
		}
	}
}

// obWireStatusOrdersOf writes orders. full (the status response) writes
// every attribute and child; otherwise (the status list response) the fields
// only a status response has are written only when they hold something, so
// nothing a decoder accepted is lost.
func obWireStatusOrdersOf(orders []OBStatusOrder, full bool) obWireStatusResponseBody {
	amt := func(d decimal.Decimal) string {
		if !full && d.IsZero() && d.Exponent() == 0 {
			return ""
		}
		return obFormatAmount(d)
	}
	var b obWireStatusResponseBody
	for _, o := range orders {
		w := obWireStatusOrder{
			Currency:                       o.Currency,
			RefTransactionNo:               o.RefTransactionNo,
			BalanceDue:                     amt(o.BalanceDue),
			Freight:                        amt(o.Freight),
			SourceCode:                     o.SourceCode,
			Gift:                           o.Gift,
			ShipViaDescription:             o.ShipViaDescription,
			ShipVia:                        o.ShipVia,
			SpecialInstructions:            o.SpecialInstructions,
			TransactionTotal:               amt(o.TransactionTotal),
			TransactionTax:                 amt(o.TransactionTax),
			TransactionSubtotal:            amt(o.TransactionSubtotal),
			OrderDate:                      o.OrderDate.String(),
			OriginatingLocationDescription: o.OriginatingLocationDescription,
			OriginatingLocationCd:          o.OriginatingLocationCd,
			OriginatingSystemCd:            o.OriginatingSystemCd,
			OrderStatus:                    string(o.OrderStatus),
			OrderID:                        o.OrderID,
			RequestID:                      o.RequestID,
			UnderReview:                    o.UnderReview,
			AdditionalFreightCharges:       amt(o.AdditionalFreightCharges),
			AdditionalCharges:              amt(o.AdditionalCharges),
			ShipComplete:                   o.ShipComplete,
			FreightTax:                     amt(o.FreightTax),
			OrderType:                      o.OrderType,
			SoldTo:                         o.SoldTo,
		}
		if full || len(o.Tenders) > 0 {
			t := obWireTendersOf(o.Tenders)
			w.Tenders = &t
		}
		for _, it := range o.Items {
			wi := obWireStatusItem{
				SpecialInstructions:    it.SpecialInstructions,
				TaxAmount:              amt(it.TaxAmount),
				UnitPrice:              amt(it.UnitPrice),
				ItemDescription:        it.ItemDescription,
				StatusDate:             it.StatusDate.String(),
				RequestingSystemLineNo: obInt(it.RequestingSystemLineNo),
				LineNo:                 obInt(it.LineNo),
				FulfillingSystemCd:     it.FulfillingSystemCd,
				FulfillingLocationCd:   it.FulfillingLocationCd,
				ItemStatus:             string(it.ItemStatus),
				TrackingNumber:         it.TrackingNumber,
				ShippingAgent:          it.ShippingAgent,
				ItemQty:                obInt(it.ItemQty),
				ItemID:                 it.ItemID.wire(),
				ItemUPC:                it.ItemUPC,
				ItemEAN:                it.ItemEAN,
				ExtendedFreight:        amt(it.ExtendedFreight),
				CustomizationCharge:    amt(it.CustomizationCharge),
				GiftWrap:               it.GiftWrap,
				ShipAlone:              it.ShipAlone,
				ShipWeight:             amt(it.ShipWeight),
				FulfillmentID:          it.FulfillmentID,
				ShipmentDate:           it.ShipmentDate.String(),
				ShipTo:                 it.ShipTo,
			}
			if full || len(it.Taxes) > 0 {
				taxes := obWireTaxesOf(it.Taxes)
				wi.Taxes = &taxes
			}
			if full || len(it.Customizations) > 0 {
				wi.Customizations = &obWireCustomizations{Customization: it.Customizations}
			}
			w.Items.Item = append(w.Items.Item, wi)
		}
		b.Orders.Order = append(b.Orders.Order, w)
	}
	return b
}

func obConvStatusRequestResponse(v *obValidator, env OBEnvelope, h OBHeader, b *obWireStatusResponseBody) *StatusRequestResponse {
	return &StatusRequestResponse{Envelope: env, Header: h, Orders: v.statusOrders(b)}
}

func obCheckStatusRequestResponse(v *obValidator, m *StatusRequestResponse) {
	v.checkStatusOrders(m.Orders)
}

// DecodeStatusRequestResponse reads and decodes a StatusRequestResponse; see
// DecodeSubmitOrder for the limit and the errors.
func DecodeStatusRequestResponse(ctx context.Context, r io.Reader, opts OBOptions) (*StatusRequestResponse, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeStatusRequestResponseBytes(data, opts)
}

// DecodeStatusRequestResponseBytes decodes and validates a StatusRequestResponse.
func DecodeStatusRequestResponseBytes(data []byte, opts OBOptions) (*StatusRequestResponse, error) {
	return obDecode(obStatusRequestResponseKind, data, opts, (*xdec).decObWireStatusResponseBody, obConvStatusRequestResponse, trimStatusRequestResponse, obCheckStatusRequestResponse)
}

// Validate checks m with the rules the decoder applies.
func (m *StatusRequestResponse) Validate() error {
	if m == nil {
		return obValidate[StatusRequestResponse](obStatusRequestResponseKind, nil, OBHeader{}, obCheckStatusRequestResponse)
	}
	return obValidate(obStatusRequestResponseKind, m, m.Header, obCheckStatusRequestResponse)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *StatusRequestResponse) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return obEncode(obStatusRequestResponseKind, m.Envelope, obWireHeaderOf(obStatusRequestResponseKind, m.Header), obWireStatusOrdersOf(m.Orders, true))
}

func obConvStatusListRequestResponse(v *obValidator, env OBEnvelope, h OBHeader, b *obWireStatusResponseBody) *StatusListRequestResponse {
	return &StatusListRequestResponse{Envelope: env, Header: h, Orders: v.statusOrders(b)}
}

func obCheckStatusListRequestResponse(v *obValidator, m *StatusListRequestResponse) {
	v.checkStatusOrders(m.Orders)
}

// DecodeStatusListRequestResponse reads and decodes a
// StatusListRequestResponse; see DecodeSubmitOrder for the limit and the
// errors.
func DecodeStatusListRequestResponse(ctx context.Context, r io.Reader, opts OBOptions) (*StatusListRequestResponse, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeStatusListRequestResponseBytes(data, opts)
}

// DecodeStatusListRequestResponseBytes decodes and validates a
// StatusListRequestResponse.
func DecodeStatusListRequestResponseBytes(data []byte, opts OBOptions) (*StatusListRequestResponse, error) {
	return obDecode(obStatusListRequestResponseKind, data, opts, (*xdec).decObWireStatusResponseBody, obConvStatusListRequestResponse, trimStatusListRequestResponse, obCheckStatusListRequestResponse)
}

// Validate checks m with the rules the decoder applies.
func (m *StatusListRequestResponse) Validate() error {
	if m == nil {
		return obValidate[StatusListRequestResponse](obStatusListRequestResponseKind, nil, OBHeader{}, obCheckStatusListRequestResponse)
	}
	return obValidate(obStatusListRequestResponseKind, m, m.Header, obCheckStatusListRequestResponse)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *StatusListRequestResponse) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return obEncode(obStatusListRequestResponseKind, m.Envelope, obWireHeaderOf(obStatusListRequestResponseKind, m.Header), obWireStatusOrdersOf(m.Orders, false))
}
