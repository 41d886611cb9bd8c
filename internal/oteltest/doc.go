// Package oteltest reads what the OpenTelemetry adapters (broker/brokerotel,
// order/orderotel) recorded, for their tests: an SDK meter provider on a
// manual (in-memory) reader and a tracer provider on a span recorder, and
// lookups of a metric's points by attributes.
package oteltest
