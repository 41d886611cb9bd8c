package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/omskit/omskit/customer"
)

// CustomerStore keeps sold-tos, bill-tos, permanent ship-tos and prospects.
// It implements customer.Store (Finder and Writer), ShipToFinder,
// ShipToWriter, BillToFinder and BillToWriter, and orce's lookup by ORCE
// customer id. Every lookup the selection rules make (customer number, Alt
// cust #, cross-reference, evening and day phone, the F70 match key, ORCE id)
// is answered from an index. Each write method is one transaction.
//
// CreateSoldTo is idempotent on the match key: a customer created under a
// match key that another CreateSoldTo already created (for example by
// another service instance taking an order for the same new customer at the
// same moment) is not created again; the call returns the customer that
// exists. A primary key on the match key a customer was created under makes
// this hold across processes.
type CustomerStore struct {
	db    *DB
	rules customer.MatchRules
	now   func() time.Time
}

// Compile-time checks that the store satisfies the customer interfaces.
var (
	_ customer.Store        = (*CustomerStore)(nil)
	_ customer.ShipToFinder = (*CustomerStore)(nil)
	_ customer.ShipToWriter = (*CustomerStore)(nil)
	_ customer.BillToFinder = (*CustomerStore)(nil)
	_ customer.BillToWriter = (*CustomerStore)(nil)
)

// ErrMatchRulesChanged means the database's match keys were built under
// other F70 rules than the ones the store is opened with. It wraps
// customer.ErrMatchRulesMismatch.
var ErrMatchRulesChanged = fmt.Errorf("sqlstore: stored match keys use other F70 rules: %w", customer.ErrMatchRulesMismatch)

// ErrNumbersExhausted: the next customer or bill-to number would not fit
// the message attribute (customer_number has 9 digits, bill_to_number 7);
// nothing is created.
var ErrNumbersExhausted = errors.New("sqlstore: numbers exhausted")

// maxNumber is the largest number with the given digits.
func maxNumber(digits int) int64 {
	m := int64(1)
	for range digits {
		m *= 10
	}
	return m - 1
}

// rulesFingerprint names a rule set completely: its id and every setting,
// so that rules changed under the same id are caught too.
func rulesFingerprint(r customer.MatchRules) string {
	fs := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		fs[i] = string(f)
	}
	return r.ID + "|" + strings.Join(fs, ",") + "|zip=" + strconv.Itoa(r.ZipLength) + "|first-initial=" + strconv.FormatBool(r.FirstInitial)
}

// CustomerStore returns the customer store of db, indexing names and
// addresses under rules (use customer.Settings.MatchRules(); zero rules mean
// customer.DefaultMatchRules). The first call records the rules in the
// database; a later call with other rules gets an error wrapping
// ErrMatchRulesChanged, because every stored match key would be wrong.
func (db *DB) CustomerStore(ctx context.Context, rules customer.MatchRules) (*CustomerStore, error) {
	if len(rules.Fields) == 0 {
		rules = customer.DefaultMatchRules
	}
	fp := rulesFingerprint(rules)
	err := db.InTx(ctx, func(tx *Tx) error {
		var cur string
		if err := tx.QueryRow(ctx, "SELECT fingerprint FROM omskit_match_rules WHERE id = 1"+db.dialect.forUpdate()).Scan(&cur); err != nil {
			return fmt.Errorf("sqlstore: read match rules: %w", err)
		}
		switch cur {
		case fp:
			return nil
		case "":
			_, err := tx.Exec(ctx, "UPDATE omskit_match_rules SET fingerprint = $1 WHERE id = 1", fp)
			return err
		}
		return fmt.Errorf("%w: database has %q, store opened with %q", ErrMatchRulesChanged, cur, fp)
	})
	if err != nil {
		return nil, closedErr(err)
	}
	return &CustomerStore{db: db, rules: rules, now: time.Now}, nil
}

// Rules returns the F70 rules the store indexes under.
func (s *CustomerStore) Rules() customer.MatchRules { return s.rules }

func altKey(v string) string { return strings.ToUpper(strings.TrimSpace(v)) }

func notFound(what string, v any) error {
	return fmt.Errorf("%s %v: %w", what, v, customer.ErrNotFound)
}

func (s *CustomerStore) checkKey(key customer.MatchKey) error {
	if key.Rules() != s.rules.ID {
		return fmt.Errorf("match key under rules %q, store indexes %q: %w", key.Rules(), s.rules.ID, customer.ErrMatchRulesMismatch)
	}
	return nil
}

// soldToColumns are the key columns derived from a record.
type soldToColumns struct {
	alt, eve, day, key, orce, body string
	xrefs                          []string
}

func soldToCols(rules customer.MatchRules, c customer.SoldTo) (soldToColumns, error) {
	body, err := encodeBody("customer "+c.Number.String(), c)
	if err != nil {
		return soldToColumns{}, err
	}
	var xs []string
	for _, x := range c.CrossRefs {
		if k := altKey(x); k != "" {
			xs = append(xs, k)
		}
	}
	slices.Sort(xs)
	return soldToColumns{
		alt:   altKey(c.AltCustNo),
		eve:   customer.NormalizePhone(c.Phones.Evening),
		day:   customer.NormalizePhone(c.Phones.Day),
		key:   string(rules.KeyOf(c)),
		orce:  strings.TrimSpace(c.ORCEID),
		body:  body,
		xrefs: slices.Compact(xs),
	}, nil
}

// writeSoldTo inserts (or, with upsert, replaces) the row of c and its
// cross-references.
func (s *CustomerStore) writeSoldTo(ctx context.Context, tx *Tx, c customer.SoldTo, upsert bool) error {
	return writeSoldTo(ctx, tx, s.rules, s.now(), c, upsert)
}

// writeSoldTo writes the row of c, its match key under rules, updated at
// now; see CustomerStore.writeSoldTo.
func writeSoldTo(ctx context.Context, tx *Tx, rules customer.MatchRules, now time.Time, c customer.SoldTo, upsert bool) error {
	col, err := soldToCols(rules, c)
	if err != nil {
		return err
	}
	q := `INSERT INTO omskit_sold_to (number, alt_key, eve_phone, day_phone, match_key, orce_id, body, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	if upsert {
		q += ` ON CONFLICT (number) DO UPDATE SET alt_key = excluded.alt_key, eve_phone = excluded.eve_phone,
day_phone = excluded.day_phone, match_key = excluded.match_key, orce_id = excluded.orce_id,
body = excluded.body, updated_at = excluded.updated_at`
	}
	if _, err := tx.Exec(ctx, q, int64(c.Number), col.alt, col.eve, col.day, col.key, col.orce, col.body, micros(now)); err != nil {
		return fmt.Errorf("sqlstore: write customer %s: %w", c.Number, err)
	}
	if upsert {
		if _, err := tx.Exec(ctx, "DELETE FROM omskit_sold_to_xref WHERE number = $1", int64(c.Number)); err != nil {
			return fmt.Errorf("sqlstore: write customer %s cross-references: %w", c.Number, err)
		}
		// A customer keeps its creation claim only while its key is the same.
		if _, err := tx.Exec(ctx, "DELETE FROM omskit_sold_to_claim WHERE number = $1 AND match_key <> $2", int64(c.Number), col.key); err != nil {
			return fmt.Errorf("sqlstore: write customer %s: %w", c.Number, err)
		}
	}
	for _, x := range col.xrefs {
		if _, err := tx.Exec(ctx, "INSERT INTO omskit_sold_to_xref (alt_key, number) VALUES ($1, $2)", x, int64(c.Number)); err != nil {
			return fmt.Errorf("sqlstore: write customer %s cross-reference %q: %w", c.Number, x, err)
		}
	}
	return nil
}

// PutSoldTo stores c under its own number, replacing any record with that
// number. It is for loading existing data and tests; orders create customers
// through CreateSoldTo. A number that is not positive is an error.
func (s *CustomerStore) PutSoldTo(ctx context.Context, c customer.SoldTo) error {
	if c.Number <= 0 {
		return fmt.Errorf("sqlstore: put sold-to: customer number %d: must be positive", c.Number)
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		if err := s.writeSoldTo(ctx, tx, c, true); err != nil {
			return err
		}
		return raiseSequence(ctx, tx, "sold_to", int64(c.Number))
	}))
}

// PutBillTo stores b under its own number, replacing any record with it.
func (s *CustomerStore) PutBillTo(ctx context.Context, b customer.BillTo) error {
	if b.Number <= 0 {
		return fmt.Errorf("sqlstore: put bill-to: bill-to number %d: must be positive", b.Number)
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		if err := s.writeBillTo(ctx, tx, b, true); err != nil {
			return err
		}
		return raiseSequence(ctx, tx, "bill_to", int64(b.Number))
	}))
}

// PutPermanentShipTo stores p under its customer and sequence number,
// replacing any record with them. The customer must exist.
func (s *CustomerStore) PutPermanentShipTo(ctx context.Context, p customer.PermanentShipTo) error {
	if p.Customer <= 0 || p.Seq <= 0 {
		return fmt.Errorf("sqlstore: put permanent ship-to %s: customer and sequence must be positive", p.ID())
	}
	body, err := encodeBody("permanent ship-to "+p.ID(), p)
	if err != nil {
		return err
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		if err := s.lockSoldTo(ctx, tx, p.Customer); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO omskit_permanent_ship_to (customer, seq, body) VALUES ($1, $2, $3)
ON CONFLICT (customer, seq) DO UPDATE SET body = excluded.body`, int64(p.Customer), p.Seq, body)
		if err != nil {
			return fmt.Errorf("sqlstore: put permanent ship-to %s: %w", p.ID(), err)
		}
		return nil
	}))
}

// PutProspect stores a Prospect Finder record under its trimmed id.
func (s *CustomerStore) PutProspect(ctx context.Context, p customer.Prospect) error {
	id := strings.TrimSpace(p.ID)
	if id == "" {
		return errors.New("sqlstore: put prospect: prospect id is blank")
	}
	body, err := encodeBody("prospect "+id, p)
	if err != nil {
		return err
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO omskit_prospect (id, body) VALUES ($1, $2)
ON CONFLICT (id) DO UPDATE SET body = excluded.body`, id, body)
		if err != nil {
			return fmt.Errorf("sqlstore: put prospect %q: %w", id, err)
		}
		return nil
	}))
}

func scanSoldTos(rows *sql.Rows) ([]customer.SoldTo, error) {
	defer rows.Close()
	var out []customer.SoldTo
	for rows.Next() {
		var n int64
		var body string
		if err := rows.Scan(&n, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: read customer: %w", err)
		}
		var c customer.SoldTo
		if err := decodeBody("customer "+strconv.FormatInt(n, 10), body, &c); err != nil {
			return nil, err
		}
		c.Number = customer.Number(n)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, closedErr(fmt.Errorf("sqlstore: read customers: %w", err))
	}
	return out, nil
}

func scanNumbers(rows *sql.Rows) ([]customer.Number, error) {
	defer rows.Close()
	var out []customer.Number
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlstore: read customer number: %w", err)
		}
		out = append(out, customer.Number(n))
	}
	if err := rows.Err(); err != nil {
		return nil, closedErr(fmt.Errorf("sqlstore: read customer numbers: %w", err))
	}
	return out, nil
}

// readSoldTo loads one customer through q (a *DB or a *Tx reader).
func readSoldTo(ctx context.Context, row *sql.Row, n customer.Number) (customer.SoldTo, error) {
	var body string
	if err := row.Scan(&body); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return customer.SoldTo{}, notFound("customer", n)
		}
		return customer.SoldTo{}, closedErr(fmt.Errorf("sqlstore: read customer %s: %w", n, err))
	}
	var c customer.SoldTo
	if err := decodeBody("customer "+n.String(), body, &c); err != nil {
		return customer.SoldTo{}, err
	}
	c.Number = n
	return c, nil
}

// SoldTo returns customer n, or an error wrapping customer.ErrNotFound.
func (s *CustomerStore) SoldTo(ctx context.Context, n customer.Number) (customer.SoldTo, error) {
	return readSoldTo(ctx, s.db.queryRow(ctx, "SELECT body FROM omskit_sold_to WHERE number = $1", int64(n)), n)
}

// SoldTosByAltCustNo returns the customers whose Alt cust # is alt
// (trimmed, upper case), in number order.
func (s *CustomerStore) SoldTosByAltCustNo(ctx context.Context, alt string) ([]customer.Number, error) {
	k := altKey(alt)
	if k == "" {
		return nil, nil
	}
	rows, err := s.db.query(ctx, "SELECT number FROM omskit_sold_to WHERE alt_key = $1 AND alt_key <> '' ORDER BY number", k)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: customers by Alt cust # %q: %w", k, err)
	}
	return scanNumbers(rows)
}

// SoldTosByCrossRef returns the customers with an alternate customer #
// cross-reference alt, in number order.
func (s *CustomerStore) SoldTosByCrossRef(ctx context.Context, alt string) ([]customer.Number, error) {
	k := altKey(alt)
	if k == "" {
		return nil, nil
	}
	rows, err := s.db.query(ctx, "SELECT number FROM omskit_sold_to_xref WHERE alt_key = $1 ORDER BY number", k)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: customers by cross-reference %q: %w", k, err)
	}
	return scanNumbers(rows)
}

// SoldTosByPhone returns the customers whose phone of that kind is phone,
// compared as customer.NormalizePhone gives them, in number order.
func (s *CustomerStore) SoldTosByPhone(ctx context.Context, kind customer.PhoneKind, phone string) ([]customer.SoldTo, error) {
	var col string
	switch kind {
	case customer.PhoneEvening:
		col = "eve_phone"
	case customer.PhoneDay:
		col = "day_phone"
	default:
		return nil, fmt.Errorf("sqlstore: phone search: %v: not indexed", kind)
	}
	p := customer.NormalizePhone(phone)
	if p == "" {
		return nil, nil
	}
	rows, err := s.db.query(ctx, "SELECT number, body FROM omskit_sold_to WHERE "+col+" = $1 AND "+col+" <> '' ORDER BY number", p)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: customers by %v %q: %w", kind, p, err)
	}
	return scanSoldTos(rows)
}

// SoldTosByMatchKey returns the customers whose F70 match key is key, in
// number order. A key built under other rules than the store's gives an
// error wrapping customer.ErrMatchRulesMismatch; an empty key matches
// nothing.
func (s *CustomerStore) SoldTosByMatchKey(ctx context.Context, key customer.MatchKey) ([]customer.SoldTo, error) {
	if key == "" {
		return nil, nil
	}
	if err := s.checkKey(key); err != nil {
		return nil, err
	}
	rows, err := s.db.query(ctx, "SELECT number, body FROM omskit_sold_to WHERE match_key = $1 AND match_key <> '' ORDER BY number", string(key))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: customers by match key: %w", err)
	}
	return scanSoldTos(rows)
}

// SoldToByORCEID returns the customer holding ORCE customer id id, or an
// error wrapping customer.ErrNotFound. When several hold it, the lowest
// number wins.
func (s *CustomerStore) SoldToByORCEID(ctx context.Context, id string) (customer.SoldTo, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return customer.SoldTo{}, notFound("ORCE customer id", `""`)
	}
	rows, err := s.db.query(ctx, "SELECT number, body FROM omskit_sold_to WHERE orce_id = $1 AND orce_id <> '' ORDER BY number LIMIT 1", id)
	if err != nil {
		return customer.SoldTo{}, fmt.Errorf("sqlstore: customer by ORCE id %q: %w", id, err)
	}
	cs, err := scanSoldTos(rows)
	if err != nil {
		return customer.SoldTo{}, err
	}
	if len(cs) == 0 {
		return customer.SoldTo{}, notFound("ORCE customer id", id)
	}
	return cs[0], nil
}

// Prospect returns the Prospect Finder record id, or an error wrapping
// customer.ErrNotFound.
func (s *CustomerStore) Prospect(ctx context.Context, id string) (customer.Prospect, error) {
	id = strings.TrimSpace(id)
	var body string
	if err := s.db.queryRow(ctx, "SELECT body FROM omskit_prospect WHERE id = $1", id).Scan(&body); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return customer.Prospect{}, notFound("prospect", strconv.Quote(id))
		}
		return customer.Prospect{}, closedErr(fmt.Errorf("sqlstore: read prospect %q: %w", id, err))
	}
	var p customer.Prospect
	err := decodeBody("prospect "+id, body, &p)
	return p, err
}

// errCreateRace rolls back a CreateSoldTo that lost the race for its match
// key; the winner's customer is returned instead.
var errCreateRace = errors.New("sqlstore: customer created concurrently")

// CreateSoldTo stores c under the next customer number and returns the
// stored record (CUS-013). The number in c is ignored.
//
// When a customer was already created by CreateSoldTo under the same match
// key (and its name and address have not changed since), nothing is written
// and that customer is returned: concurrent intakes for one new customer
// create it once. The claim on the match key is taken before the customer
// number, so the callers that lose the race never queue for the number.
func (s *CustomerStore) CreateSoldTo(ctx context.Context, c customer.SoldTo) (customer.SoldTo, error) {
	c = c.Clone()
	key := string(s.rules.KeyOf(c))
	var existing customer.Number
	err := s.db.InTx(ctx, func(tx *Tx) error {
		existing = 0
		if key != "" {
			var n int64
			err := tx.QueryRow(ctx, "SELECT number FROM omskit_sold_to_claim WHERE match_key = $1", key).Scan(&n)
			switch {
			case err == nil:
				existing = customer.Number(n)
				return nil
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("sqlstore: look up created customer: %w", err)
			}
		}
		n, err := insertNewSoldTo(ctx, tx, s.rules, s.now(), c)
		c.Number = n
		return err
	})
	if errors.Is(err, errCreateRace) {
		// Another transaction committed the same new customer between our
		// look-up and our claim; it is the one.
		var n int64
		if err := s.db.queryRow(ctx, "SELECT number FROM omskit_sold_to_claim WHERE match_key = $1", key).Scan(&n); err != nil {
			return customer.SoldTo{}, closedErr(fmt.Errorf("sqlstore: look up created customer: %w", err))
		}
		existing, err = customer.Number(n), nil
	}
	if err != nil {
		return customer.SoldTo{}, closedErr(fmt.Errorf("sqlstore: create customer %s %s: %w", c.Name.Last, c.Address.Line1, err))
	}
	if existing != 0 {
		cur, err := s.SoldTo(ctx, existing)
		if err != nil {
			return customer.SoldTo{}, err
		}
		return cur, fmt.Errorf("sqlstore: create customer %s %s: customer %s: %w", c.Name.Last, c.Address.Line1, existing, customer.ErrSoldToExists)
	}
	return c, nil
}

// insertNewSoldTo stores c under the next customer number in tx and
// returns the number. The claim on c's match key is taken first, so the
// transactions that lose the race for one new customer fail with
// errCreateRace without queueing for the number; a rolled-back transaction
// gives its number back.
func insertNewSoldTo(ctx context.Context, tx *Tx, rules customer.MatchRules, now time.Time, c customer.SoldTo) (customer.Number, error) {
	key := string(rules.KeyOf(c))
	if key != "" {
		res, err := tx.Exec(ctx, "INSERT INTO omskit_sold_to_claim (match_key, number) VALUES ($1, 0) ON CONFLICT (match_key) DO NOTHING", key)
		if err != nil {
			return 0, fmt.Errorf("sqlstore: claim match key: %w", err)
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return 0, errCreateRace
		}
	}
	n, err := nextValue(ctx, tx, "sold_to")
	if err != nil {
		return 0, err
	}
	if n > maxNumber(customer.MaxNumberDigits) {
		return 0, fmt.Errorf("%w: next customer number %d has more than %d digits", ErrNumbersExhausted, n, customer.MaxNumberDigits)
	}
	c.Number = customer.Number(n)
	if err := writeSoldTo(ctx, tx, rules, now, c, false); err != nil {
		return 0, err
	}
	if key != "" {
		if _, err := tx.Exec(ctx, "UPDATE omskit_sold_to_claim SET number = $1 WHERE match_key = $2", n, key); err != nil {
			return 0, fmt.Errorf("sqlstore: claim match key: %w", err)
		}
	}
	return c.Number, nil
}

// readSoldToForUpdate reads customer n in tx, locking its row on
// PostgreSQL.
func readSoldToForUpdate(ctx context.Context, tx *Tx, n customer.Number) (customer.SoldTo, error) {
	var body string
	err := tx.QueryRow(ctx, "SELECT body FROM omskit_sold_to WHERE number = $1"+tx.d.forUpdate(), int64(n)).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return customer.SoldTo{}, notFound("customer", n)
	}
	if err != nil {
		return customer.SoldTo{}, fmt.Errorf("sqlstore: read customer %s: %w", n, err)
	}
	var c customer.SoldTo
	if err := decodeBody("customer "+n.String(), body, &c); err != nil {
		return customer.SoldTo{}, err
	}
	c.Number = n
	return c, nil
}

// lockSoldTo checks that customer n exists and, on PostgreSQL, locks its row
// until the transaction ends.
func (s *CustomerStore) lockSoldTo(ctx context.Context, tx *Tx, n customer.Number) error {
	var one int
	err := tx.QueryRow(ctx, "SELECT 1 FROM omskit_sold_to WHERE number = $1"+s.db.dialect.forUpdate(), int64(n)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("customer", n)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: lock customer %s: %w", n, err)
	}
	return nil
}

// UpdateSoldTo loads customer n (locking its row), passes a copy to fn and
// stores what fn returns, in one transaction. If fn returns an error nothing
// is written and the error is returned; if fn returns nil the customer is
// left as it is. fn may not change the customer number. An unknown n gives
// an error wrapping customer.ErrNotFound.
//
// fn may run more than once when the database asks for a retry
// (serialization failure); it must only compute the new record, and must
// not call the store (on SQLite the transaction holds the one connection).
func (s *CustomerStore) UpdateSoldTo(ctx context.Context, n customer.Number, fn func(*customer.SoldTo) (*customer.SoldTo, error)) (customer.SoldTo, error) {
	var out customer.SoldTo
	err := s.db.InTx(ctx, func(tx *Tx) error {
		old, err := readSoldToForUpdate(ctx, tx, n)
		if err != nil {
			return err
		}
		cp := old.Clone()
		upd, err := fn(&cp)
		if err != nil {
			return err
		}
		if upd == nil {
			out = old
			return nil
		}
		if upd.Number != n {
			return fmt.Errorf("sqlstore: update customer %s: number changed to %s", n, upd.Number)
		}
		nw := upd.Clone()
		if reflect.DeepEqual(nw, old) {
			out = old // nothing changed: nothing to write
			return nil
		}
		if err := s.writeSoldTo(ctx, tx, nw, true); err != nil {
			return err
		}
		out = nw
		return nil
	})
	if err != nil {
		return customer.SoldTo{}, closedErr(err)
	}
	return out, nil
}

// PermanentShipTos returns the permanent ship-tos of customer n, by
// sequence number.
func (s *CustomerStore) PermanentShipTos(ctx context.Context, n customer.Number) ([]customer.PermanentShipTo, error) {
	rows, err := s.db.query(ctx, "SELECT seq, body FROM omskit_permanent_ship_to WHERE customer = $1 ORDER BY seq", int64(n))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: permanent ship-tos of customer %s: %w", n, err)
	}
	defer rows.Close()
	var out []customer.PermanentShipTo
	for rows.Next() {
		var seq int
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: read permanent ship-to: %w", err)
		}
		var p customer.PermanentShipTo
		if err := decodeBody("permanent ship-to", body, &p); err != nil {
			return nil, err
		}
		p.Customer, p.Seq = n, seq
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, closedErr(fmt.Errorf("sqlstore: read permanent ship-tos of customer %s: %w", n, err))
	}
	return out, nil
}

// CreatePermanentShipTo stores p under the next sequence number of its
// customer, which must exist (else an error wrapping customer.ErrNotFound),
// and returns the stored record.
func (s *CustomerStore) CreatePermanentShipTo(ctx context.Context, p customer.PermanentShipTo) (customer.PermanentShipTo, error) {
	err := s.db.InTx(ctx, func(tx *Tx) error {
		if err := s.lockSoldTo(ctx, tx, p.Customer); err != nil {
			return err
		}
		var seq int
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM omskit_permanent_ship_to WHERE customer = $1", int64(p.Customer)).Scan(&seq); err != nil {
			return fmt.Errorf("sqlstore: next ship-to sequence of customer %s: %w", p.Customer, err)
		}
		p.Seq = seq
		body, err := encodeBody("permanent ship-to "+p.ID(), p)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO omskit_permanent_ship_to (customer, seq, body) VALUES ($1, $2, $3)", int64(p.Customer), seq, body); err != nil {
			return fmt.Errorf("sqlstore: create permanent ship-to %s: %w", p.ID(), err)
		}
		return nil
	})
	if err != nil {
		return customer.PermanentShipTo{}, closedErr(err)
	}
	return p, nil
}

func (s *CustomerStore) writeBillTo(ctx context.Context, tx *Tx, b customer.BillTo, upsert bool) error {
	body, err := encodeBody("bill-to "+b.Number.String(), b)
	if err != nil {
		return err
	}
	q := "INSERT INTO omskit_bill_to (number, match_key, body) VALUES ($1, $2, $3)"
	if upsert {
		q += " ON CONFLICT (number) DO UPDATE SET match_key = excluded.match_key, body = excluded.body"
	}
	if _, err := tx.Exec(ctx, q, int64(b.Number), string(s.rules.Key(b.Name, b.Address)), body); err != nil {
		return fmt.Errorf("sqlstore: write bill-to %s: %w", b.Number, err)
	}
	return nil
}

func scanBillTo(n int64, body string) (customer.BillTo, error) {
	var b customer.BillTo
	if err := decodeBody("bill-to "+strconv.FormatInt(n, 10), body, &b); err != nil {
		return customer.BillTo{}, err
	}
	b.Number = customer.BillToNumber(n)
	return b, nil
}

// BillTo returns bill-to n, or an error wrapping customer.ErrNotFound.
func (s *CustomerStore) BillTo(ctx context.Context, n customer.BillToNumber) (customer.BillTo, error) {
	var body string
	if err := s.db.queryRow(ctx, "SELECT body FROM omskit_bill_to WHERE number = $1", int64(n)).Scan(&body); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return customer.BillTo{}, notFound("bill-to", n)
		}
		return customer.BillTo{}, closedErr(fmt.Errorf("sqlstore: read bill-to %s: %w", n, err))
	}
	return scanBillTo(int64(n), body)
}

// BillTosByMatchKey returns the bill-tos whose F70 match key is key, in
// number order; see SoldTosByMatchKey for the rules check.
func (s *CustomerStore) BillTosByMatchKey(ctx context.Context, key customer.MatchKey) ([]customer.BillTo, error) {
	if key == "" {
		return nil, nil
	}
	if err := s.checkKey(key); err != nil {
		return nil, err
	}
	rows, err := s.db.query(ctx, "SELECT number, body FROM omskit_bill_to WHERE match_key = $1 AND match_key <> '' ORDER BY number", string(key))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: bill-tos by match key: %w", err)
	}
	defer rows.Close()
	var out []customer.BillTo
	for rows.Next() {
		var n int64
		var body string
		if err := rows.Scan(&n, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: read bill-to: %w", err)
		}
		b, err := scanBillTo(n, body)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, closedErr(fmt.Errorf("sqlstore: read bill-tos: %w", err))
	}
	return out, nil
}

// CreateBillTo stores b under the next bill-to number and, when assignTo is
// not zero, sets that customer's Bill to number, in one transaction: if the
// customer does not exist (an error wrapping customer.ErrNotFound) nothing
// is written.
func (s *CustomerStore) CreateBillTo(ctx context.Context, b customer.BillTo, assignTo customer.Number) (customer.BillTo, error) {
	err := s.db.InTx(ctx, func(tx *Tx) error {
		var c customer.SoldTo
		if assignTo != 0 {
			var body string
			err := tx.QueryRow(ctx, "SELECT body FROM omskit_sold_to WHERE number = $1"+s.db.dialect.forUpdate(), int64(assignTo)).Scan(&body)
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("customer", assignTo)
			}
			if err != nil {
				return fmt.Errorf("sqlstore: read customer %s: %w", assignTo, err)
			}
			if err := decodeBody("customer "+assignTo.String(), body, &c); err != nil {
				return err
			}
			c.Number = assignTo
		}
		n, err := nextValue(ctx, tx, "bill_to")
		if err != nil {
			return err
		}
		if n > maxNumber(customer.MaxBillToDigits) {
			return fmt.Errorf("%w: next bill-to number %d has more than %d digits", ErrNumbersExhausted, n, customer.MaxBillToDigits)
		}
		b.Number = customer.BillToNumber(n)
		if err := s.writeBillTo(ctx, tx, b, false); err != nil {
			return err
		}
		if assignTo != 0 {
			c.BillTo = b.Number
			if err := s.writeSoldTo(ctx, tx, c, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return customer.BillTo{}, closedErr(err)
	}
	return b, nil
}
