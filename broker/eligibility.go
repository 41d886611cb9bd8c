package broker

import (
	"fmt"
	"time"
)

// ReasonCode names one reason an order line is not eligible to be brokered.
type ReasonCode string

// Reason codes, each tied to the rule (BRK ID) that gives it.
const (
	ReasonNotSendingBackorders  ReasonCode = "send-backorders-off"            // BRK-014
	ReasonActivePOItem          ReasonCode = "active-po-item"                 // BRK-020
	ReasonItemNotEligible       ReasonCode = "item-not-orob-eligible"         // BRK-026
	ReasonNotFullyBackordered   ReasonCode = "not-fully-backordered"          // BRK-027
	ReasonLineNotOpen           ReasonCode = "line-not-open"                  // BRK-028
	ReasonGiftWrap              ReasonCode = "gift-wrap"                      // BRK-029 (a)
	ReasonSpecialHandling       ReasonCode = "special-handling"               // BRK-029 (b)
	ReasonFutureArrival         ReasonCode = "future-arrival-date"            // BRK-029 (c)
	ReasonFutureOrder           ReasonCode = "future-order"                   // BRK-045
	ReasonCustomerBypass        ReasonCode = "customer-bypass-reservation"    // BRK-029 (d)
	ReasonDropShip              ReasonCode = "drop-ship-item"                 // BRK-031
	ReasonReceivedFromOB        ReasonCode = "order-received-from-ob"         // BRK-031
	ReasonSetItem               ReasonCode = "set-item"                       // BRK-031
	ReasonMembership            ReasonCode = "membership-item"                // BRK-031
	ReasonStoredValueCard       ReasonCode = "stored-value-card"              // BRK-031
	ReasonNonInventory          ReasonCode = "non-inventory-item"             // BRK-031
	ReasonShipForPickupNotFA    ReasonCode = "ship-for-pickup-m34-not-always" // BRK-032
	ReasonOrderNotOpen          ReasonCode = "order-not-open"                 // BRK-034
	ReasonNotPaid               ReasonCode = "not-paid-and-authorized"        // BRK-035
	ReasonPODueWithinThreshold  ReasonCode = "po-due-within-k11"              // BRK-036
	ReasonShipComplete          ReasonCode = "ship-complete-order"            // BRK-037
	ReasonCoordinateGrouped     ReasonCode = "coordinate-grouped"             // BRK-038
	ReasonGiftOrder             ReasonCode = "gift-order"                     // BRK-039
	ReasonNonAllocatableStock   ReasonCode = "non-allocatable-stock"          // BRK-043
	ReasonPartiallyReserved     ReasonCode = "partially-reserved"             // BRK-044
	ReasonPreviousRequestFailed ReasonCode = "previous-request-u-or-e"        // BRK-102
	ReasonMessageVersion        ReasonCode = "message-version-below-16"       // BRK-004
)

// Reason is one reason a line is not eligible: the rule, a code and a
// message naming the field and its value.
type Reason struct {
	Rule    string // BRK ID, e.g. "BRK-026"
	Code    ReasonCode
	Message string
}

// String renders "BRK-026: item ABC: OROB eligible flag not selected".
func (r Reason) String() string { return r.Rule + ": " + r.Message }

// Eligibility is the answer for one order line: eligible or not, and every
// reason it is not (never only the first).
type Eligibility struct {
	LineSeq  int
	Eligible bool
	// FulfillmentAssignment is FA of §2.3 for the line's order.
	FulfillmentAssignment bool
	// UnderReview: a held order sent with M18 carries under_review = Y (BRK-034).
	UnderReview bool
	// Reauthorize: the authorization expired, so get a new one before
	// submitting (BRK-021; the periodic function does it for the whole order, BRK-101).
	Reauthorize bool
	Reasons     []Reason
}

// Has reports whether the result carries a reason with the code.
func (e Eligibility) Has(code ReasonCode) bool {
	for _, r := range e.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

// CheckLine decides whether one line of order may be brokered as a brokered
// backorder (order-broker.md §2.2, §2.3, §2.10, §2.11), listing every reason
// it may not. now is the current date, for the K11 due-date threshold.
func CheckLine(o Order, l OrderLine, s Settings, now time.Time) Eligibility {
	fa := s.FA(o.ShipForPickup)
	res := Eligibility{LineSeq: l.Seq, FulfillmentAssignment: fa}
	add := func(rule string, code ReasonCode, format string, args ...any) {
		res.Reasons = append(res.Reasons, Reason{Rule: rule, Code: code, Message: fmt.Sprintf("%s line %d: ", o.Key, l.Number) + fmt.Sprintf(format, args...)})
	}
	it := l.Item
	if !s.SendBackorders {
		add("BRK-014", ReasonNotSendingBackorders, "K08 (Send B/O to OROB) is not selected")
	}
	if it.ActivePO {
		add("BRK-020", ReasonActivePOItem, "item %s is an active PO item", it.Code)
	}
	if !it.OROBEligible {
		add("BRK-026", ReasonItemNotEligible, "item %s: OROB eligible flag not selected", it.Code)
	}
	if open := l.OpenQuantity(); l.Backordered <= 0 || l.Backordered != open {
		add("BRK-027", ReasonNotFullyBackordered, "backordered quantity %d is not the open quantity %d", l.Backordered, open)
	}
	if l.Status != LineOpen {
		add("BRK-028", ReasonLineNotOpen, "line status %q is not open", string(rune(l.Status)))
	}
	if !fa {
		if l.GiftWrap {
			add("BRK-029", ReasonGiftWrap, "line is gift wrapped")
		}
		if len(l.SpecialHandling) > 0 {
			add("BRK-029", ReasonSpecialHandling, "line has %d special handling entries", len(l.SpecialHandling))
		}
		if l.FutureArrival {
			add("BRK-029", ReasonFutureArrival, "line has a future arrival date")
		}
		if o.FutureOrder {
			add("BRK-045", ReasonFutureOrder, "order is a future order")
		}
		if o.SoldTo.BypassReservation {
			add("BRK-029", ReasonCustomerBypass, "customer %d is flagged to bypass reservation", o.SoldTo.Number)
		}
		if s.DueDateThreshold != nil && !l.NextPODue.IsZero() && it.SoldoutControl != SoldoutExcludeOnOrder {
			limit := now.AddDate(0, 0, *s.DueDateThreshold)
			if !l.NextPODue.After(limit) {
				add("BRK-036", ReasonPODueWithinThreshold, "item %s is due on an open PO on %s, within K11 = %d days", it.Code, l.NextPODue.Format(time.DateOnly), *s.DueDateThreshold)
			}
		}
		if o.ShipComplete && !s.IncludeShipComplete {
			add("BRK-037", ReasonShipComplete, "order is ship complete and K12 is not selected")
		}
		if l.CoordinateGroup != 0 && !s.IncludeCoordinateGrouped {
			add("BRK-038", ReasonCoordinateGrouped, "line is in coordinate group %d and K13 is not selected", l.CoordinateGroup)
		}
		if o.Gift && !s.IncludeGiftOrders {
			add("BRK-039", ReasonGiftOrder, "order is a gift order and K14 is not selected")
		}
		if l.Reserved > 0 {
			add("BRK-044", ReasonPartiallyReserved, "reserved quantity %d must be printed and shipped first", l.Reserved)
		}
	}
	if it.DropShip {
		add("BRK-031", ReasonDropShip, "item %s is a drop ship item", it.Code)
	}
	if o.ReceivedFromOB {
		add("BRK-031", ReasonReceivedFromOB, "order type %s: order was received from Order Broker", o.Type)
	}
	if it.SetMain || it.SetComponent {
		add("BRK-031", ReasonSetItem, "item %s is a set item or set component", it.Code)
	}
	if it.Membership {
		add("BRK-031", ReasonMembership, "item %s is a membership item", it.Code)
	}
	if it.StoredValueCard {
		add("BRK-031", ReasonStoredValueCard, "item %s is a stored value card", it.Code)
	}
	if it.NonInventory {
		add("BRK-031", ReasonNonInventory, "item %s is a non-inventory item", it.Code)
	}
	if o.ShipForPickup && !s.shipForPickupAlways() {
		add("BRK-032", ReasonShipForPickupNotFA, "ship-for-pickup order and M34 = %q, not ALWAYS", string(s.ShipForPickupAssignment))
	}
	switch o.Status {
	case OrderOpen:
	case OrderHeld:
		if s.SendHeldOrders {
			res.UnderReview = true
		} else {
			add("BRK-034", ReasonOrderNotOpen, "order is held and M18 is not selected")
		}
	default:
		add("BRK-034", ReasonOrderNotOpen, "order status %q is not open", string(rune(o.Status)))
	}
	paid := o.PaidInFull && o.Authorized
	if o.ShipForPickup && s.PaymentAtPOSForShipForPickup {
		paid = o.Authorized // authorized for verification only; paid at pickup (L60)
	}
	if !paid {
		add("BRK-035", ReasonNotPaid, "order is not fully paid and authorized (paid %t, authorized %t)", o.PaidInFull, o.Authorized)
	}
	if s.ReserveFromNonAllocatable && s.DisregardSoldoutNonAllocatable && l.NonAllocatableStock {
		add("BRK-043", ReasonNonAllocatableStock, "item %s reserves against a non-allocatable warehouse (J25, J27)", it.Code)
	}
	if l.PreviousOutcome == StatusUnfulfillable || l.PreviousOutcome == StatusError {
		add("BRK-102", ReasonPreviousRequestFailed, "an earlier OB request ended in %s", l.PreviousOutcome)
	}
	if fa && s.MessageVersion != "" && !s.versionAtLeast("16.0") {
		add("BRK-004", ReasonMessageVersion, "OROB_MESSAGE_VERSION %q is below 16.0, needed for fulfillment assignment and ship-for-pickup", s.MessageVersion)
	}
	res.Eligible = len(res.Reasons) == 0
	res.Reauthorize = res.Eligible && o.AuthorizationExpired
	return res
}

// CheckOrder runs [CheckLine] over every line of the order.
func CheckOrder(o Order, s Settings, now time.Time) []Eligibility {
	out := make([]Eligibility, 0, len(o.Lines))
	for _, l := range o.Lines {
		out = append(out, CheckLine(o, l, s, now))
	}
	return out
}

// Fallback is what happens to a line that is not brokered (§2.11).
type Fallback int

// Fallbacks.
const (
	// FallbackBroker: the line is eligible and goes to OB.
	FallbackBroker Fallback = iota
	// FallbackStandard: standard backorder or soldout processing, as if the
	// item were not OROB eligible (BRK-107).
	FallbackStandard
	// FallbackSellOut: the line sells out automatically (BRK-108 sell out
	// immediately at the next MASO run; BRK-109 future orders).
	FallbackSellOut
	// FallbackStayBackordered: the line does not sell out automatically (BRK-108).
	FallbackStayBackordered
)

// FallbackFor says what happens to a line that is not eligible: e is its
// eligibility, addedLater says the gift wrap or special handling that blocks
// it was added after the line was created.
func FallbackFor(e Eligibility, l OrderLine, addedLater bool) Fallback {
	if e.Eligible {
		return FallbackBroker
	}
	if !e.FulfillmentAssignment && e.Has(ReasonFutureOrder) && l.Item.SoldoutControl != SoldoutNone {
		return FallbackSellOut // BRK-109
	}
	if !e.FulfillmentAssignment && addedLater && (e.Has(ReasonGiftWrap) || e.Has(ReasonSpecialHandling)) {
		if l.Item.SoldoutControl == SoldoutImmediately {
			return FallbackSellOut // BRK-108
		}
		return FallbackStayBackordered // BRK-108
	}
	return FallbackStandard // BRK-107 and every other reason
}
