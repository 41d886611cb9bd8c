// Package order is the order intake of omskit: a CWORDERIN message, decoded
// into an Order by xmlmsg or built by the host, goes through Intake, which
// checks the message, selects the customer, runs the order edit (header,
// detail and payment, collecting every error with its reason text), totals
// and routes the order, runs online authorization, writes everything in one
// transaction and returns the CWORDEROUT content as a Response.
//
// It implements order-api.md Part A (ORD-001 to ORD-093): the processing
// overview and routing (A.1), batches (A.2), deposit and refund suppression
// (A.3), returns (A.4), card tokenization (A.5), authorization history for
// web-authorized orders (A.6), online authorization with its thresholds
// (A.7), response types and the payment-only message (A.8), the related SCVs
// (A.9, as Settings), item and SKU resolution (A.10), sales rep resolution
// (A.11), the order email hierarchy (A.12), unsupported features (A.13) and
// the typical scenarios (A.14). The 65,000-character rule follows
// message-formats.md §1.5, except that a message over the limit is refused
// whole instead of put in error (MaxMessageLength); response content follows message-formats.md §1.7
// and §4.
//
// Every rule is a plain function that can be called alone (ResolveItem,
// ResolveRep, OrderEmail, DecideOnlineAuth, WebAuthHistory, ShouldTokenize,
// RouteOrder, BuildResponse, …); Intake chains them as named steps and
// records each step's outcome in Result.Steps. Intake is idempotent by
// order_number: see its documentation for the guarantee.
//
// The interfaces the intake needs (ItemCatalog, RepDirectory, PayTypes,
// Tokenizer, PaymentAuthorizer, VendorResponses, HoldChecker, Coupons,
// ShipVias, Promotions, SoldToSelector, Store, OrderNumbers) are declared in deps.go;
// storage/memory implements the store-like ones.
//
// Sold-to selection is reached through the SoldToSelector interface;
// CustomerSelector implements it with the customer package (order-api.md
// Part B), returning the step and reason that chose the customer. Numeric
// order numbers (the CWORDEROUT order_id, 8 positions) come from the
// optional OrderNumbers interface (Deps.OrderNumbers); without it the uuid
// Order.ID is the only order id.
//
// Hostile input: the domain-level hostile-input catalog
// (TestIntake_HostileInput) holds 74 messages, each with its outcome —
// refused with nothing written (no order, no customer asked for), written
// in error status with its reason, or accepted — and no error text shows a
// card number or more than a short prefix of a value. Amounts with more
// decimal places than their currency allows (MinorUnits) are field errors
// (ReasonTooManyDecimals); a message over 65,000 characters is refused
// (MaxMessageLength). The wire-level lengths of names, addresses and every
// other attribute are xmlmsg's (xmlmsg.CWOMaxLengths).
//
// Package order imports only the standard library, shopspring/decimal,
// google/uuid and the domain packages below it: scv (for SettingsFrom) and
// customer (for CustomerSelector). It never imports storage, xmlmsg,
// net/http or database/sql.
package order
