package order

//go:generate go tool mockgen -source=commit.go -destination=mock_commit_test.go -package=order

import (
	"context"
	"errors"
	"strconv"

	"github.com/omskit/omskit/customer"
)

// Errors of the one-transaction intake (SoldToCommitter, IntakeClaimer).
var (
	// ErrIntakeInProgress: another intake (another process) holds the claim
	// on this order number and has not committed yet; nothing was written
	// and nothing was called. Send the message again later: it then replays.
	ErrIntakeInProgress = errors.New("order: another intake of this order number is in progress")
	// ErrClaimLost: the intake's claim on its order number lapsed and
	// another intake took it over before this one committed; nothing was
	// written.
	ErrClaimLost = errors.New("order: the claim on the order number was taken over")
)

// SoldToCommitter is a Store whose Commit also writes the sold-to change the
// customer selection decided (Write.SoldTo), in the order's own transaction:
// the customer and the order are committed together or not at all. When
// Deps.Store implements it, the intake asks the selector to decide without
// writing (SoldToRequest.Deferred), and relies on Commit for idempotency: a
// replayed message is found there (its writes, customer included, roll
// back), not by a look-up before the edit.
type SoldToCommitter interface {
	// CommitsSoldTo reports whether Commit writes Write.SoldTo; a wrapper
	// around such a store may say no.
	CommitsSoldTo() bool
}

// SoldToWrite is the sold-to change the selection decided for an order,
// written by a SoldToCommitter in the order's transaction.
type SoldToWrite struct {
	// Rules are the F70 match rules the selection used (the store's own:
	// its finder refuses keys of other rules); the store indexes the
	// customer it writes under them.
	Rules customer.MatchRules
	// Create asks for New to be stored under the next customer number
	// (CUS-013), once per match key: when a customer created that way still
	// holds New's match key, Commit writes nothing and returns an error
	// wrapping customer.ErrSoldToExists, and the intake selects again.
	Create bool
	New    customer.SoldTo
	// Number is the existing customer the order belongs to; Update applies
	// the order's B.2 updates to the record as stored at commit time (the
	// store locks it first) and reports whether anything changed.
	Number customer.Number
	Update func(cur customer.SoldTo) (customer.SoldTo, bool)
}

// SetCustomerNumber puts the sold-to number n (as the messages write it)
// everywhere the write carries it: the order, the result, and the response
// (CWORDEROUT customer_number). A SoldToCommitter calls it once it has
// assigned the number of a customer it creates.
func (w *Write) SetCustomerNumber(n string) {
	w.Order.CustomerNbr = n
	w.Result.setCustomerNumber(n)
}

// SetOrderNumber puts the numeric order number n everywhere the write
// carries it: the order, the result, and the response (CWORDEROUT
// order_id). A store numbering orders at commit (CommitNumbering) calls it
// once it has assigned the number.
func (w *Write) SetOrderNumber(n int) {
	w.Order.Number = n
	w.Result.setOrderNumber(n)
}

func (r *Result) setOrderNumber(n int) {
	r.Order.Number = n
	if r.Response != nil {
		rp := *r.Response
		rp.OrderID = strconv.Itoa(n)
		r.Response = &rp
	}
}

func (r *Result) setCustomerNumber(n string) {
	r.Order.CustomerNbr = n
	r.SoldTo.CustomerNumber = n
	if r.Response != nil {
		rp := *r.Response
		rp.CustomerNumber = n
		r.Response = &rp
	}
}

// CommitNumbering is OrderNumbers that can take the next order number inside
// the commit of an order (Write.AssignNumber), so that only an order that is
// written takes a number and the number costs no write of its own. The
// intake asks for it when Deps.OrderNumbers implements CommitNumbering and
// says yes for Deps.Store.
type CommitNumbering interface {
	// NumbersAtCommit reports whether st's Commit takes the next number of
	// these OrderNumbers when Write.AssignNumber asks (st shares their
	// sequence).
	NumbersAtCommit(st Store) bool
}

// IntakeClaimer is a Store that can claim an idempotency key durably before
// the intake calls outside services (the card tokenizer, the online
// authorizer). Of two intakes of one order number racing in two processes,
// the one that loses the claim then replays the winner's result without
// calling out: one order, one authorization. Only intakes that call out
// claim, so only they pay for the extra write.
type IntakeClaimer interface {
	// ClaimIntake records, durably, that this intake takes key in, and
	// returns the claim token for Write.Claim. When key was committed before
	// it records nothing and returns the committed intake (found true) for
	// a replay. When another intake holds a claim on key, it waits until
	// that intake commits (found true), gives its claim up (the claim is
	// taken) or lets it lapse (it is taken over); when ctx ends first the
	// error wraps ErrIntakeInProgress.
	ClaimIntake(ctx context.Context, key string, hash [32]byte) (claim string, prev Committed, found bool, err error)
	// ReleaseIntake gives up a claim whose intake ends without a commit
	// (rejected or failed), so a resend is not kept waiting.
	ReleaseIntake(ctx context.Context, key, claim string) error
}
