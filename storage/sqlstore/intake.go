package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
)

// DefaultClaimLapse is how long an intake's claim on its order number
// (ClaimIntake) holds without the intake's commit: long enough for the
// outside calls it protects (card tokenization, online authorization), short
// enough that a process that died holding a claim does not keep the order
// number's resends waiting for long.
const DefaultClaimLapse = 2 * time.Minute

// Compile-time checks of the one-transaction intake.
var (
	_ order.SoldToCommitter = (*OrderStore)(nil)
	_ order.IntakeClaimer   = (*OrderStore)(nil)
)

// WithClaimLapse returns the store with claims lapsing after d instead of
// DefaultClaimLapse.
func (s *OrderStore) WithClaimLapse(d time.Duration) *OrderStore {
	cp := *s
	cp.claimLapse = d
	return &cp
}

// CommitsSoldTo reports that Commit writes Write.SoldTo in the order's
// transaction (order.SoldToCommitter).
func (s *OrderStore) CommitsSoldTo() bool { return true }

// Errors that roll a commit back and are settled after it.
var (
	// errKeyTaken: the idempotency key was committed (or claimed) by
	// another intake; its result is replayed (or refused).
	errKeyTaken = errors.New("sqlstore: intake key committed concurrently")
	// errClaimGone: the commit's claim on its key is no longer there.
	errClaimGone = errors.New("sqlstore: intake claim gone")
)

// Commit writes w atomically: the sold-to change (w.SoldTo: the customer
// created under the next customer number, or the updates of an existing
// one), the intake record, the order (inserted, or replaced when w.Update),
// the new reps and the batch delta. When w.Key was committed before it
// writes nothing and returns the stored Committed with Replayed set if the
// payload hash is the same, or an error wrapping order.ErrDuplicateOrder if
// it differs (ORD-010); when another intake holds a claim on w.Key it waits
// for that intake first (see ClaimIntake). A first batch order (B) whose
// batch exists gives an error wrapping order.ErrBatchNumberUsed (ORD-012).
// A customer to create whose match key a customer created before still
// holds gives an error wrapping customer.ErrSoldToExists (CUS-013: created
// once). On any error nothing is written.
//
// On PostgreSQL an order without a batch, a payment-only update or changes
// to an existing customer is committed by one statement (one round trip,
// one commit): the customer number is taken from its sequence, the customer
// and the claim on its match key inserted and the number written into the
// order and the result inside that statement, so the sequence row is
// locked only while it runs and a statement that fails gives its number
// back (gapless). Everything else commits in one transaction of several
// statements, as on SQLite.
func (s *OrderStore) Commit(ctx context.Context, w order.Write) (order.Committed, error) {
	if w.Key == "" {
		return order.Committed{}, errors.New("sqlstore: commit: idempotency key is blank")
	}
	for attempt := range s.db.maxAttempts {
		if attempt > 0 {
			if err := backoff(ctx, attempt); err != nil {
				return order.Committed{}, err
			}
		}
		var out order.Committed
		var err error
		if q, names, ok := s.db.dialect.intakeStatement(w); ok {
			out, err = s.commitStatement(ctx, q, names, w)
		} else {
			out, err = s.commitTx(ctx, w)
		}
		switch {
		case errors.Is(err, errKeyTaken):
			prev, found, aerr := s.awaitIntake(ctx, w.Key)
			if aerr != nil {
				return order.Committed{}, aerr
			}
			if !found {
				continue // the claim that held the key was given up: commit again
			}
			if prev.PayloadHash != w.PayloadHash {
				return order.Committed{}, fmt.Errorf("%s: committed before with a different payload: %w", w.Key, order.ErrDuplicateOrder)
			}
			prev.Replayed = true
			return prev, nil
		case errors.Is(err, errClaimGone):
			prev, found, lerr := s.LookupIntake(ctx, w.Key)
			if lerr != nil {
				return order.Committed{}, lerr
			}
			if found && prev.PayloadHash == w.PayloadHash {
				prev.Replayed = true
				return prev, nil
			}
			return order.Committed{}, fmt.Errorf("sqlstore: commit %s: %w", w.Key, order.ErrClaimLost)
		case err != nil && s.db.dialect.isRetryable(err):
			continue
		case err != nil:
			return order.Committed{}, closedErr(err)
		}
		return out, nil
	}
	return order.Committed{}, fmt.Errorf("sqlstore: intake %q: %w", w.Key, ErrRetriesExhausted)
}

// encodeWrite encodes the order body, the result and the payload hash of w.
func encodeWrite(w *order.Write) (orderBody, result, hash string, err error) {
	ob, res, hash, err := encodeWriteJSON(w, "")
	return string(ob), string(res), hash, err
}

// encodeWriteJSON is encodeWrite with the JSON as bytes (see encodeJSON).
// The order is encoded once when the result carries the same one, as the
// result of every intake does: the result takes the order body's JSON as
// it is, or, when orderToken is not blank, the JSON string orderToken in
// its place, for a statement that puts the body there itself (see
// Dialect.intakeStatement) so that it travels once.
func encodeWriteJSON(w *order.Write, orderToken string) (orderBody, result []byte, hash string, err error) {
	if orderBody, err = encodeJSON("order "+w.Order.ID.String(), w.Order); err != nil {
		return nil, nil, "", err
	}
	var inResult json.RawMessage
	if reflect.DeepEqual(&w.Order, &w.Result.Order) {
		inResult = orderBody
		if orderToken != "" {
			inResult = json.RawMessage(strconv.Quote(orderToken))
		}
	}
	if result, err = encodeResult(w.Result, inResult); err != nil {
		return nil, nil, "", err
	}
	return orderBody, result, hex.EncodeToString(w.PayloadHash[:]), nil
}

// orderJSONToken stands for the order body in the result a one-statement
// commit sends (encodeWriteJSON); the statement replaces it, quotes
// included, with the body. The uuid makes it a string no order carries.
func orderJSONToken() string { return "#omskit-order-" + uuid.NewString() + "#" }

// commitTx commits w in one transaction of several statements.
func (s *OrderStore) commitTx(ctx context.Context, in order.Write) (order.Committed, error) {
	var out order.Committed
	err := s.db.InTx(ctx, func(tx *Tx) error {
		out = order.Committed{}
		w := in
		now := micros(s.now())
		// 0. The sold-to, first: a new customer's number goes into the
		// order and the result.
		if sw := w.SoldTo; sw != nil {
			n, err := s.writeSoldTo(ctx, tx, *sw)
			if err != nil {
				return err
			}
			if sw.Create {
				w.SetCustomerNumber(n.String())
				out.SoldTo = n
			}
		}
		if w.AssignNumber {
			n, err := nextOrderNumber(ctx, tx)
			if err != nil {
				return err
			}
			w.SetOrderNumber(n)
			out.OrderNumber = n
		}
		orderBody, result, hash, err := encodeWrite(&w)
		if err != nil {
			return err
		}
		// 1. The intake record: complete our claim, or take the key. A
		// concurrent holder makes the insert wait, then conflict.
		if w.Claim != "" {
			res, err := tx.Exec(ctx, `UPDATE omskit_intake SET payload_hash = $2, order_id = $3, result = $4, batch = NULL,
committed_at = $5, claim = '', claimed_until = 0 WHERE key = $1 AND claim = $6`, w.Key, hash, w.Order.ID.String(), result, now, w.Claim)
			if err != nil {
				return fmt.Errorf("sqlstore: record intake %q: %w", w.Key, err)
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				return errClaimGone
			}
		} else {
			res, err := tx.Exec(ctx, `INSERT INTO omskit_intake (key, payload_hash, order_id, result, batch, committed_at)
VALUES ($1, $2, $3, $4, NULL, $5) ON CONFLICT (key) DO NOTHING`, w.Key, hash, w.Order.ID.String(), result, now)
			if err != nil {
				return fmt.Errorf("sqlstore: record intake %q: %w", w.Key, err)
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				return errKeyTaken
			}
		}
		s.step(ctx, "intake")

		// 2. The order.
		if w.Update {
			res, err := tx.Exec(ctx, "UPDATE omskit_order SET company_code = $2, order_number = $3, status = $4, body = $5, updated_at = $6, oms_number = $7 WHERE id = $1",
				w.Order.ID.String(), w.Order.CompanyCode, w.Order.OrderNumber, string(w.Order.Status), orderBody, now, omsNumber(w.Order.Number))
			if err != nil {
				return fmt.Errorf("sqlstore: update order %s: %w", w.Order.ID, err)
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				return fmt.Errorf("order %s: %w", w.Order.ID, order.ErrNotFound)
			}
		} else {
			res, err := tx.Exec(ctx, `INSERT INTO omskit_order (id, company_code, order_number, status, body, updated_at, oms_number)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
				w.Order.ID.String(), w.Order.CompanyCode, w.Order.OrderNumber, string(w.Order.Status), orderBody, now, omsNumber(w.Order.Number))
			if err != nil {
				return fmt.Errorf("sqlstore: insert order %s: %w", w.Order.ID, err)
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				return fmt.Errorf("order id %s already stored: %w", w.Order.ID, order.ErrDuplicateOrder)
			}
		}
		s.step(ctx, "order")

		// 3. New reps (ORD-082): their numbers were reserved by
		// NextRepNumber; a rep loaded under the number meanwhile is kept.
		for _, r := range w.NewReps {
			if _, err := tx.Exec(ctx, "INSERT INTO omskit_rep (number, name) VALUES ($1, $2) ON CONFLICT (number) DO NOTHING", r.Number, r.Name); err != nil {
				return fmt.Errorf("sqlstore: create rep %d %q: %w", r.Number, r.Name, err)
			}
		}
		s.step(ctx, "reps")

		// 4. The batch (ORD-012 to ORD-017).
		if w.Batch != nil {
			b, err := s.applyBatch(ctx, tx, *w.Batch)
			if err != nil {
				return err
			}
			body, err := encodeBody("batch "+b.Number, b)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE omskit_intake SET batch = $2 WHERE key = $1", w.Key, body); err != nil {
				return fmt.Errorf("sqlstore: record intake %q batch: %w", w.Key, err)
			}
			out.Batch = &b
			s.step(ctx, "batch")
		}
		out.Result, out.PayloadHash = w.Result, w.PayloadHash
		return nil
	})
	return out, err
}

// writeSoldTo writes the sold-to change of an order in tx: the customer to
// create, whose number it returns, or the updates of an existing customer
// applied to its locked row.
func (s *OrderStore) writeSoldTo(ctx context.Context, tx *Tx, sw order.SoldToWrite) (customer.Number, error) {
	if sw.Create {
		n, err := insertNewSoldTo(ctx, tx, sw.Rules, s.now(), sw.New.Clone())
		if errors.Is(err, errCreateRace) {
			return 0, fmt.Errorf("sqlstore: create customer %s %s: %w", sw.New.Name.Last, sw.New.Address.Line1, customer.ErrSoldToExists)
		}
		return n, err
	}
	if sw.Update == nil {
		return 0, nil
	}
	cur, err := readSoldToForUpdate(ctx, tx, sw.Number)
	if err != nil {
		return 0, err
	}
	upd, changed := sw.Update(cur.Clone())
	if !changed {
		return 0, nil
	}
	upd.Number = sw.Number
	return 0, writeSoldTo(ctx, tx, sw.Rules, s.now(), upd, true)
}

// customerPlaceholder stands for a new customer's number in the order and
// result a one-statement commit sends; the statement replaces it with the
// number it takes from the sequence. The uuid makes it a string no message
// carries.
func customerPlaceholder() string { return "#omskit-new-customer-" + uuid.NewString() + "#" }

// orderPlaceholder stands for the order number in the same way: 18 random
// digits, far above any order number, that no message carries.
func orderPlaceholder() int { return 100_000_000_000_000_000 + rand.IntN(800_000_000_000_000_000) }

// commitStatement commits w with the one statement q (PostgreSQL; see
// Dialect.intakeStatement), whose parameters are names.
func (s *OrderStore) commitStatement(ctx context.Context, q string, names []string, w order.Write) (order.Committed, error) {
	create := w.SoldTo != nil && w.SoldTo.Create
	var customerToken string
	var orderToken int
	if create {
		customerToken = customerPlaceholder()
		w.SetCustomerNumber(customerToken)
	}
	if w.AssignNumber {
		orderToken = orderPlaceholder()
		w.SetOrderNumber(orderToken)
	}
	orderJSON := orderJSONToken()
	orderBody, result, hash, err := encodeWriteJSON(&w, orderJSON)
	if err != nil {
		return order.Committed{}, err
	}
	repNumbers := make([]int64, len(w.NewReps))
	repNames := make([]string, len(w.NewReps))
	for i, r := range w.NewReps {
		repNumbers[i], repNames[i] = int64(r.Number), r.Name
	}
	var col soldToColumns
	if create {
		if col, err = soldToCols(w.SoldTo.Rules, w.SoldTo.New); err != nil {
			return order.Committed{}, err
		}
	}
	args := make([]any, len(names))
	for i, name := range names {
		switch name {
		case "key":
			args[i] = w.Key
		case "hash":
			args[i] = hash
		case "id":
			args[i] = w.Order.ID.String()
		case "result":
			args[i] = result
		case "order_json":
			args[i] = strconv.Quote(orderJSON)
		case "body":
			args[i] = orderBody
		case "now":
			args[i] = micros(s.now())
		case "company":
			args[i] = w.Order.CompanyCode
		case "order_number":
			args[i] = w.Order.OrderNumber
		case "status":
			args[i] = string(w.Order.Status)
		case "oms_number":
			args[i] = omsNumber(w.Order.Number)
		case "rep_numbers":
			args[i] = repNumbers
		case "rep_names":
			args[i] = repNames
		case "claim":
			args[i] = w.Claim
		case "customer_placeholder":
			args[i] = customerToken
		case "match_key":
			args[i] = col.key
		case "alt":
			args[i] = col.alt
		case "eve":
			args[i] = col.eve
		case "day":
			args[i] = col.day
		case "orce":
			args[i] = col.orce
		case "customer_body":
			args[i] = col.body
		case "max_customer":
			args[i] = maxNumber(customer.MaxNumberDigits)
		case "order_placeholder":
			args[i] = strconv.Itoa(orderToken)
		case "max_order":
			args[i] = order.MaxOrderNumber
		default:
			return order.Committed{}, fmt.Errorf("sqlstore: commit statement parameter @%s has no value", name)
		}
	}
	var cust, num int64
	err = s.db.sql.QueryRowContext(ctx, q, args...).Scan(&cust, &num)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return order.Committed{}, errClaimGone // only a claimed statement can write nothing
	case err != nil:
		return order.Committed{}, s.db.dialect.intakeError(w, err)
	}
	out := order.Committed{PayloadHash: w.PayloadHash, SoldTo: customer.Number(cust), OrderNumber: int(num)}
	if create {
		w.SetCustomerNumber(out.SoldTo.String())
	}
	if w.AssignNumber {
		w.SetOrderNumber(out.OrderNumber)
	}
	out.Result = w.Result
	return out, nil
}

// ClaimIntake claims key durably for an intake about to call outside
// services (order.IntakeClaimer): one statement, committed on its own, that
// inserts a claim record (or takes over a lapsed one). When key was
// committed before, nothing is written and the committed intake is returned
// for a replay; when another intake's claim holds it, ClaimIntake waits,
// polling, until that intake commits, releases its claim or lets it lapse
// (WithClaimLapse), or ctx ends (an error wrapping
// order.ErrIntakeInProgress).
func (s *OrderStore) ClaimIntake(ctx context.Context, key string, hash [32]byte) (string, order.Committed, bool, error) {
	token := uuid.NewString()
	for {
		now := s.now()
		res, err := s.db.exec(ctx, `INSERT INTO omskit_intake (key, payload_hash, order_id, result, batch, committed_at, claim, claimed_until)
VALUES ($1, $2, '', '', NULL, 0, $3, $4)
ON CONFLICT (key) DO UPDATE SET payload_hash = excluded.payload_hash, claim = excluded.claim, claimed_until = excluded.claimed_until
WHERE omskit_intake.claim <> '' AND omskit_intake.claimed_until < $5`,
			key, hex.EncodeToString(hash[:]), token, micros(now.Add(s.claimLapse)), micros(now))
		if err != nil {
			return "", order.Committed{}, false, closedErr(fmt.Errorf("sqlstore: claim intake %q: %w", key, err))
		}
		if n, err := res.RowsAffected(); err == nil && n == 1 {
			return token, order.Committed{}, false, nil
		}
		prev, found, err := s.awaitIntake(ctx, key)
		if err != nil || found {
			return "", prev, found, err
		}
	}
}

// ReleaseIntake gives up a claim taken by ClaimIntake whose intake ends
// without a commit. A committed record is never removed.
func (s *OrderStore) ReleaseIntake(ctx context.Context, key, claim string) error {
	if claim == "" {
		return nil
	}
	if _, err := s.db.exec(ctx, "DELETE FROM omskit_intake WHERE key = $1 AND claim = $2 AND claim <> ''", key, claim); err != nil {
		return closedErr(fmt.Errorf("sqlstore: release intake claim %q: %w", key, err))
	}
	return nil
}

// awaitIntake returns the committed intake of key (found), waiting while
// another intake's live claim holds the key. found is false when there is
// no record: none was ever written, or a claim was released, or a lapsed
// claim was removed here.
func (s *OrderStore) awaitIntake(ctx context.Context, key string) (order.Committed, bool, error) {
	wait := 2 * time.Millisecond
	for {
		var hash, result, claim string
		var batch sql.NullString
		var until int64
		err := s.db.queryRow(ctx, "SELECT payload_hash, result, batch, claim, claimed_until FROM omskit_intake WHERE key = $1", key).
			Scan(&hash, &result, &batch, &claim, &until)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return order.Committed{}, false, nil
		case err != nil:
			return order.Committed{}, false, closedErr(fmt.Errorf("sqlstore: read intake %q: %w", key, err))
		case claim == "":
			c, err := decodeCommitted(key, hash, result, batch)
			return c, err == nil, err
		case until < micros(s.now()):
			if err := s.ReleaseIntake(ctx, key, claim); err != nil {
				return order.Committed{}, false, err
			}
			return order.Committed{}, false, nil
		}
		select {
		case <-ctx.Done():
			return order.Committed{}, false, fmt.Errorf("sqlstore: intake %q: %w (%w)", key, order.ErrIntakeInProgress, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 100*time.Millisecond)
	}
}
