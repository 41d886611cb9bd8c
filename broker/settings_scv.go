package broker

import (
	"strings"

	"github.com/omskit/omskit/scv"
)

// SettingsFrom reads the broker settings from an scv snapshot. Properties
// that are not SCVs (OROB_MESSAGE_VERSION, the status list limit and window)
// and the ambiguity choices keep their zero values; set them on the result.
func SettingsFrom(s scv.Set) Settings {
	out := Settings{
		SendBackorders:                  s.Flag(scv.SendBackordersToOROB),
		FulfillmentAssignment:           s.Flag(scv.UseOROBForFulfillmentAssignment),
		ShipForPickupAssignment:         ShipForPickupAssignment(strings.ToUpper(strings.TrimSpace(s.String(scv.UseOROBForShipForPickupFulfillmentAssignment)))),
		SendHeldOrders:                  s.Flag(scv.SendHeldOrdersToOROB),
		IncludeShipComplete:             s.Flag(scv.OrderBrokerIncludeShipCompleteOrders),
		IncludeCoordinateGrouped:        s.Flag(scv.OrderBrokerIncludeCoordinateGroupedOrders),
		IncludeGiftOrders:               s.Flag(scv.OrderBrokerIncludeGiftOrders),
		Account:                         s.String(scv.OROBAccount),
		System:                          s.String(scv.OROBSystem),
		DefaultLocation:                 s.String(scv.OROBDefaultLocation),
		UnfulfillableLocation:           s.String(scv.OROBDefaultLocationCodeForUnfulfillableOrders),
		SendInventoryByWarehouse:        s.Flag(scv.SendInventoryByWarehouseToOROB),
		POSName:                         s.String(scv.NameInOROBForPointOfSale),
		ORCECustomerIntegration:         s.String(scv.ORCECustomerIntegration),
		SplitOrder:                      s.Flag(scv.UseSplitOrder),
		PaymentAtPOSForShipForPickup:    s.Flag(scv.PaymentAtPOSForShipForPickupOrders),
		ReserveFromNonAllocatable:       s.Flag(scv.ReserveFromNonAllocatableWarehouse),
		DisregardSoldoutNonAllocatable:  s.Flag(scv.DisregardSoldoutControlsForNonAllocatableWarehouses),
		OriginatingLocation:             s.String(scv.OriginatingLocationToPassToOROB),
		DeliveryOrderTypeFromOMS:        s.String(scv.OrderTypeForDeliveryOrdersOriginatingInOROMS),
		RetailPickupOrderTypeFromOMS:    s.String(scv.OrderTypeForRetailPickupOrdersOriginatingInOROMS),
		SendORCECustomerID:              s.Flag(scv.SendORCECustomerIDToOROB),
		InvoiceShipForPickupAtIntransit: s.Flag(scv.InvoiceShipForPickupOrderOnceIntransit),
		NonInventoryItemHistory:         s.Flag(scv.CreateItemTransactionHistoryForNonInventoryItems),
		LocalCurrency:                   s.String(scv.LocalCurrencyCode),
	}
	if n, ok := s.Number(scv.OrderBrokerStatusUpdateInterval); ok {
		out.StatusUpdateInterval = int(n.IntPart())
	}
	if n, ok := s.Number(scv.OrderBrokerDueDateThreshold); ok {
		d := int(n.IntPart())
		out.DueDateThreshold = &d
	}
	return out
}
