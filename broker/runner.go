package broker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"
)

// Runner is the BROKER periodic run for brokered backorders (order-broker.md
// §1.2, §2.10, §2.35, §3.5): it submits what waits in R, sends cancel
// requests for Y, inquires on W records OB acknowledged at several locations,
// and sends status list requests per status group. A host calls [Runner.Run]
// on a schedule. One bad record never stops the batch: its error is
// reported and the run goes on.
type Runner struct {
	Transport Transport
	Store     RecordStore
	Orders    OrderSource
	Engine    Engine
	// Flow is the flow the records follow; nil means [BrokeredBackorder].
	Flow *Flow
	// Flows holds the tables of other flows by name (Record.Flow), for the
	// records in G and H this run resends (F2/F3, BRK-317).
	Flows map[string]*Flow
	// ResendWaitingAfter is how long a W record without a request ID (its
	// SubmitOrder went out, no answer was stored: OB did not answer, or the
	// worker died before it stored the answer) waits before the run resends
	// its SubmitOrder. OB's duplicate check answers 2040 when the first one
	// arrived (BRK-063), which moves the record to K (F1.08); when it did
	// not arrive, the resend is the submission. Zero means
	// [DefaultResendWaitingAfter]; a negative value never resends (W stays W
	// until someone looks).
	ResendWaitingAfter time.Duration
	// NewResponseID mints the identity of each response for billing
	// grouping (BRK-093); nil means uuid.New.
	NewResponseID func() uuid.UUID
	// Leasing, when set, makes each run work through leases in batches
	// so that several Runners may share one store (see [Leasing]).
	Leasing *Leasing
	// Fulfillments, when set, is the F3 Fulfillments poll the run makes
	// for its company after that company's K, O, P and A status groups and
	// before its daily ones (BRK-301); when the company has no records to
	// inquire on, after the inquiries. Its Transport, when nil, is the
	// Runner's. A leased run (Leasing set) polls once, after its batches and
	// before it sends the outboxes; give it to one worker of a fleet (a
	// fulfillment OB sends twice is a duplicate, BRK-168, but one poll a run
	// is enough).
	Fulfillments *FulfillmentPoller
	// Observer, when set, is told about each run, message and record
	// moved (see [Observer]); broker/brokerotel turns that into
	// OpenTelemetry metrics and spans.
	Observer Observer
	// PickSlips, when set, is told the outcome of every ship-for-pickup
	// submission the run makes (F2): print the pick slip or drop ship PO
	// (F2.05) or not (F2.03, F2.04). The outcome is also in the record's
	// side effects ([PickSlip]).
	PickSlips PickSlipPrinter

	inBatch bool // a leased batch: the outboxes are sent by the run, not by each batch
}

// RecordError is the failure of one record (or one request) in a run.
type RecordError struct {
	Record uuid.UUID
	Label  string
	Op     string
	Err    error
}

// Error implements error.
func (e *RecordError) Error() string {
	return fmt.Sprintf("broker run: %s: %s: %v", e.Op, e.Label, e.Err)
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// GroupRun is one status group of one company handled by a run.
type GroupRun struct {
	Company int
	Status  Status
}

// Report says what a run did.
type Report struct {
	Submitted   int // records sent in a SubmitOrder
	Canceled    int // records sent in a cancel StatusUpdate
	Updated     int // records whose Outbox went out in a status or Under Review update
	Inquired    int // records put in a status (list) request
	Transitions int // records changed
	NoOps       int // repeats
	// Groups lists the company and status groups handled, in order (BRK-301).
	Groups []GroupRun
	// Billing groups the billing requests of the run into billing headers (§2.8).
	Billing []BillingHeader
	// Fulfillments is the Runner.Fulfillments poll of the run, nil when none
	// ran; its errors are also in Errors (Op "poll Fulfillments").
	Fulfillments *PollReport
	Errors       []*RecordError
}

// Err joins the record errors, or is nil.
func (r *Report) Err() error {
	errs := make([]error, len(r.Errors))
	for i, e := range r.Errors {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// DefaultResendWaitingAfter is [Runner.ResendWaitingAfter] when it is zero:
// longer than a SubmitOrder takes to be answered (brokerhttp's default
// timeout is far shorter), short enough that a record a dead worker left in
// W is submitted again the same hour.
const DefaultResendWaitingAfter = 10 * time.Minute

func (r *Runner) resendWaitingAfter() time.Duration {
	if r.ResendWaitingAfter == 0 {
		return DefaultResendWaitingAfter
	}
	return r.ResendWaitingAfter
}

func (r *Runner) flow() *Flow {
	if r.Flow != nil {
		return r.Flow
	}
	return &BrokeredBackorder
}

func (r *Runner) flowFor(rec Record) *Flow {
	if f, ok := r.Flows[rec.Flow]; ok && rec.Flow != "" {
		return f
	}
	if f, ok := builtinFlows[rec.Flow]; ok && rec.Flow != BrokeredBackorder.Name {
		return f // F2-F4 records follow their own table without any setting
	}
	return r.flow()
}

var builtinFlows = Flows()

func (r *Runner) responseID() string {
	if r.NewResponseID != nil {
		return r.NewResponseID().String()
	}
	return uuid.NewString()
}

type runState struct {
	rep      *Report
	billing  []BillingRequest
	inquired map[string]bool // request IDs already inquired on in this run (BRK-069)
	once     orderEffects    // whole-order effects written in this run
	applying *applyStep      // see Runner.apply
}

func (st *runState) orderEffects() orderEffects {
	if st.once == nil {
		st.once = orderEffects{}
	}
	return st.once
}

func (st *runState) fail(rec Record, op string, err error) {
	st.rep.Errors = append(st.rep.Errors, &RecordError{Record: rec.ID, Label: rec.Label(), Op: op, Err: err})
}

// failAll reports op failing with err for each of recs.
func (st *runState) failAll(recs []Record, op string, err error) {
	for _, rec := range recs {
		st.fail(rec, op, err)
	}
}

// lineSeqs is the line sequence numbers of recs, in their order.
func lineSeqs(recs []Record) []int {
	seqs := make([]int, len(recs))
	for i, rec := range recs {
		seqs[i] = rec.LineSeq
	}
	return seqs
}

// claimEach claims each record of group with claim, reporting those it
// could not claim, and returns the records claimed (claim gives nil for one
// another run took or that changed since it was read).
func claimEach(st *runState, group []Record, claim func(Record) (*Record, error)) []Record {
	var out []Record
	for _, rec := range group {
		claimed, err := claim(rec)
		if err != nil {
			st.fail(rec, "claim for submission", err)
			continue
		}
		if claimed != nil {
			out = append(out, *claimed)
		}
	}
	return out
}

// run is [Runner.Run] without the observer.
func (r *Runner) run(ctx context.Context) (*Report, error) {
	if r.Leasing != nil {
		return r.runLeased(ctx)
	}
	st := &runState{rep: &Report{}, inquired: map[string]bool{}}
	defer func() { st.rep.Billing = GroupBilling(st.billing) }()
	steps := []func(context.Context, *runState) error{r.submitReady, r.submitPickups, r.sendCancels, r.resendUpdates, r.inquireWaiting}
	if r.resendWaitingAfter() > 0 {
		steps = append(steps, r.resendWaiting)
	}
	if !r.inBatch {
		steps = append(steps, r.sendOutbox) // a leased run sends the outboxes once, after its batches
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return st.rep, err
		}
		if err := step(ctx, st); err != nil {
			return st.rep, err
		}
	}
	recs, err := r.Store.ListByStatus(ctx, InquiryOrder...)
	if err != nil {
		return st.rep, fmt.Errorf("broker run: list records for status inquiry: %w", err)
	}
	sortRecords(recs)
	byCompany, companies := inquiryGroups(recs, r.Engine.Settings, r.now())
	polled := r.Fulfillments == nil
	poll := func(co int) {
		if !polled && co == r.Fulfillments.Company {
			polled = true
			r.pollFulfillments(ctx, st)
		}
	}
	for _, co := range companies {
		for _, status := range InquiryOrder {
			// BRK-302: between status groups, stop when the job is ending.
			if err := ctx.Err(); err != nil {
				return st.rep, err
			}
			if FrequencyOf(status) == InquiryDaily {
				poll(co) // BRK-301: after K, O, P, A; before L, S, T, V
			}
			group := byCompany[co][status]
			if group == nil {
				continue
			}
			st.rep.Groups = append(st.rep.Groups, GroupRun{Company: co, Status: status})
			if err := r.inquireGroup(ctx, st, group); err != nil {
				return st.rep, err
			}
		}
		poll(co)
	}
	if !polled && ctx.Err() == nil {
		r.pollFulfillments(ctx, st)
	}
	return st.rep, nil
}

// pollFulfillments runs the Fulfillments poll (F3, BRK-301) and reports it.
func (r *Runner) pollFulfillments(ctx context.Context, st *runState) {
	p := *r.Fulfillments
	if p.Transport == nil {
		p.Transport = r.Transport
	}
	rep, _ := p.Poll(ctx)
	st.rep.Fulfillments = &rep
	for _, err := range rep.Errors {
		st.rep.Errors = append(st.rep.Errors, &RecordError{Label: fmt.Sprintf("company %d", r.Fulfillments.Company), Op: "poll Fulfillments", Err: err})
	}
}

// apply runs ev through the flow inside a store update; the record is
// re-read by the store so a concurrent change is seen.
func (r *Runner) apply(ctx context.Context, st *runState, rec Record, ev Event) (Result, error) {
	a := st.applying
	if a == nil {
		a = &applyStep{r: r, st: st}
		a.fn = a.update // one closure for the run, not one per event
		st.applying = a
	}
	a.ev = ev
	err := r.Store.Update(ctx, rec.ID, a.fn)
	res, from, keys := a.res, a.from, a.keys
	*a = applyStep{r: a.r, st: a.st, fn: a.fn}
	if err != nil {
		return Result{}, err
	}
	st.orderEffects().mark(keys)
	if res.NoOp {
		st.rep.NoOps++
	} else {
		st.rep.Transitions++
		for _, e := range res.Effects {
			if b, ok := e.(BillingRequest); ok { // BillingRequests, without a slice per event
				st.billing = append(st.billing, b)
			}
		}
		r.moved(ctx, from, ev, res)
	}
	return res, nil
}

// applyStep is the store update of [Runner.apply]: the event in, the result
// out. A run keeps one and reuses it, so that applying an event allocates
// neither a closure nor the variables it would share with apply.
type applyStep struct {
	r    *Runner
	st   *runState
	fn   func(Record) (Record, []SideEffect, error) // a.update
	ev   Event
	res  Result
	from Status
	keys []string
}

func (a *applyStep) update(cur Record) (Record, []SideEffect, error) {
	var err error
	a.from = cur.Status
	a.res, err = a.r.Engine.Apply(a.r.flowFor(cur), cur, a.ev)
	if err != nil {
		return cur, nil, err
	}
	if a.res.NoOp {
		return cur, nil, nil
	}
	// Whole-order effects once per order and run (BRK-280, BRK-296).
	a.res.Effects, a.keys = a.st.orderEffects().filter(a.res.Effects)
	return a.res.Record, a.res.Effects, nil
}

func (r *Runner) now() time.Time { return r.Engine.now() }

// submitReady submits records in R (BRK-051): the records are moved to W
// with History A before the message goes out, so a record is never sent
// twice; a transport fault leaves them in W.
func (r *Runner) submitReady(ctx context.Context, st *runState) error {
	ready, err := r.Store.ListByStatus(ctx, StatusReady)
	if err != nil {
		return fmt.Errorf("broker run: list R records: %w", err)
	}
	sortRecords(ready)
	isF1 := func(rec Record) bool { return rec.Flow != StorePickup.Name }
	ready = slices.DeleteFunc(ready, func(rec Record) bool { return !isF1(rec) }) // submitPickups sends store pickups
	if r.Engine.Settings.SplitOrder {
		// BRK-023: the order's lines go in one SubmitOrder, whichever batch leased them.
		if ready, err = r.withOrderSiblings(ctx, ready, isF1, StatusReady); err != nil {
			return err
		}
	}
	for _, group := range SubmissionGroups(ready, r.Engine.Settings) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.submitGroup(ctx, st, group, false)
	}
	return nil
}

func (r *Runner) submitGroup(ctx context.Context, st *runState, group []Record, resend bool) {
	key := group[0].Key
	order, err := r.Orders.Order(ctx, key)
	if err != nil {
		st.failAll(group, "load order", err)
		return
	}
	seqs := lineSeqs(group)
	msg, err := BuildSubmitOrder(order, seqs, r.Engine.Settings, r.now())
	if err != nil {
		st.failAll(group, "build SubmitOrder", err)
		return
	}
	sent := claimEach(st, group, func(rec Record) (*Record, error) { return r.claim(ctx, st, rec, resend, msg.UnderReview) })
	if len(sent) == 0 {
		return
	}
	if len(sent) != len(group) {
		seqs = lineSeqs(sent)
		if msg, err = BuildSubmitOrder(order, seqs, r.Engine.Settings, r.now()); err != nil {
			st.failAll(sent, "build SubmitOrder", err)
			return
		}
	}
	st.rep.Submitted += len(sent)
	sendCtx := ctx
	if resend {
		sendCtx = asResend(ctx)
	}
	resp, err := r.Transport.SubmitOrder(sendCtx, msg)
	var rej *RejectedError
	if errors.As(err, &rej) {
		// Keep what the answer carried: a 2040 may name the request ID.
		resp.ResponseCode, resp.ResponseDescription, err = rej.Code, rej.Description, nil
	}
	if err != nil {
		// No answer or an unreadable one: the records stay W (sent, no response).
		st.failAll(sent, "send SubmitOrder", err)
		return
	}
	events, err := SubmitResponseEvents(resp, sent, r.Engine.Settings)
	if err != nil {
		st.fail(sent[0], "read SubmitOrderResponse", err)
	}
	var results []Result
	for _, rec := range sent {
		ev, ok := events[rec.LineSeq]
		if !ok {
			continue
		}
		ev.At = r.now()
		res, err := r.apply(ctx, st, rec, ev)
		if err != nil {
			st.fail(rec, "apply SubmitOrderResponse", err)
			continue
		}
		results = append(results, res)
	}
	r.followUp(ctx, st, results...)
}

// claim takes a record for sending, atomically in the store, so that two
// runs never send it twice. A first submission applies F1.02 (R -> W,
// History A); a resend moves SubmittedAt on. It returns nil when the record
// is no longer the caller's to send (another run took it, or it moved on).
func (r *Runner) claim(ctx context.Context, st *runState, rec Record, resend, underReview bool) (*Record, error) {
	if !resend {
		res, err := r.apply(ctx, st, rec, Event{Kind: EventSubmitSent, Source: SourceOMS, At: r.now(), Held: underReview})
		if errors.Is(err, ErrInvalidTransition) || (err == nil && res.NoOp) {
			return nil, nil // already claimed and moved on elsewhere
		}
		if err != nil {
			return nil, err
		}
		return &res.Record, nil
	}
	var out *Record
	now := r.now()
	err := r.Store.Update(ctx, rec.ID, func(cur Record) (Record, []SideEffect, error) {
		if cur.Status != StatusWaiting || cur.RequestID != "" || !cur.SubmittedAt.Equal(rec.SubmittedAt) {
			return cur, nil, nil
		}
		cur.SubmittedAt = now
		cur.UnderReview = underReview // BRK-098: what this SubmitOrder carries
		out = &cur
		return cur, nil, nil
	})
	return out, err
}

// followUp sends the status inquiries the transitions asked for (F1.05):
// one per request ID, for every record that asked (BRK-069: the inquiry is
// per order).
func (r *Runner) followUp(ctx context.Context, st *runState, results ...Result) {
	byRequest := map[string][]Record{}
	var ids []string
	for _, res := range results {
		for _, e := range res.Effects {
			q, ok := e.(StatusInquiry)
			if !ok {
				continue
			}
			if _, seen := byRequest[q.RequestID]; !seen {
				ids = append(ids, q.RequestID)
			}
			rec := res.Record
			rec.RequestID = q.RequestID
			byRequest[q.RequestID] = append(byRequest[q.RequestID], rec)
		}
	}
	for _, id := range ids {
		r.inquireRequest(ctx, st, id, byRequest[id])
	}
}

// inquire sends the StatusRequest on requestID for recs (addressed as
// recs[0] is) and counts them inquired; without an answer it fails each of
// recs with op and reports false.
func (r *Runner) inquire(ctx context.Context, st *runState, requestID string, recs []Record, op string) (StatusResponse, bool) {
	q := recs[0]
	q.RequestID = requestID
	st.rep.Inquired += len(recs)
	resp, err := r.Transport.StatusRequest(ctx, NewStatusRequest(q, r.Engine.Settings, q.WarehouseLocation, r.now()))
	if err != nil {
		st.failAll(recs, op, err)
		return resp, false
	}
	return resp, true
}

// inquireRequest sends one StatusRequest for a request ID and applies the
// response to the request's records given; at most once per request ID and
// run (BRK-069).
func (r *Runner) inquireRequest(ctx context.Context, st *runState, requestID string, recs []Record) {
	if st.inquired[requestID] {
		return
	}
	if st.inquired != nil {
		st.inquired[requestID] = true
	}
	resp, ok := r.inquire(ctx, st, requestID, recs, "send StatusRequest") // BRK-308: unanswered, the records keep their status
	if !ok {
		return
	}
	if resp.Order.RequestID != "" && resp.Order.RequestID != requestID {
		st.fail(recs[0], "read StatusRequestResponse", fmt.Errorf("broker: response for request %q, asked for %q: %w", resp.Order.RequestID, requestID, ErrContradiction))
		return
	}
	resp.Order.RequestID = requestID
	r.applyReports(ctx, st, []OrderStatusReport{resp.Order}, map[string][]Record{requestID: recs}, SourceStatusInquiry, r.responseID())
}

// inquireWaiting inquires on W records that already have a request ID: OB
// acknowledged them at several locations (F1.05, BRK-058); once per
// request ID.
func (r *Runner) inquireWaiting(ctx context.Context, st *runState) error {
	waiting, err := r.Store.ListByStatus(ctx, StatusWaiting)
	if err != nil {
		return fmt.Errorf("broker run: list W records: %w", err)
	}
	sortRecords(waiting)
	byRequest := map[string][]Record{}
	var ids []string
	for _, rec := range waiting {
		if rec.RequestID == "" {
			continue
		}
		if _, ok := byRequest[rec.RequestID]; !ok {
			ids = append(ids, rec.RequestID)
		}
		byRequest[rec.RequestID] = append(byRequest[rec.RequestID], rec)
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.inquireRequest(ctx, st, id, byRequest[id])
	}
	return nil
}

// resendWaiting resends the SubmitOrder of W records without a request ID
// that waited ResendWaitingAfter (see the field), F1.08, one record per
// SubmitOrder.
func (r *Runner) resendWaiting(ctx context.Context, st *runState) error {
	waiting, err := r.Store.ListByStatus(ctx, StatusWaiting)
	if err != nil {
		return fmt.Errorf("broker run: list W records: %w", err)
	}
	sortRecords(waiting)
	var due []Record
	for _, rec := range waiting {
		if rec.RequestID == "" && !rec.SubmittedAt.IsZero() && !r.now().Before(rec.SubmittedAt.Add(r.resendWaitingAfter())) {
			due = append(due, rec)
		}
	}
	// One record per resend, whatever L56 says: a 2040 answer names the
	// request of the line OB already holds (BRK-063), so it can only be read
	// for the one line it answers (F1.08); a line OB never got gets an order
	// of its own.
	for _, rec := range due {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.submitGroup(ctx, st, []Record{rec}, true)
	}
	return nil
}

// sendCancels sends the cancel StatusUpdate for Y records at once (BRK-110,
// §1.2 BROKER_ORD), one per request ID.
func (r *Runner) sendCancels(ctx context.Context, st *runState) error {
	pending, err := r.Store.ListByStatus(ctx, StatusPendingCancel)
	if err != nil {
		return fmt.Errorf("broker run: list Y records: %w", err)
	}
	sortRecords(pending)
	pending = r.cancelWholePickupOrders(ctx, st, pending) // BRK-295
	byRequest := map[string][]Record{}
	var order []string
	for _, rec := range pending {
		if _, ok := byRequest[rec.RequestID]; !ok {
			order = append(order, rec.RequestID)
		}
		byRequest[rec.RequestID] = append(byRequest[rec.RequestID], rec)
	}
	for _, id := range order {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		recs := byRequest[id]
		reqs := make([]CancelRequest, len(recs))
		for i, rec := range recs {
			reqs[i] = CancelRequest{Record: rec.ID, Key: rec.Key, LineSeq: rec.LineSeq, RequestID: rec.RequestID, ReasonCode: rec.CancelReasonCode, ReasonText: rec.CancelReasonText}
		}
		upd, err := NewCancelUpdate(reqs, r.Engine.Settings, recs[0].WarehouseLocation, r.now())
		if err != nil {
			st.fail(recs[0], "build cancel StatusUpdate", err)
			continue
		}
		st.rep.Canceled += len(recs)
		resp, err := r.Transport.StatusUpdate(ctx, upd)
		kind := EventCancelConfirmed
		var rej *RejectedError
		switch {
		case errors.As(err, &rej):
			kind = EventCancelFailed
		case err != nil:
			for _, rec := range recs {
				st.fail(rec, "send cancel StatusUpdate", err) // stays Y; resent next run
			}
			continue
		case resp.Failed():
			kind = EventCancelFailed
		}
		for _, rec := range recs {
			ev := Event{Kind: kind, Source: SourceUpdateResponse, At: r.now(), ErrorCode: resp.ResponseCode, ErrorText: resp.ResponseDescription}
			if rej != nil {
				ev.ErrorCode, ev.ErrorText = rej.Code, rej.Description
			}
			if _, err := r.apply(ctx, st, rec, ev); err != nil {
				st.fail(rec, "apply cancel response", err)
			}
		}
	}
	return nil
}

// resendUpdates resends the fulfilled (G) or intransit (H) status update
// that got no response (BRK-317); on an answer the record's flow receives
// [EventUpdateConfirmed]. Without an answer the record stays for the next run.
func (r *Runner) resendUpdates(ctx context.Context, st *runState) error {
	recs, err := r.Store.ListByStatus(ctx, StatusResendFulfilled, StatusResendIntransit)
	if err != nil {
		return fmt.Errorf("broker run: list G/H records: %w", err)
	}
	sortRecords(recs)
	for _, rec := range recs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.resendUpdate(ctx, st, rec)
	}
	return nil
}

// resendUpdate resends the status update of one G or H record (BRK-317).
func (r *Runner) resendUpdate(ctx context.Context, st *runState, rec Record) {
	word, _ := resendStatus(rec.Status)
	// BRK-412: the resend carries the agent and tracking number as first
	// sent (kept on the record, or waiting in the outbox).
	agent, track := rec.ShippingAgent, rec.TrackingNumber
	if rec.Outbox.Update.Status == word && agent == "" && track == "" {
		agent, track = rec.Outbox.Update.ShippingAgent, rec.Outbox.Update.TrackingNumber
	}
	upd := NewStatusUpdate(StatusChange{Key: rec.Key, RequestID: rec.RequestID, LineSeqs: []int{rec.LineSeq}, Status: word,
		ShippingAgent: agent, TrackingNumber: track, WarehouseLocation: rec.WarehouseLocation}, r.Engine.Settings, r.now())
	if _, err := r.Transport.StatusUpdate(asResend(ctx), upd); err != nil {
		st.fail(rec, "resend "+string(word)+" StatusUpdate", err)
		return
	}
	if _, err := r.apply(ctx, st, rec, Event{Kind: EventUpdateConfirmed, Source: SourceUpdateResponse, OBStatus: string(word), At: r.now()}); err != nil {
		st.fail(rec, "apply status update response", err)
		return
	}
	if rec.Outbox.Update.Status == word {
		sent := rec.Outbox.Update
		r.settleOutbox(ctx, st, rec, &sent, nil)
	}
}

// requestGroup is the request IDs of one company's status group and, for
// each, the records of the request the inquiry is about.
type requestGroup struct {
	ids  []string
	recs map[string][]Record
}

// inquiryGroups sorts the records to inquire on by company and status group
// (BRK-301), per request ID: a request is due when one of its records is
// (BRK-069: the interval is per order), and then every record of it listed
// goes with it, in the group of its earliest status in [InquiryOrder], so
// that a request whose lines are in different statuses is asked about once
// and each line reads its own item. recs must be sorted.
func inquiryGroups(recs []Record, s Settings, now time.Time) (map[int]map[Status]*requestGroup, []int) {
	type request struct {
		company int
		id      string
	}
	// A request's records are usually next to each other in recs (one
	// order's lines): they are then a window of recs, not a copy.
	type span struct {
		start, last int      // first and last index in recs
		copied      []Record // the members, once they are not one window
		at          int      // the group: index in InquiryOrder, -1 when not due
	}
	byRequest := make(map[request]int, len(recs)) // index in spans
	spans := make([]span, 0, len(recs))           // in the order of their first record
	for i := range recs {
		rec := &recs[i]
		if rec.RequestID == "" {
			continue
		}
		k := request{rec.Key.Company, rec.RequestID}
		at, ok := byRequest[k]
		if !ok {
			byRequest[k] = len(spans)
			spans = append(spans, span{start: i, last: i})
			continue
		}
		switch sp := &spans[at]; {
		case sp.copied != nil:
			sp.copied = append(sp.copied, *rec)
		case sp.last == i-1:
			sp.last = i
		default:
			sp.copied = append(slices.Clone(recs[sp.start:sp.last+1]), *rec)
		}
	}
	members := func(sp *span) []Record {
		if sp.copied != nil {
			return sp.copied
		}
		return recs[sp.start : sp.last+1 : sp.last+1]
	}
	// Each request's group, and the size of each group.
	type groupKey struct{ company, at int }
	sizes := map[groupKey]int{}
	for i := range spans {
		sp := &spans[i]
		sp.at = -1
		for _, rec := range members(sp) {
			if i := slices.Index(InquiryOrder, rec.Status); i >= 0 && DueForInquiry(rec, s, now) && (sp.at < 0 || i < sp.at) {
				sp.at = i
			}
		}
		if sp.at >= 0 {
			sizes[groupKey{recs[sp.start].Key.Company, sp.at}]++
		}
	}
	groups := map[int]map[Status]*requestGroup{}
	var companies []int
	for i := range spans {
		sp := &spans[i]
		if sp.at < 0 {
			continue
		}
		first := &recs[sp.start]
		company, id := first.Key.Company, first.RequestID
		m, ok := groups[company]
		if !ok {
			m = map[Status]*requestGroup{}
			groups[company] = m
			companies = append(companies, company)
		}
		status := InquiryOrder[sp.at]
		g, ok := m[status]
		if !ok {
			n := sizes[groupKey{company, sp.at}]
			g = &requestGroup{ids: make([]string, 0, n), recs: make(map[string][]Record, n)}
			m[status] = g
		}
		g.ids = append(g.ids, id)
		g.recs[id] = members(sp)
	}
	slices.Sort(companies)
	return groups, companies
}

// inquireGroup sends the status list requests of one company's status group,
// in chunks (BRK-305), once per request ID and run, and applies the
// responses.
func (r *Runner) inquireGroup(ctx context.Context, st *runState, g *requestGroup) error {
	now := r.now()
	var ids []string
	for _, id := range g.ids {
		if !st.inquired[id] {
			ids = append(ids, id)
		}
	}
	if v := r.Engine.Settings.MessageVersion; v != "" && !r.Engine.Settings.versionAtLeast("5.0") {
		// BRK-003: the status list request needs version 5.0; ask one by one.
		for _, id := range ids {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.inquireRequest(ctx, st, id, g.recs[id])
			for _, rec := range g.recs[id] {
				r.markInquired(ctx, st, rec, now)
			}
		}
		return nil
	}
	for _, req := range NewStatusListRequests(ids, r.Engine.Settings, now) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		for _, id := range req.RequestIDs {
			st.inquired[id] = true
			st.rep.Inquired += len(g.recs[id])
		}
		resp, err := r.Transport.StatusListRequest(ctx, req)
		if err != nil {
			// BRK-308: no answer; every record keeps its status.
			for _, id := range req.RequestIDs {
				for _, rec := range g.recs[id] {
					st.fail(rec, "send StatusListRequest", err)
				}
			}
			continue
		}
		chunk := make(map[string][]Record, len(req.RequestIDs))
		for _, id := range req.RequestIDs {
			chunk[id] = g.recs[id]
		}
		r.applyReports(ctx, st, resp.Orders, chunk, SourceStatusList, r.responseID())
		// Mark the inquiry on every record asked about, answered or not (BRK-307).
		for _, id := range req.RequestIDs {
			for _, rec := range g.recs[id] {
				r.markInquired(ctx, st, rec, now)
			}
		}
	}
	return nil
}

func (r *Runner) markInquired(ctx context.Context, st *runState, rec Record, now time.Time) {
	err := r.Store.Update(ctx, rec.ID, func(cur Record) (Record, []SideEffect, error) {
		cur.LastInquiry = now
		return cur, nil, nil
	})
	if err != nil {
		st.fail(rec, "mark inquiry", err)
	}
}

// applyReports applies order status reports to the records of their request
// IDs. A report for a request ID not asked about is an error; so is a
// report none of whose items matches a record asked about. An item for
// another line of the request is not: that line's record is in a status
// not inquired on (completed, pending cancel, ...) or another worker's.
func (r *Runner) applyReports(ctx context.Context, st *runState, reports []OrderStatusReport, byRequest map[string][]Record, src Source, response string) {
	// results keeps what followUp and cancelWithRejectedLine look at: the
	// results asking for a status inquiry and the rejected store pickup
	// lines, in the order they were applied.
	var results []Result
	var rejected rejectedLines
	for _, rep := range reports {
		recs, ok := byRequest[rep.RequestID]
		if !ok {
			st.rep.Errors = append(st.rep.Errors, &RecordError{Label: "request " + rep.RequestID, Op: "read " + src.String(),
				Err: fmt.Errorf("broker: request ID %q was not asked about: %w", rep.RequestID, ErrUnknownRequest)})
			continue
		}
		var items map[int]ItemStatus
		single := len(recs) == 1 && len(rep.Items) == 1 && rep.Items[0].RequestingLine == recs[0].LineSeq
		if !single {
			var unmatched []ItemStatus
			if items, unmatched = matchItems(rep, recs); len(items) == 0 && len(unmatched) > 0 {
				st.fail(recs[0], "read "+src.String(), unmatchedError(rep.RequestID, unmatched))
			}
		}
		for _, rec := range recs {
			if rejected.done[rec.ID] {
				continue // canceled with its order's rejected line (F4.10)
			}
			var it ItemStatus
			if single {
				it = rep.Items[0]
			} else {
				var ok bool
				if it, ok = items[rec.LineSeq]; !ok {
					continue
				}
			}
			itemEvent := ItemEvent
			if rec.Flow == StorePickup.Name {
				itemEvent = StorePickupItemEvent // verified/processed are not moves of the record (BRK-282)
			}
			ev, err := itemEvent(rec, it, rep.OrderStatus, r.Engine.Settings, src, response)
			if err != nil {
				st.fail(rec, "read "+src.String(), err)
				continue
			}
			ev.At = r.now()
			if err := r.pickupOrderRejectedBefore(ctx, st, rec, ev); err != nil {
				st.fail(rec, "apply "+src.String(), err)
				continue
			}
			res, err := r.apply(ctx, st, rec, ev)
			if err != nil {
				st.fail(rec, "apply "+src.String(), err)
				continue
			}
			if asksInquiry(res) || rejectedLine(&res) {
				results = append(results, res)
			}
		}
		r.cancelWithRejectedLine(ctx, st, recs, results, &rejected)
	}
	r.followUp(ctx, st, results...)
}

// rejectedLines is what cancelWithRejectedLine has learnt from the results
// of one applyReports call so far: the store pickup orders a rejected line
// canceled (F4.10) and the records of those rows. It is kept across the
// reports so that each result is looked at once (the results of a status
// list grow with every report).
type rejectedLines struct {
	seen     int // results[:seen] are in canceled and done
	canceled map[OrderKey]bool
	done     map[uuid.UUID]bool // the records of those rows, and those canceled with them
}

// cancelWithRejectedLine: when the store rejected a line of a store pickup
// order and OMS canceled the whole order (F4.10 with G11), every other
// open record of the order goes with it (BRK-280, BRK-323), this
// request's or not, in this batch or not, and is not inquired on again.
// results are every result of the applyReports call so far; each order is
// canceled with its rejected line once.
func (r *Runner) cancelWithRejectedLine(ctx context.Context, st *runState, recs []Record, results []Result, rl *rejectedLines) {
	var fresh map[OrderKey]bool
	for i := rl.seen; i < len(results); i++ {
		res := &results[i]
		if !rejectedLine(res) {
			continue
		}
		if rl.canceled == nil {
			rl.canceled, rl.done = map[OrderKey]bool{}, map[uuid.UUID]bool{}
		}
		rl.done[res.Record.ID] = true
		if !rl.canceled[res.Record.Key] {
			if fresh == nil {
				fresh = map[OrderKey]bool{}
			}
			fresh[res.Record.Key] = true
		}
		rl.canceled[res.Record.Key] = true
	}
	rl.seen = len(results)
	if len(fresh) == 0 || r.Engine.Settings.Flows.RejectedStorePickupCancelReason == "" {
		return
	}
	open, err := r.orderRecords(ctx, fresh, func(rec Record) bool { return rec.Flow == StorePickup.Name && !rl.done[rec.ID] },
		append([]Status{StatusPosted}, f4Open...)...)
	if err != nil {
		for _, rec := range recs {
			if rl.done[rec.ID] {
				st.fail(rec, "cancel with the rejected line", err)
			}
		}
		return
	}
	for _, rec := range open {
		rl.done[rec.ID] = true // a later report of this call leaves it alone
		_, err := r.apply(ctx, st, rec, Event{Kind: EventOrderRejected, Source: SourceOMS, At: r.now()})
		if err != nil && !errors.Is(err, ErrInvalidTransition) { // a line already closed stays as it is
			st.fail(rec, "cancel with the rejected line", err)
		}
	}
}

// rejectedLine reports whether res is a store pickup line the store
// rejected, canceling the whole order (F4.10).
func rejectedLine(res *Result) bool { return res.Record.Flow == StorePickup.Name && res.Row == "F4.10" }

// asksInquiry reports whether res asks for a status inquiry (followUp).
func asksInquiry(res Result) bool {
	for _, e := range res.Effects {
		if _, ok := e.(StatusInquiry); ok {
			return true
		}
	}
	return false
}

func sortRecords(recs []Record) {
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := &recs[i], &recs[j]
		if a.Key != b.Key {
			if a.Key.Company != b.Key.Company {
				return a.Key.Company < b.Key.Company
			}
			if a.Key.Order != b.Key.Order {
				return a.Key.Order < b.Key.Order
			}
			return a.Key.ShipTo < b.Key.ShipTo
		}
		return a.LineSeq < b.LineSeq
	})
}
