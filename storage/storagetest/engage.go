package storagetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/orce/engage"
)

func runEngage(t *testing.T, newStores Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s engage.Store)
	}{
		{"AddOncePerKey", testEngageAdd},
		{"GetNotFound", testEngageGetNotFound},
		{"ListFilters", testEngageList},
		{"Update", testEngageUpdate},
		{"Tags", testEngageTags},
		{"ConcurrentAddsOfOneKeyAddOnce", testEngageConcurrentAdd},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStores(t)
			if st.Engage == nil {
				t.Skip("the factory gives no engagement feed store")
			}
			tc.fn(t, st.Engage)
		})
	}
}

var at = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func entry(key string, kind engage.EntryKind, ord engage.OrderID, contact engage.ContactID, state engage.EntryState) engage.Entry {
	return engage.Entry{Key: key, Kind: kind, Order: ord, Contact: contact, State: state,
		Status: &engage.StatusChange{Status: "shipped"}, Created: at, Updated: at}
}

func testEngageAdd(t *testing.T, s engage.Store) {
	ctx := context.Background()
	e1, added, err := s.Add(ctx, entry("k1", engage.EntryStatus, "O1", "C1", engage.StatePending))
	require.NoError(t, err)
	assert.True(t, added)
	e2, added, err := s.Add(ctx, entry("k2", engage.EntryOrder, "O1", "C1", engage.StatePending))
	require.NoError(t, err)
	assert.True(t, added)
	assert.Greater(t, e2.Seq, e1.Seq, "the store assigns increasing Seq")

	again := entry("k1", engage.EntryDelete, "O9", "C9", engage.StateDone)
	got, added, err := s.Add(ctx, again)
	require.NoError(t, err)
	assert.False(t, added, "a key is added once")
	assert.Equal(t, e1, got, "the stored entry is returned")
	stored, err := s.Get(ctx, "k1")
	require.NoError(t, err)
	assert.Equal(t, e1, stored)
}

func testEngageGetNotFound(t *testing.T, s engage.Store) {
	_, err := s.Get(context.Background(), "nope")
	require.ErrorIs(t, err, engage.ErrNotFound)
	err = s.Update(context.Background(), "nope", func(*engage.Entry) error { return nil })
	require.ErrorIs(t, err, engage.ErrNotFound)
}

func keysOf(es []engage.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Key
	}
	return out
}

func testEngageList(t *testing.T, s engage.Store) {
	ctx := context.Background()
	for _, e := range []engage.Entry{
		entry("a", engage.EntryOrder, "O1", "C1", engage.StatePending),
		entry("b", engage.EntryStatus, "O1", "C1", engage.StateSent),
		entry("c", engage.EntryReceipt, "", "C2", engage.StatePending),
		entry("d", engage.EntryOrder, "O2", "C2", engage.StateDone),
	} {
		_, _, err := s.Add(ctx, e)
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		f    engage.Filter
		want []string
	}{
		{engage.Filter{}, []string{"a", "b", "c", "d"}},
		{engage.Filter{States: []engage.EntryState{engage.StatePending}}, []string{"a", "c"}},
		{engage.Filter{States: []engage.EntryState{engage.StatePending, engage.StateSent}, Kinds: []engage.EntryKind{engage.EntryOrder}}, []string{"a"}},
		{engage.Filter{Order: "O1"}, []string{"a", "b"}},
		{engage.Filter{Contact: "C2", Kinds: []engage.EntryKind{engage.EntryReceipt, engage.EntryOrder}}, []string{"c", "d"}},
		{engage.Filter{Order: "O3"}, []string{}},
	} {
		got, err := s.List(ctx, tc.f)
		require.NoError(t, err)
		assert.Equal(t, tc.want, keysOf(got), "filter %+v: in Seq order", tc.f)
	}
}

func testEngageUpdate(t *testing.T, s engage.Store) {
	ctx := context.Background()
	e, _, err := s.Add(ctx, entry("u", engage.EntryOrder, "O1", "C1", engage.StatePending))
	require.NoError(t, err)
	require.NoError(t, s.Update(ctx, "u", func(x *engage.Entry) error {
		x.State, x.Attempts, x.Job = engage.StateSent, 1, "job-1"
		x.Key, x.Seq = "hijack", 999 // ignored
		return nil
	}))
	got, err := s.Get(ctx, "u")
	require.NoError(t, err)
	assert.Equal(t, engage.StateSent, got.State)
	assert.Equal(t, engage.JobID("job-1"), got.Job)
	assert.Equal(t, e.Seq, got.Seq, "Key and Seq are kept")
	sent, err := s.List(ctx, engage.Filter{States: []engage.EntryState{engage.StateSent}})
	require.NoError(t, err)
	assert.Equal(t, []string{"u"}, keysOf(sent), "List follows the update")

	boom := errors.New("no")
	err = s.Update(ctx, "u", func(x *engage.Entry) error {
		x.State = engage.StateFailed
		return boom
	})
	require.ErrorIs(t, err, boom)
	got, err = s.Get(ctx, "u")
	require.NoError(t, err)
	assert.Equal(t, engage.StateSent, got.State, "an error from fn leaves the entry unchanged")
}

func testEngageTags(t *testing.T, s engage.Store) {
	ctx := context.Background()
	_, ok, err := s.Tag(ctx, "O1")
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, s.SetTag(ctx, "O1", "v1"))
	require.NoError(t, s.SetTag(ctx, "O1", "v2"))
	tag, ok, err := s.Tag(ctx, "O1")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, engage.VersionTag("v2"), tag, "ENG-011: the latest version tag is kept")
	require.NoError(t, s.SetTag(ctx, "O1", ""))
	_, ok, err = s.Tag(ctx, "O1")
	require.NoError(t, err)
	assert.False(t, ok, "an empty tag forgets it")
}

func testEngageConcurrentAdd(t *testing.T, s engage.Store) {
	ctx := context.Background()
	const n = 50
	var wg sync.WaitGroup
	added := make([]bool, n)
	seqs := make([]int64, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var e engage.Entry
			e, added[i], errs[i] = s.Add(ctx, entry("same", engage.EntryStatus, "O1", "C1", engage.StatePending))
			seqs[i] = e.Seq
		}()
	}
	wg.Wait()
	count := 0
	for i := range n {
		require.NoError(t, errs[i])
		if added[i] {
			count++
		}
		assert.Equal(t, seqs[0], seqs[i], "every caller gets the one stored entry")
	}
	assert.Equal(t, 1, count, "exactly one Add adds")
	all, err := s.List(ctx, engage.Filter{})
	require.NoError(t, err)
	assert.Len(t, all, 1)
}
