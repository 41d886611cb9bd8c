package sqlstore_test

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/internal/pgtest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/sqlstore"
)

// wire counts what a store sends PostgreSQL: round trips (each time the
// client writes to the socket it then waits for the answer, so every write
// is one round trip) and commits (a COMMIT, or a writing statement run
// outside a transaction, which PostgreSQL commits on its own: each is one
// WAL flush with durable commits).
type wire struct {
	trips   atomic.Int64
	commits atomic.Int64
}

// count is what was sent since the last count.
type count struct{ Trips, Commits int64 }

func (w *wire) take() count {
	return count{Trips: w.trips.Swap(0), Commits: w.commits.Swap(0)}
}

type countingConn struct {
	net.Conn
	w *wire
}

func (c countingConn) Write(b []byte) (int, error) {
	c.w.trips.Add(1)
	return c.Conn.Write(b)
}

var writing = regexp.MustCompile(`(?i)\b(insert|update|delete)\b`)

// TraceQueryStart counts commits: COMMIT, and writing statements sent while
// the connection is outside a transaction (autocommit).
func (w *wire) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	switch {
	case regexp.MustCompile(`(?i)^\s*commit\b`).MatchString(data.SQL):
		w.commits.Add(1)
	case conn.PgConn().TxStatus() == 'I' && writing.MatchString(data.SQL):
		w.commits.Add(1)
	}
	return ctx
}

// TraceQueryEnd is part of pgx.QueryTracer.
func (w *wire) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// openCounted opens a fresh PostgreSQL schema through a pgx connector whose
// sockets and statements are counted.
func openCounted(t *testing.T) (*sqlstore.DB, *wire) {
	t.Helper()
	cfg, err := pgx.ParseConfig(pgtest.DSN(t))
	require.NoError(t, err)
	w := &wire{}
	var d net.Dialer
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countingConn{Conn: c, w: w}, nil
	}
	cfg.Tracer = w
	// database/sql pings a pooled connection idle for over a second before
	// handing it out; that round trip belongs to the pool, not the store.
	sqldb := stdlib.OpenDB(*cfg, stdlib.OptionShouldPing(func(context.Context, stdlib.ShouldPingParams) bool { return false }))
	sqldb.SetMaxOpenConns(4)
	sqldb.SetMaxIdleConns(4)
	db, err := sqlstore.OpenWith(context.Background(), sqldb, sqlstore.Postgres)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db, w
}

// intakeRig is an order intake over the SQL stores, the way a service wires
// it: the customer rules choose (or create) the sold-to, the order store
// commits; items and pay types come from memory.
type intakeRig struct {
	deps order.Deps
	tok  *countingTokenizer
}

type countingTokenizer struct{ calls atomic.Int64 }

func (c *countingTokenizer) Tokenize(context.Context, order.TokenRequest) (string, error) {
	c.calls.Add(1)
	return "TOKEN", nil
}

func newIntakeRig(t testing.TB, db *sqlstore.DB) *intakeRig {
	t.Helper()
	ctx := context.Background()
	cs, err := db.CustomerStore(ctx, customer.DefaultMatchRules)
	require.NoError(t, err)
	cat := memory.NewOrderCatalog()
	cat.AddItem(order.Item{Number: "SHIRT"})
	cat.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	cat.AddPayType(order.PayType{Code: "VI", Kind: order.PayCreditCard, CardType: "C", Service: "SVC", UseTokenization: true})
	r := &intakeRig{tok: &countingTokenizer{}}
	r.deps = order.Deps{Store: db.OrderStore(), Items: cat, PayTypes: cat, Tokenizer: r.tok,
		SoldTo:   order.CustomerSelector{Store: cs},
		Settings: order.Settings{ErrorBatch: "41", PerformEditInteractively: true}}
	return r
}

// anIntake is order number for the person first/last; card makes it pay by
// a card that is tokenized (an outside call), else by check.
func anIntake(number, first, last string, card bool) order.Input {
	p := order.Payment{Seq: 1, PayType: "CK", Amount: decimal.RequireFromString("9.99")}
	if card {
		p = order.Payment{Seq: 1, PayType: "VI", CardNumber: "4111111111111111", Amount: decimal.RequireFromString("9.99")}
	}
	return order.Input{Order: order.Order{OrderNumber: number, CompanyCode: "6", ResponseType: order.ResponseDetailed, PayIncluded: true,
		SoldTo:   order.SoldTo{FirstName: first, LastName: last, Address1: "1 " + last + " ST", City: "ACTON", Zip: "01720"},
		Payments: []order.Payment{p},
		ShipTos:  []order.ShipTo{{Type: "1", Lines: []order.Line{{Seq: 1, ItemID: "SHIRT", Quantity: 1, Price: decimal.RequireFromString("9.99")}}}}}}
}

// assertCommitted checks that the customer and the order of res are
// stored, that every place carrying the customer number carries the stored
// customer's, and that a resend replays the same result.
func (r *intakeRig) assertCommitted(t *testing.T, in order.Input, res order.Result) {
	t.Helper()
	ctx := context.Background()
	n, err := strconv.ParseInt(res.Order.CustomerNbr, 10, 64)
	require.NoError(t, err, "customer number %q", res.Order.CustomerNbr)
	c, err := r.deps.SoldTo.(order.CustomerSelector).Store.SoldTo(ctx, customer.Number(n))
	require.NoError(t, err)
	assert.Equal(t, strings.ToUpper(in.Order.SoldTo.LastName), c.Name.Last)
	assert.Equal(t, res.Order.CustomerNbr, res.SoldTo.CustomerNumber)
	assert.Equal(t, res.Order.CustomerNbr, res.Response.CustomerNumber)
	stored, err := r.deps.Store.Order(ctx, res.Order.ID)
	require.NoError(t, err)
	assert.Equal(t, res.Order.CustomerNbr, stored.CustomerNbr)
	again, err := order.Intake(ctx, r.deps, in)
	require.NoError(t, err)
	assert.True(t, again.Replayed)
	assert.Equal(t, res.Order.CustomerNbr, again.Order.CustomerNbr)
	assert.Equal(t, res.SoldTo, again.SoldTo)
	assert.Equal(t, res.Response.CustomerNumber, again.Response.CustomerNumber)
	assert.Equal(t, res.Response.OrderID, again.Response.OrderID)
}

func (r *intakeRig) intake(t *testing.T, in order.Input) order.Result {
	t.Helper()
	res, err := order.Intake(context.Background(), r.deps, in)
	require.NoError(t, err)
	require.False(t, res.Replayed)
	require.Empty(t, res.Errors)
	return res
}

// TestRoundTripsPerIntake counts what one order intake sends PostgreSQL:
// round trips and commits, for an order whose customer is new and one whose
// customer is known, each paid without and with an outside call (card
// tokenization). The statements are prepared by an intake of the same kind
// just before, as on a running service. (pgx prepares a statement again
// after it failed, which a replay does: one more round trip, on that
// connection, for the next intake of its kind.)
func TestRoundTripsPerIntake(t *testing.T) {
	db, w := openCounted(t)
	r := newIntakeRig(t, db)
	n := 0
	next := func() string { n++; return fmt.Sprintf("RT%d", n) }
	for _, tc := range []struct {
		name                 string
		known, card, numbers bool
		trips                int64
		commits              int64
	}{
		{"new customer", false, false, false, 2, 1},
		{"known customer", true, false, false, 2, 1},
		{"new customer, card tokenized", false, true, false, 3, 2},
		{"known customer, card tokenized", true, true, false, 3, 2},
		{"new customer, order number", false, false, true, 2, 1},
		{"known customer, card tokenized, order number", true, true, true, 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.deps.OrderNumbers = nil
			if tc.numbers {
				r.deps.OrderNumbers = r.deps.Store.(order.OrderNumbers)
			}
			last := "NEW" + next()
			if tc.known {
				last = "KNOWN" + next()
				r.intake(t, anIntake(next(), "ANN", last, tc.card))
				r.intake(t, anIntake(next(), "ANN", last, tc.card))
			} else {
				r.intake(t, anIntake(next(), "ANN", "WARM"+next(), tc.card))
			}
			w.take()
			in := anIntake(next(), "ANN", last, tc.card)
			res := r.intake(t, in)
			got := w.take()
			t.Logf("%s: %d round trips, %d commits", tc.name, got.Trips, got.Commits)
			assert.Equal(t, count{Trips: tc.trips, Commits: tc.commits}, got, "round trips and commits of one intake")
			assert.Equal(t, !tc.known, res.SoldTo.Created)
			r.assertCommitted(t, in, res)
			if tc.numbers {
				id, err := r.deps.OrderNumbers.OrderIDByNumber(context.Background(), res.Order.Number)
				require.NoError(t, err)
				assert.Equal(t, res.Order.ID, id)
				assert.Equal(t, strconv.Itoa(res.Order.Number), res.Response.OrderID)
			}
		})
	}
}

// TestRoundTripsPerBrokerWrite counts what the BROKER run's record writes
// send PostgreSQL: an update of one record with its side effects (the
// Runner's move of a record before its message goes out), a lease of a
// page, and the completion of a leased page of 25 records with two side
// effects each. Each is two round trips and one commit at most, whatever the
// number of records and side effects; and every write is there afterwards.
func TestRoundTripsPerBrokerWrite(t *testing.T) {
	ctx := context.Background()
	db, w := openCounted(t)
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	bs := db.BrokerStore(func() time.Time { return now })
	const page = 25
	recs := make([]broker.Record, 2*page+2)
	for i := range recs {
		recs[i] = broker.Record{ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 6, Order: 9000 + i, ShipTo: 1}, LineSeq: 1, Status: broker.StatusReady}
	}
	require.NoError(t, bs.Put(ctx, now.Add(-time.Minute), recs...))
	submit := func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
		r.Status = broker.StatusWaiting
		return r, []broker.SideEffect{broker.History{Record: r.ID, Type: 'B', Detail: "submitted"},
			broker.TransactionMessage{Record: r.ID, Text: "submitted"}}, nil
	}
	effects := func(id uuid.UUID) int {
		got, err := bs.SideEffects(ctx, id)
		require.NoError(t, err)
		return len(got)
	}

	// Warm: each statement prepared once, as on a running service.
	require.NoError(t, bs.Update(ctx, recs[0].ID, submit))
	warm, err := bs.Lease(ctx, "warm", page, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	done := make([]broker.LeaseDone, len(warm))
	for i, r := range warm {
		done[i] = broker.LeaseDone{ID: r.ID, Next: now.Add(time.Hour), Fn: submit}
	}
	require.NoError(t, bs.Complete(ctx, "warm", done...))

	w.take()
	require.NoError(t, bs.Update(ctx, recs[len(recs)-1].ID, submit))
	got := w.take()
	t.Logf("update of one record with 2 side effects: %d round trips, %d commits", got.Trips, got.Commits)
	assert.Equal(t, count{Trips: 2, Commits: 1}, got, "round trips and commits of one record update")
	assert.Equal(t, 2, effects(recs[len(recs)-1].ID))

	w.take()
	leased, err := bs.Lease(ctx, "worker", page, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	got = w.take()
	require.Len(t, leased, page)
	t.Logf("lease of %d records: %d round trips, %d commits", page, got.Trips, got.Commits)
	assert.Equal(t, count{Trips: 1, Commits: 1}, got, "round trips and commits of leasing a page")

	done = make([]broker.LeaseDone, len(leased))
	for i, r := range leased {
		done[i] = broker.LeaseDone{ID: r.ID, Next: now.Add(time.Hour), Fn: submit}
	}
	require.NoError(t, bs.Complete(ctx, "worker", done...))
	got = w.take()
	t.Logf("completion of %d records with 2 side effects each: %d round trips, %d commits", page, got.Trips, got.Commits)
	assert.Equal(t, count{Trips: 2, Commits: 1}, got, "round trips and commits of completing a page")
	for _, r := range leased {
		rec, err := bs.Record(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, broker.StatusWaiting, rec.Status)
		assert.Equal(t, 2, effects(r.ID))
	}
	again, err := bs.Lease(ctx, "other", len(recs), time.Minute, broker.StatusWaiting)
	require.NoError(t, err)
	completed := map[uuid.UUID]bool{}
	for _, r := range leased {
		completed[r.ID] = true
	}
	for _, r := range again {
		assert.False(t, completed[r.ID], "completed record %s is released and due at its next time, not now", r.ID)
	}
}
