package customer

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	soldName = Name{First: "ANN", Last: "BAKER"}
	soldAddr = Address{Line1: "4 MILL ST", Zip: "01720"}
	b710Name = Name{Company: "BAKER LLC"}
	b710Addr = Address{Line1: "10 TRADE WAY", Zip: "02110"}
)

func billStore() *fakeStore {
	f := newFake()
	f.billTos[700] = BillTo{Number: 700, Name: Name{Company: "SEVEN HUNDRED"}, Address: Address{Line1: "700 RD"}}
	f.billTos[710] = BillTo{Number: 710, Name: b710Name, Address: b710Addr}
	f.billTos[720] = BillTo{Number: 720, Name: Name{Company: "SOLD TO'S"}, Address: Address{Line1: "720 RD"}}
	f.nextBillTo = 749
	return f
}

func soldTo300(billTo BillToNumber) SoldTo {
	return SoldTo{Number: 300, Name: soldName, Address: soldAddr, BillTo: billTo}
}

func TestSelectBillTo(t *testing.T) {
	tests := []struct {
		name     string
		sold     SoldTo
		extra    []BillTo
		req      BillToRequest
		settings Settings
		step     BillToStep
		want     BillToNumber // 0: created, see create
		create   bool
		assign   bool
	}{
		{ // CUS-035
			name: "CUS-035-E1 A/R order without bill-to info uses the sold-to's bill-to",
			sold: soldTo300(720), req: BillToRequest{HasARPayment: true}, step: BillToOfSoldTo, want: 720,
		},
		{ // CUS-035, CUS-040
			name: "CUS-035-E2 credit-card order naming bill-to 700 uses it",
			sold: soldTo300(0), req: BillToRequest{Number: "700"}, step: BillToByNumber, want: 700,
		},
		{ // CUS-035, C-28
			name: "CUS-035-E3 credit-card order, no bill-to info, sold-to without bill-to: none (C-28 default)",
			sold: soldTo300(0), req: BillToRequest{}, step: BillToNone,
		},
		{ // CUS-035, C-28
			name: "CUS-035-E3 with BillToFallbackWithoutAR the steps run: created from the sold-to",
			sold: soldTo300(0), req: BillToRequest{}, settings: Settings{BillToFallbackWithoutAR: true},
			step: BillToFromSoldTo, create: true, assign: true,
		},
		{ // CUS-035
			name: "CUS-035 credit-card order: bill-to info in the message is still used",
			sold: soldTo300(0), req: BillToRequest{Name: b710Name, Address: b710Addr}, step: BillToExactMatch, want: 710,
		},
		{ // CUS-036, CUS-038
			name: "CUS-036-E1 bill_to_number 700 wins over the sold-to's 720",
			sold: soldTo300(720), req: BillToRequest{Number: "700", HasARPayment: true}, step: BillToByNumber, want: 700,
		},
		{ // CUS-036
			name: "CUS-036-E2 message's bill-to exactly matches 710",
			sold: soldTo300(0), req: BillToRequest{Name: Name{Company: "Baker LLC"}, Address: Address{Line1: "10 trade way", Zip: "02110"}, HasARPayment: true},
			step: BillToExactMatch, want: 710,
		},
		{ // CUS-036
			name: "CUS-036-E3 message's bill-to matches nothing: created from the message",
			sold: soldTo300(720), req: BillToRequest{Name: Name{Company: "NEW CO"}, Address: Address{Line1: "1 NEW RD"}, HasARPayment: true},
			step: BillToFromMessage, create: true,
		},
		{ // CUS-036
			name: "CUS-036 unknown bill_to_number falls through to step 3",
			sold: soldTo300(720), req: BillToRequest{Number: "799", HasARPayment: true}, step: BillToOfSoldTo, want: 720,
		},
		{ // CUS-036
			name: "CUS-036-E4 no number, no info: the sold-to's bill-to 720",
			sold: soldTo300(720), req: BillToRequest{HasARPayment: true}, step: BillToOfSoldTo, want: 720,
		},
		{ // CUS-036
			name:  "CUS-036-E5 bill-tos 730 and 740 match the sold-to: highest",
			sold:  soldTo300(0),
			extra: []BillTo{{Number: 730, Name: soldName, Address: soldAddr}, {Number: 740, Name: soldName, Address: soldAddr}},
			req:   BillToRequest{HasARPayment: true}, step: BillToSoldToMatch, want: 740,
		},
		{ // CUS-036, CUS-039
			name: "CUS-036-E6 nothing matches: created from the sold-to and assigned to it",
			sold: soldTo300(0), req: BillToRequest{HasARPayment: true}, settings: Settings{UpdateSoldToWithBillTo: false},
			step: BillToFromSoldTo, create: true, assign: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := billStore()
			f.soldTos[300] = tt.sold
			for _, b := range tt.extra {
				f.billTos[b.Number] = b
			}
			before := f.billTos[700]
			sel, err := SelectBillTo(context.Background(), f, tt.sold, tt.req, tt.settings)
			require.NoError(t, err)
			assert.Equal(t, tt.step, sel.Step)
			assert.Equal(t, tt.create, sel.Create)
			assert.Equal(t, tt.assign, sel.AssignToSoldTo)
			assert.NotEmpty(t, sel.Reason)
			assert.Equal(t, 0, f.writes, "selection only reads")
			sel, err = ApplyBillTo(context.Background(), f, 300, sel)
			require.NoError(t, err)
			assert.Equal(t, before, f.billTos[700], "CUS-037: existing bill-tos are never updated")
			if !tt.create {
				assert.Equal(t, tt.want, sel.BillTo.Number)
				assert.Equal(t, tt.sold.BillTo, f.soldTos[300].BillTo, "CUS-038: the sold-to is not reassigned")
				return
			}
			assert.Equal(t, BillToNumber(750), sel.BillTo.Number)
			assert.Equal(t, sel.BillTo, f.billTos[750])
			if tt.assign {
				assert.Equal(t, BillToNumber(750), f.soldTos[300].BillTo)
				assert.Equal(t, soldName, f.billTos[750].Name, "created from the sold-to")
			} else {
				assert.Equal(t, tt.sold.BillTo, f.soldTos[300].BillTo)
			}
		})
	}
}

// CUS-037
func TestSelectBillTo_CUS037_E1_ExistingBillToNotUpdated(t *testing.T) {
	f := billStore()
	before := f.billTos[700]
	sel, err := SelectBillTo(context.Background(), f, soldTo300(0),
		BillToRequest{Number: "700", Name: Name{Company: "CHANGED"}, Address: Address{Line1: "1 ELSEWHERE"}, HasARPayment: true}, Settings{})
	require.NoError(t, err)
	sel, err = ApplyBillTo(context.Background(), f, 300, sel)
	require.NoError(t, err)
	assert.Equal(t, BillToNumber(700), sel.BillTo.Number)
	assert.Equal(t, before, f.billTos[700])
	assert.Equal(t, 0, f.writes)
}

// CUS-038
func TestSelectBillTo_CUS038_E1_MessageBillToWins(t *testing.T) {
	f := billStore()
	f.soldTos[300] = soldTo300(720)
	sel, err := SelectBillTo(context.Background(), f, soldTo300(720), BillToRequest{Name: b710Name, Address: b710Addr, HasARPayment: true}, Settings{})
	require.NoError(t, err)
	_, err = ApplyBillTo(context.Background(), f, 300, sel)
	require.NoError(t, err)
	assert.Equal(t, BillToNumber(710), sel.BillTo.Number)
	assert.Equal(t, BillToNumber(720), f.soldTos[300].BillTo)
}

// CUS-039
func TestSelectBillTo_CUS039_E1_H87DoesNotMatter(t *testing.T) {
	for _, h87 := range []bool{false, true} {
		f := billStore()
		f.soldTos[300] = soldTo300(0)
		sel, err := SelectBillTo(context.Background(), f, soldTo300(0), BillToRequest{HasARPayment: true}, Settings{UpdateSoldToWithBillTo: h87})
		require.NoError(t, err)
		_, err = ApplyBillTo(context.Background(), f, 300, sel)
		require.NoError(t, err)
		assert.Equal(t, BillToNumber(750), f.soldTos[300].BillTo, "H87 = %v", h87)
	}
}

// CUS-040
func TestSelectBillTo_CUS040_E1_ExistingBillToMayAlwaysBeNamed(t *testing.T) {
	f := billStore()
	sel, err := SelectBillTo(context.Background(), f, soldTo300(0), BillToRequest{Number: "0000700"}, Settings{})
	require.NoError(t, err)
	assert.Equal(t, BillToNumber(700), sel.BillTo.Number)
}

func TestSelectBillTo_BadInput(t *testing.T) {
	for _, raw := range []string{"7A", "12345678"} {
		_, err := SelectBillTo(context.Background(), billStore(), soldTo300(0), BillToRequest{Number: raw}, Settings{})
		require.ErrorIs(t, err, ErrInvalidField)
		var fe *FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "bill_to_number", fe.Field)
		assert.Equal(t, raw, fe.Value)
	}
	_, err := SelectBillTo(context.Background(), billStore(), soldTo300(0),
		BillToRequest{Name: Name{Company: "NO ADDRESS"}, HasARPayment: true}, Settings{})
	require.ErrorIs(t, err, ErrInsufficientIdentity)
	assert.Contains(t, err.Error(), "bill_to_address1")
}

// CUS-036, C-27: a site may choose the normalised comparison for bill-tos.
func TestSelectBillTo_CUS036_C27_NormalizedMatchMode(t *testing.T) {
	r := BillToRequest{Name: Name{Company: "Baker, LLC"}, Address: Address{Line1: "10 Trade Way.", Zip: "02110"}, HasARPayment: true}
	sel, err := SelectBillTo(context.Background(), billStore(), soldTo300(0), r, Settings{})
	require.NoError(t, err)
	assert.Equal(t, BillToFromMessage, sel.Step, "exact by default: punctuation differs")
	sel, err = SelectBillTo(context.Background(), billStore(), soldTo300(0), r, Settings{BillToMatch: MatchNormalized})
	require.NoError(t, err)
	assert.Equal(t, BillToExactMatch, sel.Step)
	assert.Equal(t, BillToNumber(710), sel.BillTo.Number)
}
