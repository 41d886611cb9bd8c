// Package orce holds the Oracle Retail Customer Engagement (ORCE) rules of
// the shared customer number: which customer id goes into which message, how
// an Order Broker fulfillments customer_no is read, and when an existing
// customer is given an ORCE id through CWOrderIn.
//
// It implements "orce.md" §1 to §7 (ORC-001 to ORC-017), with the choices for
// its section Z ambiguities documented on the names that make them, and
// order-api.md CUS-025. The ground truth is seed 000 (the release note
// "Customer Engagement Shared Customer Number") and seed 002's "Customer
// Mapping and Updates" and SubmitOrder sections. The rules are pure functions
// over an explicit [Settings] and a customer.SoldTo; the broker package calls
// them when it builds SubmitOrder and reads fulfillments.
//
// Imports: the standard library and the domain packages below it (scv,
// customer). It never imports storage, xmlmsg, net/http or database/sql.
// The subpackage orce/engage (the order and receipt feed) is separate.
package orce
