package broker

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"time"
)

// RecordQuery selects Order Broker records for the operator screens: Work
// with Order Broker (by status, flow, order, location and age, a page at a
// time) and the Brokered Backorder Summary (every record of one order).
// A zero field does not filter. Storage packages answer it (FindRecords);
// [RecordQuery.Matches] is the meaning every store follows.
type RecordQuery struct {
	// Statuses keeps the records in any of these (stored) statuses.
	Statuses []Status
	// Flow keeps the records of one flow (Record.Flow, e.g. "F1").
	Flow string
	// Company and Order keep the records of one company and one order
	// number, every ship-to.
	Company int
	Order   int
	// Location keeps the records whose fulfilling or pickup location has
	// this code.
	Location string
	// ChangedBefore keeps the records whose last change by a flow
	// (Record.UpdatedAt) is before it: those waiting since then. A record
	// no flow has changed yet (zero UpdatedAt) has waited for as long as
	// anyone knows, and is kept too.
	ChangedBefore time.Time
	// Offset and Limit page the records, in [SortRecords] order; Limit 0
	// means every record from Offset on.
	Offset, Limit int
}

// Matches reports whether r passes every filter of q.
func (q RecordQuery) Matches(r Record) bool {
	return (len(q.Statuses) == 0 || slices.Contains(q.Statuses, r.Status)) && q.MatchesBesidesStatus(r)
}

// MatchesBesidesStatus reports whether r passes every filter of q but
// Statuses: the records the counts per status are taken over.
func (q RecordQuery) MatchesBesidesStatus(r Record) bool {
	switch {
	case q.Flow != "" && r.Flow != q.Flow:
		return false
	case q.Company != 0 && r.Key.Company != q.Company:
		return false
	case q.Order != 0 && r.Key.Order != q.Order:
		return false
	case q.Location != "" && strings.TrimSpace(r.FulfillingLocation) != q.Location && strings.TrimSpace(r.PickupLocation) != q.Location:
		return false
	case !q.ChangedBefore.IsZero() && !r.UpdatedAt.Before(q.ChangedBefore):
		return false
	}
	return true
}

// RecordPage is a store's answer to a [RecordQuery].
type RecordPage struct {
	// Records is the page asked for.
	Records []Record
	// Total is the number of records matching the query, every page.
	Total int
	// Counts is the number of records per status among those matching
	// every filter but Statuses (the counts a status filter chooses from).
	Counts map[Status]int
}

// SortRecords sorts records the way listings return them: by order key,
// line sequence and id.
func SortRecords(recs []Record) {
	if len(recs) < 2 {
		return
	}
	// A record is large: sort their positions, then move each record once.
	at := make([]int, len(recs))
	for i := range at {
		at[i] = i
	}
	slices.SortFunc(at, func(i, j int) int { return compareRecords(&recs[i], &recs[j]) })
	// recs[k] becomes the record at[k] names: follow each cycle of the
	// permutation, marking a position done by at[k] = k.
	for k := range at {
		if at[k] == k {
			continue
		}
		first := recs[k]
		j := k
		for {
			next := at[j]
			at[j] = j
			if next == k {
				recs[j] = first
				break
			}
			recs[j] = recs[next]
			j = next
		}
	}
}

// compareRecords orders records by order key, line sequence and id.
func compareRecords(a, b *Record) int {
	switch {
	case a.Key.Company != b.Key.Company:
		return cmp.Compare(a.Key.Company, b.Key.Company)
	case a.Key.Order != b.Key.Order:
		return cmp.Compare(a.Key.Order, b.Key.Order)
	case a.Key.ShipTo != b.Key.ShipTo:
		return cmp.Compare(a.Key.ShipTo, b.Key.ShipTo)
	case a.LineSeq != b.LineSeq:
		return cmp.Compare(a.LineSeq, b.LineSeq)
	}
	return bytes.Compare(a.ID[:], b.ID[:])
}

// PageRecords answers q over recs, which need not be sorted: a store that
// keeps its records in memory answers with it.
func PageRecords(recs []Record, q RecordQuery) RecordPage {
	page := RecordPage{Counts: map[Status]int{}}
	var kept []Record
	for _, r := range recs {
		if !q.MatchesBesidesStatus(r) {
			continue
		}
		page.Counts[r.Status]++
		if len(q.Statuses) == 0 || slices.Contains(q.Statuses, r.Status) {
			kept = append(kept, r)
		}
	}
	page.Total = len(kept)
	SortRecords(kept)
	start := min(max(q.Offset, 0), len(kept))
	end := len(kept)
	if q.Limit > 0 {
		end = min(start+q.Limit, end)
	}
	page.Records = kept[start:end]
	return page
}

// InTrail reports whether a side effect belongs to a record's trail, what
// an operator reads about it afterwards: its Order Broker History records,
// its Order Transaction History messages and its shipment details. A store
// that keeps side effects as an outbox (taken once acted on) keeps these
// for the screens as well.
func InTrail(e SideEffect) bool {
	switch e.(type) {
	case History, TransactionMessage, ShipmentDetails:
		return true
	}
	return false
}
