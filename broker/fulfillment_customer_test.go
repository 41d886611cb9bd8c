package broker

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
	"github.com/omskit/omskit/scv"
)

// numberStoreFake adds the lookup by customer number to orceStoreFake.
type numberStoreFake struct {
	orceStoreFake
	byNumber map[customer.Number]customer.SoldTo
	last     customer.SoldTo
}

func (f *numberStoreFake) SoldTo(_ context.Context, n customer.Number) (customer.SoldTo, error) {
	if c, ok := f.byNumber[n]; ok {
		return c, nil
	}
	return customer.SoldTo{}, fmt.Errorf("customer %d: %w", n, customer.ErrNotFound)
}

func (f *numberStoreFake) UpdateSoldTo(_ context.Context, n customer.Number, fn func(*customer.SoldTo) (*customer.SoldTo, error)) (customer.SoldTo, error) {
	cur := f.byNumber[n]
	next, err := fn(&cur)
	if err != nil {
		return customer.SoldTo{}, err
	}
	f.byNumber[n], f.last = *next, *next
	return *next, nil
}

func customerOrder(no string) FulfillmentOrder {
	fo := fOrder()
	fo.Detail.SoldTo = SoldTo{CustomerNo: no, Address: Address{Name: Name{First: "ANN", Last: "NEWNAME"}, Address1: "9 NEW RD", City: "SALEM", Postal: "01970", Country: "US",
		Email: "Ann@Example.com", DayPhone: "(617) 555-0101", EveningPhone: "617.555.0102"}}
	return fo
}

func resolveWith(t *testing.T, st *numberStoreFake, ce *engageFake, os orce.Settings, fo FulfillmentOrder) FulfillmentDecision {
	t.Helper()
	d, err := ReceiveFulfillment(context.Background(), FulfillmentDeps{Catalog: catalog, Customers: OrceCustomers{Store: st, Engagement: ce, Settings: os}}, fSettings(), src, fo)
	require.NoError(t, err)
	require.Equal(t, OutcomeAccepted, d.Outcome)
	return d
}

func newNumberStore() *numberStoreFake {
	return &numberStoreFake{byNumber: map[customer.Number]customer.SoldTo{
		13827: {Number: 13827, Name: customer.Name{First: "ANN", Last: "LEE"}, Address: customer.Address{Line1: "1 MAIN ST"}, Email: "old@example.com"}}}
}

func TestOrceCustomersCaseA(t *testing.T) {
	// BRK-173: case A: customer_no is an OMS number, zero-filled or not.
	for _, no := range []string{"13827", "000013827"} {
		st := newNumberStore()
		d := resolveWith(t, st, &engageFake{}, orce.Settings{}, customerOrder(no))
		assert.Equal(t, orce.CaseA1, d.Customer.Plan.Case, no)
		assert.Equal(t, "13827", d.Order.CustomerNo)
	}
	// BRK-176: a valid customer_no with K97 unselected: the name and address are not updated.
	st := newNumberStore()
	resolveWith(t, st, &engageFake{}, orce.Settings{}, customerOrder("13827"))
	assert.Equal(t, "LEE", st.last.Name.Last)
	assert.Equal(t, "1 MAIN ST", st.last.Address.Line1)
	assert.Equal(t, "old@example.com", st.last.Email)
	// BRK-176, BRK-180: K97 selected: name and address updated, phones with non-digits stripped.
	st = newNumberStore()
	resolveWith(t, st, &engageFake{}, orce.Settings{BrokeredAddressUpdate: true}, customerOrder("13827"))
	assert.Equal(t, "NEWNAME", st.last.Name.Last)
	assert.Equal(t, "9 NEW RD", st.last.Address.Line1)
	assert.Equal(t, "6175550101", st.last.Phones.Day)
	assert.Equal(t, "6175550102", st.last.Phones.Evening)
	// BRK-179: K96 selected: the email is updated from the order.
	st = newNumberStore()
	resolveWith(t, st, &engageFake{}, orce.Settings{BrokeredEmailUpdate: true}, customerOrder("13827"))
	assert.Equal(t, "ann@example.com", st.last.Email)
}

func TestOrceCustomersCaseB(t *testing.T) {
	// BRK-174: case B (L37 on, M72 off): the matched customer without an ORCE id is updated,
	// sent to Customer Engagement, and the returned ORCE id stored.
	st := newNumberStore()
	ce := &engageFake{}
	d := resolveWith(t, st, ce, orce.Settings{Integration: scv.ORCEInteract}, customerOrder("13827"))
	assert.Equal(t, orce.CaseB2, d.Customer.Plan.Case)
	assert.True(t, d.Customer.SentToCE)
	assert.Equal(t, 1, ce.sent)
	assert.Equal(t, "CE-1", st.last.ORCEID)
}

// matchStoreFake finds nobody, so the standard selection creates the customer.
type matchStoreFake struct{ numberStoreFake }

func (*matchStoreFake) SoldTosByAltCustNo(context.Context, string) ([]customer.Number, error) {
	return nil, nil
}
func (*matchStoreFake) SoldTosByCrossRef(context.Context, string) ([]customer.Number, error) {
	return nil, nil
}
func (*matchStoreFake) SoldTosByPhone(context.Context, customer.PhoneKind, string) ([]customer.SoldTo, error) {
	return nil, nil
}
func (*matchStoreFake) SoldTosByMatchKey(context.Context, customer.MatchKey) ([]customer.SoldTo, error) {
	return nil, nil
}
func (*matchStoreFake) Prospect(_ context.Context, id string) (customer.Prospect, error) {
	return customer.Prospect{}, fmt.Errorf("prospect %s: %w", id, customer.ErrNotFound)
}

func TestOrceCustomersNameAndAddress(t *testing.T) {
	// BRK-181: no valid sold-to number: standard name and address matching; nobody matches, so a customer is created.
	// BRK-177: the new customer's name is stored in upper case.
	st := &matchStoreFake{numberStoreFake: *newNumberStore()}
	fo := customerOrder("")
	fo.Detail.SoldTo.Address.Name = Name{First: "Ann", Last: "Mixedcase"}
	d, err := ReceiveFulfillment(context.Background(), FulfillmentDeps{Catalog: catalog, Customers: OrceCustomers{Store: st, Engagement: &engageFake{}}}, fSettings(), src, fo)
	require.NoError(t, err)
	require.Equal(t, OutcomeAccepted, d.Outcome)
	assert.Equal(t, orce.CaseA2, d.Customer.Plan.Case)
	assert.True(t, d.Customer.Created)
	require.Len(t, st.created, 1)
	assert.Equal(t, "MIXEDCASE", st.created[0].Name.Last)
	assert.Equal(t, "500", d.Order.CustomerNo)
}
