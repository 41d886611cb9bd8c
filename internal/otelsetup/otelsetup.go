package otelsetup

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Instruments returns the meter and tracer named scope from mp and tp, or
// from the global providers where either is nil (no-op unless the host
// installed others).
func Instruments(scope string, mp metric.MeterProvider, tp trace.TracerProvider) (metric.Meter, trace.Tracer) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return mp.Meter(scope), tp.Tracer(scope)
}
