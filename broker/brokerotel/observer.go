package brokerotel

import (
	"context"
	"errors"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/internal/otelsetup"
)

// Scope is the instrumentation scope name of the meter and tracer.
const Scope = "github.com/omskit/omskit/broker/brokerotel"

// Attribute keys of the metrics and spans.
const (
	KeyRunOutcome = attribute.Key("omskit.broker.run.outcome")
	KeyOperation  = attribute.Key("omskit.broker.operation")
	KeyStatus     = attribute.Key("omskit.broker.status")
	KeyFlow       = attribute.Key("omskit.broker.flow")
	KeyRow        = attribute.Key("omskit.broker.row")
	KeyFrom       = attribute.Key("omskit.broker.from")
	KeyTo         = attribute.Key("omskit.broker.to")
	KeyMessage    = attribute.Key("omskit.broker.message")
	KeyOutcome    = attribute.Key("omskit.broker.outcome")
	KeyResend     = attribute.Key("omskit.broker.resend")
	KeyOrderID    = attribute.Key("omskit.broker.order_id")
	KeyRequestID  = attribute.Key("omskit.broker.request_id")
	KeyRequestIDs = attribute.Key("omskit.broker.request_ids")
	KeyOrderKey   = attribute.Key("omskit.order.key")
	KeyLine       = attribute.Key("omskit.broker.line")
	KeyOwner      = attribute.Key("omskit.broker.owner")
)

// Run outcomes (KeyRunOutcome).
const (
	RunOK     = "ok"     // no record failed
	RunErrors = "errors" // the run finished, some records failed
	RunFailed = "failed" // the run stopped: the context ended or a listing failed
)

// RecordCounter counts the records per status for the records gauge:
// storage/memory and storage/sqlstore's broker stores implement it.
type RecordCounter interface {
	FindRecords(ctx context.Context, q broker.RecordQuery) (broker.RecordPage, error)
}

// Options configure an Observer. The zero value uses the global providers
// (otel.GetMeterProvider, otel.GetTracerProvider), no-ops unless the host
// installed others.
type Options struct {
	MeterProvider  metric.MeterProvider
	TracerProvider trace.TracerProvider
	// Records, when set, is read at each metric collection for the
	// omskit.broker.records gauge.
	Records RecordCounter
}

// Observer implements broker.Observer with OpenTelemetry metrics and spans.
// It is safe for concurrent use by several Runners.
type Observer struct {
	tracer       trace.Tracer
	runDuration  metric.Float64Histogram
	recordErrors metric.Int64Counter
	transitions  metric.Int64Counter
	messages     metric.Int64Counter
	msgDuration  metric.Float64Histogram
	resends      metric.Int64Counter
}

var _ broker.Observer = (*Observer)(nil)

// New returns an Observer on the providers of opts.
func New(opts Options) (*Observer, error) {
	m, tracer := otelsetup.Instruments(Scope, opts.MeterProvider, opts.TracerProvider)
	o := &Observer{tracer: tracer}
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	var err error
	o.runDuration, err = m.Float64Histogram("omskit.broker.run.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of one BROKER run."))
	add(err)
	o.recordErrors, err = m.Int64Counter("omskit.broker.run.record_errors", metric.WithUnit("{record}"),
		metric.WithDescription("Records (or requests) that failed in a BROKER run, by operation."))
	add(err)
	o.transitions, err = m.Int64Counter("omskit.broker.transitions", metric.WithUnit("{record}"),
		metric.WithDescription("Order Broker records moved by a flow row."))
	add(err)
	o.messages, err = m.Int64Counter("omskit.broker.messages", metric.WithUnit("{message}"),
		metric.WithDescription("Messages sent to Order Broker, by message and outcome."))
	add(err)
	o.msgDuration, err = m.Float64Histogram("omskit.broker.message.duration", metric.WithUnit("s"),
		metric.WithDescription("Time Order Broker took to answer a message."))
	add(err)
	o.resends, err = m.Int64Counter("omskit.broker.resends", metric.WithUnit("{message}"),
		metric.WithDescription("Messages sent to Order Broker again: a SubmitOrder without an answer (W), a fulfilled or intransit update (G, H)."))
	add(err)
	if opts.Records != nil {
		_, err = m.Int64ObservableGauge("omskit.broker.records", metric.WithUnit("{record}"),
			metric.WithDescription("Order Broker records per status."),
			metric.WithInt64Callback(func(ctx context.Context, obs metric.Int64Observer) error {
				page, err := opts.Records.FindRecords(ctx, broker.RecordQuery{Limit: 1})
				if err != nil {
					return err
				}
				for st, n := range page.Counts {
					obs.Observe(int64(n), metric.WithAttributes(KeyStatus.String(string(rune(st)))))
				}
				return nil
			}))
		add(err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return o, nil
}

// RunStarted starts the run's span.
func (o *Observer) RunStarted(ctx context.Context, run broker.RunInfo) context.Context {
	var attrs []attribute.KeyValue
	if run.Owner != "" {
		attrs = append(attrs, KeyOwner.String(run.Owner))
	}
	ctx, _ = o.tracer.Start(ctx, "broker.run", trace.WithTimestamp(run.Started), trace.WithAttributes(attrs...))
	return ctx
}

// RunFinished records the run's duration and failed records, and ends its span.
func (o *Observer) RunFinished(ctx context.Context, run broker.RunInfo, rep *broker.Report, err error) {
	outcome := RunOK
	span := trace.SpanFromContext(ctx)
	if rep != nil {
		for _, e := range rep.Errors {
			o.recordErrors.Add(ctx, 1, metric.WithAttributes(KeyOperation.String(e.Op)))
		}
		if len(rep.Errors) > 0 {
			outcome = RunErrors
		}
		span.SetAttributes(attribute.Int("omskit.broker.submitted", rep.Submitted), attribute.Int("omskit.broker.canceled", rep.Canceled),
			attribute.Int("omskit.broker.inquired", rep.Inquired), attribute.Int("omskit.broker.transitions", rep.Transitions),
			attribute.Int("omskit.broker.record_errors", len(rep.Errors)))
	}
	if err != nil {
		outcome = RunFailed
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	} else if outcome == RunErrors {
		span.SetStatus(codes.Error, strconv.Itoa(len(rep.Errors))+" record(s) failed")
	}
	o.runDuration.Record(ctx, run.Finished.Sub(run.Started).Seconds(), metric.WithAttributes(KeyRunOutcome.String(outcome)))
	span.End(trace.WithTimestamp(run.Finished))
}

// RecordMoved counts the transition and adds an event to the run's span.
func (o *Observer) RecordMoved(ctx context.Context, m broker.Move) {
	from, to := string(rune(m.From)), string(rune(m.To))
	if m.From == 0 {
		from = ""
	}
	o.transitions.Add(ctx, 1, metric.WithAttributes(KeyFlow.String(m.Flow), KeyRow.String(m.Row), KeyFrom.String(from), KeyTo.String(to)))
	span := trace.SpanFromContext(ctx)
	if span.IsRecording() {
		span.AddEvent("record moved", trace.WithAttributes(KeyOrderKey.String(m.Record.Key.String()), KeyLine.Int(m.Record.LineNo),
			KeyRequestID.String(m.Record.RequestID), KeyFlow.String(m.Flow), KeyRow.String(m.Row), KeyFrom.String(from), KeyTo.String(to)))
	}
}

// MessageSent counts the message (and the resend) and records its latency
// and span.
func (o *Observer) MessageSent(ctx context.Context, c broker.Call) {
	outcome := c.Outcome()
	attrs := metric.WithAttributes(KeyMessage.String(c.Message), KeyOutcome.String(outcome))
	o.messages.Add(ctx, 1, attrs)
	o.msgDuration.Record(ctx, c.Duration.Seconds(), attrs)
	if c.Resend {
		o.resends.Add(ctx, 1, attrs)
	}
	_, span := o.tracer.Start(ctx, "broker."+c.Message, trace.WithTimestamp(c.Started), trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(KeyMessage.String(c.Message), KeyOutcome.String(outcome), KeyResend.Bool(c.Resend)))
	if span.IsRecording() {
		if c.OrderID != "" {
			span.SetAttributes(KeyOrderID.String(c.OrderID))
		}
		if len(c.RequestIDs) > 0 {
			span.SetAttributes(KeyRequestIDs.StringSlice(c.RequestIDs))
		}
		if c.Err != nil {
			span.RecordError(c.Err)
			span.SetStatus(codes.Error, outcome)
		}
	}
	span.End(trace.WithTimestamp(c.Started.Add(c.Duration)))
}
