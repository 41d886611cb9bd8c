package engage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// requestNamespace is the UUID namespace for request ids the feed mints
// from idempotency keys, so a resend carries the same id.
var requestNamespace = uuid.MustParse("6f1d3c1e-5b0a-4c55-9d8e-2a7e0c9b4f10")

// Config holds the Feed's injected clock and host hooks.
type Config struct {
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Log receives the host's integration-log entries: discarded embedded
	// actions (ENG-017) and processing errors of failed jobs (ENG-023).
	Log func(ctx context.Context, e LogEntry)
	// CounterAction is called for every embedded action the platform
	// discarded, so the host can make up for it (ENG-017).
	CounterAction func(ctx context.Context, order OrderID, d DiscardedAction) error
	// ActionApplies decides whether an action still applies after another
	// system changed the order (TriggerAction was refused its version
	// tag): expected is the order as this feed last had it processed,
	// current the order as just read with its new tag. It returns false and
	// why when the action no longer applies. nil means DefaultActionApplies.
	ActionApplies func(action ActionName, expected, current Order) (ok bool, why string)
}

// Feed is the host-side outbox that keeps the platform fed with orders and
// receipts. Every change is first recorded in the Store under an
// idempotency key, then sent by Flush and confirmed by Confirm; a change is
// sent once even when Flush is retried after a timeout.
type Feed struct {
	p   Platform
	s   Store
	cfg Config
}

// NewFeed returns a Feed sending to p and recording in s.
func NewFeed(p Platform, s Store, cfg Config) *Feed {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Feed{p: p, s: s, cfg: cfg}
}

// Report says what Flush or Confirm did, by entry key.
type Report struct {
	Sent      []string // accepted by the platform (Flush)
	Done      []string // processed or registered
	Retry     []string // left pending after a retryable failure
	Failed    []string // refused for good
	Waiting   []string // jobs not finished yet (Confirm)
	Discarded []DiscardedAction
}

func contentKey(v any) string {
	b, _ := json.Marshal(v) // plain structs: marshalling cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// SubmitOrder records a full create or update of an order (ENG-002). change
// is the host's name for this change (e.g. the order's revision); when empty
// it is derived from the content, so sending the same content twice is one
// change. A second submit with the same key is a no-op that returns the
// first entry. The order is validated first (ENG-022).
func (f *Feed) SubmitOrder(ctx context.Context, o Order, change string) (Entry, error) {
	if err := Validate(o); err != nil {
		return Entry{}, err
	}
	if change == "" {
		change = contentKey(o)
	}
	oc := cloneOrder(o)
	return f.add(ctx, Entry{Key: "order/" + string(o.ID) + "/" + change, Kind: EntryOrder, Order: o.ID, Contact: o.Contact, Body: &oc})
}

// SubmitStatus records a status change, with optional embedded actions
// (ENG-010, ENG-015).
func (f *Feed) SubmitStatus(ctx context.Context, id OrderID, c StatusChange, change string) (Entry, error) {
	if id == "" || c.Status == "" {
		return Entry{}, &ValidationError{Record: "order " + string(id), Fields: []FieldError{{Path: "status", Value: c.Status, Rule: "order id and status required"}}}
	}
	if change == "" {
		change = contentKey(c)
	}
	key := "status/" + string(id) + "/" + change
	c.RequestID = uuid.NewSHA1(requestNamespace, []byte(key)).String()
	c.Actions = append([]ActionName(nil), c.Actions...)
	return f.add(ctx, Entry{Key: key, Kind: EntryStatus, Order: id, Contact: f.contactOf(ctx, id), Status: &c})
}

// SubmitDelivery records a delivery change, with optional embedded actions
// (ENG-010, ENG-015).
func (f *Feed) SubmitDelivery(ctx context.Context, id OrderID, c DeliveryChange, change string) (Entry, error) {
	if id == "" {
		return Entry{}, &ValidationError{Record: "order", Fields: []FieldError{{Path: "id", Rule: "required"}}}
	}
	if change == "" {
		change = contentKey(c)
	}
	key := "delivery/" + string(id) + "/" + change
	c.RequestID = uuid.NewSHA1(requestNamespace, []byte(key)).String()
	c.Actions = append([]ActionName(nil), c.Actions...)
	return f.add(ctx, Entry{Key: key, Kind: EntryDelivery, Order: id, Contact: f.contactOf(ctx, id), Delivery: &c})
}

// SubmitDelete records the deletion of an order (ENG-021).
func (f *Feed) SubmitDelete(ctx context.Context, id OrderID) (Entry, error) {
	if id == "" {
		return Entry{}, &ValidationError{Record: "order", Fields: []FieldError{{Path: "id", Rule: "required"}}}
	}
	return f.add(ctx, Entry{Key: "delete/" + string(id), Kind: EntryDelete, Order: id, Contact: f.contactOf(ctx, id)})
}

// RegisterReceipt records a receipt to register (ENG-003, ENG-004). A
// receipt whose id was recorded before is refused with a
// *DuplicateReceiptError, and nothing is sent.
func (f *Feed) RegisterReceipt(ctx context.Context, r Receipt) (Entry, error) {
	if err := ValidateReceipt(r); err != nil {
		return Entry{}, err
	}
	rc := r
	rc.Lines = append([]Line(nil), r.Lines...)
	e, added, err := f.s.Add(ctx, Entry{Key: "receipt/" + string(r.ID), Kind: EntryReceipt, Order: r.Order, Contact: r.Contact, Receipt: &rc, State: StatePending, Created: f.cfg.Now(), Updated: f.cfg.Now()})
	if err != nil {
		return Entry{}, fmt.Errorf("receipt %s: record: %w", r.ID, err)
	}
	if !added {
		changed := e.Receipt == nil || contentKey(*e.Receipt) != contentKey(rc)
		return e, &DuplicateReceiptError{Receipt: r.ID, Changed: changed}
	}
	return e, nil
}

func (f *Feed) add(ctx context.Context, e Entry) (Entry, error) {
	e.State = StatePending
	e.Created, e.Updated = f.cfg.Now(), f.cfg.Now()
	got, _, err := f.s.Add(ctx, e)
	if err != nil {
		return Entry{}, fmt.Errorf("%s %s: record: %w", e.Kind, e.Order, err)
	}
	return got, nil
}

func (f *Feed) contactOf(ctx context.Context, id OrderID) ContactID {
	es, err := f.s.List(ctx, Filter{Order: id, Kinds: []EntryKind{EntryOrder}})
	if err != nil || len(es) == 0 {
		return ""
	}
	return es[len(es)-1].Contact
}

// Flush sends every pending entry in the order it was recorded. A retryable
// failure (timeout, 5xx, garbage) leaves the entry pending and holds back
// later changes to the same order, so a later Flush completes the work in
// order; a permanent refusal marks the entry failed and logs it. The
// returned error joins every per-entry error (each names the entry).
func (f *Feed) Flush(ctx context.Context) (Report, error) {
	var rep Report
	pending, err := f.s.List(ctx, Filter{States: []EntryState{StatePending}})
	if err != nil {
		return rep, fmt.Errorf("flush: list pending: %w", err)
	}
	blocked := map[OrderID]bool{}
	var errs []error
	for _, e := range pending {
		if e.Kind != EntryReceipt && blocked[e.Order] {
			rep.Retry = append(rep.Retry, e.Key)
			continue
		}
		job, sendErr := f.send(ctx, e)
		if ctx.Err() != nil {
			return rep, errors.Join(append(errs, fmt.Errorf("flush: %w", ctx.Err()))...)
		}
		next := StateSent
		switch {
		case sendErr == nil && (e.Kind == EntryReceipt || e.Kind == EntryDelete):
			next = StateDone
		case sendErr == nil:
		case e.Kind == EntryReceipt && e.Attempts > 0 && errors.Is(sendErr, ErrDuplicateReceipt):
			// An earlier attempt got through before its answer was lost: the
			// receipt is registered once, as intended.
			next, sendErr = StateDone, nil
		case e.Kind == EntryDelete && errors.Is(sendErr, ErrNotFound):
			next, sendErr = StateDone, nil
		case Retryable(sendErr):
			next = StatePending
			blocked[e.Order] = true
		default:
			next = StateFailed
		}
		uerr := f.s.Update(ctx, e.Key, func(x *Entry) error {
			x.Attempts++
			x.State = next
			x.Job = job
			x.Updated = f.cfg.Now()
			x.LastError = ""
			if sendErr != nil {
				x.LastError = sendErr.Error()
			}
			return nil
		})
		if uerr != nil {
			errs = append(errs, fmt.Errorf("entry %s: record outcome: %w", e.Key, uerr))
			continue
		}
		switch next {
		case StateSent:
			rep.Sent = append(rep.Sent, e.Key)
		case StateDone:
			rep.Done = append(rep.Done, e.Key)
		case StatePending:
			rep.Retry = append(rep.Retry, e.Key)
			errs = append(errs, fmt.Errorf("entry %s: will retry: %w", e.Key, sendErr))
		case StateFailed:
			rep.Failed = append(rep.Failed, e.Key)
			errs = append(errs, fmt.Errorf("entry %s: %w", e.Key, sendErr))
			f.log(ctx, LogEntry{Type: "Orders", Order: e.Order, Message: fmt.Sprintf("%s %s: refused: %v", e.Kind, e.Key, sendErr)})
		}
	}
	return rep, errors.Join(errs...)
}

func (f *Feed) send(ctx context.Context, e Entry) (JobID, error) {
	switch e.Kind {
	case EntryOrder:
		return f.p.PutOrder(ctx, *e.Body, "")
	case EntryStatus:
		return f.p.UpdateStatus(ctx, e.Order, *e.Status)
	case EntryDelivery:
		return f.p.UpdateDelivery(ctx, e.Order, *e.Delivery)
	case EntryDelete:
		return "", f.p.DeleteOrder(ctx, e.Order)
	case EntryReceipt:
		return "", f.p.RegisterReceipt(ctx, *e.Receipt)
	}
	return "", fmt.Errorf("entry %s: kind %q: %w", e.Key, e.Kind, ErrInvalid)
}

func (f *Feed) log(ctx context.Context, e LogEntry) {
	if f.cfg.Log == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = f.cfg.Now()
	}
	f.cfg.Log(ctx, e)
}

// Confirm looks up the job of every sent entry. A processed job records the
// order's version tag (ENG-011) and reports embedded actions the platform
// discarded: each gets an integration-log entry and a call to the
// counter-action hook (ENG-017). A failed job is logged with its errors
// (ENG-023). Unfinished jobs are left for a later Confirm.
func (f *Feed) Confirm(ctx context.Context) (Report, error) {
	var rep Report
	sent, err := f.s.List(ctx, Filter{States: []EntryState{StateSent}})
	if err != nil {
		return rep, fmt.Errorf("confirm: list sent: %w", err)
	}
	var errs []error
	for _, e := range sent {
		job, err := f.p.JobStatus(ctx, e.Job)
		if err != nil {
			errs = append(errs, fmt.Errorf("entry %s: job %s: %w", e.Key, e.Job, err))
			continue
		}
		switch job.State {
		case JobProcessed:
			newer, err := f.newerTag(ctx, e)
			if err != nil {
				errs = append(errs, fmt.Errorf("order %s: %w", e.Order, err))
				continue
			}
			if !newer { // a later change already gave a newer tag: keep it
				if err := f.s.SetTag(ctx, e.Order, job.Tag); err != nil {
					errs = append(errs, fmt.Errorf("order %s: record tag %s: %w", e.Order, job.Tag, err))
					continue
				}
			}
			for _, d := range job.Discarded {
				f.log(ctx, LogEntry{Type: "Orders", Order: e.Order, Job: e.Job,
					Message: fmt.Sprintf("order %s: embedded action %s discarded: %s", e.Order, d.Action, d.Reason)})
				rep.Discarded = append(rep.Discarded, d)
				if f.cfg.CounterAction != nil {
					if err := f.cfg.CounterAction(ctx, e.Order, d); err != nil {
						errs = append(errs, fmt.Errorf("order %s: counter-action for %s: %w", e.Order, d.Action, err))
					}
				}
			}
			err = f.s.Update(ctx, e.Key, func(x *Entry) error { x.State, x.Tag, x.Updated = StateDone, job.Tag, f.cfg.Now(); return nil })
			rep.Done = append(rep.Done, e.Key)
		case JobFailed:
			for _, fe := range job.Errors {
				f.log(ctx, LogEntry{Type: "Orders", Order: e.Order, Job: e.Job,
					Message: fmt.Sprintf("order %s: job %s failed: %s", e.Order, e.Job, fe)})
			}
			err = f.s.Update(ctx, e.Key, func(x *Entry) error {
				x.State, x.Updated, x.LastError = StateFailed, f.cfg.Now(), fmt.Sprint(job.Errors)
				return nil
			})
			rep.Failed = append(rep.Failed, e.Key)
			errs = append(errs, fmt.Errorf("entry %s: job %s: %w: %v", e.Key, e.Job, ErrJobFailed, job.Errors))
		default:
			rep.Waiting = append(rep.Waiting, e.Key)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("entry %s: record outcome: %w", e.Key, err))
		}
	}
	return rep, errors.Join(errs...)
}

// newerTag reports whether a change recorded after e was confirmed already.
func (f *Feed) newerTag(ctx context.Context, e Entry) (bool, error) {
	done, err := f.s.List(ctx, Filter{Order: e.Order, States: []EntryState{StateDone}})
	if err != nil {
		return false, err
	}
	for _, d := range done {
		if d.Seq > e.Seq && d.Tag != "" {
			return true, nil
		}
	}
	return false, nil
}

// Tag returns the latest version tag the feed has recorded for an order
// (ENG-011).
func (f *Feed) Tag(ctx context.Context, id OrderID) (VersionTag, bool, error) {
	return f.s.Tag(ctx, id)
}

// EraseReport says what EraseContact removed and what it kept.
type EraseReport struct {
	// Erased are the order entries whose payload was removed; their keys are
	// kept as tombstones so an old change replayed later is not re-sent.
	Erased []string
	// Kept are the receipt entries, kept because receipts never change and
	// feed loyalty and reporting (ENG-003; the source is silent, Z-09).
	Kept []string
}

// EraseContact carries out the right to be forgotten for a contact's order
// data (ENG-026). Locally, every order entry of the contact loses its
// payload (pending ones are never sent: they would re-create erased data)
// and the version tags of its orders are forgotten; receipts are kept.
// Then the platform erases the contact's orders. Calling it again is
// harmless, so a failed erase is retried by calling it again.
func (f *Feed) EraseContact(ctx context.Context, c ContactID) (EraseReport, error) {
	var rep EraseReport
	if c == "" {
		return rep, &ValidationError{Record: "contact", Fields: []FieldError{{Path: "contact", Rule: "required"}}}
	}
	mine, err := f.s.List(ctx, Filter{Contact: c})
	if err != nil {
		return rep, fmt.Errorf("contact %s: erase: %w", c, err)
	}
	orders := map[OrderID]bool{}
	for _, e := range mine {
		if e.Kind == EntryReceipt {
			rep.Kept = append(rep.Kept, e.Key)
			continue
		}
		orders[e.Order] = true
	}
	for id := range orders {
		es, err := f.s.List(ctx, Filter{Order: id})
		if err != nil {
			return rep, fmt.Errorf("contact %s: erase order %s: %w", c, id, err)
		}
		for _, e := range es {
			if e.Kind == EntryReceipt {
				continue
			}
			err := f.s.Update(ctx, e.Key, func(x *Entry) error {
				x.Body, x.Status, x.Delivery, x.Contact = nil, nil, nil, ""
				x.State, x.Updated = StateErased, f.cfg.Now()
				return nil
			})
			if err != nil {
				return rep, fmt.Errorf("contact %s: erase entry %s: %w", c, e.Key, err)
			}
			rep.Erased = append(rep.Erased, e.Key)
		}
		if err := f.s.SetTag(ctx, id, ""); err != nil {
			return rep, fmt.Errorf("contact %s: forget tag of order %s: %w", c, id, err)
		}
	}
	if err := f.p.EraseContact(ctx, c); err != nil {
		return rep, fmt.Errorf("contact %s: erase on platform: %w", c, err)
	}
	return rep, nil
}

// Extract returns everything the platform stores for a contact's orders
// (ENG-025).
func (f *Feed) Extract(ctx context.Context, c ContactID) (ContactExtract, error) {
	x, err := f.p.ExtractContact(ctx, c)
	if err != nil {
		return ContactExtract{}, fmt.Errorf("contact %s: extract: %w", c, err)
	}
	return x, nil
}

// JobLogEntry is a platform integration-log entry paired with the outbox
// entry whose job caused it (empty when no entry of this feed did).
type JobLogEntry struct {
	LogEntry
	EntryKey string
}

// IntegrationErrors reads the platform's integration log of type "Orders"
// since a time and pairs every entry with the outbox entry whose job caused
// it, so processing errors can be shown next to their change (ENG-023).
func (f *Feed) IntegrationErrors(ctx context.Context, since time.Time) ([]JobLogEntry, error) {
	entries, err := f.p.LogEntries(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("integration log since %s: %w", since.Format(time.RFC3339), err)
	}
	all, err := f.s.List(ctx, Filter{})
	if err != nil {
		return nil, fmt.Errorf("integration log: list entries: %w", err)
	}
	byJob := map[JobID]string{}
	for _, e := range all {
		if e.Job != "" {
			byJob[e.Job] = e.Key
		}
	}
	out := make([]JobLogEntry, 0, len(entries))
	for _, le := range entries {
		if le.Type != "" && le.Type != "Orders" {
			continue
		}
		out = append(out, JobLogEntry{LogEntry: le, EntryKey: byJob[le.Job]})
	}
	return out, nil
}
