package broker

import (
	"time"

	"github.com/shopspring/decimal"
)

// ShipForPickupAssignment is the value of M34 (Use OROB for Ship for Pickup
// Fulfillment Assignment): ALWAYS, NEVER, or blank (blank means NEVER).
type ShipForPickupAssignment string

// M34 values.
const (
	ShipForPickupBlank  ShipForPickupAssignment = ""
	ShipForPickupAlways ShipForPickupAssignment = "ALWAYS"
	ShipForPickupNever  ShipForPickupAssignment = "NEVER"
)

// StatusListHistory chooses when a status list response writes an Order
// Broker History record (ambiguity A12 of order-broker.md §5).
type StatusListHistory int

// StatusListHistory choices.
const (
	// StatusListHistoryAcceptedFulfilled writes History only when the status
	// changed to Accepted or Fulfilled (L4301, BRK-082). The default.
	StatusListHistoryAcceptedFulfilled StatusListHistory = iota
	// StatusListHistoryAsInquiry writes History D as for a status inquiry response (L287-365).
	StatusListHistoryAsInquiry
)

// Settings are the system control values and properties the broker rules
// read. Each field names its code; [SettingsFrom] fills them from an scv set.
// The zero value means every flag unselected and every code blank.
type Settings struct {
	// SendBackorders is K08 (Send B/O to OROB).
	SendBackorders bool
	// FulfillmentAssignment is M31 (Use OROB for Fulfillment Assignment).
	FulfillmentAssignment bool
	// ShipForPickupAssignment is M34 (Use OROB for Ship for Pickup Fulfillment Assignment).
	ShipForPickupAssignment ShipForPickupAssignment
	// SendHeldOrders is M18 (Send Held Orders to OROB).
	SendHeldOrders bool
	// StatusUpdateInterval is K10 (Order Broker Status Update Interval), in minutes.
	StatusUpdateInterval int
	// DueDateThreshold is K11 (Order Broker Due Date Threshold), in days; nil when blank.
	DueDateThreshold *int
	// IncludeShipComplete is K12 (Order Broker Include Ship Complete Orders).
	IncludeShipComplete bool
	// IncludeCoordinateGrouped is K13 (Order Broker Include Coordinate Grouped Orders).
	IncludeCoordinateGrouped bool
	// IncludeGiftOrders is K14 (Order Broker Include Gift Orders).
	IncludeGiftOrders bool
	// Account is K49 (OROB Account), the destination of every request.
	Account string
	// System is K50 (OROB System).
	System string
	// DefaultLocation is K51 (OROB Default Location).
	DefaultLocation string
	// UnfulfillableLocation is K56 (OROB Default Location Code for Unfulfillable Orders).
	UnfulfillableLocation string
	// SendInventoryByWarehouse is L06 (Send Inventory by Warehouse to OROB).
	SendInventoryByWarehouse bool
	// POSName is L09 (Name in OROB for Point of Sale).
	POSName string
	// ORCECustomerIntegration is L37 (ORCE Customer Integration), e.g. "INTERACT".
	ORCECustomerIntegration string
	// SplitOrder is L56 (Use Split Order).
	SplitOrder bool
	// PaymentAtPOSForShipForPickup is L60 (Payment at POS for Ship for Pickup Orders).
	PaymentAtPOSForShipForPickup bool
	// ReserveFromNonAllocatable is J25 (Reserve from Non-Allocatable Warehouse).
	ReserveFromNonAllocatable bool
	// DisregardSoldoutNonAllocatable is J27 (Disregard Soldout Controls for Non-Allocatable Warehouses).
	DisregardSoldoutNonAllocatable bool
	// OriginatingLocation is M32 (Originating Location to Pass to OROB).
	OriginatingLocation string
	// DeliveryOrderTypeFromOMS is M33 (Order Type for Delivery Orders Originating in OROMS).
	DeliveryOrderTypeFromOMS string
	// RetailPickupOrderTypeFromOMS is M35 (Order Type for Retail Pickup Orders Originating in OROMS).
	RetailPickupOrderTypeFromOMS string
	// SendORCECustomerID is M71 (Send ORCE Customer ID to OROB).
	SendORCECustomerID bool
	// InvoiceShipForPickupAtIntransit is M73 (Invoice Ship For Pickup Order Once Intransit).
	InvoiceShipForPickupAtIntransit bool
	// NonInventoryItemHistory is E39 (Create Item Transaction History for Non-Inventory Items).
	NonInventoryItemHistory bool
	// LocalCurrency is A55 (Local Currency Code).
	LocalCurrency string

	// MessageVersion is the OROB_MESSAGE_VERSION property (PROP), e.g. "16.0".
	MessageVersion string
	// MaxStatusListRequestOrders is the OROB_MAXIMUM_STATUS_LIST_REQUEST_ORDERS
	// property; 0 or more than 1000 means 1000 (BRK-305).
	MaxStatusListRequestOrders int
	// LimitedStatusBegin and LimitedStatusEnd are the OROB_LIMITED_STATUS_BEG_TIME
	// and OROB_LIMITED_STATUS_END_TIME properties, as offsets from midnight.
	// When both are zero the window is the whole day.
	LimitedStatusBegin, LimitedStatusEnd time.Duration

	// StatusListHistory resolves ambiguity A12 (not an SCV).
	StatusListHistory StatusListHistory
	// CancelFailedKeepsPending resolves F1.22 (not stated by the chapter):
	// false (default) treats a FAILED cancel response as "already canceled" and
	// moves Y to Z, per BRK-114; true keeps the record in Y for a resend.
	CancelFailedKeepsPending bool

	// Flows holds the SCVs only flows F2, F3 and F4 read (see [FlowSettings]).
	Flows FlowSettings
}

// shipForPickupAlways reports M34 = ALWAYS.
func (s Settings) shipForPickupAlways() bool { return s.ShipForPickupAssignment == ShipForPickupAlways }

// FA reports whether a line of an order is "sent for fulfillment assignment"
// (order-broker.md §2.3): M31 selected, or M34 = ALWAYS and the order is a
// ship-for-pickup order (ambiguity A5 resolved this way throughout).
func (s Settings) FA(shipForPickup bool) bool {
	return s.FulfillmentAssignment || (s.shipForPickupAlways() && shipForPickup)
}

// statusListLimit applies BRK-305: the property, capped at 1000.
func (s Settings) statusListLimit() int {
	if s.MaxStatusListRequestOrders <= 0 || s.MaxStatusListRequestOrders > 1000 {
		return 1000
	}
	return s.MaxStatusListRequestOrders
}

// versionAtLeast compares MessageVersion with a dotted version such as "16.0".
func (s Settings) versionAtLeast(min string) bool {
	v, err := decimal.NewFromString(s.MessageVersion)
	if err != nil {
		return false
	}
	m := decimal.RequireFromString(min)
	return v.GreaterThanOrEqual(m)
}
