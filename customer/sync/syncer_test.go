package sync

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

type mocks struct {
	im  *MockImporter
	q   *MockQuerier
	ev  *MockEventSource
	erp *MockERP
}

func newMocked(t *testing.T, set Settings, anon func(Person) bool) (*Syncer, mocks) {
	t.Helper()
	ctrl := gomock.NewController(t)
	m := mocks{NewMockImporter(ctrl), NewMockQuerier(ctrl), NewMockEventSource(ctrl), NewMockERP(ctrl)}
	s, err := New(Deps{Importer: m.im, Querier: m.q, Events: m.ev, ERP: m.erp, Store: NewMemoryStore(),
		Now: func() time.Time { return time.Unix(0, 0) }, AnonymizedPerson: anon}, set)
	require.NoError(t, err)
	return s, m
}

// NRC-002: one small interface per platform API role.
func TestOneInterfacePerRole_NRC_002(t *testing.T) {
	assert.Equal(t, 3, reflect.TypeFor[Importer]().NumMethod())
	assert.Equal(t, 2, reflect.TypeFor[Querier]().NumMethod())
	assert.Equal(t, 2, reflect.TypeFor[EventSource]().NumMethod())
}

// NRC-001: each assumption of the recommended pattern can be switched off.
func TestAssumptionsCanBeSwitchedOff_NRC_001(t *testing.T) {
	set := Settings{Scope: ScopeClientUnique} // CreateInERP, SendChangesToERP, Reconcile all off
	s, m := newMocked(t, set, nil)
	ctx := context.Background()
	// no ERP or platform call is expected by the strict mocks
	e, err := s.EnsurePerson(ctx, Person{Email: "ann@x"})
	require.NoError(t, err)
	assert.True(t, e.Skipped)
	assert.Empty(t, e.Code)

	m.ev.EXPECT().Poll(ctx, 10).Return([]Event{{ID: "E1", Type: DefaultPersonChangedEvent, EntityID: "P1"}}, nil)
	m.ev.EXPECT().Ack(ctx, []string{"E1"}).Return(nil)
	rep, err := s.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"E1"}, rep.Ignored)
	assert.False(t, set.Due(TaskReconcile, time.Time{}, time.Now()))
}

// NRC-021: the entity is looked up (by its platform id, a round-trip to the
// platform, NRC-008) and what was fetched is sent, never the event payload.
func TestEventPayloadIsNeverSent_NRC_021(t *testing.T) {
	s, m := newMocked(t, DefaultSettings(ScopeClientUnique), nil)
	ctx := context.Background()
	m.ev.EXPECT().Poll(ctx, 5).Return([]Event{{ID: "E1", Type: DefaultPersonChangedEvent, EntityID: "P1",
		Payload: map[string]string{"email": "stale@x"}}}, nil)
	m.q.EXPECT().Person(ctx, Identity{Kind: ByPlatformID, Value: "P1"}).Return(Person{ID: "P1", Code: "C100", Email: "new@x", FirstName: "Ann"}, nil)
	m.erp.EXPECT().Update(ctx, gomock.Any(), []ERPRecord{{Kind: KindPerson, Code: "C100", Name: "Ann", Email: "new@x"}}).Return(nil)
	m.ev.EXPECT().Ack(ctx, []string{"E1"}).Return(nil)
	rep, err := s.HandleEvents(ctx, 5)
	require.NoError(t, err)
	assert.Equal(t, []string{"E1"}, rep.Sent)
}

// NRC-024: reconciliation never writes onto an anonymized entity.
func TestReconcileLeavesAnonymizedAlone_NRC_024(t *testing.T) {
	anon := func(p Person) bool { return p.LastName == "*****" }
	s, m := newMocked(t, DefaultSettings(ScopeClientUnique), anon)
	ctx := context.Background()
	m.erp.EXPECT().Customers(ctx).Return([]ERPRecord{{Kind: KindPerson, Code: "C300", Email: "bo@x"}}, nil)
	m.q.EXPECT().Person(ctx, Identity{Kind: ByEmail, Value: "bo@x"}).Return(Person{ID: "P3", Email: "bo@x", LastName: "*****"}, nil)
	rep, err := s.Reconcile(ctx) // no ImportCustomers expected
	require.NoError(t, err)
	assert.Equal(t, []string{"C300"}, rep.Anonymized)
	assert.Empty(t, rep.Jobs)
}

// NRC-024: an import never writes personal data onto an anonymized entity.
func TestImportSkipsAnonymized_NRC_024(t *testing.T) {
	anon := func(p Person) bool { return p.LastName == "*****" }
	s, m := newMocked(t, DefaultSettings(ScopeClientUnique), anon)
	ctx := context.Background()
	m.q.EXPECT().Person(ctx, Identity{Kind: ByCode, Value: "C1"}).Return(Person{ID: "P1", Code: "C1", LastName: "*****"}, nil)
	m.q.EXPECT().Person(ctx, Identity{Kind: ByCode, Value: "C2"}).Return(Person{}, ErrNotFound)
	m.im.EXPECT().ImportCustomers(ctx, []Person{{Code: "C2", LastName: "Berg"}}, Delta).Return(JobID("J1"), nil)
	res, err := s.ImportPersons(ctx, []Person{{Code: "C1", LastName: "Lind"}, {Code: "C2", LastName: "Berg"}}, Delta)
	require.NoError(t, err)
	assert.Equal(t, []string{"code:C1"}, res.Anonymized)
	assert.Equal(t, JobID("J1"), res.Job)
}

// NRC-023: reconciliation checks every ERP customer with a code against the
// platform by organisation number; a company whose code agrees is in sync,
// one whose code differs is drift and gets the ERP's code; a look-up that
// fails stops the run with an error.
func TestReconcileCompanies_NRC_023(t *testing.T) {
	t.Parallel()
	s, m := newMocked(t, DefaultSettings(ScopeClientUnique), nil)
	ctx := context.Background()
	m.erp.EXPECT().Customers(ctx).Return([]ERPRecord{
		{Kind: KindOrganisation, Code: "E1", OrganizationNo: "111"},
		{Kind: KindOrganisation, Code: "E2", OrganizationNo: "222"},
		{Kind: KindOrganisation, OrganizationNo: "333"}, // no code yet: not checked
		{Kind: KindPerson, Code: "E3", Email: "ann@x"},
	}, nil)
	m.q.EXPECT().Person(ctx, Identity{Kind: ByEmail, Value: "ann@x"}).Return(Person{ID: "P3", Email: "ann@x", Code: "E3"}, nil)
	m.q.EXPECT().Company(ctx, Identity{Kind: ByOrganizationNo, Value: "111"}).Return(Company{ID: "K1", OrganizationNo: "111", Code: "E1"}, nil)
	m.q.EXPECT().Company(ctx, Identity{Kind: ByOrganizationNo, Value: "222"}).Return(Company{ID: "K2", OrganizationNo: "222", Code: "OLD"}, nil)
	m.im.EXPECT().ImportCompanies(ctx, []Company{{OrganizationNo: "222", Code: "E2"}}, Delta).Return(JobID("J1"), nil)
	rep, err := s.Reconcile(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, rep.Checked, "NRC-023: the customers with a code are checked")
	assert.Equal(t, 2, rep.InSync, "NRC-023: a company and a person in sync")
	assert.Equal(t, []Drift{{Identity: Identity{Kind: ByOrganizationNo, Value: "222"}, PlatformCode: "OLD", ERPCode: "E2"}}, rep.Drift, "NRC-023")
	assert.Equal(t, []JobID{"J1"}, rep.Jobs)

	m.erp.EXPECT().Customers(ctx).Return([]ERPRecord{{Kind: KindOrganisation, Code: "E1", OrganizationNo: "111"}}, nil)
	m.q.EXPECT().Company(ctx, Identity{Kind: ByOrganizationNo, Value: "111"}).Return(Company{}, ErrUnavailable)
	_, err = s.Reconcile(ctx)
	require.ErrorIs(t, err, ErrUnavailable, "NRC-023: a failed look-up is an error, not drift")

	// An import of the ERP's codes that fails is an error of the run.
	m.erp.EXPECT().Customers(ctx).Return([]ERPRecord{{Kind: KindOrganisation, Code: "E2", OrganizationNo: "222"}, {Kind: KindPerson, Code: "E4", Email: "bo@x"}}, nil).Times(2)
	m.q.EXPECT().Company(ctx, Identity{Kind: ByOrganizationNo, Value: "222"}).Return(Company{ID: "K2", OrganizationNo: "222", Code: "OLD"}, nil).Times(2)
	m.q.EXPECT().Person(ctx, Identity{Kind: ByEmail, Value: "bo@x"}).Return(Person{ID: "P4", Email: "bo@x", Code: "OLD"}, nil).Times(2)
	m.im.EXPECT().ImportCustomers(ctx, []Person{{Email: "bo@x", Code: "E4"}}, Delta).Return(JobID(""), ErrUnavailable)
	_, err = s.Reconcile(ctx)
	require.ErrorIs(t, err, ErrUnavailable, "NRC-023: the persons' codes were not imported")
	m.im.EXPECT().ImportCustomers(ctx, []Person{{Email: "bo@x", Code: "E4"}}, Delta).Return(JobID("J2"), nil)
	m.im.EXPECT().ImportCompanies(ctx, []Company{{OrganizationNo: "222", Code: "E2"}}, Delta).Return(JobID(""), ErrUnavailable)
	_, err = s.Reconcile(ctx)
	require.ErrorIs(t, err, ErrUnavailable, "NRC-023: the companies' codes were not imported")
}

// jobFailing is a store whose writes of import-job records fail.
type jobFailing struct{ *MemoryStore }

func (s jobFailing) Put(ctx context.Context, st State) error {
	if strings.HasPrefix(st.Key, "job/") {
		return errStoreDown
	}
	return s.MemoryStore.Put(ctx, st)
}

// NRC-023: a reconciliation import whose job cannot be tracked is an error
// (Settle would never learn whether the ERP's codes arrived).
func TestReconcileJobNotTracked_NRC_023(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ctrl := gomock.NewController(t)
	im, erp, q := NewMockImporter(ctrl), NewMockERP(ctrl), NewMockQuerier(ctrl)
	s, err := New(Deps{Importer: im, Querier: q, Events: NewMockEventSource(ctrl), ERP: erp, Store: jobFailing{NewMemoryStore()},
		Now: func() time.Time { return time.Unix(0, 0) }}, DefaultSettings(ScopeClientUnique))
	require.NoError(t, err)
	erp.EXPECT().Customers(ctx).Return([]ERPRecord{{Kind: KindOrganisation, Code: "E2", OrganizationNo: "222"}}, nil)
	q.EXPECT().Company(ctx, Identity{Kind: ByOrganizationNo, Value: "222"}).Return(Company{ID: "K2", OrganizationNo: "222", Code: "OLD"}, nil)
	im.EXPECT().ImportCompanies(ctx, []Company{{OrganizationNo: "222", Code: "E2"}}, Delta).Return(JobID("J1"), nil)
	_, err = s.Reconcile(ctx)
	require.ErrorIs(t, err, errStoreDown, "NRC-023: the job of the ERP's codes is tracked")
}
