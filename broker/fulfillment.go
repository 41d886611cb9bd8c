package broker

//go:generate go tool mockgen -source=fulfillment.go -destination=mock_fulfillment_test.go -package=broker

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
)

// Sentinels of the F3 order build.
var (
	// ErrFulfillmentRejected is wrapped by every [Rejection].
	ErrFulfillmentRejected = errors.New("fulfillment rejected")
	// ErrUnknownItem: the catalog does not know the item (FulfillmentCatalog).
	ErrUnknownItem = errors.New("unknown item")
	// ErrLinkNotFound: no order link for the key or request ID (OrderLinks).
	ErrLinkNotFound = errors.New("order link not found")
)

// StockedItem is an item as the F3 accept/reject rules read it, in the
// warehouse of the Fulfillments request (L06) or across warehouses.
type StockedItem struct {
	Code      string
	Available int
	// SoldOut: the item has a soldout control value and no availability.
	SoldOut bool
	// DropShip items may be filled without stock when they have no soldout
	// control value (BRK-163); HasSoldoutControl says whether they have one.
	DropShip          bool
	HasSoldoutControl bool
	// POWithinThreshold: a purchase order due within K11 could fill the line (BRK-161).
	POWithinThreshold bool
}

// FulfillmentCatalog looks up the items of a FulfillmentsResponse, with the
// stock of warehouse (L06 selected) or, when warehouse is 0, across all
// warehouses (BRK-161). An item it does not know returns an error wrapping
// [ErrUnknownItem].
type FulfillmentCatalog interface {
	FulfillmentItem(ctx context.Context, company, warehouse int, itemID string) (StockedItem, error)
}

// StoreDirectory reads Store Cross Reference (WSCR) records. A store it does
// not know returns an error wrapping [ErrLinkNotFound] or any other error.
type StoreDirectory interface {
	StoreXref(ctx context.Context, company int, store string) (StoreXref, error)
}

// FulfillmentCustomers finds or creates the sold-to of a received order
// (§2.20). [OrceCustomers] implements it with orce.ResolveFulfillmentCustomer.
type FulfillmentCustomers interface {
	ResolveFulfillmentCustomer(ctx context.Context, customerNo string, in orce.ResponseCustomer) (orce.FulfillmentResult, error)
}

// OrderLinks answers which order fulfils which (BRK-067, BRK-168): a host
// queries one side from the other. A missing link returns an error wrapping
// [ErrLinkNotFound].
type OrderLinks interface {
	LinkByRequestID(ctx context.Context, requestID string) (OrderLink, error)
	LinkByFulfilling(ctx context.Context, fulfilling OrderKey) (OrderLink, error)
	LinksByOriginating(ctx context.Context, originating OrderKey) ([]OrderLink, error)
}

// OrderLink ties the order an F3 fulfillment created to the order that
// originated it: the same request ID on both, and the originating order
// number as "ORIG#: <order>-<ship-to>" on the fulfilling order.
type OrderLink struct {
	RequestID string
	// OriginatingOrderID is the response order_id (the originating system's order number).
	OriginatingOrderID string
	// Originating is the OMS originating order for an OMS-originated order, else nil.
	Originating *OrderKey
	Fulfilling  OrderKey
	// Update is the status update answered for the fulfillment (BRK-213),
	// empty when none; a duplicate of the fulfillment gets it again.
	Update OBStatus
}

// OrceCustomers resolves the customer of a received order through package
// orce (L37, M72, K96, K97: BRK-173..BRK-181).
type OrceCustomers struct {
	Store      orce.FulfillmentStore
	Engagement orce.Engagement
	Settings   orce.Settings
	Customer   customer.Settings
}

// ResolveFulfillmentCustomer implements [FulfillmentCustomers].
func (o OrceCustomers) ResolveFulfillmentCustomer(ctx context.Context, customerNo string, in orce.ResponseCustomer) (orce.FulfillmentResult, error) {
	return orce.ResolveFulfillmentCustomer(ctx, o.Store, o.Engagement, o.Settings, o.Customer, customerNo, in)
}

// RejectReason classifies why a fulfillment is rejected back to OB.
type RejectReason string

// Reject reasons.
const (
	RejectUnknownItem     RejectReason = "unknown item"
	RejectSoldOut         RejectReason = "only item sold out"     // BRK-162
	RejectCannotFill      RejectReason = "cannot fill"            // BRK-161
	RejectMissingCustomer RejectReason = "missing customer"       // BRK-009
	RejectBadAddress      RejectReason = "bad address"            // ship-to of the first item
	RejectPaymentShort    RejectReason = "payment does not cover" // no K98, or total below the lines
	RejectInvalidLine     RejectReason = "invalid line"           // no items, quantity not positive
)

// Rejection is one reason a fulfillment cannot become an order. It wraps
// [ErrFulfillmentRejected].
type Rejection struct {
	Reason RejectReason
	Line   int    // item line (1-based), 0 for the order
	Field  string // the response field, e.g. "item_id"
	Value  string
	Text   string
}

// Error implements error.
func (r Rejection) Error() string {
	where := "order"
	if r.Line > 0 {
		where = fmt.Sprintf("item %d", r.Line)
	}
	return fmt.Sprintf("broker: fulfillment %s: %s %q: %s (%s)", where, r.Field, r.Value, r.Text, r.Reason)
}

// Unwrap returns [ErrFulfillmentRejected].
func (r Rejection) Unwrap() error { return ErrFulfillmentRejected }

// ReceiveOutcome is what became of a fulfillment.
type ReceiveOutcome string

// Outcomes (F3.01-F3.04; duplicates create nothing).
const (
	OutcomeAccepted  ReceiveOutcome = "accepted"  // created open: update accepted
	OutcomeHeld      ReceiveOutcome = "held"      // created on hold: update polled
	OutcomeInError   ReceiveOutcome = "in error"  // created in error: polled with L04, else nothing
	OutcomeRejected  ReceiveOutcome = "rejected"  // not created: update rejected
	OutcomeDuplicate ReceiveOutcome = "duplicate" // request ID seen before: no second order; the first answer is repeated
)

// FulfillmentDecision is the answer for one FulfillmentsResponse order.
type FulfillmentDecision struct {
	Outcome            ReceiveOutcome
	RequestID          string
	FulfillingLocation Location
	// Rejections say why (OutcomeRejected); Errors are the order errors of
	// an order created in error (OutcomeInError).
	Rejections []Rejection
	Errors     []string
	// Order is the order to create; nil when rejected or a duplicate.
	Order *ReceivedOrder
	// Customer is the sold-to resolution (nil when rejected or a duplicate).
	Customer *orce.FulfillmentResult
	// Existing is the link of the earlier order with the same request ID (duplicates).
	Existing *OrderLink
}

// Update is the status update BROKER sends OB for the decision (BRK-213),
// and false when none is sent.
func (d FulfillmentDecision) Update(s Settings) (OBStatus, bool) {
	switch d.Outcome {
	case OutcomeAccepted:
		return OBAccepted, true
	case OutcomeHeld:
		return OBPolled, true
	case OutcomeInError:
		return OBPolled, s.Flows.RePolling
	case OutcomeRejected:
		return OBRejected, true
	case OutcomeDuplicate:
		// the answer given the first time, again: OB keeps sending a
		// fulfillment until it gets one (a lost update, §2.36).
		if d.Existing != nil && d.Existing.Update != "" {
			return d.Existing.Update, true
		}
	}
	return "", false
}

// Err returns the rejections joined (nil unless rejected).
func (d FulfillmentDecision) Err() error {
	errs := make([]error, len(d.Rejections))
	for i, r := range d.Rejections {
		errs[i] = r
	}
	return errors.Join(errs...)
}

// Settle records the order edit's verdict on an accepted order: in error
// (order batch K90, BRK-214) or held. A rejected or duplicate decision is
// returned unchanged.
func (d FulfillmentDecision) Settle(held bool, editErrors []string) FulfillmentDecision {
	if d.Outcome != OutcomeAccepted && d.Outcome != OutcomeHeld && d.Outcome != OutcomeInError {
		return d
	}
	d.Errors = append(d.Errors, editErrors...)
	switch {
	case len(d.Errors) > 0:
		d.Outcome = OutcomeInError
	case held:
		d.Outcome = OutcomeHeld
	}
	return d
}

// Link is the order link for the order this decision creates once the host
// assigned its key (BRK-067, BRK-168).
func (d FulfillmentDecision) Link(fulfilling OrderKey, s Settings) OrderLink {
	l := OrderLink{RequestID: d.RequestID, Fulfilling: fulfilling}
	if st, ok := d.Update(s); ok {
		l.Update = st
	}
	if d.Order != nil {
		l.OriginatingOrderID = d.Order.OriginatingOrderID
		l.Originating = d.Order.Originating
	}
	return l
}

// ReceivedOrder is the OMS order to create from a FulfillmentsResponse order
// (§2.19-§2.23). The host passes it through its order edit (package order).
type ReceivedOrder struct {
	ID        uuid.UUID
	Company   int
	Warehouse int // the warehouse of the Fulfillments request (BRK-189)
	RequestID string
	OrderType string
	// RetailPickup: a retail pickup order (RETAILPICKUP or SHIPFORPICKUP), else delivery (BRK-166).
	RetailPickup bool
	// FromShipForPickup: began as a brokered ship-for-pickup order (BRK-166).
	FromShipForPickup bool
	Channel           string // always "C" (BRK-167)
	// ECommerceOrderNumber is order_id, "ORIG#: "-prefixed when OMS-originated (BRK-168).
	ECommerceOrderNumber string
	OriginatingOrderID   string
	// Originating is the OMS order that originated it, when OMS-originated.
	Originating   *OrderKey
	OMSOriginated bool
	// UpdateDemand: raise the order count and demand (false when OMS-originated, BRK-172).
	UpdateDemand bool
	OrderDate    time.Time // and entered date (BRK-169)
	SourceCode   string
	CustomerNo   string
	SoldTo       Address
	ShipComplete bool
	ShipVia      string
	Gift         bool
	// Freight is nil when OMS calculates it (BRK-185).
	Freight            *decimal.Decimal
	FreightTaxOverride bool // always true (BRK-187)
	Tax                decimal.Decimal
	Handling           decimal.Decimal
	PONumber           string
	ShipTo             Address
	ShipToPhone        string
	Originate          Location
	Fulfill            Location
	Pickup             *Location
	Lines              []ReceivedLine
	Payment            ReceivedPayment
	Messages           []Message
}

// ReceivedLine is one order detail line of a received order (§2.22).
type ReceivedLine struct {
	Seq                 int
	RequestingLine      int
	ItemID              string
	Qty                 int
	UnitPrice           decimal.Decimal
	PriceOverrideReason string
	GiftWrap            bool
	TaxOverride         decimal.Decimal
	CustomizationCharge decimal.Decimal
	Messages            []Message
	// SoldOut marks a sold-out line of an order accepted with other lines (BRK-164).
	SoldOut bool
}

// ReceivedPayment is the K98 payment method of a received order (BRK-205).
type ReceivedPayment struct {
	PayType         string
	CardNumber      string
	SuppressDeposit bool
	SuppressRefund  bool
	Amount          decimal.Decimal
}

// FulfillmentSource is the company and warehouse of the Fulfillments
// request the order came in (BRK-189).
type FulfillmentSource struct {
	Company   int
	Warehouse int
}

// FulfillmentDeps are the interfaces [ReceiveFulfillment] reads through.
// Stores may be nil (no WSCR lookups).
type FulfillmentDeps struct {
	Catalog   FulfillmentCatalog
	Customers FulfillmentCustomers
	Links     OrderLinks
	Stores    StoreDirectory
	// Now is the clock (nil: time.Now); NewID mints order ids (nil: uuid.New).
	Now   func() time.Time
	NewID func() uuid.UUID
}

// ReceiveFulfillment decides one FulfillmentsResponse order (§2.18-§2.24):
//  1. a request ID seen before is a duplicate: no second order; the update
//     answered the first time is sent again (OB resends until answered);
//  2. the accept/reject checks ([CheckFulfillment]): any rejection returns
//     OutcomeRejected with every reason, before anything is written;
//  3. the sold-to customer is resolved (orce rules, §2.20);
//  4. the order is built ([BuildReceivedOrder]); a missing source code
//     makes it OutcomeInError (BRK-171).
//
// The host then runs its order edit, calls [FulfillmentDecision.Settle],
// creates the order and its records (F3.01-F3.03) in one transaction and
// saves [FulfillmentDecision.Link]. A lookup failure returns an error and
// no decision; nothing has been written.
func ReceiveFulfillment(ctx context.Context, deps FulfillmentDeps, s Settings, src FulfillmentSource, fo FulfillmentOrder) (FulfillmentDecision, error) {
	d := FulfillmentDecision{RequestID: strings.TrimSpace(fo.RequestID)}
	if d.RequestID == "" || fo.Detail == nil {
		return d, fmt.Errorf("broker: fulfillment order_id %q: request_id or order body missing: %w", fo.OrderID, ErrInvalidInput)
	}
	d.FulfillingLocation = Location{Location: strings.TrimSpace(fo.Detail.Store.Location), System: strings.TrimSpace(fo.Detail.Store.System)}
	if deps.Links != nil {
		l, err := deps.Links.LinkByRequestID(ctx, d.RequestID)
		switch {
		case err == nil:
			d.Outcome, d.Existing = OutcomeDuplicate, &l
			return d, nil
		case !errors.Is(err, ErrLinkNotFound):
			return FulfillmentDecision{}, fmt.Errorf("broker: fulfillment request %s: duplicate check: %w", d.RequestID, err)
		}
	}
	rej, soldOutLines, err := CheckFulfillment(ctx, deps.Catalog, s, src, fo)
	if err != nil {
		return FulfillmentDecision{}, err
	}
	if len(rej) > 0 {
		d.Outcome, d.Rejections = OutcomeRejected, rej
		return d, nil
	}
	det := fo.Detail
	var cust *orce.FulfillmentResult
	if deps.Customers != nil {
		a := det.SoldTo.Address
		in := orce.ResponseCustomer{
			Name:    customer.Name{Prefix: a.Prefix, First: a.First, MiddleInitial: a.Middle, Last: a.Last, Suffix: a.Suffix, Company: a.Company},
			Address: customer.Address{Line1: a.Address1, Line2: a.Address2, Line3: a.Address3, Apartment: a.Apartment, City: a.City, State: a.Province, Zip: a.Postal, Country: strings.TrimSpace(a.Country)},
			Email:   a.Email, Phone1: a.DayPhone, Phone2: a.EveningPhone,
		}
		res, err := deps.Customers.ResolveFulfillmentCustomer(ctx, det.SoldTo.CustomerNo, in)
		if err != nil {
			return FulfillmentDecision{}, fmt.Errorf("broker: fulfillment request %s: customer %q: %w", d.RequestID, det.SoldTo.CustomerNo, err)
		}
		cust = &res
	}
	wscr := func(loc string) (StoreXref, bool) {
		if deps.Stores == nil || loc == "" {
			return StoreXref{}, false
		}
		x, err := deps.Stores.StoreXref(ctx, src.Company, loc)
		return x, err == nil
	}
	now := time.Now
	if deps.Now != nil {
		now = deps.Now
	}
	id := uuid.New()
	if deps.NewID != nil {
		id = deps.NewID()
	}
	origStore, _ := wscr(strings.TrimSpace(det.Store.RequestLocation))
	o, errs := BuildReceivedOrder(s, src, fo, origStore, now(), id)
	for i := range o.Lines {
		if soldOutLines[i] {
			o.Lines[i].SoldOut = true
		}
	}
	if cust != nil {
		o.CustomerNo = cust.SoldTo.Number.String()
	}
	d.Order, d.Customer, d.Errors, d.Outcome = &o, cust, errs, OutcomeAccepted
	if len(errs) > 0 {
		d.Outcome = OutcomeInError
	}
	return d, nil
}

// CheckFulfillment runs the accept/reject checks of a fulfillment and
// returns every rejection, plus the sold-out lines of an order that is still
// accepted (BRK-164). A catalog failure other than an unknown item is
// returned as an error.
//   - no items, or a quantity below 1: rejected (invalid line);
//   - an item the catalog does not know: rejected (unknown item);
//   - a one-item order whose item is sold out: rejected, whatever K89 says
//     (BRK-162); a sold-out line among several: accepted (BRK-164);
//   - K89 unselected and a line OMS cannot fill (stock in the request's
//     warehouse with L06, else across warehouses), unless a PO due within
//     K11 could fill it or it is a drop ship item without soldout control:
//     rejected (BRK-161, BRK-163);
//   - no sold-to first and last name or company: rejected (BRK-009);
//   - the first item's ship-to without street, city, postal code or
//     country: rejected (BRK-190);
//   - K98 blank (no pay type for the order), or a transaction_total below
//     the lines, their tax and the freight passed: rejected (BRK-205).
func CheckFulfillment(ctx context.Context, cat FulfillmentCatalog, s Settings, src FulfillmentSource, fo FulfillmentOrder) ([]Rejection, map[int]bool, error) {
	det := fo.Detail
	if det == nil {
		return nil, nil, fmt.Errorf("broker: fulfillment %q: no order body: %w", fo.RequestID, ErrInvalidInput)
	}
	var rej []Rejection
	soldOut := map[int]bool{}
	if len(det.Items) == 0 {
		rej = append(rej, Rejection{Reason: RejectInvalidLine, Field: "items", Value: "", Text: "the order has no items"})
	}
	total := decimal.Zero
	for i, it := range det.Items {
		n := i + 1
		if it.Qty < 1 {
			rej = append(rej, Rejection{Reason: RejectInvalidLine, Line: n, Field: "qty", Value: strconv.Itoa(it.Qty), Text: "quantity must be 1 or more"})
			continue
		}
		total = total.Add(it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Qty))))
		for _, t := range it.Taxes {
			total = total.Add(t.Amount)
		}
		if cat == nil {
			continue
		}
		wh := 0
		if s.SendInventoryByWarehouse {
			wh = src.Warehouse
		}
		st, err := cat.FulfillmentItem(ctx, src.Company, wh, strings.TrimSpace(it.ItemID))
		switch {
		case errors.Is(err, ErrUnknownItem):
			rej = append(rej, Rejection{Reason: RejectUnknownItem, Line: n, Field: "item_id", Value: strings.TrimSpace(it.ItemID), Text: "item not found"})
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("broker: fulfillment %s item %d %q: %w", fo.RequestID, n, it.ItemID, err)
		}
		fillable := st.Available >= it.Qty || st.POWithinThreshold || (st.DropShip && !st.HasSoldoutControl)
		switch {
		case st.SoldOut && !(st.DropShip && !st.HasSoldoutControl):
			if len(det.Items) == 1 {
				rej = append(rej, Rejection{Reason: RejectSoldOut, Line: n, Field: "item_id", Value: st.Code, Text: "the only item is sold out"})
			} else {
				soldOut[i] = true
			}
		case !fillable && !s.Flows.RetainBackorderedLines:
			rej = append(rej, Rejection{Reason: RejectCannotFill, Line: n, Field: "qty", Value: strconv.Itoa(it.Qty),
				Text: fmt.Sprintf("item %s: %d available and no purchase order within K11 (K89 unselected)", st.Code, st.Available)})
		}
	}
	a := det.SoldTo.Address
	if strings.TrimSpace(a.Company) == "" && (strings.TrimSpace(a.First) == "" || strings.TrimSpace(a.Last) == "") {
		rej = append(rej, Rejection{Reason: RejectMissingCustomer, Field: "sold_to_customer", Value: strings.TrimSpace(a.First + " " + a.Last), Text: "Invalid Sold To address, missing req"})
	}
	if len(det.Items) > 0 {
		sh := det.Items[0].ShipTo
		for _, f := range []struct{ name, v string }{{"address1", sh.Address1}, {"city", sh.City}, {"postal", sh.Postal}, {"country", sh.Country}} {
			if strings.TrimSpace(f.v) == "" {
				rej = append(rej, Rejection{Reason: RejectBadAddress, Line: 1, Field: "ship_to/" + f.name, Value: f.v, Text: "required in the ship-to address"})
			}
		}
	}
	if s.Flows.PaymentType == "" {
		rej = append(rej, Rejection{Reason: RejectPaymentShort, Field: "K98", Value: "", Text: "no Order Broker payment type to pay for the order"})
	} else if det.Total.IsPositive() {
		due := total
		if det.FreightAmount != nil {
			due = due.Add(*det.FreightAmount)
		}
		if det.Total.LessThan(due.Round(2)) {
			rej = append(rej, Rejection{Reason: RejectPaymentShort, Field: "transaction_total", Value: det.Total.String(),
				Text: fmt.Sprintf("does not cover the lines, tax and freight (%s)", due.Round(2))})
		}
	}
	return rej, soldOut, nil
}

// IsOMSOriginated reports whether a fulfillment came from OMS itself:
// request_system_cd = K50 (BRK-165, ambiguity A30).
func IsOMSOriginated(det *FulfillmentDetailOrder, s Settings) bool {
	return det != nil && s.System != "" && strings.TrimSpace(det.Store.RequestSystem) == s.System
}

// ReceivedOrderType is BRK-165's order type: K91 delivery / K92 retail
// pickup, or M33 / M35 when OMS-originated.
func ReceivedOrderType(transactionType string, omsOriginated bool, s Settings) (orderType string, retailPickup bool) {
	tt := strings.ToUpper(strings.TrimSpace(transactionType))
	retailPickup = tt == TransactionTypeRetailPickup || tt == TransactionTypeShipForPickup || tt == "SHIPTOSTORE"
	switch {
	case omsOriginated && retailPickup:
		return s.RetailPickupOrderTypeFromOMS, true
	case omsOriginated:
		return s.DeliveryOrderTypeFromOMS, false
	case retailPickup:
		return s.Flows.RetailPickupOrderType, true
	}
	return s.Flows.DeliveryOrderType, false
}

// ReceivedSourceCode chooses the source code (BRK-170, BRK-171): for an
// OMS-originated order K93, else the originating location's WSCR source
// code, else the response's; otherwise the response's, else WSCR, else K93.
// Blank means the order goes in error for a missing source code.
func ReceivedSourceCode(response, wscr string, omsOriginated bool, s Settings) string {
	order := []string{response, wscr, s.Flows.SourceCode}
	if omsOriginated {
		order = []string{s.Flows.SourceCode, wscr, response}
	}
	for _, v := range order {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// ReceivedShipVia is K94 unless the response has a numeric ship_via, then
// A77 when K94 is blank (BRK-183).
func ReceivedShipVia(response string, s Settings) string {
	v := strings.TrimSpace(response)
	if _, err := strconv.Atoi(v); err == nil && v != "" {
		return v
	}
	if s.Flows.ShipVia != "" {
		return s.Flows.ShipVia
	}
	return s.Flows.DefaultShipVia
}

// ECommerceOrderNumberLength is the length of the E-commerce order number
// (Order Header Extended, CWORDERIN order_number: alphanumeric 30) and of
// the purchase order number kept from ref_transaction_no; longer values are
// truncated (BRK-210).
const ECommerceOrderNumberLength = 30

// MessageWidth is the width of an order or order line message line (BRK-197, BRK-209).
const MessageWidth = 60

// SplitMessage cuts text into lines of at most 60 characters, each with the
// print flag (BRK-197, BRK-209).
func SplitMessage(text string, print byte) []Message {
	text = strings.TrimSpace(text)
	var out []Message
	for text != "" {
		cut := len(text)
		if utf8.RuneCountInString(text) > MessageWidth {
			cut = 0
			for i := 0; i < MessageWidth; i++ {
				_, size := utf8.DecodeRuneInString(text[cut:])
				cut += size
			}
		}
		out = append(out, Message{Text: text[:cut], Print: print})
		text = text[cut:]
	}
	return out
}

// BuildReceivedOrder maps a FulfillmentsResponse order to the OMS order
// (§2.19-§2.23); originStore is the WSCR record of the originating location
// (zero when none). The second result lists order errors (missing source
// code, BRK-171). It writes nothing.
func BuildReceivedOrder(s Settings, src FulfillmentSource, fo FulfillmentOrder, originStore StoreXref, now time.Time, id uuid.UUID) (ReceivedOrder, []string) {
	det := fo.Detail
	if det == nil {
		det = &FulfillmentDetailOrder{}
	}
	oms := IsOMSOriginated(det, s)
	o := ReceivedOrder{ID: id, Company: src.Company, Warehouse: src.Warehouse, RequestID: strings.TrimSpace(fo.RequestID),
		Channel: "C", OMSOriginated: oms, UpdateDemand: !oms, OrderDate: now,
		OriginatingOrderID: strings.TrimSpace(fo.OrderID), FreightTaxOverride: true,
		PONumber: strings.TrimSpace(det.RefTransactionNo), CustomerNo: strings.TrimSpace(det.SoldTo.CustomerNo), SoldTo: det.SoldTo.Address,
		Originate: Location{Location: strings.TrimSpace(det.Store.RequestLocation), System: strings.TrimSpace(det.Store.RequestSystem)},
		Fulfill:   Location{Location: strings.TrimSpace(det.Store.Location), System: strings.TrimSpace(det.Store.System)},
	}
	o.OrderType, o.RetailPickup = ReceivedOrderType(fo.TransactionTypeID, oms, s)
	o.FromShipForPickup = strings.EqualFold(strings.TrimSpace(fo.TransactionTypeID), TransactionTypeShipForPickup)
	o.ECommerceOrderNumber = o.OriginatingOrderID
	if oms {
		o.ECommerceOrderNumber = "ORIG#: " + o.OriginatingOrderID
		if k, err := ParseOrderID(o.OriginatingOrderID, src.Company); err == nil {
			o.Originating = &k
		}
	}
	// BRK-210: a value longer than the OMS field is truncated.
	o.ECommerceOrderNumber = cut(o.ECommerceOrderNumber, ECommerceOrderNumberLength)
	o.PONumber = cut(o.PONumber, ECommerceOrderNumberLength)
	if det.ShipForPickup != nil {
		p := *det.ShipForPickup
		o.Pickup = &p
	}
	var errs []string
	if o.SourceCode = ReceivedSourceCode(det.SourceCode, originStore.SourceCode, oms, s); o.SourceCode == "" {
		errs = append(errs, "missing source code")
	}
	o.ShipComplete = s.Flows.ShipComplete
	if det.ShipComplete != nil {
		o.ShipComplete = *det.ShipComplete
	}
	o.ShipVia = ReceivedShipVia(det.ShipVia, s)
	o.Gift = s.Flows.Gift
	if det.FreightAmount != nil {
		f := *det.FreightAmount
		o.Freight = &f
	}
	if len(det.Items) > 0 {
		o.ShipTo = det.Items[0].ShipTo
		o.ShipTo.Address4 = ""
		o.ShipToPhone = det.Items[0].ShipTo.DayPhone
		if o.ShipToPhone == "" {
			o.ShipToPhone = det.Items[0].ShipTo.EveningPhone
		}
	}
	o.SoldTo.Address4 = ""
	o.Tax = decimal.Zero
	o.Handling = decimal.Zero
	for i, it := range det.Items {
		l := ReceivedLine{Seq: i + 1, RequestingLine: it.RequestingLine, ItemID: strings.TrimSpace(it.ItemID), Qty: it.Qty,
			UnitPrice: it.UnitPrice, PriceOverrideReason: s.Flows.PriceOverrideReason, GiftWrap: it.GiftWrap,
			TaxOverride: decimal.Zero, CustomizationCharge: it.CustomizationCharge}
		for _, t := range it.Taxes {
			l.TaxOverride = l.TaxOverride.Add(t.Amount)
		}
		o.Tax = o.Tax.Add(l.TaxOverride)
		for _, m := range it.Messages {
			l.Messages = append(l.Messages, SplitMessage(m, 'B')...)
		}
		for _, c := range it.Customizations {
			if strings.TrimSpace(c.Code) != "" || strings.TrimSpace(c.Message) != "" {
				l.Messages = append(l.Messages, SplitMessage(strings.TrimSpace(c.Code+" "+c.Message), 'P')...)
			}
		}
		charge := it.CustomizationCharge
		if s.Flows.SpecialHandlingByLine {
			charge = charge.Mul(decimal.NewFromInt(int64(it.Qty)))
		}
		o.Handling = o.Handling.Add(charge)
		o.Lines = append(o.Lines, l)
	}
	o.Payment = ReceivedPayment{PayType: s.Flows.PaymentType, CardNumber: s.Flows.PaymentTypeDescription, SuppressDeposit: true, SuppressRefund: true,
		Amount: receivedTotal(o)}
	o.Messages = append(o.Messages, Message{Text: "Originating Store: " + o.Originate.Location}, Message{Text: "OROB Request ID: " + o.RequestID})
	if si := strings.TrimSpace(det.SpecialInstructions); si != "" {
		o.Messages = append(o.Messages, Message{Text: strings.ToUpper(si)})
	}
	o.Messages = append(o.Messages, SplitMessage(det.OrderMessage, 'B')...)
	return o, errs
}

func receivedTotal(o ReceivedOrder) decimal.Decimal {
	t := o.Tax.Add(o.Handling)
	for _, l := range o.Lines {
		t = t.Add(l.UnitPrice.Mul(decimal.NewFromInt(int64(l.Qty))))
	}
	if o.Freight != nil {
		t = t.Add(*o.Freight)
	}
	return t
}

// ParseOrderID reads an OMS order_id "<order>-<ship-to>" (e.g. "9999-001")
// into an order key of company; an "ORIG#: " prefix is accepted. Anything
// else returns an error wrapping [ErrInvalidInput] naming the value.
func ParseOrderID(v string, company int) (OrderKey, error) {
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "ORIG#:"))
	ord, shipTo, ok := strings.Cut(s, "-")
	o, err1 := strconv.Atoi(ord)
	st, err2 := strconv.Atoi(shipTo)
	if !ok || err1 != nil || err2 != nil || o <= 0 || st < 0 {
		return OrderKey{}, fmt.Errorf("broker: order id %q: want <order>-<ship-to>: %w", v, ErrInvalidInput)
	}
	return OrderKey{Company: company, Order: o, ShipTo: st}, nil
}

// FulfillingOrdersOf returns the fulfilling orders created for an
// originating order (BRK-067): the host's side of the link from the
// originating order.
func FulfillingOrdersOf(ctx context.Context, links OrderLinks, originating OrderKey) ([]OrderKey, error) {
	ls, err := links.LinksByOriginating(ctx, originating)
	if err != nil {
		return nil, fmt.Errorf("broker: fulfilling orders of %s: %w", originating, err)
	}
	out := make([]OrderKey, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.Fulfilling)
	}
	return out, nil
}

// OriginatingOrderOf returns the originating OMS order of a fulfilling
// order, or an error wrapping [ErrLinkNotFound] when the order was not
// OMS-originated (its originator is a store).
func OriginatingOrderOf(ctx context.Context, links OrderLinks, fulfilling OrderKey) (OrderKey, string, error) {
	l, err := links.LinkByFulfilling(ctx, fulfilling)
	if err != nil {
		return OrderKey{}, "", fmt.Errorf("broker: originating order of %s: %w", fulfilling, err)
	}
	if l.Originating == nil {
		return OrderKey{}, l.RequestID, fmt.Errorf("broker: originating order of %s: request %s came from order %q outside OMS: %w", fulfilling, l.RequestID, l.OriginatingOrderID, ErrLinkNotFound)
	}
	return *l.Originating, l.RequestID, nil
}

// SpecialHandlingFormat is the custom special handling format of the
// additional charge code named by the Item Offer of the header source code.
type SpecialHandlingFormat struct {
	ChargeCode string
	Details    []FormatDetail
}

// FormatDetail is one line of a custom special handling format.
type FormatDetail struct {
	FieldLabel     string
	MaxChars       int      // 0: no limit
	ValidResponses []string // empty: any
}

// Customization errors that suspend the order (BRK-200, BRK-201), and the
// unsupported multi-line format (BRK-202).
var (
	ErrInputNotValidResponse = errors.New("Input not valid response")
	ErrExceedsMaxCharacter   = errors.New("Exceeds max character")
	ErrFormatNotSupported    = errors.New("custom special handling format with more than one detail line")
)

// CustomizationResult is what a received line's customization becomes.
type CustomizationResult struct {
	// SpecialHandling is set when custom special handling is created (BRK-198).
	SpecialHandling *SpecialHandling
	// Messages are the P (picks) order line messages used instead (BRK-199).
	Messages []Message
}

// ApplyCustomization maps a received customization (BRK-198..BRK-202):
// without a format, the code and message become order line messages with
// print flag P and the order is not put in error (BRK-199); with a one-line
// format and both a code and a message, custom special handling is created
// (BRK-198), the message checked against the valid responses (BRK-200) and
// the maximum length (BRK-201), the code never against the field label
// (BRK-202). A format with several lines is not supported (BRK-202). Errors
// wrap the sentinels above and name the value.
func ApplyCustomization(f *SpecialHandlingFormat, c Customization) (CustomizationResult, error) {
	code, msg := strings.TrimSpace(c.Code), strings.TrimSpace(c.Message)
	if f == nil {
		if code == "" && msg == "" {
			return CustomizationResult{}, nil
		}
		return CustomizationResult{Messages: SplitMessage(strings.TrimSpace(code+" "+msg), 'P')}, nil
	}
	if len(f.Details) != 1 {
		return CustomizationResult{}, fmt.Errorf("broker: charge code %s: %d detail lines: %w", f.ChargeCode, len(f.Details), ErrFormatNotSupported)
	}
	if code == "" || msg == "" {
		return CustomizationResult{}, nil
	}
	d := f.Details[0]
	if len(d.ValidResponses) > 0 && !slicesContainsFold(d.ValidResponses, msg) {
		return CustomizationResult{}, fmt.Errorf("broker: customization %s message %q: %w", code, msg, ErrInputNotValidResponse)
	}
	if d.MaxChars > 0 && utf8.RuneCountInString(msg) > d.MaxChars {
		return CustomizationResult{}, fmt.Errorf("broker: customization %s message %q: longer than %d: %w", code, msg, d.MaxChars, ErrExceedsMaxCharacter)
	}
	return CustomizationResult{SpecialHandling: &SpecialHandling{Custom: true, FieldLabel: d.FieldLabel, Input: msg}}, nil
}

func slicesContainsFold(vs []string, v string) bool {
	for _, x := range vs {
		if strings.EqualFold(strings.TrimSpace(x), v) {
			return true
		}
	}
	return false
}
