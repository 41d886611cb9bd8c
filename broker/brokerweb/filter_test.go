package brokerweb

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"github.com/omskit/omskit/broker"
)

func everyone(*http.Request, Access) bool { return true }

// The filters of Work with Order Broker reach the store as one
// broker.RecordQuery: statuses, flow, company and order, location, age
// (as ChangedBefore) and the page.
func TestFiltersBecomeOneQuery(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	store := NewMockStore(gomock.NewController(t))
	store.EXPECT().FindRecords(gomock.Any(), broker.RecordQuery{
		Statuses: []broker.Status{broker.StatusWaiting, broker.StatusAcknowledged}, Flow: "F1", Company: 6, Order: 8953,
		Location: "STORE10", ChangedBefore: now.Add(-4 * time.Hour), Offset: 20, Limit: 10,
	}).Return(broker.RecordPage{Total: 0, Counts: map[broker.Status]int{}}, nil)
	h, err := New(Options{Store: store, Authorize: everyone, PageSize: 10, Now: func() time.Time { return now }})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?status=W&status=K&flow=F1&company=6&order=8953&location=+STORE10+&age=4h&page=3", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
}

// A store that fails gives an error page naming the failure, and no
// half-written page.
func TestStoreFailureIsAnErrorPage(t *testing.T) {
	store := NewMockStore(gomock.NewController(t))
	store.EXPECT().FindRecords(gomock.Any(), gomock.Any()).Return(broker.RecordPage{}, errors.New("database is down"))
	h, err := New(Options{Store: store, Authorize: everyone})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Contains(t, rec.Body.String(), "read records: database is down")
	assert.Contains(t, rec.Body.String(), "</html>")
}

func TestNewNeedsAStore(t *testing.T) {
	_, err := New(Options{})
	assert.ErrorIs(t, err, ErrNoStore)
}
