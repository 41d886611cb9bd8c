package scv

// The SCV codes. Each constant is named after the value's name as written in
// the source documents (scv.md §1), with the code in the comment. The
// catalog entry for each (kind, allowed values, default, sections it drives)
// is returned by Lookup.
const (
	// LocalCurrencyCode is "Local Currency Code" (A55), a code.
	LocalCurrencyCode Code = "A55" // A55
	// DefaultShipVia is "Default Ship Via" (A77), a code.
	DefaultShipVia Code = "A77" // A77
	// MaximumOrderAmount is "Maximum Order Amount" (A92), a number.
	MaximumOrderAmount Code = "A92" // A92
	// TaxOnFreight is "Tax on Freight" (B14), a flag.
	TaxOnFreight Code = "B14" // B14
	// DefaultCountryForCustomerAddress is "Default Country for Customer Address" (B17), a code.
	DefaultCountryForCustomerAddress Code = "B17" // B17
	// DefaultDispositionCode is "Default Disposition Code" (C18), a code.
	DefaultDispositionCode Code = "C18" // C18
	// AutoSoldoutCancelReason is "Auto Soldout Cancel Reason" (C20), a code.
	AutoSoldoutCancelReason Code = "C20" // C20
	// DefaultDeliveryCodeForNewOrderEntryCustomers is "Default Delivery Code for New Order Entry Customers" (D13), a code.
	DefaultDeliveryCodeForNewOrderEntryCustomers Code = "D13" // D13
	// EvaluateSpecialHandlingChargesByOrderLine is "Evaluate Special Handling Charges by Order Line" (D67), a flag.
	EvaluateSpecialHandlingChargesByOrderLine Code = "D67" // D67
	// CreateItemTransactionHistoryForNonInventoryItems is "Create Item Transaction History for Non-Inventory Items" (E39), a flag.
	CreateItemTransactionHistoryForNonInventoryItems Code = "E39" // E39
	// PriceOverrideLimitPercent is "Price Override Limit Percent" (E55), a number.
	PriceOverrideLimitPercent Code = "E55" // E55
	// RequireSalesrepNumberInOrderEntryOrderMaintenance is "Require Salesrep Number in Order Entry/Order Maintenance" (E87), a flag.
	RequireSalesrepNumberInOrderEntryOrderMaintenance Code = "E87" // E87
	// UsePkMSInterfaceValues is "Use PkMS Interface Values" (F31), a flag.
	UsePkMSInterfaceValues Code = "F31" // F31
	// PkMSReturnCaseInterfaceProgram is "PkMS Return/Case Interface Program" (F38), a text.
	PkMSReturnCaseInterfaceProgram Code = "F38" // F38
	// PhoneInterfaceValues is "Phone Interface Values" (F70), a list.
	PhoneInterfaceValues Code = "F70" // F70
	// CancelReasonRejectedStorePickupOrders is "Cancel Reason (Rejected Store Pickup Orders)" (G11), a code.
	CancelReasonRejectedStorePickupOrders Code = "G11" // G11
	// DefaultBatchForECommerceOrdersInError is "Default Batch for E-Commerce Orders in Error" (G41), a number.
	DefaultBatchForECommerceOrdersInError Code = "G41" // G41
	// PkMSTransportType is "PkMS Transport Type" (G80), a code with listed values MQ.
	PkMSTransportType Code = "G80" // G80
	// AuthorizeFullAmountDuringOrderEntry is "Authorize Full Amount During Order Entry" (G99), a flag.
	AuthorizeFullAmountDuringOrderEntry Code = "G99" // G99
	// DefaultSalesrepForECommerceInterface is "Default Salesrep for E-Commerce Interface" (H24), a code.
	DefaultSalesrepForECommerceInterface Code = "H24" // H24
	// RAProgramXMLMessageFormat is "RA Program XML Message Format" (H45), a code with listed values GENERIC, GENERIC_2.
	RAProgramXMLMessageFormat Code = "H45" // H45
	// UpdateCustomerSoldToWithBillToAccountNumberForNewECommerceOrders is "Update Customer Sold to with Bill to Account Number for New E-Commerce Orders" (H87), a flag.
	UpdateCustomerSoldToWithBillToAccountNumberForNewECommerceOrders Code = "H87" // H87
	// UsePresidentsClubMembership is "Use President’s Club Membership" (H94), a flag.
	UsePresidentsClubMembership Code = "H94" // H94
	// AuthorizationNumberForAuthorizationsUnderOneDollar is "Authorization Number for Authorizations Under $1.00" (I08), a text.
	AuthorizationNumberForAuthorizationsUnderOneDollar Code = "I08" // I08
	// IncludeTelephoneNumberInCustomerSearch is "Include Telephone Number in Customer Search" (I20), a flag.
	IncludeTelephoneNumberInCustomerSearch Code = "I20" // I20
	// UseMerchandiseLocator is "Use Merchandise Locator" (I38), a flag.
	UseMerchandiseLocator Code = "I38" // I38
	// MerchandiseLocatorDistanceMeasurement is "Merchandise Locator Distance Measurement" (I39), a code.
	MerchandiseLocatorDistanceMeasurement Code = "I39" // I39
	// DefaultSearchWithinRadius is "Default Search Within Radius" (I40), a number.
	DefaultSearchWithinRadius Code = "I40" // I40
	// PerformOrderEditInteractively is "Perform Order Edit Interactively" (I56), a flag.
	PerformOrderEditInteractively Code = "I56" // I56
	// BatchNumberForRetailChannelOrders is "Batch Number for Retail Channel Orders" (I78), a number.
	BatchNumberForRetailChannelOrders Code = "I78" // I78
	// OnlineAuthVerificationOnly is "Online Auth Verification Only" (I96), a flag.
	OnlineAuthVerificationOnly Code = "I96" // I96
	// DefaultIndividualEmailAddress is "Default Individual Email Address" (J17), a flag.
	DefaultIndividualEmailAddress Code = "J17" // J17
	// ReserveFromNonAllocatableWarehouse is "Reserve from Non-Allocatable Warehouse" (J25), a flag.
	ReserveFromNonAllocatableWarehouse Code = "J25" // J25
	// DisregardSoldoutControlsForNonAllocatableWarehouses is "Disregard Soldout Controls for Non-Allocatable Warehouses" (J27), a flag.
	DisregardSoldoutControlsForNonAllocatableWarehouses Code = "J27" // J27
	// SendRAMessageForNegativeQuantityInOEOM is "Send RA Message for Negative Quantity in OE/OM" (J58), a flag.
	SendRAMessageForNegativeQuantityInOEOM Code = "J58" // J58
	// SearchOffersForAlias is "Search Offers for Alias" (J68), a flag.
	SearchOffersForAlias Code = "J68" // J68
	// PreBilledAmountItem is "Pre Billed Amount Item" (J72), a text.
	PreBilledAmountItem Code = "J72" // J72
	// SendBackordersToOROB is "Send B/O to OROB" (K08), a flag.
	SendBackordersToOROB Code = "K08" // K08
	// OrderBrokerStatusUpdateInterval is "Order Broker Status Update Interval" (K10), a number.
	OrderBrokerStatusUpdateInterval Code = "K10" // K10
	// OrderBrokerDueDateThreshold is "Order Broker Due Date Threshold" (K11), a number.
	OrderBrokerDueDateThreshold Code = "K11" // K11
	// OrderBrokerIncludeShipCompleteOrders is "Order Broker Include Ship Complete Orders" (K12), a flag.
	OrderBrokerIncludeShipCompleteOrders Code = "K12" // K12
	// OrderBrokerIncludeCoordinateGroupedOrders is "Order Broker Include Coordinate Grouped Orders" (K13), a flag.
	OrderBrokerIncludeCoordinateGroupedOrders Code = "K13" // K13
	// OrderBrokerIncludeGiftOrders is "Order Broker Include Gift Orders" (K14), a flag.
	OrderBrokerIncludeGiftOrders Code = "K14" // K14
	// OrderBrokerValues is "Order Broker Values" (K15), a text.
	OrderBrokerValues Code = "K15" // K15
	// DollarThresholdForAutomaticAuthorizationNumberAssignment is "$ Threshold for Automatic Authorization # Assignment" (K36), a number.
	DollarThresholdForAutomaticAuthorizationNumberAssignment Code = "K36" // K36
	// AuthorizationNumberForAuthorizationsUnderDollarThreshold is "Authorization Number for Authorizations Under $ Threshold" (K37), a text.
	AuthorizationNumberForAuthorizationsUnderDollarThreshold Code = "K37" // K37
	// OROBAccount is "OROB Account" (K49), a text.
	OROBAccount Code = "K49" // K49
	// OROBSystem is "OROB System" (K50), a code.
	OROBSystem Code = "K50" // K50
	// OROBDefaultLocation is "OROB Default Location" (K51), a code.
	OROBDefaultLocation Code = "K51" // K51
	// OROBDefaultLocationCodeForUnfulfillableOrders is "OROB Default Location Code for Unfulfillable Orders" (K56), a code.
	OROBDefaultLocationCodeForUnfulfillableOrders Code = "K56" // K56
	// RetainBackorderedLinesBrokeredToOROMS is "Retain Backordered Lines Brokered to OROMS" (K89), a flag.
	RetainBackorderedLinesBrokeredToOROMS Code = "K89" // K89
	// OrderBrokerErrorBatchNumber is "Order Broker Error Batch Number" (K90), a number.
	OrderBrokerErrorBatchNumber Code = "K90" // K90
	// OrderTypeForOrdersBrokeredForDelivery is "Order Type for Orders Brokered for Delivery" (K91), a code.
	OrderTypeForOrdersBrokeredForDelivery Code = "K91" // K91
	// OrderTypeForRetailPickupOrdersBrokeredToOROMS is "Order Type for Retail Pickup Orders Brokered to OROMS" (K92), a code.
	OrderTypeForRetailPickupOrdersBrokeredToOROMS Code = "K92" // K92
	// OrderBrokerSourceCode is "Order Broker Source Code" (K93), a code.
	OrderBrokerSourceCode Code = "K93" // K93
	// OrderBrokerShipVia is "Order Broker Ship Via" (K94), a code.
	OrderBrokerShipVia Code = "K94" // K94
	// OrderBrokerPriceOverride is "Order Broker Price Override" (K95), a code.
	OrderBrokerPriceOverride Code = "K95" // K95
	// SoldToEmailUpdateForOrdersBrokeredToOROMS is "Sold to Email Update for Orders Brokered to OROMS" (K96), a flag.
	SoldToEmailUpdateForOrdersBrokeredToOROMS Code = "K96" // K96
	// SoldToAddressUpdateForOrdersBrokeredToOROMS is "Sold to Address Update for Orders Brokered to OROMS" (K97), a flag.
	SoldToAddressUpdateForOrdersBrokeredToOROMS Code = "K97" // K97
	// OrderBrokerPaymentType is "Order Broker Payment Type" (K98), a code.
	OrderBrokerPaymentType Code = "K98" // K98
	// ShipCompleteForOrdersBrokeredToOROMS is "Ship Complete for Orders Brokered to OROMS" (L01), a flag.
	ShipCompleteForOrdersBrokeredToOROMS Code = "L01" // L01
	// OrderBrokerHoldReasonCancel is "Order Broker Hold Reason (Cancel)" (L02), a code.
	OrderBrokerHoldReasonCancel Code = "L02" // L02
	// GiftFlagForOrdersBrokeredToOROMS is "Gift Flag for Orders Brokered to OROMS" (L03), a flag.
	GiftFlagForOrdersBrokeredToOROMS Code = "L03" // L03
	// RePollingForOrdersBrokeredToOROMS is "Re-Polling for Orders Brokered to OROMS" (L04), a flag.
	RePollingForOrdersBrokeredToOROMS Code = "L04" // L04
	// SendInventoryByWarehouseToOROB is "Send Inventory by Warehouse to OROB" (L06), a flag.
	SendInventoryByWarehouseToOROB Code = "L06" // L06
	// NameInOROBForPointOfSale is "Name in OROB for Point of Sale" (L09), a text.
	NameInOROBForPointOfSale Code = "L09" // L09
	// HoldReasonForErroredShipForPickupOrders is "Hold Reason for Errored Ship for Pickup Orders" (L10), a code.
	HoldReasonForErroredShipForPickupOrders Code = "L10" // L10
	// OrderTypeForSpecialOrders is "Order Type for Special Orders" (L15), a code.
	OrderTypeForSpecialOrders Code = "L15" // L15
	// PayTypeForSpecialOrders is "Pay Type for Special Orders" (L16), a code.
	PayTypeForSpecialOrders Code = "L16" // L16
	// CalculateFreightForStorePickupOrders is "Calculate Freight for Store Pickup Orders" (L32), a flag.
	CalculateFreightForStorePickupOrders Code = "L32" // L32
	// StorePickupOrderType is "Store Pickup Order Type" (L33), a code.
	StorePickupOrderType Code = "L33" // L33
	// ORCECustomerIntegration is "ORCE Customer Integration" (L37), a code with listed values INTERACT.
	ORCECustomerIntegration Code = "L37" // L37
	// StorePickupConfirmationEmailProgram is "Store Pickup Confirmation Email Program" (L48), a text.
	StorePickupConfirmationEmailProgram Code = "L48" // L48
	// UseSplitOrder is "Use Split Order" (L56), a flag.
	UseSplitOrder Code = "L56" // L56
	// PaymentAtPOSForShipForPickupOrders is "Payment at POS for Ship for Pickup Orders" (L60), a flag.
	PaymentAtPOSForShipForPickupOrders Code = "L60" // L60
	// UseStreamlinedAllocation is "Use Streamlined Allocation" (L63), a flag.
	UseStreamlinedAllocation Code = "L63" // L63
	// OnlineAuthReserveDollarThreshold is "Online Auth Reserve $ Threshold" (L74), a number.
	OnlineAuthReserveDollarThreshold Code = "L74" // L74
	// CancelReasonPickIn is "Cancel Reason (Pick In)" (L86), a code.
	CancelReasonPickIn Code = "L86" // L86
	// SuppressReturnsForRetailPickupDelivery is "Suppress Returns for Retail Pickup/Delivery" (L88), a flag.
	SuppressReturnsForRetailPickupDelivery Code = "L88" // L88
	// CreateSeparatePicksForShipForPickupOrders is "Create Separate Picks for Ship for Pickup Orders" (L89), a flag.
	CreateSeparatePicksForShipForPickupOrders Code = "L89" // L89
	// UseOROBStatusInquiryListWebService is "Use OROB Status Inquiry List Web Service" (M05), a code with listed values NO, CANCELED, ALL.
	UseOROBStatusInquiryListWebService Code = "M05" // M05
	// PaymentAtPOSForStorePickup is "Payment at POS for Store Pickup" (M16), a flag.
	PaymentAtPOSForStorePickup Code = "M16" // M16
	// SendHeldOrdersToOROB is "Send Held Orders to OROB" (M18), a flag.
	SendHeldOrdersToOROB Code = "M18" // M18
	// UseOROBForFulfillmentAssignment is "Use OROB for Fulfillment Assignment" (M31), a flag.
	UseOROBForFulfillmentAssignment Code = "M31" // M31
	// OriginatingLocationToPassToOROB is "Originating Location to Pass to OROB" (M32), a code.
	OriginatingLocationToPassToOROB Code = "M32" // M32
	// OrderTypeForDeliveryOrdersOriginatingInOROMS is "Order Type for Delivery Orders Originating in OROMS" (M33), a code.
	OrderTypeForDeliveryOrdersOriginatingInOROMS Code = "M33" // M33
	// UseOROBForShipForPickupFulfillmentAssignment is "Use OROB for Ship for Pickup Fulfillment Assignment" (M34), a code with listed values ALWAYS, NEVER.
	UseOROBForShipForPickupFulfillmentAssignment Code = "M34" // M34
	// OrderTypeForRetailPickupOrdersOriginatingInOROMS is "Order Type for Retail Pickup Orders Originating in OROMS" (M35), a code.
	OrderTypeForRetailPickupOrdersOriginatingInOROMS Code = "M35" // M35
	// SendORCECustomerIDToNarvar is "Send ORCE Customer ID to Narvar" (M70), a flag.
	SendORCECustomerIDToNarvar Code = "M70" // M70
	// SendORCECustomerIDToOROB is "Send ORCE Customer ID to OROB" (M71), a flag.
	SendORCECustomerIDToOROB Code = "M71" // M71
	// ORCECustomerIDInOROBFulfillment is "ORCE Customer ID in OROB Fulfillment" (M72), a flag.
	ORCECustomerIDInOROBFulfillment Code = "M72" // M72
	// InvoiceShipForPickupOrderOnceIntransit is "Invoice Ship For Pickup Order Once Intransit" (M73), a flag.
	InvoiceShipForPickupOrderOnceIntransit Code = "M73" // M73
)

// Settings from the related-SCV table of the Order API chapter (scv.md §2)
// whose name and code were lost from the source. They are offered under a
// stable pseudo-code "U" + the three-digit source line of that table
// (order-api.md A.9, Part C item C-01). A real SCV code is one letter and two
// digits, so a pseudo-code can never collide with one. When the real code is
// confirmed, the constant is meant to keep its Go name and take the real code.
const (
	// DefaultOrderType is the order type used when the message has no
	// order_type (scv.md §2 row 196; order-api.md ORD-061). Pseudo-code U196.
	DefaultOrderType Code = "U196" // U196 (no SCV code in source)
	// DefaultSourceCode is the source code used when none is given in the
	// header or on a detail line (scv.md §2 row 199; order-api.md ORD-064).
	// Pseudo-code U199.
	DefaultSourceCode Code = "U199" // U199 (no SCV code in source)
	// MaximumMerchandiseTotal is the merchandise total above which an
	// order-API order goes on EH hold; it is not A92 (scv.md §2 row 200;
	// order-api.md ORD-065). Pseudo-code U200.
	MaximumMerchandiseTotal Code = "U200" // U200 (no SCV code in source)
	// BillToSetting is the Y/N value whose N setting does not stop a message
	// from naming an existing bill-to (scv.md §2 row 201; order-api.md
	// ORD-066, CUS-040). Its real name is unknown. Pseudo-code U201.
	BillToSetting Code = "U201" // U201 (no SCV code in source)
	// AcceptUnknownCoupons: when not Y, a coupon number with no Coupon
	// Redemption record puts the order in error "Invalid coupon" (scv.md §2
	// row 203; order-api.md ORD-068). Pseudo-code U203.
	AcceptUnknownCoupons Code = "U203" // U203 (no SCV code in source)
	// UsePreferredShipViaBySCF replaces the order's ship via with the
	// preferred ship via of the ship-to's SCF (scv.md §2 row 208;
	// order-api.md ORD-073). Pseudo-code U208.
	UsePreferredShipViaBySCF Code = "U208" // U208 (no SCV code in source)
	// IncludePromotionInOrderResponse includes the Promotion element in the
	// Detailed Order XML Response (scv.md §2 row 209; order-api.md ORD-074).
	// Pseudo-code U209.
	IncludePromotionInOrderResponse Code = "U209" // U209 (no SCV code in source)
	// AllowSingleUsePromotionCodes allows a promotion through
	// single_use_promo_code (scv.md §2 row 212; order-api.md ORD-077).
	// Pseudo-code U212.
	AllowSingleUsePromotionCodes Code = "U212" // U212 (no SCV code in source)
	// SuppressPromotions prevents promotion discounts and benefits from
	// applying to the order (scv.md §2 row 213; order-api.md ORD-078).
	// Pseudo-code U213.
	SuppressPromotions Code = "U213" // U213 (no SCV code in source)
)
