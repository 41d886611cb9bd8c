package broker

import (
	"testing"

	"github.com/google/uuid"
	"github.com/omskit/omskit/scv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSettingsFrom(t *testing.T) {
	set, err := scv.Load(map[string]string{
		"K08": "Y", "M31": "Y", "M34": "ALWAYS", "M18": "Y", "K10": "15", "K11": "7",
		"K49": "LOCATE", "K50": "6", "K51": "1234567890", "K56": "999", "L56": "Y", "M32": "ORIG", "M33": "D", "M35": "P", "A55": "USD",
	})
	require.NoError(t, err)
	s := SettingsFrom(set)
	assert.True(t, s.SendBackorders)
	assert.True(t, s.FulfillmentAssignment)
	assert.Equal(t, ShipForPickupAlways, s.ShipForPickupAssignment)
	assert.True(t, s.SendHeldOrders)
	assert.Equal(t, 15, s.StatusUpdateInterval)
	require.NotNil(t, s.DueDateThreshold)
	assert.Equal(t, 7, *s.DueDateThreshold)
	assert.Equal(t, "LOCATE", s.Account)
	assert.Equal(t, "6", s.System)
	assert.Equal(t, "1234567890", s.DefaultLocation)
	assert.Equal(t, "999", s.UnfulfillableLocation)
	assert.True(t, s.SplitOrder)
	assert.Equal(t, "ORIG", s.OriginatingLocation)
	assert.Equal(t, "D", s.DeliveryOrderTypeFromOMS)
	assert.Equal(t, "P", s.RetailPickupOrderTypeFromOMS)
	assert.Equal(t, "USD", s.LocalCurrency)
	assert.False(t, s.IncludeGiftOrders)

	empty, err := scv.Load(map[string]string{})
	require.NoError(t, err)
	s = SettingsFrom(empty)
	assert.Nil(t, s.DueDateThreshold, "K11 blank is not zero days")
	assert.Equal(t, ShipForPickupBlank, s.ShipForPickupAssignment)
}

func TestSideEffectsNameTheirRecord(t *testing.T) {
	id := uuid.New()
	for _, e := range []SideEffect{History{Record: id}, TransactionMessage{Record: id}, AuthorizationReversal{Record: id}, LineUpdate{Record: id},
		BillingRequest{Record: id}, ShipmentDetails{Record: id}, ItemTransaction{Record: id}, StatusInquiry{Record: id},
		CancelRequest{Record: id}, UnderReviewUpdate{Record: id}, FulfillingOrderExpected{Record: id}} {
		assert.Equal(t, id, e.RecordID(), "%T", e)
	}
	assert.Equal(t, "error", HistoryError.String())
	assert.Equal(t, "D - Receive Status Response", HistoryReceiveStatusResponse.String())
	err := error(&RejectedError{Code: "2040", Description: "Duplicate Order/line"})
	assert.ErrorIs(t, err, ErrRejected)
	assert.Equal(t, `broker: order broker rejected the request: code "2040": Duplicate Order/line`, err.Error())
}
