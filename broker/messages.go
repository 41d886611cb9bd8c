package broker

import (
	"time"

	"github.com/shopspring/decimal"
)

// Domain forms of the Order Broker messages (order-broker.md §1.3,
// §2.38-§2.41). Package xmlmsg maps them to and from XML; broker never sees
// XML.

// MessageHeader is the message_header of a request or response.
type MessageHeader struct {
	MessageType     string // e.g. "SubmitOrder"
	XactionResponse string // e.g. "1", "?", "OK", "FAILED"
	XactionType     string // e.g. "INSERT", "INFO"
	DateTime        time.Time
	Version         string
	Source          string
	Destination     string
}

// Location is a location code and its OB system code.
type Location struct {
	Location string
	System   string
}

// SoldTo is the sold_to_customer of a SubmitOrder (BRK-358..BRK-360).
type SoldTo struct {
	CustomerNo string
	Address    Address
}

// Customization is one custom special handling entry (BRK-382).
type Customization struct {
	Code    string // the Field label
	Message string // the Input
}

// LineTax is one tax element of a transaction detail (BRK-372).
type LineTax struct {
	Description string
	LineItemNo  int
	Amount      decimal.Decimal
}

// SubmitLine is one transaction_detail of a SubmitOrder (BRK-365..BRK-382).
type SubmitLine struct {
	LineItemNo          int
	Location            Location // empty for F1 (BRK-366, BRK-367)
	ItemID              string
	Qty                 int
	UnitPrice           decimal.Decimal
	ShipTo              Address
	Taxes               []LineTax
	Status              OBStatus // new_order
	UPC, EAN            string   // item_upc_cd, item_ean_cd: always empty (BRK-375)
	ExtendedFreight     *decimal.Decimal
	CustomizationCharge decimal.Decimal
	GiftWrap            bool
	ShipAlone           bool
	ShipWeight          decimal.Decimal
	Messages            []string
	Customizations      []Customization
}

// SubmitOrder is the SubmitOrder request (OMS → OB), §2.38. Payment
// information is never part of it (BRK-025).
type SubmitOrder struct {
	Header             MessageHeader
	TransactionType    string // DELIVERY, SHIPFORPICKUP, PICKUP
	TransactionNo      string
	OrderID            string
	RequestID          string
	RefTransactionNo   string
	TransactionDate    time.Time
	EmployeeID         string
	Subtotal           decimal.Decimal
	Tax                decimal.Decimal
	Total              decimal.Decimal
	Status             OBStatus
	Channel            string
	ShipVia            string
	ShipViaDescription string
	Gift               bool
	SourceCode         string
	// FreightAmount is nil when the element is not sent (L56 unselected, BRK-055).
	FreightAmount            *decimal.Decimal
	BalanceDue               decimal.Decimal
	Currency                 string
	AdditionalFreightCharges decimal.Decimal
	AdditionalCharges        decimal.Decimal
	ShipComplete             bool
	FreightTax               decimal.Decimal
	OrderMessages            []string
	GiftMessages             []string
	UnderReview              bool
	SoldTo                   SoldTo
	StoreLocation            Location
	// ShipForPickupLocation is nil when not sent (BRK-005, BRK-363).
	ShipForPickupLocation *Location
	Lines                 []SubmitLine
}

// FulfillmentDetail is one fulfillment_detail of a SubmitOrderResponse
// (BRK-388, BRK-389): one per location a line (or part of it) went to.
type FulfillmentDetail struct {
	Location       Location
	Qty            int
	ItemID         string
	RequestingLine int // requesting_system_line_no: the OMS line sequence number
	LineNo         int // OB line number
}

// SubmitOrderResponse is the SubmitOrderResponse (OB → OMS), §2.39.
type SubmitOrderResponse struct {
	Header              MessageHeader
	OrderID             string
	RequestID           string
	ResponseCode        string // "0" = Order Acknowledged (BRK-386)
	ResponseDescription string
	Fulfillments        []FulfillmentDetail
}

// OK reports response code 0 (BRK-386).
func (r SubmitOrderResponse) OK() bool { return r.ResponseCode == "0" }

// StatusRequest is the order inquiry status request (BRK-390..BRK-394).
type StatusRequest struct {
	Header        MessageHeader
	RequestID     string
	OrderID       string
	StoreLocation Location
}

// ItemStatus is one item of a status response (BRK-397..BRK-400, BRK-407).
type ItemStatus struct {
	LineNo         int
	RequestingLine int
	ItemID         string
	Status         string // OB status word, kept raw
	Fulfilling     Location
	ShippingAgent  string
	TrackingNumber string
	ShipmentDate   time.Time
	StatusDate     time.Time
	FulfillmentID  string
}

// OrderStatusReport is one order in a status response or status list
// response.
type OrderStatusReport struct {
	RequestID   string
	OrderID     string
	OrderStatus string
	UnderReview *bool
	OrderType   string
	Items       []ItemStatus
}

// StatusResponse is the order inquiry status response (BRK-395..BRK-401).
type StatusResponse struct {
	Header MessageHeader
	Order  OrderStatusReport
}

// StatusListRequest is the order status list request (BRK-402..BRK-406).
type StatusListRequest struct {
	Header          MessageHeader
	ResponseType    string // "" from BROKER, "SUMMARY" from pick slip generation
	StatusCondition string
	Statuses        []string
	StoreLocation   Location
	RequestIDs      []string
}

// StatusListResponse is the order status list response: one report per
// request ID OB knows (unknown IDs are left out, BRK-307).
type StatusListResponse struct {
	Header MessageHeader
	Orders []OrderStatusReport
}

// ItemUpdate is one item of a StatusUpdate (BRK-409).
type ItemUpdate struct {
	LineNo         int
	Status         OBStatus
	ReasonCode     string
	ReasonNote     string
	ShippingAgent  string
	TrackingNumber string
}

// StatusUpdate is a status update or order update (OMS → OB), §2.41.
type StatusUpdate struct {
	Header        MessageHeader
	RequestID     string
	OrderID       string
	StoreLocation Location
	// OrderStatus with OrderReasonCode/Note updates the whole order (BRK-410);
	// Items update single lines (BRK-409).
	OrderStatus     OBStatus
	OrderReasonCode string
	OrderReasonNote string
	Items           []ItemUpdate
	// ShippingAgent and TrackingNumber go with an order-level shipment update (BRK-412).
	ShippingAgent  string
	TrackingNumber string
	// UnderReview is set for the Under Review order update (BRK-415).
	UnderReview *bool
	EmployeeID  string
}

// StatusUpdateResponse answers a StatusUpdate (BRK-114, BRK-415).
type StatusUpdateResponse struct {
	Header              MessageHeader
	ResponseCode        string
	ResponseDescription string
}

// Failed reports a FAILED answer: the order is already in the requested
// status (BRK-114; read from xaction_response, ambiguity A31).
func (r StatusUpdateResponse) Failed() bool { return r.Header.XactionResponse == "FAILED" }

// FulfillmentsRequest polls OB for orders assigned to OMS (BRK-416; F3).
type FulfillmentsRequest struct {
	Header        MessageHeader
	System        string
	StoreLocation Location
}

// FulfillmentsResponse carries orders OB assigned to OMS (F3); only the
// identifying fields are modelled here.
type FulfillmentsResponse struct {
	Header MessageHeader
	Orders []FulfillmentOrder
}

// FulfillmentOrder is one order of a FulfillmentsResponse. RequestID,
// OrderID and TransactionTypeID identify it; Detail carries the rest of the
// order F3 builds the OMS order from (order-broker.md §2.19-§2.23), nil when
// only the identity was read.
type FulfillmentOrder struct {
	RequestID         string
	OrderID           string
	TransactionTypeID string
	Detail            *FulfillmentDetailOrder
}
