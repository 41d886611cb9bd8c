package oteltest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Providers are SDK providers whose output stays in memory.
type Providers struct {
	Reader *sdkmetric.ManualReader
	Meter  *sdkmetric.MeterProvider
	Spans  *tracetest.SpanRecorder
	Tracer *sdktrace.TracerProvider
}

// New returns in-memory providers, shut down when t ends.
func New(t testing.TB) *Providers {
	p := &Providers{Reader: sdkmetric.NewManualReader(), Spans: tracetest.NewSpanRecorder()}
	p.Meter = sdkmetric.NewMeterProvider(sdkmetric.WithReader(p.Reader))
	p.Tracer = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p.Spans))
	t.Cleanup(func() {
		_ = p.Meter.Shutdown(context.Background())
		_ = p.Tracer.Shutdown(context.Background())
	})
	return p
}

// Metrics is one collection.
type Metrics struct {
	t  testing.TB
	rm metricdata.ResourceMetrics
}

// Collect reads every metric recorded so far.
func (p *Providers) Collect(t testing.TB) Metrics {
	t.Helper()
	m := Metrics{t: t}
	if err := p.Reader.Collect(context.Background(), &m.rm); err != nil {
		t.Fatalf("oteltest: collect: %v", err)
	}
	return m
}

// Names lists the metrics collected.
func (m Metrics) Names() []string {
	var out []string
	for _, sm := range m.rm.ScopeMetrics {
		for _, mt := range sm.Metrics {
			out = append(out, mt.Name)
		}
	}
	return out
}

func (m Metrics) find(name string) (metricdata.Aggregation, bool) {
	for _, sm := range m.rm.ScopeMetrics {
		for _, mt := range sm.Metrics {
			if mt.Name == name {
				return mt.Data, true
			}
		}
	}
	return nil, false
}

func has(set attribute.Set, attrs []attribute.KeyValue) bool {
	for _, kv := range attrs {
		v, ok := set.Value(kv.Key)
		if !ok || v != kv.Value {
			return false
		}
	}
	return true
}

// each calls fn with every point of metric name: a counter's or a gauge's
// value, a histogram's count. A metric not recorded has no points.
func (m Metrics) each(name string, fn func(attribute.Set, int64)) {
	m.t.Helper()
	data, ok := m.find(name)
	if !ok {
		return
	}
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			fn(p.Attributes, p.Value)
		}
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			fn(p.Attributes, p.Value)
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			fn(p.Attributes, int64(p.Count))
		}
	default:
		m.t.Fatalf("oteltest: metric %s has an aggregation %T this helper does not read", name, data)
	}
}

// Value adds up the points of metric name whose attributes include attrs:
// a counter's values, a gauge's values, a histogram's counts. A metric
// that was not recorded is 0.
func (m Metrics) Value(name string, attrs ...attribute.KeyValue) int64 {
	m.t.Helper()
	var n int64
	m.each(name, func(set attribute.Set, v int64) {
		if has(set, attrs) {
			n += v
		}
	})
	return n
}

// Points returns metric name's points by attribute set, each rendered
// "k=v,k=v" in key order, with the value (see Value) of each.
func (m Metrics) Points(name string) map[string]int64 {
	m.t.Helper()
	out := map[string]int64{}
	m.each(name, func(set attribute.Set, v int64) { out[set.Encoded(attribute.DefaultEncoder())] += v })
	return out
}
