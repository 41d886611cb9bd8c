package storagetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	custsync "github.com/omskit/omskit/customer/sync"
)

func runSync(t *testing.T, newStores Factory) {
	t.Run("GetPutList", func(t *testing.T) {
		st := newStores(t)
		if st.Sync == nil {
			t.Skip("the factory gives no customer sync store")
		}
		testSyncStore(t, st.Sync)
	})
}

func testSyncStore(t *testing.T, s custsync.Store) {
	ctx := context.Background()
	_, ok, err := s.Get(ctx, "job/1")
	require.NoError(t, err)
	assert.False(t, ok)

	upd := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	job := custsync.State{Key: "job/1", Status: "sent", Job: "J1", Updated: upd,
		Items: map[string]custsync.Item{"P1": {Idents: []string{"P1", "a@example.com"}, Fingerprint: "f1"}}}
	for _, st := range []custsync.State{
		job,
		{Key: "job/2", Status: "sent", Updated: upd},
		{Key: "jobs", Status: "not a job", Updated: upd},
		{Key: "fp/P1", Fingerprint: "f1", Updated: upd},
		{Key: "job/é", Status: "sent", Updated: upd},
		{Key: "job0", Status: "after the prefix", Updated: upd},
	} {
		require.NoError(t, s.Put(ctx, st))
	}
	got, ok, err := s.Get(ctx, "job/1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, job, got)

	job.Status = "done"
	require.NoError(t, s.Put(ctx, job))
	got, _, err = s.Get(ctx, "job/1")
	require.NoError(t, err)
	assert.Equal(t, "done", got.Status, "Put replaces the record")

	list, err := s.List(ctx, "job/")
	require.NoError(t, err)
	keys := make([]string, len(list))
	for i, st := range list {
		keys[i] = st.Key
	}
	assert.Equal(t, []string{"job/1", "job/2", "job/é"}, keys, "the records under the prefix, by key")
	all, err := s.List(ctx, "")
	require.NoError(t, err)
	assert.Len(t, all, 6)
}
