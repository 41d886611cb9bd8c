// Package examples holds runnable programs a new user starts from. Each
// subdirectory is a main package with a test that runs it, and each prints
// its usage for -h and exits 0 (TestEveryExampleHelp):
//
//   - quickstart: the README's first command; decodes the bundled messages,
//     runs the full intake on embedded SQLite and brokers a line against the
//     in-process Order Broker simulator. Needs nothing but Go.
//   - orderin: an HTTP service that takes CWORDERIN and answers CWORDEROUT,
//     on SQLite or PostgreSQL (-dsn).
//   - brokerworker: the BROKER periodic run as a long-running worker; several
//     may share one PostgreSQL database through leases (-simulate starts the
//     Order Broker simulator in-process).
//   - customersync: customer and company sync with an ERP against the
//     platform and ERP simulators.
//   - engagefeed: the order/receipt feed to an engagement platform against
//     its simulator.
package examples
