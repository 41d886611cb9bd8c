package broker

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

var (
	// f2Submitted places the record at the OMS warehouse: at submission the
	// originating and the fulfilling location are both the warehouse that
	// ships to the store (BRK-134, BRK-326).
	f2Submitted = EffectFunc(func(c *Change) {
		c.Record.ShipForPickup = true
		if c.Record.WarehouseLocation != "" {
			c.Record.OriginatingLocation = c.Record.WarehouseLocation
			c.Record.FulfillingLocation = c.Record.WarehouseLocation
		}
		c.Emit(SubmitRequest{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, TransactionType: TransactionTypeShipForPickup})
	})
	// f2Intransit sends the intransit update only when K91 and K92 are both set (BRK-153).
	f2Intransit = EffectFunc(func(c *Change) {
		if c.Settings.Flows.PollsFulfillments() {
			SendUpdate(OBIntransit).Apply(c)
		}
	})
	// cancelWithoutReason is the cancel of BRK-143: no reason, the line stays.
	cancelWithoutReason = EffectFunc(func(c *Change) {
		c.Event.CancelReasonCode, c.Event.CancelReasonText, c.Event.LineCanceled = "", "", false
		RequestCancel().Apply(c)
	})
	// cancelLineWithReason cancels the order line in OMS with the void's
	// reason and asks for the cancel update carrying it (BRK-137).
	cancelLineWithReason = EffectFunc(func(c *Change) {
		c.Event.LineCanceled = true
		c.Emit(OrderCancel{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, Reason: c.Event.CancelReasonCode})
		RequestCancel().Apply(c)
	})
	f2ErrorHold = HoldOrder(func(c *Change) string { return c.Settings.Flows.ShipForPickupErrorHold })
	// intransitSettled: the pickup store reporting the goods (intransit
	// polled, received, picked up) proves OB took the intransit update, so
	// one still waiting in the outbox (a run died before emptying it) is
	// not sent again over the store's status.
	intransitSettled = EffectFunc(func(c *Change) {
		if c.Record.Outbox.Update.Status == OBIntransit {
			c.Record.Outbox.Update = PendingUpdate{}
		}
	})
)

// ShipForPickup is the F2 flow: ship-for-pickup orders submitted when their
// pick slip or drop ship PO is generated (order-broker.md §4.2, §2.13-§2.17).
// A record in I whose submission failed (F2.03, F2.04) stays in I and the
// row emits [DeleteRecord]: the chapter keeps no record.
var ShipForPickup = Flow{
	Name: "F2",
	// I is left out of Order: nothing may skip past the submission's answer.
	Order: []Status{StatusPicking, StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill, StatusCompleted},
	Final: []Status{StatusCompleted, StatusCanceled},
	Rows: []Row{
		{ID: "F2.01", FromNone: true, On: EventPickSlipPrinted, To: StatusInProcess,
			Effects: []Effect{f2Submitted, WriteMessage(TextSelectedForFulfillment)},
			Rules:   []string{"BRK-122", "BRK-134", "BRK-142"}},
		{ID: "F2.03", From: []Status{StatusInProcess}, On: EventSubmitUnavailable, Stay: true,
			Effects: []Effect{PrintPickSlip(false), WriteText(TextSubmitFailedUnavailable), DropRecord(true)},
			Rules:   []string{"BRK-127"}},
		{ID: "F2.04", From: []Status{StatusInProcess}, On: EventSubmitError, Stay: true,
			Effects: []Effect{PrintPickSlip(false), f2ErrorHold, WriteText(TextSubmitRejectedHeld), WriteReasonLines(), DropRecord(true)},
			Rules:   []string{"BRK-128", "BRK-132"}},
		{ID: "F2.05", From: []Status{StatusInProcess}, On: EventSubmitAcknowledged, To: StatusPicking,
			Effects: []Effect{UpdateFulfillingLocation(), SendUpdate(OBPicked), PrintPickSlip(true)},
			Rules:   []string{"BRK-130"}},
		{ID: "F2.06", From: []Status{StatusPicking}, On: EventShipmentConfirmed, To: StatusInTransit,
			Effects: []Effect{f2Intransit, WriteMessage(TextInTransitShipment)},
			Rules:   []string{"BRK-151", "BRK-153"}},
		{ID: "F2.07", From: []Status{StatusInTransit}, On: EventUpdateUnanswered, To: StatusResendIntransit,
			Rules: []string{"BRK-152", "BRK-317"}},
		{ID: "F2.08", From: []Status{StatusResendIntransit}, On: EventUpdateConfirmed, To: StatusInTransit,
			Rules: []string{"BRK-152"}},
		{ID: "F2.09", From: []Status{StatusInTransit}, On: EventIntransitPolled, To: StatusInTransitPolled, Effects: []Effect{intransitSettled}},
		{ID: "F2.10", From: []Status{StatusInTransit, StatusInTransitPolled}, On: EventReceived, To: StatusReceivedByStore,
			Effects: []Effect{intransitSettled, WriteMessage(TextStoreReceived), MoveFulfillingToPickup()},
			Rules:   []string{"BRK-134", "BRK-154"}},
		{ID: "F2.11", From: []Status{StatusInTransit, StatusInTransitPolled, StatusReceivedByStore}, On: EventPartiallyFulfilled, To: StatusPartialFulfill,
			Effects: []Effect{intransitSettled, WriteMessage(TextCustomerPartialPickUp)}, Rules: []string{"BRK-154"}},
		{ID: "F2.12", From: []Status{StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill}, On: EventFulfilled, To: StatusCompleted,
			Effects: []Effect{intransitSettled, WriteMessage(TextShippedByBrokerOrder), MoveFulfillingToPickup()},
			Rules:   []string{"BRK-134", "BRK-154"}},
		{ID: "F2.13", From: []Status{StatusPicking}, On: EventPickVoidedWithReason, To: StatusPendingCancel,
			Effects: []Effect{cancelLineWithReason, ReverseAuthorization()}, Rules: []string{"BRK-137", "BRK-310"}},
		{ID: "F2.14", From: []Status{StatusPendingCancel}, On: EventCancelConfirmed, To: StatusCanceled,
			Effects: []Effect{WriteMessage(TextCancelAcknowledged), ReverseAuthorization()}, Rules: []string{"BRK-310"}},
		// F2.x2 is not a row of the catalog's §4.2 (hence "x"): a cancel
		// answered FAILED, the order already canceled in OB (BRK-114, seed
		// 002 L4465; a resent cancel whose first answer was lost), ends
		// as F2.14 does, or stays in Y with Settings.CancelFailedKeepsPending
		// as F1.22.
		{ID: "F2.x2", From: []Status{StatusPendingCancel}, On: EventCancelFailed, To: StatusCanceled, When: cancelFailedToZ,
			Effects: []Effect{WriteMessage(TextCancelAcknowledged), ReverseAuthorization()}, Rules: []string{"BRK-114", "BRK-310"}},
		{ID: "F2.x2", From: []Status{StatusPendingCancel}, On: EventCancelFailed, Stay: true, When: cancelFailedStay,
			Effects: []Effect{WriteErrorHistory("cancel FAILED")}, Rules: []string{"BRK-114"}},
		{ID: "F2.15", From: []Status{StatusPicking}, On: EventPickVoidedSeparate, To: StatusPendingCancel,
			Effects: []Effect{cancelWithoutReason, ReverseAuthorization()}, Rules: []string{"BRK-143"}},
		{ID: "F2.16", From: []Status{StatusInProcess, StatusPicking}, On: EventRequestCanceled, To: StatusPendingCancel,
			Effects: []Effect{RequestCancel(), ReverseAuthorization()}, Rules: []string{"BRK-145", "BRK-146", "BRK-147", "BRK-148"}},
		// After a void already sent the cancel (Y, Z), canceling the order sends nothing more (BRK-143, BRK-145).
		{ID: "F2.16", From: []Status{StatusPendingCancel, StatusCanceled}, On: EventRequestCanceled, Stay: true,
			Rules: []string{"BRK-143", "BRK-145"}},
		{ID: "F2.17", From: []Status{StatusPicking}, On: EventPickVoidedNoUpdate, Stay: true, Rules: []string{"BRK-144"}},
		// F2.x1 is not a row of the catalog's §4.2 (hence "x"): the daily
		// inquiry of a shipped order (BRK-155) finds the pickup location
		// notified, "Ln#: n Accepted by Broker", once (seed 002 L931); OB
		// echoing the intransit OMS sent, or an earlier word, changes nothing.
		{ID: "F2.x1", From: f2Shipped, On: EventAccepted, Stay: true, Effects: []Effect{f2PickupNotified}, Rules: []string{"BRK-155"}},
		{ID: "F2.x1", From: f2Shipped, On: EventPolled, Stay: true, Effects: []Effect{f2PickupNotified}, Rules: []string{"BRK-155"}},
		{ID: "F2.x1", From: f2Shipped, On: EventIntransit, Stay: true, Rules: []string{"BRK-155"}},
		{ID: "F2.x1", From: f2Shipped, On: EventPicked, Stay: true, Rules: []string{"BRK-155"}},
		{ID: "F2.x1", From: f2Shipped, On: EventNewOrder, Stay: true, Rules: []string{"BRK-155"}},
	},
}

var (
	f2Shipped = []Status{StatusInTransit, StatusInTransitPolled}
	// f2PickupNotified writes "Accepted by Broker" the first time OB reports
	// the pickup location notified (seed L931).
	f2PickupNotified = EffectFunc(func(c *Change) {
		if c.Before.LastOBStatus == string(OBAccepted) || c.Before.LastOBStatus == string(OBPolled) {
			return
		}
		WriteMessage(TextAccepted).Apply(c)
	})
)

// PickLine is a line on a ship-for-pickup pick slip or drop ship PO.
type PickLine struct {
	Seq          int
	LineNo       int
	OROBEligible bool
}

// ShipForPickupSubmission is what pick slip or drop ship PO generation does
// with one pick slip of a ship-for-pickup order (F2.01, F2.02).
type ShipForPickupSubmission struct {
	// Submit is false when no line is OROB eligible: nothing goes to OB and
	// no record is created, but the pick slip is still printed (BRK-124).
	Submit bool
	// Lines are the OROB-eligible lines that go in the SubmitOrder
	// (BRK-123); every line of the pick slip may still ship to the store.
	Lines []PickLine
}

// PlanShipForPickupPick decides the SubmitOrder of one pick slip (BRK-123,
// BRK-124). Each pick slip gets its own SubmitOrder and OB order (BRK-125).
func PlanShipForPickupPick(pick []PickLine) ShipForPickupSubmission {
	var out ShipForPickupSubmission
	for _, l := range pick {
		if l.OROBEligible {
			out.Lines = append(out.Lines, l)
		}
	}
	out.Submit = len(out.Lines) > 0
	return out
}

// SplitShipForPickupPicks groups the printable lines of a ship-for-pickup
// order into pick slips: one per line when L89 is selected (BRK-126), else
// one for all of them.
func SplitShipForPickupPicks(lines []PickLine, s Settings) [][]PickLine {
	if len(lines) == 0 {
		return nil
	}
	if !s.Flows.SeparatePicks {
		return [][]PickLine{lines}
	}
	out := make([][]PickLine, 0, len(lines))
	for _, l := range lines {
		out = append(out, []PickLine{l})
	}
	return out
}

// ShipForPickupFlow says which flow a ship-for-pickup order follows: "F1"
// (sent for fulfillment assignment at creation or by the BROKER periodic
// function) when M34 = ALWAYS and K08 is selected, otherwise "F2" (sent at
// pick slip or drop ship PO generation), BRK-121, BRK-118, BRK-313.
func ShipForPickupFlow(s Settings) string {
	if s.shipForPickupAlways() && s.SendBackorders {
		return BrokeredBackorder.Name
	}
	return ShipForPickup.Name
}

// PickSlipVoidEvent classifies the void of a ship-for-pickup pick slip:
//   - a special ship-for-pickup order (order type L15) voided through the
//     Generic Pick In API with the CWPickIn backorder cancel reason, or else
//     L86: [EventPickVoidedWithReason] carrying that reason (BRK-137, F2.13);
//   - a regular order with L89 selected: [EventPickVoidedSeparate], a cancel
//     update without a reason (BRK-143, F2.15);
//   - anything else: [EventPickVoidedNoUpdate] (BRK-144, F2.17).
func PickSlipVoidEvent(orderType string, pickInAPI bool, pickInReason string, s Settings) Event {
	special := s.Flows.SpecialOrderType != "" && orderType == s.Flows.SpecialOrderType
	reason := strings.TrimSpace(pickInReason)
	if reason == "" {
		reason = s.Flows.PickInCancelReason
	}
	switch {
	case special && pickInAPI && reason != "":
		return Event{Kind: EventPickVoidedWithReason, CancelReasonCode: reason, LineCanceled: true}
	case !special && s.Flows.SeparatePicks:
		return Event{Kind: EventPickVoidedSeparate}
	}
	return Event{Kind: EventPickVoidedNoUpdate}
}

// DropShipPOCancelEvent is the cancel of a ship-for-pickup drop ship PO in
// purchase order maintenance: no reason can be entered there, so the update
// carries C20 (BRK-146).
func DropShipPOCancelEvent(s Settings) Event {
	return Event{Kind: EventRequestCanceled, LineCanceled: true, CancelReasonCode: s.Flows.AutoSoldoutCancelReason}
}

// ShipForPickupOrderID is the SubmitOrder order_id of a ship-for-pickup
// order: the e-commerce order number for a special order (order type L15),
// else the OMS order number (BRK-135).
func ShipForPickupOrderID(orderType, eCommerceOrderNo string, orderNo int, s Settings) string {
	if s.Flows.SpecialOrderType != "" && orderType == s.Flows.SpecialOrderType && strings.TrimSpace(eCommerceOrderNo) != "" {
		return strings.TrimSpace(eCommerceOrderNo)
	}
	return strconv.Itoa(orderNo)
}

// ShipForPickupBalanceDue is the SubmitOrder balance_due of a ship-for-pickup
// pick slip: for a special order (L15) the total when the pay type is L16,
// else nothing (BRK-136); otherwise the total when L60 is selected (the
// customer pays at the store, BRK-139 item 5; the pick slip total, ambiguity
// A8), else nothing. The bool is false when no balance due is sent.
func ShipForPickupBalanceDue(orderType, payType string, total decimal.Decimal, s Settings) (decimal.Decimal, bool) {
	if s.Flows.SpecialOrderType != "" && orderType == s.Flows.SpecialOrderType {
		if s.Flows.SpecialPayType != "" && payType == s.Flows.SpecialPayType {
			return total, true
		}
		return decimal.Zero, false
	}
	if s.PaymentAtPOSForShipForPickup {
		return total, true
	}
	return decimal.Zero, false
}

// PaymentMethod is a payment method on a ship-for-pickup order, as the L60
// rules read it.
type PaymentMethod struct {
	PayType         string
	CreditCard      bool
	CardTypeCredit  bool // the pay type's Card type is Credit
	SuppressDeposit bool
	SuppressRefund  bool
}

// ErrPaymentAtPOS is wrapped by [CheckPaymentAtPOS] errors.
var ErrPaymentAtPOS = errors.New("payment at POS rule broken")

// CheckPaymentAtPOS applies the L60 restrictions to a ship-for-pickup order
// (BRK-139 items 1 and 2): only credit cards whose card type is Credit, each
// with Suppress deposit and Suppress refund = Y. They do not apply when L60
// is unselected or the order type is L15 (BRK-140). Every broken rule is
// returned, joined, each wrapping [ErrPaymentAtPOS].
func CheckPaymentAtPOS(orderType string, pms []PaymentMethod, s Settings) error {
	if !s.PaymentAtPOSForShipForPickup || (s.Flows.SpecialOrderType != "" && orderType == s.Flows.SpecialOrderType) {
		return nil
	}
	var errs []error
	for i, p := range pms {
		if !p.CreditCard || !p.CardTypeCredit {
			errs = append(errs, fmt.Errorf("broker: payment method %d pay type %q: only credit cards with card type Credit (L60): %w", i+1, p.PayType, ErrPaymentAtPOS))
		}
		if !p.SuppressDeposit || !p.SuppressRefund {
			errs = append(errs, fmt.Errorf("broker: payment method %d pay type %q: suppress deposit and suppress refund must be Y (L60): %w", i+1, p.PayType, ErrPaymentAtPOS))
		}
	}
	return errors.Join(errs...)
}

// ShipForPickupAuthorization says how a ship-for-pickup order is authorized:
// with L60 (and not an L15 order) online for $1.00 only and not at pick slip
// generation (BRK-139 items 3 and 4); otherwise for the amount, at pick
// slip generation as usual.
func ShipForPickupAuthorization(orderType string, amount decimal.Decimal, s Settings) (online decimal.Decimal, atPickSlip bool) {
	if s.PaymentAtPOSForShipForPickup && (s.Flows.SpecialOrderType == "" || orderType != s.Flows.SpecialOrderType) {
		return decimal.NewFromInt(1), false
	}
	return amount, true
}

// ShipForPickupReturnsAllowed reports whether returns, return
// authorizations and refunds may be created for a ship-for-pickup order:
// not with L60 (BRK-141), except for an L15 order (BRK-140).
func ShipForPickupReturnsAllowed(orderType string, s Settings) bool {
	return !s.PaymentAtPOSForShipForPickup || (s.Flows.SpecialOrderType != "" && orderType == s.Flows.SpecialOrderType)
}

// ErrShipForPickup is wrapped by the ship-for-pickup order checks.
var ErrShipForPickup = errors.New("ship-for-pickup rule broken")

// ShipForPickupLine is an order line as the ship-for-pickup order checks read it.
type ShipForPickupLine struct {
	LineNo    int
	ItemCode  string
	ShipAlone bool
	Qty       int
}

// CheckShipForPickupOrder applies the order-level rules of §2.13: a single
// ship-to (BRK-115) and, for a Ship alone item, no quantity over 1 on a line,
// whether or not the item is OROB eligible (BRK-120). Every broken rule is
// returned, joined, each wrapping [ErrShipForPickup].
func CheckShipForPickupOrder(shipTos int, lines []ShipForPickupLine) error {
	var errs []error
	if shipTos != 1 {
		errs = append(errs, fmt.Errorf("broker: ship-for-pickup order has %d ship-tos, want 1: %w", shipTos, ErrShipForPickup))
	}
	for _, l := range lines {
		if l.ShipAlone && l.Qty > 1 {
			errs = append(errs, fmt.Errorf("broker: line %d item %s: ship alone quantity %d > 1, one line per unit: %w", l.LineNo, l.ItemCode, l.Qty, ErrShipForPickup))
		}
	}
	return errors.Join(errs...)
}

// CheckPickupStoreChange refuses to change the store of a ship-for-pickup
// order once it is accepted: cancel it and create a new one (BRK-119).
func CheckPickupStoreChange(accepted bool, from, to string) error {
	if accepted && from != to {
		return fmt.Errorf("broker: pickup store %s -> %s: the order is accepted; cancel it and enter a new one: %w", from, to, ErrShipForPickup)
	}
	return nil
}

// StoreXref is a Store Cross Reference (WSCR) record.
type StoreXref struct {
	Store         string
	System        string // WSCR System Code
	Description   string
	Address       Address
	ShipForPickup bool // the Ship for Pickup flag
	SourceCode    string
}

// ShipForPickupStores lists the stores offered on the Store Location screen:
// only WSCR records whose Ship for Pickup flag is selected (BRK-116).
func ShipForPickupStores(all []StoreXref) []StoreXref {
	var out []StoreXref
	for _, s := range all {
		if s.ShipForPickup {
			out = append(out, s)
		}
	}
	return out
}

// ShipForPickupShipTo builds the one-time ship-to of a ship-for-pickup order
// from the ship-to given (order entry or CWORDERIN ShipTo) and the store's
// WSCR record: every blank field defaults from WSCR, the company name from
// the WSCR description (BRK-116, BRK-117).
func ShipForPickupShipTo(given Address, store StoreXref) Address {
	w := store.Address
	if w.Company == "" {
		w.Company = store.Description
	}
	out := given
	fill := func(dst *string, v string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = v
		}
	}
	fill(&out.Company, w.Company)
	fill(&out.First, w.First)
	fill(&out.Last, w.Last)
	fill(&out.Address1, w.Address1)
	fill(&out.Address2, w.Address2)
	fill(&out.Address3, w.Address3)
	fill(&out.Apartment, w.Apartment)
	fill(&out.City, w.City)
	fill(&out.Province, w.Province)
	fill(&out.Postal, w.Postal)
	fill(&out.Country, w.Country)
	fill(&out.DayPhone, w.DayPhone)
	return out
}

// PickMessageFields are the fields the Pick Message (CWPickOut) and the PO
// Download message carry for a ship-for-pickup line (BRK-133).
type PickMessageFields struct {
	RequestID    string
	OrderID      string // the order number in the originating system
	DeliveryType string // "S" ship-for-pickup
}

// ShipForPickupPickFields renders BRK-133's fields for a record.
func ShipForPickupPickFields(r Record) PickMessageFields {
	return PickMessageFields{RequestID: r.RequestID, OrderID: strconv.Itoa(r.Key.Order), DeliveryType: DeliveryTypeShipForPickup}
}

// Delivery types (order API delivery_type, §7.2).
const (
	DeliveryTypeShipForPickup = "S"
	DeliveryTypeStorePickup   = "P"
)

// ShipForPickupErrorTexts are the order history lines of a ship-for-pickup
// SubmitOrder that OB rejected (F2.04): when the error arose while selecting
// vendors for drop ship processing (MDSP, dropShipPO not 0) the history may
// first say "DROP SHIP PO# <n> CREATED." although no PO is produced
// (BRK-129); then "Submit Order Rejected/Order Held" and the "Rsn:" lines
// (BRK-128).
func ShipForPickupErrorTexts(dropShipPO int, reason string) []string {
	var out []string
	if dropShipPO != 0 {
		out = append(out, fmt.Sprintf("DROP SHIP PO# %d CREATED.", dropShipPO))
	}
	out = append(out, TextSubmitRejectedHeld)
	return append(out, ReasonLines(reason)...)
}
