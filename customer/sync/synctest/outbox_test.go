package synctest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synctest"
)

func change(t *testing.T, sc sync.SourceCustomer) sync.Change {
	t.Helper()
	ch, err := sync.FromCustomer(sc)
	require.NoError(t, err)
	return ch
}

// A customer changed on the OMS side becomes one outbox change per
// revision, sent once even when replayed; the OMS number is the code
// (NRC-007).
func TestOutboxExactlyOncePerChange_NRC_007(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	rev1 := change(t, sync.SourceCustomer{Number: "123", Revision: 1, Email: "eva@x", FirstName: "Eva"})
	assert.Equal(t, "customer/123/rev-000000001", rev1.Key)
	ok, err := e.syncer.Record(ctx, rev1)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = e.syncer.Record(ctx, rev1) // replayed
	require.NoError(t, err)
	assert.False(t, ok)

	rep, err := e.syncer.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{rev1.Key}, rep.Sent)
	require.Len(t, rep.Jobs, 1)
	settle(t, e)
	p, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "123"})
	require.NoError(t, err)
	assert.Equal(t, "Eva", p.FirstName)

	_, err = e.syncer.Record(ctx, rev1) // replayed after it was sent: still nothing
	require.NoError(t, err)
	rep, err = e.syncer.Flush(ctx)
	require.NoError(t, err)
	assert.Empty(t, rep.Sent)
	assert.Equal(t, 1, e.plat.Requests(synctest.OpImportCustomers))

	// NRC-019: a new revision with the same content is a delta of nothing
	_, err = e.syncer.Record(ctx, change(t, sync.SourceCustomer{Number: "123", Revision: 2, Email: "eva@x", FirstName: "Eva"}))
	require.NoError(t, err)
	rep, err = e.syncer.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"customer/123/rev-000000002"}, rep.Unchanged)
	assert.Equal(t, 1, e.plat.Requests(synctest.OpImportCustomers))

	// a company customer
	_, err = e.syncer.Record(ctx, change(t, sync.SourceCustomer{Number: "900", Revision: 1, CompanyName: "Acme AB", OrganizationNo: "556677-8899"}))
	require.NoError(t, err)
	_, err = e.syncer.Flush(ctx)
	require.NoError(t, err)
	settle(t, e)
	c, err := e.client.Company(ctx, sync.Identity{Kind: sync.ByOrganizationNo, Value: "556677-8899"})
	require.NoError(t, err)
	assert.Equal(t, "900", c.Code)
}

// The outbox survives a timeout and a failed import item: nothing lost,
// the retry sends the change again and then it is done.
func TestOutboxSurvivesFaults(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	_, err := e.syncer.Record(ctx, change(t, sync.SourceCustomer{Number: "7", Revision: 1, Email: "k@x", LastName: "Kim"}))
	require.NoError(t, err)

	e.plat.InjectFault(synctest.OpImportCustomers, synctest.Fault{Kind: synctest.FaultTimeout})
	rep, err := e.syncer.Flush(ctx)
	require.Error(t, err)
	assert.True(t, sync.Retryable(err))
	assert.Equal(t, []string{"customer/7/rev-000000001"}, rep.Pending)

	e.plat.FailImportAfter(0)
	rep, err = e.syncer.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"customer/7/rev-000000001"}, rep.Sent)
	_, _ = e.syncer.Settle(ctx) // running
	_, err = e.syncer.Settle(ctx)
	require.ErrorIs(t, err, sync.ErrImportFailed)

	rep, err = e.syncer.Flush(ctx) // the failed item is pending again and resent
	require.NoError(t, err)
	assert.Equal(t, []string{"customer/7/rev-000000001"}, rep.Sent)
	settle(t, e)
	st, ok, err := e.store.Get(ctx, "outbox/customer/7/rev-000000001")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "done", st.Status)
	p, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "7"})
	require.NoError(t, err)
	assert.Equal(t, "Kim", p.LastName)
	assert.Equal(t, 3, e.plat.Requests(synctest.OpImportCustomers)) // timed out once, failed once, sent once
}

// Two pending changes to one customer whose keys sort against their order
// (content keys do): Flush imports only the one recorded last, so the older
// change never overwrites the newer; both are settled by that import.
func TestOutboxNewestChangeWins(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	older := sync.Change{Key: "customer/77/z-older", Person: &sync.Person{Code: "77", Email: "old@example.com", FirstName: "Ola"}}
	newer := sync.Change{Key: "customer/77/a-newer", Person: &sync.Person{Code: "77", Email: "new@example.com", FirstName: "Ola"}}
	for _, ch := range []sync.Change{older, newer} {
		ok, err := e.syncer.Record(ctx, ch)
		require.NoError(t, err)
		require.True(t, ok)
	}
	rep, err := e.syncer.Flush(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{older.Key, newer.Key}, rep.Sent)
	require.Len(t, rep.Jobs, 1)
	settle(t, e)
	p, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "77"})
	require.NoError(t, err)
	assert.Equal(t, "new@example.com", p.Email, "the change recorded last is the one imported")

	rep, err = e.syncer.Flush(ctx)
	require.NoError(t, err)
	assert.Empty(t, rep.Sent)
	assert.Empty(t, rep.Pending)
}
