package scv

// Typed values for the code-kind SCVs whose values the sources list
// (scv.md §0 "For the library": a code with listed values maps to a typed
// string with those constants). A value outside the list is kept: the
// accessors return it as is, and Set.Unrecognized reports it.

// PickupAssignment is the value of Use OROB for Ship for Pickup Fulfillment
// Assignment (M34).
type PickupAssignment string

// Listed values of M34. Blank behaves like NEVER (scv.md §4).
const (
	PickupAssignmentAlways PickupAssignment = "ALWAYS"
	PickupAssignmentNever  PickupAssignment = "NEVER"
)

// StatusListMode is the value of Use OROB Status Inquiry List Web Service
// (M05).
type StatusListMode string

// Listed values of M05. Blank behaves like NO (scv.md §4).
const (
	StatusListNo       StatusListMode = "NO"
	StatusListCanceled StatusListMode = "CANCELED"
	StatusListAll      StatusListMode = "ALL"
)

// ORCEIntegration is the value of ORCE Customer Integration (L37).
type ORCEIntegration string

// ORCEInteract is the only value of L37 the sources name; it turns the ORCE
// customer id rules on (orce.md ORC-001).
const ORCEInteract ORCEIntegration = "INTERACT"

// RAFormat is the value of RA Program XML Message Format (H45).
type RAFormat string

// Listed values of H45; either is needed to generate CWCustomerReturn
// (order-api.md ORD-032).
const (
	RAFormatGeneric  RAFormat = "GENERIC"
	RAFormatGeneric2 RAFormat = "GENERIC_2"
)

// PkMSTransport is the value of PkMS Transport Type (G80).
type PkMSTransport string

// PkMSTransportMQ is the only value of G80 the sources name; it is needed to
// generate CWCustomerReturn (order-api.md ORD-032).
const PkMSTransportMQ PkMSTransport = "MQ"

// ShipForPickupAssignment returns M34, with blank or unset read as NEVER
// (scv.md §4).
func (s Set) ShipForPickupAssignment() PickupAssignment {
	if v := s.String(UseOROBForShipForPickupFulfillmentAssignment); v != "" {
		return PickupAssignment(v)
	}
	return PickupAssignmentNever
}

// StatusInquiryList returns M05, with blank or unset read as NO (scv.md §4).
func (s Set) StatusInquiryList() StatusListMode {
	if v := s.String(UseOROBStatusInquiryListWebService); v != "" {
		return StatusListMode(v)
	}
	return StatusListNo
}

// ORCECustomerIntegration returns L37 as stored ("" when unset or blank).
func (s Set) ORCECustomerIntegration() ORCEIntegration {
	return ORCEIntegration(s.String(ORCECustomerIntegration))
}

// ORCEIntegrationOn reports whether L37 = INTERACT. Any other value, blank
// and unset included, means the integration is off (orce.md ORC-001).
func (s Set) ORCEIntegrationOn() bool {
	return s.ORCECustomerIntegration() == ORCEInteract
}

// RAMessageFormat returns H45 as stored ("" when unset or blank).
func (s Set) RAMessageFormat() RAFormat { return RAFormat(s.String(RAProgramXMLMessageFormat)) }

// PkMSTransportType returns G80 as stored ("" when unset or blank).
func (s Set) PkMSTransportType() PkMSTransport { return PkMSTransport(s.String(PkMSTransportType)) }
