package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
)

// OrderStore keeps orders, intake idempotency records, batches and sales
// reps. It implements order.Store and order.RepDirectory. Commit writes a
// message in one transaction; the idempotency key is a primary key, so the
// same order number committed by many service instances at once is written
// once and replayed to the others.
type OrderStore struct {
	db  *DB
	now func() time.Time
	// claimLapse is how long a claim (ClaimIntake) holds without its commit.
	claimLapse time.Duration
	// hook, when set (tests), runs between the writes of a Commit.
	hook func(ctx context.Context, step string)
}

// Compile-time checks that the store satisfies the order interfaces.
var (
	_ order.Store        = (*OrderStore)(nil)
	_ order.RepDirectory = (*OrderStore)(nil)
)

// OrderStore returns the order store of db.
func (db *DB) OrderStore() *OrderStore {
	return &OrderStore{db: db, now: time.Now, claimLapse: DefaultClaimLapse}
}

func (s *OrderStore) step(ctx context.Context, name string) {
	if s.hook != nil {
		s.hook(ctx, name)
	}
}

// LookupIntake returns the committed intake for key, if any.
func (s *OrderStore) LookupIntake(ctx context.Context, key string) (order.Committed, bool, error) {
	var hash, result string
	var batch sql.NullString
	err := s.db.queryRow(ctx, "SELECT payload_hash, result, batch FROM omskit_intake WHERE key = $1 AND claim = ''", key).Scan(&hash, &result, &batch)
	if errors.Is(err, sql.ErrNoRows) {
		return order.Committed{}, false, nil
	}
	if err != nil {
		return order.Committed{}, false, closedErr(fmt.Errorf("sqlstore: read intake %q: %w", key, err))
	}
	c, err := decodeCommitted(key, hash, result, batch)
	if err != nil {
		return order.Committed{}, false, err
	}
	return c, true, nil
}

func decodeCommitted(key, hash, result string, batch sql.NullString) (order.Committed, error) {
	var c order.Committed
	h, err := hex.DecodeString(hash)
	if err != nil || len(h) != len(c.PayloadHash) {
		return order.Committed{}, fmt.Errorf("sqlstore: intake %q: payload hash %q is not a hex SHA-256", key, hash)
	}
	copy(c.PayloadHash[:], h)
	if c.Result, err = decodeResult(key, result); err != nil {
		return order.Committed{}, err
	}
	if batch.Valid {
		var b order.Batch
		if err := decodeBody("batch of intake "+key, batch.String, &b); err != nil {
			return order.Committed{}, err
		}
		c.Batch = &b
	}
	return c, nil
}

// Order returns the order with id; the error wraps order.ErrNotFound when
// there is none.
func (s *OrderStore) Order(ctx context.Context, id uuid.UUID) (order.Order, error) {
	var body string
	err := s.db.queryRow(ctx, "SELECT body FROM omskit_order WHERE id = $1", id.String()).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return order.Order{}, fmt.Errorf("order %s: %w", id, order.ErrNotFound)
	}
	if err != nil {
		return order.Order{}, closedErr(fmt.Errorf("sqlstore: read order %s: %w", id, err))
	}
	var o order.Order
	err = decodeBody("order "+id.String(), body, &o)
	return o, err
}

// Batch returns the batch with number, and whether it exists.
func (s *OrderStore) Batch(ctx context.Context, number string) (order.Batch, bool, error) {
	var body string
	err := s.db.queryRow(ctx, "SELECT body FROM omskit_batch WHERE number = $1", number).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return order.Batch{}, false, nil
	}
	if err != nil {
		return order.Batch{}, false, closedErr(fmt.Errorf("sqlstore: read batch %q: %w", number, err))
	}
	var b order.Batch
	if err := decodeBody("batch "+number, body, &b); err != nil {
		return order.Batch{}, false, err
	}
	return b, true, nil
}

// applyBatch adds one order to its batch, creating the batch row for its
// first order. A first order (B) for a batch number already used is
// order.ErrBatchNumberUsed.
func (s *OrderStore) applyBatch(ctx context.Context, tx *Tx, d order.BatchDelta) (order.Batch, error) {
	num := d.Info.Number
	var body string
	err := tx.QueryRow(ctx, "SELECT body FROM omskit_batch WHERE number = $1"+s.db.dialect.forUpdate(), num).Scan(&body)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return order.Batch{}, fmt.Errorf("sqlstore: read batch %q: %w", num, err)
	}
	if exists && d.Info.Flag == order.BatchBegin {
		return order.Batch{}, fmt.Errorf("batch %s: %w", num, order.ErrBatchNumberUsed)
	}
	var b order.Batch
	if exists {
		if err := decodeBody("batch "+num, body, &b); err != nil {
			return order.Batch{}, err
		}
	}
	b = b.Apply(d)
	nb, err := encodeBody("batch "+num, b)
	if err != nil {
		return order.Batch{}, err
	}
	if exists {
		_, err = tx.Exec(ctx, "UPDATE omskit_batch SET body = $2 WHERE number = $1", num, nb)
		if err != nil {
			return order.Batch{}, fmt.Errorf("sqlstore: write batch %q: %w", num, err)
		}
		return b, nil
	}
	res, err := tx.Exec(ctx, "INSERT INTO omskit_batch (number, body) VALUES ($1, $2) ON CONFLICT (number) DO NOTHING", num, nb)
	if err != nil {
		return order.Batch{}, fmt.Errorf("sqlstore: write batch %q: %w", num, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		// Another message created the batch since our read.
		if d.Info.Flag == order.BatchBegin {
			return order.Batch{}, fmt.Errorf("batch %s: %w", num, order.ErrBatchNumberUsed)
		}
		return order.Batch{}, fmt.Errorf("batch %s created concurrently: %w", num, errRetryTx)
	}
	return b, nil
}

// AddRep stores a sales rep, replacing any rep with its number (set-up and
// loading).
func (s *OrderStore) AddRep(ctx context.Context, r order.Rep) error {
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO omskit_rep (number, name) VALUES ($1, $2) ON CONFLICT (number) DO UPDATE SET name = excluded.name", r.Number, r.Name)
		if err != nil {
			return fmt.Errorf("sqlstore: add rep %d %q: %w", r.Number, r.Name, err)
		}
		return raiseSequence(ctx, tx, "rep", int64(r.Number))
	}))
}

// RepByNumber finds a rep by number.
func (s *OrderStore) RepByNumber(ctx context.Context, number int) (order.Rep, bool, error) {
	return s.rep(ctx, "SELECT number, name FROM omskit_rep WHERE number = $1", number)
}

// RepByName finds a rep by exact name; with several, the lowest number.
func (s *OrderStore) RepByName(ctx context.Context, name string) (order.Rep, bool, error) {
	return s.rep(ctx, "SELECT number, name FROM omskit_rep WHERE name = $1 ORDER BY number LIMIT 1", name)
}

func (s *OrderStore) rep(ctx context.Context, q string, arg any) (order.Rep, bool, error) {
	var r order.Rep
	err := s.db.queryRow(ctx, q, arg).Scan(&r.Number, &r.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return order.Rep{}, false, nil
	}
	if err != nil {
		return order.Rep{}, false, closedErr(fmt.Errorf("sqlstore: read rep %v: %w", arg, err))
	}
	return r, true, nil
}

// NextRepNumber reserves the next rep number (ORD-082 E3): the rep
// sequence, which AddRep keeps above every rep stored, advanced by one
// statement committed on its own, so concurrent intakes never get the same
// number; a number whose order then fails is a gap.
func (s *OrderStore) NextRepNumber(ctx context.Context) (int, error) {
	var n int
	err := s.db.queryRow(ctx, "UPDATE omskit_sequence SET value = value + 1 WHERE name = 'rep' RETURNING value").Scan(&n)
	if err != nil {
		return 0, closedErr(fmt.Errorf("sqlstore: next rep number: %w", err))
	}
	return n, nil
}

// The result of an intake is stored as JSON. Its field errors carry a
// sentinel error (an interface value JSON cannot hold), so each is stored as
// its text plus the names of the sentinels it matches, and restored as an
// error with the same text for which errors.Is finds the same sentinels.

// sentinels are the errors a stored field error can match after a replay.
var sentinels = map[string]error{
	"order.ErrDuplicateOrder":          order.ErrDuplicateOrder,
	"order.ErrNotFound":                order.ErrNotFound,
	"order.ErrRejected":                order.ErrRejected,
	"order.ErrInvalidValue":            order.ErrInvalidValue,
	"order.ErrMissingValue":            order.ErrMissingValue,
	"order.ErrUnsupported":             order.ErrUnsupported,
	"order.ErrBatchNumberUsed":         order.ErrBatchNumberUsed,
	"order.ErrItemNotFound":            order.ErrItemNotFound,
	"order.ErrInvalidRep":              order.ErrInvalidRep,
	"customer.ErrNotFound":             customer.ErrNotFound,
	"customer.ErrInvalidField":         customer.ErrInvalidField,
	"customer.ErrInsufficientIdentity": customer.ErrInsufficientIdentity,
	"customer.ErrGhostLoop":            customer.ErrGhostLoop,
}

type storedError struct {
	Text string   `json:"text"`
	Is   []string `json:"is,omitempty"`
}

func storeError(err error) *storedError {
	if err == nil {
		return nil
	}
	se := &storedError{Text: err.Error()}
	for name, s := range sentinels {
		if errors.Is(err, s) {
			se.Is = append(se.Is, name)
		}
	}
	return se
}

// restoredError is a stored error brought back: its text, and errors.Is
// matching the sentinels the original matched.
type restoredError struct {
	text string
	is   []error
}

// Error returns the stored text.
func (e *restoredError) Error() string { return e.text }

// Is matches the sentinels the original error matched.
func (e *restoredError) Is(target error) bool {
	for _, s := range e.is {
		if s == target {
			return true
		}
	}
	return false
}

func (se *storedError) restore() error {
	if se == nil {
		return nil
	}
	// A bare sentinel comes back as itself.
	for _, name := range se.Is {
		if s := sentinels[name]; s.Error() == se.Text {
			return s
		}
	}
	e := &restoredError{text: se.Text}
	for _, name := range se.Is {
		if s, ok := sentinels[name]; ok {
			e.is = append(e.is, s)
		}
	}
	return e
}

// storedResult is an intake's result as stored (JSON), read back by
// decodeResult; encodeResult writes it as storedResultOut.
type storedResult struct {
	Result    order.Result   `json:"result"`
	FieldErrs []*storedError `json:"field_errors,omitempty"`
}

// storedResultOut is storedResult as written: the same JSON, but the
// result's Input, the order as received, is left out when it is empty, as
// it is unless the order's payment is to follow (ORD-056, ORD-057): about
// 1.3 kB of zero fields in every stored result otherwise. Reading a result
// stored without it gives the empty Input back.
type storedResultOut struct {
	Result    resultOut      `json:"result"`
	FieldErrs []*storedError `json:"field_errors,omitempty"`
}

// resultOut is order.Result with its Order and Input fields shadowed
// (encoding/json takes the shallower of two fields of one name): the order
// as JSON already encoded, and the input omitted when empty.
type resultOut struct {
	order.Result
	Order json.RawMessage `json:"Order"`
	Input *order.Order    `json:"Input,omitempty"`
}

// encodeResult encodes r as stored (storedResultOut). orderJSON, when not
// nil, stands for r.Order: its JSON, encoded by the caller, or a token a
// statement replaces with it.
func encodeResult(r order.Result, orderJSON json.RawMessage) ([]byte, error) {
	if orderJSON == nil {
		var err error
		if orderJSON, err = encodeJSON("order "+r.Order.ID.String(), r.Order); err != nil {
			return nil, err
		}
	}
	sr := &storedResultOut{Result: resultOut{Result: r, Order: orderJSON}}
	if in := &sr.Result.Result.Input; !reflect.ValueOf(in).Elem().IsZero() {
		sr.Result.Input = in
	}
	if len(r.Errors) > 0 {
		sr.Result.Errors = make([]*order.FieldError, len(r.Errors))
		sr.FieldErrs = make([]*storedError, len(r.Errors))
		for i, fe := range r.Errors {
			if fe == nil {
				continue
			}
			cp := *fe
			sr.FieldErrs[i] = storeError(cp.Err)
			cp.Err = nil
			sr.Result.Errors[i] = &cp
		}
	}
	return encodeJSON("intake result", sr)
}

func decodeResult(key, body string) (order.Result, error) {
	var sr storedResult
	if err := decodeBody("result of intake "+key, body, &sr); err != nil {
		return order.Result{}, err
	}
	for i, fe := range sr.Result.Errors {
		if fe != nil && i < len(sr.FieldErrs) {
			fe.Err = sr.FieldErrs[i].restore()
		}
	}
	return sr.Result, nil
}

// omsNumber is the oms_number column value: NULL for an order without a
// numeric OMS number.
func omsNumber(n int) any {
	if n == 0 {
		return nil
	}
	return int64(n)
}

// NextOrderNumber reserves the next numeric OMS order number (order.OrderNumbers):
// a sequence row updated in its own transaction, so concurrent intakes never
// get the same number; a number whose commit then fails is a gap. Past
// order.MaxOrderNumber it fails with ErrNumbersExhausted.
func (s *OrderStore) NextOrderNumber(ctx context.Context) (int, error) {
	var n int
	err := s.db.InTx(ctx, func(tx *Tx) error {
		var err error
		n, err = nextOrderNumber(ctx, tx)
		return err
	})
	return n, closedErr(err)
}

// nextOrderNumber takes the next order number in tx.
func nextOrderNumber(ctx context.Context, tx *Tx) (int, error) {
	n, err := nextValue(ctx, tx, "order")
	if err != nil {
		return 0, err
	}
	if n > order.MaxOrderNumber {
		return 0, fmt.Errorf("%w: next order number %d is over %d", ErrNumbersExhausted, n, order.MaxOrderNumber)
	}
	return int(n), nil
}

// NumbersAtCommit reports that st, an OrderStore of the same database,
// takes the next order number inside an order's commit when asked
// (order.CommitNumbering): only an order that is written takes a number, and
// on PostgreSQL it costs no round trip of its own.
func (s *OrderStore) NumbersAtCommit(st order.Store) bool {
	o, ok := st.(*OrderStore)
	return ok && o.db == s.db
}

// OrderIDByNumber returns the id of the order stored under the numeric OMS
// order number (order.OrderNumbers); the error wraps order.ErrNotFound when
// there is none.
func (s *OrderStore) OrderIDByNumber(ctx context.Context, number int) (uuid.UUID, error) {
	var id string
	err := s.db.queryRow(ctx, "SELECT id FROM omskit_order WHERE oms_number = $1", int64(number)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return uuid.Nil, fmt.Errorf("order number %d: %w", number, order.ErrNotFound)
	}
	if err != nil {
		return uuid.Nil, closedErr(fmt.Errorf("sqlstore: look up order number %d: %w", number, err))
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("sqlstore: order number %d has a bad id %q: %w", number, id, err)
	}
	return u, nil
}

var _ order.OrderNumbers = (*OrderStore)(nil)

// RaiseOrderNumber makes sure the next order number handed out is above n,
// for a database that takes over from an OMS whose orders already go up to
// n. It never lowers the sequence, so numbers are never handed out twice.
func (s *OrderStore) RaiseOrderNumber(ctx context.Context, n int) error {
	if n < 0 || n > order.MaxOrderNumber {
		return fmt.Errorf("sqlstore: order number %d: %w", n, order.ErrInvalidValue)
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error { return raiseSequence(ctx, tx, "order", int64(n)) }))
}
