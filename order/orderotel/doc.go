// Package orderotel reports order intakes through OpenTelemetry: its
// Observer implements order.IntakeObserver (set it as Deps.Observer) with
// the OpenTelemetry API only. The host chooses the exporters by the meter
// and tracer providers it passes (or installs globally); without them every
// instrument is a no-op.
//
// Metrics (instrumentation scope github.com/omskit/omskit/order/orderotel):
//
//	omskit.order.intakes          counter        intakes by omskit.order.intake.outcome
//	                                             (accepted, in error, batched, replayed, rejected, failed)
//	omskit.order.intake.duration  histogram, s   the same intakes' latency
//
// Traces: one span per intake ("order.intake") carrying the message's order
// number (omskit.order.number), the OMS order number assigned
// (omskit.order.id), the outcome, the step it stopped at and the number of
// edit errors; never the order's content or payment data.
//
// Imports: the order package and the OpenTelemetry API.
package orderotel
