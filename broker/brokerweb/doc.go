// Package brokerweb is the Order Broker operator console: the seed system's
// screens of the Working with Order Broker (WOBR) menu option as an
// http.Handler a host mounts on its own server, rendered on the server with
// html/template (no JavaScript).
//
//   - Work with Order Broker (the index): records filtered by status, flow,
//     order, location and age, a page at a time, with the count of records
//     per status; a record waiting longer than its flow expects (Options.Waits)
//     is highlighted. A request can be canceled (BRK-320: R closes, F1.03;
//     K, O, P, A go to Y, Pending Cancel, F1.20; the rules refuse the others
//     with their message) and a W, G or H record resent (BRK-063, BRK-317),
//     through [Actions] — a *broker.Runner, so the console takes the same
//     path as the host's own cancel.
//   - Brokered Backorder Summary (order): every brokered line of one order,
//     with status and fulfilling location; with Options.Orders, the lines
//     that were not brokered too, with every eligibility reason
//     (broker.CheckLine).
//   - Display Order Broker Details (record): one record, its Order Broker
//     History and Order Transaction History messages in time order, its
//     tracking, the last request and response, and the actions; for a line
//     that was not brokered (line), the reasons it was not.
//
// The handler refuses everything by default: Options.Authorize decides who
// may look and who may act, per request. Actions are POST forms protected
// twice against cross-site request forgery: http.CrossOriginProtection
// (Sec-Fetch-Site and Origin) and a token in the form that must match a
// SameSite=Strict cookie. Every value is escaped by html/template, and
// every text read from a record or its trail is passed through
// redact.Text first, so no page shows a card number.
//
// The handler reads through [Store] (broker.RecordQuery answers, one
// record, a record's trail), which storage/memory and storage/sqlstore
// (SQLite and PostgreSQL) implement and storage/storagetest's BrokerFinder
// suite proves. Links are relative, so the handler may be mounted under a
// prefix with http.StripPrefix.
//
// Imports: the standard library, uuid, broker and redact.
package brokerweb
