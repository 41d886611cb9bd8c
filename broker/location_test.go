package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWOBRStatusCodes(t *testing.T) {
	// BRK-318: every status the F2, F3 and F4 tables use is a §3.3 code with its name.
	for _, f := range []*Flow{&ShipForPickup, &ReceivedFromBroker, &StorePickup} {
		for _, r := range f.Rows {
			if r.Stay {
				continue
			}
			sum, ok := r.To.Summary()
			require.True(t, ok, "%s %s", f.Name, r.ID)
			assert.NotEmpty(t, sum.Name)
		}
	}
	sum, _ := StatusResendIntransit.Summary()
	assert.Equal(t, "Resend Intransit", sum.Name)
}

func TestDisplayStatus(t *testing.T) {
	never := Settings{ShipForPickupAssignment: ShipForPickupNever}
	always := Settings{ShipForPickupAssignment: ShipForPickupAlways}
	// BRK-321: retail pickup (F3) and ship-for-pickup with M34 NEVER (F2) show X in T, V, S.
	for _, st := range []Status{StatusInTransit, StatusInTransitPolled, StatusReceivedByStore} {
		rp := flowRec("F3", 1, st)
		rp.PickupOrder = true
		assert.Equal(t, StatusCompleted, DisplayStatus(rp, never), "F3 %v", st)
		assert.Equal(t, StatusCompleted, DisplayStatus(flowRec("F2", 1, st), never), "F2 %v", st)
		assert.Equal(t, StatusCompleted, DisplayStatus(flowRec("F2", 1, st), Settings{}), "F2 blank M34 %v", st)
	}
	// BRK-321: T is shown for ship-for-pickup with M34 ALWAYS (F1), and stored statuses stay for inquiries.
	sfp := flowRec("F1", 1, StatusInTransit)
	sfp.ShipForPickup = true
	assert.Equal(t, StatusInTransit, DisplayStatus(sfp, always))
	assert.Equal(t, StatusPartialFulfill, DisplayStatus(flowRec("F2", 1, StatusPartialFulfill), never))
	delivery := flowRec("F3", 1, StatusInTransit)
	assert.Equal(t, StatusInTransit, DisplayStatus(delivery, never))
}

func TestLocationLabel(t *testing.T) {
	// BRK-322: "<code> - <description>" from WSCR, even for a warehouse; code alone when no WSCR record.
	assert.Equal(t, "10 - East Coast", LocationLabel("10", "East Coast"))
	assert.Equal(t, "10", LocationLabel(" 10 ", ""))
	assert.Empty(t, LocationLabel("", "x"))
	// BRK-322: the description stored on the record is shown (later WSCR changes do not update it).
	r := rec(1, StatusAcknowledged)
	r.FulfillingLocation, r.FulfillingLocationName = "10", "East Coast"
	assert.Equal(t, "10 - East Coast", ShownFulfillingLocation(r))
}

func TestShownFulfillingLocation(t *testing.T) {
	// BRK-323: a brokered backorder in Z, C, J, R or W shows no fulfilling location.
	for _, st := range []Status{StatusCanceled, StatusClosed, StatusRejected, StatusReady, StatusWaiting} {
		r := rec(1, st)
		r.FulfillingLocation = "317"
		assert.Empty(t, ShownFulfillingLocation(r), "%v", st)
	}
	// BRK-324: an unfulfillable brokered backorder shows the K56 location.
	u := rec(1, StatusUnfulfillable)
	u.FulfillingLocation = "999"
	assert.Equal(t, "999", ShownFulfillingLocation(u))
	// BRK-311: E shows none in any flow but F4 (BRK-323: may be blank in E).
	e := flowRec("F3", 1, StatusError)
	e.FulfillingLocation = "10"
	assert.Empty(t, ShownFulfillingLocation(e))
}

func TestDeliveryTypeName(t *testing.T) {
	// BRK-156: a ship-for-pickup order shows Broker delivery type Ship for Pickup.
	assert.Equal(t, "Ship for Pickup", DeliveryTypeName(flowRec("F2", 1, StatusPicking)))
	sfp := rec(1, StatusAcknowledged)
	sfp.ShipForPickup = true
	assert.Equal(t, "Ship for Pickup", DeliveryTypeName(sfp))
	// BRK-300: a store pickup order shows Store Pickup.
	assert.Equal(t, "Store Pickup", DeliveryTypeName(flowRec("F4", 1, StatusAcknowledged)))
	// BRK-325: the Display Order Broker Details screen shows the delivery type.
	rp := flowRec("F3", 1, StatusInProcess)
	assert.Equal(t, "Delivery", DeliveryTypeName(rp))
	rp.PickupOrder = true
	assert.Equal(t, "Retail Pickup", DeliveryTypeName(rp))
	assert.Equal(t, "Brokered Backorder", DeliveryTypeName(rec(1, StatusAcknowledged)))
}

func TestBrokerLocations(t *testing.T) {
	so := SubmitOrder{StoreLocation: Location{Location: "K51", System: "6"}, ShipForPickupLocation: &Location{Location: "7", System: "STC"},
		Lines: []SubmitLine{{Location: Location{Location: "WH10", System: "6"}}}}
	resp := &SubmitOrderResponse{Fulfillments: []FulfillmentDetail{{Location: Location{Location: "317", System: "POS"}}}}
	// BRK-326, brokered backorder: store_location, the response's fulfillment location, shipforpickup_location.
	bb := SubmitLocations("F1", so, resp)
	assert.Equal(t, "K51", bb.Originating.Location)
	assert.Equal(t, "317", bb.Fulfilling.Location)
	assert.Equal(t, "7", bb.Pickup.Location)
	// BRK-326, ship-for-pickup (pick gen): fulfilling = transaction_detail/location_cd.
	f2 := SubmitLocations("F2", so, resp)
	assert.Equal(t, "WH10", f2.Fulfilling.Location)
	assert.Equal(t, "7", f2.Pickup.Location)
	// BRK-326, store pickup: fulfilling from the response, pickup = first transaction_detail location.
	f4 := SubmitLocations("F4", so, resp)
	assert.Equal(t, "317", f4.Fulfilling.Location)
	assert.Equal(t, "WH10", f4.Pickup.Location)
	// BRK-326, F3: request_location_cd, location_cd, and shipforpickup_location for retail pickup only.
	// BRK-191: store_location names the fulfilling OMS location and the originating one with its system.
	// BRK-192: shipforpickup_location gives the pickup store and its system code.
	det := &FulfillmentDetailOrder{Store: FulfillmentStoreLocation{Location: "10", System: "6", RequestLocation: "317", RequestSystem: "POS"}, ShipForPickup: &Location{Location: "7", System: "STC"}}
	rp := FulfillmentLocations(det, true)
	assert.Equal(t, Location{Location: "317", System: "POS"}, rp.Originating)
	assert.Equal(t, Location{Location: "10", System: "6"}, rp.Fulfilling)
	assert.Equal(t, Location{Location: "7", System: "STC"}, *rp.Pickup)
	assert.Nil(t, FulfillmentLocations(det, false).Pickup)
	assert.Equal(t, BrokerLocations{}, FulfillmentLocations(nil, true))
}

func TestFlows(t *testing.T) {
	fs := Flows()
	require.Len(t, fs, 4)
	for name, f := range fs {
		assert.Equal(t, name, f.Name)
		require.NoError(t, f.Validate())
	}
}
