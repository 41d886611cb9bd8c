// Package memory implements the storage interfaces the omskit domain
// packages declare, in memory, with indexes rather than scans. It is meant
// for tests, examples and small hosts; nothing survives the process.
//
// CustomerStore implements the customer package's Finder, Writer,
// ShipToFinder, ShipToWriter, BillToFinder and BillToWriter, and the orce
// package's lookup by ORCE customer id. Other stores of this package are
// prefixed by what they hold (order*, ...).
//
// Imports: the standard library and the domain packages whose interfaces it
// implements.
package memory
