package orce

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"github.com/omskit/omskit/customer"
)

// ORC-013
func TestPlanFulfillmentCustomer_ORC013(t *testing.T) {
	c13827 := customer.SoldTo{Number: 13827, ORCEID: "9000123"}
	c13828 := customer.SoldTo{Number: 13828}
	l37off := Settings{}
	bOnly := Settings{Integration: interact}
	cOn := Settings{Integration: interact, FulfillmentByORCEID: true}
	tests := []struct {
		name       string
		s          Settings
		customerNo string
		want       FulfillmentCase
		customer   customer.Number
		match      bool // name and address matching
		send       bool // send to Customer Engagement
		store      bool // store the returned ORCE id
		fetch      bool
		warning    bool
	}{
		{"ORC-013 A1 valid number, L37 off", l37off, "13827", CaseA1, 13827, false, false, false, false, false},
		{"ORC-015-E4 L37 blank, M72 selected: case A1 (Z-07)", Settings{FulfillmentByORCEID: true}, "13827", CaseA1, 13827, false, false, false, false, false},
		{"ORC-013 A2 invalid number: matching, warning (Z-11)", l37off, "99999", CaseA2, 0, true, false, false, false, true},
		{"ORC-013 A2 non-numeric number: matching, warning", l37off, "ABC", CaseA2, 0, true, false, false, false, true},
		{"ORC-013 A2 missing number: matching, no warning", l37off, "", CaseA2, 0, true, false, false, false, false},
		{"ORC-013 B1 customer has an ORCE id", bOnly, "13827", CaseB1, 13827, false, true, false, false, false},
		{"ORC-015-E3 B2 zero-filled number, no ORCE id", bOnly, "000013828", CaseB2, 13828, false, true, true, false, false},
		{"ORC-013 B3 invalid number", bOnly, "77", CaseB3, 0, true, true, true, false, true},
		{"ORC-015-E1 C1 ORCE id held by 13827: no CE call", cOn, "9000123", CaseC1, 13827, false, false, false, false, false},
		{"ORC-013 C1 zero-padded ORCE id is found", cOn, "009000123", CaseC1, 13827, false, false, false, false, false},
		{"ORC-015-E2 C2 no customer holds it: fetch from CE", cOn, "9000999", CaseC2, 0, false, false, false, true, false},
		{"ORC-013 C2 (Z-08) an OMS number under M72 is read as an ORCE id", cOn, "13828", CaseC2, 0, false, false, false, true, false},
		{"ORC-013 C3 missing: matching, send, store", cOn, "", CaseC3, 0, true, true, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newCustomers(c13827, c13828)
			p, err := PlanFulfillmentCustomer(context.Background(), f, tt.s, tt.customerNo)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Case)
			assert.Contains(t, p.Rule, "ORC-013 "+string(tt.want))
			if tt.customer != 0 {
				require.NotNil(t, p.Customer)
				assert.Equal(t, tt.customer, p.Customer.Number)
			} else {
				assert.Nil(t, p.Customer)
			}
			assert.Equal(t, tt.match, p.MatchNameAddress, "name and address matching")
			assert.Equal(t, tt.send, p.SendToEngagement, "send to CE")
			assert.Equal(t, tt.store, p.StoreReturnedORCEID, "store returned ORCE id")
			assert.Equal(t, tt.fetch, p.FetchFromEngagement, "fetch from CE")
			assert.Equal(t, tt.warning, p.Warning != "", "warning")
			assert.Equal(t, tt.want[0] == 'C', p.ReadAsORCEID, "ORC-012")
			assert.Equal(t, tt.want != CaseC1 && tt.want != CaseC2, p.ApplyResponseUpdates, "ORC-015 applies to A, B and C3")
			assert.Equal(t, 0, f.writes, "planning only reads")
		})
	}
}

// ORC-014
func TestPlanFulfillmentCustomer_ORC014_LeadingZerosOptional(t *testing.T) {
	f := newCustomers(customer.SoldTo{Number: 13827})
	for _, no := range []string{"13827", "000013827"} {
		p, err := PlanFulfillmentCustomer(context.Background(), f, Settings{}, no)
		require.NoError(t, err)
		require.NotNil(t, p.Customer, no)
		assert.Equal(t, customer.Number(13827), p.Customer.Number, no)
		assert.True(t, p.ValidNumber)
	}
}

func TestPlanFulfillmentCustomer_FinderErrors(t *testing.T) {
	ctrl := gomock.NewController(t)
	m := NewMockFulfillmentFinder(ctrl)
	boom := errors.New("db down")
	m.EXPECT().SoldTo(gomock.Any(), customer.Number(13827)).Return(customer.SoldTo{}, boom)
	m.EXPECT().SoldToByORCEID(gomock.Any(), "9000123").Return(customer.SoldTo{}, boom)
	_, err := PlanFulfillmentCustomer(context.Background(), m, Settings{}, "13827")
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `"13827"`)
	_, err = PlanFulfillmentCustomer(context.Background(), m, Settings{Integration: interact, FulfillmentByORCEID: true}, "9000123")
	require.ErrorIs(t, err, boom)
}

// ORC-015
func TestResponseUpdates_ORC015(t *testing.T) {
	cur := customer.SoldTo{Number: 13827, Name: customer.Name{Last: "OLD"},
		Address: customer.Address{Line1: "1 OLD RD", Line4: "KEEP"}, Email: "old@x", Emails: []string{"old@x"},
		Phones: customer.Phones{Day: "111", Evening: "222"}}
	in := ResponseCustomer{Name: customer.Name{First: "Ann", Last: "Lee"}, Address: customer.Address{Line1: "9 Pine Rd", Line4: "DROP"},
		Email: "New@X", Phone1: "(508) 555-1111", Phone2: "508.555.2222"}
	valid := FulfillmentPlan{Case: CaseA1, ValidNumber: true}
	matched := FulfillmentPlan{Case: CaseA2}

	t.Run("ORC-015 valid number with K97 unselected: name and address not updated", func(t *testing.T) {
		got := UpdateFromResponse(Settings{}, valid, cur, in)
		assert.Equal(t, cur.Name, got.Name)
		assert.Equal(t, cur.Address, got.Address)
		assert.Equal(t, cur.Phones, got.Phones, "phones only with K97")
		assert.Equal(t, "old@x", got.Email, "email only with K96")
	})
	t.Run("ORC-015 K97 selected: name, address and stripped phones; fourth line not used", func(t *testing.T) {
		got := UpdateFromResponse(Settings{BrokeredAddressUpdate: true}, valid, cur, in)
		assert.Equal(t, in.Name, got.Name)
		assert.Equal(t, "9 Pine Rd", got.Address.Line1)
		assert.Equal(t, "KEEP", got.Address.Line4)
		assert.Equal(t, customer.Phones{Day: "5085551111", Evening: "5085552222"}, got.Phones)
	})
	t.Run("ORC-015 K96 selected: email updated", func(t *testing.T) {
		got := UpdateFromResponse(Settings{BrokeredEmailUpdate: true}, valid, cur, in)
		assert.Equal(t, "new@x", got.Email)
		assert.Equal(t, []string{"new@x", "old@x"}, got.Emails)
	})
	t.Run("ORC-015 matched by name and address: updated without K97", func(t *testing.T) {
		got := UpdateFromResponse(Settings{}, matched, cur, in)
		assert.Equal(t, in.Name, got.Name)
		assert.Equal(t, "KEEP", got.Address.Line4)
	})
	t.Run("ORC-015 a customer created here is upper case without line 4", func(t *testing.T) {
		got := NewFromResponse(in)
		assert.Equal(t, customer.Name{First: "ANN", Last: "LEE"}, got.Name)
		assert.Equal(t, "9 PINE RD", got.Address.Line1)
		assert.Empty(t, got.Address.Line4)
		assert.Equal(t, customer.Phones{Day: "5085551111", Evening: "5085552222"}, got.Phones)
		assert.Equal(t, "new@x", got.Email)
	})
	t.Run("ORC-015 every digit kept, 0 to 9", func(t *testing.T) {
		got := NewFromResponse(ResponseCustomer{Name: in.Name, Phone1: "(919) 555-0100", Phone2: "+1 212.555.9876"})
		assert.Equal(t, customer.Phones{Day: "9195550100", Evening: "12125559876"}, got.Phones, "ORC-015: only non-numeric characters are stripped")
	})
	t.Run("input not modified", func(t *testing.T) {
		_ = UpdateFromResponse(Settings{BrokeredEmailUpdate: true}, valid, cur, in)
		assert.Equal(t, []string{"old@x"}, cur.Emails)
	})
}
