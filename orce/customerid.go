package orce

import (
	"strconv"
	"strings"

	"github.com/omskit/omskit/customer"
)

// Destination is where a customer id is sent or read (ORC-003).
type Destination int

// The destinations of orce.md §7.
const (
	// OutboundMessage is the orce_customer_id tag of the outbound XML
	// messages of ORC-004 (ORC-005).
	OutboundMessage Destination = iota + 1
	// SubmitOrder is Order Broker SubmitOrder customer_no (ORC-009, M71).
	SubmitOrder
	// FulfillmentMapping is how the customer_no of an Order Broker
	// fulfillments response is read (ORC-012, M72).
	FulfillmentMapping
	// Narvar is the Narvar customer_id (ORC-016, M70). Seed 000 does not
	// name the Narvar message that carries it (orce.md Z-10).
	Narvar
)

// String names the destination.
func (d Destination) String() string {
	switch d {
	case OutboundMessage:
		return "outbound message orce_customer_id"
	case SubmitOrder:
		return "SubmitOrder customer_no"
	case FulfillmentMapping:
		return "fulfillments customer_no"
	case Narvar:
		return "Narvar customer_id"
	}
	return "destination " + strconv.Itoa(int(d))
}

// Decision is the answer of [CustomerID]: the id to use and the rule row that
// chose it.
type Decision struct {
	// ID is the id to send: the ORCE id or the OMS customer number. It is
	// blank when Omit is true and for FulfillmentMapping.
	ID string
	// ORCE is true when the ORCE customer id is used (for
	// FulfillmentMapping: customer_no is read as an ORCE id).
	ORCE bool
	// Omit is true when the outbound orce_customer_id tag is left out.
	Omit bool
	// Rule names the rule and row, e.g. "ORC-009: ORCE id assigned, L37
	// INTERACT, M71 selected".
	Rule string
}

// HasORCEID reports whether the customer has an ORCE customer id: present
// and not blank (ORC-002).
func HasORCEID(c customer.SoldTo) bool { return strings.TrimSpace(c.ORCEID) != "" }

// CustomerID is the one decision function of ORC-003: given the
// destination, the settings and the customer, it returns the id to use and
// the rule row that chose it.
//
//   - OutboundMessage: the ORCE id when L37 = INTERACT and the customer has
//     one, otherwise the tag is omitted (ORC-005). Use OutboundTag to also
//     check the message version (ORC-004).
//   - SubmitOrder: the ORCE id when it is assigned, L37 = INTERACT and M71
//     is selected, otherwise the OMS number (ORC-009). Unpadded; see
//     SubmitOrderCustomerNo for the zero-padded value (ORC-011).
//   - FulfillmentMapping: ORCE is true when L37 = INTERACT and M72 is
//     selected (ORC-012); the customer is not used, since the value is read,
//     not sent.
//   - Narvar: the ORCE id when it is assigned, L37 = INTERACT and M70 is
//     selected, otherwise the OMS number (ORC-016).
func CustomerID(dest Destination, s Settings, c customer.SoldTo) Decision {
	on, has := s.IntegrationOn(), HasORCEID(c)
	oms := c.Number.String()
	orceID := strings.TrimSpace(c.ORCEID)
	switch dest {
	case OutboundMessage:
		switch {
		case !on:
			return Decision{Omit: true, Rule: "ORC-005: L37 is not INTERACT; tag omitted"}
		case !has:
			return Decision{Omit: true, Rule: "ORC-005: no ORCE id assigned; tag omitted"}
		}
		return Decision{ID: orceID, ORCE: true, Rule: "ORC-005: L37 INTERACT and ORCE id assigned; tag included"}
	case SubmitOrder, Narvar:
		rule, flag, name := "ORC-009", s.SendToOROB, "M71"
		if dest == Narvar {
			rule, flag, name = "ORC-016", s.SendToNarvar, "M70"
		}
		switch {
		case !has:
			return Decision{ID: oms, Rule: rule + ": no ORCE id assigned; OMS customer number"}
		case !on:
			return Decision{ID: oms, Rule: rule + ": L37 is not INTERACT; OMS customer number"}
		case !flag:
			return Decision{ID: oms, Rule: rule + ": " + name + " not selected; OMS customer number"}
		}
		return Decision{ID: orceID, ORCE: true, Rule: rule + ": ORCE id assigned, L37 INTERACT, " + name + " selected; ORCE customer id"}
	case FulfillmentMapping:
		switch {
		case !on:
			return Decision{Rule: "ORC-012: L37 is not INTERACT; customer_no is an OMS customer number"}
		case !s.FulfillmentByORCEID:
			return Decision{Rule: "ORC-012: M72 not selected; customer_no is an OMS customer number"}
		}
		return Decision{ORCE: true, Rule: "ORC-012: L37 INTERACT and M72 selected; customer_no is an ORCE customer id"}
	}
	return Decision{ID: oms, Rule: "unknown destination " + dest.String() + "; OMS customer number"}
}

// SubmitOrderCustomerNo returns the SubmitOrder customer_no for the customer,
// zero-padded (ORC-009, ORC-011), with the decision that chose it. It applies
// to all three SubmitOrder requests of seed 002 (brokered backorder, store
// pickup, ship-for-pickup). The width is Settings.CustomerNoWidth (Z-06); an
// id that is not all digits, or is already as long, is sent unpadded.
func SubmitOrderCustomerNo(s Settings, c customer.SoldTo) (string, Decision) {
	d := CustomerID(SubmitOrder, s, c)
	w := s.CustomerNoWidth
	if w <= 0 {
		w = DefaultCustomerNoWidth
	}
	return ZeroPad(d.ID, w), d
}

// ZeroPad left-pads an all-digit id with zeros to width; other ids are
// returned unchanged (Z-06: how a non-numeric ORCE id is padded is not said).
func ZeroPad(id string, width int) string {
	if id == "" || len(id) >= width {
		return id
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return id
		}
	}
	return strings.Repeat("0", width-len(id)) + id
}

// ParseCustomerNo reads an OMS customer number from an Order Broker
// customer_no: leading zeros are optional, so "13827" and "000013827" are both
// 13827 (ORC-014). A value that is not a valid number gives ok = false.
func ParseCustomerNo(raw string) (n customer.Number, ok bool) {
	n, err := customer.ParseNumber("customer_no", raw)
	if err != nil || n == 0 {
		return 0, false
	}
	return n, true
}
