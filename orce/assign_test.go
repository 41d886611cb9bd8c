package orce

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"github.com/omskit/omskit/customer"
)

// fakeCustomers is a small customer store for the orce tests.
type fakeCustomers struct {
	byNumber map[customer.Number]customer.SoldTo
	writes   int
}

func newCustomers(cs ...customer.SoldTo) *fakeCustomers {
	f := &fakeCustomers{byNumber: map[customer.Number]customer.SoldTo{}}
	for _, c := range cs {
		f.byNumber[c.Number] = c
	}
	return f
}

func (f *fakeCustomers) SoldTo(_ context.Context, n customer.Number) (customer.SoldTo, error) {
	c, ok := f.byNumber[n]
	if !ok {
		return customer.SoldTo{}, fmt.Errorf("customer %s: %w", n, customer.ErrNotFound)
	}
	return c, nil
}

func (f *fakeCustomers) SoldToByORCEID(_ context.Context, id string) (customer.SoldTo, error) {
	for _, c := range f.byNumber {
		if c.ORCEID == id {
			return c, nil
		}
	}
	return customer.SoldTo{}, fmt.Errorf("ORCE id %s: %w", id, customer.ErrNotFound)
}

func (f *fakeCustomers) CreateSoldTo(_ context.Context, c customer.SoldTo) (customer.SoldTo, error) {
	f.writes++
	c.Number = customer.Number(len(f.byNumber) + 1000)
	f.byNumber[c.Number] = c
	return c, nil
}

func (f *fakeCustomers) UpdateSoldTo(_ context.Context, n customer.Number, fn func(*customer.SoldTo) (*customer.SoldTo, error)) (customer.SoldTo, error) {
	c, ok := f.byNumber[n]
	if !ok {
		return customer.SoldTo{}, fmt.Errorf("customer %s: %w", n, customer.ErrNotFound)
	}
	upd, err := fn(&c)
	if err != nil {
		return customer.SoldTo{}, err
	}
	f.writes++
	f.byNumber[n] = *upd
	return *upd, nil
}

// ORC-007
func TestShouldAssignORCEID_ORC007(t *testing.T) {
	on := Settings{Integration: interact}
	c500 := customer.SoldTo{Number: 500}
	c500mail := customer.SoldTo{Number: 500, Email: "b@x", Emails: []string{"b@x"}}
	tests := []struct {
		name    string
		s       Settings
		req     customer.Request
		c       customer.SoldTo
		applies bool
		assign  bool
	}{
		{"ORC-007-E1 number and email in the message: assign", on, customer.Request{CustomerNumber: "500", Email: "a@x"}, c500, true, true},
		{"ORC-007-E2 no email in the message, email on file: assign", on, customer.Request{CustomerNumber: "500"}, c500mail, true, true},
		{"ORC-007-E3 no email anywhere: do not assign", on, customer.Request{CustomerNumber: "500"}, c500, true, false},
		{"ORC-007-E4 customer already has an ORCE id: kept", on, customer.Request{CustomerNumber: "500", Email: "a@x"},
			customer.SoldTo{Number: 500, ORCEID: "9000123"}, false, false},
		{"ORC-007 (Z-03) name given: rule does not apply", on, customer.Request{CustomerNumber: "500", Email: "a@x",
			Name: customer.Name{First: "ANN", Last: "LEE"}}, c500, false, false},
		{"ORC-007 (Z-03) address given: rule does not apply", on, customer.Request{CustomerNumber: "500", Email: "a@x",
			Address: customer.Address{Line1: "1 MAIN ST"}}, c500, false, false},
		{"ORC-007 no customer number: rule does not apply", on, customer.Request{Email: "a@x"}, c500, false, false},
		{"ORC-007 (Z-03) L37 off: nothing assigned", Settings{}, customer.Request{CustomerNumber: "500", Email: "a@x"}, c500, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ShouldAssignORCEID(tt.s, tt.req, tt.c)
			assert.Equal(t, tt.applies, d.Applies)
			assert.Equal(t, tt.assign, d.Assign)
			assert.Contains(t, d.Reason, "ORC-007")
		})
	}
}

// CUS-025: an existing customer gets an ORCE id during CWOrderIn processing
// as ORC-007 says; the id Customer Engagement returns is stored.
func TestAssignORCEID_CUS025_ORC007(t *testing.T) {
	ctrl := gomock.NewController(t)
	ce := NewMockEngagement(ctrl)
	store := newCustomers(customer.SoldTo{Number: 500})
	ce.EXPECT().SendCustomer(gomock.Any(), customer.SoldTo{Number: 500}).Return("9000777", nil)

	d, c, err := AssignORCEID(context.Background(), store, ce, Settings{Integration: interact},
		customer.Request{CustomerNumber: "500", Email: "a@x"}, customer.SoldTo{Number: 500})
	require.NoError(t, err)
	assert.True(t, d.Assign)
	assert.Equal(t, "9000777", c.ORCEID)
	assert.Equal(t, "9000777", store.byNumber[500].ORCEID)
}

func TestAssignORCEID_NoAssignNoCallNoWrite(t *testing.T) {
	ctrl := gomock.NewController(t)
	ce := NewMockEngagement(ctrl) // no EXPECT: a call fails the test
	store := newCustomers(customer.SoldTo{Number: 500})
	d, c, err := AssignORCEID(context.Background(), store, ce, Settings{Integration: interact},
		customer.Request{CustomerNumber: "500"}, customer.SoldTo{Number: 500})
	require.NoError(t, err)
	assert.False(t, d.Assign)
	assert.Empty(t, c.ORCEID)
	assert.Equal(t, 0, store.writes)
}

func TestAssignORCEID_Errors(t *testing.T) {
	ctrl := gomock.NewController(t)
	ce := NewMockEngagement(ctrl)
	boom := errors.New("CE down")
	ce.EXPECT().SendCustomer(gomock.Any(), gomock.Any()).Return("", boom)
	ce.EXPECT().SendCustomer(gomock.Any(), gomock.Any()).Return("  ", nil)
	store := newCustomers(customer.SoldTo{Number: 500})
	req := customer.Request{CustomerNumber: "500", Email: "a@x"}
	on := Settings{Integration: interact}

	_, _, err := AssignORCEID(context.Background(), store, ce, on, req, customer.SoldTo{Number: 500})
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "customer 500")
	_, _, err = AssignORCEID(context.Background(), store, ce, on, req, customer.SoldTo{Number: 500})
	require.ErrorIs(t, err, customer.ErrInvalidField)
	assert.Equal(t, 0, store.writes)
}

// ORC-008: the only change to selection and update that 000 describes is
// ORC-007: the customer rules never assign an ORCE id themselves.
func TestSelectionAndUpdate_ORC008_OnlyORC007Assigns(t *testing.T) {
	ctrl := gomock.NewController(t)
	ce := NewMockEngagement(ctrl)
	store := newCustomers(customer.SoldTo{Number: 500})
	req := customer.Request{CustomerNumber: "500", Email: "a@x", EmailUpdate: true, ORCEID: "555"}
	upd, _ := customer.UpdateFromRequest(store.byNumber[500], customer.StepCustomerNumber, req, customer.Settings{})
	assert.Empty(t, upd.ORCEID, "customer update rules do not assign an ORCE id")

	ce.EXPECT().SendCustomer(gomock.Any(), gomock.Any()).Return("9000888", nil)
	_, c, err := AssignORCEID(context.Background(), store, ce, Settings{Integration: interact}, req, upd)
	require.NoError(t, err)
	assert.Equal(t, "9000888", c.ORCEID)
}

func (f *fakeCustomers) SoldTosByAltCustNo(context.Context, string) ([]customer.Number, error) {
	return nil, nil
}

func (f *fakeCustomers) SoldTosByCrossRef(context.Context, string) ([]customer.Number, error) {
	return nil, nil
}

func (f *fakeCustomers) SoldTosByPhone(_ context.Context, kind customer.PhoneKind, phone string) ([]customer.SoldTo, error) {
	var out []customer.SoldTo
	for _, c := range f.byNumber {
		p := c.Phones.Day
		if kind == customer.PhoneEvening {
			p = c.Phones.Evening
		}
		if p != "" && customer.NormalizePhone(p) == customer.NormalizePhone(phone) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeCustomers) SoldTosByMatchKey(_ context.Context, key customer.MatchKey) ([]customer.SoldTo, error) {
	var out []customer.SoldTo
	for _, c := range f.byNumber {
		if customer.DefaultMatchRules.KeyOf(c) == key {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeCustomers) Prospect(_ context.Context, id string) (customer.Prospect, error) {
	return customer.Prospect{}, fmt.Errorf("prospect %s: %w", id, customer.ErrNotFound)
}
