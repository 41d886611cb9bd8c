// Command customersync shows the customer and company sync between a
// commerce platform and an ERP (package customer/sync) end to end, against
// simulators started inside the program. Nothing has to be installed:
//
//	go run ./examples/customersync
//	go run ./examples/customersync -log-level=debug   # also log every HTTP call
//	go run ./examples/customersync -h                 # all flags
//
// It implements no rules of its own: it wires the rules of the requirement
// catalog customer-sync.md (§2 to §7, NRC-003 to NRC-023) the way a host
// would, and prints what happened at each step:
//
//  1. A company with a full contact and a contact by reference: the import is
//     refused while the contact does not exist in the platform (NRC-006-E1),
//     then sent after the contact was imported first.
//  2. A person the platform created during the order process, without a code:
//     the ERP creates the customer and its code is written back with only the
//     identifying fields (NRC-014 to NRC-016); a replayed order creates
//     nothing twice.
//  3. An import job: submitted, polled until it is done, and a repeated delta
//     import of unchanged data sends nothing (NRC-017 to NRC-019).
//  4. Change events from the platform to the ERP: the entity is looked up and
//     sent, a person without a code and an unrelated event are skipped
//     (NRC-020 to NRC-022).
//  5. A reconciliation that finds a lost write-back (drift between the ERP's
//     code and the platform's) and repairs it; a second run finds nothing
//     (NRC-023).
//
// # Wiring
//
// The platform simulator (customer/sync/synctest.Platform) is served over
// HTTP on a loopback listener (127.0.0.1, a free port) and the Syncer talks
// to it through the real HTTP client, customer/sync/synchttp. The ERP is the
// in-memory synctest.ERP: sync.ERP is the host's own ERP client, so a real
// integration passes its own implementation there. To run against a real
// platform, build the Syncer the same way with synchttp.New(realURL, client)
// (or your own Importer, Querier and EventSource) and your ERP client; the
// steps that stand in for the platform's front end (a checkout creating a
// person, a "My Pages" edit) call the simulator directly and have no
// counterpart there.
//
// The program exits with status 1 when any step fails or does not turn out
// as described above.
//
// # Imports
//
// As an example it may import anything in the module (the domain package
// customer/sync, its synchttp adapter and synctest simulators) and the
// standard library; log/slog carries the operational logs (stderr), the
// narrative goes to stdout.
package main
