package broker

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestInquiryFrequency(t *testing.T) {
	// §3.5 / BRK-304: which statuses BROKER puts in status list requests.
	for _, s := range []Status{StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted} {
		assert.Equal(t, InquiryEveryInterval, FrequencyOf(s), "%v", s) // BRK-069
	}
	for _, s := range []Status{StatusPartialFulfill, StatusReceivedByStore, StatusInTransit, StatusInTransitPolled} {
		assert.Equal(t, InquiryDaily, FrequencyOf(s), "%v", s) // BRK-303
	}
	for _, s := range []Status{StatusCompleted, StatusClosed, StatusError, StatusRejected, StatusCanceled, // BRK-304
		StatusReady, StatusWaiting, StatusPendingCancel, StatusResendFulfilled, StatusResendIntransit, StatusUnfulfillable} {
		assert.Equal(t, InquiryNever, FrequencyOf(s), "%v", s)
		assert.False(t, DueForInquiry(recReq(1, s, "9"), baseSets, t0), "%v", s)
	}
	// BRK-301: K, O, P, A then L, S, T, V.
	assert.Equal(t, []Status{'K', 'O', 'P', 'A', 'L', 'S', 'T', 'V'}, InquiryOrder)
}

func TestDueForInquiry_BRK069(t *testing.T) {
	// BRK-069: K10 minutes between inquiries for K, O, P, A.
	r := recReq(1, StatusAccepted, "9")
	assert.True(t, DueForInquiry(r, baseSets, t0), "never inquired")
	r.LastInquiry = t0.Add(-29 * time.Minute)
	assert.False(t, DueForInquiry(r, baseSets, t0))
	r.LastInquiry = t0.Add(-30 * time.Minute)
	assert.True(t, DueForInquiry(r, baseSets, t0))
	r.UpdatedAt = t0.Add(-5 * time.Minute)
	assert.False(t, DueForInquiry(r, baseSets, t0), "a status change restarts the interval")
	r.RequestID = ""
	r.UpdatedAt = time.Time{}
	assert.False(t, DueForInquiry(r, baseSets, t0), "nothing to ask without a request ID")
}

func TestDailyWindow_BRK303(t *testing.T) {
	// BRK-303: T, S, L, V once a day inside the OROB_LIMITED_STATUS window; K10 does not govern them.
	s := baseSets
	s.LimitedStatusBegin, s.LimitedStatusEnd = 2*time.Hour, 4*time.Hour
	r := recReq(1, StatusInTransit, "9")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	assert.False(t, DueForInquiry(r, s, at(1, 59)))
	assert.True(t, DueForInquiry(r, s, at(2, 0)))
	assert.False(t, DueForInquiry(r, s, at(4, 0)))
	r.LastInquiry = at(2, 5)
	assert.False(t, DueForInquiry(r, s, at(3, 0)), "already inquired today, whatever K10 says")
	assert.True(t, DueForInquiry(r, s, at(2, 30).AddDate(0, 0, 1)), "next day")
	// A window across midnight.
	s.LimitedStatusBegin, s.LimitedStatusEnd = 22*time.Hour, 2*time.Hour
	r.LastInquiry = time.Time{}
	assert.True(t, DueForInquiry(r, s, at(23, 0)))
	assert.True(t, DueForInquiry(r, s, at(1, 0)))
	assert.False(t, DueForInquiry(r, s, at(12, 0)))
	// No window configured: any time of day.
	assert.True(t, DueForInquiry(r, baseSets, at(12, 0)))
}
