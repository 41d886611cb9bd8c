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

// NRC-016: Resume sends again a write-back whose first send failed, without
// creating anything in the ERP again, and reports its job.
func TestResumeSendsAFailedWriteBackAgain_NRC_016(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, im, erp, _ := newEnsureSyncer(t, NewMemoryStore(), nil)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil).Times(1)
	gomock.InOrder(
		im.EXPECT().ImportCustomers(ctx, gomock.Any(), Delta).Return(JobID(""), ErrUnavailable),
		im.EXPECT().ImportCustomers(ctx, []Person{{Email: "ann@x", Code: "E1"}}, Delta).Return(JobID("J2"), nil),
	)
	_, err := s.EnsurePerson(ctx, Person{Email: "ann@x", LastName: "Lind"})
	require.ErrorIs(t, err, ErrUnavailable)
	jobs, err := s.Resume(ctx)
	require.NoError(t, err, "NRC-016")
	assert.Equal(t, []JobID{"J2"}, jobs, "NRC-016: the write-back is sent again")
}

// NRC-021: with no event to handle nothing is acknowledged.
func TestHandleEventsNothingToAck_NRC_021(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ctrl := gomock.NewController(t)
	ev := NewMockEventSource(ctrl)
	s, err := New(Deps{Importer: NewMockImporter(ctrl), Querier: NewMockQuerier(ctrl), Events: ev, ERP: NewMockERP(ctrl),
		Store: NewMemoryStore(), Now: func() time.Time { return time.Unix(0, 0) }}, DefaultSettings(ScopeClientUnique))
	require.NoError(t, err)
	ev.EXPECT().Poll(ctx, 10).Return(nil, nil)
	// No Ack expected: the mock fails the test on one (NRC-021).
	rep, err := s.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, rep.Sent, "NRC-021")
}

// NRC-021: a change event of a person this library created in the ERP,
// handled once its code is on the platform, reaches the ERP once: the
// creation no longer waits, so SendWaiting does not send it again.
func TestEventOfACreatedPersonSentOnce_NRC_021(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ctrl := gomock.NewController(t)
	im, erp, q, ev := NewMockImporter(ctrl), NewMockERP(ctrl), NewMockQuerier(ctrl), NewMockEventSource(ctrl)
	s, err := New(Deps{Importer: im, Querier: q, Events: ev, ERP: erp, Store: NewMemoryStore(),
		Now: func() time.Time { return time.Unix(0, 0) }}, DefaultSettings(ScopeClientUnique))
	require.NoError(t, err)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil)
	im.EXPECT().ImportCustomers(ctx, gomock.Any(), Delta).Return(JobID("J1"), nil)
	_, err = s.EnsurePerson(ctx, Person{ID: "P1", Email: "ann@x", LastName: "Lind"})
	require.NoError(t, err)

	changed := Person{ID: "P1", Email: "ann@x", LastName: "Lind-Berg", Code: "E1"}
	q.EXPECT().Person(ctx, gomock.Any()).Return(changed, nil).AnyTimes()
	ev.EXPECT().Poll(ctx, 10).Return([]Event{{ID: "ev1", Type: s.set.PersonChangedEvent, EntityID: "P1"}}, nil)
	ev.EXPECT().Ack(ctx, []string{"ev1"}).Return(nil)
	erp.EXPECT().Update(ctx, gomock.Any(), gomock.Any()).Return(nil).Times(1) // NRC-021: once
	rep, err := s.HandleEvents(ctx, 10)
	require.NoError(t, err)
	require.Equal(t, []string{"ev1"}, rep.Sent)

	wrep, err := s.SendWaiting(ctx)
	require.NoError(t, err)
	assert.Empty(t, wrep.Sent, "NRC-021: the change reached the ERP through its event already")
}

// NRC-020, NRC-021: a change event of a person created at order time whose
// code is not on the platform yet waits; once the code is there,
// SendWaiting looks the person up by the platform id the event gave and
// sends its newest state to the ERP.
func TestEventBeforeTheCodeWaits_NRC_020_NRC_021(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ctrl := gomock.NewController(t)
	im, erp, q, ev := NewMockImporter(ctrl), NewMockERP(ctrl), NewMockQuerier(ctrl), NewMockEventSource(ctrl)
	s, err := New(Deps{Importer: im, Querier: q, Events: ev, ERP: erp, Store: NewMemoryStore(),
		Now: func() time.Time { return time.Unix(0, 0) }}, DefaultSettings(ScopeClientUnique))
	require.NoError(t, err)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil)
	im.EXPECT().ImportCustomers(ctx, gomock.Any(), Delta).Return(JobID("J1"), nil)
	_, err = s.EnsurePerson(ctx, Person{Email: "ann@x", LastName: "Lind"}) // no platform id known yet
	require.NoError(t, err)

	byID := Identity{Kind: ByPlatformID, Value: "P1"}
	q.EXPECT().Person(ctx, byID).Return(Person{ID: "P1", Email: "ann@x", LastName: "Lind-Berg"}, nil)
	ev.EXPECT().Poll(ctx, 10).Return([]Event{{ID: "ev1", Type: s.set.PersonChangedEvent, EntityID: "P1"}}, nil)
	ev.EXPECT().Ack(ctx, []string{"ev1"}).Return(nil)
	rep, err := s.HandleEvents(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"ev1"}, rep.Waiting, "NRC-020: no code yet, the creation waits")

	q.EXPECT().Person(ctx, byID).Return(Person{ID: "P1", Email: "ann@x", LastName: "Lind-Berg", Code: "E1"}, nil) // NRC-021: by the event's platform id
	erp.EXPECT().Update(ctx, gomock.Any(), gomock.Any()).Return(nil)
	wrep, err := s.SendWaiting(ctx)
	require.NoError(t, err)
	assert.Len(t, wrep.Sent, 1, "NRC-021: the newest state goes to the ERP once the code is there")
}

// NRC-021: a person created at order time whose code reaches the platform
// with nothing else changed is not sent to the ERP again: the ERP holds
// that state already.
func TestWaitingCreationUnchangedIsNotSent_NRC_021(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ctrl := gomock.NewController(t)
	im, erp, q, ev := NewMockImporter(ctrl), NewMockERP(ctrl), NewMockQuerier(ctrl), NewMockEventSource(ctrl)
	s, err := New(Deps{Importer: im, Querier: q, Events: ev, ERP: erp, Store: NewMemoryStore(),
		Now: func() time.Time { return time.Unix(0, 0) }}, DefaultSettings(ScopeClientUnique))
	require.NoError(t, err)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil)
	im.EXPECT().ImportCustomers(ctx, gomock.Any(), Delta).Return(JobID("J1"), nil)
	_, err = s.EnsurePerson(ctx, Person{ID: "P1", Email: "ann@x", LastName: "Lind"})
	require.NoError(t, err)
	q.EXPECT().Person(ctx, gomock.Any()).Return(Person{ID: "P1", Email: "ann@x", LastName: "Lind", Code: "E1"}, nil)
	// No ERP.Update expected: the mock fails the test on one.
	wrep, err := s.SendWaiting(ctx)
	require.NoError(t, err)
	assert.Len(t, wrep.Unchanged, 1, "NRC-021: nothing new for the ERP")
	assert.Empty(t, wrep.Sent, "NRC-021")
}

// NRC-017, NRC-021: Settle ends by sending the waiting changes; one the ERP
// refuses is an error of Settle.
func TestSettleReportsAWaitingChangeTheERPRefused_NRC_021(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, im, erp, q := newEnsureSyncer(t, NewMemoryStore(), nil)
	erp.EXPECT().Create(ctx, gomock.Any(), gomock.Any()).Return("E1", nil)
	im.EXPECT().ImportCustomers(ctx, gomock.Any(), Delta).Return(JobID("J1"), nil)
	_, err := s.EnsurePerson(ctx, Person{ID: "P1", Email: "ann@x", LastName: "Lind"})
	require.NoError(t, err)
	im.EXPECT().Job(ctx, JobID("J1")).Return(Job{ID: "J1", State: JobSucceeded, Total: 1}, nil)
	q.EXPECT().Person(ctx, gomock.Any()).Return(Person{ID: "P1", Email: "ann@x", LastName: "Lind-Berg", Code: "E1"}, nil).AnyTimes()
	erp.EXPECT().Update(ctx, gomock.Any(), gomock.Any()).Return(ErrUnavailable)
	_, err = s.Settle(ctx)
	require.ErrorIs(t, err, ErrUnavailable, "NRC-021: the waiting change did not reach the ERP")
}
