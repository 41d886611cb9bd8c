// Command brokerworker is a long-running Order Broker worker: it runs the
// BROKER periodic run (order-broker.md §2.10, §2.35, §3.5) on a schedule
// over a storage/sqlstore broker store, through leases (broker.Leasing), so
// that several workers may run at once over one database without sending a
// record twice. A worker that dies loses nothing: its leases expire and the
// others take its records.
//
// Run it against the in-process Order Broker simulator, on a throwaway
// SQLite file, with a few demo records that walk R -> W -> K -> P -> A -> X:
//
//	go run ./examples/brokerworker -simulate
//	go run ./examples/brokerworker -simulate -workers 4 -orders 20   # four workers share the queue
//
// The simulated Order Broker moves each acknowledged order one status
// further (polled, accepted, then shipped) after every run, and the worker
// stops when every demo record is done (or at -for, or on SIGINT/SIGTERM,
// finishing the batch in hand and giving its leases back).
//
// -simulate also seeds one order of each other flow, and every message to
// Order Broker is the BROKER run's (broker.Runner): there is no host loop.
// The demo (flows.go) plays only what the rest of OMS and the stores do:
//
//   - F2, ship-for-pickup (order 7501): pick slip generation creates the
//     records in I; the run submits them (SHIPFORPICKUP), applies OB's
//     answer (F), sends picked, and after the demo confirms the shipment
//     (Runner.Apply) sends intransit (T). The store's received and
//     fulfilled come with the next day's inquiry (BRK-155), so the demo
//     stops at T.
//   - F3, received from Order Broker (order 7801): the run's Fulfillments
//     poll (Runner.Fulfillments, on the first worker) creates the delivery
//     order through the demo's broker.ReceivedOrderHost and answers
//     accepted; the demo prints the pick slip and ships, and the run sends
//     picked and fulfilled (I -> F -> X).
//   - F4, store pickup (order 7701): the records wait in R as store pickup
//     acceptance leaves them; the run submits them (PICKUP, at the chosen
//     store) and inquires while the store polls, accepts and hands the
//     order over (R -> K -> P -> A -> X).
//
// With -console ADDR the worker also serves the Order Broker console
// (broker/brokerweb, over the same store, acting through the same Runner)
// and the Prometheus /metrics of its runs (broker/brokerotel through
// OpenTelemetry's Prometheus exporter), and keeps running after the demo
// records are done so that there is something to look at. The demo
// console answers loopback clients only; a host plugs in its own users:
//
//	go run ./examples/brokerworker -simulate -console :8080   # open http://localhost:8080/
//
// Against PostgreSQL, several workers share the queue; start each with its
// own -owner (the default is host name and process id) and the same -dsn
// and -broker:
//
//	go run ./examples/brokerworker -dsn 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	    -broker https://ob.example.com/Locate/ -interval 1m
//
// -simulate runs one simulated Order Broker inside the process, and its
// orders exist only there: one simulating process per database. On
// PostgreSQL a simulating worker holds an advisory lock for its life, and a
// second -simulate on the same -dsn is refused ("another brokerworker
// -simulate is running on this database"); run several simulated workers
// in one process with -workers instead. Without -dsn each process has its
// own SQLite file, so nothing is shared.
//
// Flags: -dsn (PostgreSQL DSN; empty means a SQLite file in a temporary
// directory), -broker (Order Broker URL), -simulate (start the simulator on
// 127.0.0.1:0, point at it and seed demo records), -interval (time between
// runs), -owner (this worker's lease owner), -workers (several workers in
// this process, as several processes would run), -batch and -lease (records per
// lease and lease duration), -resend-waiting (how long a record sent
// without a stored answer waits in W before its SubmitOrder is resent: a
// worker that died between sending and storing the answer loses nothing,
// OB answers the duplicate with 2040 and the record goes on to K; default
// broker.DefaultResendWaitingAfter, negative turns it off), -orders (demo
// orders with -simulate), -for (stop after this long; 0 runs until a
// signal), -log-level, -console (serve the console and /metrics on this
// address). -h prints the usage and exits 0.
//
// The orders SubmitOrders are built from come from the host's order system;
// this example has a fixed demo order for every order number (demoOrders).
package main
