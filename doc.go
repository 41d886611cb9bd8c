// Package omskit is an SDK for retail order-management integrations: the rules
// of an order management system (OMS) — order intake and the order edit,
// sold-to/ship-to/bill-to selection, Order Broker flows, the customer
// engagement feed — as plain Go, with storage and transport plugged in by the
// host.
//
// # Map of the library
//
//	scv                 system control values: catalog, typed snapshot, loading, validation
//	customer            sold-to / ship-to / bill-to selection and update; ghost customers
//	customer/sync       customer and company sync between a commerce platform and an ERP
//	order               order intake and the order edit; batches, payments, items, reps, responses
//	broker              Order Broker: eligibility, flow state machines, the BROKER periodic run
//	orce                customer engagement: which customer id goes where; order/receipt feed
//	xmlmsg              the XML wire formats (CWORDERIN/CWORDEROUT, Order Broker messages)
//	redact              how text from outside is shown: card numbers masked, long values cut
//	storage/memory      in-memory implementations of the domain interfaces
//	examples/...        runnable programs to start from
//
// # Who may import whom
//
// The domain packages (scv, customer, order, orce, broker) import only the
// standard library, shopspring/decimal, google/uuid, redact (a leaf of the
// standard library only) and domain packages below them (scv at the bottom,
// then customer, order, orce, broker). They never
// import storage, xmlmsg, net/http or a database driver; each declares the
// small interfaces it needs next to the code that calls them. xmlmsg is an
// adapter: it may import the domain packages to map messages to domain types
// and back. Storage packages implement the domain interfaces; examples wire
// everything together. A test in this package enforces these rules.
package omskit
