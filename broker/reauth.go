package broker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Texts of a failed reauthorization (§6.1).
const (
	TextPickVoidedExpiredAuth = "Pick %d voided due to expired auth"
	TextUnderReviewHold       = "SYS-HLD - BROKER ORDER UNDER REVIEW"
)

// PendingPickSlip is a pick slip of a fulfilling order that is not yet
// shipped.
type PendingPickSlip struct {
	Number int
	// DropShip marks a drop ship pick slip or purchase order (including
	// supplier direct fulfillment in OB): never changed (BRK-248).
	DropShip bool
	// ReauthEligible: the pick slip is in a status eligible for reauthorization.
	ReauthEligible bool
}

// ReauthFailure describes an originating order whose authorization expired
// and could not be renewed by REAUTH (§2.29).
type ReauthFailure struct {
	Record      uuid.UUID // the originating order's Order Broker record
	Originating OrderKey
	LineSeq     int
	RequestID   string
	// Fulfilling is the fulfilling order OB assigned back to OMS (F3), nil when none.
	Fulfilling *OrderKey
	// FulfillingShipped: the fulfilling order has already shipped (BRK-249).
	FulfillingShipped bool
	Picks             []PendingPickSlip
	// GenericPickOut: the Generic Pick Out API is in use (a CWPickOut per void).
	GenericPickOut bool
}

// ReauthPlan is what OMS does when REAUTH declines an originating order.
type ReauthPlan struct {
	// OriginatingHold is AR on the originating order.
	OriginatingHold string
	// UnderReview is the order update putting the OB order Under Review; it
	// is sent even when the fulfilling order already shipped and the order
	// is closed in OB (BRK-244, BRK-249).
	UnderReview UnderReviewUpdate
	// FulfillingHold is AU on the fulfilling order; empty when there is none
	// or it already shipped.
	FulfillingHold string
	// VoidPicks are the pending pick slips voided; PickOut those a CWPickOut
	// goes out for (Generic Pick Out API); Untouched the drop ship ones.
	VoidPicks []int
	PickOut   []int
	Untouched []int
	// Messages are written on the fulfilling order.
	Messages []string
}

// PlanReauthFailure is §2.29: the originating order goes on AR hold and OB
// gets the Under Review order update (BRK-244, BRK-249); the fulfilling
// order, when there is one and it has not shipped, goes on AU hold with
// "SYS-HLD - BROKER ORDER UNDER REVIEW", and its pending pick slips in a
// reauthorization-eligible status are voided with "Pick <n> voided due to
// expired auth" (and a CWPickOut each with the Generic Pick Out API),
// BRK-247; drop ship pick slips and POs are left alone (BRK-248).
func PlanReauthFailure(f ReauthFailure) ReauthPlan {
	p := ReauthPlan{OriginatingHold: HoldDeclinedAuthorization,
		UnderReview: UnderReviewUpdate{Record: f.Record, Key: f.Originating, LineSeq: f.LineSeq, RequestID: f.RequestID, UnderReview: true}}
	if f.Fulfilling == nil || f.FulfillingShipped {
		return p
	}
	p.FulfillingHold = HoldUnderReview
	for _, pk := range f.Picks {
		switch {
		case pk.DropShip:
			p.Untouched = append(p.Untouched, pk.Number)
		case pk.ReauthEligible:
			p.VoidPicks = append(p.VoidPicks, pk.Number)
			p.Messages = append(p.Messages, fmt.Sprintf(TextPickVoidedExpiredAuth, pk.Number))
			if f.GenericPickOut {
				p.PickOut = append(p.PickOut, pk.Number)
			}
		}
	}
	p.Messages = append(p.Messages, TextUnderReviewHold)
	return p
}

// ErrHoldNotReleasable is wrapped when a hold cannot be released.
var ErrHoldNotReleasable = errors.New("hold cannot be released")

// CheckHoldRelease says whether a user may release a hold: AU never (only a
// BROKER response removes it, BRK-251); AR only with a valid authorization
// for the order balance, else the order can only be canceled (BRK-250).
func CheckHoldRelease(reason string, validAuthForBalance bool) error {
	switch reason {
	case HoldUnderReview:
		return fmt.Errorf("broker: hold %s (Broker Order Under Review): released only by a BROKER response: %w", reason, ErrHoldNotReleasable)
	case HoldDeclinedAuthorization:
		if !validAuthForBalance {
			return fmt.Errorf("broker: hold %s (Declined Credit Card Authorization): no valid authorization for the balance; cancel the order: %w", reason, ErrHoldNotReleasable)
		}
	}
	return nil
}

// ReauthFailed is what the BROKER process does when REAUTH declines the
// originating order of record f.Record (§2.29): the Under Review order
// update (Under Review Y) waits in the record's [Outbox] and the next run
// sends it, once per request ID, whatever the record's status and even
// when OB already closed the order (BRK-244, BRK-249); the record keeps
// UnderReview. A record not yet submitted gets nothing in its outbox: the
// held order's SubmitOrder carries Under Review itself (BRK-098). It returns
// [PlanReauthFailure]'s plan for what the host does in OMS (the AR hold, the
// fulfilling order's AU hold and voided pick slips, BRK-247, BRK-248). An
// unknown record gives an error wrapping the store's and writes nothing.
func (r *Runner) ReauthFailed(ctx context.Context, f ReauthFailure) (ReauthPlan, error) {
	err := r.Store.Update(ctx, f.Record, func(cur Record) (Record, []SideEffect, error) {
		if cur.RequestID == "" && cur.SubmittedAt.IsZero() {
			return cur, nil, nil
		}
		cur.UnderReview = true
		cur.Outbox.UnderReview = PendingUnderReview{Send: true, UnderReview: true}
		cur.Outbox.ClaimedAt = time.Time{}
		return cur, nil, nil
	})
	if err != nil {
		return ReauthPlan{}, fmt.Errorf("broker: reauthorization failure of record %s: %w", f.Record, err)
	}
	return PlanReauthFailure(f), nil
}
