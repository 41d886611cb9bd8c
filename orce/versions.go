package orce

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/omskit/omskit/customer"
)

// Message is the name of a generic API message.
type Message string

// The messages whose versions can carry orce_customer_id (ORC-004).
const (
	CWCustHistIn  Message = "CWCustHistIn"
	CWCustHistOut Message = "CWCustHistOut"
	CWEmailOut    Message = "CWEmailOut"
	CWInvoiceOut  Message = "CWInvoiceOut"
	CWPickOut     Message = "CWPickOut"
	CWOrderIn     Message = "CWOrderIn"
	CWOrderOut    Message = "CWOrderOut"
)

// Direction says whether a message comes into or goes out of the OMS.
type Direction int

// Message directions, inferred from the message names (orce.md Z-02).
const (
	Inbound Direction = iota + 1
	Outbound
)

// MessageVersion is a message and the first version that carries
// orce_customer_id.
type MessageVersion struct {
	Message   Message   // the message name
	Version   string    // the first version with the tag, "major.minor"
	Direction Direction // inbound or outbound
}

// MessageVersions lists the message versions of ORC-004 (seed 000 lines
// 3-20). The repeated Customer History line of 000 adds none (Z-01).
var MessageVersions = []MessageVersion{
	{CWCustHistIn, "3.0", Inbound},
	{CWCustHistOut, "2.0", Outbound},
	{CWEmailOut, "12.0", Outbound},
	{CWInvoiceOut, "6.0", Outbound},
	{CWPickOut, "6.0", Outbound},
	{CWOrderIn, "10.0", Inbound},
	{CWOrderOut, "11.0", Outbound},
}

// parseVersion reads "major.minor" (minor optional).
func parseVersion(v string) (major, minor int, err error) {
	ma, mi, hasMinor := strings.Cut(strings.TrimSpace(v), ".")
	if major, err = strconv.Atoi(ma); err != nil || major < 0 {
		return 0, 0, fmt.Errorf("message version %q: want major.minor: %w", v, customer.ErrInvalidField)
	}
	if hasMinor {
		if minor, err = strconv.Atoi(mi); err != nil || minor < 0 {
			return 0, 0, fmt.Errorf("message version %q: want major.minor: %w", v, customer.ErrInvalidField)
		}
	}
	return major, minor, nil
}

// CarriesORCEID reports whether the version of msg can carry
// orce_customer_id: the version listed in ORC-004 or a later one ("or
// later" is inferred, Z-02). A message not listed gives false; a version
// that is not "major.minor" gives an error wrapping customer.ErrInvalidField.
func CarriesORCEID(msg Message, version string) (bool, Direction, error) {
	ma, mi, err := parseVersion(version)
	if err != nil {
		return false, 0, err
	}
	for _, mv := range MessageVersions {
		if mv.Message != msg {
			continue
		}
		la, li, _ := parseVersion(mv.Version)
		return ma > la || (ma == la && mi >= li), mv.Direction, nil
	}
	return false, 0, nil
}

// OutboundTag decides the orce_customer_id tag of an outbound message
// (ORC-004, ORC-005): included, with the ORCE id, only in a listed outbound
// version or later, when L37 = INTERACT and the customer has an ORCE id;
// otherwise omitted, never written empty. Inbound messages (CWOrderIn 10.0,
// CWCustHistIn 3.0) carry the tag too (ORC-006) but are decoded, not
// written; asking about one gives Omit with a rule saying so.
func OutboundTag(msg Message, version string, s Settings, c customer.SoldTo) (Decision, error) {
	ok, dir, err := CarriesORCEID(msg, version)
	if err != nil {
		return Decision{}, err
	}
	switch {
	case !ok:
		return Decision{Omit: true, Rule: fmt.Sprintf("ORC-004: %s %s does not carry orce_customer_id", msg, version)}, nil
	case dir == Inbound:
		return Decision{Omit: true, Rule: fmt.Sprintf("ORC-006: %s is inbound; the tag is decoded, not written", msg)}, nil
	}
	return CustomerID(OutboundMessage, s, c), nil
}
