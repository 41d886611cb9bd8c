package order

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/redact"
)

// StepName names one stage of the intake (ORD-003).
type StepName string

// Intake steps, in the order they run.
const (
	StepMessage     StepName = "message"     // message-level checks: response type, payment-only form, unsupported features
	StepIdempotency StepName = "idempotency" // the order_number seen before?
	StepSize        StepName = "size"        // the 65,000-character rule
	StepBatch       StepName = "batch"       // batch attributes (A.2)
	StepCustomer    StepName = "customer"    // sold-to selection
	StepHeader      StepName = "header"      // header edit: defaults, rep, email, ship via, coupons, promotions
	StepDetail      StepName = "detail"      // detail edit: item resolution, returns, sets, pre-billing
	StepPayment     StepName = "payment"     // payment edit: pay types, tokens, suppress flags, auth history
	StepTotals      StepName = "totals"      // order totals
	StepRoute       StepName = "route"       // open, held, error batch (ORD-005, ORD-006)
	StepAuthorize   StepName = "authorize"   // online authorization (A.7)
	StepCommit      StepName = "commit"      // one transaction
	StepResponse    StepName = "response"    // CWORDEROUT content (ORD-055)
	StepRelease     StepName = "release"     // an approved batch's orders edited and released (ORD-015)
)

// StepOutcome is how a step ended.
type StepOutcome string

// Step outcomes.
const (
	OutcomeOK       StepOutcome = "ok"
	OutcomeErrors   StepOutcome = "errors"   // the step put errors on the order; processing went on
	OutcomeSkipped  StepOutcome = "skipped"  // the step did not apply
	OutcomeRejected StepOutcome = "rejected" // the message stopped here; nothing written
	OutcomeReplayed StepOutcome = "replayed" // the same message was taken in before
	OutcomeFailed   StepOutcome = "failed"   // a dependency failed; nothing written
)

// Step records one step's outcome.
type Step struct {
	Name    StepName
	Outcome StepOutcome
	Detail  string
}

// RouteKind is where the order went after the edit (ORD-005).
type RouteKind string

// Routes (ORD-005).
const (
	RouteAsync       RouteKind = "async"        // passed with payment: asynchronous completion, open or held
	RouteErrorBatch  RouteKind = "error batch"  // G41: failed the edit, or no payment
	RouteRetailBatch RouteKind = "retail batch" // I78: channel P, not batched, with errors
	RouteBatch       RouteKind = "batch"        // a batched order waiting in its own batch (ORD-004)
)

// Route is the routing decision with the batch it names.
type Route struct {
	Kind  RouteKind
	Batch string
}

// RouteOrder applies the ORD-005 table to a non-batched order. A channel-P
// order without payment but without errors goes to G41 (Part C, C-07).
func RouteOrder(passed, hasPayment bool, channel string, s Settings) Route {
	switch {
	case passed && hasPayment:
		return Route{Kind: RouteAsync}
	case !passed && channel == ChannelRetail:
		return Route{Kind: RouteRetailBatch, Batch: s.RetailChannelBatch}
	default:
		return Route{Kind: RouteErrorBatch, Batch: s.ErrorBatch}
	}
}

// Deps are what the intake needs. Store and Items are required; the others
// may be nil, which means: no customer selection (the message's
// customer_number is used), no rep lookup (only H24 applies), every pay type
// unknown, no tokenization, no online authorization, no vendor response
// file, no credit/fraud holds, every coupon unknown, no SCF ship via, no
// promotions, every line shippable, a wall clock and random ids.
type Deps struct {
	Settings        Settings
	Store           Store
	Items           ItemCatalog
	Reps            RepDirectory
	PayTypes        PayTypes
	Tokenizer       Tokenizer
	Authorizer      PaymentAuthorizer
	VendorResponses VendorResponses
	Holds           HoldChecker
	Coupons         Coupons
	ShipVias        ShipVias
	Promotions      Promotions
	SoldTo          SoldToSelector
	// OrderNumbers assigns the numeric order number (Order.Number, the
	// CWORDEROUT order_id) and resolves a numeric rdc_order_nbr; nil keeps
	// the uuid as the only order id.
	OrderNumbers OrderNumbers
	Clock        Clock
	NewID        IDSource
	// OnlineAuthEligible is the host's rule for which orders may receive a
	// credit card authorization during order entry (ORD-045); nil means none.
	OnlineAuthEligible func(o *Order) bool
	// Shippable reports whether a line can ship now (ORD-050); nil means
	// every line can.
	Shippable func(l Line) bool
	// Observer, when set, is told about each intake (see [IntakeObserver]);
	// order/orderotel turns that into OpenTelemetry metrics and spans.
	Observer IntakeObserver
}

// Input is one inbound message as a domain order.
type Input struct {
	Order Order
	// Payload is the raw message; when set, its SHA-256 is the idempotency
	// hash, otherwise a canonical encoding of Order is hashed.
	Payload []byte
}

// Result is everything the intake decided.
type Result struct {
	Order           Order
	Input           Order // the order as received, kept only while its payment is to follow (ORD-056, ORD-057)
	SoldTo          SoldToResult
	Steps           []Step
	Errors          []*FieldError // order-edit errors: header, detail and payment, all of them
	Warnings        []string
	RepOutcome      RepOutcome
	EmailSource     EmailSource
	NewReps         []Rep
	CustomerReturns []CustomerReturn // CWCustomerReturn messages to send (ORD-032)
	Promotions      []Promotion
	Batch           *Batch // the batch after this order, for a batched order
	EditRan         bool   // the order edit ran (not a batched order)
	Response        *Response
	Replayed        bool // the same message was taken in before; nothing was written
	// Released holds the results of the batch's orders when this order,
	// the last of its batch, approved it (ORD-015).
	Released []Result
}

// Passed reports whether the order passed the edit.
func (r Result) Passed() bool { return r.EditRan && len(r.Errors) == 0 }

// StoppedAt is the step where the intake stopped: the first rejected or
// failed step, or the last step run.
func (r Result) StoppedAt() StepName {
	for _, s := range r.Steps {
		if s.Outcome == OutcomeRejected || s.Outcome == OutcomeFailed {
			return s.Name
		}
	}
	if len(r.Steps) == 0 {
		return ""
	}
	return r.Steps[len(r.Steps)-1].Name
}

// step records a step; its detail is masked (redact.Text), because it may
// quote an error about the message.
func (r *Result) step(n StepName, o StepOutcome, detail string) {
	r.Steps = append(r.Steps, Step{Name: n, Outcome: o, Detail: redact.Text(detail)})
}

// Intake takes one message in: it checks the message, replays a message
// taken in before, selects the customer, runs the order edit (header, detail
// and payment, collecting every error), totals and routes the order, runs
// online authorization, writes everything in one transaction and builds the
// response.
//
// Guarantees:
//   - Idempotent by order_number (by rdc_order_nbr for a payment-only
//     message): the same payload again returns the original result with
//     Replayed set and writes nothing; a different payload returns an error
//     wrapping ErrDuplicateOrder and writes nothing. This holds under
//     concurrent intakes of the same order number: inside one process the
//     intakes of one key run one after the other (the later ones replay
//     without calling any dependency), and across processes the store's
//     Commit decides. There, when the store is an IntakeClaimer, an intake
//     claims its order number durably before its first outside call (card
//     tokenizer, online authorizer), so the losing intake of such a race
//     replays without calling out; with a store that is not, those calls
//     may be made by the loser too. Read-only dependencies (item, rep and
//     customer look-ups) may be called by the loser either way.
//   - With a SoldToCommitter store, the customer the selection creates or
//     updates is written in the order's transaction: one commit per order,
//     and an order that is not written leaves no customer behind. A new
//     customer's number is assigned by that commit, so the hooks called
//     during the edit (holds, promotions, authorization eligibility) see a
//     blank Order.CustomerNbr for it.
//   - A message-level error returns a *ValidationError wrapping ErrRejected
//     and writes nothing; an order that fails the edit is written in error
//     status (StatusError) with all its errors in Result.Errors.
//   - The result always records the steps run, even with an error.
//   - With Deps.Observer set, the intake is reported to it: started, and
//     finished with its outcome ([IntakeOutcomeOf]) and latency.
//   - No card number reaches an error text or a step detail: they are
//     masked with redact.Text wherever the number stood in the message.
func Intake(ctx context.Context, deps Deps, in Input) (Result, error) {
	var (
		res Result
		err error
	)
	if deps.Observer != nil {
		res, err = observeIntake(ctx, deps, in)
	} else {
		res, err = intake(ctx, deps, in)
	}
	return res, redact.Error(err)
}

// intake is [Intake] without the observer and the masking of its error.
func intake(ctx context.Context, deps Deps, in Input) (Result, error) {
	s := deps.Settings // ORD-011: one snapshot per message
	res := Result{Steps: make([]Step, 0, 14)}
	if deps.Store == nil || deps.Items == nil {
		res.step(StepMessage, OutcomeFailed, "Store and Items are required")
		return res, fmt.Errorf("order: intake: Store and Items are required: %w", ErrMissingValue)
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("order: intake: %w", err)
	}
	o := in.Order.Clone()

	// Message.
	if errs := checkMessage(&o); len(errs) > 0 {
		res.step(StepMessage, OutcomeRejected, errs[0].Error())
		return res, fmt.Errorf("%w: %w", ErrRejected, &ValidationError{OrderNumber: o.OrderNumber, Errors: errs})
	}
	res.step(StepMessage, OutcomeOK, "")

	// Idempotency.
	key := "order:" + o.OrderNumber
	if o.PaymentOnly {
		key = "payment:" + o.RDCOrderNbr
	}
	hash := payloadHash(in)
	kl := intakeLocks.lock(key)
	locked := true
	defer func() {
		if locked {
			intakeLocks.unlock(key, kl)
		}
	}()
	// A store that commits the customer with the order finds a replay in
	// its Commit (or its claim), where everything this message would write
	// rolls back; the look-up before the edit would cost a round trip for
	// every new order.
	committer := commitsSoldTo(deps.Store)
	numberAtCommit := numbersAtCommit(deps)
	if committer && (deps.OrderNumbers == nil || numberAtCommit) {
		res.step(StepIdempotency, OutcomeOK, "checked at commit")
	} else {
		prev, found, err := deps.Store.LookupIntake(ctx, key)
		if err != nil {
			res.step(StepIdempotency, OutcomeFailed, err.Error())
			return res, fmt.Errorf("order %s: idempotency lookup: %w", o.OrderNumber, err)
		}
		if found {
			return replay(res, key, prev, hash)
		}
		res.step(StepIdempotency, OutcomeOK, "")
	}

	var prior *Result
	update := false
	if o.PaymentOnly {
		base, p, err := paymentBase(ctx, deps.Store, deps.OrderNumbers, o)
		if err != nil {
			res.step(StepMessage, OutcomeRejected, err.Error())
			return res, err
		}
		o, prior, update = base, p, true
	}

	now := time.Now
	if deps.Clock != nil {
		now = deps.Clock
	}
	if o.ID == uuid.Nil {
		if deps.NewID != nil {
			o.ID = deps.NewID()
		} else {
			o.ID = uuid.New()
		}
	}
	if o.OrderDate.IsZero() {
		o.OrderDate = now()
	}

	e := &edit{deps: deps, s: s, o: &o, res: &res, now: now, key: key, hash: hash, deferSoldTo: committer}
	defer e.release(ctx)
	if err := e.run(ctx, prior); err != nil {
		var rp replayed
		if errors.As(err, &rp) {
			return replay(Result{Steps: res.Steps[:2]}, key, rp.c, hash)
		}
		return res, err
	}

	// Commit. The order number is taken last, so a message rejected by an
	// earlier step uses none.
	if o.Number == 0 && !update && numberAtCommit {
		e.assignNumber = true
	} else if o.Number == 0 && !update && deps.OrderNumbers != nil {
		n, err := deps.OrderNumbers.NextOrderNumber(ctx)
		if err == nil && (n <= 0 || n > MaxOrderNumber) {
			err = fmt.Errorf("order number %d outside 1..%d: %w", n, MaxOrderNumber, ErrInvalidValue)
		}
		if err != nil {
			res.step(StepCommit, OutcomeFailed, err.Error())
			return res, fmt.Errorf("order %s: order number: %w", o.OrderNumber, err)
		}
		o.Number = n
	}
	if !o.PaymentOnly && len(in.Order.Payments) == 0 {
		res.Input = in.Order // kept for the payment-only message (ORD-057); the store copies it
	}
	var c Committed
	var err error
	for attempt := 1; ; attempt++ {
		c, err = e.commit(ctx, update)
		if err == nil || !errors.Is(err, customer.ErrSoldToExists) || attempt == maxCustomerRaces {
			break
		}
		// A concurrent order created this new customer first: select again
		// (the rules now find it) and commit the order for that customer.
		res.Steps = res.Steps[:len(res.Steps)-2]
		if err := e.reselect(ctx); err != nil {
			return res, err
		}
	}
	intakeLocks.unlock(key, kl)
	locked = false
	if err != nil {
		res.Steps = res.Steps[:len(res.Steps)-2]
		if errors.Is(err, ErrDuplicateOrder) {
			res.step(StepCommit, OutcomeRejected, err.Error())
			return res, fmt.Errorf("order %s: %w", o.OrderNumber, err)
		}
		if errors.Is(err, ErrBatchNumberUsed) {
			res.step(StepCommit, OutcomeRejected, err.Error())
			return res, fmt.Errorf("%w: order %s: %w", ErrRejected, o.OrderNumber, err)
		}
		res.step(StepCommit, OutcomeFailed, err.Error())
		return res, fmt.Errorf("order %s: commit: %w", o.OrderNumber, err)
	}
	if c.Replayed {
		return replay(Result{Steps: res.Steps[:2]}, key, c, hash)
	}
	e.claim = "" // completed by the commit
	if c.SoldTo != 0 {
		o.CustomerNbr = c.SoldTo.String()
		res.setCustomerNumber(o.CustomerNbr)
	}
	if c.OrderNumber != 0 {
		o.Number = c.OrderNumber
		res.setOrderNumber(o.Number)
	}
	res.Batch = c.Batch
	if c.Batch != nil && c.Batch.Approved && o.Batch.Flag == BatchEnd { // ORD-015
		rel, err := ReleaseBatch(ctx, deps, o.Batch.Number)
		res.Released = rel
		if err != nil {
			res.step(StepRelease, OutcomeFailed, err.Error())
			res.Warnings = append(res.Warnings, fmt.Sprintf("batch %s approved but not released: %v", o.Batch.Number, err))
		} else {
			res.step(StepRelease, OutcomeOK, fmt.Sprintf("%d order(s) released", len(rel)))
		}
	}
	return res, nil
}

func replay(res Result, key string, prev Committed, hash [32]byte) (Result, error) {
	if prev.PayloadHash != hash {
		res.step(StepIdempotency, OutcomeRejected, "different payload")
		return res, fmt.Errorf("%s taken in before with a different payload: %w", key, ErrDuplicateOrder)
	}
	out := prev.Result
	out.Replayed = true
	out.Batch = prev.Batch
	out.Steps = append(append([]Step(nil), out.Steps...), Step{Name: StepIdempotency, Outcome: OutcomeReplayed, Detail: key})
	return out, nil
}

// payloadHash hashes the raw payload, or a canonical JSON encoding of the
// order when there is none.
func payloadHash(in Input) [32]byte {
	if in.Payload != nil {
		return sha256.Sum256(in.Payload)
	}
	b, err := json.Marshal(in.Order)
	if err != nil { // cannot happen: Order holds only marshalable values
		return sha256.Sum256([]byte(fmt.Sprintf("%#v", in.Order)))
	}
	return sha256.Sum256(b)
}

// paymentBase loads the order a payment-only message names and returns the
// order as first received with the payments of this message (ORD-057).
//
// rdc_order_nbr is the order_id of the earlier response: the numeric order
// number when Deps.OrderNumbers is set (looked up there), else the uuid.
func paymentBase(ctx context.Context, st Store, nums OrderNumbers, msg Order) (Order, *Result, error) {
	id, err := uuid.Parse(msg.RDCOrderNbr)
	if err != nil && nums != nil && msg.RDCOrderNbr != "" && strings.Trim(msg.RDCOrderNbr, "0123456789") == "" {
		n, perr := strconv.Atoi(msg.RDCOrderNbr)
		if perr != nil {
			err = perr
		} else {
			id, err = nums.OrderIDByNumber(ctx, n)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return Order{}, nil, fmt.Errorf("order number %s: %w", msg.RDCOrderNbr, err)
			}
		}
	}
	if err != nil {
		fe := &FieldError{Level: LevelMessage, Path: "Header", Attribute: "rdc_order_nbr", Value: msg.RDCOrderNbr, Rule: "ORD-057", Reason: "names no order", Err: ErrNotFound}
		return Order{}, nil, fmt.Errorf("%w: %w", ErrRejected, &ValidationError{Errors: []*FieldError{fe}})
	}
	stored, err := st.Order(ctx, id)
	if err != nil {
		fe := &FieldError{Level: LevelMessage, Path: "Header", Attribute: "rdc_order_nbr", Value: msg.RDCOrderNbr, Rule: "ORD-057", Reason: "names no order", Err: err}
		return Order{}, nil, fmt.Errorf("%w: %w", ErrRejected, &ValidationError{Errors: []*FieldError{fe}})
	}
	c, ok, err := st.LookupIntake(ctx, "order:"+stored.OrderNumber)
	if err != nil {
		return Order{}, nil, fmt.Errorf("order %s: %w", stored.OrderNumber, err)
	}
	if !ok {
		return Order{}, nil, fmt.Errorf("order %s: intake record: %w", stored.OrderNumber, ErrNotFound)
	}
	if stored.PayIncluded || len(stored.Payments) > 0 {
		fe := &FieldError{Level: LevelMessage, Path: "Header", Attribute: "rdc_order_nbr", Value: msg.RDCOrderNbr, Rule: "ORD-086",
			Reason: "the order already has its payment; order maintenance is not supported", Err: ErrUnsupported}
		return Order{}, nil, fmt.Errorf("%w: %w", ErrRejected, &ValidationError{OrderNumber: stored.OrderNumber, Errors: []*FieldError{fe}})
	}
	base := c.Result.Input.Clone()
	base.ID = stored.ID
	base.Number = stored.Number
	base.OrderDate = stored.OrderDate
	base.Payments = msg.Payments
	base.PayIncluded = true
	base.ResponseType = msg.ResponseType
	prior := c.Result
	return base, &prior, nil
}

var validShipToTypes = map[string]bool{"": true, "1": true, "2": true, "3": true}

// checkMessage finds the errors that reject the whole message.
func checkMessage(o *Order) errorList {
	var l errorList
	hdr := func(attr, value, rule, reason string, err error) {
		l.add(LevelMessage, "Header", attr, value, rule, reason, err)
	}
	if o.ResponseType == "" {
		o.ResponseType = ResponseNone
	}
	if !o.ResponseType.Valid() {
		hdr("response_type", string(o.ResponseType), "ORD-055", "must be D, E, A or N", ErrInvalidValue)
	}
	numeric := func(attr, v string, max int, rule string) {
		if v == "" {
			return
		}
		if len(v) > max || strings.Trim(v, "0123456789") != "" {
			hdr(attr, v, rule, fmt.Sprintf("must be numeric, at most %d digits", max), ErrInvalidValue)
		}
	}
	// The 65,000-character rule (message-formats.md §1.5): a message over
	// the limit is refused whole, nothing written — no order and no
	// customer. CWDirect 18.0 put such an order in error without its lines
	// (the OMS 5.0 and later pages do not state the rule); omskit refuses it
	// instead, because the order in error still created the sold-to from a
	// header of any size.
	if over, n := overLimit(o); over {
		l.add(LevelMessage, "Message", "", n, "message-formats.md §1.5", ReasonOverLimit, ErrInvalidValue)
	}
	numeric("company_code", o.CompanyCode, 3, "cworderin-attributes.md §2.2")
	if o.PaymentOnly {
		if o.RDCOrderNbr == "" {
			hdr("rdc_order_nbr", "", "ORD-057", "required in a payment-only message", ErrMissingValue)
		}
		if !o.PayIncluded {
			hdr("pay_incl", "N", "ORD-057", "must be Y in a payment-only message", ErrInvalidValue)
		}
		if len(o.Payments) == 0 {
			l.add(LevelMessage, "Payments", "", "", "ORD-057", "a payment-only message needs payments", ErrMissingValue)
		}
		if len(o.ShipTos) > 0 {
			l.add(LevelMessage, "ShipTos", "", "", "ORD-086", "a payment-only message cannot change the order", ErrUnsupported)
		}
		checkPaymentsForm(o, &l)
		return l
	}
	if o.OrderNumber == "" {
		hdr("order_number", "", "ORD-010", "required", ErrMissingValue)
	} else if len([]rune(o.OrderNumber)) > 30 {
		hdr("order_number", o.OrderNumber, "ORD-010", "longer than 30 characters", ErrInvalidValue)
	}
	if o.RDCOrderNbr != "" {
		hdr("rdc_order_nbr", o.RDCOrderNbr, "ORD-086", "order maintenance is not supported", ErrUnsupported)
	}
	if o.Originator != "" {
		hdr("originator", o.Originator, "ORD-085", "a separate individual originator is not supported", ErrUnsupported)
	}
	if len([]rune(o.OrderChannel)) > 2 {
		hdr("order_channel", o.OrderChannel, "cworderin-attributes.md §2.2", "longer than 2 characters", ErrInvalidValue)
	}
	numeric("customer_number", o.SoldTo.CustomerNumber, 9, "cworderin-attributes.md §2.2")
	numeric("bill_to_number", o.BillToNumber, 7, "cworderin-attributes.md §2.2")
	if len([]rune(o.SoldTo.AlternateID)) > 15 {
		hdr("alternate_sold_to_id", o.SoldTo.AlternateID, "cworderin-attributes.md §2.2", "longer than 15 characters", ErrInvalidValue)
	}
	if !o.PayIncluded && len(o.Payments) == 0 && o.ResponseType == ResponseNone && o.Batch == nil {
		hdr("response_type", "N", "ORD-056", "an order whose payment follows needs a D, E or A response for its order_id", ErrInvalidValue)
	}
	if !o.PayIncluded && len(o.Payments) > 0 {
		hdr("pay_incl", "N", "ORD-058", "pay_incl is N but the message carries payments", ErrInvalidValue)
	}
	checkPaymentsForm(o, &l)
	o.lines(func(si, li int, ln *Line) {
		if !ln.VariableSet && !ln.TelemarketingSpecial && ln.ItemComment == "" {
			return // the path is formatted only for an error
		}
		p := fmt.Sprintf("ShipTo[%d]/Item[%d]", si+1, li+1)
		if ln.VariableSet {
			l.add(LevelMessage, p, "variable_set", "Y", "ORD-087", "variable sets need a pop-up window", ErrUnsupported)
		}
		if ln.TelemarketingSpecial {
			l.add(LevelMessage, p, "telemarketing_special", "Y", "ORD-087", "telemarketing specials need a pop-up window", ErrUnsupported)
		}
		if ln.ItemComment != "" {
			l.add(LevelMessage, p, "item_comment", ln.ItemComment, "ORD-087", "item comments need a pop-up window", ErrUnsupported)
		}
	})
	if b := o.Batch; b != nil {
		checkBatchForm(b, &l)
	}
	return l
}

// overLimit reports whether o's message is over the 65,000-character limit
// (message-formats.md §1.5), with its length as shown in the error.
func overLimit(o *Order) (bool, string) {
	switch {
	case o.MessageLength > MaxMessageLength:
		return true, strconv.Itoa(o.MessageLength) + " characters"
	case o.OverLimit:
		return true, "more than " + strconv.Itoa(MaxMessageLength) + " characters"
	}
	return false, ""
}

// checkPaymentsForm checks the payment attributes whose form is wrong
// whatever the set-up: such a message is rejected (card numbers masked).
func checkPaymentsForm(o *Order, l *errorList) {
	seen := map[int]bool{}
	for i, p := range o.Payments {
		path := func() string { return fmt.Sprintf("Payment[%d]", i+1) } // formatted only for an error
		if p.CardNumber != "" && strings.Trim(p.CardNumber, "0123456789") != "" {
			l.add(LevelMessage, path(), "cc_number", redact.Card(p.CardNumber), "message-formats.md §1.5", "card number must be digits", ErrInvalidValue)
		}
		if p.ExpMonth < 0 || p.ExpMonth > 12 {
			l.add(LevelMessage, path(), "cc_exp_month", strconv.Itoa(p.ExpMonth), "message-formats.md §3.4", "must be 1 to 12", ErrInvalidValue)
		}
		if p.Amount.IsNegative() {
			l.add(LevelMessage, path(), "amount", p.Amount.String(), "message-formats.md §3.4", "must not be negative", ErrInvalidValue)
		}
		if p.Seq != 0 && seen[p.Seq] {
			l.add(LevelMessage, path(), "payment_seq_number", strconv.Itoa(p.Seq), "message-formats.md §3.4", "duplicate payment sequence", ErrInvalidValue)
		}
		seen[p.Seq] = true
	}
}

// checkBatchForm checks the required batch attributes by position (ORD-014,
// ORD-020).
func checkBatchForm(b *BatchInfo, l *errorList) {
	add := func(attr, value, rule, reason string, err error) {
		l.add(LevelMessage, "Header", attr, value, rule, reason, err)
	}
	if b.Number == "" {
		add("batch_number", "", "ORD-020", "required on every batched order", ErrMissingValue)
	} else if strings.Trim(b.Number, "0123456789") != "" {
		add("batch_number", b.Number, "ORD-012", "must be a number", ErrInvalidValue)
	}
	switch b.Flag {
	case BatchBegin:
		if b.Date.IsZero() {
			add("batch_date", "", "ORD-020", "required on the first order", ErrMissingValue)
		}
		if !b.CountsSet {
			add("batch_order_count", "", "ORD-020", "batch_order_count and batch_qty_count are required on the first order", ErrMissingValue)
		}
		if b.OrderCount < 0 || b.QtyCount < 0 {
			add("batch_order_count", fmt.Sprintf("%d/%d", b.OrderCount, b.QtyCount), "ORD-020", "counts must not be negative", ErrInvalidValue)
		}
	case BatchEnd:
		if !b.ApproveSet {
			add("approve_batch", "", "ORD-020", "required on the last order", ErrMissingValue)
		}
	case BatchNone:
	default:
		add("batch_beg_end_flag", string(b.Flag), "ORD-014", "must be B, E or blank", ErrInvalidValue)
	}
}

// edit runs the steps from size to authorize.
type edit struct {
	deps Deps
	s    Settings
	o    *Order
	res  *Result
	now  func() time.Time
	errs errorList
	// key and hash identify the message; claim is the token of its claim
	// on key (IntakeClaimer), blank when none is held.
	key        string
	hash       [32]byte
	claim      string
	claimTried bool
	// deferSoldTo asks the selector to leave the customer writes to the
	// commit (SoldToCommitter).
	deferSoldTo bool
	// assignNumber asks the commit to take the order number
	// (CommitNumbering).
	assignNumber bool
}

func (e *edit) run(ctx context.Context, prior *Result) error {
	o, res := e.o, e.res

	// Size: the 65,000-character rule; a message over it was refused by
	// checkMessage.
	res.step(StepSize, OutcomeOK, "")

	// Batch.
	if err := e.batch(ctx); err != nil {
		return err
	}

	// Customer.
	if err := e.selectSoldTo(ctx, prior); err != nil {
		return err
	}

	if o.Batch != nil { // ORD-004: a batched order is not edited now
		for _, n := range []StepName{StepHeader, StepDetail, StepPayment} {
			res.step(n, OutcomeSkipped, "batched order waits in batch "+o.Batch.Number)
		}
		e.totals()
		o.Status, o.Route = StatusPending, Route{Kind: RouteBatch, Batch: o.Batch.Number}
		res.step(StepRoute, OutcomeOK, "batch "+o.Batch.Number)
		res.step(StepAuthorize, OutcomeSkipped, "batched order")
		return nil
	}
	res.EditRan = true

	for _, name := range [...]StepName{StepHeader, StepDetail, StepPayment} {
		before := len(e.errs)
		var err error
		switch name { // a switch, not method values: no closure, e stays on the stack
		case StepHeader:
			err = e.header(ctx)
		case StepDetail:
			err = e.detail(ctx)
		case StepPayment:
			err = e.payment(ctx)
		}
		if err != nil {
			res.Errors = e.errs
			res.step(name, OutcomeFailed, err.Error())
			return err
		}
		if len(e.errs) > before {
			res.step(name, OutcomeErrors, e.errs[before].Error())
		} else {
			res.step(name, OutcomeOK, "")
		}
	}
	e.totals()
	e.checkPaymentTotal()
	res.Errors = e.errs
	if err := e.route(ctx); err != nil {
		return err
	}
	return e.authorize(ctx)
}

// selectSoldTo runs the customer step: the selector chooses (or decides to
// create) the sold-to, and the order takes its numbers.
func (e *edit) selectSoldTo(ctx context.Context, prior *Result) error {
	o, res := e.o, e.res
	if prior != nil {
		res.SoldTo = prior.SoldTo
		res.step(StepCustomer, OutcomeSkipped, "payment-only message: customer of the order")
	} else if e.deps.SoldTo != nil {
		sel, err := e.deps.SoldTo.SelectSoldTo(ctx, SoldToRequest{SoldTo: o.SoldTo, BillToNumber: o.BillToNumber,
			OrderChannel: o.OrderChannel, Settings: MatchSettings{PhoneInterfaceValues: e.s.PhoneInterfaceValues,
				IncludePhoneInSearch: e.s.IncludePhoneInSearch, UpdateSoldToWithBillTo: e.s.UpdateSoldToWithBillTo,
				BillToSetting: e.s.BillToSetting}, Deferred: e.deferSoldTo})
		if err != nil {
			outcome := OutcomeFailed
			if errors.Is(err, ErrRejected) {
				outcome = OutcomeRejected
			}
			res.step(StepCustomer, outcome, err.Error())
			return fmt.Errorf("order %s: sold-to selection: %w", o.OrderNumber, err)
		}
		res.SoldTo = sel
		detail := sel.Step
		if sel.Reason != "" {
			detail += ": " + sel.Reason
		}
		res.step(StepCustomer, OutcomeOK, detail)
	} else {
		res.SoldTo = SoldToResult{CustomerNumber: o.SoldTo.CustomerNumber, AlternateID: o.SoldTo.AlternateID, BillToNumber: o.BillToNumber, Step: "customer_number as sent"}
		res.step(StepCustomer, OutcomeSkipped, "no selector")
	}
	o.CustomerNbr, o.AltSoldToID = res.SoldTo.CustomerNumber, res.SoldTo.AlternateID
	o.BillTo = res.SoldTo.BillToNumber
	if o.BillTo == "" {
		o.BillTo = o.BillToNumber
	}
	return nil
}

// reselect runs the customer step again after the commit found that a
// concurrent order created the new customer first, and redoes what depends
// on the customer: the step's record and the order email (ORD-084).
func (e *edit) reselect(ctx context.Context) error {
	res := e.res
	at := slices.IndexFunc(res.Steps, func(s Step) bool { return s.Name == StepCustomer })
	if err := e.selectSoldTo(ctx, nil); err != nil {
		return err
	}
	if last := len(res.Steps) - 1; at >= 0 && at < last {
		res.Steps[at] = res.Steps[last]
		res.Steps = res.Steps[:last]
	}
	if res.EditRan {
		e.email()
	}
	return nil
}

// maxCustomerRaces bounds how often one intake selects its customer again
// after losing the race to create it.
const maxCustomerRaces = 3

// commit writes the order, its result and response, and the sold-to change
// in one transaction.
func (e *edit) commit(ctx context.Context, update bool) (Committed, error) {
	o, res := e.o, e.res
	res.Order = *o
	w := Write{Key: e.key, PayloadHash: e.hash, Order: *o, Update: update, NewReps: res.NewReps,
		SoldTo: res.SoldTo.Write, Claim: e.claim, AssignNumber: e.assignNumber}
	res.SoldTo.Write = nil
	if o.Batch != nil {
		w.Batch = &BatchDelta{Info: *o.Batch, Units: o.Totals.Units}
	}
	res.step(StepCommit, OutcomeOK, "")
	res.Response = BuildResponse(*res, e.s)
	if res.Response != nil {
		res.step(StepResponse, OutcomeOK, string(res.Response.Type))
	} else {
		res.step(StepResponse, OutcomeSkipped, "response_type N")
	}
	w.Result = *res
	return e.deps.Store.Commit(ctx, w)
}

// numbersAtCommit reports whether the order number is taken inside the
// commit (CommitNumbering).
func numbersAtCommit(deps Deps) bool {
	cn, ok := deps.OrderNumbers.(CommitNumbering)
	return ok && cn.NumbersAtCommit(deps.Store)
}

// commitsSoldTo reports whether st commits the sold-to with the order.
func commitsSoldTo(st Store) bool {
	c, ok := st.(SoldToCommitter)
	return ok && c.CommitsSoldTo()
}

// replayed stops the edit when the claim finds the message committed
// before: the intake replays it.
type replayed struct{ c Committed }

func (replayed) Error() string { return "order: taken in before; replaying" }

// claimKey claims the order number durably before the first outside call
// (IntakeClaimer), once per intake. When the key was committed before, it
// returns a replayed error and nothing is called.
func (e *edit) claimKey(ctx context.Context) error {
	if e.claimTried {
		return nil
	}
	e.claimTried = true
	cl, ok := e.deps.Store.(IntakeClaimer)
	if !ok {
		return nil
	}
	token, prev, found, err := cl.ClaimIntake(ctx, e.key, e.hash)
	if err != nil {
		return fmt.Errorf("order %s: claim before calling out: %w", e.o.OrderNumber, err)
	}
	if found {
		return replayed{c: prev}
	}
	e.claim = token
	return nil
}

// release gives up a claim the intake holds when it ends without a commit.
func (e *edit) release(ctx context.Context) {
	if e.claim == "" {
		return
	}
	cl := e.deps.Store.(IntakeClaimer)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = cl.ReleaseIntake(rctx, e.key, e.claim) // a claim not released lapses
	e.claim = ""
}

func (e *edit) batch(ctx context.Context) error {
	o, res := e.o, e.res
	b := o.Batch
	if b == nil {
		res.step(StepBatch, OutcomeSkipped, "not batched")
		return nil
	}
	existing, ok, err := e.deps.Store.Batch(ctx, b.Number)
	if err != nil {
		res.step(StepBatch, OutcomeFailed, err.Error())
		return fmt.Errorf("order %s: batch %s: %w", o.OrderNumber, b.Number, err)
	}
	reject := func(rule, reason string, sentinel error) error {
		fe := &FieldError{Level: LevelMessage, Path: "Header", Attribute: "batch_number", Value: b.Number, Rule: rule, Reason: reason, Err: sentinel}
		res.step(StepBatch, OutcomeRejected, fe.Error())
		return fmt.Errorf("%w: %w", ErrRejected, &ValidationError{OrderNumber: o.OrderNumber, Errors: []*FieldError{fe}})
	}
	switch {
	case b.Flag == BatchBegin && ok: // ORD-012
		return reject("ORD-012", "batch number already used", ErrBatchNumberUsed)
	case b.Flag != BatchBegin && !ok: // ORD-020
		return reject("ORD-020", "no first order (B) for this batch", ErrInvalidValue)
	case b.Flag != BatchBegin && existing.Closed:
		return reject("ORD-020", "batch already closed by its last order", ErrInvalidValue)
	}
	if o.ResponseType != ResponseNone { // ORD-019
		res.Warnings = append(res.Warnings, fmt.Sprintf("batched order %s asks for response %s; batched orders should use N (ORD-019)", o.OrderNumber, o.ResponseType))
	}
	res.step(StepBatch, OutcomeOK, "batch "+b.Number)
	return nil
}

func (e *edit) header(ctx context.Context) error {
	o, s, res := e.o, e.s, e.res
	if o.OrderType == "" { // ORD-061
		o.OrderType = s.DefaultOrderType
	}
	if o.SourceCode == "" { // ORD-064, header first
		o.SourceCode = s.DefaultSourceCode
	}
	// Sales rep (ORD-081 to ORD-083).
	number, name := o.SalesRepNumber, o.SalesRepName
	reps := e.deps.Reps
	if reps == nil {
		if number != "" || name != "" {
			res.Warnings = append(res.Warnings, fmt.Sprintf("sales rep %q %q ignored: no rep directory; only H24 applies", number, name))
		}
		number, name, reps = "", "", noReps{}
	}
	rr, err := ResolveRep(ctx, reps, number, name, s.DefaultSalesRep, s.RequireSalesRep)
	if err != nil {
		return fmt.Errorf("order %s: %w", o.OrderNumber, err)
	}
	res.RepOutcome = rr.Outcome
	o.Rep = rr.Rep
	if rr.Create {
		res.NewReps = append(res.NewReps, *rr.Rep)
	}
	switch rr.Outcome {
	case RepInvalid:
		e.errs.add(LevelHeader, "Header", "sales_rep_number", o.SalesRepNumber, "ORD-082", ReasonInvalidRep, ErrInvalidRep)
	case RepMissing:
		e.errs.add(LevelHeader, "Header", "sales_rep_number", "", "ORD-063", ReasonMissingRep, ErrInvalidRep)
	}
	e.email()
	// Ship-tos: type and preferred ship via by SCF (ORD-073).
	if len(o.ShipTos) == 0 {
		e.errs.add(LevelHeader, "ShipTos", "", "", "order-api.md A.1", ReasonNoShipTo, ErrMissingValue)
	}
	for i := range o.ShipTos {
		st := &o.ShipTos[i]
		if !validShipToTypes[st.Type] {
			e.errs.add(LevelHeader, fmt.Sprintf("ShipTo[%d]", i+1), "ship_to_type", st.Type, "message-formats.md §3.5", "must be 1, 2 or 3", ErrInvalidValue)
		}
		if st.Freight.IsNegative() {
			e.errs.add(LevelHeader, fmt.Sprintf("ShipTo[%d]", i+1), "freight", st.Freight.String(), "message-formats.md §3.5", "must not be negative", ErrInvalidValue)
		}
		if why := tooManyDecimals(st.Freight, o.Currency); why != "" {
			e.errs.add(LevelHeader, fmt.Sprintf("ShipTo[%d]", i+1), "freight", st.Freight.String(), "message-formats.md §1.2", why, ErrInvalidValue)
		}
		if s.UsePreferredShipViaBySCF && e.deps.ShipVias != nil {
			if scf := SCF(st.Zip); scf != "" {
				sv, ok, err := e.deps.ShipVias.PreferredShipVia(ctx, scf)
				if err != nil {
					return fmt.Errorf("order %s: ship via for SCF %s: %w", o.OrderNumber, scf, err)
				}
				if ok {
					st.ShipVia = sv
				}
			}
		}
	}
	// Coupons (ORD-068).
	for i, c := range o.Coupons {
		known := false
		if e.deps.Coupons != nil {
			k, err := e.deps.Coupons.CouponExists(ctx, c.Number)
			if err != nil {
				return fmt.Errorf("order %s: coupon %s: %w", o.OrderNumber, c.Number, err)
			}
			known = k
		}
		if !known {
			o.Payments = append(o.Payments, Payment{Seq: 900 + i, PayType: "COUPON", Kind: PayCoupon, Amount: c.Amount, Active: true})
			if !s.AcceptUnknownCoupons {
				e.errs.add(LevelHeader, fmt.Sprintf("Coupon[%d]", i+1), "coupon_number", c.Number, "ORD-068", ReasonInvalidCoupon, ErrInvalidValue)
			}
		}
	}
	// Promotions (ORD-074, ORD-077, ORD-078).
	code := o.SingleUsePromoCode
	if code != "" && !s.AllowSingleUsePromoCodes {
		res.Warnings = append(res.Warnings, fmt.Sprintf("single_use_promo_code %q ignored: single-use promotion codes are off (ORD-077)", code))
		code = ""
	}
	if e.deps.Promotions != nil && !s.SuppressPromotions {
		p, err := e.deps.Promotions.ApplyPromotions(ctx, o, code)
		if err != nil {
			return fmt.Errorf("order %s: promotions: %w", o.OrderNumber, err)
		}
		res.Promotions = p
	}
	return nil
}

// email chooses the order email (ORD-084).
func (e *edit) email() {
	o, res := e.o, e.res
	o.ResolvedEmail, res.EmailSource = OrderEmail(EmailInput{OrderEmail: o.OrderEmail, IndividualEmail: o.IndividualEmail,
		ExistingIndividualEmail: res.SoldTo.ExistingIndividualEmail, SoldToEmail: o.SoldTo.Email,
		ExistingSoldToEmail: res.SoldTo.ExistingEmail, DefaultIndividualEmail: e.s.DefaultIndividualEmail})
}

func (e *edit) detail(ctx context.Context) error {
	o, s, res := e.o, e.s, e.res
	if o.LineCount() == 0 && len(o.ShipTos) > 0 {
		e.errs.add(LevelDetail, "Items", "", "", "order-api.md A.1", ReasonNoLines, ErrMissingValue)
	}
	seen := map[int]bool{}
	var cat ItemCatalog = e.deps.Items
	for si := range o.ShipTos {
		st := &o.ShipTos[si]
		var added []Line
		for li := range st.Lines {
			l := &st.Lines[li]
			path := func() string { return fmt.Sprintf("ShipTo[%d]/Item[%d]", si+1, li+1) }
			if l.Seq != 0 {
				if seen[l.Seq] {
					e.errs.add(LevelDetail, path(), "line_seq_number", strconv.Itoa(l.Seq), "order-api.md A.1", ReasonDuplicateLine, ErrInvalidValue)
				}
				seen[l.Seq] = true
			}
			if l.Quantity == 0 {
				e.errs.add(LevelDetail, path(), "quantity", "0", "ORD-026", "quantity must not be zero", ErrInvalidValue)
			}
			if l.Price.IsNegative() {
				e.errs.add(LevelDetail, path(), "actual_price", l.Price.String(), "ORD-026", "negative price; only the quantity is negative on a return", ErrInvalidValue)
			}
			if l.Tax.IsNegative() && !l.IsReturn() {
				e.errs.add(LevelDetail, path(), "tax_amount", l.Tax.String(), "order-api.md A.1", "negative tax on a line that is not a return", ErrInvalidValue)
			}
			if why := tooManyDecimals(l.Price, o.Currency); why != "" {
				e.errs.add(LevelDetail, path(), "actual_price", l.Price.String(), "message-formats.md §1.2", why, ErrInvalidValue)
			}
			if why := tooManyDecimals(l.Tax, o.Currency); why != "" {
				e.errs.add(LevelDetail, path(), "tax_amount", l.Tax.String(), "message-formats.md §1.2", why, ErrInvalidValue)
			}
			it, step, err := ResolveItem(ctx, cat, *l, s.SearchOffersForAlias)
			if errors.Is(err, ErrItemNotFound) { // ORD-080
				e.errs.add(LevelDetail, path(), "item_id", firstNonBlank(l.ItemID, l.ShortSKU, l.RetailRef, l.UPC, l.AliasItem, l.SKUXref), "ORD-080", ReasonBaseItemDoesNotExist, ErrItemNotFound)
				continue
			}
			if err != nil {
				return fmt.Errorf("order %s: %w", o.OrderNumber, err)
			}
			l.Item, l.ResolvedBy = &it, string(step)
			if it.VariableSet { // ORD-087
				e.errs.add(LevelDetail, path(), "item_id", it.Number, "ORD-087", ReasonUnsupported+": variable set", ErrUnsupported)
			}
			if it.ZoneReservationPrompt { // ORD-089
				l.Future = true
			}
			if l.IsReturn() {
				e.returnLine(*l, l, it, path)
			}
			if it.SetMaster { // ORD-088
				for _, c := range it.Components {
					added = append(added, Line{ItemID: c, Quantity: l.Quantity, Price: decimal.Zero, Component: true,
						Item: &Item{Number: c}, ResolvedBy: "set explosion", Warehouse: l.Warehouse})
				}
			}
			if it.PreBillable && s.PreBilledAmountItem != "" { // ORD-090
				added = append(added, Line{ItemID: s.PreBilledAmountItem, Quantity: 1, Price: decimal.Zero, Component: true,
					Item: &Item{Number: s.PreBilledAmountItem}, ResolvedBy: "J72 pre-billed amount item", Status: "In stock and reserved"})
			}
		}
		// A component sent next to its master is flagged (ORD-088).
		for li := range st.Lines {
			l := &st.Lines[li]
			if l.Item == nil {
				continue
			}
			for _, m := range st.Lines {
				if m.Item != nil && m.Item.SetMaster && containsString(m.Item.Components, l.Item.Number) {
					res.Warnings = append(res.Warnings, fmt.Sprintf("ShipTo[%d]/Item[%d]: component %s sent with its master %s; the master is exploded (ORD-088)", si+1, li+1, l.Item.Number, m.Item.Number))
				}
			}
		}
		st.Lines = append(st.Lines, added...)
	}
	return nil
}

// returnLine applies the return rules (ORD-027 to ORD-033) to l.
func (e *edit) returnLine(in Line, l *Line, it Item, path func() string) {
	if l.Warehouse != "" && !it.inWarehouse(l.Warehouse) { // ORD-027
		e.errs.add(LevelDetail, path(), "line_warehouse", l.Warehouse, "ORD-027", ReasonItemNotValidForWhs, ErrInvalidValue)
	}
	if l.Location != "" && !it.inLocation(l.Location) { // ORD-028
		l.NewLocation = true
	}
	l.Disposition = l.ReturnDisposition // ORD-030
	if l.Disposition == "" {
		l.Disposition = e.s.DefaultDisposition
	}
	if e.s.customerReturn().SendsCustomerReturn() { // ORD-032, ORD-033: values as received
		e.res.CustomerReturns = append(e.res.CustomerReturns, CustomerReturn{OrderNumber: e.o.OrderNumber, LineSeq: in.Seq,
			Item: it.Number, Quantity: -in.Quantity, Warehouse: in.Warehouse, Location: in.Location,
			Reason: in.ReturnReason, Disposition: in.ReturnDisposition})
	}
}

func (e *edit) payment(ctx context.Context) error {
	o := e.o
	for i := range o.Payments {
		p := &o.Payments[i]
		path := func() string { return fmt.Sprintf("Payment[%d]", i+1) }
		p.Active = true
		if p.Kind == PayCoupon {
			continue
		}
		if o.Currency != "" && p.Currency != "" && p.Currency != o.Currency {
			e.errs.add(LevelPayment, path(), "currency", p.Currency, "order-api.md A.1", ReasonCurrency+" "+o.Currency, ErrInvalidValue)
		}
		if why := tooManyDecimals(p.Amount, firstNonBlank(p.Currency, o.Currency)); why != "" {
			e.errs.add(LevelPayment, path(), "amount", p.Amount.String(), "message-formats.md §1.2", why, ErrInvalidValue)
		}
		if p.AuthAmount.Valid {
			if why := tooManyDecimals(p.AuthAmount.Decimal, firstNonBlank(p.Currency, o.Currency)); why != "" {
				e.errs.add(LevelPayment, path(), "auth_amount", p.AuthAmount.Decimal.String(), "message-formats.md §1.2", why, ErrInvalidValue)
			}
		}
		var pt PayType
		found := false
		if e.deps.PayTypes != nil {
			var err error
			pt, found, err = e.deps.PayTypes.PayType(ctx, p.PayType)
			if err != nil {
				return fmt.Errorf("order %s: pay type %s: %w", o.OrderNumber, p.PayType, err)
			}
		}
		if !found {
			e.errs.add(LevelPayment, path(), "payment_type", p.PayType, "message-formats.md §3.4", "unknown pay type", ErrInvalidValue)
			continue
		}
		p.Kind = pt.Kind
		if pt.Kind == PayCreditCard && p.CardNumber == "" {
			e.errs.add(LevelPayment, path(), "cc_number", "", "message-formats.md §3.4", ReasonMissingValue, ErrMissingValue)
		}
		p.SuppressDeposit = SuppressDepositFor(pt.Kind, p.SuppressDepositFlag) // ORD-021, ORD-022
		p.SuppressRefund = p.SuppressRefundFlag                                // ORD-021, ORD-024
		if pt.Kind == PayCreditCard && p.CardNumber != "" && e.deps.Tokenizer != nil && ShouldTokenize(pt, p.AlreadyTokenized) {
			if err := e.claimKey(ctx); err != nil {
				return err
			}
			tok, err := e.deps.Tokenizer.Tokenize(ctx, TokenRequest{Service: pt.Service, PayType: pt.Code, CardNumber: p.CardNumber})
			if err != nil {
				return fmt.Errorf("order %s: payment %d: tokenizing card %s: %w", o.OrderNumber, p.Seq, redact.Card(p.CardNumber), err)
			}
			p.Token = tok
		}
		if pt.Kind == PayCreditCard { // ORD-035 to ORD-039
			if rec, ok := WebAuthHistory(*p); ok {
				p.AuthHistory = append(p.AuthHistory, rec)
			}
		}
	}
	return nil
}

// checkPaymentTotal: when every payment carries an amount, they must add up
// to the order total; with a blank amount (the balance), the others must not
// exceed a positive total.
func (e *edit) checkPaymentTotal() {
	o := e.o
	if len(o.Payments) == 0 {
		return
	}
	sum, blanks := decimal.Zero, 0
	for _, p := range o.Payments {
		if p.Amount.IsZero() {
			blanks++
		}
		sum = sum.Add(p.Amount)
	}
	if (blanks == 0 && !sum.Equal(o.Totals.Order)) || (blanks > 0 && o.Totals.Order.IsPositive() && sum.GreaterThan(o.Totals.Order)) {
		e.errs.add(LevelPayment, "Payments", "amount", sum.StringFixed(2), "order-api.md A.1", fmt.Sprintf("%s %s", ReasonPaymentTotal, o.Totals.Order.StringFixed(2)), ErrInvalidValue)
		e.res.Errors = e.errs
	}
}

func (e *edit) totals() {
	o := e.o
	t := Totals{Merchandise: decimal.Zero, Freight: decimal.Zero, Tax: decimal.Zero}
	// Zeros are not added: every decimal operation allocates.
	for _, st := range o.ShipTos {
		t.Freight = addNonZero(t.Freight, st.Freight)
		for _, l := range st.Lines {
			if !l.Component {
				t.Units += l.Quantity
			}
			t.Tax = addNonZero(t.Tax, l.Tax)
			if !l.NoCharge {
				ext := l.Price
				if l.Quantity != 1 {
					ext = ext.Mul(decimal.NewFromInt(int64(l.Quantity)))
				}
				t.Merchandise = addNonZero(t.Merchandise, ext)
			}
		}
	}
	t.Order = addNonZero(addNonZero(t.Merchandise, t.Freight), t.Tax)
	o.Totals = t
	e.res.step(StepTotals, OutcomeOK, withFixed2("order total ", t.Order))
}

// addNonZero is a + b, a itself when b is zero and b when a is.
func addNonZero(a, b decimal.Decimal) decimal.Decimal {
	switch {
	case b.IsZero():
		return a
	case a.IsZero():
		return b
	}
	return a.Add(b)
}

func (e *edit) route(ctx context.Context) error {
	o, s, res := e.o, e.s, e.res
	hasPayment := false
	for _, p := range o.Payments {
		if p.Kind != PayCoupon {
			hasPayment = true
		}
	}
	passed := len(e.errs) == 0
	o.Route = RouteOrder(passed, hasPayment, o.OrderChannel, s)
	switch {
	case !passed:
		o.Status = StatusError
		res.step(StepRoute, OutcomeOK, fmt.Sprintf("%s %s: %d error(s)", o.Route.Kind, o.Route.Batch, len(e.errs)))
		return nil
	case !hasPayment:
		o.Status = StatusPending
		res.step(StepRoute, OutcomeOK, fmt.Sprintf("%s %s: waiting for payment", o.Route.Kind, o.Route.Batch))
		return nil
	}
	// Holds (ORD-006, ORD-040, ORD-065). A92 never holds (ORD-065).
	if s.MaxMerchandise.Valid && o.Totals.Merchandise.GreaterThan(s.MaxMerchandise.Decimal) {
		o.Holds = append(o.Holds, HoldMaxMerchandise)
	}
	if e.deps.Holds != nil {
		h, err := e.deps.Holds.CheckHolds(ctx, o)
		if err != nil {
			res.step(StepRoute, OutcomeFailed, err.Error())
			return fmt.Errorf("order %s: hold checks: %w", o.OrderNumber, err)
		}
		o.Holds = append(o.Holds, h...)
	}
	if e.deps.VendorResponses != nil {
		for _, p := range o.Payments {
			if p.Kind != PayCreditCard {
				continue
			}
			svc := e.service(ctx, p.PayType)
			for _, code := range []string{p.VendorResponse, p.CIDResponse, p.AVSResponse} {
				if code == "" {
					continue
				}
				reason, found, err := e.deps.VendorResponses.VendorResponse(ctx, svc, code)
				if err != nil {
					res.step(StepRoute, OutcomeFailed, err.Error())
					return fmt.Errorf("order %s: vendor response %s: %w", o.OrderNumber, code, err)
				}
				if reason != "" {
					o.Holds = append(o.Holds, reason)
				}
				if !found && code == p.AVSResponse {
					o.Holds = append(o.Holds, "AVS")
				}
			}
		}
	}
	o.Status = StatusOpen
	if len(o.Holds) > 0 {
		o.Status = StatusHeld
	}
	res.step(StepRoute, OutcomeOK, string(o.Route.Kind)+": status "+string(o.Status))
	return nil
}

func (e *edit) service(ctx context.Context, code string) string {
	if e.deps.PayTypes == nil {
		return ""
	}
	pt, _, _ := e.deps.PayTypes.PayType(ctx, code)
	return pt.Service
}

// authorize runs online authorization after the hold decision (ORD-045 to
// ORD-053).
func (e *edit) authorize(ctx context.Context) error {
	o, s, res := e.o, e.s, e.res
	if o.Route.Kind != RouteAsync {
		res.step(StepAuthorize, OutcomeSkipped, "order not routed to completion")
		return nil
	}
	eligible := e.deps.OnlineAuthEligible != nil && e.deps.OnlineAuthEligible(o)
	bml, allShippable := false, true
	for _, p := range o.Payments {
		if p.Kind == PayBillMeLater {
			bml = true
		}
	}
	if e.deps.Shippable != nil {
		o.lines(func(_, _ int, l *Line) {
			if !e.deps.Shippable(*l) {
				allShippable = false
			}
		})
	}
	ran := 0
	for i := range o.Payments {
		p := &o.Payments[i]
		if p.Kind != PayCreditCard && p.Kind != PayBillMeLater {
			continue
		}
		if p.AuthNumber != "" { // authorized on the web (A.6)
			continue
		}
		amount := p.Amount
		if amount.IsZero() {
			amount = o.Totals.Order
		}
		d := DecideOnlineAuth(OnlineAuthInput{Eligible: eligible, BillMeLater: bml, Amount: amount, FullAmount: amount,
			AllShippable: allShippable, AutoThreshold: s.AutoAuthThreshold, AutoNumber: s.AutoAuthNumber,
			UnderOneAuth: s.UnderOneDollarAuthNumber, FullAuth: s.AuthorizeFullAmount, Reserve: s.ReserveThreshold,
			VerifyOnly: s.VerifyOnly})
		switch d.Action {
		case AuthActionAssign:
			p.AuthHistory = append(p.AuthHistory, AuthRecord{Status: AuthApproved, AuthNumber: d.AuthNumber, Date: e.now(), Amount: decimal.NewNullDecimal(amount), Source: "auto"})
		case AuthActionSend:
			if e.deps.Authorizer == nil {
				d.Action = AuthActionLater
				break
			}
			if err := e.claimKey(ctx); err != nil {
				return err
			}
			card := p.Token
			if card == "" {
				card = p.CardNumber
			}
			resp, err := e.deps.Authorizer.Authorize(ctx, AuthRequest{OrderNumber: o.OrderNumber, PaymentSeq: p.Seq, PayType: p.PayType,
				Service: e.service(ctx, p.PayType), Card: card, Amount: AuthAmount{Value: d.Amount.StringFixed(2), Currency: o.Currency}})
			if err != nil {
				res.step(StepAuthorize, OutcomeFailed, err.Error())
				return fmt.Errorf("order %s: payment %d: online authorization of card %s: %w", o.OrderNumber, p.Seq, redact.Card(p.CardNumber), err)
			}
			d.Response = &resp
			if resp.Kind == AuthResponseReceived {
				st := AuthDeclined
				if resp.Approved {
					st = AuthApproved
				}
				p.AuthHistory = append(p.AuthHistory, AuthRecord{Status: st, AuthNumber: resp.AuthCode, Date: resp.Date,
					Amount: decimal.NewNullDecimal(d.Amount), VendorResponse: resp.ResponseCode, AVSResponse: resp.AVSResponse,
					CIDResponse: resp.CIDResponse, Source: "online"})
			}
			if e.deps.VendorResponses != nil && resp.ResponseCode != "" { // ORD-046
				reason, _, err := e.deps.VendorResponses.VendorResponse(ctx, e.service(ctx, p.PayType), resp.ResponseCode)
				if err != nil {
					return fmt.Errorf("order %s: vendor response %s: %w", o.OrderNumber, resp.ResponseCode, err)
				}
				if reason != "" {
					o.Holds = append(o.Holds, reason)
					o.Status = StatusHeld
				}
			}
		}
		dd := d
		p.OnlineAuth = &dd
		ran++
	}
	if ran == 0 {
		res.step(StepAuthorize, OutcomeSkipped, "no card to authorize")
	} else {
		res.step(StepAuthorize, OutcomeOK, "")
	}
	return nil
}

// noReps is the rep directory of a host without one: it knows no rep, so
// only H24 applies.
type noReps struct{}

func (noReps) RepByNumber(context.Context, int) (Rep, bool, error)  { return Rep{}, false, nil }
func (noReps) RepByName(context.Context, string) (Rep, bool, error) { return Rep{}, false, nil }
func (noReps) NextRepNumber(context.Context) (int, error) {
	return 0, fmt.Errorf("no rep directory: %w", ErrNotFound)
}

func firstNonBlank(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
