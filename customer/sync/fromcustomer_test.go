package sync_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synchttp"
	"github.com/omskit/omskit/customer/sync/synctest"
	"github.com/omskit/omskit/storage/memory"
)

func soldTo() customer.SoldTo {
	return customer.SoldTo{Number: 240, Name: customer.Name{First: " MARY ", Last: "JONES", Company: "ACME"},
		Email: "mary@x.com", Phones: customer.Phones{Evening: "555-2", Fax: "555-3"}}
}

func TestSourceFromResolution(t *testing.T) {
	changed := []customer.Change{{Field: "evening_phone", Old: "555-1", New: "555-2", Rule: "CUS-018"}}
	ghost := soldTo()
	ghost.Ghost, ghost.MergedInto = true, 300
	want := sync.SourceCustomer{Number: "240", Email: "mary@x.com", FirstName: "MARY", LastName: "JONES",
		Phone: "555-2", CompanyName: "ACME"}
	for _, tc := range []struct {
		name string
		res  customer.Resolution
		ok   bool
	}{
		{"created", customer.Resolution{SoldTo: soldTo(), Created: true}, true},
		{"changed", customer.Resolution{SoldTo: soldTo(), Changes: changed}, true},
		{"unchanged", customer.Resolution{SoldTo: soldTo()}, false},
		{"ghost", customer.Resolution{SoldTo: ghost, Changes: changed}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, ok := sync.SourceFromResolution(tc.res)
			assert.Equal(t, tc.ok, ok)
			if tc.ok {
				assert.Equal(t, want, sc)
			} else {
				assert.Equal(t, sync.SourceCustomer{}, sc)
			}
		})
	}
	// the day phone wins over the evening and fax phones
	c := soldTo()
	c.Phones.Day = "555-1"
	sc, _ := sync.SourceFromResolution(customer.Resolution{SoldTo: c, Created: true})
	assert.Equal(t, "555-1", sc.Phone)
}

func TestContentKey(t *testing.T) {
	sc, _ := sync.SourceFromResolution(customer.Resolution{SoldTo: soldTo(), Created: true})
	k := sync.ContentKey(sc, "")
	assert.True(t, strings.HasPrefix(k, "customer/240/c-"), k)
	assert.Equal(t, k, sync.ContentKey(sc, ""), "deterministic")
	rev := sc
	rev.Revision = 7
	assert.Equal(t, k, sync.ContentKey(rev, ""), "revision is not content")
	other := sc
	other.Phone = "555-9"
	assert.NotEqual(t, k, sync.ContentKey(other, ""))
	assert.NotEqual(t, k, sync.ContentKey(sc, "order-2"), "another occasion is another change")
	assert.Equal(t, sync.ContentKey(sc, "order-2"), sync.ContentKey(sc, "order-2"))
}

func TestChangeFromResolution(t *testing.T) {
	ch, ok, err := sync.ChangeFromResolution(customer.Resolution{SoldTo: soldTo(), Created: true}, "WEB-1")
	require.NoError(t, err)
	require.True(t, ok)
	require.NotNil(t, ch.Person)
	assert.Nil(t, ch.Company)
	assert.Equal(t, "240", ch.Person.Code)
	assert.Equal(t, "mary@x.com", ch.Person.Email)

	ch, ok, err = sync.ChangeFromResolution(customer.Resolution{SoldTo: soldTo()}, "WEB-1")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, sync.Change{}, ch)

	bad := soldTo()
	bad.Number = 0
	_, ok, err = sync.ChangeFromResolution(customer.Resolution{SoldTo: bad, Created: true}, "")
	require.ErrorIs(t, err, sync.ErrInvalid)
	assert.False(t, ok)
	var ve *sync.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "number", ve.Fields[0].Path)
}

type resolveEnv struct {
	customers *memory.CustomerStore
	settings  customer.Settings
	plat      *synctest.Platform
	client    *synchttp.Client
	syncer    *sync.Syncer
}

func newResolveEnv(t *testing.T) *resolveEnv {
	t.Helper()
	e := &resolveEnv{settings: customer.Settings{Match: customer.DefaultMatchRules},
		plat: synctest.NewPlatform(synctest.WithHang(5*time.Second), synctest.WithScope(sync.ScopeClientUnique))}
	e.customers = memory.NewCustomerStore(e.settings.MatchRules())
	srv := httptest.NewServer(e.plat)
	t.Cleanup(srv.Close)
	e.client = synchttp.New(srv.URL, &http.Client{Timeout: 300 * time.Millisecond})
	set := sync.DefaultSettings(sync.ScopeClientUnique)
	set.Wait = sync.WaitOptions{Interval: time.Millisecond, Timeout: 5 * time.Second}
	s, err := sync.New(sync.Deps{Importer: e.client, Querier: e.client, ERP: synctest.NewERP(), Store: sync.NewMemoryStore()}, set)
	require.NoError(t, err)
	e.syncer = s
	return e
}

func (e *resolveEnv) flush(t *testing.T) sync.FlushReport {
	t.Helper()
	ctx := context.Background()
	rep, err := e.syncer.Flush(ctx)
	require.NoError(t, err)
	for range 3 {
		st, err := e.syncer.Settle(ctx)
		require.NoError(t, err)
		if len(st.Waiting) == 0 {
			return rep
		}
	}
	t.Fatal("jobs did not finish")
	return rep
}

func maryRequest() customer.Request {
	return customer.Request{Name: customer.Name{First: "Mary", Last: "Jones"},
		Address: customer.Address{Line1: "5 Elm St", Zip: "01720"}, Email: "Mary@X.com",
		Phones: customer.Phones{Day: "5551234"}}
}

// End to end (NRC-007): a customer created by customer.Resolve becomes one
// change that reaches the simulated platform over HTTP as a person whose
// code is the OMS customer number; recording it again and resolving the
// same request again (a retried intake: the sold-to is found and nothing
// changes) send nothing more; a later order that changes the email sends
// one more change.
func TestResolveToPlatformOnce_NRC_007(t *testing.T) {
	e := newResolveEnv(t)
	ctx := context.Background()
	res, err := customer.Resolve(ctx, e.customers, maryRequest(), e.settings)
	require.NoError(t, err)
	require.True(t, res.Created, "precondition: the sold-to is new")
	code := res.SoldTo.Number.String()

	ok, err := e.syncer.RecordResolution(ctx, res, "WEB-1")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = e.syncer.RecordResolution(ctx, res, "WEB-1") // the same result recorded again
	require.NoError(t, err)
	assert.False(t, ok)
	rep := e.flush(t)
	require.Len(t, rep.Sent, 1)
	assert.True(t, strings.HasPrefix(rep.Sent[0], "customer/"+code+"/c-"), rep.Sent[0])

	p, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: code}) // NRC-007
	require.NoError(t, err)
	assert.Equal(t, code, p.Code)
	assert.Equal(t, "mary@x.com", p.Email)
	assert.Equal(t, "MARY", p.FirstName)
	assert.Equal(t, "5551234", p.Phone)
	assert.Equal(t, 1, e.plat.Requests(synctest.OpImportCustomers))

	// the intake is retried: the same request finds the sold-to, nothing changes
	again, err := customer.Resolve(ctx, e.customers, maryRequest(), e.settings)
	require.NoError(t, err)
	require.False(t, again.Created)
	require.Equal(t, res.SoldTo.Number, again.SoldTo.Number)
	ok, err = e.syncer.RecordResolution(ctx, again, "WEB-1")
	require.NoError(t, err)
	assert.False(t, ok)
	ok, err = e.syncer.RecordSoldTo(ctx, again.SoldTo, "WEB-1") // the recovery path finds it recorded
	require.NoError(t, err)
	assert.False(t, ok)
	rep = e.flush(t)
	assert.Empty(t, rep.Sent)
	assert.Equal(t, 1, e.plat.Requests(synctest.OpImportCustomers))

	// a later order changes the email: one more change
	req := maryRequest()
	req.Email, req.EmailUpdate = "mary.jones@y.com", true
	upd, err := customer.Resolve(ctx, e.customers, req, e.settings)
	require.NoError(t, err)
	require.NotEmpty(t, upd.Changes)
	ok, err = e.syncer.RecordResolution(ctx, upd, "WEB-2")
	require.NoError(t, err)
	assert.True(t, ok)
	rep = e.flush(t)
	assert.Len(t, rep.Sent, 1)
	p, err = e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: code})
	require.NoError(t, err)
	assert.Equal(t, "mary.jones@y.com", p.Email)
	assert.Equal(t, 2, e.plat.Requests(synctest.OpImportCustomers))
}

// A timeout on the import leaves the change pending; recording the same
// resolution again adds nothing, and the next Flush sends it.
func TestResolveToPlatformSurvivesTimeout(t *testing.T) {
	e := newResolveEnv(t)
	ctx := context.Background()
	res, err := customer.Resolve(ctx, e.customers, maryRequest(), e.settings)
	require.NoError(t, err)
	_, err = e.syncer.RecordResolution(ctx, res, "WEB-1")
	require.NoError(t, err)

	e.plat.InjectFault(synctest.OpImportCustomers, synctest.Fault{Kind: synctest.FaultTimeout})
	rep, err := e.syncer.Flush(ctx)
	require.Error(t, err)
	assert.True(t, sync.Retryable(err))
	require.Len(t, rep.Pending, 1)

	ok, err := e.syncer.RecordResolution(ctx, res, "WEB-1")
	require.NoError(t, err)
	assert.False(t, ok)
	rep = e.flush(t)
	assert.Len(t, rep.Sent, 1)
	_, err = e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: res.SoldTo.Number.String()})
	require.NoError(t, err)
	assert.Equal(t, 2, e.plat.Requests(synctest.OpImportCustomers), "timed out once, sent once")
}

// The process stopped after customer.Resolve created the sold-to and before
// the change was recorded: the retried Resolve reports nothing changed, and
// RecordSoldTo records the lost change, once.
func TestResolveLostChangeRecovered(t *testing.T) {
	e := newResolveEnv(t)
	ctx := context.Background()
	first, err := customer.Resolve(ctx, e.customers, maryRequest(), e.settings)
	require.NoError(t, err)
	require.True(t, first.Created)
	// (crash: nothing recorded)

	again, err := customer.Resolve(ctx, e.customers, maryRequest(), e.settings)
	require.NoError(t, err)
	ok, err := e.syncer.RecordResolution(ctx, again, "WEB-1")
	require.NoError(t, err)
	require.False(t, ok, "precondition: the retried resolution changed nothing")
	ok, err = e.syncer.RecordSoldTo(ctx, again.SoldTo, "WEB-1")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = e.syncer.RecordSoldTo(ctx, again.SoldTo, "WEB-1")
	require.NoError(t, err)
	assert.False(t, ok)

	rep := e.flush(t)
	assert.Len(t, rep.Sent, 1)
	p, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: first.SoldTo.Number.String()})
	require.NoError(t, err)
	assert.Equal(t, "mary@x.com", p.Email)
	assert.Equal(t, 1, e.plat.Requests(synctest.OpImportCustomers))

	// the same key as the change the first resolution would have given
	want, ok, err := sync.ChangeFromResolution(first, "WEB-1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []string{want.Key}, rep.Sent)

	// a ghost is never synced
	ghost := again.SoldTo
	ghost.Ghost = true
	ok, err = e.syncer.RecordSoldTo(ctx, ghost, "WEB-9")
	require.NoError(t, err)
	assert.False(t, ok)
}
