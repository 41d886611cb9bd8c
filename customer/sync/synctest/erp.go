package synctest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	gosync "sync"

	"github.com/omskit/omskit/customer/sync"
)

// ERPOp names an ERP operation for fault injection and counts.
type ERPOp string

// ERP operations.
const (
	ERPCreate    ERPOp = "create"
	ERPUpdate    ERPOp = "update"
	ERPCustomers ERPOp = "customers"
)

// ERP is an in-memory ERP implementing sync.ERP. Codes are minted C100,
// C101, ... Create and Update are idempotent per key. A fault makes a call
// return an error matching sync.ErrUnavailable, before or (AfterCommit)
// after the change is made.
type ERP struct {
	mu         gosync.Mutex
	next       int
	records    map[string][]sync.ERPRecord // by primary code
	order      []string
	createKeys map[string]string
	updateKeys map[string]bool
	updates    [][]sync.ERPRecord
	faults     map[ERPOp][]Fault
	calls      map[ERPOp]int
}

var _ sync.ERP = (*ERP)(nil)

// NewERP returns an empty ERP whose first code is C100.
func NewERP() *ERP {
	return &ERP{next: 100, records: map[string][]sync.ERPRecord{}, createKeys: map[string]string{},
		updateKeys: map[string]bool{}, faults: map[ERPOp][]Fault{}, calls: map[ERPOp]int{}}
}

// Seed stores records as existing ERP customers (each under its own code).
func (e *ERP) Seed(recs ...sync.ERPRecord) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range recs {
		if _, ok := e.records[r.Code]; !ok {
			e.order = append(e.order, r.Code)
		}
		e.records[r.Code] = []sync.ERPRecord{r}
	}
}

// InjectFault queues a fault for the next call of op.
func (e *ERP) InjectFault(op ERPOp, f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults[op] = append(e.faults[op], f)
}

// Calls returns how many calls of op arrived.
func (e *ERP) Calls(op ERPOp) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[op]
}

// Record returns the records stored under a code.
func (e *ERP) Record(code string) []sync.ERPRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.records[code])
}

// Codes returns every code in the order it was created or seeded.
func (e *ERP) Codes() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.order)
}

// Updates returns every applied update, in order.
func (e *ERP) Updates() [][]sync.ERPRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.updates)
}

func (e *ERP) enter(ctx context.Context, op ERPOp) (*Fault, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.calls[op]++
	if q := e.faults[op]; len(q) > 0 {
		f := q[0]
		e.faults[op] = q[1:]
		if !f.AfterCommit {
			return nil, fault(op, f)
		}
		return &f, nil
	}
	return nil, nil
}

func fault(op ERPOp, f Fault) error {
	if f.Kind == FaultGarbage {
		return fmt.Errorf("erp %s: %w", op, sync.ErrBadResponse)
	}
	return fmt.Errorf("erp %s: %w (injected fault %d)", op, sync.ErrUnavailable, f.Kind)
}

// Create implements sync.ERP.
func (e *ERP) Create(ctx context.Context, key string, recs []sync.ERPRecord) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	after, err := e.enter(ctx, ERPCreate)
	if err != nil {
		return "", err
	}
	code, ok := e.createKeys[key]
	if !ok {
		code = "C" + strconv.Itoa(e.next)
		e.next++
		stored := slices.Clone(recs)
		for i := range stored {
			if stored[i].Code == "" {
				stored[i].Code = code
			}
		}
		e.records[code] = stored
		e.order = append(e.order, code)
		e.createKeys[key] = code
	}
	if after != nil {
		return "", fault(ERPCreate, *after)
	}
	return code, nil
}

// Update implements sync.ERP.
func (e *ERP) Update(ctx context.Context, key string, recs []sync.ERPRecord) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	after, err := e.enter(ctx, ERPUpdate)
	if err != nil {
		return err
	}
	if !e.updateKeys[key] {
		e.updateKeys[key] = true
		e.updates = append(e.updates, slices.Clone(recs))
		for _, r := range recs {
			if r.Code != "" {
				if _, ok := e.records[r.Code]; !ok {
					e.order = append(e.order, r.Code)
				}
				e.records[r.Code] = []sync.ERPRecord{r}
			}
		}
	}
	if after != nil {
		return fault(ERPUpdate, *after)
	}
	return nil
}

// Customers implements sync.ERP: every record, by code in creation order.
func (e *ERP) Customers(ctx context.Context) ([]sync.ERPRecord, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.enter(ctx, ERPCustomers); err != nil {
		return nil, err
	}
	var out []sync.ERPRecord
	for _, c := range e.order {
		out = append(out, e.records[c]...)
	}
	return out, nil
}
