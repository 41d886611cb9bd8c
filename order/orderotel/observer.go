package orderotel

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/omskit/omskit/internal/otelsetup"
	"github.com/omskit/omskit/order"
)

// Scope is the instrumentation scope name of the meter and tracer.
const Scope = "github.com/omskit/omskit/order/orderotel"

// Attribute keys of the metrics and spans.
const (
	KeyOutcome     = attribute.Key("omskit.order.intake.outcome")
	KeyOrderNumber = attribute.Key("omskit.order.number")
	KeyOrderID     = attribute.Key("omskit.order.id")
	KeyStoppedAt   = attribute.Key("omskit.order.intake.stopped_at")
	KeyErrors      = attribute.Key("omskit.order.intake.errors")
)

// Options configure an Observer. The zero value uses the global providers
// (otel.GetMeterProvider, otel.GetTracerProvider), no-ops unless the host
// installed others.
type Options struct {
	MeterProvider  metric.MeterProvider
	TracerProvider trace.TracerProvider
}

// Observer implements order.IntakeObserver with OpenTelemetry metrics and
// spans. It is safe for concurrent use.
type Observer struct {
	tracer   trace.Tracer
	intakes  metric.Int64Counter
	duration metric.Float64Histogram
}

var _ order.IntakeObserver = (*Observer)(nil)

// New returns an Observer on the providers of opts.
func New(opts Options) (*Observer, error) {
	m, tracer := otelsetup.Instruments(Scope, opts.MeterProvider, opts.TracerProvider)
	o := &Observer{tracer: tracer}
	var err1, err2 error
	o.intakes, err1 = m.Int64Counter("omskit.order.intakes", metric.WithUnit("{order}"),
		metric.WithDescription("Order intakes, by outcome."))
	o.duration, err2 = m.Float64Histogram("omskit.order.intake.duration", metric.WithUnit("s"),
		metric.WithDescription("Time one order intake took, by outcome."))
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	return o, nil
}

// IntakeStarted starts the intake's span.
func (o *Observer) IntakeStarted(ctx context.Context, orderNumber string) context.Context {
	ctx, _ = o.tracer.Start(ctx, "order.intake", trace.WithAttributes(KeyOrderNumber.String(orderNumber)))
	return ctx
}

// IntakeFinished counts the intake, records its latency and ends its span.
func (o *Observer) IntakeFinished(ctx context.Context, r order.IntakeReport) {
	attrs := metric.WithAttributes(KeyOutcome.String(string(r.Outcome)))
	o.intakes.Add(ctx, 1, attrs)
	o.duration.Record(ctx, r.Duration.Seconds(), attrs)
	span := trace.SpanFromContext(ctx)
	span.SetAttributes(KeyOutcome.String(string(r.Outcome)), KeyStoppedAt.String(string(r.StoppedAt)), KeyErrors.Int(r.Errors))
	if r.Number != 0 {
		span.SetAttributes(KeyOrderID.Int(r.Number))
	}
	if r.Err != nil {
		span.RecordError(r.Err)
		span.SetStatus(codes.Error, string(r.Outcome))
	}
	span.End()
}
