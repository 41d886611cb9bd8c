package sync

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// outboxFailing is a store whose writes of outbox records fail once fail is
// set; the rest (jobs, fingerprints) is written as usual.
type outboxFailing struct {
	*MemoryStore
	fail bool
}

var errStoreDown = errors.New("store down")

func (s *outboxFailing) Put(ctx context.Context, st State) error {
	if s.fail && strings.HasPrefix(st.Key, "outbox/") {
		return errStoreDown
	}
	return s.MemoryStore.Put(ctx, st)
}

func newOutboxSyncer(t *testing.T, store Store) (*Syncer, *MockImporter) {
	t.Helper()
	s, im, _ := newAnonOutboxSyncer(t, store, nil)
	return s, im
}

func newAnonOutboxSyncer(t *testing.T, store Store, anon func(Person) bool) (*Syncer, *MockImporter, *MockQuerier) {
	t.Helper()
	ctrl := gomock.NewController(t)
	im, q := NewMockImporter(ctrl), NewMockQuerier(ctrl)
	s, err := New(Deps{Importer: im, Querier: q, Events: NewMockEventSource(ctrl), ERP: NewMockERP(ctrl),
		Store: store, Now: func() time.Time { return time.Unix(0, 0) }, AnonymizedPerson: anon}, DefaultSettings(ScopeClientUnique))
	require.NoError(t, err)
	return s, im, q
}

var (
	flushPerson  = Person{Code: "C1", LastName: "Lind"}
	flushCompany = Company{Code: "K1", OrganizationNo: "556677-8899", Name: "Lind AB"}
)

// NRC-017: a Flush imports the pending persons and the pending companies,
// each import giving a job, and reports both jobs.
func TestFlushImportsPersonsAndCompanies_NRC_017(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, im := newOutboxSyncer(t, NewMemoryStore())
	_, err := s.Record(ctx, Change{Key: "p1", Person: &flushPerson})
	require.NoError(t, err)
	_, err = s.Record(ctx, Change{Key: "k1", Company: &flushCompany})
	require.NoError(t, err)
	im.EXPECT().ImportCustomers(ctx, []Person{flushPerson}, Delta).Return(JobID("J1"), nil)
	im.EXPECT().ImportCompanies(ctx, []Company{flushCompany}, Delta).Return(JobID("J2"), nil)

	rep, err := s.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, []JobID{"J1", "J2"}, rep.Jobs, "NRC-017: each import's job")
	assert.ElementsMatch(t, []string{"p1", "k1"}, rep.Sent, "NRC-017")
	assert.Empty(t, rep.Pending)
}

// NRC-017: an import that fails leaves its changes pending for the next
// Flush, and Flush says so.
func TestFlushImportFailureLeavesChangesPending_NRC_017(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, im := newOutboxSyncer(t, NewMemoryStore())
	_, err := s.Record(ctx, Change{Key: "p1", Person: &flushPerson})
	require.NoError(t, err)
	im.EXPECT().ImportCustomers(ctx, []Person{flushPerson}, Delta).Return(JobID(""), ErrUnavailable)

	rep, err := s.Flush(ctx)
	require.ErrorIs(t, err, ErrUnavailable, "NRC-017: the failed import is reported")
	assert.Equal(t, []string{"p1"}, rep.Pending, "NRC-017: left for the next Flush")
	assert.Empty(t, rep.Jobs)
}

// NRC-017, NRC-019, NRC-024: a change whose outcome cannot be recorded
// (sent with its job, unchanged since the last delta import, or skipped as
// anonymized) is an error of Flush, not silently lost.
func TestFlushReportsOutcomesItCannotRecord_NRC_017_NRC_019(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := &outboxFailing{MemoryStore: NewMemoryStore()}
	s, im := newOutboxSyncer(t, store)
	_, err := s.Record(ctx, Change{Key: "p1", Person: &flushPerson})
	require.NoError(t, err)
	im.EXPECT().ImportCustomers(ctx, []Person{flushPerson}, Delta).Return(JobID("J1"), nil)
	store.fail = true
	_, err = s.Flush(ctx)
	require.ErrorIs(t, err, errStoreDown, "NRC-017: the sent change could not be marked")

	// Content whose fingerprint was recorded: a delta import skips it (NRC-019).
	store = &outboxFailing{MemoryStore: NewMemoryStore()}
	s, _ = newOutboxSyncer(t, store)
	other := Person{Code: "C2", LastName: "Berg"}
	id, err := IdentifyPerson(other)
	require.NoError(t, err)
	sk, err := s.set.Scope.Key("person", id)
	require.NoError(t, err)
	require.NoError(t, store.Put(ctx, State{Key: "fp/" + sk, Fingerprint: fingerprint(other)}))
	_, err = s.Record(ctx, Change{Key: "p2", Person: &other})
	require.NoError(t, err)
	store.fail = true
	_, err = s.Flush(ctx)
	require.ErrorIs(t, err, errStoreDown, "NRC-019: the unchanged change could not be marked")

	// A person anonymized on the platform is skipped (NRC-024) and marked done.
	store = &outboxFailing{MemoryStore: NewMemoryStore()}
	s, _, q := newAnonOutboxSyncer(t, store, func(p Person) bool { return p.LastName == "*****" })
	q.EXPECT().Person(ctx, Identity{Kind: ByCode, Value: "C1"}).Return(Person{ID: "P1", Code: "C1", LastName: "*****"}, nil)
	_, err = s.Record(ctx, Change{Key: "p3", Person: &flushPerson})
	require.NoError(t, err)
	store.fail = true
	_, err = s.Flush(ctx)
	require.ErrorIs(t, err, errStoreDown, "NRC-024: the anonymized change could not be marked")
}

// A person refused by validation is named by its identifier (NRC-011:
// a code or an email identifies a person).
func TestValidatePersonNamesThePerson_NRC_011(t *testing.T) {
	t.Parallel()
	err := ValidatePerson(Person{Code: "C1", Accounts: []Account{{Login: "a"}}})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "person C1", ve.Record, "NRC-011")
	err = ValidatePerson(Person{FirstName: "Ann"})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "person (no identifier)", ve.Record, "NRC-011")
}

// NRC-017, NRC-019: once the import job of a flushed change succeeded,
// Settle marks the change done and records its content, so a delta import
// of the same content later sends nothing.
func TestSettleCompletesFlushedChanges_NRC_017_NRC_019(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, im := newOutboxSyncer(t, NewMemoryStore())
	_, err := s.Record(ctx, Change{Key: "p1", Person: &flushPerson})
	require.NoError(t, err)
	im.EXPECT().ImportCustomers(ctx, []Person{flushPerson}, Delta).Return(JobID("J1"), nil)
	_, err = s.Flush(ctx)
	require.NoError(t, err)
	im.EXPECT().Job(ctx, JobID("J1")).Return(Job{ID: "J1", State: JobSucceeded, Total: 1}, nil)
	rep, err := s.Settle(ctx)
	require.NoError(t, err)
	assert.Equal(t, []JobID{"J1"}, rep.Succeeded)
	st, ok, err := s.d.Store.Get(ctx, "outbox/p1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "done", st.Status, "NRC-017: the change's job succeeded")

	_, err = s.Record(ctx, Change{Key: "p1-again", Person: &flushPerson})
	require.NoError(t, err)
	frep, err := s.Flush(ctx) // no ImportCustomers expected: the mock fails on one
	require.NoError(t, err)
	assert.Equal(t, []string{"p1-again"}, frep.Unchanged, "NRC-019: the same content is not imported again")
}

// NRC-017: a settled outcome that cannot be recorded is an error of Settle.
func TestSettleReportsOutcomesItCannotRecord_NRC_017(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := &outboxFailing{MemoryStore: NewMemoryStore()}
	s, im := newOutboxSyncer(t, store)
	_, err := s.Record(ctx, Change{Key: "p1", Person: &flushPerson})
	require.NoError(t, err)
	im.EXPECT().ImportCustomers(ctx, []Person{flushPerson}, Delta).Return(JobID("J1"), nil)
	_, err = s.Flush(ctx)
	require.NoError(t, err)
	im.EXPECT().Job(ctx, JobID("J1")).Return(Job{ID: "J1", State: JobSucceeded, Total: 1}, nil)
	store.fail = true
	_, err = s.Settle(ctx)
	require.ErrorIs(t, err, errStoreDown, "NRC-017: the change could not be marked done")
}
