// Command orderin is an HTTP service that takes orders in over the order API:
// a CWORDERIN message is POSTed to /cworderin, goes through
// xmlmsg.ProcessCWOrderIn (decode, map, order.Intake, response) and is
// answered with the CWORDEROUT the message asked for. Orders, customers and
// the idempotency records are stored in SQLite (the default) or PostgreSQL.
//
// It implements no rules of its own: it wires order/orderhttp (the intake as
// an http.Handler over order/orderapi, the processing it shares with the
// RabbitMQ process queues of examples/orderqueue) onto a store and a
// listener. Behind it are order-api.md Part A (A.1 processing, A.8 response
// types and the payment-only message: ORD-010, ORD-019, ORD-055 to ORD-057)
// and the sold-to selection of Part B, with the wire rules of
// message-formats.md §1 (§1.2 versions and decimals, §1.5 the "Invalid XML
// Message:" reply, §1.7 which response) and §4 (CWORDEROUT).
//
// # Running it
//
//	go run ./examples/orderin                          # SQLite file ./orderin.db, port 8080 on loopback
//	go run ./examples/orderin -db=data/orders.db       # another SQLite file
//	go run ./examples/orderin -dsn='postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//	go run ./examples/orderin -version=cwdirect18      # CWDirect 18.0: implied decimals (2495 is 24.95)
//	go run ./examples/orderin -h                       # all flags
//
// and, from the repository root, post a bundled sample:
//
//	curl -i --data-binary @xmlmsg/testdata/cworderin/simple_order_with_payment.xml http://127.0.0.1:8080/cworderin
//
// The first line on stdout names the URL ("orderin: listening on
// http://127.0.0.1:8080/cworderin …"); logs (one line per message: order
// number, order_id, status, whether it was a replay, how the customer was
// chosen) go to stderr through log/slog. Card numbers never appear in logs
// or answers except masked to their last four digits. GET /healthz answers
// "ok" while the database answers.
//
// # Answers
//
//	200 application/xml  the CWORDEROUT (response_type A, D or E; an order in
//	                     error status is still taken in and answered 200)
//	204 (empty body)     response_type N: the order is stored, nothing to send (ORD-019, ORD-055)
//	400 text/plain       the "Invalid XML Message:" reply: the message echoed with card numbers
//	                     masked, then the errors (message-formats.md §1.5). The message did not
//	                     decode, or the intake refused it as a whole (e.g. a payment-only message
//	                     whose rdc_order_nbr names no order, ORD-057); nothing was written
//	405                  not a POST
//	409 text/plain       another message was taken in under this order_number (ORD-010); the
//	                     reply names the order number; nothing written
//	413 text/plain       the body is over -max-bytes: refused unread (or read no further than the
//	                     limit), nothing written
//	500 text/plain       a store failure; send the same message again
//	503 text/plain       -max-in-flight messages are being processed already; Retry-After: 1
//
// Any Content-Type is accepted (the body is read as the message bytes).
// Every 200 and 204 carries X-Omskit-Replayed: true when the message was
// taken in before. Posting the same bytes again (a retry) is safe: the
// original CWORDEROUT comes back and nothing is written twice, also after a
// restart, because the idempotency record is in the database.
//
// # Limits
//
// -max-bytes defaults to 260,000: four bytes (the longest UTF-8 character)
// for each of the 65,000 characters the order API takes (§1.5), so a longer
// body cannot be a message within the limit and is refused before it is
// read. -max-in-flight (default 16) bounds the bodies read and processed at
// once; together they bound the memory the service uses under any load (64
// clients sending 1 MB bodies at once add a few MB to the heap). A message
// within -max-bytes but over 65,000 characters is refused with the "Invalid
// XML Message:" reply naming the limit and its length, nothing written
// (order.MaxMessageLength; xmlmsg.CWOOptions.MaxChars changes the limit);
// so is a value longer than its attribute allows (xmlmsg.CWOMaxLengths,
// names and addresses included). Every reply echoes at most a short prefix
// of a value.
//
// # Storage
//
// SQLite is the default so that the service runs with nothing installed;
// the default file is ./orderin.db in the working directory (not a temporary
// directory), so that orders and idempotency records survive a restart.
// -db=:memory: keeps everything in memory for one run. -dsn selects
// PostgreSQL instead. The schema is created on start (storage/sqlstore
// migrations). Order numbers (CWORDEROUT order_id) start at 1 in a new
// database.
//
// # Set-up: settings and catalog
//
// -settings names an SCV JSON file read with scv.LoadJSON (code → value, e.g.
// {"G41": 41, "I56": "Y"}); it replaces the demo settings, which are G41 = 41
// (batch for orders in error), I78 = 78 (batch for retail orders in error),
// I56 = Y (order edit interactive, final totals in CWORDEROUT) and C18 = RS
// (return disposition). The snapshot is read once at start (ORD-011: restart
// the service after changing it).
//
// -catalog names a JSON file with the items, pay types, credit card vendor
// responses, coupons and preferred ship vias the intake reads (see
// testdata/catalog.json):
//
//	{"items": [{"number": "SKU00001", "sku": "", "description": "…", "warehouses": ["10"], "locations": []}],
//	 "pay_types": [{"code": "4", "kind": "CC", "card_type": "C", "service": "SVC", "use_tokenization": false}],
//	 "vendor_responses": [{"service": "SVC", "code": "Y", "hold_reason": ""}],
//	 "coupons": ["C100"], "preferred_ship_vias": {"041": "UPS"}}
//
// Unknown keys are refused. Without -catalog a demo catalog is seeded: items
// SKU00001 to SKU00300 in warehouses 10 and 90, pay types 4 (credit card,
// service SVC, vendor responses Y and M known), CK (check) and CA (cash),
// which is what the bundled samples in xmlmsg/testdata/cworderin need. Two
// of them need more than a POST: batch_first.xml, batch_middle.xml and
// batch_last.xml are one batch and go in that order, and payment_only.xml
// names order 6431 (rdc_order_nbr), so set rdc_order_nbr to the order_id
// the answer to initial_order_no_payment.xml gave before posting it. Under
// -version=oms5 (the default) simple_order_cwdirect18.xml is read with
// explicit decimals, so its 2495 is 2,495.00: post it to a -version=cwdirect18
// service.
//
// # Shutdown
//
// SIGINT or SIGTERM stops accepting connections and lets requests in flight
// finish (http.Server.Shutdown) for up to -shutdown-timeout, then closes the
// database.
//
// # Imports
//
// As an example it may import anything in the module: order/orderhttp and
// examples/internal/intakesetup (the flags, settings, catalog and store
// wiring it shares with examples/orderqueue), plus the standard library
// (net/http, log/slog). The tests also use internal/pgtest.
package main
