package broker

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
)

// SortRecords moves whole records into the listing order (order key, line
// sequence, id), whatever the order they come in and however long the
// permutation's cycles are.
func TestSortRecords(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 17, 200, 1000} {
		recs := make([]Record, n)
		for i := range recs {
			recs[i] = Record{ID: uuid.New(), Key: OrderKey{Company: 1 + rng.IntN(3), Order: rng.IntN(20), ShipTo: 1 + rng.IntN(2)},
				LineSeq: 1 + rng.IntN(3), RequestID: fmt.Sprint(i)}
		}
		if n > 4 {
			recs[4].Key, recs[4].LineSeq = recs[3].Key, recs[3].LineSeq // equal but for the id
		}
		want := slices.Clone(recs)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if a.Key != b.Key {
				if a.Key.Company != b.Key.Company {
					return a.Key.Company < b.Key.Company
				}
				if a.Key.Order != b.Key.Order {
					return a.Key.Order < b.Key.Order
				}
				return a.Key.ShipTo < b.Key.ShipTo
			}
			if a.LineSeq != b.LineSeq {
				return a.LineSeq < b.LineSeq
			}
			return bytes.Compare(a.ID[:], b.ID[:]) < 0
		})
		SortRecords(recs)
		assert.Equal(t, want, recs, "n=%d", n)
	}
}
