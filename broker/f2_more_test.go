package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShipForPickupErrorTexts(t *testing.T) {
	// BRK-129: an MDSP error may also say "DROP SHIP PO# <n> CREATED." (no PO is produced, F2.04).
	assert.Equal(t, []string{"DROP SHIP PO# 812 CREATED.", "Submit Order Rejected/Order Held", "Rsn:PRODUCT NOT STOCKED IN REQUESTED LOC", "ATION."},
		ShipForPickupErrorTexts(812, "PRODUCT NOT STOCKED IN REQUESTED LOCATION."))
	// BRK-128: from pick slip generation, no PO line.
	assert.Equal(t, []string{"Submit Order Rejected/Order Held"}, ShipForPickupErrorTexts(0, ""))
}

func TestF2DailyInquiryEchoes(t *testing.T) {
	s := f2Settings()
	r := flowRec("F2", 1, StatusInTransit)
	r.RequestID, r.LastOBStatus = "5001", "intransit"
	// F2.x1, an added row (not in order-broker.md §4.2). The seed (002 L911):
	// "Once you confirm shipment of the ship-for-pickup order to the store
	// location, Order Management System includes the order in a status list
	// inquiry request message once a day to Order Broker to check on whether
	// the order has been received or picked up." and (L931): "Ln#: 1
	// Accepted by Broker: Written when you receive the status inquiry
	// request indicating that the location where the customer is picking up
	// the ship-for-pickup order has been notified."
	// OB still at the intransit OMS sent: nothing changes.
	res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventIntransit, OBStatus: "intransit"})
	assert.True(t, res.NoOp, "F2.x1: an echo of intransit changes nothing")
	// The pickup location notified: "Accepted by Broker", once, no status change.
	res = applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventAccepted, OBStatus: "accepted"})
	assert.Equal(t, "F2.x1", res.Row)
	assert.Equal(t, StatusInTransit, res.Record.Status, "F2.x1: the record stays in T")
	assert.Equal(t, []string{"Ln#: 1 Accepted by Broker"}, textsOf(res.Effects), "F2.x1")
	again := applyFlow(t, &ShipForPickup, s, res.Record, Event{Kind: EventAccepted, OBStatus: "accepted"})
	assert.Empty(t, textsOf(again.Effects), "F2.x1: written once")
}
