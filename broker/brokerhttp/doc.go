// Package brokerhttp implements broker.Transport over HTTP and XML: each
// Order Broker message is encoded with package xmlmsg, POSTed to the Order
// Broker endpoint with net/http, and the answer is read (with a size limit)
// and decoded back into the domain response.
//
// It implements the transport half of order-broker.md: §1.3 (message
// catalogue), BRK-008 (one endpoint for the OB messages, the fulfillments
// endpoint set apart), §2.35-§2.36 (BRK-307, BRK-308: a status request that
// gets no answer leaves every record as it is; BRK-063: OB's duplicate check
// is what makes a resent SubmitOrder safe), and the message mappings of
// §2.38-§2.42 through xmlmsg.
//
// Errors. Every error a Client method returns wraps exactly one of the
// broker sentinels, so the BROKER run can branch on it:
//   - broker.ErrUnavailable: no usable answer. The connection failed, the
//     per-attempt timeout or the caller's context ended, or OB answered with
//     an HTTP status other than 2xx (OB carries its business errors inside
//     a 200 response, so an HTTP error means the message was not handled,
//     or that we cannot tell). The message may have arrived.
//   - broker.ErrRejected: OB answered with a response_code other than 0. The
//     error is a *broker.RejectedError with the code and description (2040
//     is the duplicate order, broker.IsDuplicateOrder).
//   - broker.ErrMalformed: OB answered 2xx but the body is not the expected
//     message: not XML, the wrong root element, invalid fields, or larger
//     than Client.MaxResponseBytes. The xmlmsg error is wrapped too.
//   - broker.ErrInvalidInput: the request itself could not be encoded (for
//     example a location code longer than 10 characters); nothing was sent.
//
// Retries. Only the idempotent reads are retried, and only after
// ErrUnavailable: StatusRequest, StatusListRequest and Fulfillments (a poll
// that OB answers again is harmless). SubmitOrder is never retried by the
// client: a lost answer leaves the Order Broker record in W (F1.02), and a
// resend is the BROKER run's decision (broker.Runner.ResendWaitingAfter),
// which OB's duplicate check answers with 2040 when the first one arrived
// (BRK-063, F1.08). StatusUpdate is not retried either: a cancel that got
// no answer leaves the record in Y and the next BROKER_ORD run sends it
// again (BRK-110); a fulfilled or intransit update leaves G or H (BRK-317).
// Malformed and rejected answers are never retried.
//
// Imports: the standard library, broker and xmlmsg. It is an adapter: the
// domain package broker never imports it.
package brokerhttp
