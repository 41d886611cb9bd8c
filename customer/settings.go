package customer

// Settings are the system control values the customer rules read, one typed
// field per SCV, so that rules and tests take them explicitly. Build them from
// an scv.Set with SettingsFrom, or literally in tests.
type Settings struct {
	// PhoneSearch is Include Telephone Number in Customer Search (I20):
	// sold-to selection steps 3 and 4 run only when it is true (CUS-014).
	PhoneSearch bool
	// Match is Phone Interface Values (F70): the name-and-address matching
	// rules. Zero rules (no Fields) mean DefaultMatchRules.
	Match MatchRules
	// DefaultDeliveryCode is Default Delivery Code for New Order Entry
	// Customers (D13), used when sold_to_busres is missing (CUS-019).
	DefaultDeliveryCode string
	// PresidentsClub is Use President's Club Membership (H94): when true the
	// alternate sold-to id is also passed to the President's Club hook
	// (CUS-016).
	PresidentsClub bool
	// UpdateSoldToWithBillTo is Update Customer Sold to with Bill to Account
	// Number for New E-Commerce Orders (H87). Bill-to selection reads it only
	// to report it: a bill-to created from the sold-to is assigned to a sold-to
	// that had none whatever H87 says (CUS-039).
	UpdateSoldToWithBillTo bool
	// DefaultIndividualEmail is Default Individual Email Address (J17): the
	// individual placer's email may become the order-level email (OrderEmail).
	DefaultIndividualEmail bool
	// BillToFallbackWithoutAR is a library option, not an SCV: whether bill-to
	// steps 3 to 5 (the sold-to's bill-to, the name-and-address search,
	// creation from the sold-to) also run for an order with no A/R payment
	// method. The source does not say (order-api.md C-28); the default, false,
	// gives such an order no bill-to unless the message names one.
	BillToFallbackWithoutAR bool
	// ShipToMatch and BillToMatch choose how the recipient / permanent
	// ship-to (CUS-029, CUS-032) and the bill-to (CUS-036 step 2) name and
	// address are compared. The source calls both "an exact match based on
	// the fields specified with F70" while the sold-to steps use "the
	// matching rules of F70", and does not say whether they differ
	// (order-api.md C-27); the default, MatchExact, compares the F70 fields
	// trimmed and case-insensitively, MatchNormalized uses the sold-to
	// match key. Library options, not SCVs.
	ShipToMatch MatchMode // comparison for ship-tos (CUS-029, CUS-032)
	BillToMatch MatchMode // comparison for bill-tos (CUS-036 step 2)
}

// MatchMode chooses the name-and-address comparison of a call site (C-27).
type MatchMode int

// The comparisons a call site can use.
const (
	MatchExact      MatchMode = iota // F70 fields equal, trimmed and case-insensitive
	MatchNormalized                  // equal F70 match keys (as the sold-to steps)
)

// equal compares two names and addresses under mode and rules.
func (m MatchMode) equal(r MatchRules, n1 Name, a1 Address, n2 Name, a2 Address) bool {
	if m == MatchNormalized {
		return r.Matches(n1, a1, n2, a2)
	}
	return r.Exact(n1, a1, n2, a2)
}

// rules returns the F70 rules in force.
func (s Settings) rules() MatchRules {
	if len(s.Match.Fields) == 0 {
		return DefaultMatchRules
	}
	return s.Match
}

// MatchRules returns the F70 rules in force: Match, or DefaultMatchRules when
// Match has no fields. Stores must index keys built with these rules.
func (s Settings) MatchRules() MatchRules { return s.rules() }
