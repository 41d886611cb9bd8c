package sqlstore

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
)

// Dialect names one of the SQL databases sqlstore speaks. Everything that
// differs between them in queries lives in this file; the queries elsewhere
// are written once, in PostgreSQL placeholder style ($1, $2, …), and
// rebound here. (Schema differences live in per-dialect migration files:
// migrations/NNNN_name.sqlite.sql and .postgres.sql.)
type Dialect string

// The supported dialects.
const (
	// SQLite through modernc.org/sqlite: pure Go, no cgo; the embedded default.
	SQLite Dialect = "sqlite"
	// Postgres through github.com/jackc/pgx/v5's database/sql driver (stdlib).
	Postgres Dialect = "postgres"
)

// rebind turns $N placeholders into the dialect's own: PostgreSQL keeps them,
// SQLite gets ?N (numbered parameters, so a placeholder may repeat).
func (d Dialect) rebind(query string) string {
	if d != SQLite || !strings.Contains(query, "$") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query))
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c == '$' && i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9' {
			b.WriteByte('?')
			continue
		}
		if c == '\'' { // copy string literals untouched
			j := strings.IndexByte(query[i+1:], '\'')
			if j >= 0 {
				b.WriteString(query[i : i+j+2])
				i += j + 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// skipLocked is the row-locking clause for work leasing: FOR UPDATE SKIP
// LOCKED on PostgreSQL; empty on SQLite, whose single writer makes every
// write transaction exclusive already (transactions begin IMMEDIATE).
func (d Dialect) skipLocked() string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// forUpdate is the row-lock clause of a read that precedes an update in the
// same transaction (read-modify-write): FOR UPDATE on PostgreSQL, so two
// writers of one row queue instead of losing an update; empty on SQLite,
// where write transactions are exclusive.
func (d Dialect) forUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// isUniqueViolation reports a unique or primary key violation.
func (d Dialect) isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isCreateRace reports the error a CREATE … IF NOT EXISTS can give when
// another session creates the same object at the same moment: a unique
// violation in the catalog, "relation already exists" (42P07) or
// "type already exists" (42710, the row type of the table) on
// PostgreSQL. Running the statement again finds the object there.
func (d Dialect) isCreateRace(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && (pg.Code == "42P07" || pg.Code == "42710") {
		return true
	}
	return d.isUniqueViolation(err)
}

// isRetryable reports a failure that a bounded retry of the whole transaction
// may cure: serialization failures and deadlocks on PostgreSQL (and on the
// distributed databases that speak its wire protocol), a busy database on
// SQLite.
func (d Dialect) isRetryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

// placeholders returns "$from, $from+1, …" n times, for IN lists.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// intakeStatement is the one statement that commits an order intake on
// PostgreSQL (OrderStore.Commit), when w fits it: no batch, no payment-only
// update, no changes to an existing customer, no cross-references on a new
// one. ok is false otherwise, and on SQLite, whose embedded writes cost no
// round trips: there Commit runs a transaction of several statements.
//
// Data-modifying WITH clauses make the writes one statement, atomic and
// committed on its own. The query names its parameters @name; names lists
// them in the order of $1, $2, … (see OrderStore.commitStatement for their
// values). A new customer takes the next value of the sold_to sequence row,
// an order number (w.AssignNumber) the next of the order row; each number
// replaces its placeholder (@customer_placeholder, @order_placeholder) in
// the result and the order body. A taken match key
// (omskit_sold_to_claim_pkey), a taken intake key (omskit_intake_pkey) or a
// number past its maximum (NULL into the customer primary key, a division
// by zero for the order number) fails the whole statement, so the sequence
// increments roll back with it. With a claim (w.Claim), everything hangs on
// the claim still being ours: when it is not, the statement writes nothing
// and returns no row.
func (d Dialect) intakeStatement(w order.Write) (q string, names []string, ok bool) {
	if d != Postgres || w.Batch != nil || w.Update {
		return "", nil, false
	}
	create := false
	if sw := w.SoldTo; sw != nil {
		if (!sw.Create && sw.Update != nil) || len(sw.New.CrossRefs) > 0 {
			return "", nil, false
		}
		create = sw.Create
	}
	shape := intakeShape{create: create, claimed: w.Claim != "", number: w.AssignNumber}
	slot := &intakeStatements[shape.index()]
	st := slot.Load()
	if st == nil {
		st = new(intakeStmt)
		st.q, st.names, _ = shape.statement()
		slot.Store(st)
	}
	return st.q, st.names, true
}

// intakeShape is what decides the text of the one-statement intake commit.
type intakeShape struct{ create, claimed, number bool }

type intakeStmt struct {
	q     string
	names []string
}

// intakeStatements caches the statement of each shape (by index): its
// text and parameter names are built once per process.
var intakeStatements [8]atomic.Pointer[intakeStmt]

func (shape intakeShape) index() int {
	i := 0
	for bit, on := range []bool{shape.create, shape.claimed, shape.number} {
		if on {
			i |= 1 << bit
		}
	}
	return i
}

// statement builds the intake statement of the shape.
func (shape intakeShape) statement() (string, []string, bool) {
	create, claimed, number := shape.create, shape.claimed, shape.number
	var b strings.Builder
	b.WriteString("WITH ")
	// held: the rows the writes hang on, one when they may go ahead.
	held := "(SELECT 1) AS held"
	if claimed {
		b.WriteString("held AS (SELECT key FROM omskit_intake WHERE key = @key AND claim = @claim FOR UPDATE),\n")
		held = "held"
	}
	custNumber, orderNumber := "0::bigint", "0::bigint"
	result, body, oms := "replace(@result::text, @order_json::text, @body::text)", "@body::text", "@oms_number::bigint"
	from := held
	if create {
		fmt.Fprintf(&b, `cseq AS (UPDATE omskit_sequence SET value = value + 1 WHERE name = 'sold_to' AND EXISTS (SELECT 1 FROM %s) RETURNING value),
cust AS (INSERT INTO omskit_sold_to (number, alt_key, eve_phone, day_phone, match_key, orce_id, body, updated_at)
SELECT CASE WHEN value <= @max_customer::bigint THEN value END, @alt::text, @eve::text, @day::text, @match_key::text, @orce::text, @customer_body::text, @now::bigint FROM cseq
RETURNING number),
mkclaim AS (INSERT INTO omskit_sold_to_claim (match_key, number) SELECT @match_key::text, number FROM cust WHERE @match_key::text <> ''),
`, held)
		custNumber, from = "cust.number", "cust"
		result = "replace(" + result + ", @customer_placeholder::text, cust.number::text)"
		body = "replace(" + body + ", @customer_placeholder::text, cust.number::text)"
	}
	if number {
		fmt.Fprintf(&b, `oseq AS (UPDATE omskit_sequence SET value = value + 1 WHERE name = 'order' AND EXISTS (SELECT 1 FROM %s)
RETURNING value / CASE WHEN value <= @max_order::bigint THEN 1 ELSE 0 END AS value),
`, held)
		orderNumber, from, oms = "oseq.value", from+", oseq", "oseq.value"
		result = "replace(" + result + ", @order_placeholder::text, oseq.value::text)"
		body = "replace(" + body + ", @order_placeholder::text, oseq.value::text)"
	}
	if claimed {
		fmt.Fprintf(&b, `intake AS (UPDATE omskit_intake SET payload_hash = @hash, order_id = @id, result = %s, batch = NULL,
committed_at = @now, claim = '', claimed_until = 0 FROM %s WHERE omskit_intake.key = @key AND omskit_intake.claim = @claim),
`, result, from)
	} else {
		fmt.Fprintf(&b, `intake AS (INSERT INTO omskit_intake (key, payload_hash, order_id, result, batch, committed_at)
SELECT @key::text, @hash::text, @id::text, %s, NULL, @now::bigint FROM %s),
`, result, from)
	}
	fmt.Fprintf(&b, `ord AS (INSERT INTO omskit_order (id, company_code, order_number, status, body, updated_at, oms_number)
SELECT @id::text, @company::text, @order_number::text, @status::text, %s, @now::bigint, %s FROM %s),
reps AS (INSERT INTO omskit_rep (number, name) SELECT r.number, r.name FROM %s, unnest(@rep_numbers::bigint[], @rep_names::text[]) AS r(number, name)
ON CONFLICT (number) DO NOTHING)
SELECT %s, %s FROM %s`, body, oms, from, from, custNumber, orderNumber, from)
	return numberParams(b.String())
}

// numberParams turns the @name parameters of q into $1, $2, … in the order
// they first appear, and returns the names in that order.
func numberParams(q string) (string, []string, bool) {
	var b strings.Builder
	var names []string
	pos := map[string]int{}
	for i := 0; i < len(q); i++ {
		if q[i] != '@' {
			b.WriteByte(q[i])
			continue
		}
		j := i + 1
		for j < len(q) && (q[j] == '_' || q[j] >= 'a' && q[j] <= 'z') {
			j++
		}
		name := q[i+1 : j]
		n, ok := pos[name]
		if !ok {
			names = append(names, name)
			n = len(names)
			pos[name] = n
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
		i = j - 1
	}
	return b.String(), names, true
}

// intakeError names what failed a one-statement intake commit
// (intakeStatement): the intake key taken (errKeyTaken, settled by Commit),
// the new customer's match key taken (customer.ErrSoldToExists), the order
// id stored before (order.ErrDuplicateOrder), another unique key
// (ErrDuplicateKey), the customer numbers used up (ErrNumbersExhausted).
// Other errors come back as they are.
func (d Dialect) intakeError(w order.Write, err error) error {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return err
	}
	switch {
	case pg.Code == "23505" && pg.ConstraintName == "omskit_intake_pkey":
		return errKeyTaken
	case pg.Code == "23505" && pg.ConstraintName == "omskit_sold_to_claim_pkey":
		return fmt.Errorf("sqlstore: create customer %s %s: %w", w.SoldTo.New.Name.Last, w.SoldTo.New.Address.Line1, customer.ErrSoldToExists)
	case pg.Code == "23505" && pg.ConstraintName == "omskit_order_pkey":
		return fmt.Errorf("order id %s already stored: %w", w.Order.ID, order.ErrDuplicateOrder)
	case pg.Code == "23505":
		return fmt.Errorf("%w: %w", ErrDuplicateKey, err)
	case pg.Code == "23502" && pg.TableName == "omskit_sold_to":
		return fmt.Errorf("%w: the next customer number has more than %d digits", ErrNumbersExhausted, customer.MaxNumberDigits)
	case pg.Code == "22012" && w.AssignNumber:
		return fmt.Errorf("%w: the next order number is over %d", ErrNumbersExhausted, order.MaxOrderNumber)
	}
	return err
}
