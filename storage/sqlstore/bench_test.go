package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/internal/pgtest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/sqlstore"
)

const benchCustomers = 1_000_000

// benchPerson is customer g of the loaded data, as a request would name it.
func benchPerson(g int) (customer.Name, customer.Address) {
	s := strconv.Itoa(g)
	return customer.Name{First: "F" + s, Last: "L" + s}, customer.Address{Line1: s + " MAIN ST", Zip: "01810"}
}

// loadCustomers fills the sold-to table with n customers in one
// INSERT … SELECT generate_series (PostgreSQL only; COPY is not reachable
// through database/sql). Customer g has Alt cust # "A<g>", evening phone
// 5550000000+g and the match key of benchPerson(g).
func loadCustomers(b *testing.B, db *sqlstore.DB, n int) {
	b.Helper()
	ctx := context.Background()
	name, addr := benchPerson(7)
	want := customer.DefaultMatchRules.Key(name, addr)
	var got string
	require.NoError(b, db.SQL().QueryRowContext(ctx,
		`SELECT 'F70-default' || chr(31) || 'L7' || chr(31) || 'F7' || chr(31) || chr(31) || '7MAINST' || chr(31) || '01810'`).Scan(&got))
	require.Equal(b, string(want), got, "the SQL builds the keys customer.MatchRules builds")
	start := time.Now()
	_, err := db.SQL().ExecContext(ctx, `
INSERT INTO omskit_sold_to (number, alt_key, eve_phone, day_phone, match_key, orce_id, body, updated_at)
SELECT g, 'A' || g, (5550000000 + g)::text, '',
       'F70-default' || chr(31) || 'L' || g || chr(31) || 'F' || g || chr(31) || chr(31) || g || 'MAINST' || chr(31) || '01810',
       '',
       '{"Number":' || g || ',"AltCustNo":"A' || g || '","Name":{"First":"F' || g || '","Last":"L' || g ||
       '"},"Address":{"Line1":"' || g || ' MAIN ST","Zip":"01810"},"Phones":{"Evening":"' || (5550000000 + g) || '"}}',
       0
FROM generate_series(1, $1::bigint) AS g`, n)
	require.NoError(b, err)
	_, err = db.SQL().ExecContext(ctx, "UPDATE omskit_sequence SET value = $1 WHERE name = 'sold_to'", n)
	require.NoError(b, err)
	_, err = db.SQL().ExecContext(ctx, "ANALYZE omskit_sold_to")
	require.NoError(b, err)
	b.Logf("loaded %d customers in %s", n, time.Since(start).Round(time.Millisecond))
}

// latencies records per-operation times and reports their p99.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B) {
	if len(l.d) == 0 {
		return
	}
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	p99 := l.d[(len(l.d)*99)/100]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}

// BenchmarkSoldToSelection compares sold-to selection (customer.SelectSoldTo
// over the store) with a same-run baseline: the bare indexed SELECTs the
// selection makes, on the same keys, over 1,000,000 customers. Read the
// result as the ratio of the selection's ns/op to the baseline's.
//
// Run: OMSKIT_TEST_POSTGRES_DSN=… go test -run '^$' -bench SoldToSelection ./storage/sqlstore/
func BenchmarkSoldToSelection(b *testing.B) {
	ctx := context.Background()
	db, err := sqlstore.OpenPostgres(ctx, pgtest.DSN(b))
	require.NoError(b, err)
	b.Cleanup(func() { _ = db.Close() })
	loadCustomers(b, db, benchCustomers)
	cs, err := db.CustomerStore(ctx, customer.DefaultMatchRules)
	require.NoError(b, err)
	pick := func(i int) int { return 1 + (i*7919)%benchCustomers }

	// Step 6: name and address (one match-key look-up).
	b.Run("name-address/baseline-select", func(b *testing.B) {
		var lat latencies
		for i := 0; b.Loop(); i++ {
			name, addr := benchPerson(pick(i))
			key := customer.DefaultMatchRules.Key(name, addr)
			t0 := time.Now()
			rows, err := db.SQL().QueryContext(ctx, "SELECT number, body FROM omskit_sold_to WHERE match_key = $1 AND match_key <> '' ORDER BY number", string(key))
			require.NoError(b, err)
			found := 0
			for rows.Next() {
				var n int64
				var body string
				require.NoError(b, rows.Scan(&n, &body))
				found++
			}
			require.NoError(b, rows.Close())
			lat.add(time.Since(t0))
			require.Equal(b, 1, found)
		}
		lat.report(b)
		b.ReportMetric(benchCustomers, "customers")
	})
	b.Run("name-address/selection", func(b *testing.B) {
		var lat latencies
		for i := 0; b.Loop(); i++ {
			g := pick(i)
			name, addr := benchPerson(g)
			t0 := time.Now()
			sel, err := customer.SelectSoldTo(ctx, cs, customer.Request{Name: name, Address: addr}, customer.Settings{})
			lat.add(time.Since(t0))
			require.NoError(b, err)
			require.Equal(b, customer.Number(g), sel.Customer.Number)
		}
		lat.report(b)
		b.ReportMetric(benchCustomers, "customers")
	})

	// Step 2a: alternate sold-to id (Alt cust # and cross-reference look-ups,
	// then the record).
	b.Run("alt-id/baseline-select", func(b *testing.B) {
		var lat latencies
		for i := 0; b.Loop(); i++ {
			alt := "A" + strconv.Itoa(pick(i))
			t0 := time.Now()
			var n int64
			require.NoError(b, db.SQL().QueryRowContext(ctx, "SELECT number FROM omskit_sold_to WHERE alt_key = $1 AND alt_key <> '' ORDER BY number", alt).Scan(&n))
			rows, err := db.SQL().QueryContext(ctx, "SELECT number FROM omskit_sold_to_xref WHERE alt_key = $1 ORDER BY number", alt)
			require.NoError(b, err)
			for rows.Next() {
			}
			require.NoError(b, rows.Close())
			var body string
			require.NoError(b, db.SQL().QueryRowContext(ctx, "SELECT body FROM omskit_sold_to WHERE number = $1", n).Scan(&body))
			lat.add(time.Since(t0))
		}
		lat.report(b)
		b.ReportMetric(benchCustomers, "customers")
	})
	b.Run("alt-id/selection", func(b *testing.B) {
		var lat latencies
		for i := 0; b.Loop(); i++ {
			g := pick(i)
			t0 := time.Now()
			sel, err := customer.SelectSoldTo(ctx, cs, customer.Request{AltSoldToID: "A" + strconv.Itoa(g)}, customer.Settings{})
			lat.add(time.Since(t0))
			require.NoError(b, err)
			require.Equal(b, customer.Number(g), sel.Customer.Number)
		}
		lat.report(b)
		b.ReportMetric(benchCustomers, "customers")
	})
}

// BenchmarkIntakeThroughput measures what the store does for one order
// intake (customer.Resolve creating a new customer, then OrderStore.Commit
// of the order) with 1, 2 and 4 concurrent workers; the 1-worker run is the
// same-run baseline, so the orders/s of the others read as a scaling ratio.
//
// Run: OMSKIT_TEST_POSTGRES_DSN=… go test -run '^$' -bench IntakeThroughput ./storage/sqlstore/
func BenchmarkIntakeThroughput(b *testing.B) {
	ctx := context.Background()
	db, err := sqlstore.OpenPostgres(ctx, pgtest.DSN(b))
	require.NoError(b, err)
	b.Cleanup(func() { _ = db.Close() })
	cs, err := db.CustomerStore(ctx, customer.DefaultMatchRules)
	require.NoError(b, err)
	os := db.OrderStore()
	var seq atomic.Int64
	intake := func() error {
		i := seq.Add(1)
		name, addr := benchPerson(int(i))
		res, err := customer.Resolve(ctx, cs, customer.Request{Name: name, Address: addr}, customer.Settings{})
		if err != nil {
			return err
		}
		num := "B" + strconv.FormatInt(i, 10)
		o := order.Order{ID: uuid.New(), CompanyCode: "6", OrderNumber: num, CustomerNbr: res.SoldTo.Number.String(), Status: order.StatusOpen}
		_, err = os.Commit(ctx, order.Write{Key: "order:" + num, PayloadHash: sha256.Sum256([]byte(num)), Order: o, Result: order.Result{Order: o}})
		return err
	}
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var next atomic.Int64
			var wg sync.WaitGroup
			var failed atomic.Value
			start := time.Now()
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						if err := intake(); err != nil {
							failed.Store(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			if err, _ := failed.Load().(error); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "orders/s")
		})
	}
}
