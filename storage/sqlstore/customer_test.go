package sqlstore

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/order"
)

// TestCustomerStoreRefusesOtherMatchRules: match keys are stored under the
// rules the first customer store recorded; opening the store with other
// rules (or the same id with other settings) is refused, because every
// stored key would be wrong.
func TestCustomerStoreRefusesOtherMatchRules(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, ":memory:")
	require.NoError(t, err)
	defer db.Close()
	_, err = db.CustomerStore(ctx, customer.MatchRules{}) // zero: the default rules
	require.NoError(t, err)
	_, err = db.CustomerStore(ctx, customer.DefaultMatchRules)
	require.NoError(t, err, "the same rules again")

	changed := customer.DefaultMatchRules
	changed.ZipLength = 3
	_, err = db.CustomerStore(ctx, changed)
	require.ErrorIs(t, err, ErrMatchRulesChanged)
	require.ErrorIs(t, err, customer.ErrMatchRulesMismatch)
	assert.Contains(t, err.Error(), "zip=3", "the error names both rule sets")
}

// TestStoresOnClosedDatabase: every store reports ErrClosed after Close,
// without panicking.
func TestStoresOnClosedDatabase(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, ":memory:")
	require.NoError(t, err)
	cs, err := db.CustomerStore(ctx, customer.DefaultMatchRules)
	require.NoError(t, err)
	os := db.OrderStore()
	require.NoError(t, db.Close())

	_, err = cs.SoldTo(ctx, 1)
	assert.ErrorIs(t, err, ErrClosed)
	_, err = cs.CreateSoldTo(ctx, customer.SoldTo{Name: customer.Name{Last: "X"}, Address: customer.Address{Line1: "1 A ST"}})
	assert.ErrorIs(t, err, ErrClosed)
	_, err = os.Commit(ctx, order.Write{Key: "order:1"})
	assert.ErrorIs(t, err, ErrClosed)
	_, _, err = os.LookupIntake(ctx, "order:1")
	assert.ErrorIs(t, err, ErrClosed)
	_, err = db.BrokerStore(nil).ListByStatus(ctx, 'R')
	assert.ErrorIs(t, err, ErrClosed)
	_, err = db.EngageStore().List(ctx, engage.Filter{})
	assert.ErrorIs(t, err, ErrClosed)
	_, err = db.SyncStore().List(ctx, "job/")
	assert.ErrorIs(t, err, ErrClosed)
}

// TestNumbersFitTheMessageAttributes: a customer number has at most 9
// digits and a bill-to number 7; the store refuses to mint a longer one and
// writes nothing.
func TestNumbersFitTheMessageAttributes(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, ":memory:")
	require.NoError(t, err)
	defer db.Close()
	cs, err := db.CustomerStore(ctx, customer.DefaultMatchRules)
	require.NoError(t, err)
	last := customer.SoldTo{Number: 999_999_999, Name: customer.Name{Last: "LAST"}, Address: customer.Address{Line1: "9 END ST"}}
	require.NoError(t, cs.PutSoldTo(ctx, last))
	nc := customer.SoldTo{Name: customer.Name{Last: "ONE MORE"}, Address: customer.Address{Line1: "1 NEW ST"}}
	_, err = cs.CreateSoldTo(ctx, nc)
	require.ErrorIs(t, err, ErrNumbersExhausted)
	assert.Contains(t, err.Error(), "1000000000")
	found, err := cs.SoldTosByMatchKey(ctx, customer.DefaultMatchRules.KeyOf(nc))
	require.NoError(t, err)
	assert.Empty(t, found, "nothing is written")

	require.NoError(t, cs.PutBillTo(ctx, customer.BillTo{Number: 9_999_999, Name: customer.Name{Company: "LAST CO"}}))
	_, err = cs.CreateBillTo(ctx, customer.BillTo{Name: customer.Name{Company: "NEXT CO"}}, 0)
	require.ErrorIs(t, err, ErrNumbersExhausted)
}
