// Package customer chooses, creates and updates the customers an incoming order
// belongs to: the sold-to (who placed it), the ship-to (order-level address,
// recipient customer or permanent ship-to) and the bill-to (who is invoiced).
//
// It implements "order-api.md" Part B: B.1 sold-to selection (CUS-001 to
// CUS-017), B.2 updating the chosen sold-to (CUS-018 to CUS-025), B.3 shipping
// addresses and recipients (CUS-026 to CUS-034) and B.4 bill-to selection
// (CUS-035 to CUS-040), plus the order-level email hierarchy of A.12
// (ORD-084, [OrderEmail]), with the choices for the ambiguities listed in
// "order-api.md" Part C (C-15 to C-21, C-26 to C-28) documented on the names
// that make them. The ground truth is seed 001 ("Customer Creation, Matching
// and Update Logic").
//
// Every rule returns its answer together with why: [SelectSoldTo] names the
// step and sub-rule that chose the customer and the candidates every step saw,
// so a host can log the decision.
//
// The package declares the storage interfaces it consumes ([Finder],
// [Writer], [ShipToFinder], [BillToFinder], ...) and the hooks for logic
// whose source is not available (President's Club, individuals). Storage
// packages implement them; storage/memory has an indexed in-memory
// implementation.
//
// It may import the standard library, shopspring/decimal, google/uuid and the
// scv package (it uses only the standard library and scv). It never imports
// storage, xmlmsg, net/http or database/sql.
package customer
