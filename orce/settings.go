package orce

import (
	"strings"

	"github.com/omskit/omskit/scv"
)

// DefaultCustomerNoWidth is the width SubmitOrder's customer_no is
// zero-padded to when Settings.CustomerNoWidth is zero. Seed 002 says
// "zero-padded" without a width (orce.md Z-06); 9 is the length of an OMS
// customer number (customer_number, numeric 9).
const DefaultCustomerNoWidth = 9

// Settings are the system control values the ORCE rules read, one typed
// field per SCV. Build them with SettingsFrom or literally in tests.
type Settings struct {
	// Integration is ORCE Customer Integration (L37). Only INTERACT turns
	// the rules on; any other value, blank included, is "off" (ORC-001).
	Integration scv.ORCEIntegration
	// SendToNarvar is Send ORCE Customer ID to Narvar (M70); default N
	// (ORC-017).
	SendToNarvar bool
	// SendToOROB is Send ORCE Customer ID to OROB (M71); default N (ORC-010).
	SendToOROB bool
	// FulfillmentByORCEID is ORCE Customer ID in OROB Fulfillment (M72); its
	// default is not stated (Z-09) and the library uses N.
	FulfillmentByORCEID bool
	// BrokeredEmailUpdate is Sold to Email Update for Orders Brokered to
	// OROMS (K96) (ORC-015).
	BrokeredEmailUpdate bool
	// BrokeredAddressUpdate is Sold to Address Update for Orders Brokered to
	// OROMS (K97) (ORC-015).
	BrokeredAddressUpdate bool
	// CustomerNoWidth is a library option, not an SCV: the width SubmitOrder
	// customer_no is zero-padded to (Z-06). Zero means DefaultCustomerNoWidth.
	CustomerNoWidth int
}

// IntegrationOn reports whether L37 = INTERACT (ORC-001). The value is
// compared trimmed and case-insensitively; 002's "L37 IS selected" is read as
// INTERACT (Z-05).
func (s Settings) IntegrationOn() bool {
	return strings.EqualFold(strings.TrimSpace(string(s.Integration)), string(scv.ORCEInteract))
}

// SettingsFrom reads L37, M70, M71, M72, K96 and K97 from an SCV snapshot.
// Unset flags take their catalog defaults (M70 and M71 not selected).
func SettingsFrom(s scv.Set) Settings {
	return Settings{
		Integration:           s.ORCECustomerIntegration(),                             // L37
		SendToNarvar:          s.Flag(scv.SendORCECustomerIDToNarvar),                  // M70
		SendToOROB:            s.Flag(scv.SendORCECustomerIDToOROB),                    // M71
		FulfillmentByORCEID:   s.Flag(scv.ORCECustomerIDInOROBFulfillment),             // M72
		BrokeredEmailUpdate:   s.Flag(scv.SoldToEmailUpdateForOrdersBrokeredToOROMS),   // K96
		BrokeredAddressUpdate: s.Flag(scv.SoldToAddressUpdateForOrdersBrokeredToOROMS), // K97
	}
}
