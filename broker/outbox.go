package broker

import (
	"context"
	"time"
)

// Outbox is what a record still has to tell Order Broker (see
// [Record.Outbox]). It holds at most one status update and one Under
// Review value: a later transition's update replaces one not yet sent (OB
// takes the latest status; the simulator and OB accept a skipped one), and
// the Under Review value sent is the latest. The zero value is empty.
type Outbox struct {
	// Update is the status update to send; Update.Status is empty when none.
	Update PendingUpdate
	// UnderReview is the Under Review order update to send.
	UnderReview PendingUnderReview
	// ClaimedAt is when a run took the outbox for sending; other runs leave
	// it alone until [Runner.outboxClaimFor] has passed (a run that died
	// after its claim).
	ClaimedAt time.Time
}

// PendingUpdate is a status update waiting in an [Outbox], the fields of
// the [OutboundUpdate] that asked for it.
type PendingUpdate struct {
	Status         OBStatus
	ShippingAgent  string
	TrackingNumber string
	ReasonCode     string
	ReasonText     string
	UnlessCanceled bool
	WholeOrder     bool
}

// PendingUnderReview is an Under Review order update waiting in an
// [Outbox] (BRK-098, BRK-272, BRK-415).
type PendingUnderReview struct {
	Send        bool
	UnderReview bool
}

// Empty reports whether nothing waits in the outbox.
func (o Outbox) Empty() bool { return o.Update.Status == "" && !o.UnderReview.Send }

// OutboxLister is a [RecordStore] that finds the records whose Outbox is
// not empty without reading every record. The Runner uses it when its store
// has it; otherwise it lists every status and reads the outboxes.
type OutboxLister interface {
	ListOutbox(ctx context.Context) ([]Record, error)
}

// fillOutbox records in the record being built what the transition's
// effects ask to send to OB, and marks a record the flow deletes. It is the
// last step of every applied row.
func fillOutbox(c *Change) {
	for _, e := range c.Effects {
		if e.RecordID() != c.Record.ID {
			continue
		}
		switch v := e.(type) {
		case OutboundUpdate:
			c.Record.Outbox.Update = PendingUpdate{Status: v.Status, ShippingAgent: v.ShippingAgent, TrackingNumber: v.TrackingNumber,
				ReasonCode: v.ReasonCode, ReasonText: v.ReasonText, UnlessCanceled: v.UnlessCanceled, WholeOrder: v.WholeOrder}
			c.Record.Outbox.ClaimedAt = time.Time{}
		case UnderReviewUpdate:
			if c.Record.Status == StatusReady && c.Record.SubmittedAt.IsZero() {
				continue // not sent yet: the SubmitOrder carries under_review (BRK-098)
			}
			// Without a request ID yet (W, or a store pickup R record whose
			// SubmitOrder went out, F4.15) it waits until OB names one.
			c.Record.Outbox.UnderReview = PendingUnderReview{Send: true, UnderReview: v.UnderReview}
			c.Record.Outbox.ClaimedAt = time.Time{}
		case CancelRequest:
			// The cancel the run sends for Y (BRK-110) supersedes a status
			// update not sent yet: sent after it, it would undo the cancel.
			c.Record.Outbox.Update = PendingUpdate{}
		case DeleteRecord:
			c.Record.Dropped = true
		}
	}
}
