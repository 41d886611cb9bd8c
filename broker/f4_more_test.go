package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStorePickupResponse(t *testing.T) {
	s := f4Settings()
	store := StoreXref{Store: "7", Description: "DOWNTOWN", Address: Address{Address1: "1 MAIN ST", City: "BOSTON"}}
	// BRK-291: Store Pickup delivery type, WSCR address, SP, system WSCR else L09, store code, Acknowledged.
	out := StorePickupResponse(store, true, s)
	assert.Equal(t, "Store Pickup", out.DeliveryType)
	assert.Equal(t, "1 MAIN ST", out.ShipTo.Address1)
	assert.Equal(t, "DOWNTOWN", out.ShipTo.Company)
	assert.Equal(t, "SP", out.PickupType)
	assert.Equal(t, "POS09", out.PickupSystemLocation)
	assert.Equal(t, "7", out.PickupLocation)
	assert.Equal(t, "Acknowledged", out.BrokerStatus)
	store.System = "STC"
	out = StorePickupResponse(store, false, s)
	assert.Equal(t, "STC", out.PickupSystemLocation)
	assert.Empty(t, out.BrokerStatus)
}

func TestStorePickupOrderTypeAndAuth(t *testing.T) {
	s := f4Settings()
	// BRK-294: the order type becomes L33 only after submission for online authorization.
	assert.Equal(t, "REG", StorePickupOrderType("REG", false, s))
	assert.Equal(t, "SP", StorePickupOrderType("REG", true, s))
	// BRK-266: an L33 order type not flagged for online authorization keeps the payment from going out.
	assert.False(t, AcceptStorePickup(dec("10"), false, false, s).OnlineAuthorization)
	s.Flows.StorePickupOnlineAuthorization = true
	assert.True(t, AcceptStorePickup(dec("10"), false, false, s).OnlineAuthorization)
}

func TestStorePickupAPIFreightAndQty(t *testing.T) {
	// BRK-289: L32 does not apply to the order API; calc_frt = N keeps freight off.
	assert.True(t, StorePickupAPIFreight(" n "))
	assert.False(t, StorePickupAPIFreight(""))
	assert.False(t, StorePickupAPIFreight("Y"))
	// BRK-275: OMS does not stop a negative quantity on a store pickup order.
	o := StorePickupAPIOrder{DeliveryType: "P", StoreCode: "7", StoreKnown: true, Email: "a@b.c", OptIn: "O1",
		Lines: []StorePickupAPILine{{ItemCode: "A", Qty: -1, Eligible: true}}}
	assert.Empty(t, CheckStorePickupAPI(o, f4Settings()).Errors)
}

func TestF4NewOrderEcho(t *testing.T) {
	// F4.x1, an added row (not in order-broker.md §4.4). The seed (002
	// L1845-1861): "Once Order Management System submits the order to
	// Order Broker, it begins including the order in periodic status
	// inquiry list requests to determine when: the selected store location
	// polls Order Broker [...]" and "Order Management System initially
	// creates the Order Broker record in Acknowledged status". Inquired
	// before the store polled, OB still says new_order: nothing changes.
	s := f4Settings()
	r := f4Rec(StatusAcknowledged)
	r.LastOBStatus = "new_order"
	ev, err := StorePickupItemEvent(r, ItemStatus{Status: "new_order"}, "", s, SourceStatusList, "r1")
	if assert.NoError(t, err) {
		res := applyFlow(t, &StorePickup, s, r, ev)
		assert.True(t, res.NoOp, "F4.x1: new_order on a K record changes nothing")
		assert.Equal(t, r, res.Record, "F4.x1")
	}
}

func TestF4Forbidden(t *testing.T) {
	s := f4Settings()
	// a final record takes no further event and is left unchanged.
	z := f4Rec(StatusCanceled)
	res, err := Engine{Settings: s}.Apply(&StorePickup, z, Event{Kind: EventFulfilled})
	assert.ErrorIs(t, err, ErrInvalidTransition)
	assert.Equal(t, z, res.Record)
	// R (not yet sent) cannot jump to an OB-reported status.
	_, err = Engine{Settings: s}.Apply(&StorePickup, f4Rec(StatusReady), Event{Kind: EventAccepted})
	assert.ErrorIs(t, err, ErrInvalidTransition)
	// an OB status skipping earlier ones is applied (§4 intro): K -> L.
	res, err = Engine{Settings: s}.Apply(&StorePickup, f4Rec(StatusAcknowledged), Event{Kind: EventPartiallyFulfilled})
	assert.NoError(t, err)
	assert.Equal(t, StatusPartialFulfill, res.Record.Status)
}

func TestF4CancelFailed(t *testing.T) {
	// F4.x2, an added row (not in order-broker.md §4.4, which has F4.14
	// for the cancel answered OK only). The seed (002 L4465): "Order
	// Broker responds to the cancel request for a brokered backorder or
	// store pickup indicating either a success or a failure. The only
	// reason why a cancel request for an identified order might fail is if
	// the order is already in the requested status in the Order Broker
	// database; in this case, the result indicated in the message is
	// FAILED rather than OK." OB holds the order canceled: Y -> Z, as
	// F1.22 reads it for a brokered backorder (BRK-114), unless the host
	// keeps FAILED cancels pending.
	s := f4Settings()
	failed := Event{Kind: EventCancelFailed, Source: SourceUpdateResponse, ErrorText: "FAILED"}
	res := applyFlow(t, &StorePickup, s, f4Rec(StatusPendingCancel), failed)
	assert.Equal(t, "F4.x2", res.Row)
	assert.Equal(t, StatusCanceled, res.Record.Status, "F4.x2: OB already holds the order canceled")
	assert.Len(t, effectsOf[History](res.Effects), 1, "F4.x2: the FAILED answer is in the history")
	s.CancelFailedKeepsPending = true
	res = applyFlow(t, &StorePickup, s, f4Rec(StatusPendingCancel), failed)
	assert.Equal(t, StatusPendingCancel, res.Record.Status, "F4.x2: kept in Y for a resend when the host says so")
}
