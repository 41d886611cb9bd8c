package xmlmsg

import (
	"context"
	"io"

	"github.com/shopspring/decimal"
)

// Fulfillments is the fulfillments request (OMS → OB): the BROKER process
// polls for orders newly assigned to an OMS location (message-formats.md
// §7.7, order-broker.md BRK-416).
type Fulfillments struct {
	Envelope      OBEnvelope
	Header        OBHeader
	StoreLocation OBLocation // the polling location and system
}

// FulfillmentsResponse lists the retail pickup and delivery orders OB
// assigned to the polling location, at most 1000 (message-formats.md §7.7,
// order-broker.md §2.42).
type FulfillmentsResponse struct {
	Envelope OBEnvelope
	Header   OBHeader
	Orders   []OBFulfillmentOrder
}

// OBFulfillmentOrder is one orders/order of a FulfillmentsResponse. Note that
// transaction_status is an attribute here.
type OBFulfillmentOrder struct {
	TransactionNo     string            // @transaction_no
	TransactionTypeID OBTransactionType // @transaction_type_id: RETAILPICKUP/SHIPFORPICKUP → retail pickup, else delivery
	RequestID         string            // @request_id
	OrderID           string            // @order_id
	TransactionStatus OBStatus          // @transaction_status

	RefTransactionNo         string
	TransactionDate          OBDateTime
	EmployeeID               string
	Subtotal                 decimal.Decimal // transaction_subtotal
	Tax                      decimal.Decimal // transaction_tax
	Total                    decimal.Decimal // transaction_total
	SpecialInstructions      string
	TransactionChannel       string
	ShipVia                  string
	ShipViaDescription       string
	Gift                     string
	SourceCode               string
	FreightAmount            decimal.Decimal
	BalanceDue               decimal.Decimal
	Currency                 string
	UnderReview              string
	AdditionalFreightCharges decimal.Decimal // order_additional_freight_charges
	AdditionalCharges        decimal.Decimal // order_additional_charges
	ShipComplete             string
	FreightTax               decimal.Decimal
	OrderMessage             string
	GiftMessage              string

	SoldTo        OBCustomer
	StoreLocation OBLocation    // with @request_system_cd and @request_location_cd
	Items         []OBOrderLine // items/item_detail
	Tenders       []OBTender    // transaction_tenders
}

var (
	obFulfillmentsKind         = obKind{root: "Fulfillments", inner: []string{"fulfillment_request_message"}, request: true}
	obFulfillmentsResponseKind = obKind{root: "FulfillmentsResponse", inner: []string{"fulfillment_response_message"}}
)

// ---- Fulfillments ----

type obWireFulfillmentsBody struct {
	StoreLocation OBLocation `xml:"store_location"`
}

func obConvFulfillments(_ *obValidator, env OBEnvelope, h OBHeader, b *obWireFulfillmentsBody) *Fulfillments {
	return &Fulfillments{Envelope: env, Header: h, StoreLocation: b.StoreLocation}
}

func obCheckFulfillments(v *obValidator, m *Fulfillments) {
	v.required(obF("store_location/@location_cd"), m.StoreLocation.LocationCd)
	v.location(obF("store_location/@location_cd"), m.StoreLocation.LocationCd)
	v.required(obF("store_location/@system_cd"), m.StoreLocation.SystemCd)
}

// DecodeFulfillments reads and decodes a Fulfillments request; see
// DecodeSubmitOrder for the limit and the errors.
func DecodeFulfillments(ctx context.Context, r io.Reader, opts OBOptions) (*Fulfillments, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeFulfillmentsBytes(data, opts)
}

// DecodeFulfillmentsBytes decodes and validates a Fulfillments request.
func DecodeFulfillmentsBytes(data []byte, opts OBOptions) (*Fulfillments, error) {
	return obDecode(obFulfillmentsKind, data, opts, (*xdec).decObWireFulfillmentsBody, obConvFulfillments, trimFulfillments, obCheckFulfillments)
}

// Validate checks m with the rules the decoder applies.
func (m *Fulfillments) Validate() error {
	if m == nil {
		return obValidate[Fulfillments](obFulfillmentsKind, nil, OBHeader{}, obCheckFulfillments)
	}
	return obValidate(obFulfillmentsKind, m, m.Header, obCheckFulfillments)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *Fulfillments) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return obEncode(obFulfillmentsKind, m.Envelope, obWireHeaderOf(obFulfillmentsKind, m.Header), obWireFulfillmentsBody{StoreLocation: m.StoreLocation})
}

// ---- FulfillmentsResponse ----

type obWireFulfillmentsResponseBody struct {
	Orders struct {
		Order []obWireFulfillmentOrder `xml:"order"`
	} `xml:"orders"`
}

type obWireFulfillmentOrder struct {
	TransactionNo            string     `xml:"transaction_no,attr"`
	TransactionTypeID        string     `xml:"transaction_type_id,attr"`
	RequestID                string     `xml:"request_id,attr"`
	OrderID                  string     `xml:"order_id,attr"`
	TransactionStatus        string     `xml:"transaction_status,attr"`
	RefTransactionNo         string     `xml:"ref_transaction_no"`
	TransactionDate          string     `xml:"transaction_date"`
	EmployeeID               string     `xml:"employee_id"`
	Subtotal                 string     `xml:"transaction_subtotal"`
	Tax                      string     `xml:"transaction_tax"`
	Total                    string     `xml:"transaction_total"`
	SpecialInstructions      string     `xml:"special_instructions"`
	TransactionChannel       string     `xml:"transaction_channel"`
	ShipVia                  string     `xml:"ship_via"`
	ShipViaDescription       string     `xml:"ship_via_description"`
	Gift                     string     `xml:"gift"`
	SourceCode               string     `xml:"source_code"`
	FreightAmount            string     `xml:"freight_amount"`
	BalanceDue               string     `xml:"balance_due"`
	Currency                 string     `xml:"currency"`
	UnderReview              string     `xml:"under_review"`
	AdditionalFreightCharges string     `xml:"order_additional_freight_charges"`
	AdditionalCharges        string     `xml:"order_additional_charges"`
	ShipComplete             string     `xml:"ship_complete"`
	FreightTax               string     `xml:"freight_tax"`
	OrderMessage             string     `xml:"order_message"`
	GiftMessage              string     `xml:"gift_message"`
	SoldTo                   OBCustomer `xml:"sold_to_customer"`
	StoreLocation            OBLocation `xml:"store_location"`
	Items                    struct {
		Item []obWireLine `xml:"item_detail"`
	} `xml:"items"`
	Tenders obWireTenders `xml:"transaction_tenders"`
}

func obConvFulfillmentsResponse(v *obValidator, env OBEnvelope, h OBHeader, b *obWireFulfillmentsResponseBody) *FulfillmentsResponse {
	m := &FulfillmentsResponse{Envelope: env, Header: h}
	for i := range b.Orders.Order {
		w := &b.Orders.Order[i]
		p := obAt("orders/order", i)
		o := OBFulfillmentOrder{
			TransactionNo:            w.TransactionNo,
			TransactionTypeID:        OBTransactionType(w.TransactionTypeID),
			RequestID:                w.RequestID,
			OrderID:                  w.OrderID,
			TransactionStatus:        OBStatus(w.TransactionStatus),
			RefTransactionNo:         w.RefTransactionNo,
			TransactionDate:          v.datetime(p.f("transaction_date"), w.TransactionDate),
			EmployeeID:               w.EmployeeID,
			Subtotal:                 v.amount(p.f("transaction_subtotal"), w.Subtotal),
			Tax:                      v.amount(p.f("transaction_tax"), w.Tax),
			Total:                    v.amount(p.f("transaction_total"), w.Total),
			SpecialInstructions:      w.SpecialInstructions,
			TransactionChannel:       w.TransactionChannel,
			ShipVia:                  w.ShipVia,
			ShipViaDescription:       w.ShipViaDescription,
			Gift:                     w.Gift,
			SourceCode:               w.SourceCode,
			FreightAmount:            v.amount(p.f("freight_amount"), w.FreightAmount),
			BalanceDue:               v.amount(p.f("balance_due"), w.BalanceDue),
			Currency:                 w.Currency,
			UnderReview:              w.UnderReview,
			AdditionalFreightCharges: v.amount(p.f("order_additional_freight_charges"), w.AdditionalFreightCharges),
			AdditionalCharges:        v.amount(p.f("order_additional_charges"), w.AdditionalCharges),
			ShipComplete:             w.ShipComplete,
			FreightTax:               v.amount(p.f("freight_tax"), w.FreightTax),
			OrderMessage:             w.OrderMessage,
			GiftMessage:              w.GiftMessage,
			SoldTo:                   w.SoldTo,
			StoreLocation:            w.StoreLocation,
			Tenders:                  v.tenders(p, w.Tenders),
		}
		for j := range w.Items.Item {
			o.Items = append(o.Items, v.line(p.at("items/item_detail", j), &w.Items.Item[j]))
		}
		m.Orders = append(m.Orders, o)
	}
	return m
}

// obCheckFulfillmentsResponse checks the wire rules only: whether an order
// can be built (sold-to name, lines) is the order-build step's decision, so
// that one incomplete order does not refuse a whole batch.
func obCheckFulfillmentsResponse(v *obValidator, m *FulfillmentsResponse) {
	v.maxCount(obF("orders/order"), len(m.Orders), OBMaxListIDs)
	for i := range m.Orders {
		o := &m.Orders[i]
		p := obAt("orders/order", i)
		v.required(p.f("@request_id"), o.RequestID)
		v.numericID(p.f("@request_id"), o.RequestID)
		v.status(p.f("@transaction_status"), o.TransactionStatus)
		v.yn(p.f("gift"), o.Gift)
		v.yn(p.f("ship_complete"), o.ShipComplete)
		v.yn(p.f("under_review"), o.UnderReview)
		for j := range o.Items {
			v.checkLine(p.at("items/item_detail", j), &o.Items[j])
		}
	}
}

// DecodeFulfillmentsResponse reads and decodes a FulfillmentsResponse; see
// DecodeSubmitOrder for the limit and the errors.
func DecodeFulfillmentsResponse(ctx context.Context, r io.Reader, opts OBOptions) (*FulfillmentsResponse, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeFulfillmentsResponseBytes(data, opts)
}

// DecodeFulfillmentsResponseBytes decodes and validates a FulfillmentsResponse.
func DecodeFulfillmentsResponseBytes(data []byte, opts OBOptions) (*FulfillmentsResponse, error) {
	return obDecode(obFulfillmentsResponseKind, data, opts, (*xdec).decObWireFulfillmentsResponseBody, obConvFulfillmentsResponse, trimFulfillmentsResponse, obCheckFulfillmentsResponse)
}

// Validate checks m with the rules the decoder applies.
func (m *FulfillmentsResponse) Validate() error {
	if m == nil {
		return obValidate[FulfillmentsResponse](obFulfillmentsResponseKind, nil, OBHeader{}, obCheckFulfillmentsResponse)
	}
	return obValidate(obFulfillmentsResponseKind, m, m.Header, obCheckFulfillmentsResponse)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *FulfillmentsResponse) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var b obWireFulfillmentsResponseBody
	for _, o := range m.Orders {
		w := obWireFulfillmentOrder{
			TransactionNo:            o.TransactionNo,
			TransactionTypeID:        string(o.TransactionTypeID),
			RequestID:                o.RequestID,
			OrderID:                  o.OrderID,
			TransactionStatus:        string(o.TransactionStatus),
			RefTransactionNo:         o.RefTransactionNo,
			TransactionDate:          o.TransactionDate.String(),
			EmployeeID:               o.EmployeeID,
			Subtotal:                 obFormatAmount(o.Subtotal),
			Tax:                      obFormatAmount(o.Tax),
			Total:                    obFormatAmount(o.Total),
			SpecialInstructions:      o.SpecialInstructions,
			TransactionChannel:       o.TransactionChannel,
			ShipVia:                  o.ShipVia,
			ShipViaDescription:       o.ShipViaDescription,
			Gift:                     o.Gift,
			SourceCode:               o.SourceCode,
			FreightAmount:            obFormatAmount(o.FreightAmount),
			BalanceDue:               obFormatAmount(o.BalanceDue),
			Currency:                 o.Currency,
			UnderReview:              o.UnderReview,
			AdditionalFreightCharges: obFormatAmount(o.AdditionalFreightCharges),
			AdditionalCharges:        obFormatAmount(o.AdditionalCharges),
			ShipComplete:             o.ShipComplete,
			FreightTax:               obFormatAmount(o.FreightTax),
			OrderMessage:             o.OrderMessage,
			GiftMessage:              o.GiftMessage,
			SoldTo:                   o.SoldTo,
			StoreLocation:            o.StoreLocation,
			Tenders:                  obWireTendersOf(o.Tenders),
		}
		for _, l := range o.Items {
			w.Items.Item = append(w.Items.Item, obWireLineOf(l, false))
		}
		b.Orders.Order = append(b.Orders.Order, w)
	}
	return obEncode(obFulfillmentsResponseKind, m.Envelope, obWireHeaderOf(obFulfillmentsResponseKind, m.Header), b)
}
