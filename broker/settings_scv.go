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
	out.Flows = FlowSettingsFrom(s)
	if n, ok := s.Number(scv.OrderBrokerStatusUpdateInterval); ok {
		out.StatusUpdateInterval = int(n.IntPart())
	}
	if n, ok := s.Number(scv.OrderBrokerDueDateThreshold); ok {
		d := int(n.IntPart())
		out.DueDateThreshold = &d
	}
	return out
}

// FlowSettingsFrom reads the F2-F4 settings from an scv snapshot, one SCV
// per field (see [FlowSettings]). What is not an SCV stays zero for the
// host to set: the K98 pay type's description (PaymentTypeDescription,
// BRK-205), the L33 order type's online authorization flag
// (StorePickupOnlineAuthorization, BRK-266) and the ambiguity A11 choice
// (HeldReceivedAsPolled).
func FlowSettingsFrom(s scv.Set) FlowSettings {
	str := func(c scv.Code) string { return strings.TrimSpace(s.String(c)) }
	return FlowSettings{
		ShipForPickupErrorHold:          str(scv.HoldReasonForErroredShipForPickupOrders),
		SpecialOrderType:                str(scv.OrderTypeForSpecialOrders),
		SpecialPayType:                  str(scv.PayTypeForSpecialOrders),
		PickInCancelReason:              str(scv.CancelReasonPickIn),
		SeparatePicks:                   s.Flag(scv.CreateSeparatePicksForShipForPickupOrders),
		AutoSoldoutCancelReason:         str(scv.AutoSoldoutCancelReason),
		DeliveryOrderType:               str(scv.OrderTypeForOrdersBrokeredForDelivery),
		RetailPickupOrderType:           str(scv.OrderTypeForRetailPickupOrdersBrokeredToOROMS),
		RetainBackorderedLines:          s.Flag(scv.RetainBackorderedLinesBrokeredToOROMS),
		ErrorBatch:                      str(scv.OrderBrokerErrorBatchNumber),
		SourceCode:                      str(scv.OrderBrokerSourceCode),
		ShipVia:                         str(scv.OrderBrokerShipVia),
		DefaultShipVia:                  str(scv.DefaultShipVia),
		PriceOverrideReason:             str(scv.OrderBrokerPriceOverride),
		PaymentType:                     str(scv.OrderBrokerPaymentType),
		ShipComplete:                    s.Flag(scv.ShipCompleteForOrdersBrokeredToOROMS),
		CancelHold:                      str(scv.OrderBrokerHoldReasonCancel),
		Gift:                            s.Flag(scv.GiftFlagForOrdersBrokeredToOROMS),
		RePolling:                       s.Flag(scv.RePollingForOrdersBrokeredToOROMS),
		SpecialHandlingByLine:           s.Flag(scv.EvaluateSpecialHandlingChargesByOrderLine),
		SuppressReturns:                 s.Flag(scv.SuppressReturnsForRetailPickupDelivery),
		RejectedStorePickupCancelReason: str(scv.CancelReasonRejectedStorePickupOrders),
		StorePickupOrderType:            str(scv.StorePickupOrderType),
		MerchandiseLocator:              s.Flag(scv.UseMerchandiseLocator),
		PaymentAtPOSForStorePickup:      s.Flag(scv.PaymentAtPOSForStorePickup),
		StatusInquiryList:               strings.ToUpper(str(scv.UseOROBStatusInquiryListWebService)),
		StreamlinedAllocation:           s.Flag(scv.UseStreamlinedAllocation),
	}
}
