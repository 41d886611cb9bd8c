package sync

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// ensureFailing is a store whose writes of order-time creation records fail
// once fail is set.
type ensureFailing struct {
	*MemoryStore
	fail bool
}

func (s *ensureFailing) Put(ctx context.Context, st State) error {
	if s.fail && strings.HasPrefix(st.Key, "ensure/") {
		return errStoreDown
	}
	return s.MemoryStore.Put(ctx, st)
}

func newEnsureSyncer(t *testing.T, store Store, anon func(Person) bool) (*Syncer, *MockImporter, *MockERP, *MockQuerier) {
	t.Helper()
	ctrl := gomock.NewController(t)
	im, erp, q := NewMockImporter(ctrl), NewMockERP(ctrl), NewMockQuerier(ctrl)
	s, err := New(Deps{Importer: im, Querier: q, Events: NewMockEventSource(ctrl), ERP: erp, Store: store,
		Now: func() time.Time { return time.Unix(0, 0) }, AnonymizedPerson: anon}, DefaultSettings(ScopeClientUnique))
	require.NoError(t, err)
	return s, im, erp, q
}

// NRC-015, NRC-016: a person without a code is created in the ERP at order
// time and the ERP's code is written back to the platform at once, with the
// write-back's job.
func TestEnsurePersonCreatesAndWritesBack_NRC_015_NRC_016(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, im, erp, _ := newEnsureSyncer(t, NewMemoryStore(), nil)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil)
	im.EXPECT().ImportCustomers(ctx, []Person{{Email: "ann@x", Code: "E1"}}, Delta).Return(JobID("J1"), nil)

	got, err := s.EnsurePerson(ctx, Person{Email: "ann@x", LastName: "Lind"})
	require.NoError(t, err)
	assert.Equal(t, "E1", got.Code, "NRC-015")
	assert.True(t, got.Created)
	assert.Equal(t, JobID("J1"), got.Job, "NRC-016: the code is written back")
}

// NRC-016: a write-back that fails is an error of EnsurePerson (the next
// call sends it again); so is a creation that cannot be recorded.
func TestEnsurePersonReportsWhatFailed_NRC_016(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, im, erp, _ := newEnsureSyncer(t, NewMemoryStore(), nil)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil)
	im.EXPECT().ImportCustomers(ctx, gomock.Any(), Delta).Return(JobID(""), ErrUnavailable)
	got, err := s.EnsurePerson(ctx, Person{Email: "ann@x", LastName: "Lind"})
	require.ErrorIs(t, err, ErrUnavailable, "NRC-016: the write-back failed")
	assert.Equal(t, "E1", got.Code)

	store := &ensureFailing{MemoryStore: NewMemoryStore(), fail: true}
	s, _, _, _ = newEnsureSyncer(t, store, nil)
	_, err = s.EnsurePerson(ctx, Person{Email: "bo@x", LastName: "Berg"})
	require.ErrorIs(t, err, errStoreDown, "NRC-016: the attempt is recorded before the ERP is asked")
}

// NRC-016: when the ERP's code cannot be recorded after the creation, the
// error says so (the write-back would otherwise be lost).
func TestEnsurePersonCodeNotRecorded_NRC_016(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := &ensureFailing{MemoryStore: NewMemoryStore()}
	s, _, erp, _ := newEnsureSyncer(t, store, nil)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).DoAndReturn(func(context.Context, string, []ERPRecord) (string, error) {
		store.fail = true
		return "E1", nil
	})
	got, err := s.EnsurePerson(ctx, Person{Email: "ann@x", LastName: "Lind"})
	require.ErrorIs(t, err, errStoreDown, "NRC-016: the ERP code could not be recorded")
	assert.Equal(t, "E1", got.Code)
}

// NRC-024: a person anonymized on the platform since the ERP created it
// gets no write-back: its identifying data would be written back onto it.
func TestEnsurePersonAnonymizedSinceGetsNoWriteBack_NRC_024(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, erp, q := newEnsureSyncer(t, NewMemoryStore(), func(p Person) bool { return p.LastName == "*****" })
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil)
	q.EXPECT().Person(ctx, gomock.Any()).Return(Person{ID: "P1", Email: "ann@x", LastName: "*****"}, nil).AnyTimes()
	// No ImportCustomers expected: the mock fails the test on a write-back.
	got, err := s.EnsurePerson(ctx, Person{ID: "P1", Email: "ann@x", LastName: "Lind"})
	require.NoError(t, err)
	assert.Empty(t, got.Job, "NRC-024: nothing written back")
}
