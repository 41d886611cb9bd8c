package broker

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"github.com/omskit/omskit/order"
)

// intakeStoreFake is a minimal order.Store and order.OrderNumbers.
type intakeStoreFake struct {
	mu      sync.Mutex
	next    int
	commits []order.Write
}

func (s *intakeStoreFake) LookupIntake(_ context.Context, key string) (order.Committed, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.commits {
		if w.Key == key {
			return order.Committed{Result: w.Result, PayloadHash: w.PayloadHash}, true, nil
		}
	}
	return order.Committed{}, false, nil
}
func (s *intakeStoreFake) Order(context.Context, uuid.UUID) (order.Order, error) {
	return order.Order{}, order.ErrNotFound
}
func (s *intakeStoreFake) Batch(context.Context, string) (order.Batch, bool, error) {
	return order.Batch{}, false, nil
}
func (s *intakeStoreFake) Commit(_ context.Context, w order.Write) (order.Committed, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits = append(s.commits, w)
	return order.Committed{Result: w.Result, PayloadHash: w.PayloadHash}, nil
}
func (s *intakeStoreFake) NextOrderNumber(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	return 41 + s.next, nil
}
func (s *intakeStoreFake) OrderIDByNumber(context.Context, int) (uuid.UUID, error) {
	return uuid.Nil, order.ErrNotFound
}

type intakeItemsFake struct{}

func (intakeItemsFake) FindItem(_ context.Context, k order.ItemKey) (order.Item, bool, error) {
	return order.Item{Number: "SHIRT", SKU: "RED M"}, true, nil
}
func (intakeItemsFake) PayType(_ context.Context, code string) (order.PayType, bool, error) {
	return order.PayType{Code: code, Kind: order.PayOther}, code == "27", nil
}

func receivedForIntake() ReceivedOrder {
	addr := Address{Name: Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", City: "Boston", Province: "MA", Postal: "02110", Country: "US "}
	return ReceivedOrder{ID: uuid.MustParse("00000000-0000-0000-0000-0000000000b1"), Company: 6, RequestID: "900",
		OrderType: "D", Channel: "C", OrderDate: t0, SourceCode: "WEB", CustomerNo: "13827", SoldTo: addr, ShipTo: addr, ShipVia: "30",
		Lines:   []ReceivedLine{{Seq: 1, ItemID: ItemID("SHIRT", "RED M"), Qty: 2, UnitPrice: dec("10"), TaxOverride: dec("1.5")}},
		Payment: ReceivedPayment{PayType: "27", CardNumber: "ORDER BROKER", SuppressDeposit: true, SuppressRefund: true, Amount: dec("21.5")}}
}

func TestReceivedIntakeOrderMapping(t *testing.T) {
	o := ReceivedIntakeOrder(receivedForIntake())
	assert.Equal(t, "6", o.CompanyCode)
	assert.Equal(t, "OB900", o.OrderNumber)
	assert.Equal(t, "C", o.OrderChannel)
	assert.Equal(t, "13827", o.SoldTo.CustomerNumber)
	assert.Equal(t, "US", o.SoldTo.Country)
	require.Len(t, o.ShipTos, 1)
	assert.True(t, o.ShipTos[0].CalcFreight, "no freight_amount: OMS calculates freight (BRK-185)")
	require.Len(t, o.ShipTos[0].Lines, 1)
	l := o.ShipTos[0].Lines[0]
	assert.Equal(t, "SHIRT", l.ItemID)
	assert.Equal(t, "RED M", l.SKU)
	assert.True(t, l.Tax.Equal(dec("1.5")))
	require.Len(t, o.Payments, 1)
	p := o.Payments[0]
	assert.Equal(t, "27", p.PayType)
	assert.Empty(t, p.CardNumber, "the K98 description is not a card number")
	assert.True(t, p.Amount.IsZero(), "the balance")
	assert.True(t, p.SuppressDepositFlag)
	assert.True(t, p.SuppressRefundFlag)
	assert.Equal(t, "OB1234567890123456789012345678", ReceivedOrderNumber("1234567890123456789012345678901"), "cut to 30")
}

// The commit writes the staged order, then the records and effects keyed
// with the new order, and the link, through the Writer.
func TestReceivedIntakeCommitKeysRecordsAndLink(t *testing.T) {
	ctrl := gomock.NewController(t)
	w := NewMockReceivedWriter(ctrl)
	st := &intakeStoreFake{}
	h := &ReceivedIntake{Deps: order.Deps{Store: st, Items: intakeItemsFake{}, PayTypes: intakeItemsFake{}, OrderNumbers: st,
		Clock: func() time.Time { return t0 }}, Writer: w}
	ro := receivedForIntake()
	held, errs, err := h.EditReceivedOrder(context.Background(), ro)
	require.NoError(t, err)
	assert.False(t, held)
	assert.Empty(t, errs)
	assert.Empty(t, st.commits, "the edit writes nothing")

	want := OrderKey{Company: 6, Order: 42, ShipTo: 1}
	recID := uuid.MustParse("00000000-0000-0000-0000-0000000000c1")
	recs := []Result{{Record: Record{ID: recID, Key: OrderKey{Company: 6}, LineSeq: 1},
		Effects: []SideEffect{TransactionMessage{Record: recID, Key: OrderKey{Company: 6}, Text: "Ln#: 1 Ready for Fulfillment"}, History{Record: recID}}}}
	w.EXPECT().WriteReceived(gomock.Any(), gomock.Any(), gomock.Any()).DoAndReturn(func(_ context.Context, got []Result, l OrderLink) error {
		require.Len(t, got, 1)
		assert.Equal(t, want, got[0].Record.Key)
		require.Len(t, got[0].Effects, 2)
		assert.Equal(t, want, got[0].Effects[0].(TransactionMessage).Key)
		assert.Equal(t, want, l.Fulfilling)
		assert.Equal(t, "900", l.RequestID)
		return nil
	})
	key, err := h.CommitReceivedOrder(context.Background(), ro, recs, func(k OrderKey) OrderLink { return OrderLink{RequestID: "900", Fulfilling: k} })
	require.NoError(t, err)
	assert.Equal(t, want, key)
	require.Len(t, st.commits, 1)
	assert.Equal(t, 42, st.commits[0].Order.Number)
	assert.Equal(t, OrderKey{Company: 6}, recs[0].Record.Key, "the caller's records are not changed")
}

func TestReceivedIntakeMisuse(t *testing.T) {
	ctrl := gomock.NewController(t)
	w := NewMockReceivedWriter(ctrl) // no call expected
	st := &intakeStoreFake{}
	h := &ReceivedIntake{Deps: order.Deps{Store: st, Items: intakeItemsFake{}, OrderNumbers: st}, Writer: w}
	_, err := h.CommitReceivedOrder(context.Background(), receivedForIntake(), nil, func(k OrderKey) OrderLink { return OrderLink{} })
	assert.ErrorIs(t, err, ErrInvalidInput, "commit before edit")
	assert.Empty(t, st.commits)

	_, _, err = (&ReceivedIntake{}).EditReceivedOrder(context.Background(), receivedForIntake())
	assert.ErrorIs(t, err, ErrInvalidInput, "no order deps")
	assert.Contains(t, err.Error(), "900")
}
