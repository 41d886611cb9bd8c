// Command orderqueue runs the ORDER_IN process queues on RabbitMQ: CWORDERIN
// messages arrive on a queue per order channel, each consumed by several
// inbound sessions, are taken in through order/orderamqp (the same
// processing as the HTTP intake of examples/orderin, order/orderapi) and
// answered with their CWORDEROUT on the queue the message names (resp_q),
// else the AMQP reply_to, else -reply-queue. Orders, customers and the
// idempotency records are stored in SQLite (the default) or PostgreSQL.
//
// # Running it
//
// Against the local RabbitMQ (amqp://guest:guest@127.0.0.1:5672/), from the
// repository root:
//
//	go run ./examples/orderqueue          # web=ORDER_IN.WEB (4 sessions), pos=ORDER_IN.POS (1); SQLite ./orderqueue.db
//	go run ./examples/orderqueue send     # in a second terminal: publish the bundled samples, print the answers
//
//	go run ./examples/orderqueue -channels=web=ORDER_IN.WEB:8,remote=ORDER_IN.REMOTE:1,pos=ORDER_IN.POS:1
//	go run ./examples/orderqueue -dsn='postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//	go run ./examples/orderqueue -amqp=amqp://user:pass@mq.example:5672/vhost -h
//
// The first line on stdout names the queues once they are declared
// ("orderqueue: consuming web=ORDER_IN.WEB (4 sessions); …"); logs (one line
// per message: channel, session, order number, order_id, status, replay,
// where the answer went) go to stderr. SIGINT or SIGTERM stops consuming,
// lets the messages in hand finish (up to -shutdown-timeout) and closes the
// store; messages prefetched but not started stay in their queue.
//
// Each -channels entry is an order channel (the seed's "a process queue for
// each order channel, such as a web site or a remote order entry service")
// with its process queue and, after a colon, its number of inbound sessions
// (default -sessions). Sessions take messages at once, so their order is not
// kept: a channel whose messages must go in order — the orders of one batch
// (ORD-020), as a point of sale sends them — takes one session, as the seed
// sets up the retail channel ("it is not necessary to create multiple
// inbound sessions"), while a web storefront takes several "to avoid
// delays". Each process queue gets a dead-letter queue named
// queue + ".dead" for messages refused for good (not decodable, over
// -max-bytes, refused by the intake, a different message under a taken
// order number), which are answered first. Queues are declared durable on
// start, which changes nothing when they exist.
//
// The store, version, settings and catalog flags (-db, -dsn, -version,
// -settings, -catalog, -max-bytes, -log-level) are those of examples/orderin.
//
// # The sender
//
// "orderqueue send" publishes every *.xml in -samples (default
// xmlmsg/testdata/cworderin) to -queue (the retail samples, order_channel P:
// the batch, to -pos-queue) as a persistent message, with its
// file name as correlation id, its resp_q and the AMQP reply_to set to
// -answers (default CWDIRECT.ORDER.OUT.Q, the queue the samples name), and
// prints each answer: the CWORDEROUT, the "Invalid XML Message:" reply (the
// payment-only sample names an order, 6431, that a new database does not
// have), or no answer for the batch samples (response_type N). It waits
// (up to -timeout) for the samples that ask for an answer, then until no
// further answer came for -idle.
//
// # Imports
//
// As an example it may import anything in the module: order/orderamqp,
// examples/internal/intakesetup and github.com/rabbitmq/amqp091-go. The
// tests also use internal/amqptest and internal/pgtest.
package main
