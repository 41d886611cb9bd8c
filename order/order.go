package order

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ResponseType is the CWORDERIN Header response_type: which CWORDEROUT the
// message asks for (order-api.md ORD-055).
type ResponseType string

// Response types (ORD-055).
const (
	// ResponseDetailed (D) asks for the Detailed Order XML Response without
	// the list of errors.
	ResponseDetailed ResponseType = "D"
	// ResponseDetailedWithErrors (E) asks for the Detailed Order XML Response
	// listing the errors found on the order.
	ResponseDetailedWithErrors ResponseType = "E"
	// ResponseAcknowledgement (A) asks for the Order Acknowledgement XML
	// Message, the "simple" response.
	ResponseAcknowledgement ResponseType = "A"
	// ResponseNone (N) asks for no response.
	ResponseNone ResponseType = "N"
)

// Valid reports whether t is one of D, E, A, N.
func (t ResponseType) Valid() bool {
	switch t {
	case ResponseDetailed, ResponseDetailedWithErrors, ResponseAcknowledgement, ResponseNone:
		return true
	}
	return false
}

// ChannelRetail is the order_channel of retail point-of-sale orders; such
// orders in error go to the I78 batch (ORD-005, ORD-071).
const ChannelRetail = "P"

// Status is where an order stands after intake.
type Status string

// Order statuses after intake (ORD-004 to ORD-006).
const (
	// StatusOpen: the order passed the edit and every hold check.
	StatusOpen Status = "O"
	// StatusHeld: the order passed the edit but is on hold (ORD-006, ORD-040,
	// ORD-046, ORD-065).
	StatusHeld Status = "H"
	// StatusError: the order failed the edit and waits in the G41 or I78 batch
	// for correction (ORD-005).
	StatusError Status = "E"
	// StatusPending: the order waits in a batch without errors: a batched
	// order (ORD-004) or an order still waiting for its payment (ORD-005).
	StatusPending Status = "P"
)

// Order is an order as the intake sees it: the header as sent, the sold-to
// identity data as sent, the ship-tos with their lines, and the payments,
// plus what the intake resolved (item, rep, email, status). Money is
// decimal.Decimal throughout.
type Order struct {
	// ID is the id the intake minted for the order; it is the order_id of
	// the response and the rdc_order_nbr of a later payment-only message.
	ID uuid.UUID
	// Number is the numeric OMS order number: the CWORDEROUT order_id
	// (numeric, 8 positions) and the rdc_order_nbr of a later payment-only
	// message. Intake takes it from Deps.OrderNumbers just before the commit;
	// it is 0 when no OrderNumbers is configured (the response then carries
	// ID as its order_id).
	Number int

	CompanyCode  string    // company_code
	OrderNumber  string    // order_number: the host's reference, unique (ORD-010)
	OrderDate    time.Time // order_date; zero means "today" from the clock
	OrderChannel string    // order_channel; "P" is retail (ORD-005)
	OrderType    string    // order_type; defaulted from U196 (ORD-061)
	SourceCode   string    // source_code; defaulted from U199 (ORD-064)
	Currency     string    // order currency; payments in another currency are rejected

	ResponseType ResponseType // response_type (ORD-055)
	PaymentOnly  bool         // payment_only (ORD-056, ORD-057)
	PayIncluded  bool         // pay_incl (ORD-056, ORD-057)
	RDCOrderNbr  string       // rdc_order_nbr: the order_id of the earlier response (ORD-057)

	SalesRepNumber     string // sales_rep_number (ORD-081)
	SalesRepName       string // sales_rep_name (ORD-081)
	OrderEmail         string // order_email (ORD-084)
	IndividualEmail    string // ind_email_address (ORD-084)
	SingleUsePromoCode string // single_use_promo_code (ORD-077)

	// Originator names a separate individual originator; the interface does
	// not support one (ORD-085), so a non-blank value rejects the message.
	Originator string

	Batch *BatchInfo // batch attributes (A.2); nil for a non-batched order

	SoldTo       SoldTo   // sold-to identity data as sent
	BillToNumber string   // bill_to_number as sent
	ShipTos      []ShipTo // ShipTos/ShipTo with their Items
	Payments     []Payment
	Coupons      []Coupon

	// MessageLength is the length in characters of the message the order
	// came in, when the decoder knows it; OverLimit is set by the decoder
	// when the message exceeded 65,000 characters. Either refuses the
	// message: nothing is written, no order and no customer
	// (message-formats.md §1.5, see MaxMessageLength).
	MessageLength int
	OverLimit     bool

	// Resolved by the intake.

	Status        Status
	Route         Route
	Holds         []string // hold reasons, e.g. "EH" (ORD-065)
	Rep           *Rep     // the sales rep used (ORD-082); nil when none
	ResolvedEmail string   // the order-level email (ORD-084)
	CustomerNbr   string   // the sold-to the selector chose or created
	AltSoldToID   string   // its Alt cust #
	BillTo        string   // the bill-to used on the order
	Totals        Totals
}

// MaxMessageLength is the largest inbound message, in characters including
// spaces, the intake takes in (message-formats.md §1.5). A longer one is
// refused whole (ErrRejected, ReasonOverLimit), nothing written. CWDirect
// 18.0 put such an order in error without its detail lines; the header it
// kept still created a customer, from values of any size, so omskit refuses
// the message instead.
const MaxMessageLength = 65000

// SoldTo is the sold-to identity as the message sent it. Choosing or creating
// the customer is the SoldToSelector's job.
type SoldTo struct {
	CustomerNumber string // customer_number
	AlternateID    string // alternate_sold_to_id
	ProspectID     string // prospect_id
	FirstName      string // sold_to_fname
	LastName       string // sold_to_lname
	Company        string // sold_to_company
	Address1       string // sold_to_address1
	Apartment      string // sold_to_apartment
	City           string // sold_to_city
	State          string // sold_to_state
	Zip            string // sold_to_zip
	Country        string // sold_to_country
	Email          string // sold_to_email
	DayPhone       string // sold_to_day_phone
	EvePhone       string // sold_to_eve_phone
	AddressUpdate  bool   // sold_to_address_update
	EmailUpdate    bool   // sold_to_email_update
}

// ShipTo is one ShipTo element: where its lines go.
type ShipTo struct {
	Type                  string // ship_to_type: "1", "2" or "3"
	CustomerShipToNumber  string // customer_ship_to_number
	PermanentShipToNumber string // permanent_ship_to_number
	FirstName             string
	LastName              string
	Company               string
	Address1              string
	City                  string
	State                 string
	Zip                   string // the SCF is its first 3 digits (ORD-073)
	Country               string
	ShipVia               string // shipping_method; may be replaced by the SCF's preferred ship via (ORD-073)
	CalcFreight           bool
	Freight               decimal.Decimal
	ShipComplete          bool
	Lines                 []Line
}

// Line is one order line (Item element).
type Line struct {
	Seq int // line number within the order; must be unique

	// Item identification, tried in this order (ORD-079).
	ItemID    string // item code (step 1, with SKU)
	SKU       string // SKU code (step 1)
	ShortSKU  string // short SKU number (step 2)
	RetailRef string // retail reference number (step 3)
	UPCType   string // UPC type (step 4)
	UPC       string // UPC code (step 4)
	AliasItem string // alias_item (step 5)
	SKUXref   string // sku_xref_nbr (step 6)

	Quantity   int             // quantity; negative means a return (ORD-026)
	Price      decimal.Decimal // actual_price
	NoCharge   bool            // no_charge
	SourceCode string          // line_source_code (ORD-064)
	Tax        decimal.Decimal // tax_amount

	Warehouse         string // line_warehouse (ORD-027)
	Location          string // location (ORD-028)
	ReturnReason      string // return_reason (ORD-029)
	ReturnDisposition string // return_disposition (ORD-030)

	// Features that need a pop-up window in interactive entry (ORD-087).
	VariableSet          bool
	TelemarketingSpecial bool
	ItemComment          string

	// Resolved by the intake.

	Item        *Item  // the resolved item and SKU
	ResolvedBy  string // the resolution step that found it (ORD-079)
	Future      bool   // added as a future order (zone reservation, ORD-089)
	Component   bool   // added by exploding a set or continuity master (ORD-088)
	Status      string // line status shown in the response, e.g. "In stock and reserved" (ORD-090)
	Disposition string // the disposition used on a return line (ORD-030)
	NewLocation bool   // an Item Location record is created (ORD-028)
}

// IsReturn reports whether the line is a return: a negative quantity
// (ORD-026).
func (l Line) IsReturn() bool { return l.Quantity < 0 }

// Coupon is a coupon number given on the order (ORD-068).
type Coupon struct {
	Number string
	Amount decimal.Decimal
}

// Totals are the order totals the response reports.
type Totals struct {
	Merchandise decimal.Decimal
	Freight     decimal.Decimal
	Tax         decimal.Decimal
	Order       decimal.Decimal
	Units       int // total line quantity (batch_qty_count, ORD-017)
}

// Rep is a sales rep.
type Rep struct {
	Number int
	Name   string
}

// Item is an item and SKU as the item catalog knows it.
type Item struct {
	Number      string
	SKU         string
	Description string
	Warehouses  []string // warehouses holding a record of the item (ORD-027)
	Locations   []string // locations the item has been placed in (ORD-028)

	SetMaster   bool     // a set (not variable) or continuity master (ORD-088)
	Components  []string // its components, added when it is exploded
	VariableSet bool     // a variable set: not supported (ORD-087)
	PreBillable bool     // adds the J72 item (ORD-090)
	// ZoneReservationPrompt is true when the zone reservation rules would
	// show the Select Order Line Option window in order entry (ORD-089).
	ZoneReservationPrompt bool
}

// inWarehouse reports whether the item has a record in whs.
func (it Item) inWarehouse(whs string) bool {
	for _, w := range it.Warehouses {
		if w == whs {
			return true
		}
	}
	return false
}

func (it Item) inLocation(loc string) bool {
	for _, l := range it.Locations {
		if l == loc {
			return true
		}
	}
	return false
}

// lines calls fn for every line with its ship-to and line indexes.
func (o *Order) lines(fn func(si, li int, l *Line)) {
	for si := range o.ShipTos {
		for li := range o.ShipTos[si].Lines {
			fn(si, li, &o.ShipTos[si].Lines[li])
		}
	}
}

// LineCount is the number of order lines over all ship-tos.
func (o *Order) LineCount() int {
	n := 0
	for _, s := range o.ShipTos {
		n += len(s.Lines)
	}
	return n
}

// Clone returns a deep copy of o, so a stored order and a returned one never
// share slices.
func (o Order) Clone() Order {
	c := o
	if o.Batch != nil {
		b := *o.Batch
		c.Batch = &b
	}
	if o.Rep != nil {
		r := *o.Rep
		c.Rep = &r
	}
	c.Holds = append([]string(nil), o.Holds...)
	c.Coupons = append([]Coupon(nil), o.Coupons...)
	c.ShipTos = make([]ShipTo, len(o.ShipTos))
	for i, s := range o.ShipTos {
		s.Lines = append([]Line(nil), s.Lines...)
		c.ShipTos[i] = s
	}
	c.Payments = make([]Payment, len(o.Payments))
	for i, p := range o.Payments {
		p.AuthHistory = append([]AuthRecord(nil), p.AuthHistory...)
		c.Payments[i] = p
	}
	if o.ShipTos == nil {
		c.ShipTos = nil
	}
	if o.Payments == nil {
		c.Payments = nil
	}
	return c
}
