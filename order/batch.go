package order

//go:generate go tool mockgen -source=batch.go -destination=mock_batch_test.go -package=order

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// BatchFlag is batch_beg_end_flag (ORD-014).
type BatchFlag string

// Batch position flags.
const (
	BatchBegin BatchFlag = "B" // first order of the batch
	BatchEnd   BatchFlag = "E" // last order of the batch
	BatchNone  BatchFlag = ""  // any other order
)

// BatchInfo is the batch attributes of one order (A.2).
type BatchInfo struct {
	Number       string          // batch_number
	Date         time.Time       // batch_date (first order)
	Flag         BatchFlag       // batch_beg_end_flag
	Approve      bool            // approve_batch (last order)
	ApproveSet   bool            // approve_batch was given (required on the last order)
	OrderCount   int             // batch_order_count (first order)
	QtyCount     int             // batch_qty_count (first order)
	CountsSet    bool            // batch_order_count and batch_qty_count were given
	PrepaidTotal decimal.Decimal // batch_prepaid_total (cash batching)
}

// Batch is an order batch as the store keeps it.
type Batch struct {
	Number         string
	Date           time.Time
	ExpectedOrders int
	ExpectedUnits  int
	PrepaidTotal   decimal.Decimal
	Orders         int  // orders received
	Units          int  // units received
	Closed         bool // the last order (E) arrived
	Approved       bool // approved automatically (ORD-015)
}

// Balance is a batch's balance check (ORD-016, ORD-017).
type Balance struct {
	OrdersInBalance bool
	UnitsInBalance  bool
}

// InBalance reports whether both counts match.
func (b Balance) InBalance() bool { return b.OrdersInBalance && b.UnitsInBalance }

// Balance compares what the batch received with its expected counts.
func (b Batch) Balance() Balance {
	return Balance{OrdersInBalance: b.Orders == b.ExpectedOrders, UnitsInBalance: b.Units == b.ExpectedUnits}
}

// BatchDelta is what one order adds to its batch; the store applies it in the
// order's transaction with Batch.Apply.
type BatchDelta struct {
	Info  BatchInfo
	Units int
}

// Apply adds one order to the batch. The first order (B) sets the batch date
// and expected counts; the last (E) closes the batch and approves it when
// approve_batch = Y and the batch is in balance. An out-of-balance batch is
// not approved (Part C, C-11: the library's choice).
func (b Batch) Apply(d BatchDelta) Batch {
	b.Number = d.Info.Number
	if d.Info.Flag == BatchBegin {
		b.Date = d.Info.Date
		b.ExpectedOrders = d.Info.OrderCount
		b.ExpectedUnits = d.Info.QtyCount
		b.PrepaidTotal = d.Info.PrepaidTotal
	}
	b.Orders++
	b.Units += d.Units
	if d.Info.Flag == BatchEnd {
		b.Closed = true
		b.Approved = d.Info.Approve && b.Balance().InBalance()
	}
	return b
}

// ErrBatchNotApproved is returned when an unapproved batch is released.
var ErrBatchNotApproved = errors.New("order: batch not approved")

// BatchOrders lists the orders of a batch. A Store that implements it lets
// the intake release an approved batch (ORD-015).
type BatchOrders interface {
	BatchOrders(ctx context.Context, number string) ([]Order, error)
}

// ReleaseBatch runs the order edit on every order still waiting in an
// approved batch and puts each into open or held status, or leaves it in its
// batch in error status (ORD-004, ORD-015). Each order is written in its own
// transaction under the key "release:<batch>:<order_number>", so releasing
// a batch again writes nothing and returns the same results. The store must
// implement BatchOrders.
func ReleaseBatch(ctx context.Context, deps Deps, number string) ([]Result, error) {
	lister, ok := deps.Store.(BatchOrders)
	if !ok {
		return nil, fmt.Errorf("batch %s: the store cannot list batch orders: %w", number, ErrUnsupported)
	}
	b, found, err := deps.Store.Batch(ctx, number)
	if err != nil {
		return nil, fmt.Errorf("batch %s: %w", number, err)
	}
	if !found {
		return nil, fmt.Errorf("batch %s: %w", number, ErrNotFound)
	}
	if !b.Approved {
		return nil, fmt.Errorf("batch %s: %w", number, ErrBatchNotApproved)
	}
	orders, err := lister.BatchOrders(ctx, number)
	if err != nil {
		return nil, fmt.Errorf("batch %s: listing orders: %w", number, err)
	}
	sort.Slice(orders, func(i, j int) bool { return orders[i].OrderNumber < orders[j].OrderNumber })
	now := time.Now
	if deps.Clock != nil {
		now = deps.Clock
	}
	var out []Result
	for _, stored := range orders {
		key := "release:" + number + ":" + stored.OrderNumber
		prev, done, err := deps.Store.LookupIntake(ctx, key)
		if err != nil {
			return out, fmt.Errorf("batch %s order %s: %w", number, stored.OrderNumber, err)
		}
		if done {
			r := prev.Result
			r.Replayed = true
			out = append(out, r)
			continue
		}
		o := stored.Clone()
		info := o.Batch
		o.Batch = nil
		res := Result{Steps: make([]Step, 0, 12)}
		prior := &Result{SoldTo: SoldToResult{CustomerNumber: o.CustomerNbr, AlternateID: o.AltSoldToID, BillToNumber: o.BillTo}}
		e := &edit{deps: deps, s: deps.Settings, o: &o, res: &res, now: now}
		if err := e.run(ctx, prior); err != nil {
			return out, fmt.Errorf("batch %s: %w", number, err)
		}
		o.Batch = info
		if o.Status == StatusError { // corrected in batch order entry, in its own batch
			o.Route = Route{Kind: RouteBatch, Batch: number}
		}
		res.Order = o
		res.step(StepCommit, OutcomeOK, key)
		c, err := deps.Store.Commit(ctx, Write{Key: key, Order: o, Update: true, NewReps: res.NewReps, Result: res})
		if err != nil {
			return out, fmt.Errorf("batch %s order %s: commit: %w", number, o.OrderNumber, err)
		}
		if c.Replayed {
			res = c.Result
			res.Replayed = true
		}
		out = append(out, res)
	}
	return out, nil
}
