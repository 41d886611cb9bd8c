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

var response = ResponseCustomer{Name: customer.Name{First: "Ann", Last: "Lee"},
	Address: customer.Address{Line1: "9 Pine Rd", Line4: "DROP", Zip: "01720"}, Email: "Ann@X", Phone1: "(508) 555-1111"}

// ORC-013, ORC-015: every case of the fulfillments table, run end to end.
func TestResolveFulfillmentCustomer_ORC013(t *testing.T) {
	on := Settings{Integration: interact}
	onM72 := Settings{Integration: interact, FulfillmentByORCEID: true}
	lee := customer.SoldTo{Number: 600, Name: customer.Name{First: "ANN", Last: "LEE"}, Address: customer.Address{Line1: "9 PINE RD", Zip: "01720"}}
	tests := []struct {
		name       string
		s          Settings
		customerNo string
		existing   []customer.SoldTo
		send       bool // Customer Engagement SendCustomer is called
		fetch      bool // Customer Engagement Customer is called
		want       customer.Number
		created    bool
		orceID     string // ORCE id stored afterwards
	}{
		{"ORC-015-E4 A1 OMS customer, nothing sent", Settings{FulfillmentByORCEID: true}, "13827",
			[]customer.SoldTo{{Number: 13827}}, false, false, 13827, false, ""},
		{"ORC-013 A2 invalid number: name and address match", Settings{}, "42", []customer.SoldTo{lee}, false, false, 600, false, ""},
		{"ORC-013 A2 nothing matches: created in upper case", Settings{}, "", nil, false, false, 1000, true, ""},
		{"ORC-013 B1 has an ORCE id: sent, id kept", on, "13827", []customer.SoldTo{{Number: 13827, ORCEID: "9000123"}}, true, false, 13827, false, "9000123"},
		{"ORC-015-E3 B2 no ORCE id: sent, returned id stored", on, "000013827", []customer.SoldTo{{Number: 13827}}, true, false, 13827, false, "9000555"},
		{"ORC-013 B3 invalid number: matched, sent, id stored", on, "77", []customer.SoldTo{lee}, true, false, 600, false, "9000555"},
		{"ORC-015-E1 C1 ORCE id held: no CE call", onM72, "9000123", []customer.SoldTo{{Number: 13827, ORCEID: "9000123"}}, false, false, 13827, false, "9000123"},
		{"ORC-015-E2 C2 fetched from CE and created", onM72, "9000999", nil, false, true, 1000, true, "9000999"},
		{"ORC-013 C3 missing: created, sent, id stored", onM72, "", nil, true, false, 1000, true, "9000555"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctrl := gomock.NewController(t)
			ce := NewMockEngagement(ctrl)
			if tt.send {
				ce.EXPECT().SendCustomer(gomock.Any(), gomock.Any()).Return("9000555", nil)
			}
			if tt.fetch {
				ce.EXPECT().Customer(gomock.Any(), "9000999").Return(customer.SoldTo{Name: customer.Name{Last: "Fetched"},
					Address: customer.Address{Line1: "1 Ce Rd"}, Email: "F@X"}, nil)
			}
			st := newCustomers(tt.existing...)
			res, err := ResolveFulfillmentCustomer(context.Background(), st, ce, tt.s, customer.Settings{}, tt.customerNo, response)
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.SoldTo.Number)
			assert.Equal(t, tt.created, res.Created)
			assert.Equal(t, tt.send, res.SentToCE)
			assert.Equal(t, tt.orceID, st.byNumber[tt.want].ORCEID)
			if tt.created && !tt.fetch {
				got := st.byNumber[tt.want]
				assert.Equal(t, "LEE", got.Name.Last, "ORC-015: created in upper case")
				assert.Empty(t, got.Address.Line4, "ORC-015: fourth line not used")
				assert.Equal(t, "5085551111", got.Phones.Day, "ORC-015: non-numeric characters stripped")
			}
			if tt.fetch {
				assert.Equal(t, "FETCHED", st.byNumber[tt.want].Name.Last)
				assert.Equal(t, "f@x", st.byNumber[tt.want].Email)
				assert.Equal(t, []string{"f@x"}, st.byNumber[tt.want].Emails, "ORC-015-E2: the fetched email is the customer's email on file")
			}
		})
	}
}

func TestResolveFulfillmentCustomer_Errors(t *testing.T) {
	boom := errors.New("CE down")
	t.Run("B2 send fails: nothing written", func(t *testing.T) {
		ctrl := gomock.NewController(t)
		ce := NewMockEngagement(ctrl)
		ce.EXPECT().SendCustomer(gomock.Any(), gomock.Any()).Return("", boom)
		st := newCustomers(customer.SoldTo{Number: 13827})
		_, err := ResolveFulfillmentCustomer(context.Background(), st, ce, Settings{Integration: interact}, customer.Settings{}, "13827", response)
		require.ErrorIs(t, err, boom)
		assert.Equal(t, 0, st.writes)
	})
	t.Run("C2 fetch fails: nothing written", func(t *testing.T) {
		ctrl := gomock.NewController(t)
		ce := NewMockEngagement(ctrl)
		ce.EXPECT().Customer(gomock.Any(), "1").Return(customer.SoldTo{}, boom)
		st := newCustomers()
		_, err := ResolveFulfillmentCustomer(context.Background(), st, ce, Settings{Integration: interact, FulfillmentByORCEID: true}, customer.Settings{}, "1", response)
		require.ErrorIs(t, err, boom)
		assert.Contains(t, err.Error(), "ORCE customer 1")
		assert.Equal(t, 0, st.writes)
	})
	t.Run("C3 send fails after create: error says no ORCE id stored", func(t *testing.T) {
		ctrl := gomock.NewController(t)
		ce := NewMockEngagement(ctrl)
		ce.EXPECT().SendCustomer(gomock.Any(), gomock.Any()).Return("", boom)
		st := newCustomers()
		res, err := ResolveFulfillmentCustomer(context.Background(), st, ce, Settings{Integration: interact, FulfillmentByORCEID: true}, customer.Settings{}, "", response)
		require.ErrorIs(t, err, boom)
		assert.Contains(t, err.Error(), "no ORCE id stored")
		assert.True(t, res.Created)
	})
	t.Run("A2 without name or address: selection error, nothing written", func(t *testing.T) {
		st := newCustomers()
		_, err := ResolveFulfillmentCustomer(context.Background(), st, NewMockEngagement(gomock.NewController(t)), Settings{}, customer.Settings{}, "", ResponseCustomer{})
		require.ErrorIs(t, err, customer.ErrInsufficientIdentity)
		assert.Equal(t, 0, st.writes)
	})
}

func TestResolveFulfillmentCustomer_StoreErrorWrapped(t *testing.T) {
	ctrl := gomock.NewController(t)
	st := NewMockFulfillmentStore(ctrl)
	boom := errors.New("write conflict")
	st.EXPECT().SoldTo(gomock.Any(), customer.Number(13827)).Return(customer.SoldTo{Number: 13827}, nil)
	st.EXPECT().UpdateSoldTo(gomock.Any(), customer.Number(13827), gomock.Any()).Return(customer.SoldTo{}, boom)
	_, err := ResolveFulfillmentCustomer(context.Background(), st, NewMockEngagement(ctrl), Settings{}, customer.Settings{}, "13827", response)
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "customer 13827")
}
