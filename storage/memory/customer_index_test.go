package memory

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
)

// TestPostings covers the index entries held in place for one record and
// in a slice for several: adding, removing in any position, going back to
// one and to none.
func TestPostings(t *testing.T) {
	m := map[string]postings[customer.Number]{}
	get := func() []customer.Number { return m["k"].clone() }
	assert.Nil(t, get())
	addIdx(m, "k", 5)
	assert.Equal(t, []customer.Number{5}, get())
	assert.Nil(t, m["k"].more, "one record held in place")
	addIdx(m, "k", 3)
	addIdx(m, "k", 9)
	assert.Equal(t, []customer.Number{5, 3, 9}, get(), "in the order added")
	delIdx(m, "k", 3)
	assert.Equal(t, []customer.Number{5, 9}, get())
	delIdx(m, "k", 7) // not there
	assert.Equal(t, []customer.Number{5, 9}, get())
	delIdx(m, "k", 5)
	assert.Equal(t, []customer.Number{9}, get())
	assert.Nil(t, m["k"].more, "back to one held in place")
	delIdx(m, "k", 4) // not there
	assert.Equal(t, []customer.Number{9}, get())
	delIdx(m, "k", 9)
	assert.NotContains(t, m, "k")
	delIdx(m, "k", 9) // no key
	assert.NotContains(t, m, "k")
	addIdx(m, "k", 1)
	addIdx(m, "k", 2)
	delIdx(m, "k", 2)
	delIdx(m, "k", 1)
	assert.NotContains(t, m, "k")
}

// TestCustomerStore_UpdateOfEachIndexedFieldReindexes changes one indexed
// field at a time through UpdateSoldTo (which leaves the indexes alone when
// none changed): the record is found by its new value, not by the old.
func TestCustomerStore_UpdateOfEachIndexedFieldReindexes(t *testing.T) {
	base := func(c *customer.SoldTo) {
		c.AltCustNo, c.CrossRefs, c.ORCEID = "ALT1", []string{"X1"}, "ORCE1"
		c.Phones = customer.Phones{Day: "111", Evening: "222"}
	}
	type lookup func(s *CustomerStore, c customer.SoldTo) []customer.Number
	byAlt := func(s *CustomerStore, c customer.SoldTo) []customer.Number {
		ns, err := s.SoldTosByAltCustNo(ctx, c.AltCustNo)
		require.NoError(t, err)
		return ns
	}
	byXref := func(s *CustomerStore, c customer.SoldTo) []customer.Number {
		ns, err := s.SoldTosByCrossRef(ctx, c.CrossRefs[0])
		require.NoError(t, err)
		return ns
	}
	byPhone := func(kind customer.PhoneKind) lookup {
		return func(s *CustomerStore, c customer.SoldTo) []customer.Number {
			p := c.Phones.Day
			if kind == customer.PhoneEvening {
				p = c.Phones.Evening
			}
			cs, err := s.SoldTosByPhone(ctx, kind, p)
			require.NoError(t, err)
			var ns []customer.Number
			for _, c := range cs {
				ns = append(ns, c.Number)
			}
			return ns
		}
	}
	byKey := func(s *CustomerStore, c customer.SoldTo) []customer.Number {
		cs, err := s.SoldTosByMatchKey(ctx, customer.DefaultMatchRules.KeyOf(c))
		require.NoError(t, err)
		var ns []customer.Number
		for _, c := range cs {
			ns = append(ns, c.Number)
		}
		return ns
	}
	byORCE := func(s *CustomerStore, c customer.SoldTo) []customer.Number {
		got, err := s.SoldToByORCEID(ctx, c.ORCEID)
		if err != nil {
			return nil
		}
		return []customer.Number{got.Number}
	}
	for name, tc := range map[string]struct {
		change func(*customer.SoldTo)
		find   lookup
	}{
		"alt cust no": {func(c *customer.SoldTo) { c.AltCustNo = "ALT2" }, byAlt},
		"cross-ref":   {func(c *customer.SoldTo) { c.CrossRefs = []string{"X2"} }, byXref},
		"day phone":   {func(c *customer.SoldTo) { c.Phones.Day = "333" }, byPhone(customer.PhoneDay)},
		"eve phone":   {func(c *customer.SoldTo) { c.Phones.Evening = "444" }, byPhone(customer.PhoneEvening)},
		"last name":   {func(c *customer.SoldTo) { c.Name.Last = "SMITH" }, byKey},
		"zip":         {func(c *customer.SoldTo) { c.Address.Zip = "99999" }, byKey},
		"ORCE id":     {func(c *customer.SoldTo) { c.ORCEID = "ORCE2" }, byORCE},
	} {
		t.Run(name, func(t *testing.T) {
			s := store(t, set(mary(300), base))
			old, err := s.SoldTo(ctx, 300)
			require.NoError(t, err)
			require.Equal(t, []customer.Number{300}, tc.find(s, old))
			upd, err := s.UpdateSoldTo(ctx, 300, func(c *customer.SoldTo) (*customer.SoldTo, error) {
				tc.change(c)
				return c, nil
			})
			require.NoError(t, err)
			assert.Equal(t, []customer.Number{300}, tc.find(s, upd), "found by the new value")
			assert.Empty(t, tc.find(s, old), "not by the old one")
		})
	}
}
