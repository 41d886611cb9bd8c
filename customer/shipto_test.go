package customer

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	leeName = Name{Last: "LEE"}
	leeAddr = Address{Line1: "9 PINE RD", Zip: "01720"}
	kimName = Name{Last: "KIM"}
	kimAddr = Address{Line1: "2 BAY ST", Zip: "01720"}
)

func shipStore() *fakeStore {
	f := newFake(other(100), other(500), SoldTo{Number: 510, Name: leeName, Address: leeAddr},
		SoldTo{Number: 520, Name: kimName, Address: kimAddr})
	for i, a := range []string{"1 A ST", "2 B ST", "3 C ST"} {
		f.permanent[100] = append(f.permanent[100], PermanentShipTo{Customer: 100, Seq: i + 1,
			Name: Name{Last: "GIFT"}, Address: Address{Line1: a, Zip: "01720"}})
	}
	return f
}

func TestSelectShipTo(t *testing.T) {
	tests := []struct {
		name      string
		req       ShipToRequest
		recipient Number
		perm      string
		create    bool
		orderAddr bool
		rule      string
	}{
		{ // CUS-026
			name: "CUS-026 no ship_to_type: ships to the sold-to",
			req:  ShipToRequest{}, rule: "no ship-to: the order ships to the sold-to",
		},
		{ // CUS-027
			name: "CUS-027-E1 order-level address even when it matches a customer",
			req:  ShipToRequest{Type: ShipToOrder, Name: kimName, Address: kimAddr}, orderAddr: true, rule: "CUS-027",
		},
		{ // CUS-028
			name: "CUS-028-E1 recipient by number",
			req:  ShipToRequest{Type: ShipToRecipient, CustomerShipToNumber: "500"}, recipient: 500, rule: "CUS-028",
		},
		{ // CUS-029
			name:      "CUS-029-E1 recipient by exact F70 match",
			req:       ShipToRequest{Type: ShipToRecipient, Name: Name{Last: "Lee"}, Address: Address{Line1: "9 Pine Rd", Zip: "01720"}},
			recipient: 510, rule: "CUS-029",
		},
		{ // CUS-029, C-27
			name:   "CUS-029 a fuzzy-only match (punctuation) is not exact: created",
			req:    ShipToRequest{Type: ShipToRecipient, Name: leeName, Address: Address{Line1: "9 PINE RD.", Zip: "01720"}},
			create: true, rule: "CUS-030",
		},
		{ // CUS-030
			name:   "CUS-030-E1 unknown number and no match: recipient created",
			req:    ShipToRequest{Type: ShipToRecipient, CustomerShipToNumber: "999", Name: Name{Last: "NEW"}, Address: Address{Line1: "1 NEW RD"}},
			create: true, rule: "CUS-030",
		},
		{ // CUS-031
			name: "CUS-031-E1 permanent ship-to by number",
			req:  ShipToRequest{Type: ShipToPermanent, CustomerShipToNumber: "100", PermanentShipToNumber: "2"}, perm: "100/2", rule: "CUS-031",
		},
		{ // CUS-032
			name: "CUS-032-E1 permanent ship-to by exact match",
			req:  ShipToRequest{Type: ShipToPermanent, Name: Name{Last: "GIFT"}, Address: Address{Line1: "3 C ST", Zip: "01720"}},
			perm: "100/3", rule: "CUS-032",
		},
		{ // CUS-032
			name: "CUS-032 unknown permanent number falls back to the exact match",
			req: ShipToRequest{Type: ShipToPermanent, CustomerShipToNumber: "100", PermanentShipToNumber: "9",
				Name: Name{Last: "GIFT"}, Address: Address{Line1: "1 A ST", Zip: "01720"}},
			perm: "100/1", rule: "CUS-032",
		},
		{ // CUS-033
			name: "CUS-033-E1 permanent ship-to created with the next number",
			req:  ShipToRequest{Type: ShipToPermanent, Name: Name{Last: "GIFT"}, Address: Address{Line1: "4 D ST"}},
			perm: "100/4", create: true, rule: "CUS-033",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := shipStore()
			sel, err := SelectShipTo(context.Background(), f, 100, tt.req, Settings{})
			require.NoError(t, err)
			assert.Contains(t, sel.Rule, tt.rule)
			assert.Equal(t, tt.create, sel.Create)
			assert.Equal(t, tt.orderAddr, sel.OrderAddress != nil)
			assert.Equal(t, 0, f.writes, "selection only reads")
			sel, err = ApplyShipTo(context.Background(), f, sel)
			require.NoError(t, err)
			if tt.recipient != 0 {
				assert.Equal(t, tt.recipient, sel.Recipient.Number)
			}
			if tt.perm != "" {
				assert.Equal(t, tt.perm, sel.Permanent.ID())
			}
			if tt.create {
				assert.Equal(t, 1, f.writes)
			}
			if tt.create && tt.perm == "" {
				assert.Equal(t, Number(1001), sel.Recipient.Number, "new recipient customer")
				assert.Equal(t, sel.NewRecipient.Name, f.soldTos[1001].Name)
			}
			if tt.orderAddr {
				assert.Equal(t, Number(0), sel.Recipient.Number, "no customer used")
				assert.Equal(t, "2 BAY ST", sel.OrderAddress.Line1)
				assert.Equal(t, 0, f.writes, "no customer created")
			}
		})
	}
}

// CUS-034
func TestSelectShipTo_CUS034_E1_ExistingRecipientNotUpdated(t *testing.T) {
	f := shipStore()
	before := f.soldTos[500]
	sel, err := SelectShipTo(context.Background(), f, 100, ShipToRequest{Type: ShipToRecipient, CustomerShipToNumber: "500",
		Name: Name{Last: "ELSEWHERE"}, Address: Address{Line1: "8 FAR RD"}}, Settings{})
	require.NoError(t, err)
	_, err = ApplyShipTo(context.Background(), f, sel)
	require.NoError(t, err)
	assert.Equal(t, Number(500), sel.Recipient.Number)
	assert.Equal(t, before, f.soldTos[500])
	assert.Equal(t, 0, f.writes)
}

// CUS-034
func TestSelectShipTo_CUS034_ExistingPermanentNotUpdated(t *testing.T) {
	f := shipStore()
	before := f.permanent[100][1]
	sel, err := SelectShipTo(context.Background(), f, 100, ShipToRequest{Type: ShipToPermanent, CustomerShipToNumber: "100",
		PermanentShipToNumber: "2", Name: Name{Last: "CHANGED"}, Address: Address{Line1: "8 FAR RD"}}, Settings{})
	require.NoError(t, err)
	_, err = ApplyShipTo(context.Background(), f, sel)
	require.NoError(t, err)
	assert.Equal(t, before, f.permanent[100][1])
	assert.Equal(t, 0, f.writes)
}

func TestSelectShipTo_BadInput(t *testing.T) {
	tests := []struct {
		name  string
		req   ShipToRequest
		field string
		is    error
	}{
		{"CUS-026 alternate_ship_to_id must be blank", ShipToRequest{Type: ShipToOrder, AltShipToID: "X"}, "alternate_ship_to_id", ErrInvalidField},
		{"CUS-027 type 1 with a customer number is contradictory", ShipToRequest{Type: ShipToOrder, CustomerShipToNumber: "500", Name: kimName, Address: kimAddr}, "customer_ship_to_number", ErrInvalidField},
		{"CUS-027 type 1 without a valid address", ShipToRequest{Type: ShipToOrder, Name: kimName}, "ship_to_address1", ErrInsufficientIdentity},
		{"CUS-028 type 2 with a permanent number", ShipToRequest{Type: ShipToRecipient, PermanentShipToNumber: "1"}, "permanent_ship_to_number", ErrInvalidField},
		{"CUS-030 cannot create a recipient without an address", ShipToRequest{Type: ShipToRecipient, CustomerShipToNumber: "999"}, "ship_to_lname", ErrInsufficientIdentity},
		{"CUS-031 type 3 for another sold-to (C-19)", ShipToRequest{Type: ShipToPermanent, CustomerShipToNumber: "500", PermanentShipToNumber: "1"}, "customer_ship_to_number", ErrInvalidField},
		{"customer_ship_to_number not numeric", ShipToRequest{Type: ShipToRecipient, CustomerShipToNumber: "5O0"}, "customer_ship_to_number", ErrInvalidField},
		{"unknown ship_to_type", ShipToRequest{Type: 7}, "ship_to_type", ErrInvalidField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := shipStore()
			_, err := SelectShipTo(context.Background(), f, 100, tt.req, Settings{})
			require.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.field)
			assert.Equal(t, 0, f.writes)
		})
	}
}

// CUS-029, C-27: a site may choose the normalised comparison for ship-tos.
func TestSelectShipTo_CUS029_C27_NormalizedMatchMode(t *testing.T) {
	f := shipStore()
	r := ShipToRequest{Type: ShipToRecipient, Name: leeName, Address: Address{Line1: "9 PINE RD.", Zip: "01720"}}
	sel, err := SelectShipTo(context.Background(), f, 100, r, Settings{ShipToMatch: MatchNormalized})
	require.NoError(t, err)
	assert.False(t, sel.Create)
	assert.Equal(t, Number(510), sel.Recipient.Number)
}
