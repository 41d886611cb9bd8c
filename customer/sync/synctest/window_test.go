package synctest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synchttp"
	"github.com/omskit/omskit/customer/sync/synctest"
)

// newSyncer builds a Syncer over e's platform, ERP and store, as a process
// started again would.
func newSyncer(t *testing.T, e *env) *sync.Syncer {
	t.Helper()
	set := sync.DefaultSettings(sync.ScopeClientUnique)
	set.Wait = sync.WaitOptions{Interval: time.Millisecond, Timeout: 5 * time.Second}
	s, err := sync.New(sync.Deps{Importer: e.client, Querier: e.client, Events: e.client, ERP: e.erp, Store: e.store,
		AnonymizedPerson: synctest.IsAnonymized}, set)
	require.NoError(t, err)
	return s
}

// windowCase is one way the write-back import carrying the new ERP code
// reaches the platform: opts make the platform, before runs before the
// order-time creation, after brings the code to the platform.
type windowCase struct {
	opts   []synctest.PlatformOption
	before func(e *env)
	after  func(t *testing.T, e *env)
}

// The write-back applied later by the platform: the import job stays
// queued while the customer changes on My Pages.
var writeBackDelayed = windowCase{opts: []synctest.PlatformOption{synctest.WithManualJobs()},
	after: func(t *testing.T, e *env) {
		require.Len(t, e.plat.ProcessAllJobs(), 1)
		settle(t, e)
	}}

// The write-back lost by the platform (accepted, never applied, its job
// status 404): Settle fails the job, Resume sends the code again.
var writeBackLost = windowCase{before: func(e *env) { e.plat.LoseImports(1) },
	after: func(t *testing.T, e *env) {
		_, err := e.syncer.Settle(context.Background())
		require.ErrorIs(t, err, sync.ErrImportFailed) // the lost job fails with its items
		jobs, err := e.syncer.Resume(context.Background())
		require.NoError(t, err)
		require.Len(t, jobs, 1)
		settle(t, e)
	}}

// Issue 19, item 1, over HTTP against the simulators: a change made on My
// Pages while the write-back of the new ERP code is delayed is not lost;
// the events wait for the code and then the newest state goes to the ERP,
// fetched from the platform, once (NRC-021).
func TestChangeWhileCodeOnItsWayBack_WriteBackDelayed_NRC_021(t *testing.T) {
	codeOnItsWayBack(t, writeBackDelayed)
}

// Issue 19, item 1, over HTTP against the simulators: the same with the
// write-back lost by the platform and sent again (NRC-021).
func TestChangeWhileCodeOnItsWayBack_WriteBackLost_NRC_021(t *testing.T) {
	codeOnItsWayBack(t, writeBackLost)
}

// The same window with the write-back failed, repaired by reconciliation
// instead of Resume, or taken by the platform with its answer lost.
func TestChangeWhileCodeOnItsWayBack_Faults(t *testing.T) {
	for name, c := range map[string]windowCase{
		"write-back job failed, sent again": {before: func(e *env) { e.plat.FailImportAfter(0) },
			after: func(t *testing.T, e *env) {
				_, _ = e.syncer.Settle(context.Background()) // running
				_, err := e.syncer.Settle(context.Background())
				require.ErrorIs(t, err, sync.ErrImportFailed)
				_, err = e.syncer.Resume(context.Background())
				require.NoError(t, err)
				settle(t, e)
			}},
		"write-back lost, repaired by reconciliation": {before: func(e *env) { e.plat.LoseImports(1) },
			after: func(t *testing.T, e *env) {
				_, _ = e.syncer.Settle(context.Background())
				rep, err := e.syncer.Reconcile(context.Background()) // NRC-023
				require.NoError(t, err)
				require.Len(t, rep.Drift, 1)
				settle(t, e)
			}},
		"answer to the write-back lost after the platform took it": {before: func(e *env) {
			e.plat.InjectFault(synctest.OpImportCustomers, synctest.Fault{Kind: synctest.Fault5xx, AfterCommit: true})
		}, opts: []synctest.PlatformOption{synctest.WithManualJobs()},
			after: func(t *testing.T, e *env) {
				_, err := e.syncer.Resume(context.Background())
				require.NoError(t, err)
				e.plat.ProcessAllJobs()
				settle(t, e)
			}},
	} {
		t.Run(name, func(t *testing.T) { codeOnItsWayBack(t, c) })
	}
}

// codeOnItsWayBack: the ERP creates the customer at order time, the code
// is on its way back as c says, the customer changes name and phone on My
// Pages meanwhile; the ERP must end with the newest state, sent once, and
// the wait must survive a restart of the integration.
func codeOnItsWayBack(t *testing.T, c windowCase) {
	t.Helper()
	e := defaults(t, c.opts...)
	ctx := context.Background()
	pid := e.plat.AddPerson(sync.Person{Email: "ann@x", FirstName: "Ann", LastName: "Lind", Phone: "070-1"}) // created at first order (NRC-014)
	if c.before != nil {
		c.before(e)
	}
	_, _ = e.syncer.EnsurePerson(ctx, sync.Person{Email: "ann@x", FirstName: "Ann", LastName: "Lind", Phone: "070-1"})
	require.Equal(t, []string{"C100"}, e.erp.Codes())
	p, _ := e.plat.PersonByID(pid)
	require.Empty(t, p.Code, "the code is on its way back")

	e.plat.ChangePerson(pid, func(p *sync.Person) { p.FirstName = "Anna" }) // My Pages
	e.plat.ChangePerson(pid, func(p *sync.Person) { p.Phone = "070-2" })
	rep, err := e.syncer.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"E1", "E2"}, rep.Waiting, "NRC-021: the events wait for the code")
	assert.Empty(t, rep.NoCode, "NRC-021: not classed no-code and dropped")
	assert.Equal(t, 0, e.plat.Pending(), "the events are acknowledged: the wait is in the store")

	e.syncer = newSyncer(t, e) // the wait survives a restart
	c.after(t, e)
	p, _ = e.plat.PersonByID(pid)
	require.Equal(t, "C100", p.Code, "the code reached the platform (NRC-016)")

	// NRC-021: the entity was fetched, and only its newest state was sent, once
	require.Len(t, e.erp.Updates(), 1)
	assert.Equal(t, []sync.ERPRecord{{Kind: sync.KindPerson, Code: "C100", Name: "Anna Lind", Email: "ann@x", Phone: "070-2"}}, e.erp.Record("C100"),
		"NRC-021: the change made while the code was on its way back reached the ERP, newest state")
	assert.Equal(t, []string{"C100"}, e.erp.Codes(), "created in the ERP once")

	_, err = e.syncer.HandleEvents(ctx, 10) // nothing more to do
	require.NoError(t, err)
	_, err = e.syncer.Settle(ctx)
	require.NoError(t, err)
	assert.Len(t, e.erp.Updates(), 1)

	e.plat.ChangePerson(pid, func(p *sync.Person) { p.LastName = "Berg" }) // with the code: sent at once (NRC-020)
	rep, err = e.syncer.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, rep.Sent, 1)
	assert.Equal(t, "Anna Berg", e.erp.Record("C100")[0].Name)
}

// A delay on the platform's clock: the write-back import is "queued" and
// invisible until the delay has passed; the change made meanwhile goes to
// the ERP after it (issue 19, items 1 and 2).
func TestChangeWhileCodeOnItsWayBack_JobDelay(t *testing.T) {
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	e := defaults(t, synctest.WithClock(func() time.Time { return now }), synctest.WithJobDelay(time.Minute), synctest.WithPolls(0))
	ctx := context.Background()
	kid := e.plat.AddCompany(sync.Company{OrganizationNo: "556677-8899", Name: "Acme AB"})
	got, err := e.syncer.EnsureCompany(ctx, sync.Company{OrganizationNo: "556677-8899", Name: "Acme AB"})
	require.NoError(t, err)
	j, err := e.client.Job(ctx, got.Job)
	require.NoError(t, err)
	assert.Equal(t, sync.JobQueued, j.State) // NRC-017: the job is not applied yet
	e.plat.ChangeCompany(kid, func(c *sync.Company) { c.Name = "Acme Group AB" })
	rep, err := e.syncer.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"E1"}, rep.Waiting)
	st, err := e.syncer.Settle(ctx)
	require.NoError(t, err)
	assert.Equal(t, []sync.JobID{got.Job}, st.Waiting)
	assert.Empty(t, e.erp.Updates())

	now = now.Add(time.Minute)
	st, err = e.syncer.Settle(ctx)
	require.NoError(t, err)
	assert.Equal(t, []sync.JobID{got.Job}, st.Succeeded)
	assert.Equal(t, []string{"company/organizationNo/556677-8899"}, st.Released)
	// NRC-021: the company was fetched once its code was there, and sent
	assert.Equal(t, []sync.ERPRecord{{Kind: sync.KindOrganisation, Code: "C100", Name: "Acme Group AB", OrganizationNo: "556677-8899"}}, e.erp.Record("C100"))
}

// Without a change in the window, the ERP keeps what it was created with
// and nothing more is sent.
func TestNoChangeWhileCodeOnItsWayBack(t *testing.T) {
	e := defaults(t, synctest.WithManualJobs())
	ctx := context.Background()
	e.plat.AddPerson(sync.Person{Email: "bo@x", FirstName: "Bo"})
	_, err := e.syncer.EnsurePerson(ctx, sync.Person{Email: "bo@x", FirstName: "Bo"})
	require.NoError(t, err)
	e.plat.ProcessAllJobs()
	rep := settle(t, e)
	assert.Len(t, rep.Succeeded, 1)
	assert.Empty(t, e.erp.Updates())
	w, err := e.syncer.SendWaiting(ctx)
	require.NoError(t, err)
	assert.Empty(t, w.Waiting)
	assert.Empty(t, w.Sent)
}

// The simulator's import jobs (issue 19, item 2): queued until applied,
// applied in order, failing part-way with the failed items in the job
// status, and lost ones answering 404.
func TestPlatformImportJobs_NRC_017(t *testing.T) {
	plat := synctest.NewPlatform(synctest.WithManualJobs(), synctest.WithPolls(0))
	srv := httptest.NewServer(plat)
	defer srv.Close()
	cl := synchttp.New(srv.URL, &http.Client{Timeout: time.Second})
	ctx := context.Background()
	j1, err := cl.ImportCustomers(ctx, []sync.Person{{Code: "C1", Email: "a@x"}}, sync.Delta)
	require.NoError(t, err)
	plat.FailImportAfter(1)
	j2, err := cl.ImportCustomers(ctx, []sync.Person{{Code: "C2", Email: "b@x"}, {Code: "C3", Email: "c@x"}}, sync.Delta)
	require.NoError(t, err)
	plat.LoseImports(1)
	j3, err := cl.ImportCustomers(ctx, []sync.Person{{Code: "C4", Email: "d@x"}}, sync.Delta)
	require.NoError(t, err)
	assert.Equal(t, []sync.JobID{j1, j2}, plat.QueuedJobs())

	job, err := cl.Job(ctx, j1)
	require.NoError(t, err)
	assert.Equal(t, sync.Job{ID: j1, State: sync.JobQueued, Total: 1}, job) // NRC-017
	_, err = cl.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "C1"})
	require.ErrorIs(t, err, sync.ErrNotFound, "nothing of a queued job is visible")

	assert.Equal(t, []sync.JobID{j1}, plat.ProcessJobs(1))
	job, err = cl.Job(ctx, j1)
	require.NoError(t, err)
	assert.Equal(t, sync.JobSucceeded, job.State)
	_, err = cl.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "C1"})
	require.NoError(t, err)

	plat.ProcessAllJobs()
	job, err = cl.Job(ctx, j2)
	require.NoError(t, err)
	// NRC-017: failed part-way, reported through the job status
	assert.Equal(t, sync.Job{ID: j2, State: sync.JobFailed, Total: 2, Processed: 1, Changed: 1,
		Failed: []sync.ItemError{{Item: "c@x", Message: "processing aborted"}}}, job)
	_, err = cl.Job(ctx, j3)
	require.ErrorIs(t, err, sync.ErrNotFound)
	assert.Empty(t, plat.QueuedJobs())
}
