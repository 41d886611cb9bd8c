// Package orderhttp serves the order API over HTTP: Handler takes one
// CWORDERIN message per POST through orderapi.Processor (the processing
// order/orderamqp shares, so both transports give the same answer to the same
// bytes) and answers:
//
//	200 application/xml  the CWORDEROUT (response_type A, D or E; an order in error
//	                     status is still taken in and answered 200)
//	204 (empty body)     response_type N: the order is stored, nothing to send (ORD-019, ORD-055)
//	400 text/plain       the "Invalid XML Message:" reply: the message echoed with card numbers
//	                     masked, then the errors (message-formats.md §1.5); nothing was written
//	405                  not a POST
//	409 text/plain       another message was taken in under this order number (ORD-010); the
//	                     reply names the order number; nothing was written
//	413 text/plain       the body is over the processor's byte limit; nothing past the limit is
//	                     read and nothing is written
//	500 text/plain       a store failure; send the same message again
//	503 text/plain       MaxInFlight messages are being processed already; the body is not read,
//	                     Retry-After says when to send it again
//
// Every 200 and 204 carries X-Omskit-Replayed: true when the same bytes were
// taken in before (the original answer comes back and nothing is written).
//
// # Bounds
//
// A Handler holds at most MaxInFlight bodies at once (answering 503 with
// Retry-After to the rest without reading them), and each body is read up to
// the processor's byte limit only (refusing a declared Content-Length over it
// before reading anything): the memory the intake uses is bounded by
// MaxInFlight times the limit, whatever the number of clients.
//
// Imports: the standard library, order/orderapi and xmlmsg.
package orderhttp
