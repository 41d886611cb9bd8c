package storagetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
)

func runCustomers(t *testing.T, newStores Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st Stores)
	}{
		{"SoldToNotFound", testSoldToNotFound},
		{"CreateSoldTo_CUS013_NextNumber", testCreateSoldToNextNumber},
		{"CreateSoldTo_AfterLoadedNumbers_CUS013", testCreateAfterPut},
		{"RecordsAreCopies", testRecordsAreCopies},
		{"SoldTosByAltCustNo", testByAltCustNo},
		{"SoldTosByCrossRef", testByCrossRef},
		{"SoldTosByPhone", testByPhone},
		{"SoldTosByMatchKey", testByMatchKey},
		{"SoldToByORCEID", testByORCEID},
		{"Prospect", testProspect},
		{"UpdateSoldTo", testUpdateSoldTo},
		{"UpdateSoldToFailsWritesNothing", testUpdateSoldToFails},
		{"UpdateSoldToConcurrentNoLostUpdate", testUpdateConcurrent},
		{"UpdateSoldToCancelledAllOrNothing", testUpdateCancelled},
		{"CancelledContextWritesNothing", testCancelledCreate},
		{"PermanentShipTos", testPermanentShipTos},
		{"BillTos", testBillTos},
		{"CreateBillToUnknownSoldToWritesNothing", testCreateBillToUnknown},
		{"CreateSoldToOncePerMatchKey", testCreateOnce},
		{"ConcurrentIntakesForOneNewCustomerCreateOne", testConcurrentIntakes},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStores(t))
		})
	}
}

var rules = customer.DefaultMatchRules

func ada() customer.SoldTo {
	return customer.SoldTo{
		Name:      customer.Name{First: "ADA", Last: "LOVELACE"},
		Address:   customer.Address{Line1: "9 PINE RD", City: "ANDOVER", State: "MA", Zip: "01810", Country: "USA"},
		Phones:    customer.Phones{Day: "508-555-0101", Evening: "(508) 555-0102", Fax: "508 555 0103"},
		AltCustNo: "ALT-ADA",
		CrossRefs: []string{"XR-1", "XR-2"},
		Email:     "ada@example.com",
		Emails:    []string{"ada@example.com", "ada2@example.com"},
		Class:     "RT",
		Mail:      true,
		ORCEID:    "ORCE-ADA",
	}
}

func person(first, last, line1 string) customer.SoldTo {
	return customer.SoldTo{
		Name:    customer.Name{First: first, Last: last},
		Address: customer.Address{Line1: line1, City: "BOSTON", State: "MA", Zip: "02110"},
	}
}

func create(t *testing.T, st Stores, c customer.SoldTo) customer.SoldTo {
	t.Helper()
	got, err := st.Customers.CreateSoldTo(context.Background(), c)
	require.NoError(t, err)
	require.NotZero(t, got.Number)
	return got
}

func numbersOf(cs []customer.SoldTo) []customer.Number {
	out := make([]customer.Number, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	return out
}

func testSoldToNotFound(t *testing.T, st Stores) {
	_, err := st.Customers.SoldTo(context.Background(), 424242)
	require.ErrorIs(t, err, customer.ErrNotFound)
	assert.Contains(t, err.Error(), "424242", "the error names the customer number")
}

func testCreateSoldToNextNumber(t *testing.T, st Stores) {
	ctx := context.Background()
	in := ada()
	in.Number = 999 // ignored: the store assigns the number
	a := create(t, st, in)
	b := create(t, st, person("GRACE", "HOPPER", "1 NAVY WAY"))
	assert.Greater(t, b.Number, a.Number, "CUS-013: each new customer gets the next customer number")
	assert.NotEqual(t, customer.Number(999), a.Number)

	want := ada()
	want.Number = a.Number
	assert.Equal(t, want, a, "CreateSoldTo returns the stored record")
	got, err := st.Customers.SoldTo(ctx, a.Number)
	require.NoError(t, err)
	assert.Equal(t, want, got, "SoldTo returns every field as stored")
}

func testCreateAfterPut(t *testing.T, st Stores) {
	ctx := context.Background()
	loaded := person("OLD", "TIMER", "1 FIRST ST")
	loaded.Number = 5000
	require.NoError(t, st.Customers.PutSoldTo(ctx, loaded))
	got, err := st.Customers.SoldTo(ctx, 5000)
	require.NoError(t, err)
	assert.Equal(t, loaded, got)
	c := create(t, st, person("NEW", "COMER", "2 SECOND ST"))
	assert.Greater(t, c.Number, customer.Number(5000), "CUS-013: the next number is past every loaded customer")
}

func testRecordsAreCopies(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	a.CrossRefs[0] = "CHANGED"
	a.Emails[0] = "changed@example.com"
	got, err := st.Customers.SoldTo(ctx, a.Number)
	require.NoError(t, err)
	got.CrossRefs[1] = "CHANGED TOO"
	again, err := st.Customers.SoldTo(ctx, a.Number)
	require.NoError(t, err)
	assert.Equal(t, []string{"XR-1", "XR-2"}, again.CrossRefs)
	assert.Equal(t, []string{"ada@example.com", "ada2@example.com"}, again.Emails)
}

func testByAltCustNo(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	b := person("B", "TWO", "2 ST")
	b.AltCustNo = " alt-ada " // compared trimmed and upper case
	b2 := create(t, st, b)
	create(t, st, person("C", "THREE", "3 ST"))

	got, err := st.Customers.SoldTosByAltCustNo(ctx, "Alt-Ada")
	require.NoError(t, err)
	assert.ElementsMatch(t, []customer.Number{a.Number, b2.Number}, got)
	got, err = st.Customers.SoldTosByAltCustNo(ctx, "NOPE")
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = st.Customers.SoldTosByAltCustNo(ctx, "  ")
	require.NoError(t, err)
	assert.Empty(t, got, "a blank id matches nothing, not the customers without one")
}

func testByCrossRef(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	b := person("B", "TWO", "2 ST")
	b.CrossRefs = []string{"xr-2", "XR-9"}
	b2 := create(t, st, b)

	got, err := st.Customers.SoldTosByCrossRef(ctx, "XR-2")
	require.NoError(t, err)
	assert.ElementsMatch(t, []customer.Number{a.Number, b2.Number}, got)
	got, err = st.Customers.SoldTosByCrossRef(ctx, "xr-1")
	require.NoError(t, err)
	assert.Equal(t, []customer.Number{a.Number}, got)
	got, err = st.Customers.SoldTosByCrossRef(ctx, "ALT-ADA")
	require.NoError(t, err)
	assert.Empty(t, got, "the Alt cust # is not a cross-reference")
}

func testByPhone(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	b := person("B", "TWO", "2 ST")
	b.Phones.Evening = "5085550102"
	b2 := create(t, st, b)

	got, err := st.Customers.SoldTosByPhone(ctx, customer.PhoneEvening, "508.555.0102")
	require.NoError(t, err)
	assert.ElementsMatch(t, []customer.Number{a.Number, b2.Number}, numbersOf(got))
	for _, c := range got {
		if c.Number == a.Number {
			assert.Equal(t, "ADA", c.Name.First, "phone searches return whole records")
		}
	}
	got, err = st.Customers.SoldTosByPhone(ctx, customer.PhoneDay, "(508) 555-0101")
	require.NoError(t, err)
	assert.Equal(t, []customer.Number{a.Number}, numbersOf(got))
	got, err = st.Customers.SoldTosByPhone(ctx, customer.PhoneDay, "5085550102")
	require.NoError(t, err)
	assert.Empty(t, got, "an evening phone is not a day phone")
	got, err = st.Customers.SoldTosByPhone(ctx, customer.PhoneDay, "5085550103")
	require.NoError(t, err)
	assert.Empty(t, got, "the fax phone is not searched")
	_, err = st.Customers.SoldTosByPhone(ctx, customer.PhoneKind(99), "5085550101")
	assert.Error(t, err, "an unknown phone kind is an error")
}

func testByMatchKey(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	b := ada()
	b.AltCustNo, b.CrossRefs, b.ORCEID, b.Phones = "", nil, "", customer.Phones{}
	b.Address.Line1 = "9 Pine Rd." // same key: punctuation and case do not count
	b.Address.Zip = "01810-1234"
	require.NoError(t, st.Customers.PutSoldTo(ctx, withNumber(b, a.Number+100)))
	create(t, st, person("ADA", "LOVELACE", "10 PINE RD"))

	got, err := st.Customers.SoldTosByMatchKey(ctx, rules.KeyOf(ada()))
	require.NoError(t, err)
	assert.ElementsMatch(t, []customer.Number{a.Number, a.Number + 100}, numbersOf(got))

	got, err = st.Customers.SoldTosByMatchKey(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, got, "an empty key matches nothing")

	other := rules
	other.ID = "some-other-rules"
	_, err = st.Customers.SoldTosByMatchKey(ctx, other.KeyOf(ada()))
	require.ErrorIs(t, err, customer.ErrMatchRulesMismatch)
	_, err = st.Customers.BillTosByMatchKey(ctx, other.KeyOf(ada()))
	require.ErrorIs(t, err, customer.ErrMatchRulesMismatch)
}

func withNumber(c customer.SoldTo, n customer.Number) customer.SoldTo {
	c.Number = n
	return c
}

func testByORCEID(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	got, err := st.Customers.SoldToByORCEID(ctx, "ORCE-ADA")
	require.NoError(t, err)
	assert.Equal(t, a.Number, got.Number)
	_, err = st.Customers.SoldToByORCEID(ctx, "ORCE-NOBODY")
	require.ErrorIs(t, err, customer.ErrNotFound)
}

func testProspect(t *testing.T, st Stores) {
	ctx := context.Background()
	p := customer.Prospect{ID: "77", Name: customer.Name{First: "MARY", Last: "JONES"}, Address: customer.Address{Line1: "5 ELM ST"}}
	require.NoError(t, st.Customers.PutProspect(ctx, p))
	got, err := st.Customers.Prospect(ctx, "77")
	require.NoError(t, err)
	assert.Equal(t, p, got)
	_, err = st.Customers.Prospect(ctx, "78")
	require.ErrorIs(t, err, customer.ErrNotFound)
}

func testUpdateSoldTo(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	upd, err := st.Customers.UpdateSoldTo(ctx, a.Number, func(c *customer.SoldTo) (*customer.SoldTo, error) {
		assert.Equal(t, a, *c, "fn sees the stored record")
		c.AltCustNo = "ALT-NEW"
		c.CrossRefs = []string{"XR-3"}
		c.Phones.Evening = "617 555 0199"
		c.Address.Line1 = "1 OAK AVE"
		c.ORCEID = "ORCE-NEW"
		return c, nil
	})
	require.NoError(t, err)
	assert.Equal(t, "ALT-NEW", upd.AltCustNo)
	got, err := st.Customers.SoldTo(ctx, a.Number)
	require.NoError(t, err)
	assert.Equal(t, upd, got)

	// Every index follows the update: old values find nothing, new ones find it.
	for _, q := range []struct {
		alt     string
		xref    string
		present bool
	}{{"ALT-ADA", "XR-1", false}, {"ALT-NEW", "XR-3", true}} {
		ns, err := st.Customers.SoldTosByAltCustNo(ctx, q.alt)
		require.NoError(t, err)
		assert.Equal(t, q.present, len(ns) == 1, "Alt cust # %s", q.alt)
		ns, err = st.Customers.SoldTosByCrossRef(ctx, q.xref)
		require.NoError(t, err)
		assert.Equal(t, q.present, len(ns) == 1, "cross-reference %s", q.xref)
	}
	cs, err := st.Customers.SoldTosByPhone(ctx, customer.PhoneEvening, "5085550102")
	require.NoError(t, err)
	assert.Empty(t, cs)
	cs, err = st.Customers.SoldTosByPhone(ctx, customer.PhoneEvening, "6175550199")
	require.NoError(t, err)
	assert.Len(t, cs, 1)
	cs, err = st.Customers.SoldTosByMatchKey(ctx, rules.KeyOf(ada()))
	require.NoError(t, err)
	assert.Empty(t, cs)
	cs, err = st.Customers.SoldTosByMatchKey(ctx, rules.KeyOf(upd))
	require.NoError(t, err)
	assert.Len(t, cs, 1)
	_, err = st.Customers.SoldToByORCEID(ctx, "ORCE-ADA")
	assert.ErrorIs(t, err, customer.ErrNotFound)

	// fn returning nil leaves the customer as it is.
	same, err := st.Customers.UpdateSoldTo(ctx, a.Number, func(c *customer.SoldTo) (*customer.SoldTo, error) { return nil, nil })
	require.NoError(t, err)
	assert.Equal(t, upd, same)

	_, err = st.Customers.UpdateSoldTo(ctx, 424242, func(c *customer.SoldTo) (*customer.SoldTo, error) { return c, nil })
	require.ErrorIs(t, err, customer.ErrNotFound)

	_, err = st.Customers.UpdateSoldTo(ctx, a.Number, func(c *customer.SoldTo) (*customer.SoldTo, error) {
		c.Number++
		return c, nil
	})
	require.Error(t, err, "fn may not change the customer number")
	_, err = st.Customers.SoldTo(ctx, a.Number+1)
	assert.ErrorIs(t, err, customer.ErrNotFound)
}

func testUpdateSoldToFails(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	boom := errors.New("rule says no")
	_, err := st.Customers.UpdateSoldTo(ctx, a.Number, func(c *customer.SoldTo) (*customer.SoldTo, error) {
		c.AltCustNo = "ALT-NEW"
		return c, boom
	})
	require.ErrorIs(t, err, boom)
	got, err := st.Customers.SoldTo(ctx, a.Number)
	require.NoError(t, err)
	assert.Equal(t, a, got)
	ns, err := st.Customers.SoldTosByAltCustNo(ctx, "ALT-NEW")
	require.NoError(t, err)
	assert.Empty(t, ns)
}

// testUpdateConcurrent: read-modify-write is atomic; 40 concurrent updates
// each adding one cross-reference lose none.
func testUpdateConcurrent(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, person("MANY", "WRITERS", "1 BUSY ST"))
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.Customers.UpdateSoldTo(ctx, a.Number, func(c *customer.SoldTo) (*customer.SoldTo, error) {
				c.CrossRefs = append(c.CrossRefs, fmt.Sprintf("W%02d", i))
				return c, nil
			})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	got, err := st.Customers.SoldTo(ctx, a.Number)
	require.NoError(t, err)
	assert.Len(t, got.CrossRefs, n, "no update is lost")
	ns, err := st.Customers.SoldTosByCrossRef(ctx, "W07")
	require.NoError(t, err)
	assert.Equal(t, []customer.Number{a.Number}, ns)
}

// testUpdateCancelled: a context cancelled while the update is being made
// leaves the customer either wholly updated or untouched, never half.
func testUpdateCancelled(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	cctx, cancel := context.WithCancel(ctx)
	upd, err := st.Customers.UpdateSoldTo(cctx, a.Number, func(c *customer.SoldTo) (*customer.SoldTo, error) {
		c.AltCustNo = "ALT-HALF"
		c.CrossRefs = []string{"XR-HALF"}
		cancel()
		return c, nil
	})
	got, gerr := st.Customers.SoldTo(ctx, a.Number)
	require.NoError(t, gerr)
	alt, aerr := st.Customers.SoldTosByAltCustNo(ctx, "ALT-HALF")
	require.NoError(t, aerr)
	xr, xerr := st.Customers.SoldTosByCrossRef(ctx, "XR-HALF")
	require.NoError(t, xerr)
	if err != nil {
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, a, got, "a failed update writes nothing")
		assert.Empty(t, alt)
		assert.Empty(t, xr)
		return
	}
	assert.Equal(t, upd, got, "a successful update writes everything")
	assert.Len(t, alt, 1)
	assert.Len(t, xr, 1)
}

func testCancelledCreate(t *testing.T, st Stores) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := st.Customers.CreateSoldTo(ctx, ada())
	require.ErrorIs(t, err, context.Canceled)
	cs, err := st.Customers.SoldTosByMatchKey(context.Background(), rules.KeyOf(ada()))
	require.NoError(t, err)
	assert.Empty(t, cs)
}

func testPermanentShipTos(t *testing.T, st Stores) {
	ctx := context.Background()
	a := create(t, st, ada())
	b := create(t, st, person("B", "TWO", "2 ST"))
	ps, err := st.Customers.PermanentShipTos(ctx, a.Number)
	require.NoError(t, err)
	assert.Empty(t, ps)

	p1, err := st.Customers.CreatePermanentShipTo(ctx, customer.PermanentShipTo{Customer: a.Number, Seq: 42, Name: customer.Name{Last: "FIRST"}})
	require.NoError(t, err)
	p2, err := st.Customers.CreatePermanentShipTo(ctx, customer.PermanentShipTo{Customer: a.Number, Name: customer.Name{Last: "SECOND"}})
	require.NoError(t, err)
	q1, err := st.Customers.CreatePermanentShipTo(ctx, customer.PermanentShipTo{Customer: b.Number, Name: customer.Name{Last: "OTHER"}})
	require.NoError(t, err)
	assert.Equal(t, 1, p1.Seq, "the store assigns the next sequence number")
	assert.Equal(t, 2, p2.Seq)
	assert.Equal(t, 1, q1.Seq, "sequence numbers are per customer")

	ps, err = st.Customers.PermanentShipTos(ctx, a.Number)
	require.NoError(t, err)
	assert.ElementsMatch(t, []customer.PermanentShipTo{p1, p2}, ps)

	_, err = st.Customers.CreatePermanentShipTo(ctx, customer.PermanentShipTo{Customer: 424242})
	require.ErrorIs(t, err, customer.ErrNotFound)
	ps, err = st.Customers.PermanentShipTos(ctx, 424242)
	require.NoError(t, err)
	assert.Empty(t, ps)
}

func testBillTos(t *testing.T, st Stores) {
	ctx := context.Background()
	_, err := st.Customers.BillTo(ctx, 4242)
	require.ErrorIs(t, err, customer.ErrNotFound)

	s := create(t, st, ada())
	bt := customer.BillTo{Name: customer.Name{Company: "ACME"}, Address: customer.Address{Line1: "1 MAIN ST", Zip: "01810"}, Email: "ap@acme.example"}
	b1, err := st.Customers.CreateBillTo(ctx, bt, 0)
	require.NoError(t, err)
	require.NotZero(t, b1.Number)
	b2, err := st.Customers.CreateBillTo(ctx, bt, s.Number)
	require.NoError(t, err)
	assert.Greater(t, b2.Number, b1.Number, "each bill-to gets the next number")

	got, err := st.Customers.BillTo(ctx, b1.Number)
	require.NoError(t, err)
	bt.Number = b1.Number
	assert.Equal(t, bt, got)

	sold, err := st.Customers.SoldTo(ctx, s.Number)
	require.NoError(t, err)
	assert.Equal(t, b2.Number, sold.BillTo, "assignTo: the sold-to's Bill to number is set in the same transaction")

	bs, err := st.Customers.BillTosByMatchKey(ctx, rules.Key(bt.Name, customer.Address{Line1: "1 Main St.", Zip: "01810"}))
	require.NoError(t, err)
	nums := []customer.BillToNumber{}
	for _, b := range bs {
		nums = append(nums, b.Number)
	}
	assert.ElementsMatch(t, []customer.BillToNumber{b1.Number, b2.Number}, nums)
	bs, err = st.Customers.BillTosByMatchKey(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, bs)
}

func testCreateBillToUnknown(t *testing.T, st Stores) {
	ctx := context.Background()
	bt := customer.BillTo{Name: customer.Name{Company: "GHOST CO"}, Address: customer.Address{Line1: "1 NOWHERE"}}
	_, err := st.Customers.CreateBillTo(ctx, bt, 424242)
	require.ErrorIs(t, err, customer.ErrNotFound)
	bs, err := st.Customers.BillTosByMatchKey(ctx, rules.Key(bt.Name, bt.Address))
	require.NoError(t, err)
	assert.Empty(t, bs, "nothing is written when the sold-to does not exist")
}

func testCreateOnce(t *testing.T, st Stores) {
	if !st.Features.CreateOncePerMatchKey {
		t.Skip("store does not offer Features.CreateOncePerMatchKey")
	}
	ctx := context.Background()
	a := create(t, st, ada())
	b := ada()
	b.Address.Line1 = "9 Pine Road" // another key: a new customer
	b2 := create(t, st, b)
	assert.NotEqual(t, a.Number, b2.Number)
	again, err := st.Customers.CreateSoldTo(ctx, ada())
	require.ErrorIs(t, err, customer.ErrSoldToExists)
	assert.Equal(t, a.Number, again.Number, "a second create under the same match key returns the first customer")
	same, err := st.Customers.SoldTosByMatchKey(ctx, rules.KeyOf(ada()))
	require.NoError(t, err)
	assert.Len(t, same, 1, "and writes nothing")

	// Once the customer's name and address change, its old key is free.
	_, err = st.Customers.UpdateSoldTo(ctx, a.Number, func(c *customer.SoldTo) (*customer.SoldTo, error) {
		c.Address.Line1 = "1 ELSEWHERE"
		return c, nil
	})
	require.NoError(t, err)
	fresh := create(t, st, ada())
	assert.NotEqual(t, a.Number, fresh.Number)
}

// testConcurrentIntakes: 1,000 concurrent intakes of orders for the same new
// customer (customer.Resolve: selection, then create or update) create
// exactly one customer, and every intake ends with that customer.
func testConcurrentIntakes(t *testing.T, st Stores) {
	if !st.Features.CreateOncePerMatchKey {
		t.Skip("store does not offer Features.CreateOncePerMatchKey")
	}
	ctx := context.Background()
	req := customer.Request{
		Name:    customer.Name{First: "Nora", Last: "Newcomer"},
		Address: customer.Address{Line1: "77 Harbor St", City: "Salem", State: "MA", Zip: "01970"},
		Email:   "nora@example.com",
	}
	const n = 1000
	got := make([]customer.Number, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := customer.Resolve(ctx, st.Customers, req, customer.Settings{})
			got[i], errs[i] = res.SoldTo.Number, err
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i], "intake %d", i)
	}
	cs, err := st.Customers.SoldTosByMatchKey(ctx, rules.Key(req.Name, req.Address))
	require.NoError(t, err)
	require.Len(t, cs, 1, "exactly one customer is created")
	for i := range n {
		assert.Equal(t, cs[0].Number, got[i], "intake %d uses the one customer", i)
	}
}
