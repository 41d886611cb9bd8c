package orderotel_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/internal/oteltest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/order/orderotel"
)

const card = "4111111111111111" // in the bundled samples

// TestBatchOfIntakes: the counts and spans of a batch of intakes, with a
// replay, a conflicting resend, an order in error and a store outage, read
// from an in-memory reader.
func TestBatchOfIntakes(t *testing.T) {
	env := intaketest.New()
	p := oteltest.New(t)
	obs, err := orderotel.New(orderotel.Options{MeterProvider: p.Meter, TracerProvider: p.Tracer})
	require.NoError(t, err)
	env.Deps.Observer = obs
	proc := env.Processor()
	ctx := context.Background()
	process := func(data []byte) { proc.Process(ctx, data) }

	for _, n := range []string{"B1", "B2", "B3"} {
		process(intaketest.Order(n, ""))
	}
	process(intaketest.Order("B1", ""))                                                                     // replayed
	process([]byte(strings.Replace(string(intaketest.Order("B2", "")), `quantity="1"`, `quantity="2"`, 1))) // same number, other payload: rejected
	process([]byte(strings.Replace(string(intaketest.Order("B4", "")), "SKU00001", "NOSUCH", 1)))           // unknown item: in error
	process(intaketest.Sample(t, "simple_order_with_payment.xml"))                                          // with a card: accepted
	env.Store.SetDown(true)
	process(intaketest.Order("B5", "")) // the store is down: failed
	env.Store.SetDown(false)

	m := p.Collect(t)
	assert.Equal(t, map[string]int64{
		"omskit.order.intake.outcome=accepted": 4,
		"omskit.order.intake.outcome=replayed": 1,
		"omskit.order.intake.outcome=rejected": 1,
		"omskit.order.intake.outcome=in error": 1,
		"omskit.order.intake.outcome=failed":   1,
	}, m.Points("omskit.order.intakes"))
	assert.Equal(t, int64(8), m.Value("omskit.order.intake.duration"), "a latency per intake")

	spans := p.Spans.Ended()
	require.Len(t, spans, 8)
	byNumber := map[string]string{}
	for _, s := range spans {
		assert.Equal(t, "order.intake", s.Name())
		var num, outcome string
		for _, kv := range s.Attributes() {
			assert.NotContains(t, kv.Value.Emit(), card[:12], "no card number in span %s", kv.Key)
			switch kv.Key {
			case orderotel.KeyOrderNumber:
				num = kv.Value.AsString()
			case orderotel.KeyOutcome:
				outcome = kv.Value.AsString()
			}
		}
		for _, ev := range s.Events() {
			for _, kv := range ev.Attributes {
				assert.NotContains(t, kv.Value.Emit(), card[:12], "no card number in event %s", ev.Name)
			}
		}
		byNumber[num+" "+outcome] = s.Status().Code.String()
	}
	assert.Equal(t, "Error", byNumber["B5 "+string(order.IntakeFailed)], "a failed intake's span is an error")
	assert.Equal(t, "Error", byNumber["B2 "+string(order.IntakeRejected)])
	assert.Equal(t, "Unset", byNumber["B4 "+string(order.IntakeInError)], "an order in error was taken in")
}
