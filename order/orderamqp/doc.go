// Package orderamqp runs the ORDER_IN process queues on RabbitMQ: orders
// arrive as CWORDERIN messages on a queue per order channel, each consumed
// by several inbound sessions, and every message is taken in through
// orderapi.Processor — the processing order/orderhttp shares, so a message
// gets the same answer, byte for byte, over either transport (ORD-001).
//
// This is how the order API is run in the vendor's set-up (seed 001, "Order
// Interface Processing Overview" and set-up): the message "is sent to an MQ
// Series queue", "a process queue for the ORDER_IN process … is monitoring
// the queue", there is "a process queue for each order channel, such as a
// web site or a remote order entry service", and a web storefront "might
// create multiple inbound sessions to avoid delays". The message names where
// its answer goes (Message resp_q, cworderin-attributes.md §2.1). The
// requirement catalog keeps transports out of the library's rules
// (order-api.md §0); this package is the adapter that supplies one.
//
// # What happens to a message
//
//   - It is taken in by the Processor (decode, order.Intake, CWORDEROUT).
//     A store failure (orderapi.Failed) is retried in place with backoff,
//     the message held unacknowledged, until the store answers or the worker
//     stops (then it goes back to its queue): never acknowledged, never lost.
//   - Its answer — the CWORDEROUT, or the "Invalid XML Message:" reply, or
//     the duplicate-order-number text — is published, with the delivery's
//     correlation id (its message id when it has none) and the headers
//     HeaderOutcome, HeaderReplayed and HeaderOrderNumber, to the queue the
//     message's resp_q names; when that queue does not exist (the publish is
//     mandatory and comes back), to the delivery's reply_to; else to the
//     channel's ReplyQueue. The worker's own process and dead-letter queues
//     are never used, so an answer cannot come back as an order. Nothing is
//     published for response_type N (ORD-019, ORD-055). resp_qmgr, an MQ
//     queue manager, has no RabbitMQ counterpart and is ignored.
//   - A message refused for good — not decodable (malformed XML, not UTF-8,
//     invalid fields), over the byte limit, refused by the intake as a whole,
//     or a different message under a taken order number (ORD-010) — is
//     answered and then published, as received, to the channel's dead-letter
//     queue with HeaderReason and HeaderQueue, so it is never redelivered in
//     a loop and the queue keeps flowing.
//   - Only then is the message acknowledged. Answers and dead letters are
//     published with publisher confirms and the ack waits for the confirm, so
//     an answer is never lost between the commit and the ack. An answer or
//     dead letter the broker does not confirm (a nack, say from a full queue
//     that rejects publishes) leaves the message unacknowledged: it goes
//     back to its queue after a backoff that grows while such failures
//     follow each other, and is replayed. When the
//     connection drops in between, the message is redelivered and replayed:
//     the intake is idempotent by order number, so it is answered again
//     identically and nothing is written twice (at-least-once answers,
//     exactly-once orders).
//
// # Sessions, memory and shutdown
//
// Each Channel has Sessions consumers, each on its own AMQP channel taking
// one message at a time, holding at most Prefetch unacknowledged messages
// (basic.qos). A message over the Processor's byte limit is refused before
// it is decoded, so the memory the intake uses is bounded by the sessions
// times the limit; what RabbitMQ delivers is bounded by the prefetch times
// the server's max_message_size.
//
// Run reconnects with exponential backoff (Config.MinBackoff to MaxBackoff)
// when the connection drops, and reopens a session's channel when only that
// channel closes. When Run's context is done it stops consuming, lets each
// session finish the message in hand (answered, dead-lettered, acknowledged)
// for up to Config.ShutdownTimeout, and returns; prefetched messages not
// started go back to their queue. Past the timeout it closes the
// connection, so the messages still in hand go back unacknowledged (they
// are replayed by the next worker), and returns ErrShutdownTimeout.
//
// # Topology
//
// Queue names are configuration (Config.Channels). Every connection and
// every session channel declares its queues — the process queue (durable,
// with Config.QueueArgs), the dead-letter queue (durable) and the reply
// queue when set (durable) — which changes nothing when they exist with the
// same arguments. Answers and dead letters go through the default exchange
// by queue name.
//
// Card numbers never appear in an answer, a header or a log line except
// masked to their last four digits; the dead-lettered message is the
// message as received, like the process queue held it.
//
// Imports: the standard library, github.com/rabbitmq/amqp091-go (the
// maintained RabbitMQ client), google/uuid, order/orderapi and
// order. The tests run against a real RabbitMQ named by
// OMSKIT_TEST_AMQP_URL (internal/amqptest) and skip without it.
package orderamqp
