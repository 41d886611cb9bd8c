package broker

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// Flow is one state machine of order-broker.md §4 as data: its rows, and the
// order in which its statuses follow each other. Any flow (F1..F4) is applied
// by the same [Engine]; adding a flow means writing a new Flow value.
type Flow struct {
	// Name is the flow's name, e.g. "F1".
	Name string
	// Order lists the statuses a record passes through, earliest first. An
	// event whose row leads to a status later in Order than the record's
	// status is applied even when the row does not list that status as a
	// From (OB is seen only at each inquiry, §4 intro).
	Order []Status
	// Final statuses take no further events (except a repeat of the event
	// that reached them, which is a no-op).
	Final []Status
	// Rows are the transitions. Several rows may share an ID (one per event).
	Rows []Row
}

// Row is one transition: in one of From, on event On, move to To (or stay
// when Stay is set), producing Effects. When, if set, must also hold.
type Row struct {
	ID   string // e.g. "F1.07"
	From []Status
	// FromNone marks a row that creates the record (no From status).
	FromNone bool
	On       EventKind
	To       Status
	Stay     bool
	When     Guard
	Effects  []Effect
	// Rules lists the BRK IDs the row implements (documentation).
	Rules []string
}

// Guard is a named condition on a row.
type Guard struct {
	Name string
	Test func(rec Record, ev Event, s Settings) bool
}

func (g Guard) holds(rec Record, ev Event, s Settings) bool {
	return g.Test == nil || g.Test(rec, ev, s)
}

// Effect is one side-effect template of a row. Apply may change the record
// being built (c.Record) and emit side-effect values with c.Emit. c is
// valid during Apply only: the engine reuses it once the row is applied, so
// Apply must not keep it (nor hand it to a goroutine).
type Effect interface {
	Apply(c *Change)
}

// DataEffect marks an effect that only carries data from the event to the
// record (a fulfilling location, shipment details). When an event repeats
// the status the record is in, the engine runs the data effects of the row
// that leads to that status and nothing else (BRK-070).
func DataEffect(e Effect) Effect { return dataEffect{e} }

type dataEffect struct{ Effect }

// EffectFunc adapts a function to [Effect].
type EffectFunc func(c *Change)

// Apply implements Effect.
func (f EffectFunc) Apply(c *Change) { f(c) }

// Change is the transition being applied, handed to each [Effect].
type Change struct {
	Flow     string
	Row      string
	Before   Record
	Record   Record // the record after the transition; effects may change it
	Event    Event
	Settings Settings
	Effects  []SideEffect
}

// Emit appends a side-effect value.
func (c *Change) Emit(e SideEffect) { c.Effects = append(c.Effects, e) }

// Result is what [Engine.Apply] returns.
type Result struct {
	// Record is the record after the transition (unchanged on a no-op).
	Record Record
	// Row is the ID of the row applied; empty on a no-op.
	Row string
	// Effects are the side effects to persist with the record.
	Effects []SideEffect
	// NoOp is true when the event was a repeat (or changes nothing).
	NoOp bool
	// Skipped is true when the row was applied as a forward move from a
	// status it does not list (§4 intro).
	Skipped bool
	// Repeat is true when the event repeated the record's status with new
	// data: only the row's data effects ran (BRK-070).
	Repeat bool
}

// Engine applies flows. The zero value uses time.Now and zero settings.
type Engine struct {
	Settings Settings
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (e Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Apply applies ev to rec under flow f. A forbidden move returns a
// *[TransitionError] wrapping [ErrInvalidTransition] (or [ErrUnknownStatus])
// and the record unchanged; a repeat of the event that brought the record to
// its status is a no-op.
func (e Engine) Apply(f *Flow, rec Record, ev Event) (Result, error) {
	if ev.At.IsZero() {
		ev.At = e.now()
	}
	refuse := func(reason string, kind error) (Result, error) {
		return Result{Record: rec}, &TransitionError{Flow: f.Name, Record: rec.Label(), From: rec.Status, Event: ev.Kind, Reason: reason, kind: kind}
	}
	if rec.Status != statusNone && !rec.Status.Valid() {
		return refuse("record status is not a known letter", ErrUnknownStatus)
	}
	var buf [8]*Row
	candidates := buf[:0]
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.On == ev.Kind && r.When.holds(rec, ev, e.Settings) {
			candidates = append(candidates, r)
		}
	}
	if len(candidates) == 0 {
		if !f.hasEvent(ev.Kind) {
			return refuse("the event does not belong to the flow", nil)
		}
		return refuse("no row applies under the current settings", nil)
	}
	// 1. a row listing the record's status.
	for _, r := range candidates {
		if (rec.Status == statusNone && r.FromNone) || (rec.Status != statusNone && slices.Contains(r.From, rec.Status)) {
			return e.run(f, r, rec, ev, false), nil
		}
	}
	if rec.Status == statusNone {
		return refuse("no record exists yet and the event does not create one", nil)
	}
	// 2. a repeat: the event would lead to the status the record is in; new
	// data it carries is taken, nothing else happens (BRK-070).
	for _, r := range candidates {
		if !r.Stay && r.To == rec.Status {
			return e.repeat(f, r, rec, ev), nil
		}
	}
	if slices.Contains(f.Final, rec.Status) {
		return refuse("the record is in a final status", nil)
	}
	// 3. a forward move along the flow's order.
	at := slices.Index(f.Order, rec.Status)
	if at >= 0 {
		for _, r := range candidates {
			if r.Stay {
				continue
			}
			if to := slices.Index(f.Order, r.To); to > at {
				return e.run(f, r, rec, ev, true), nil
			}
		}
	}
	return refuse("the flow does not allow this move (backwards or undescribed)", nil)
}

func (f *Flow) hasEvent(k EventKind) bool {
	for i := range f.Rows {
		if f.Rows[i].On == k {
			return true
		}
	}
	return false
}

func (e Engine) run(f *Flow, r *Row, rec Record, ev Event, skipped bool) Result {
	c := newChange(Change{Flow: f.Name, Row: r.ID, Before: rec, Record: rec, Event: ev, Settings: e.Settings})
	defer freeChange(c)
	if c.Record.Flow == "" {
		c.Record.Flow = f.Name
	}
	if !r.Stay {
		c.Record.Status = r.To
	}
	if ev.OBStatus != "" {
		c.Record.LastOBStatus = ev.OBStatus
	}
	for _, eff := range r.Effects {
		eff.Apply(c)
	}
	fillOutbox(c)
	if len(c.Effects) == 0 && c.Record == rec {
		return Result{Record: rec, NoOp: true}
	}
	c.Record.UpdatedAt = ev.At
	return Result{Record: c.Record, Row: r.ID, Effects: c.Effects, Skipped: skipped}
}

// repeat runs the data effects of row r for an event that repeats the
// record's status (BRK-070); without a change it is a no-op.
func (e Engine) repeat(f *Flow, r *Row, rec Record, ev Event) Result {
	c := newChange(Change{Flow: f.Name, Row: r.ID, Before: rec, Record: rec, Event: ev, Settings: e.Settings})
	defer freeChange(c)
	for _, eff := range r.Effects {
		if d, ok := eff.(dataEffect); ok {
			d.Apply(c)
		}
	}
	if len(c.Effects) == 0 && c.Record == rec {
		return Result{Record: rec, NoOp: true}
	}
	c.Record.UpdatedAt = ev.At
	return Result{Record: c.Record, Row: r.ID, Effects: c.Effects, Repeat: true}
}

// changes recycles the Change of each applied row: it holds two records,
// the event and the settings (about 2 KB), and a run applies thousands of
// events. An Effect does not keep c after Apply returns.
var changes = sync.Pool{New: func() any { return new(Change) }}

func newChange(v Change) *Change {
	c := changes.Get().(*Change)
	*c = v
	return c
}

func freeChange(c *Change) {
	*c = Change{} // drop the references it holds
	changes.Put(c)
}

// RowsByID returns the rows with the given ID (documentation and tests).
func (f *Flow) RowsByID(id string) []Row {
	var out []Row
	for _, r := range f.Rows {
		if r.ID == id {
			out = append(out, r)
		}
	}
	return out
}

// Validate checks the table: every row has an ID and an event, a non-Stay
// row has a valid To, every From is a valid status.
func (f *Flow) Validate() error {
	for i, r := range f.Rows {
		if r.ID == "" || r.On == "" {
			return fmt.Errorf("broker: flow %s row %d: missing id or event: %w", f.Name, i, ErrInvalidInput)
		}
		if !r.Stay && !r.To.Valid() {
			return fmt.Errorf("broker: flow %s row %s: to status %v: %w", f.Name, r.ID, r.To, ErrUnknownStatus)
		}
		for _, s := range r.From {
			if !s.Valid() {
				return fmt.Errorf("broker: flow %s row %s: from status %v: %w", f.Name, r.ID, s, ErrUnknownStatus)
			}
		}
	}
	return nil
}
