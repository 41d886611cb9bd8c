package broker

import "github.com/shopspring/decimal"

// FulfillmentDetailOrder is the body of one order of a FulfillmentsResponse
// (order-broker.md §2.19-§2.23, the index of §2.42): what F3 builds the
// OMS order from. Amounts are decimals (up to 15 places on the wire, BRK-007).
type FulfillmentDetailOrder struct {
	TransactionNo       string
	RefTransactionNo    string // → purchase order number (BRK-188)
	SourceCode          string
	SpecialInstructions string
	TransactionChannel  string // ignored: the channel is always C (BRK-167)
	ShipVia             string
	// ShipComplete is nil when the response has no ship_complete (then L01, BRK-182).
	ShipComplete *bool
	Gift         bool // overridden by L03 (BRK-184)
	// FreightAmount is nil when the response has no freight_amount (OMS then calculates freight, BRK-185).
	FreightAmount *decimal.Decimal
	Tax           decimal.Decimal // transaction_tax: not used (BRK-186)
	Total         decimal.Decimal // transaction_total
	BalanceDue    decimal.Decimal
	Currency      string
	OrderMessage  string

	// Not mapped (BRK-211): kept only so that a decoder can hand them over.
	UnderReview              bool
	AdditionalFreightCharges decimal.Decimal
	AdditionalCharges        decimal.Decimal

	SoldTo SoldTo
	// Store is store_location: location_cd and system_cd name the fulfilling
	// OMS location, request_location_cd and request_system_cd the originating
	// one (BRK-191).
	Store FulfillmentStoreLocation
	// ShipForPickup is shipforpickup_location, nil when absent (BRK-192).
	ShipForPickup *Location
	Items         []FulfillmentItem
	Tenders       []FulfillmentTender // ignored: the pay type is K98 (BRK-205)
}

// FulfillmentStoreLocation is the store_location element of a
// FulfillmentsResponse order.
type FulfillmentStoreLocation struct {
	Location        string // location_cd: the fulfilling OMS location
	System          string // system_cd: K50
	RequestLocation string // request_location_cd: the originating location
	RequestSystem   string // request_system_cd: = K50 for an OMS-originated order
}

// FulfillmentItem is one items/item_detail of a FulfillmentsResponse order.
type FulfillmentItem struct {
	LineNo              int
	RequestingLine      int // requesting_system_line_no (BRK-195)
	ItemID              string
	Qty                 int
	UnitPrice           decimal.Decimal
	GiftWrap            bool
	Messages            []string // order_line_message
	Customizations      []Customization
	CustomizationCharge decimal.Decimal
	Taxes               []LineTax
	ShipTo              Address
	SpecialInstructions string // not kept (BRK-208)
	// Not mapped (BRK-211).
	ExtendedFreight decimal.Decimal
	ShipAlone       bool
	ShipWeight      decimal.Decimal
	UPC, EAN        string
}

// FulfillmentTender is one transaction_tender (ignored, BRK-205).
type FulfillmentTender struct {
	Type   string
	Amount decimal.Decimal
}
