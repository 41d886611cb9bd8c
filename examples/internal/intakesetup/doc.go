// Package intakesetup is the wiring the order-intake examples share
// (examples/orderin over HTTP, examples/orderqueue over RabbitMQ): the flags
// that choose the store, the message version, the settings and the catalog,
// and Open, which turns them into an orderapi.Processor on SQLite or
// PostgreSQL. It is internal to the examples: a host writes its own.
package intakesetup
