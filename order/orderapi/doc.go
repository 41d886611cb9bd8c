// Package orderapi is the order API's message processing that every
// transport shares: the bytes of one CWORDERIN message in, the bytes of its
// answer and what happened out. order/orderhttp serves it over HTTP and
// order/orderamqp over RabbitMQ process queues; because both call
// Processor.Process, a message gets the same answer, byte for byte, whichever
// way it arrives (order-api.md ORD-001: one intake for every order source).
//
// Process decodes the message, runs it through order.Intake and encodes the
// CWORDEROUT the message asked for (xmlmsg.ProcessCWOrderIn), and sorts the
// result into one of five kinds a transport maps onto its own means:
//
//	Taken      the order was taken in (or the same bytes were taken in before:
//	           Replayed); Answer is the CWORDEROUT, nil for response_type N
//	           (ORD-019, ORD-055)
//	Refused    the message did not decode, or the intake refused it as a whole
//	           (e.g. a payment-only message naming no order, ORD-057); Answer is
//	           the "Invalid XML Message:" reply (message-formats.md §1.5), card
//	           numbers masked; nothing was written
//	Duplicate  another message was taken in under this order number (ORD-010);
//	           Answer is a one-line text naming the order number; nothing written
//	TooLarge   the message is over the byte limit; Answer is the "Invalid XML
//	           Message:" reply naming the limit, without an echo; nothing read
//	           past the limit is kept and nothing is written
//	Failed     a store or set-up failure; the same bytes may be sent again and
//	           get the answer they would have got (the intake is idempotent)
//
// # Limits
//
// The byte limit defaults to four bytes per character of the order API's
// character limit (xmlmsg.CWOMaxChars, 65,000: 260,000 bytes), because no
// UTF-8 encoding of a message within the character limit is longer: a body
// over it cannot be an order the order API takes in, so it is refused before
// it is decoded. A transport bounds the messages it holds at once (see
// orderhttp.Handler.MaxInFlight and orderamqp's sessions and prefetch), so
// the memory the intake uses is bounded by that count times the limit.
//
// Card numbers never appear in an answer or a log line except masked to
// their last four digits.
//
// Imports: the standard library, order and xmlmsg. Like the other adapters
// below a domain package, it is never imported by the domain.
package orderapi
