package xmlmsg

import (
	"context"
	"io"

	"github.com/shopspring/decimal"
)

// SubmitOrder is the Order Broker submit order request (OMS → OB) that
// BROKER_ORD and pick slip generation send for brokered backorders, store
// pickup and ship-for-pickup orders (message-formats.md §7.2,
// order-broker.md §2.38).
type SubmitOrder struct {
	Envelope     OBEnvelope
	Header       OBHeader
	Transactions []OBSubmitTransaction // transactions/transaction_header; at least one
}

// OBSubmitTransaction is one transactions/transaction_header of a
// SubmitOrder (BRK-332 to BRK-364).
type OBSubmitTransaction struct {
	TransactionTypeID OBTransactionType // @transaction_type_id, BRK-332
	TransactionNo     string            // @transaction_no, BRK-333
	RequestID         string            // @request_id, empty on a submit (BRK-335)
	OrderID           string            // @order_id, BRK-334

	RefTransactionNo         string          // purchase order number, BRK-336
	TransactionDate          OBDateTime      // BRK-337
	EmployeeID               string          // CWS, BRK-338
	Subtotal                 decimal.Decimal // transaction_subtotal, BRK-339
	Tax                      decimal.Decimal // transaction_tax, BRK-340
	Total                    decimal.Decimal // transaction_total, BRK-341
	SpecialInstructions      string          // BRK-342
	TransactionStatus        OBStatus        // new_order, BRK-343
	TransactionChannel       string          // 1, BRK-344
	ShipVia                  string          // BRK-345
	ShipViaDescription       string          // BRK-345
	Gift                     string          // Y/N, BRK-346
	SourceCode               string          // BRK-347
	FreightAmount            decimal.Decimal // BRK-348
	BalanceDue               decimal.Decimal // BRK-349
	Currency                 string          // BRK-350
	AdditionalFreightCharges decimal.Decimal // order_additional_freight_charges, BRK-351
	AdditionalCharges        decimal.Decimal // order_additional_charges, BRK-352
	ShipComplete             string          // Y/N, BRK-353
	FreightTax               decimal.Decimal // BRK-354
	OrderMessage             string          // BRK-355
	GiftMessage              string          // BRK-356
	UnderReview              string          // Y/N/empty, BRK-357

	SoldTo                OBCustomer    // sold_to_customer, BRK-358 to BRK-360
	StoreLocation         OBLocation    // requesting location, BRK-361, BRK-362
	ShipForPickupLocation *OBLocation   // ship-for-pickup only, BRK-363, BRK-364
	Details               []OBOrderLine // transaction_details/transaction_detail, at least one
}

// OBOrderLine is a transaction_detail of a SubmitOrder (BRK-365 to BRK-382)
// or an item_detail of a FulfillmentsResponse (message-formats.md §7.7).
type OBOrderLine struct {
	LineItemNo             int      // @line_item_no, BRK-365
	RequestingSystemLineNo int      // @requesting_system_line_no (fulfillments response)
	LineItemStatus         OBStatus // line_item_status: element on a submit, attribute on a fulfillments response

	LocationCd          string          // BRK-366
	SystemCd            string          // BRK-367
	ItemID              OBItemID        // BRK-368
	Qty                 int             // BRK-369
	UnitPrice           decimal.Decimal // BRK-370
	ShipTo              OBParty         // BRK-371
	Taxes               []OBTax         // BRK-372
	SpecialInstructions string          // BRK-374
	ShippingAgent       string          // BRK-374 (submit only)
	TrackingNumber      string          // BRK-374 (submit only)
	ItemUPC             string          // item_upc_cd, BRK-375
	ItemEAN             string          // item_ean_cd, BRK-375
	ExtendedFreight     decimal.Decimal // order_line_extended_freight, BRK-376
	CustomizationCharge decimal.Decimal // order_line_customization_charge, BRK-377
	GiftWrap            string          // order_line_gift_wrap Y/N, BRK-378
	ShipAlone           string          // order_line_ship_alone Y/N, BRK-379
	ShipWeight          decimal.Decimal // order_line_ship_weight, BRK-380
	LineMessage         string          // order_line_message, BRK-381
	Customizations      []OBCustomization
}

var obSubmitOrderKind = obKind{root: "SubmitOrder", inner: []string{"order_request_message"}, request: true}

type obWireSubmitBody struct {
	Transactions struct {
		Header []obWireSubmitTransaction `xml:"transaction_header"`
	} `xml:"transactions"`
}

type obWireSubmitTransaction struct {
	TransactionTypeID        string              `xml:"transaction_type_id,attr"`
	TransactionNo            string              `xml:"transaction_no,attr"`
	RequestID                string              `xml:"request_id,attr"`
	OrderID                  string              `xml:"order_id,attr"`
	RefTransactionNo         string              `xml:"ref_transaction_no"`
	TransactionDate          string              `xml:"transaction_date"`
	EmployeeID               string              `xml:"employee_id"`
	Subtotal                 string              `xml:"transaction_subtotal"`
	Tax                      string              `xml:"transaction_tax"`
	Total                    string              `xml:"transaction_total"`
	SpecialInstructions      string              `xml:"special_instructions"`
	TransactionStatus        string              `xml:"transaction_status"`
	TransactionChannel       string              `xml:"transaction_channel"`
	ShipVia                  string              `xml:"ship_via"`
	ShipViaDescription       string              `xml:"ship_via_description"`
	Gift                     string              `xml:"gift"`
	SourceCode               string              `xml:"source_code"`
	FreightAmount            string              `xml:"freight_amount"`
	BalanceDue               string              `xml:"balance_due"`
	Currency                 string              `xml:"currency"`
	AdditionalFreightCharges string              `xml:"order_additional_freight_charges"`
	AdditionalCharges        string              `xml:"order_additional_charges"`
	ShipComplete             string              `xml:"ship_complete"`
	FreightTax               string              `xml:"freight_tax"`
	OrderMessage             string              `xml:"order_message"`
	GiftMessage              string              `xml:"gift_message"`
	UnderReview              string              `xml:"under_review"`
	SoldTo                   OBCustomer          `xml:"sold_to_customer"`
	StoreLocation            OBLocation          `xml:"store_location"`
	ShipForPickupLocation    *OBLocation         `xml:"shipforpickup_location,omitempty"`
	Details                  obWireSubmitDetails `xml:"transaction_details"`
}

type obWireSubmitDetails struct {
	Detail []obWireLine `xml:"transaction_detail"`
}

// obWireLine serves transaction_detail and item_detail; pointer fields are
// written only when set, so each message keeps its own element set.
type obWireLine struct {
	RequestingSystemLineNo string               `xml:"requesting_system_line_no,attr,omitempty"`
	LineItemStatusAttr     string               `xml:"line_item_status,attr,omitempty"`
	LineItemNo             string               `xml:"line_item_no,attr"`
	LocationCd             string               `xml:"location_cd"`
	SystemCd               string               `xml:"system_cd"`
	ItemID                 string               `xml:"item_id"`
	Qty                    string               `xml:"qty"`
	UnitPrice              string               `xml:"unit_price"`
	ShipTo                 OBParty              `xml:"ship_to"`
	Taxes                  obWireTaxes          `xml:"taxes"`
	LineItemStatus         *string              `xml:"line_item_status,omitempty"`
	SpecialInstructions    string               `xml:"special_instructions"`
	ShippingAgent          *string              `xml:"shipping_agent,omitempty"`
	TrackingNumber         *string              `xml:"tracking_number,omitempty"`
	ItemUPC                string               `xml:"item_upc_cd"`
	ItemEAN                string               `xml:"item_ean_cd"`
	ExtendedFreight        string               `xml:"order_line_extended_freight"`
	CustomizationCharge    string               `xml:"order_line_customization_charge"`
	GiftWrap               string               `xml:"order_line_gift_wrap"`
	ShipAlone              string               `xml:"order_line_ship_alone"`
	ShipWeight             string               `xml:"order_line_ship_weight"`
	LineMessage            string               `xml:"order_line_message"`
	Customizations         obWireCustomizations `xml:"customizations"`
}

func (v *obValidator) line(p obPath, w *obWireLine) OBOrderLine {
	l := OBOrderLine{
		LineItemNo:          v.integer(p.f("@line_item_no"), w.LineItemNo),
		LineItemStatus:      OBStatus(w.LineItemStatusAttr),
		LocationCd:          w.LocationCd,
		SystemCd:            w.SystemCd,
		ItemID:              ParseOBItemID(w.ItemID),
		Qty:                 v.integer(p.f("qty"), w.Qty),
		UnitPrice:           v.amount(p.f("unit_price"), w.UnitPrice),
		ShipTo:              w.ShipTo,
		Taxes:               v.taxes(p, w.Taxes),
		SpecialInstructions: w.SpecialInstructions,
		ItemUPC:             w.ItemUPC,
		ItemEAN:             w.ItemEAN,
		ExtendedFreight:     v.amount(p.f("order_line_extended_freight"), w.ExtendedFreight),
		CustomizationCharge: v.amount(p.f("order_line_customization_charge"), w.CustomizationCharge),
		GiftWrap:            w.GiftWrap,
		ShipAlone:           w.ShipAlone,
		ShipWeight:          v.amount(p.f("order_line_ship_weight"), w.ShipWeight),
		LineMessage:         w.LineMessage,
		Customizations:      obNonEmptyCustomizations(w.Customizations),
	}
	if w.RequestingSystemLineNo != "" {
		l.RequestingSystemLineNo = v.integer(p.f("@requesting_system_line_no"), w.RequestingSystemLineNo)
	}
	if w.LineItemStatus != nil {
		l.LineItemStatus = OBStatus(*w.LineItemStatus)
	}
	if w.ShippingAgent != nil {
		l.ShippingAgent = *w.ShippingAgent
	}
	if w.TrackingNumber != nil {
		l.TrackingNumber = *w.TrackingNumber
	}
	return l
}

// obWireLineOf writes l; submit selects the transaction_detail element set.
func obWireLineOf(l OBOrderLine, submit bool) obWireLine {
	w := obWireLine{
		LineItemNo:          obInt(l.LineItemNo),
		LocationCd:          l.LocationCd,
		SystemCd:            l.SystemCd,
		ItemID:              l.ItemID.wire(),
		Qty:                 obInt(l.Qty),
		UnitPrice:           obFormatAmount(l.UnitPrice),
		ShipTo:              l.ShipTo,
		Taxes:               obWireTaxesOf(l.Taxes),
		SpecialInstructions: l.SpecialInstructions,
		ItemUPC:             l.ItemUPC,
		ItemEAN:             l.ItemEAN,
		ExtendedFreight:     obFormatAmount(l.ExtendedFreight),
		CustomizationCharge: obFormatAmount(l.CustomizationCharge),
		GiftWrap:            l.GiftWrap,
		ShipAlone:           l.ShipAlone,
		ShipWeight:          obFormatAmount(l.ShipWeight),
		LineMessage:         l.LineMessage,
		Customizations:      obWireCustomizations{Customization: l.Customizations},
	}
	if submit {
		st, sa, tn := string(l.LineItemStatus), l.ShippingAgent, l.TrackingNumber
		w.LineItemStatus, w.ShippingAgent, w.TrackingNumber = &st, &sa, &tn
		if l.RequestingSystemLineNo != 0 {
			w.RequestingSystemLineNo = obInt(l.RequestingSystemLineNo)
		}
	} else {
		w.RequestingSystemLineNo = obInt(l.RequestingSystemLineNo)
		w.LineItemStatusAttr = string(l.LineItemStatus)
		if l.ShippingAgent != "" {
			w.ShippingAgent = &l.ShippingAgent
		}
		if l.TrackingNumber != "" {
			w.TrackingNumber = &l.TrackingNumber
		}
	}
	return w
}

// checkLine validates one order line: the item is required, codes fit.
func (v *obValidator) checkLine(p obPath, l *OBOrderLine) {
	v.required(p.f("item_id"), l.ItemID.Raw+l.ItemID.Item)
	if len([]rune(l.ItemID.Item)) > OBItemLen {
		v.add(p.f("item_id"), l.ItemID.Item, RuleMaxLength, "item code at most 12 characters")
	}
	if len([]rune(l.ItemID.SKU)) > OBSKULen {
		v.add(p.f("item_id"), l.ItemID.SKU, RuleMaxLength, "SKU code at most 14 characters")
	}
	v.location(p.f("location_cd"), l.LocationCd)
	v.status(p.f("line_item_status"), l.LineItemStatus)
	v.yn(p.f("order_line_gift_wrap"), l.GiftWrap)
	v.yn(p.f("order_line_ship_alone"), l.ShipAlone)
}

func obConvSubmitOrder(v *obValidator, env OBEnvelope, h OBHeader, b *obWireSubmitBody) *SubmitOrder {
	m := &SubmitOrder{Envelope: env, Header: h}
	for i := range b.Transactions.Header {
		w := &b.Transactions.Header[i]
		p := obAt("transaction_header", i)
		t := OBSubmitTransaction{
			TransactionTypeID:        OBTransactionType(w.TransactionTypeID),
			TransactionNo:            w.TransactionNo,
			RequestID:                w.RequestID,
			OrderID:                  w.OrderID,
			RefTransactionNo:         w.RefTransactionNo,
			TransactionDate:          v.datetime(p.f("transaction_date"), w.TransactionDate),
			EmployeeID:               w.EmployeeID,
			Subtotal:                 v.amount(p.f("transaction_subtotal"), w.Subtotal),
			Tax:                      v.amount(p.f("transaction_tax"), w.Tax),
			Total:                    v.amount(p.f("transaction_total"), w.Total),
			SpecialInstructions:      w.SpecialInstructions,
			TransactionStatus:        OBStatus(w.TransactionStatus),
			TransactionChannel:       w.TransactionChannel,
			ShipVia:                  w.ShipVia,
			ShipViaDescription:       w.ShipViaDescription,
			Gift:                     w.Gift,
			SourceCode:               w.SourceCode,
			FreightAmount:            v.amount(p.f("freight_amount"), w.FreightAmount),
			BalanceDue:               v.amount(p.f("balance_due"), w.BalanceDue),
			Currency:                 w.Currency,
			AdditionalFreightCharges: v.amount(p.f("order_additional_freight_charges"), w.AdditionalFreightCharges),
			AdditionalCharges:        v.amount(p.f("order_additional_charges"), w.AdditionalCharges),
			ShipComplete:             w.ShipComplete,
			FreightTax:               v.amount(p.f("freight_tax"), w.FreightTax),
			OrderMessage:             w.OrderMessage,
			GiftMessage:              w.GiftMessage,
			UnderReview:              w.UnderReview,
			SoldTo:                   w.SoldTo,
			StoreLocation:            w.StoreLocation,
			ShipForPickupLocation:    w.ShipForPickupLocation,
		}
		for j := range w.Details.Detail {
			t.Details = append(t.Details, v.line(p.at("transaction_detail", j), &w.Details.Detail[j]))
		}
		m.Transactions = append(m.Transactions, t)
	}
	return m
}

var obSubmitTypes = []OBTransactionType{OBTransactionDelivery, OBTransactionShipForPickup, OBTransactionShipToStore, OBTransactionPickup}

func obCheckSubmitOrder(v *obValidator, m *SubmitOrder) {
	if len(m.Transactions) == 0 {
		v.add(obF("transactions/transaction_header"), "", RuleRequired, "at least one transaction_header")
	}
	for i := range m.Transactions {
		t := &m.Transactions[i]
		p := obAt("transaction_header", i)
		okType := false
		for _, k := range obSubmitTypes {
			okType = okType || t.TransactionTypeID == k
		}
		if t.TransactionTypeID == "" {
			v.required(p.f("@transaction_type_id"), "")
		} else if !okType {
			v.add(p.f("@transaction_type_id"), string(t.TransactionTypeID), RuleAllowedValues, "DELIVERY, SHIPFORPICKUP (or SHIPTOSTORE) or PICKUP")
		}
		v.required(p.f("@transaction_no"), t.TransactionNo)
		v.required(p.f("@order_id"), t.OrderID)
		v.numericID(p.f("@request_id"), t.RequestID)
		v.status(p.f("transaction_status"), t.TransactionStatus)
		v.yn(p.f("gift"), t.Gift)
		v.yn(p.f("ship_complete"), t.ShipComplete)
		v.yn(p.f("under_review"), t.UnderReview)
		v.required(p.f("sold_to_customer/@customer_no"), t.SoldTo.CustomerNo)
		v.soldToName(p.f("sold_to_customer/name"), t.SoldTo.Name)
		v.location(p.f("store_location/@location_cd"), t.StoreLocation.LocationCd)
		v.required(p.f("store_location/@system_cd"), t.StoreLocation.SystemCd)
		if t.ShipForPickupLocation != nil {
			v.required(p.f("shipforpickup_location/@location_cd"), t.ShipForPickupLocation.LocationCd)
			v.location(p.f("shipforpickup_location/@location_cd"), t.ShipForPickupLocation.LocationCd)
		}
		if len(t.Details) == 0 {
			v.add(p.f("transaction_details/transaction_detail"), "", RuleRequired, "at least one transaction_detail")
		}
		for j := range t.Details {
			v.checkLine(p.at("transaction_detail", j), &t.Details[j])
		}
	}
}

// DecodeSubmitOrder reads a SubmitOrder from r, refusing more than
// opts.MaxBytes before the rest of the body is read, then decodes and
// validates it like DecodeSubmitOrderBytes.
func DecodeSubmitOrder(ctx context.Context, r io.Reader, opts OBOptions) (*SubmitOrder, error) {
	data, err := obReadAll(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return DecodeSubmitOrderBytes(data, opts)
}

// DecodeSubmitOrderBytes decodes and validates a SubmitOrder. Errors wrap
// ErrTooLarge, ErrNotUTF8, ErrMalformed (*SyntaxError), ErrWrongRoot,
// ErrUnsupportedVersion (*VersionError) or ErrInvalid (*ValidationError).
func DecodeSubmitOrderBytes(data []byte, opts OBOptions) (*SubmitOrder, error) {
	return obDecode(obSubmitOrderKind, data, opts, (*xdec).decObWireSubmitBody, obConvSubmitOrder, trimSubmitOrder, obCheckSubmitOrder)
}

// Validate checks m with the rules the decoder applies.
func (m *SubmitOrder) Validate() error {
	if m == nil {
		return obValidate[SubmitOrder](obSubmitOrderKind, nil, OBHeader{}, obCheckSubmitOrder)
	}
	return obValidate(obSubmitOrderKind, m, m.Header, obCheckSubmitOrder)
}

// Encode validates m and writes it in the shape of its Envelope.
func (m *SubmitOrder) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	b := obWireSubmitBody{}
	for _, t := range m.Transactions {
		w := obWireSubmitTransaction{
			TransactionTypeID:        string(t.TransactionTypeID),
			TransactionNo:            t.TransactionNo,
			RequestID:                t.RequestID,
			OrderID:                  t.OrderID,
			RefTransactionNo:         t.RefTransactionNo,
			TransactionDate:          t.TransactionDate.String(),
			EmployeeID:               t.EmployeeID,
			Subtotal:                 obFormatAmount(t.Subtotal),
			Tax:                      obFormatAmount(t.Tax),
			Total:                    obFormatAmount(t.Total),
			SpecialInstructions:      t.SpecialInstructions,
			TransactionStatus:        string(t.TransactionStatus),
			TransactionChannel:       t.TransactionChannel,
			ShipVia:                  t.ShipVia,
			ShipViaDescription:       t.ShipViaDescription,
			Gift:                     t.Gift,
			SourceCode:               t.SourceCode,
			FreightAmount:            obFormatAmount(t.FreightAmount),
			BalanceDue:               obFormatAmount(t.BalanceDue),
			Currency:                 t.Currency,
			AdditionalFreightCharges: obFormatAmount(t.AdditionalFreightCharges),
			AdditionalCharges:        obFormatAmount(t.AdditionalCharges),
			ShipComplete:             t.ShipComplete,
			FreightTax:               obFormatAmount(t.FreightTax),
			OrderMessage:             t.OrderMessage,
			GiftMessage:              t.GiftMessage,
			UnderReview:              t.UnderReview,
			SoldTo:                   t.SoldTo,
			StoreLocation:            t.StoreLocation,
			ShipForPickupLocation:    t.ShipForPickupLocation,
		}
		for _, l := range t.Details {
			w.Details.Detail = append(w.Details.Detail, obWireLineOf(l, true))
		}
		b.Transactions.Header = append(b.Transactions.Header, w)
	}
	return obEncode(obSubmitOrderKind, m.Envelope, obWireHeaderOf(obSubmitOrderKind, m.Header), b)
}
