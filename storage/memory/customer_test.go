package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
	"github.com/omskit/omskit/scv"
)

var (
	ctx    = context.Background()
	maryN  = customer.Name{First: "MARY", Last: "JONES"}
	maryA  = customer.Address{Line1: "5 ELM ST", Zip: "01720"}
	settsY = customer.Settings{PhoneSearch: true}
	settsN = customer.Settings{}
	mary   = func(n customer.Number) customer.SoldTo {
		return customer.SoldTo{Number: n, Name: maryN, Address: maryA}
	}
	someone = func(n customer.Number) customer.SoldTo {
		return customer.SoldTo{Number: n, Name: customer.Name{Last: "X" + n.String()}, Address: customer.Address{Line1: n.String() + " OAK"}}
	}
)

func store(t testing.TB, cs ...customer.SoldTo) *CustomerStore {
	s := NewCustomerStore(customer.MatchRules{})
	for _, c := range cs {
		require.NoError(t, s.PutSoldTo(c))
	}
	return s
}

func set(c customer.SoldTo, f func(*customer.SoldTo)) customer.SoldTo { f(&c); return c }

// The worked examples of order-api.md B.1 run against the memory store
// through the customer interfaces.
func TestCustomerStore_SoldToSelection(t *testing.T) {
	const ph = "5085551111"
	tests := []struct {
		name string
		cs   []customer.SoldTo
		s    customer.Settings
		req  customer.Request
		want customer.Number
		step customer.Step
	}{
		{"CUS-002-E1", []customer.SoldTo{someone(200), set(someone(300), func(c *customer.SoldTo) { c.AltCustNo = "W-7" })},
			settsY, customer.Request{CustomerNumber: "200", AltSoldToID: "W-7"}, 200, customer.StepCustomerNumber},
		{"CUS-002-E2", []customer.SoldTo{set(someone(300), func(c *customer.SoldTo) { c.AltCustNo = "W-7" })},
			settsY, customer.Request{CustomerNumber: "999", AltSoldToID: "w-7"}, 300, customer.StepAltOne},
		{"CUS-004-E2", []customer.SoldTo{set(someone(310), func(c *customer.SoldTo) { c.CrossRefs = []string{"W-7"} })},
			settsY, customer.Request{AltSoldToID: "W-7"}, 310, customer.StepAltOne},
		{"CUS-004-E3", []customer.SoldTo{set(someone(300), func(c *customer.SoldTo) { c.AltCustNo = "W-7"; c.CrossRefs = []string{"W-7", "w-7"} })},
			settsY, customer.Request{AltSoldToID: "W-7"}, 300, customer.StepAltOne},
		{"CUS-005-E2", []customer.SoldTo{
			set(someone(300), func(c *customer.SoldTo) { c.AltCustNo = "W-7" }),
			set(someone(320), func(c *customer.SoldTo) { c.AltCustNo = "W-7" }),
			set(someone(350), func(c *customer.SoldTo) { c.CrossRefs = []string{"W-7"} })},
			settsY, customer.Request{AltSoldToID: "W-7"}, 320, customer.StepAltCustNoHighest},
		{"CUS-006-E1", []customer.SoldTo{
			set(someone(410), func(c *customer.SoldTo) { c.CrossRefs = []string{"W-7"} }),
			set(someone(420), func(c *customer.SoldTo) { c.CrossRefs = []string{"W-7"} })},
			settsY, customer.Request{AltSoldToID: "W-7"}, 420, customer.StepCrossRefHighest},
		{"CUS-008-E1", []customer.SoldTo{set(someone(120), func(c *customer.SoldTo) { c.Phones.Evening = "508-555-1111" })},
			settsY, customer.Request{Name: maryN, Address: maryA, Phones: customer.Phones{Evening: ph}}, 120, customer.StepEveningOne},
		{"CUS-009-E1", []customer.SoldTo{
			set(someone(130), func(c *customer.SoldTo) { c.Phones.Evening = ph }),
			set(mary(140), func(c *customer.SoldTo) { c.Phones.Evening = ph }),
			set(mary(150), func(c *customer.SoldTo) { c.Phones.Evening = ph })},
			settsY, customer.Request{Name: maryN, Address: maryA, Phones: customer.Phones{Evening: ph}}, 140, customer.StepEveningMatchLowest},
		{"CUS-010-E2", []customer.SoldTo{
			set(someone(180), func(c *customer.SoldTo) { c.Phones.Day = ph }),
			set(mary(190), func(c *customer.SoldTo) { c.Phones.Day = ph }),
			set(mary(195), func(c *customer.SoldTo) { c.Phones.Day = ph })},
			settsY, customer.Request{Name: maryN, Address: maryA, Phones: customer.Phones{Day: ph}}, 190, customer.StepDayMatchLowest},
		{"CUS-012-E1", []customer.SoldTo{mary(240), mary(260)},
			settsY, customer.Request{Name: customer.Name{First: "Mary", Last: "Jones"}, Address: customer.Address{Line1: "5 Elm St.", Zip: "01720"}},
			260, customer.StepNameAddressHighest},
		{"CUS-014-E1", []customer.SoldTo{set(someone(180), func(c *customer.SoldTo) { c.Phones.Day = ph }), mary(240)},
			settsN, customer.Request{Name: maryN, Address: maryA, Phones: customer.Phones{Day: ph}}, 240, customer.StepNameAddressOne},
		{"CUS-017-E1", []customer.SoldTo{set(someone(123), func(c *customer.SoldTo) { c.Ghost, c.MergedInto = true, 456 }), someone(456)},
			settsY, customer.Request{CustomerNumber: "123"}, 456, customer.StepCustomerNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := store(t, tt.cs...)
			sel, err := customer.SelectSoldTo(ctx, s, tt.req, tt.s)
			require.NoError(t, err)
			assert.Equal(t, tt.want, sel.Number())
			assert.Equal(t, tt.step, sel.Step)
		})
	}
}

// CUS-011
func TestCustomerStore_CUS011_Prospect(t *testing.T) {
	s := store(t, mary(210), mary(230))
	s.PutProspect(customer.Prospect{ID: "77", Name: maryN, Address: maryA})
	sel, err := customer.SelectSoldTo(ctx, s, customer.Request{ProspectID: "77", Name: customer.Name{Last: "Z"}, Address: customer.Address{Line1: "Z"}}, settsY)
	require.NoError(t, err)
	assert.Equal(t, customer.Number(230), sel.Number())
	assert.Equal(t, customer.StepProspectHighest, sel.Step)
}

// CUS-013
func TestCustomerStore_CUS013_CreateAndIndex(t *testing.T) {
	s := store(t, someone(500))
	req := customer.Request{Name: maryN, Address: maryA, Phones: customer.Phones{Evening: "111"}, AltSoldToID: "NEW-1"}
	res, err := customer.Resolve(ctx, s, req, settsY)
	require.NoError(t, err)
	assert.True(t, res.Created)
	assert.Equal(t, customer.Number(501), res.SoldTo.Number, "next customer number")

	// The new customer is found through every index.
	again, err := customer.SelectSoldTo(ctx, s, customer.Request{AltSoldToID: "new-1"}, settsY)
	require.NoError(t, err)
	assert.Equal(t, customer.Number(501), again.Number())
	byPhone, err := s.SoldTosByPhone(ctx, customer.PhoneEvening, "111")
	require.NoError(t, err)
	require.Len(t, byPhone, 1)
	byKey, err := s.SoldTosByMatchKey(ctx, customer.DefaultMatchRules.Key(maryN, maryA))
	require.NoError(t, err)
	require.Len(t, byKey, 1)
}

func TestCustomerStore_UpdateReindexes(t *testing.T) {
	s := store(t, set(mary(200), func(c *customer.SoldTo) { c.Phones.Day = "111"; c.AltCustNo = "A"; c.ORCEID = "9" }))
	_, err := customer.Resolve(ctx, s, customer.Request{CustomerNumber: "200", AltSoldToID: "B", Phones: customer.Phones{Day: "222"},
		AddressUpdate: true, Name: customer.Name{Last: "NEW"}, Address: customer.Address{Line1: "1 NEW RD"}}, settsY)
	require.NoError(t, err)

	old, _ := s.SoldTosByPhone(ctx, customer.PhoneDay, "111")
	assert.Empty(t, old, "old phone no longer indexed")
	cur, _ := s.SoldTosByPhone(ctx, customer.PhoneDay, "222")
	assert.Len(t, cur, 1)
	oldAlt, _ := s.SoldTosByAltCustNo(ctx, "A")
	assert.Empty(t, oldAlt)
	newAlt, _ := s.SoldTosByAltCustNo(ctx, "B")
	assert.Equal(t, []customer.Number{200}, newAlt)
	oldKey, _ := s.SoldTosByMatchKey(ctx, customer.DefaultMatchRules.Key(maryN, maryA))
	assert.Empty(t, oldKey)
	newKey, _ := s.SoldTosByMatchKey(ctx, customer.DefaultMatchRules.Key(customer.Name{Last: "NEW"}, customer.Address{Line1: "1 NEW RD"}))
	assert.Len(t, newKey, 1)
	byORCE, err := s.SoldToByORCEID(ctx, "9")
	require.NoError(t, err)
	assert.Equal(t, customer.Number(200), byORCE.Number)
}

func TestCustomerStore_UpdateClosureErrorWritesNothing(t *testing.T) {
	s := store(t, mary(200))
	boom := errors.New("rule failed")
	_, err := s.UpdateSoldTo(ctx, 200, func(c *customer.SoldTo) (*customer.SoldTo, error) {
		c.Name.Last = "CHANGED"
		return nil, boom
	})
	require.ErrorIs(t, err, boom)
	got, _ := s.SoldTo(ctx, 200)
	assert.Equal(t, "JONES", got.Name.Last)

	_, err = s.UpdateSoldTo(ctx, 200, func(c *customer.SoldTo) (*customer.SoldTo, error) { c.Number = 5; return c, nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "customer 200")
	_, err = s.UpdateSoldTo(ctx, 404, func(c *customer.SoldTo) (*customer.SoldTo, error) { return c, nil })
	require.ErrorIs(t, err, customer.ErrNotFound)
	got, err = s.UpdateSoldTo(ctx, 200, func(*customer.SoldTo) (*customer.SoldTo, error) { return nil, nil })
	require.NoError(t, err)
	assert.Equal(t, "JONES", got.Name.Last, "nil result keeps the record")
}

func TestCustomerStore_ReturnedRecordsAreCopies(t *testing.T) {
	s := store(t, set(mary(200), func(c *customer.SoldTo) { c.Emails = []string{"a@x"} }))
	c, _ := s.SoldTo(ctx, 200)
	c.Emails[0] = "mutated"
	again, _ := s.SoldTo(ctx, 200)
	assert.Equal(t, "a@x", again.Emails[0])
}

// CUS-017
func TestCustomerStore_CUS017_GhostLoopWritesNothing(t *testing.T) {
	s := store(t,
		set(someone(123), func(c *customer.SoldTo) { c.Ghost, c.MergedInto = true, 456 }),
		set(someone(456), func(c *customer.SoldTo) { c.Ghost, c.MergedInto = true, 123 }))
	_, err := customer.Resolve(ctx, s, customer.Request{CustomerNumber: "123", Class: "VIP"}, settsY)
	require.ErrorIs(t, err, customer.ErrGhostLoop)
	c, _ := s.SoldTo(ctx, 123)
	assert.Empty(t, c.Class)
}

func TestCustomerStore_MatchRulesMismatch(t *testing.T) {
	s := store(t, mary(1))
	other := customer.MatchRules{ID: "x", Fields: []customer.MatchField{customer.MatchLast}}
	_, err := s.SoldTosByMatchKey(ctx, other.Key(maryN, maryA))
	require.ErrorIs(t, err, customer.ErrMatchRulesMismatch)
	_, err = s.BillTosByMatchKey(ctx, other.Key(maryN, maryA))
	require.ErrorIs(t, err, customer.ErrMatchRulesMismatch)
	_, err = s.SoldTosByPhone(ctx, customer.PhoneKind(9), "1")
	require.Error(t, err)
}

func TestCustomerStore_ShipTo(t *testing.T) {
	s := store(t, someone(100), customer.SoldTo{Number: 510, Name: customer.Name{Last: "LEE"}, Address: customer.Address{Line1: "9 PINE RD"}})
	require.NoError(t, s.PutPermanentShipTo(customer.PermanentShipTo{Customer: 100, Seq: 1, Name: customer.Name{Last: "G"}, Address: customer.Address{Line1: "1 A"}}))
	require.NoError(t, s.PutPermanentShipTo(customer.PermanentShipTo{Customer: 100, Seq: 2, Name: customer.Name{Last: "G"}, Address: customer.Address{Line1: "2 B"}}))

	// CUS-029-E1
	sel, err := customer.SelectShipTo(ctx, s, 100, customer.ShipToRequest{Type: customer.ShipToRecipient,
		Name: customer.Name{Last: "Lee"}, Address: customer.Address{Line1: "9 Pine Rd"}}, settsY)
	require.NoError(t, err)
	assert.Equal(t, customer.Number(510), sel.Recipient.Number)

	// CUS-033: a new permanent ship-to gets the next number.
	sel, err = customer.SelectShipTo(ctx, s, 100, customer.ShipToRequest{Type: customer.ShipToPermanent,
		Name: customer.Name{Last: "G"}, Address: customer.Address{Line1: "3 C"}}, settsY)
	require.NoError(t, err)
	sel, err = customer.ApplyShipTo(ctx, s, sel)
	require.NoError(t, err)
	assert.Equal(t, "100/3", sel.Permanent.ID())
	ps, _ := s.PermanentShipTos(ctx, 100)
	assert.Len(t, ps, 3)

	// CUS-030: a recipient created gets the next customer number.
	sel, err = customer.SelectShipTo(ctx, s, 100, customer.ShipToRequest{Type: customer.ShipToRecipient,
		Name: customer.Name{Last: "NEW"}, Address: customer.Address{Line1: "1 NEW"}}, settsY)
	require.NoError(t, err)
	sel, err = customer.ApplyShipTo(ctx, s, sel)
	require.NoError(t, err)
	assert.Equal(t, customer.Number(511), sel.Recipient.Number)

	_, err = s.CreatePermanentShipTo(ctx, customer.PermanentShipTo{Customer: 999})
	require.ErrorIs(t, err, customer.ErrNotFound)
	require.Error(t, s.PutPermanentShipTo(customer.PermanentShipTo{}))
}

func TestCustomerStore_BillTo(t *testing.T) {
	s := store(t, mary(300))
	require.NoError(t, s.PutBillTo(customer.BillTo{Number: 730, Name: maryN, Address: maryA}))
	require.NoError(t, s.PutBillTo(customer.BillTo{Number: 740, Name: maryN, Address: maryA}))
	sold, _ := s.SoldTo(ctx, 300)

	// CUS-036-E5
	sel, err := customer.SelectBillTo(ctx, s, sold, customer.BillToRequest{HasARPayment: true}, settsY)
	require.NoError(t, err)
	assert.Equal(t, customer.BillToNumber(740), sel.BillTo.Number)

	// CUS-036-E6, CUS-039: replace 740 so nothing matches, then create and assign.
	require.NoError(t, s.PutBillTo(customer.BillTo{Number: 740, Name: customer.Name{Last: "GONE"}, Address: customer.Address{Line1: "X"}}))
	require.NoError(t, s.PutBillTo(customer.BillTo{Number: 730, Name: customer.Name{Last: "GONE"}, Address: customer.Address{Line1: "X"}}))
	sel, err = customer.SelectBillTo(ctx, s, sold, customer.BillToRequest{HasARPayment: true}, settsY)
	require.NoError(t, err)
	require.Equal(t, customer.BillToFromSoldTo, sel.Step)
	sel, err = customer.ApplyBillTo(ctx, s, 300, sel)
	require.NoError(t, err)
	assert.Equal(t, customer.BillToNumber(741), sel.BillTo.Number)
	sold, _ = s.SoldTo(ctx, 300)
	assert.Equal(t, customer.BillToNumber(741), sold.BillTo)

	// CUS-036 step 3 now uses it.
	sel, err = customer.SelectBillTo(ctx, s, sold, customer.BillToRequest{HasARPayment: true}, settsY)
	require.NoError(t, err)
	assert.Equal(t, customer.BillToOfSoldTo, sel.Step)

	_, err = s.CreateBillTo(ctx, customer.BillTo{}, 999)
	require.ErrorIs(t, err, customer.ErrNotFound)
	_, err = s.BillTo(ctx, 1)
	require.ErrorIs(t, err, customer.ErrNotFound)
	require.Error(t, s.PutBillTo(customer.BillTo{}))
}

// ORC-013
func TestCustomerStore_ORC013_FulfillmentThroughStore(t *testing.T) {
	s := store(t, set(someone(13827), func(c *customer.SoldTo) { c.ORCEID = "9000123" }))
	p, err := orce.PlanFulfillmentCustomer(ctx, s, orce.Settings{Integration: scv.ORCEInteract, FulfillmentByORCEID: true}, "9000123")
	require.NoError(t, err)
	assert.Equal(t, orce.CaseC1, p.Case)
	require.NotNil(t, p.Customer)
	assert.Equal(t, customer.Number(13827), p.Customer.Number)
	_, err = s.SoldToByORCEID(ctx, "nope")
	require.ErrorIs(t, err, customer.ErrNotFound)
}

func TestCustomerStore_ContextCancelled(t *testing.T) {
	s := store(t, mary(1))
	c, cancel := context.WithCancel(ctx)
	cancel()
	_, err := s.SoldTo(c, 1)
	require.ErrorIs(t, err, context.Canceled)
	_, err = customer.SelectSoldTo(c, s, customer.Request{CustomerNumber: "1"}, settsY)
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.CreateSoldTo(c, mary(0))
	require.ErrorIs(t, err, context.Canceled)
}

func TestCustomerStore_PutValidation(t *testing.T) {
	s := NewCustomerStore(customer.DefaultMatchRules)
	err := s.PutSoldTo(customer.SoldTo{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "customer number 0")
}

func TestCustomerStore_ConcurrentResolve(t *testing.T) {
	s := store(t, mary(1))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := customer.Resolve(ctx, s, customer.Request{CustomerNumber: "1", Phones: customer.Phones{Day: fmt.Sprint(i)}}, settsY)
			assert.NoError(t, err)
			_, err = customer.Resolve(ctx, s, customer.Request{Name: customer.Name{Last: fmt.Sprint("N", i)}, Address: maryA}, settsY)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	c, _ := s.SoldTo(ctx, 1)
	assert.NotEmpty(t, c.Phones.Day)
	got, _ := s.SoldTo(ctx, 9)
	assert.Equal(t, customer.Number(9), got.Number, "8 customers created with distinct numbers")
}

// stubEngagement returns a fixed ORCE id and records what it was sent.
type stubEngagement struct{ sent []customer.SoldTo }

func (s *stubEngagement) SendCustomer(_ context.Context, c customer.SoldTo) (string, error) {
	s.sent = append(s.sent, c)
	return "9000555", nil
}

func (s *stubEngagement) Customer(context.Context, string) (customer.SoldTo, error) {
	return customer.SoldTo{}, customer.ErrNotFound
}

// ORC-015-E3 through the memory store: the returned ORCE id is stored and
// indexed.
func TestCustomerStore_ORC015_E3_ResolveFulfillment(t *testing.T) {
	s := store(t, someone(13827))
	ce := &stubEngagement{}
	res, err := orce.ResolveFulfillmentCustomer(ctx, s, ce, orce.Settings{Integration: scv.ORCEInteract}, settsY, "000013827",
		orce.ResponseCustomer{Name: customer.Name{Last: "Lee"}, Address: customer.Address{Line1: "9 Pine Rd"}})
	require.NoError(t, err)
	assert.Equal(t, orce.CaseB2, res.Plan.Case)
	require.Len(t, ce.sent, 1)
	got, err := s.SoldToByORCEID(ctx, "9000555")
	require.NoError(t, err)
	assert.Equal(t, customer.Number(13827), got.Number)
}
