package broker

import (
	"time"

	"github.com/shopspring/decimal"
)

// OrderStatus is the status of an OMS order as the broker rules see it.
type OrderStatus byte

// Order statuses the eligibility rules distinguish.
const (
	OrderOpen      OrderStatus = 'O'
	OrderHeld      OrderStatus = 'H'
	OrderSuspended OrderStatus = 'S'
	OrderCanceled  OrderStatus = 'X'
	OrderClosed    OrderStatus = 'C'
)

// LineStatus is the status of an order line as the broker rules see it.
type LineStatus byte

// Line statuses the eligibility rules distinguish.
const (
	LineOpen     LineStatus = 'O'
	LineSoldOut  LineStatus = 'S'
	LineCanceled LineStatus = 'X'
	LineClosed   LineStatus = 'C'
	LineHeld     LineStatus = 'H'
)

// SoldoutControl is an item's soldout control status (§2.11).
type SoldoutControl int

// Soldout control statuses. SoldoutNone is an item without a soldout control code.
const (
	SoldoutNone SoldoutControl = iota
	SoldoutImmediately
	SoldoutIncludeOnOrder
	SoldoutExcludeOnOrder
)

// Name is a person or company name in the layout OB uses (BRK-359).
type Name struct {
	Company, Prefix, First, Middle, Last, Suffix string
}

// Address is a name-and-address block in the layout OB uses (BRK-360).
type Address struct {
	Name
	Attention                              string
	Address1, Address2, Address3, Address4 string
	Apartment, City, Province, Postal      string
	Country                                string
	Email                                  string
	DayPhone, EveningPhone                 string
}

// Customer is the sold-to customer.
type Customer struct {
	Number int
	// ORCEID is the Customer Engagement customer ID, if any (BRK-358).
	ORCEID            string
	Address           Address
	BypassReservation bool
}

// Message is an order or order line message with its print flag (P, B, G).
type Message struct {
	Text  string
	Print byte
}

// SpecialHandling is a line's special handling; Custom marks custom special
// handling (the only kind sent to OB, BRK-030).
type SpecialHandling struct {
	Custom     bool
	FieldLabel string
	Input      string
	Charge     decimal.Decimal
}

// Tax is one tax on a line (BRK-372).
type Tax struct {
	Description string
	Amount      decimal.Decimal
}

// Item is the item on an order line, with the flags the rules read.
type Item struct {
	Code, SKU       string
	UPC, EAN        string // never sent to OB (BRK-375)
	OROBEligible    bool
	DropShip        bool
	SetMain         bool
	SetComponent    bool
	Membership      bool
	StoredValueCard bool
	NonInventory    bool
	// ActivePO marks an active PO / pre-order item (BRK-020).
	ActivePO       bool
	SoldoutControl SoldoutControl
	ShipAlone      bool
	ShipWeight     decimal.Decimal
	// ReserveQtyLimit and ProjectedReturns are carried but never block
	// brokering (BRK-042, BRK-033).
	ReserveQtyLimit  int
	ProjectedReturns int
}

// OrderLine is one order detail line as the broker rules need it.
type OrderLine struct {
	Seq    int // order line sequence number
	Number int // line number shown to users
	Item   Item
	Status LineStatus
	// Warehouse is the line's warehouse; WarehouseLocation its OROB location.
	Warehouse         int
	WarehouseLocation string
	// Quantities.
	Ordered, Shipped, Canceled, Reserved, Backordered int
	UnitPrice                                         decimal.Decimal
	Taxes                                             []Tax
	GiftWrap                                          bool
	SpecialHandling                                   []SpecialHandling
	// FutureArrival marks a line with a future arrival date.
	FutureArrival bool
	// CoordinateGroup is non-zero for coordinate grouped lines.
	CoordinateGroup int
	// NextPODue is the due date of the earliest open PO line for the item in
	// the line's warehouse; zero when none.
	NextPODue time.Time
	// NonAllocatableStock: J25/J27 allow reserving against a non-allocatable
	// warehouse of the order type and that warehouse has stock (BRK-043).
	NonAllocatableStock bool
	ExtendedFreight     decimal.Decimal // line-level freight, when the order uses it
	Messages            []Message
	// PreviousOutcome is the status an earlier OB request for the line ended
	// in (U or E prevents a resubmission, BRK-102); zero when none.
	PreviousOutcome Status
}

// OpenQuantity is ordered minus shipped minus canceled.
func (l OrderLine) OpenQuantity() int { return l.Ordered - l.Shipped - l.Canceled }

// Order is an OMS order ship-to as the broker rules need it. Hosts fill it
// from their order data.
type Order struct {
	Key    OrderKey
	Type   string // order type code
	Status OrderStatus
	// ShipForPickup marks a ship-for-pickup order; PickupStore is the store
	// code on its one-time ship-to and PickupSystem the WSCR System Code.
	ShipForPickup bool
	PickupStore   string
	PickupSystem  string
	// ReceivedFromOB marks a retail pickup or delivery order received from OB (F3).
	ReceivedFromOB bool
	FutureOrder    bool
	ShipComplete   bool
	Gift           bool
	// PaidInFull and Authorized describe the payment state (BRK-035).
	PaidInFull bool
	Authorized bool
	// AuthorizationExpired asks for a new authorization before submission (BRK-021).
	AuthorizationExpired bool
	SoldTo               Customer
	ShipTo               Address
	PONumber             string
	ShipVia              string
	ShipViaDescription   string
	SourceCode           string
	Currency             string
	Freight              decimal.Decimal
	AdditionalCharges    decimal.Decimal
	AdditionalFreight    decimal.Decimal
	FreightTaxOverride   decimal.Decimal
	// OtherTax is order tax not on merchandise (freight, handling), prorated to brokered lines (BRK-340).
	OtherTax decimal.Decimal
	Messages []Message
	Lines    []OrderLine
}
