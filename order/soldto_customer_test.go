package order_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// customerEnv is newEnv with the real customer rules behind the intake.
func customerEnv(t *testing.T) (*env, *memory.CustomerStore) {
	t.Helper()
	e := newEnv(t)
	cs := memory.NewCustomerStore(customer.DefaultMatchRules)
	require.NoError(t, cs.PutSoldTo(customer.SoldTo{Number: 500, AltCustNo: "WEB-1",
		Name: customer.Name{First: "ANN", Last: "SMITH"}, Address: customer.Address{Line1: "1 MAIN ST", Zip: "02110"},
		Email: "ann.old@example.com", BillTo: 77}))
	e.deps.SoldTo = order.CustomerSelector{Store: cs}
	return e, cs
}

func TestCustomerSelector_ExistingCustomerStepAndReason(t *testing.T) {
	e, _ := customerEnv(t)
	o := webOrder("CS1", 1)
	o.SoldTo.AlternateID = "WEB-1"
	res, err := e.intake(t, o)
	require.NoError(t, err)
	// CUS-004: one customer matches alternate_sold_to_id: step 2a.
	assert.Equal(t, "2a", res.SoldTo.Step)
	assert.NotEmpty(t, res.SoldTo.Reason)
	assert.Equal(t, "500", res.SoldTo.CustomerNumber)
	assert.Equal(t, "500", res.Order.CustomerNbr)
	assert.Equal(t, "77", res.Order.BillTo, "the Bill to number held on the sold-to")
	assert.Equal(t, "ann.old@example.com", res.SoldTo.ExistingEmail)
	assert.False(t, res.SoldTo.Created)
	var detail string
	for _, s := range res.Steps {
		if s.Name == order.StepCustomer {
			detail = s.Detail
		}
	}
	assert.Equal(t, "2a: "+res.SoldTo.Reason, detail, "the customer step records step and reason")
	assert.Equal(t, "500", res.Response.CustomerNumber)
}

func TestCustomerSelector_CreatesCustomer(t *testing.T) {
	e, cs := customerEnv(t)
	o := webOrder("CS2", 1)
	o.SoldTo = order.SoldTo{FirstName: "BO", LastName: "NILSSON", Address1: "9 ELM RD", City: "OSLO", Zip: "0150", Country: "NOR"}
	res, err := e.intake(t, o)
	require.NoError(t, err)
	// CUS-013: nothing matched, a customer is created (step 7).
	assert.Equal(t, "7", res.SoldTo.Step)
	assert.True(t, res.SoldTo.Created)
	require.NotEmpty(t, res.Order.CustomerNbr)
	var n customer.Number
	_, err = fmt.Sscan(res.Order.CustomerNbr, &n)
	require.NoError(t, err)
	got, err := cs.SoldTo(context.Background(), n)
	require.NoError(t, err)
	assert.Equal(t, "NILSSON", got.Name.Last)
}

func TestCustomerSelector_SelectOnlyWritesNothing(t *testing.T) {
	e, cs := customerEnv(t)
	e.deps.SoldTo = order.CustomerSelector{Store: cs, SelectOnly: true}
	o := webOrder("CS3", 1)
	o.SoldTo = order.SoldTo{FirstName: "BO", LastName: "NILSSON", Address1: "9 ELM RD", Zip: "0150"}
	res, err := e.intake(t, o)
	require.NoError(t, err)
	assert.True(t, res.SoldTo.Created)
	assert.Empty(t, res.SoldTo.CustomerNumber, "a customer to create has no number yet")
	_, err = cs.SoldTo(context.Background(), 501)
	assert.ErrorIs(t, err, customer.ErrNotFound, "nothing written")
}

func TestCustomerSelector_InsufficientIdentityRejects(t *testing.T) {
	e, _ := customerEnv(t)
	o := webOrder("CS4", 1)
	o.SoldTo = order.SoldTo{Email: "x@example.com"} // nothing to match, nothing to create from
	res, err := e.intake(t, o)
	require.Error(t, err)
	assert.ErrorIs(t, err, order.ErrRejected)
	assert.ErrorIs(t, err, customer.ErrInsufficientIdentity)
	assert.Equal(t, order.StepCustomer, res.StoppedAt())
	assert.Equal(t, 0, e.store.Commits(), "nothing written")
}

func TestCustomerSelector_PassesIntakeSettings(t *testing.T) {
	_, cs := customerEnv(t)
	sel := order.CustomerSelector{Store: cs}
	_, err := sel.SelectSoldTo(context.Background(), order.SoldToRequest{
		SoldTo:   order.SoldTo{LastName: "SMITH", Address1: "1 MAIN ST"},
		Settings: order.MatchSettings{PhoneInterfaceValues: []string{"no-such-field"}}})
	require.Error(t, err, "F70 entries are parsed by the customer rules")
	_, err = order.CustomerSelector{}.SelectSoldTo(context.Background(), order.SoldToRequest{})
	assert.ErrorIs(t, err, order.ErrMissingValue)
}

func TestOrderNumbers_AssignedAndUsedByPaymentOnly(t *testing.T) {
	e := newEnv(t)
	e.deps.OrderNumbers = e.store
	e.store.SetLastOrderNumber(6430)
	first := webOrder("ON1", 1)
	first.Payments, first.PayIncluded, first.ResponseType = nil, false, order.ResponseAcknowledgement // ORD-056
	res, err := e.intake(t, first)
	require.NoError(t, err)
	assert.Equal(t, 6431, res.Order.Number)
	assert.Equal(t, "6431", res.Response.OrderID)
	// ORD-057: the payment-only message names the order by the order_id of
	// the earlier response.
	pay := order.Order{PaymentOnly: true, PayIncluded: true, RDCOrderNbr: "6431", ResponseType: order.ResponseAcknowledgement,
		Payments: []order.Payment{{Seq: 1, PayType: "4", CardNumber: card}}}
	res2, err := e.intake(t, pay)
	require.NoError(t, err)
	assert.Equal(t, res.Order.ID, res2.Order.ID)
	assert.Equal(t, 6431, res2.Order.Number, "the payment keeps the order number")
	assert.Equal(t, "6431", res2.Response.OrderID)
	// ORD-057: a number that names no order is rejected.
	pay.RDCOrderNbr = "6499"
	_, err = e.intake(t, pay)
	assert.ErrorIs(t, err, order.ErrRejected)
	assert.ErrorIs(t, err, order.ErrNotFound)
}

func TestOrderNumbers_ConcurrentIntakesGetDistinctNumbers(t *testing.T) {
	e := newEnv(t)
	e.deps.OrderNumbers = e.store
	e.deps.Promotions = nil // the promotions fake is not safe for concurrent use
	const n = 16
	nums := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.intake(t, webOrder(fmt.Sprintf("CN%d", i), 1))
			if assert.NoError(t, err) {
				nums[i] = res.Order.Number
			}
		}()
	}
	wg.Wait()
	sort.Ints(nums)
	for i, v := range nums {
		assert.Equal(t, i+1, v)
	}
}

func TestOrderNumbers_ExhaustedFailsAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	e.deps.OrderNumbers = e.store
	e.store.SetLastOrderNumber(order.MaxOrderNumber)
	res, err := e.intake(t, webOrder("ON9", 1))
	require.Error(t, err)
	assert.ErrorIs(t, err, order.ErrInvalidValue)
	assert.Equal(t, order.StepCommit, res.StoppedAt())
	assert.Equal(t, 0, e.store.Commits())
}

// ORD-010: copies of one message taken in concurrently in one process run
// one after the other: one writes, the others replay without calling the
// selector (so they create no customer) and write nothing.
func TestIntake_ConcurrentCopiesCallSelectorOnce_ORD010(t *testing.T) {
	e := newEnv(t)
	e.deps.Promotions = nil // the promotions fake is not safe for concurrent use
	const n = 12
	replayed := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.intake(t, webOrder("SAME", 2))
			if assert.NoError(t, err) {
				replayed[i] = res.Replayed
			}
		}()
	}
	wg.Wait()
	fresh := 0
	for _, r := range replayed {
		if !r {
			fresh++
		}
	}
	assert.Equal(t, 1, fresh)
	assert.Equal(t, 1, e.store.Commits())
	e.sel.mu.Lock()
	defer e.sel.mu.Unlock()
	assert.Len(t, e.sel.reqs, 1, "the selector ran once")
}
