package broker

// FlowSettings are the system control values read only by flows F2
// (ship-for-pickup at pick slip generation), F3 (retail pickup and delivery
// orders received from OB) and F4 (store pickup), order-broker.md §2.13-§2.34
// and §7. Each field names its code. The zero value means every flag
// unselected and every code blank; a blank code keeps its own meaning where
// the chapter gives one (L02, L86, G11, K93, K94).
type FlowSettings struct {
	// ShipForPickupErrorHold is L10 (Hold Reason for Errored Ship for Pickup Orders).
	ShipForPickupErrorHold string
	// SpecialOrderType is L15 (Order Type for Special Orders).
	SpecialOrderType string
	// SpecialPayType is L16 (Pay Type for Special Orders).
	SpecialPayType string
	// PickInCancelReason is L86 (Cancel Reason (Pick In)); may be blank.
	PickInCancelReason string
	// SeparatePicks is L89 (Create Separate Picks for Ship for Pickup Orders).
	SeparatePicks bool
	// AutoSoldoutCancelReason is C20 (Auto Soldout Cancel Reason).
	AutoSoldoutCancelReason string
	// DeliveryOrderType is K91 (Order Type for Orders Brokered for Delivery).
	DeliveryOrderType string
	// RetailPickupOrderType is K92 (Order Type for Retail Pickup Orders Brokered to OROMS).
	RetailPickupOrderType string
	// RetainBackorderedLines is K89 (Retain Backordered Lines Brokered to OROMS).
	RetainBackorderedLines bool
	// ErrorBatch is K90 (Order Broker Error Batch Number).
	ErrorBatch string
	// SourceCode is K93 (Order Broker Source Code); may be blank.
	SourceCode string
	// ShipVia is K94 (Order Broker Ship Via); may be blank (then A77).
	ShipVia string
	// DefaultShipVia is A77 (Default Ship Via).
	DefaultShipVia string
	// PriceOverrideReason is K95 (Order Broker Price Override).
	PriceOverrideReason string
	// PaymentType is K98 (Order Broker Payment Type); PaymentTypeDescription
	// is that pay type's description, used as the card number (BRK-205).
	PaymentType            string
	PaymentTypeDescription string
	// ShipComplete is L01 (Ship Complete for Orders Brokered to OROMS).
	ShipComplete bool
	// CancelHold is L02 (Order Broker Hold Reason (Cancel)); may be blank.
	CancelHold string
	// Gift is L03 (Gift Flag for Orders Brokered to OROMS).
	Gift bool
	// RePolling is L04 (Re-Polling for Orders Brokered to OROMS).
	RePolling bool
	// SpecialHandlingByLine is D67 (Evaluate Special Handling Charges by Order Line).
	SpecialHandlingByLine bool
	// SuppressReturns is L88 (Suppress Returns for Retail Pickup/Delivery).
	SuppressReturns bool
	// RejectedStorePickupCancelReason is G11 (Cancel Reason (Rejected Store
	// Pickup Orders)); may be blank (the order is then not canceled).
	RejectedStorePickupCancelReason string
	// StorePickupOrderType is L33 (Store Pickup Order Type);
	// StorePickupOnlineAuthorization is that order type's online
	// authorization flag (BRK-266).
	StorePickupOrderType           string
	StorePickupOnlineAuthorization bool
	// MerchandiseLocator is I38 (Use Merchandise Locator).
	MerchandiseLocator bool
	// PaymentAtPOSForStorePickup is M16 (Payment at POS for Store Pickup).
	PaymentAtPOSForStorePickup bool
	// StatusInquiryList is M05 (Use OROB Status Inquiry List Web Service):
	// "NO", "CANCELED", "ALL" or blank (blank means NO).
	StatusInquiryList string
	// StreamlinedAllocation is L63 (Use Streamlined Allocation).
	StreamlinedAllocation bool
	// HeldReceivedAsPolled resolves ambiguity A11 (not an SCV): false (the
	// default, seed L1305) creates the record of a held received order in I,
	// true in P (summary table L5159).
	HeldReceivedAsPolled bool
}

// PollsFulfillments reports whether BROKER sends Fulfillments requests: only
// when both K91 and K92 are set (BRK-157), which is also when the intransit
// status update of a ship-for-pickup order is generated (BRK-153).
func (f FlowSettings) PollsFulfillments() bool {
	return f.DeliveryOrderType != "" && f.RetailPickupOrderType != ""
}
