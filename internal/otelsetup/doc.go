// Package otelsetup holds what the OpenTelemetry adapters (broker/brokerotel,
// order/orderotel) share: the meter and tracer of a scope, taken from the
// providers a host gives or else from the global ones.
package otelsetup
