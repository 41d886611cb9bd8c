package synctest_test

import (
	"context"
	"encoding/json"
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

type env struct {
	plat   *synctest.Platform
	erp    *synctest.ERP
	client *synchttp.Client
	store  *sync.MemoryStore
	syncer *sync.Syncer
}

func setup(t *testing.T, set sync.Settings, opts ...synctest.PlatformOption) *env {
	t.Helper()
	e := &env{plat: synctest.NewPlatform(append([]synctest.PlatformOption{synctest.WithHang(5 * time.Second), synctest.WithScope(set.Scope)}, opts...)...),
		erp: synctest.NewERP(), store: sync.NewMemoryStore()}
	srv := httptest.NewServer(e.plat)
	t.Cleanup(srv.Close)
	e.client = synchttp.New(srv.URL, &http.Client{Timeout: time.Second})
	set.Wait = sync.WaitOptions{Interval: time.Millisecond, Timeout: 5 * time.Second}
	s, err := sync.New(sync.Deps{Importer: e.client, Querier: e.client, Events: e.client, ERP: e.erp, Store: e.store,
		AnonymizedPerson: synctest.IsAnonymized}, set)
	require.NoError(t, err)
	e.syncer = s
	return e
}

func defaults(t *testing.T, opts ...synctest.PlatformOption) *env {
	return setup(t, sync.DefaultSettings(sync.ScopeClientUnique), opts...)
}

func settle(t *testing.T, e *env) sync.SettleReport {
	t.Helper()
	var all sync.SettleReport
	for i := 0; i < 3; i++ {
		rep, err := e.syncer.Settle(context.Background())
		all.Succeeded = append(all.Succeeded, rep.Succeeded...)
		all.Failed = append(all.Failed, rep.Failed...)
		if len(rep.Failed) == 0 {
			require.NoError(t, err)
		}
		if len(rep.Waiting) == 0 {
			return all
		}
	}
	t.Fatal("jobs did not finish")
	return all
}

func payloads(t *testing.T, raws []json.RawMessage) []string {
	var out []string
	for _, r := range raws {
		out = append(out, string(r))
	}
	return out
}

// NRC-016-E1 (with NRC-014, NRC-015): an order arrives for a person without
// a code; the ERP creates C100 and only {email, code} is imported back.
func TestNRC_016_E1(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	pid := e.plat.AddPerson(sync.Person{Email: "ann@x", FirstName: "Ann", LastName: "Lind"}) // created at first order (NRC-014)

	got, err := e.syncer.EnsurePerson(ctx, sync.Person{Email: "ann@x", FirstName: "Ann", LastName: "Lind"})
	require.NoError(t, err)
	assert.Equal(t, "C100", got.Code)
	assert.True(t, got.Created)
	require.NotEmpty(t, got.Job) // the returned job id is recorded
	assert.Equal(t, []string{"C100"}, e.erp.Codes())
	assert.Equal(t, []string{`[{"code":"C100","email":"ann@x"}]`}, payloads(t, e.plat.Imported(synctest.OpImportCustomers)))
	st, ok, err := e.store.Get(ctx, "ensure/person/email/ann@x")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, got.Job, st.Job)

	settle(t, e)
	p, _ := e.plat.PersonByID(pid)
	assert.Equal(t, "C100", p.Code)
	assert.Equal(t, "Lind", p.LastName)

	// NRC-015: a person who has a code is not created again
	again, err := e.syncer.EnsurePerson(ctx, sync.Person{Code: "C100", Email: "ann@x"})
	require.NoError(t, err)
	assert.False(t, again.Created)
	assert.Equal(t, 1, e.erp.Calls(synctest.ERPCreate))
	assert.Len(t, e.plat.Imported(synctest.OpImportCustomers), 1)
}

// NRC-011-E2 end to end: after the write-back, the person with code C100 and
// a new email is matched by C100 (NRC-007), not by email.
func TestNRC_011_E2_CodeWinsAfterWriteBack(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	pid := e.plat.AddPerson(sync.Person{Email: "ann@x"})
	_, err := e.syncer.EnsurePerson(ctx, sync.Person{Email: "ann@x"})
	require.NoError(t, err)
	settle(t, e)
	_, err = e.syncer.ImportPersons(ctx, []sync.Person{{Code: "C100", Email: "ann@y"}}, sync.Delta)
	require.NoError(t, err)
	settle(t, e)
	p, ok := e.plat.PersonByID(pid)
	require.True(t, ok)
	assert.Equal(t, "ann@y", p.Email)
	found, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "C100"})
	require.NoError(t, err)
	assert.Equal(t, pid, found.ID)
}

// NRC-015, NRC-016 for companies: the write-back carries the organisation
// number and the code only.
func TestEnsureCompany_NRC_015_NRC_016(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	e.plat.AddCompany(sync.Company{OrganizationNo: "556677-8899", Name: "Acme AB"})
	got, err := e.syncer.EnsureCompany(ctx, sync.Company{OrganizationNo: "556677-8899", Name: "Acme AB"})
	require.NoError(t, err)
	assert.Equal(t, "C100", got.Code)
	assert.Equal(t, sync.ByOrganizationNo, got.Identity.Kind)
	assert.Equal(t, []string{`[{"code":"C100","organizationNo":"556677-8899"}]`}, payloads(t, e.plat.Imported(synctest.OpImportCompanies)))
	assert.Equal(t, sync.KindOrganisation, e.erp.Record("C100")[0].Kind)
}

// NRC-006-E1: ACME lists C100 and C200 and only C100 exists: refused with
// "company ACME: contact C200 does not exist", or sent after importing C200.
func TestNRC_006_E1(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	e.plat.AddPerson(sync.Person{Code: "C100", Email: "c100@x"})
	acme := sync.Company{Code: "ACME", Name: "Acme AB", Contacts: []string{"C100", "C200"}}

	// NRC-006: the host chose to refuse: the error names the company and the contact, nothing is sent
	_, err := e.syncer.ImportCompanies(ctx, []sync.Company{acme}, sync.Delta, sync.ContactPolicy{})
	var mc *sync.MissingContactError
	require.ErrorAs(t, err, &mc)
	assert.Equal(t, "company ACME: contact C200 does not exist", mc.Error())
	assert.ErrorIs(t, err, sync.ErrMissingContact)
	assert.Equal(t, 0, e.plat.Requests(synctest.OpImportCompanies))

	// NRC-006: the host chose to import C200 first, then the company
	res, err := e.syncer.ImportCompanies(ctx, []sync.Company{acme}, sync.Delta, sync.ContactPolicy{
		Supply: func(_ context.Context, code string) (sync.Person, error) {
			return sync.Person{Code: code, Email: "c200@x", FirstName: "Bo"}, nil
		}})
	require.NoError(t, err)
	require.NotEmpty(t, res.Contacts)
	settle(t, e)
	c, err := e.client.Company(ctx, sync.Identity{Kind: sync.ByCode, Value: "ACME"})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"C100", "C200"}, c.Contacts)
	p, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "C200"})
	require.NoError(t, err)
	assert.Equal(t, []string{"ACME"}, p.Companies) // NRC-005: membership
}

// NRC-003, NRC-005, NRC-006: a company with full contacts and price lists;
// each contact becomes a person who is a member of the company.
func TestCompanyWithContacts_NRC_003_NRC_005_NRC_006(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	acme := sync.Company{Code: "ACME", OrganizationNo: "556677-8899", Name: "Acme AB", PriceLists: []string{"B2B-GOLD"},
		Customers: []sync.Person{
			{Code: "C1", Email: "ann@acme", Accounts: []sync.Account{{Application: "shop", Login: "ann"}}, PriceLists: []string{"ANN"}},
			{Code: "C2", Email: "bo@acme"},
		}}
	res, err := e.syncer.ImportCompanies(ctx, []sync.Company{acme}, sync.Delta, sync.ContactPolicy{})
	require.NoError(t, err)
	settle(t, e)
	c, err := e.client.Company(ctx, sync.Identity{Kind: sync.ByOrganizationNo, Value: "556677-8899"})
	require.NoError(t, err)
	assert.Equal(t, []string{"B2B-GOLD"}, c.PriceLists)
	require.Len(t, c.Customers, 2) // NRC-003: one company, many contact persons
	ann, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "C1"})
	require.NoError(t, err)
	assert.Equal(t, []string{"ACME"}, ann.Companies)
	assert.Equal(t, []string{"ANN"}, ann.PriceLists)
	assert.Equal(t, []sync.Account{{Application: "shop", Login: "ann"}}, ann.Accounts)
	assert.NotEmpty(t, res.Job)

	// NRC-005: a second account for the same application is refused locally
	_, err = e.syncer.ImportPersons(ctx, []sync.Person{{Code: "C1", Accounts: []sync.Account{{Application: "shop", Login: "ann"}, {Application: "shop", Login: "ann2"}}}}, sync.Delta)
	require.ErrorIs(t, err, sync.ErrInvalid)
	// ... and by the platform when it arrives in a later import
	job, err := e.client.ImportCustomers(ctx, []sync.Person{{Code: "C1", Accounts: []sync.Account{{Application: "shop", Login: "ann2"}}}}, sync.Delta)
	require.NoError(t, err)
	_, err = sync.WaitJob(ctx, e.client, job, sync.WaitOptions{Interval: time.Millisecond})
	var ie *sync.ImportError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Failed[0].Message, "application shop already has an account")
}

// NRC-008: the integration never sets the internal id: the syncer strips it
// before an import, and the platform refuses an import that sets one.
func TestInternalIDNeverSet_NRC_008(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	_, err := e.syncer.ImportCompanies(ctx, []sync.Company{{ID: "K77", Code: "ACME", Name: "Acme"}}, sync.Full, sync.ContactPolicy{})
	require.NoError(t, err)
	settle(t, e)
	assert.NotContains(t, string(e.plat.Imported(synctest.OpImportCompanies)[0]), "K77")
	job, err := e.client.ImportCompanies(ctx, []sync.Company{{ID: "K77", Code: "BETA"}}, sync.Full)
	require.NoError(t, err)
	_, err = sync.WaitJob(ctx, e.client, job, sync.WaitOptions{Interval: time.Millisecond})
	var ie *sync.ImportError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "id K77 cannot be set by the integration", ie.Failed[0].Message)
}

// NRC-013 end to end: under application-unique the same person has codes E1
// and E9 on applications A and B and both are kept apart.
func TestApplicationUniqueCodes_NRC_013(t *testing.T) {
	e := setup(t, sync.DefaultSettings(sync.ScopeApplicationUnique))
	ctx := context.Background()
	ps := []sync.Person{{Email: "p@x", ApplicationKey: "A", Code: "E1"}, {Email: "p@x", ApplicationKey: "B", Code: "E9"}}
	require.NoError(t, sync.CheckCodes(sync.ScopeApplicationUnique, ps))
	_, err := e.syncer.ImportPersons(ctx, ps, sync.Delta)
	require.NoError(t, err)
	settle(t, e)
	a, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "E1", Application: "A"})
	require.NoError(t, err)
	b, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "E9", Application: "B"})
	require.NoError(t, err)
	assert.NotEqual(t, a.ID, b.ID)
	_, err = e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "E1", Application: "B"})
	assert.ErrorIs(t, err, sync.ErrNotFound)
}

// NRC-017, NRC-018, NRC-019: imports return a job id with a status; a delta
// import of unchanged data sends nothing, a full import sends everything and
// the platform changes nothing.
func TestImportJobsDeltaAndFull_NRC_017_NRC_018_NRC_019(t *testing.T) {
	e := defaults(t, synctest.WithPolls(2))
	ctx := context.Background()
	ps := []sync.Person{{Code: "C1", Email: "a@x", FirstName: "A"}, {Code: "C2", Email: "b@x", FirstName: "B"}}
	res, err := e.syncer.ImportPersons(ctx, ps, sync.Delta)
	require.NoError(t, err)
	require.NotEmpty(t, res.Job) // NRC-017
	j, err := e.client.Job(ctx, res.Job)
	require.NoError(t, err)
	assert.Equal(t, sync.JobRunning, j.State)
	now := time.Unix(0, 0)
	j, err = sync.WaitJob(ctx, e.client, res.Job, sync.WaitOptions{Now: func() time.Time { return now },
		Sleep: func(context.Context, time.Duration) error { now = now.Add(time.Second); return nil }})
	require.NoError(t, err)
	assert.Equal(t, sync.JobSucceeded, j.State)
	assert.Equal(t, 2, j.Changed)
	settle(t, e)

	res, err = e.syncer.ImportPersons(ctx, ps, sync.Delta) // NRC-018, NRC-019: unchanged, nothing sent
	require.NoError(t, err)
	assert.Empty(t, res.Job)
	assert.Equal(t, []string{"code:C1", "code:C2"}, res.Unchanged)
	assert.Equal(t, 1, e.plat.Requests(synctest.OpImportCustomers))

	ps[1].FirstName = "Bo" // NRC-019: a delta sends only what changed
	res, err = e.syncer.ImportPersons(ctx, ps, sync.Delta)
	require.NoError(t, err)
	assert.Equal(t, []string{"code:C2"}, res.Sent)

	res, err = e.syncer.ImportPersons(ctx, ps, sync.Full) // NRC-019: full sends all; NRC-018: the platform changes nothing
	require.NoError(t, err)
	assert.Equal(t, []string{"code:C1", "code:C2"}, res.Sent)
	settle(t, e)
	j, err = e.client.Job(ctx, res.Job)
	require.NoError(t, err)
	assert.Equal(t, 0, j.Changed)
}

// NRC-017: an import job that fails halfway is reported with the items that
// failed; the next delta import sends exactly those.
func TestImportFailsHalfway_NRC_017(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	ps := []sync.Person{{Code: "C1", Email: "a@x"}, {Code: "C2", Email: "b@x"}, {Code: "C3", Email: "c@x"}}
	e.plat.FailImportAfter(1)
	_, err := e.syncer.ImportPersons(ctx, ps, sync.Delta)
	require.NoError(t, err)
	_, _ = e.syncer.Settle(ctx) // running
	rep, err := e.syncer.Settle(ctx)
	var ie *sync.ImportError
	require.ErrorAs(t, err, &ie)
	assert.Len(t, rep.Failed, 1)
	assert.Equal(t, []sync.ItemError{{Item: "b@x", Message: "processing aborted"}, {Item: "c@x", Message: "processing aborted"}}, ie.Failed)

	res, err := e.syncer.ImportPersons(ctx, ps, sync.Delta)
	require.NoError(t, err)
	assert.Equal(t, []string{"code:C2", "code:C3"}, res.Sent)
	assert.Equal(t, []string{"code:C1"}, res.Unchanged)
	settle(t, e)
	for _, code := range []string{"C1", "C2", "C3"} {
		_, err := e.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: code})
		require.NoError(t, err, code)
	}
}

// NRC-020, NRC-021-E1, NRC-004: a company-changed event for ACME: the
// company is queried, mapped through the hook and sent to the ERP.
func TestNRC_021_E1(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	kid := e.plat.AddCompany(sync.Company{Code: "ACME", Name: "Acme AB", OrganizationNo: "556677-8899"})
	e.plat.ChangeCompany(kid, func(c *sync.Company) { c.Name = "Acme Group AB" })
	rep, err := e.syncer.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"E1"}, rep.Sent)
	require.Len(t, e.erp.Updates(), 1)
	assert.Equal(t, []sync.ERPRecord{{Kind: sync.KindOrganisation, Code: "ACME", Name: "Acme Group AB", OrganizationNo: "556677-8899"}}, e.erp.Updates()[0])
	assert.Equal(t, 1, e.plat.Requests(synctest.OpQueryCompany))
	assert.Equal(t, 0, e.plat.Pending())
}

// NRC-004: a host mapper for an ERP without separate organisations folds a
// company and its contacts into one record.
type foldingMapper struct{ sync.DirectMapper }

func (foldingMapper) CompanyToERP(c sync.Company) ([]sync.ERPRecord, error) {
	r := sync.ERPRecord{Kind: "account", Code: c.Code, Name: c.Name, Fields: map[string]string{}}
	for _, p := range c.Customers {
		r.Fields["contact:"+p.Code] = p.Email
	}
	return []sync.ERPRecord{r}, nil
}

func TestMappingHook_NRC_004(t *testing.T) {
	plat := synctest.NewPlatform()
	srv := httptest.NewServer(plat)
	defer srv.Close()
	cl := synchttp.New(srv.URL, nil)
	erp := synctest.NewERP()
	s, err := sync.New(sync.Deps{Importer: cl, Querier: cl, Events: cl, ERP: erp, Store: sync.NewMemoryStore(), Mapper: foldingMapper{}},
		sync.DefaultSettings(sync.ScopeClientUnique))
	require.NoError(t, err)
	ctx := context.Background()
	plat.AddPerson(sync.Person{Code: "C1", Email: "ann@acme", Companies: []string{"ACME"}})
	kid := plat.AddCompany(sync.Company{Code: "ACME", Name: "Acme AB"})
	plat.ChangeCompany(kid, func(c *sync.Company) { c.Name = "Acme AB (new)" })
	_, err = s.HandleEvents(ctx, 10)
	require.NoError(t, err)
	require.Len(t, erp.Updates(), 1)
	assert.Equal(t, []sync.ERPRecord{{Kind: "account", Code: "ACME", Name: "Acme AB (new)", Fields: map[string]string{"contact:C1": "ann@acme"}}}, erp.Updates()[0])
}

// NRC-020, NRC-022, NRC-024: entities without a code are skipped, other
// event types are only acknowledged, and an anonymized person is never sent.
func TestEventsSkipped_NRC_020_NRC_022_NRC_024(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	noCode := e.plat.AddPerson(sync.Person{Email: "new@x"})
	withCode := e.plat.AddPerson(sync.Person{Code: "C5", Email: "c5@x", FirstName: "Cy"})
	e.plat.ChangePerson(noCode, func(p *sync.Person) { p.FirstName = "Nu" })
	e.plat.Emit("OrderShippedNotification", "O-1")
	e.plat.Anonymize(withCode)
	rep, err := e.syncer.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"E1"}, rep.NoCode)     // NRC-020
	assert.Equal(t, []string{"E2"}, rep.Ignored)    // NRC-022
	assert.Equal(t, []string{"E3"}, rep.Anonymized) // NRC-024
	assert.Empty(t, e.erp.Updates())
	assert.Equal(t, 0, e.plat.Pending())
}

// customer-sync.md Z-01: the event names are configurable.
func TestEventNamesConfigurable(t *testing.T) {
	set := sync.DefaultSettings(sync.ScopeClientUnique)
	set.PersonChangedEvent = "CustomerChangeNotification"
	e := setup(t, set, synctest.WithEventNames("CustomerChangeNotification", "CompanyChangeNotification"))
	pid := e.plat.AddPerson(sync.Person{Code: "C9", Email: "c9@x"})
	e.plat.ChangePerson(pid, func(p *sync.Person) { p.Phone = "+46 70 000" })
	rep, err := e.syncer.HandleEvents(context.Background(), 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"E1"}, rep.Sent)
	assert.Equal(t, "+46 70 000", e.erp.Updates()[0][0].Phone)
}

// NRC-023-E1: the ERP holds C300 / bo@x; the platform person bo@x has no
// code; reconciliation imports {email: bo@x, code: C300} (NRC-023, NRC-011).
func TestNRC_023_E1(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	e.erp.Seed(sync.ERPRecord{Kind: sync.KindPerson, Code: "C300", Email: "bo@x", Name: "Bo"},
		sync.ERPRecord{Kind: sync.KindPerson, Code: "C301", Email: "cy@x"},
		sync.ERPRecord{Kind: sync.KindOrganisation, Code: "ACME", OrganizationNo: "556677-8899"},
		sync.ERPRecord{Kind: sync.KindPerson, Code: "C302", Email: "gone@x"})
	bo := e.plat.AddPerson(sync.Person{Email: "bo@x", FirstName: "Bo", LastName: "Ek"}) // write-back after order time failed
	e.plat.AddPerson(sync.Person{Code: "C301", Email: "cy@x"})
	acme := e.plat.AddCompany(sync.Company{Code: "OLD", OrganizationNo: "556677-8899"})

	rep, err := e.syncer.Reconcile(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, rep.Checked)
	assert.Equal(t, 1, rep.InSync)
	assert.Equal(t, []string{"C302"}, rep.NotInPlatform)
	assert.Equal(t, []sync.Drift{
		{Identity: sync.Identity{Kind: sync.ByEmail, Value: "bo@x"}, ERPCode: "C300"},
		{Identity: sync.Identity{Kind: sync.ByOrganizationNo, Value: "556677-8899"}, PlatformCode: "OLD", ERPCode: "ACME"},
	}, rep.Drift)
	// NRC-023: the bare minimum plus the ERP code
	assert.Equal(t, []string{`[{"code":"C300","email":"bo@x"}]`}, payloads(t, e.plat.Imported(synctest.OpImportCustomers)))
	assert.Equal(t, []string{`[{"code":"ACME","organizationNo":"556677-8899"}]`}, payloads(t, e.plat.Imported(synctest.OpImportCompanies)))
	settle(t, e)
	p, _ := e.plat.PersonByID(bo)
	assert.Equal(t, "C300", p.Code)
	assert.Equal(t, "Ek", p.LastName)
	c, _ := e.plat.CompanyByID(acme)
	assert.Equal(t, "ACME", c.Code)

	rep, err = e.syncer.Reconcile(ctx) // repaired: no drift left
	require.NoError(t, err)
	assert.Empty(t, rep.Drift)
	assert.Empty(t, rep.Jobs)
}

// NRC-024 end to end: a delta import never writes personal data back onto
// a person the platform anonymized.
func TestImportNeverWritesOntoAnonymized_NRC_024(t *testing.T) {
	e := defaults(t)
	ctx := context.Background()
	pid := e.plat.AddPerson(sync.Person{Code: "C7", Email: "dan@x", FirstName: "Dan"})
	e.plat.Anonymize(pid)
	res, err := e.syncer.ImportPersons(ctx, []sync.Person{{Code: "C7", Email: "dan@x", FirstName: "Dan"}}, sync.Full)
	require.NoError(t, err)
	assert.Equal(t, []string{"code:C7"}, res.Anonymized)
	assert.Equal(t, 0, e.plat.Requests(synctest.OpImportCustomers))
	p, _ := e.plat.PersonByID(pid)
	assert.True(t, synctest.IsAnonymized(p))
}

// Faults from either side: typed errors naming the record, nothing created
// or forwarded twice, and a retry completes the work.
func TestFaultsOrderTimeCreation(t *testing.T) {
	cases := []struct {
		name   string
		inject func(e *env)
	}{
		{"ERP create times out before committing", func(e *env) { e.erp.InjectFault(synctest.ERPCreate, synctest.Fault{Kind: synctest.FaultTimeout}) }},
		{"ERP create answer lost after commit", func(e *env) {
			e.erp.InjectFault(synctest.ERPCreate, synctest.Fault{Kind: synctest.FaultTimeout, AfterCommit: true})
		}},
		{"platform import times out", func(e *env) {
			e.plat.InjectFault(synctest.OpImportCustomers, synctest.Fault{Kind: synctest.FaultTimeout})
		}},
		{"platform import 503", func(e *env) { e.plat.InjectFault(synctest.OpImportCustomers, synctest.Fault{Kind: synctest.Fault5xx}) }},
		{"platform import garbage after commit", func(e *env) {
			e.plat.InjectFault(synctest.OpImportCustomers, synctest.Fault{Kind: synctest.FaultGarbage, AfterCommit: true})
		}},
		{"write-back job fails", func(e *env) { e.plat.FailImportAfter(0) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := defaults(t)
			ctx := context.Background()
			pid := e.plat.AddPerson(sync.Person{Email: "ann@x"})
			c.inject(e)
			_, err := e.syncer.EnsurePerson(ctx, sync.Person{Email: "ann@x"})
			if c.name == "write-back job fails" {
				require.NoError(t, err) // the job fails later, asynchronously
			} else {
				require.Error(t, err)
				assert.True(t, sync.Retryable(err), "%v", err)
				assert.Contains(t, err.Error(), "ann@x")
			}
			for i := 0; i < 5; i++ { // the host's retry loop
				_, _ = e.syncer.EnsurePerson(ctx, sync.Person{Email: "ann@x"})
				_, _ = e.syncer.Settle(ctx)
				_, _ = e.syncer.Resume(ctx)
			}
			assert.Equal(t, []string{"C100"}, e.erp.Codes(), "created in the ERP once")
			p, _ := e.plat.PersonByID(pid)
			assert.Equal(t, "C100", p.Code, "the code reached the platform")
			st, _, err := e.store.Get(ctx, "ensure/person/email/ann@x")
			require.NoError(t, err)
			assert.Equal(t, "done", st.Status)
		})
	}
}

func TestFaultsEvents(t *testing.T) {
	cases := []struct {
		name   string
		inject func(e *env)
	}{
		{"query times out", func(e *env) { e.plat.InjectFault(synctest.OpQueryPerson, synctest.Fault{Kind: synctest.FaultTimeout}) }},
		{"query garbage", func(e *env) { e.plat.InjectFault(synctest.OpQueryPerson, synctest.Fault{Kind: synctest.FaultGarbage}) }},
		{"poll 503", func(e *env) { e.plat.InjectFault(synctest.OpPoll, synctest.Fault{Kind: synctest.Fault5xx}) }},
		{"ERP update answer lost after commit", func(e *env) {
			e.erp.InjectFault(synctest.ERPUpdate, synctest.Fault{Kind: synctest.FaultTimeout, AfterCommit: true})
		}},
		{"ack lost", func(e *env) { e.plat.InjectFault(synctest.OpAck, synctest.Fault{Kind: synctest.Fault5xx}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := defaults(t)
			ctx := context.Background()
			pid := e.plat.AddPerson(sync.Person{Code: "C5", Email: "c5@x"})
			e.plat.ChangePerson(pid, func(p *sync.Person) { p.FirstName = "Cy" })
			c.inject(e)
			_, err := e.syncer.HandleEvents(ctx, 10)
			require.Error(t, err)
			assert.True(t, sync.Retryable(err), "%v", err)
			for i := 0; i < 2; i++ {
				_, err = e.syncer.HandleEvents(ctx, 10)
				require.NoError(t, err)
			}
			require.Len(t, e.erp.Updates(), 1, "forwarded once")
			assert.Equal(t, "Cy", e.erp.Updates()[0][0].Name)
			assert.Equal(t, 0, e.plat.Pending(), "nothing left on the bus")
		})
	}
}
