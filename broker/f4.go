package broker

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

var (
	g11Set   = Guard{Name: "G11 set", Test: func(_ Record, _ Event, s Settings) bool { return s.Flows.RejectedStorePickupCancelReason != "" }}
	g11Blank = Guard{Name: "G11 blank", Test: func(_ Record, _ Event, s Settings) bool { return s.Flows.RejectedStorePickupCancelReason == "" }}

	f4Acknowledged = []Effect{
		EffectFunc(func(c *Change) { c.Record.PickupOrder = true }), f4RecordSentUnderReview,
		UpdateFulfillingLocation(), WriteText(TextSubmitSucceeded), WriteMessage(TextAcknowledged),
	}
	// cancelWithG11 cancels the whole order (or, whole=false, the line) with G11.
	cancelWithG11 = func(whole bool) Effect {
		return EffectFunc(func(c *Change) {
			c.Emit(OrderCancel{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, WholeOrder: whole, Reason: c.Settings.Flows.RejectedStorePickupCancelReason})
		})
	}
	// f4ClearUnderReview sends the order update clearing Under Review when the
	// order was sent with it and is now released (F4.15, BRK-272).
	f4ClearUnderReview = EffectFunc(func(c *Change) {
		if !c.Before.UnderReview {
			return
		}
		c.Record.UnderReview = false
		c.Emit(UnderReviewUpdate{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, RequestID: c.Record.RequestID, UnderReview: false})
	})
	// f4RecordSentUnderReview keeps on the record the Under Review its
	// SubmitOrder carried (BRK-272), unless the order was released since
	// and the update clearing it waits in the outbox (F4.15): the record
	// says what OB will hold.
	f4RecordSentUnderReview = EffectFunc(func(c *Change) {
		if c.Record.Outbox.UnderReview.Send {
			return
		}
		c.Record.UnderReview = c.Event.Held
	})
	f4Open = []Status{StatusAcknowledged, StatusPolled, StatusAccepted, StatusPartialFulfill}
)

// StorePickup is the F4 flow: store pickup orders (order-broker.md §4.4,
// §2.30-§2.34). A store rejection (OB unfulfillable) goes to U, as the
// summary table gives for store pickup (ambiguity A16).
var StorePickup = Flow{
	Name:  "F4",
	Order: []Status{StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted, StatusPartialFulfill, StatusCompleted},
	Final: []Status{StatusCompleted, StatusCanceled, StatusUnfulfillable, StatusError},
	Rows: []Row{
		{ID: "F4.01", FromNone: true, On: EventSubmitAcknowledged, To: StatusAcknowledged, Effects: f4Acknowledged,
			Rules: []string{"BRK-269", "BRK-270"}},
		{ID: "F4.02", FromNone: true, On: EventSubmitUnavailable, To: StatusReady,
			Effects: []Effect{EffectFunc(func(c *Change) { c.Record.PickupOrder = true }), WriteText(TextSubmitFailedUnavailable)},
			Rules:   []string{"BRK-271"}},
		{ID: "F4.03", From: []Status{StatusReady}, On: EventSubmitAcknowledged, To: StatusAcknowledged, Effects: f4Acknowledged,
			Rules: []string{"BRK-271"}},
		{ID: "F4.04", FromNone: true, From: []Status{StatusReady}, On: EventSubmitError, To: StatusError,
			Effects: []Effect{cancelWithG11(true), WriteText(TextSubmitRejectedCanceled), WriteReasonLines(), WriteText(TextOrderMaintained),
				WriteText(TextWebCancelProcessed), ReleaseHolds(), ClearFulfillingLocation(), ReverseAuthorization()},
			Rules: []string{"BRK-283", "BRK-284", "BRK-310"}},
		{ID: "F4.05", From: []Status{StatusAcknowledged}, On: EventPolled, To: StatusPolled, Rules: []string{"BRK-278"}},
		{ID: "F4.06", From: []Status{StatusAcknowledged, StatusPolled}, On: EventAccepted, To: StatusAccepted,
			Effects: []Effect{WriteMessage(TextAccepted)}, Rules: []string{"BRK-278"}},
		{ID: "F4.06", From: []Status{StatusAcknowledged, StatusPolled}, On: EventPicked, To: StatusAccepted, Rules: []string{"BRK-278", "BRK-319"}},
		{ID: "F4.07", From: []Status{StatusAcknowledged, StatusPolled, StatusAccepted}, On: EventPosted, To: StatusPosted},
		{ID: "F4.08", From: []Status{StatusAcknowledged, StatusPolled, StatusAccepted}, On: EventPartiallyFulfilled, To: StatusPartialFulfill,
			Effects: []Effect{WriteMessage(TextCustomerPartialPickUp)}, Rules: []string{"BRK-277", "BRK-278"}},
		{ID: "F4.09", From: f4Open, On: EventFulfilled, To: StatusCompleted,
			Effects: []Effect{SubmitToBilling(), UpdateLine(func(_ *Change, u *LineUpdate) { u.ClearDropShip = true }),
				DeactivatePayment(true), ReleaseHolds(), WriteMessage(TextShippedByBroker)},
			Rules: []string{"BRK-279", "BRK-283"}},
		{ID: "F4.10", From: []Status{StatusAcknowledged, StatusPolled, StatusAccepted}, On: EventUnfulfillable, To: StatusUnfulfillable, When: g11Set,
			Effects: []Effect{cancelWithG11(true), WriteText(TextOrderMaintained), WriteText(TextWebCancelProcessed), WriteMessage(TextRejectedByStore),
				ReleaseHolds(), ReverseAuthorization()},
			Rules: []string{"BRK-280", "BRK-283", "BRK-310", "BRK-323"}},
		{ID: "F4.10", From: []Status{StatusAcknowledged, StatusPolled, StatusAccepted}, On: EventUnfulfillable, To: StatusUnfulfillable, When: g11Blank,
			Effects: []Effect{WriteText(TextSubmitRejectedNotCancel), ReverseAuthorization()}, Rules: []string{"BRK-280"}},
		// The store rejected another line: the whole order is canceled, this
		// line with it, and only the rejected item keeps its fulfilling
		// location (BRK-280, BRK-323). The whole-order effects are those of
		// the rejected line, written once.
		{ID: "F4.10", From: append([]Status{StatusPosted}, f4Open...), On: EventOrderRejected, To: StatusUnfulfillable, When: g11Set,
			Effects: []Effect{cancelWithG11(true), WriteText(TextOrderMaintained), WriteText(TextWebCancelProcessed), WriteMessage(TextRejectedByStore),
				ReleaseHolds(), ClearFulfillingLocation(), ReverseAuthorization()},
			Rules: []string{"BRK-280", "BRK-283", "BRK-310", "BRK-323"}},
		{ID: "F4.11", From: f4Open, On: EventCanceledElsewhere, To: StatusCanceled,
			Effects: []Effect{cancelWithG11(false), WriteText(TextOrderMaintained), WriteText(TextWebCancelProcessed), WriteMessage(TextCanceledByStore),
				ReleaseHolds(), ReverseAuthorization()},
			Rules: []string{"BRK-281", "BRK-283", "BRK-323"}},
		{ID: "F4.12", From: append([]Status{StatusPosted}, f4Open...), On: EventVerified, Stay: true, Rules: []string{"BRK-282"}},
		{ID: "F4.12", From: append([]Status{StatusPosted}, f4Open...), On: EventProcessed, Stay: true, Rules: []string{"BRK-282"}},
		{ID: "F4.13", From: f4Open, On: EventRequestCanceled, To: StatusPendingCancel,
			Effects: []Effect{ReleaseHolds(), RequestCancel(), ClearFulfillingLocation(), ReverseAuthorization()},
			Rules:   []string{"BRK-283", "BRK-296", "BRK-310", "BRK-320", "BRK-323"}},
		{ID: "F4.14", From: []Status{StatusPendingCancel}, On: EventCancelConfirmed, To: StatusCanceled,
			Effects: []Effect{WriteText(TextOrderMaintained), WriteMessage(TextCancelAcknowledged), ReverseAuthorization()},
			Rules:   []string{"BRK-296"}},
		// F4.x2 is not a row of the catalog's §4.4: a cancel answered FAILED
		// means OB already holds the order canceled (seed 002 L4465, the
		// cancel response of a brokered backorder or store pickup), read as
		// F1.22 reads it (BRK-114, Settings.CancelFailedKeepsPending).
		{ID: "F4.x2", From: []Status{StatusPendingCancel}, On: EventCancelFailed, To: StatusCanceled, When: cancelFailedToZ,
			Effects: []Effect{WriteErrorHistory("cancel FAILED"), ReverseAuthorization()}, Rules: []string{"BRK-114", "BRK-296"}},
		{ID: "F4.x2", From: []Status{StatusPendingCancel}, On: EventCancelFailed, Stay: true, When: cancelFailedStay,
			Effects: []Effect{WriteErrorHistory("cancel FAILED")}, Rules: []string{"BRK-114"}},
		// F4.15 from R too: a record whose SubmitOrder went out Under Review
		// and whose answer is not stored yet (it waits in R to be sent
		// again): the update waits in the outbox for the request ID.
		{ID: "F4.15", From: append([]Status{StatusReady, StatusPosted}, f4Open...), On: EventOrderReleased, Stay: true,
			Effects: []Effect{f4ClearUnderReview}, Rules: []string{"BRK-272"}},
		// F4.x1 is not a row of the catalog's §4.4 (hence "x"): an inquiry
		// of a K record before the store polled (BRK-277, seed 002 L1845)
		// finds OB still at new_order: nothing changes.
		{ID: "F4.x1", From: []Status{StatusAcknowledged}, On: EventNewOrder, Stay: true, Rules: []string{"BRK-277"}},
	},
}

// StorePickupItemEvent is [ItemEvent] for a store pickup record: OB
// verified and processed become [EventVerified] and [EventProcessed], which
// change nothing (F4.12, BRK-282).
func StorePickupItemEvent(rec Record, it ItemStatus, orderStatus string, s Settings, src Source, response string) (Event, error) {
	word := it.Status
	if strings.TrimSpace(word) == "" {
		word = orderStatus
	}
	if st, err := ParseOBStatus(word); err == nil && (st == OBVerified || st == OBProcessed) {
		k := EventVerified
		if st == OBProcessed {
			k = EventProcessed
		}
		// OBStatus is left empty: OMS does not update the record at all (BRK-282).
		return Event{Kind: k, Source: src, Response: response, RequestID: rec.RequestID}, nil
	}
	return ItemEvent(rec, it, orderStatus, s, src, response)
}

// ErrStorePickup is wrapped by every store pickup check; the error text is
// the chapter's message (§6.4).
var ErrStorePickup = errors.New("store pickup rule broken")

// StorePickupError is one failed store pickup check: the chapter's message
// and the field and value it is about. It wraps [ErrStorePickup].
type StorePickupError struct {
	Rule    string // BRK ID
	Message string // the chapter's text, e.g. "Invalid Store Code"
	Field   string
	Value   string
}

// Error implements error.
func (e *StorePickupError) Error() string {
	return fmt.Sprintf("broker: store pickup: %s %q: %s (%s)", e.Field, e.Value, e.Message, e.Rule)
}

// Unwrap returns [ErrStorePickup].
func (e *StorePickupError) Unwrap() error { return ErrStorePickup }

func spErr(rule, msg, field, value string) error {
	return &StorePickupError{Rule: rule, Message: msg, Field: field, Value: value}
}

// StorePickupOffered says whether order entry offers the Store Pickup
// option: I38 selected, L33 set, in order entry (not maintenance), while
// entering the first and only ship-to (BRK-252).
func StorePickupOffered(s Settings, orderEntry bool, shipToNo int) error {
	var errs []error
	if !s.Flows.MerchandiseLocator {
		errs = append(errs, spErr("BRK-252", "I38 (Use Merchandise Locator) is unselected", "I38", "N"))
	}
	if s.Flows.StorePickupOrderType == "" {
		errs = append(errs, spErr("BRK-252", "L33 (Store Pickup Order Type) is blank", "L33", ""))
	}
	if !orderEntry {
		errs = append(errs, spErr("BRK-252", "only in order entry", "mode", "maintenance"))
	}
	if shipToNo != 1 {
		errs = append(errs, spErr("BRK-252", "only for the first and only ship-to", "ship_to", fmt.Sprint(shipToNo)))
	}
	return errors.Join(errs...)
}

// CheckStorePickupSelection applies the item and order rules of selecting
// Store Pickup: every item OROB eligible, without special handling or gift
// wrap, not held (BRK-253); not a ship-for-pickup order, one ship-to, and no
// sold-out item (the stricter reading of ambiguity A15), BRK-254. Every
// broken rule is returned, joined.
func CheckStorePickupSelection(o Order, shipTos int) error {
	var errs []error
	if o.ShipForPickup {
		errs = append(errs, spErr("BRK-254", "not for a ship-for-pickup order", "delivery_type", DeliveryTypeShipForPickup))
	}
	if shipTos > 1 {
		errs = append(errs, spErr("BRK-254", "not for an order with more than one ship-to", "ship_to", fmt.Sprint(shipTos)))
	}
	for _, l := range o.Lines {
		code := l.Item.Code
		switch {
		case !l.Item.OROBEligible:
			errs = append(errs, spErr("BRK-253", fmt.Sprintf("Item %s is not eligible for store pickup", code), "item", code))
		case len(l.SpecialHandling) > 0 || l.GiftWrap:
			errs = append(errs, spErr("BRK-253", "special handling or gift wrap", "item", code))
		case l.Status == LineHeld:
			errs = append(errs, spErr("BRK-253", "the item is held", "item", code))
		case l.Status == LineSoldOut:
			errs = append(errs, spErr("BRK-254", "the item is sold out", "item", code))
		}
	}
	return errors.Join(errs...)
}

// PickupAssignment is what selecting a store sets on the order (BRK-260).
type PickupAssignment struct {
	PickupType     string // "SP" on every detail line
	PickupLocation string // the store code
	LocationSystem string // WSCR System Code, else L09
	DeliveryType   string // "P" on the Order Ship To
}

// AssignPickupStore is BRK-260 (and BRK-291's pickup_system_location).
func AssignPickupStore(store StoreXref, s Settings) PickupAssignment {
	sys := store.System
	if strings.TrimSpace(sys) == "" {
		sys = s.POSName
	}
	return PickupAssignment{PickupType: "SP", PickupLocation: store.Store, LocationSystem: sys, DeliveryType: DeliveryTypeStorePickup}
}

// StorePickupShipTo builds the Order Ship To Address of a store pickup
// order from the store's WSCR record, keeping only the name and apartment
// the user (or CWOrderIn) entered (BRK-267, BRK-290).
func StorePickupShipTo(entered Address, store StoreXref) Address {
	out := store.Address
	if out.Company == "" {
		out.Company = store.Description
	}
	if entered.First != "" || entered.Last != "" {
		out.Name = entered.Name
		if out.Company == "" {
			out.Company = store.Description
		}
	}
	if entered.Apartment != "" {
		out.Apartment = entered.Apartment
	}
	return out
}

// AcceptancePayment is a payment method as the acceptance check reads it.
type AcceptancePayment struct {
	PayType    string
	CreditCard bool
}

// StorePickupAcceptance is the order as the acceptance checks read it.
type StorePickupAcceptance struct {
	Payments []AcceptancePayment
	// LinesFlagged: every line is flagged for store pickup (no line added or
	// quantity changed after the store was chosen).
	LinesFlagged bool
	// Charges: a line has special handling or gift wrap charges.
	Charges bool
	Email   string
	OptIn   string // O1 all emails, O2 order-related emails
	// API: the order came through the order API (its texts differ).
	API bool
}

// CheckStorePickupAcceptance applies BRK-263 and BRK-264 with the chapter's
// messages. Every broken rule is returned, joined.
func CheckStorePickupAcceptance(a StorePickupAcceptance) error {
	var errs []error
	cc := len(a.Payments) > 0
	for _, p := range a.Payments {
		if !p.CreditCard {
			cc = false
		}
	}
	if !cc {
		errs = append(errs, spErr("BRK-263", "Credit card pay method only is required for Store Pickup", "pay_type", payTypes(a.Payments)))
	}
	if !a.LinesFlagged {
		errs = append(errs, spErr("BRK-263", "Item(s) on order not identified as Store Pickup - select Store Pickup again.", "lines", ""))
	}
	if a.Charges {
		errs = append(errs, spErr("BRK-263", "special handling or gift wrap charges", "lines", ""))
	}
	if strings.TrimSpace(a.Email) == "" || (a.OptIn != "O1" && a.OptIn != "O2") {
		msg := "Invalid email setup for Store Pickup order"
		if a.API {
			msg = "Email Missing/Ineligible"
		}
		errs = append(errs, spErr("BRK-264", msg, "opt_in", a.OptIn))
	}
	return errors.Join(errs...)
}

func payTypes(ps []AcceptancePayment) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.PayType)
	}
	return strings.Join(out, ",")
}

// StorePickupAccepted is what acceptance sets (BRK-265, BRK-268, BRK-272).
type StorePickupAccepted struct {
	// Detail: Drop ship D, Printed = ordered, Reserved, Backorder quantity
	// and Backorder warehouse zero.
	DropShipFlag                string
	PrintedEqualsOrdered        bool
	ZeroReservedAndBackordered  bool
	ZeroFreight                 bool // L32 unselected: Freight and Freight balance 0, Calculate freight N
	OrderType                   string
	AuthorizationAmount         decimal.Decimal
	SuppressDeposit             bool
	BalanceDue                  decimal.Decimal
	UnderReview                 bool
	AddFreeGiftsAndPromoInserts bool // never (BRK-273)
	LineStatus                  string
	// OnlineAuthorization: the payment method goes out for online
	// authorization; not when the L33 order type is not flagged for it (BRK-266).
	OnlineAuthorization bool
}

// AcceptStorePickup computes the acceptance updates of a store pickup order
// of total: L33 order type; D flag and Printed = ordered (line status SPU,
// BRK-300); freight zero unless L32 (calcFreight) is selected (BRK-265); with
// M16 an authorization of $1.00, Suppress deposit Y and balance_due = total,
// else the full amount, N and 0 (BRK-268); a held order with M16 unselected
// is sent Under Review (BRK-272); no free gifts or inserts (BRK-273).
func AcceptStorePickup(total decimal.Decimal, held, calcFreight bool, s Settings) StorePickupAccepted {
	a := StorePickupAccepted{DropShipFlag: DropShipFlagBrokered, PrintedEqualsOrdered: true, ZeroReservedAndBackordered: true,
		ZeroFreight: !calcFreight, OrderType: s.Flows.StorePickupOrderType, LineStatus: LineStatusStorePickup}
	if s.Flows.PaymentAtPOSForStorePickup {
		a.AuthorizationAmount, a.SuppressDeposit, a.BalanceDue = decimal.NewFromInt(1), true, total
	} else {
		a.AuthorizationAmount, a.SuppressDeposit, a.BalanceDue = total, false, decimal.Zero
	}
	a.UnderReview = held && !s.Flows.PaymentAtPOSForStorePickup
	a.OnlineAuthorization = s.Flows.StorePickupOnlineAuthorization
	return a
}

// LineStatusStorePickup is the line status of a store pickup line (BRK-300).
const LineStatusStorePickup = "SPU"

// StorePickupEmailMessage is the order history text of a store pickup
// notification request: "Store Pickup conf to <email>" cut to 30 positions,
// or "Could not send Store Pickup Email" when the order has no email or its
// opt-in/out is not O1/O2, or when the L33 order type's Email notification
// flag is unselected (BRK-285, BRK-286). ok is false when none is sent.
func StorePickupEmailMessage(email, optIn string, orderTypeNotifies bool) (text string, ok bool) {
	if strings.TrimSpace(email) == "" || (optIn != "O1" && optIn != "O2") || !orderTypeNotifies {
		return "Could not send Store Pickup Email", false
	}
	t := "Store Pickup conf to " + strings.TrimSpace(email)
	if r := []rune(t); len(r) > 30 {
		t = string(r[:30])
	}
	return t, true
}

// StorePickupMaintenance is what selecting a store pickup order for
// maintenance shows: without B19 it is refused; with B19 it can only be
// canceled (BRK-295).
func StorePickupMaintenance(b19 bool) (string, error) {
	if !b19 {
		return "", spErr("BRK-295", "Not authorized to maintain brokered order.", "B19", "N")
	}
	return "This is a Store Pickup order and can only be canceled!", nil
}

// StorePickupReturnAllowed is always false: no returns against a store
// pickup order (BRK-298).
func StorePickupReturnAllowed() error {
	return spErr("BRK-298", "returns are not allowed against a store pickup order", "order", "store pickup")
}

// AutoSoldoutSkips reports whether Process Auto Soldouts (MASO) skips the
// line of a record: lines of store pickup orders are skipped (BRK-299).
func AutoSoldoutSkips(r Record) bool { return r.Flow == StorePickup.Name }

// StorePickupAPIOrder is a CWOrderIn store pickup order as the order API
// checks read it (BRK-287..BRK-294).
type StorePickupAPIOrder struct {
	DeliveryType string // P or S
	StoreCode    string
	StoreKnown   bool // store_code is a WSCR store
	Email        string
	OptIn        string
	Lines        []StorePickupAPILine
}

// StorePickupAPILine is one line of an API store pickup order.
type StorePickupAPILine struct {
	ItemCode     string
	Qty          int  // not checked: OMS lets a negative quantity through (BRK-275)
	Eligible     bool // meets the store pickup requirements (pay type, ...)
	Subscription bool
	Membership   bool
}

// StorePickupAPIResult is the order API's verdict on a store pickup order.
type StorePickupAPIResult struct {
	// StorePickup is false when I38 is unselected or L33 is blank: the order
	// is created as an ordinary order (BRK-288).
	StorePickup bool
	// Errors are the header and detail errors (BRK-292); an order with any
	// is not sent to OB (BRK-293).
	Errors   []string
	SendToOB bool
}

// CheckStorePickupAPI applies BRK-287, BRK-288, BRK-292 and BRK-293.
func CheckStorePickupAPI(o StorePickupAPIOrder, s Settings) StorePickupAPIResult {
	if !s.Flows.MerchandiseLocator || s.Flows.StorePickupOrderType == "" {
		return StorePickupAPIResult{}
	}
	r := StorePickupAPIResult{StorePickup: true}
	if o.DeliveryType != DeliveryTypeStorePickup && o.DeliveryType != DeliveryTypeShipForPickup {
		r.Errors = append(r.Errors, "Invalid Delivery Type")
	}
	if strings.TrimSpace(o.StoreCode) == "" || !o.StoreKnown {
		r.Errors = append(r.Errors, "Invalid Store Code")
	}
	if strings.TrimSpace(o.Email) == "" || (o.OptIn != "O1" && o.OptIn != "O2") {
		r.Errors = append(r.Errors, "Email Missing/Ineligible")
	}
	for _, l := range o.Lines {
		switch {
		case strings.TrimSpace(o.StoreCode) == "":
			r.Errors = append(r.Errors, "Store Fulfillment Loc Msg")
		case l.Subscription:
			r.Errors = append(r.Errors, "Store Fulfillment Subscription")
		case l.Membership:
			r.Errors = append(r.Errors, "Store Fulfillment Membership")
		case !l.Eligible:
			r.Errors = append(r.Errors, "Ineligible for Store Pick")
		}
	}
	r.SendToOB = len(r.Errors) == 0
	return r
}

// StorePickupOrderOut is what a detailed CWORDEROUT response shows for a
// store pickup order (BRK-291).
type StorePickupOrderOut struct {
	DeliveryType         string // "Store Pickup"
	ShipTo               Address
	PickupType           string // "SP"
	PickupSystemLocation string // WSCR System Code, else L09
	PickupLocation       string // the store code
	BrokerStatus         string // "Acknowledged" when OB processed the SubmitOrder, else blank
}

// StorePickupResponse renders BRK-291 for an order whose store is store;
// acknowledged says OB processed the SubmitOrder.
func StorePickupResponse(store StoreXref, acknowledged bool, s Settings) StorePickupOrderOut {
	a := AssignPickupStore(store, s)
	out := StorePickupOrderOut{DeliveryType: "Store Pickup", ShipTo: StorePickupShipTo(Address{}, store), PickupType: a.PickupType,
		PickupSystemLocation: a.LocationSystem, PickupLocation: a.PickupLocation}
	if acknowledged {
		sum, _ := StatusAcknowledged.Summary()
		out.BrokerStatus = sum.Name
	}
	return out
}

// StorePickupOrderType is the order type of a store pickup order: it
// becomes L33 only once the order has been submitted for online
// authorization (BRK-294).
func StorePickupOrderType(current string, submittedForAuthorization bool, s Settings) string {
	if submittedForAuthorization && s.Flows.StorePickupOrderType != "" {
		return s.Flows.StorePickupOrderType
	}
	return current
}

// StorePickupAPIFreight reports whether the order API keeps freight off a
// store pickup order: only when CWOrderIn sends calc_frt = N; L32 does not
// apply to the order API (BRK-289).
func StorePickupAPIFreight(calcFrt string) (zeroFreight bool) {
	return strings.EqualFold(strings.TrimSpace(calcFrt), "N")
}
