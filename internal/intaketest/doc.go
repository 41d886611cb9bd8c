// Package intaketest wires the order intake on the memory stores for the
// transport tests (order/orderapi, order/orderhttp, order/orderamqp): the
// catalog the bundled CWORDERIN samples need, the examples' demo settings,
// and the samples themselves.
package intaketest
