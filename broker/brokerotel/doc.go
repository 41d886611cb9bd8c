// Package brokerotel reports the BROKER run through OpenTelemetry: its
// Observer implements broker.Observer (set it as Runner.Observer) with the
// OpenTelemetry API only. The host chooses the exporters by the meter and
// tracer providers it passes (or installs globally); without them every
// instrument is a no-op.
//
// Metrics (instrumentation scope github.com/omskit/omskit/broker/brokerotel):
//
//	omskit.broker.run.duration       histogram, s    one per run; omskit.broker.run.outcome = ok | errors | failed
//	omskit.broker.run.record_errors  counter         records that failed in a run, by omskit.broker.operation
//	omskit.broker.records            gauge           records per omskit.broker.status (with Options.Records)
//	omskit.broker.transitions        counter         records moved, by omskit.broker.flow, omskit.broker.row,
//	                                                 omskit.broker.from and omskit.broker.to (status letters)
//	omskit.broker.messages           counter         messages to Order Broker, by omskit.broker.message and
//	                                                 omskit.broker.outcome (broker.Call.Outcome)
//	omskit.broker.message.duration   histogram, s    the same calls' latency
//	omskit.broker.resends            counter         messages sent again (W, G, H), by message and outcome
//
// Traces: one span per run ("broker.run"), with a child span per message
// ("broker.SubmitOrder", …) carrying the OB order id and request ids
// (omskit.broker.order_id, omskit.broker.request_ids) and an event per
// record moved ("record moved": omskit.order.key, omskit.broker.line,
// omskit.broker.request_id, flow, row, from, to). Spans carry identifiers,
// never message content or payment data.
//
// Imports: the broker package and the OpenTelemetry API
// (go.opentelemetry.io/otel, otel/metric, otel/trace); no SDK, no exporter.
package brokerotel
