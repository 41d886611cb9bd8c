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
	// F2.18: OB still at intransit: nothing changes.
	res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventIntransit, OBStatus: "intransit"})
	assert.True(t, res.NoOp)
	// F2.18: the pickup location notified: "Accepted by Broker" once (seed L931).
	res = applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventAccepted, OBStatus: "accepted"})
	assert.Equal(t, StatusInTransit, res.Record.Status)
	assert.Equal(t, []string{"Ln#: 1 Accepted by Broker"}, textsOf(res.Effects))
	again := applyFlow(t, &ShipForPickup, s, res.Record, Event{Kind: EventAccepted, OBStatus: "accepted"})
	assert.Empty(t, textsOf(again.Effects))
}
