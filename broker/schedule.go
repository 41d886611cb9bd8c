package broker

import (
	"slices"
	"time"
)

// InquiryOrder is the order in which BROKER handles the record statuses of
// one company (BRK-301): K, O, P, A one status at a time, (then the
// Fulfillments requests, F3), then the daily statuses L, S, T, V.
var InquiryOrder = []Status{
	StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted,
	StatusPartialFulfill, StatusReceivedByStore, StatusInTransit, StatusInTransitPolled,
}

var (
	frequentStatuses = []Status{StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted}
	dailyStatuses    = []Status{StatusPartialFulfill, StatusReceivedByStore, StatusInTransit, StatusInTransitPolled}
)

// InquiryFrequency says how often BROKER inquires on a record status (§3.5).
type InquiryFrequency int

// Inquiry frequencies.
const (
	// InquiryNever: never in a status list request (BRK-304), or handled by
	// another process (R, W, Y, G, H: BROKER_ORD; I, F, N: pick slip generation).
	InquiryNever InquiryFrequency = iota
	// InquiryEveryInterval: every K10 minutes (BRK-069).
	InquiryEveryInterval
	// InquiryDaily: once a day inside the limited status window (BRK-303).
	InquiryDaily
)

// FrequencyOf returns the §3.5 frequency of a status.
func FrequencyOf(s Status) InquiryFrequency {
	switch {
	case slices.Contains(frequentStatuses, s):
		return InquiryEveryInterval
	case slices.Contains(dailyStatuses, s):
		return InquiryDaily
	}
	return InquiryNever
}

// DueForInquiry reports whether the BROKER run puts rec in a status list
// request at now (§2.35, §3.5): K, O, P, A when K10 minutes have passed
// since the last inquiry or status change (BRK-069); L, S, T, V once a day inside the
// OROB_LIMITED_STATUS_BEG_TIME..END_TIME window (BRK-303); nothing else
// (BRK-304).
func DueForInquiry(rec Record, s Settings, now time.Time) bool {
	if rec.RequestID == "" {
		return false
	}
	switch FrequencyOf(rec.Status) {
	case InquiryEveryInterval:
		// The interval runs from the last inquiry or the last news from OB,
		// whichever is later, so a record acknowledged in this run waits K10.
		last := rec.LastInquiry
		if rec.UpdatedAt.After(last) {
			last = rec.UpdatedAt
		}
		if last.IsZero() {
			return true
		}
		return !now.Before(last.Add(time.Duration(s.StatusUpdateInterval) * time.Minute))
	case InquiryDaily:
		if !inLimitedWindow(s, now) {
			return false
		}
		if rec.LastInquiry.IsZero() {
			return true
		}
		ly, lm, ld := rec.LastInquiry.In(now.Location()).Date()
		ny, nm, nd := now.Date()
		return ly != ny || lm != nm || ld != nd
	}
	return false
}

func inLimitedWindow(s Settings, now time.Time) bool {
	if s.LimitedStatusBegin == 0 && s.LimitedStatusEnd == 0 {
		return true
	}
	y, m, d := now.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	off := now.Sub(midnight)
	if s.LimitedStatusBegin <= s.LimitedStatusEnd {
		return off >= s.LimitedStatusBegin && off < s.LimitedStatusEnd
	}
	return off >= s.LimitedStatusBegin || off < s.LimitedStatusEnd // window across midnight
}

// SubmissionGroups splits Ready records into SubmitOrder requests: one per
// record when L56 is unselected (BRK-022), one per order ship-to when it is
// selected (BRK-023). Groups keep the records' order.
func SubmissionGroups(recs []Record, s Settings) [][]Record {
	var out [][]Record
	if !s.SplitOrder {
		for _, r := range recs {
			out = append(out, []Record{r})
		}
		return out
	}
	index := map[OrderKey]int{}
	for _, r := range recs {
		i, ok := index[r.Key]
		if !ok {
			i = len(out)
			index[r.Key] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}
