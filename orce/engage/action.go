package engage

import (
	"context"
	"errors"
	"fmt"
)

// ErrActionNoLongerApplies marks an action TriggerAction did not trigger
// because another system changed the order so that the action no longer
// applies to its current data.
var ErrActionNoLongerApplies = errors.New("engage: action no longer applies to the order")

// ActionError says why Feed.TriggerAction did not trigger an action after
// the platform refused its version tag (another system had changed the
// order). It matches ErrActionNoLongerApplies when the action no longer
// applies to the order's current data, and wraps the cause otherwise
// (ErrStaleVersion when the order changed again while the feed decided,
// ErrNotFound when it is gone).
type ActionError struct {
	Order  OrderID
	Action ActionName
	// Tag is the version tag the platform refused; Current the order's tag
	// read afresh (empty when it could not be read).
	Tag, Current VersionTag
	// Reason says why the action was not triggered.
	Reason string
	// Err is the cause, when the platform refused or could not be read.
	Err error
}

// Error names the order, the action, the tags and the reason.
func (e *ActionError) Error() string {
	s := fmt.Sprintf("order %s: action %s: version tag %s is stale", e.Order, e.Action, e.Tag)
	if e.Current != "" {
		s += fmt.Sprintf(", current %s", e.Current)
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is makes errors.Is(err, ErrActionNoLongerApplies) true when the action no
// longer applies (no platform error behind it).
func (e *ActionError) Is(target error) bool {
	return target == ErrActionNoLongerApplies && e.Err == nil
}

// Unwrap returns the cause.
func (e *ActionError) Unwrap() error { return e.Err }

// DefaultActionApplies is the rule Feed.TriggerAction applies when
// Config.ActionApplies is nil: an action applies to the changed order as
// long as its status is still the one this feed last had processed (an
// action follows a status: a shipping confirmation follows "shipped"); a
// change to anything else (a delivery detail, a line) leaves it applying.
// When the feed never set a status, any status will do.
func DefaultActionApplies(_ ActionName, expected, current Order) (bool, string) {
	if expected.Status != "" && current.Status != expected.Status {
		return false, fmt.Sprintf("the order's status is now %q, the action was for %q", current.Status, expected.Status)
	}
	return true, ""
}

// TriggerAction triggers an action on an order with the version tag of its
// last processed change (ENG-012, ENG-013). While a change to the order is
// still pending or unconfirmed the action is refused with ErrNotProcessed;
// with no recorded tag the order is read afresh for one. Nothing is sent
// when no tag can be had.
//
// When the platform refuses the tag as stale (another system changed the
// order since), the feed reads the order from the order endpoint, which
// gives its data together with its current tag (ENG-011; the job status
// endpoint gives only the tag of this feed's own jobs), records that tag,
// and decides on that data whether the action still applies
// (Config.ActionApplies). If it does, the action is triggered once with the
// current tag; if it does not, an *ActionError matching
// ErrActionNoLongerApplies says why and nothing is sent. The feed never
// triggers with a tag whose data it has not read, and never tries a third
// time: refused again, it returns an *ActionError wrapping ErrStaleVersion.
func (f *Feed) TriggerAction(ctx context.Context, id OrderID, action ActionName) error {
	open, err := f.s.List(ctx, Filter{Order: id, States: []EntryState{StatePending, StateSent},
		Kinds: []EntryKind{EntryOrder, EntryStatus, EntryDelivery, EntryDelete}})
	if err != nil {
		return fmt.Errorf("order %s: action %s: %w", id, action, err)
	}
	if len(open) > 0 {
		return fmt.Errorf("order %s: action %s: change %s is %s: %w", id, action, open[0].Key, open[0].State, ErrNotProcessed)
	}
	tag, ok, err := f.s.Tag(ctx, id)
	if err != nil {
		return fmt.Errorf("order %s: action %s: %w", id, action, err)
	}
	var expected Order
	if ok {
		if expected, err = f.processed(ctx, id); err != nil {
			return fmt.Errorf("order %s: action %s: %w", id, action, err)
		}
	} else {
		cur, err := f.p.Order(ctx, id)
		if err != nil {
			return fmt.Errorf("order %s: action %s: read for version tag: %w", id, action, err)
		}
		tag, expected = cur.Tag, cur.Order
	}
	err = Trigger(ctx, f.p, id, action, tag)
	if !errors.Is(err, ErrStaleVersion) {
		return err
	}
	ae := &ActionError{Order: id, Action: action, Tag: tag}
	cur, err := f.p.Order(ctx, id)
	if err != nil {
		ae.Reason, ae.Err = "the order could not be read afresh", err
		return ae
	}
	ae.Current = cur.Tag
	if err := f.s.SetTag(ctx, id, cur.Tag); err != nil { // ENG-011: the latest tag seen
		ae.Reason, ae.Err = "the current tag could not be recorded", err
		return ae
	}
	applies := f.cfg.ActionApplies
	if applies == nil {
		applies = DefaultActionApplies
	}
	if ok, why := applies(action, expected, cur.Order); !ok {
		ae.Reason = why
		return ae
	}
	if err := Trigger(ctx, f.p, id, action, cur.Tag); err != nil {
		ae.Reason, ae.Err = "refused again with the current tag; not retried", err
		return ae
	}
	return nil
}

// processed is the order as this feed last had it processed: the last
// full order it sent, with the status and delivery changes processed after
// it. Without a full order only those changes are known.
func (f *Feed) processed(ctx context.Context, id OrderID) (Order, error) {
	es, err := f.s.List(ctx, Filter{Order: id, States: []EntryState{StateDone}})
	if err != nil {
		return Order{}, err
	}
	o, _ := replay(id, es)
	return o, nil
}

// replay lays the entries es of order id (in Seq order) over each other: a
// full body replaces what was known, a status or delivery change updates
// it. body reports whether a full body was among them.
func replay(id OrderID, es []Entry) (o Order, body bool) {
	o = Order{ID: id}
	for _, e := range es {
		switch {
		case e.Kind == EntryOrder && e.Body != nil:
			o, body = cloneOrder(*e.Body), true
		case e.Kind == EntryStatus && e.Status != nil:
			o.Status = e.Status.Status
		case e.Kind == EntryDelivery && e.Delivery != nil:
			d := e.Delivery.Delivery
			o.Delivery = &d
		}
	}
	return o, body
}
