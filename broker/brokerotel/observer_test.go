package brokerotel_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokerotel"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/internal/oteltest"
	"github.com/omskit/omskit/storage/memory"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func key(order int) broker.OrderKey { return broker.OrderKey{Company: 6, Order: order, ShipTo: 1} }

func paidOrder(k broker.OrderKey) broker.Order {
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "1 MAIN ST", City: "WORCESTER", Province: "MA",
		Postal: "01602", Country: "US"}
	return broker.Order{Key: k, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr, ShipVia: "1", SourceCode: "SOURCE",
		Lines: []broker.OrderLine{{Seq: 1, Number: 1, Status: broker.LineOpen, Ordered: 1, Backordered: 1,
			UnitPrice: decimal.RequireFromString("1.00"), Item: broker.Item{Code: "PENCIL", OROBEligible: true}}}}
}

type world struct {
	t      *testing.T
	clock  *clock
	sim    *brokertest.Simulator
	store  *memory.BrokerStore
	runner *broker.Runner
	ids    map[int]uuid.UUID
}

func newWorld(t *testing.T) *world {
	c := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	sim := brokertest.New(brokertest.Config{Now: c.Now})
	_, client := brokertest.NewServer(t, sim)
	w := &world{t: t, clock: c, sim: sim, store: memory.NewBrokerStore(), ids: map[int]uuid.UUID{}}
	s := broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890", UnfulfillableLocation: "999",
		StatusUpdateInterval: 30, MessageVersion: "18.0", OriginatingLocation: "M32LOC", LocalCurrency: "USD"}
	w.runner = &broker.Runner{Transport: client, Store: w.store, Orders: w.store, Engine: broker.Engine{Settings: s, Now: c.Now},
		ResendWaitingAfter: 10 * time.Minute}
	return w
}

func (w *world) ready(orders ...int) {
	for _, o := range orders {
		w.store.PutOrder(paidOrder(key(o)))
		w.ids[o] = uuid.New()
		require.NoError(w.t, w.store.Put(context.Background(), broker.Record{ID: w.ids[o], Flow: "F1", Key: key(o), LineSeq: 1, LineNo: 1,
			Status: broker.StatusReady, UpdatedAt: w.clock.Now()}))
	}
}

func (w *world) run() *broker.Report {
	w.t.Helper()
	rep, err := w.runner.Run(context.Background())
	require.NoError(w.t, err)
	return rep
}

func (w *world) requestID(order int) string {
	rec, err := w.store.Record(context.Background(), w.ids[order])
	require.NoError(w.t, err)
	return rec.RequestID
}

// TestOneRunOverTheSimulator: the metrics and spans of one BROKER run
// over the simulator, with a fault of each kind and a resend, read from
// an in-memory reader.
func TestOneRunOverTheSimulator(t *testing.T) {
	w := newWorld(t)
	// Before: orders 1-3 acknowledged, order 4 without an answer (W),
	// order 2's request canceled by the host (Y).
	w.ready(1, 2, 3, 4)
	w.sim.Inject(brokerhttp.MessageSubmitOrder, 0, 0, 0, brokertest.FaultServerError)
	w.run()
	cancel := broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS, CancelReasonCode: "1", CancelReasonText: "CUSTOMER REQUEST"}
	require.NoError(t, w.store.Update(context.Background(), w.ids[2], func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		res, err := w.runner.Engine.Apply(&broker.BrokeredBackorder, cur, cancel)
		return res.Record, res.Effects, err
	}))
	require.NoError(t, w.sim.Advance(w.requestID(1), broker.OBPolled))
	w.clock.Add(31 * time.Minute) // K10 passed: 1 and 3 are due; 4 waited past ResendWaitingAfter

	// The observed run: orders 11 (answered), 12 (no answer) and 13
	// (refused) are new.
	w.ready(11, 12, 13)
	w.sim.Inject(brokerhttp.MessageSubmitOrder, 0, brokertest.FaultServerError, brokertest.FaultRejected)
	p := oteltest.New(t)
	obs, err := brokerotel.New(brokerotel.Options{MeterProvider: p.Meter, TracerProvider: p.Tracer, Records: w.store})
	require.NoError(t, err)
	w.runner.Observer = obs
	rep := w.run()
	require.Len(t, rep.Errors, 1, "order 12 got no answer")

	m := p.Collect(t)
	msg := func(name, outcome string) int64 {
		return m.Value("omskit.broker.messages", brokerotel.KeyMessage.String(name), brokerotel.KeyOutcome.String(outcome))
	}
	assert.Equal(t, int64(2), msg(broker.MessageSubmitOrder, broker.OutcomeOK), "order 11, and order 4 resent")
	assert.Equal(t, int64(1), msg(broker.MessageSubmitOrder, broker.OutcomeUnavailable), "order 12")
	assert.Equal(t, int64(1), msg(broker.MessageSubmitOrder, broker.OutcomeRefused), "order 13")
	assert.Equal(t, int64(1), msg(broker.MessageStatusUpdate, broker.OutcomeOK), "order 2's cancel")
	assert.Equal(t, int64(1), msg(broker.MessageStatusListRequest, broker.OutcomeOK), "orders 1 and 3 in one inquiry")
	assert.Equal(t, int64(6), m.Value("omskit.broker.messages"), "nothing else was sent")
	assert.Equal(t, int64(6), m.Value("omskit.broker.message.duration"), "a latency per message")
	assert.Equal(t, map[string]int64{"omskit.broker.message=SubmitOrder,omskit.broker.outcome=ok": 1}, m.Points("omskit.broker.resends"))

	assert.Equal(t, map[string]int64{
		"omskit.broker.flow=F1,omskit.broker.from=R,omskit.broker.row=F1.02,omskit.broker.to=W": 3, // 11, 12, 13 sent
		"omskit.broker.flow=F1,omskit.broker.from=W,omskit.broker.row=F1.04,omskit.broker.to=K": 2, // 11 and the resent 4
		"omskit.broker.flow=F1,omskit.broker.from=W,omskit.broker.row=F1.07,omskit.broker.to=E": 1, // 13 refused
		"omskit.broker.flow=F1,omskit.broker.from=Y,omskit.broker.row=F1.21,omskit.broker.to=Z": 1, // 2 canceled
		"omskit.broker.flow=F1,omskit.broker.from=K,omskit.broker.row=F1.09,omskit.broker.to=P": 1, // 1 polled
	}, m.Points("omskit.broker.transitions"))
	assert.Equal(t, int64(rep.Transitions), m.Value("omskit.broker.transitions"))

	assert.Equal(t, map[string]int64{"omskit.broker.run.outcome=errors": 1}, m.Points("omskit.broker.run.duration"))
	assert.Equal(t, map[string]int64{"omskit.broker.operation=send SubmitOrder": 1}, m.Points("omskit.broker.run.record_errors"))
	assert.Equal(t, map[string]int64{
		"omskit.broker.status=K": 3, // 3, 4, 11
		"omskit.broker.status=P": 1, // 1
		"omskit.broker.status=W": 1, // 12
		"omskit.broker.status=E": 1, // 13
		"omskit.broker.status=Z": 1, // 2
	}, m.Points("omskit.broker.records"))

	// Spans: the run, and a child per message naming the OB order and its
	// request ids; an event per record moved.
	spans := p.Spans.Ended()
	var run, submits int
	for _, s := range spans {
		attrs := map[attribute.Key]attribute.Value{}
		for _, kv := range s.Attributes() {
			attrs[kv.Key] = kv.Value
			assert.True(t, strings.HasPrefix(string(kv.Key), "omskit."), "span %s: attribute %s", s.Name(), kv.Key)
		}
		switch s.Name() {
		case "broker.run":
			run++
			var moved int
			for _, ev := range s.Events() {
				if ev.Name == "record moved" {
					moved++
				}
			}
			assert.Equal(t, rep.Transitions, moved)
		case "broker.SubmitOrder":
			submits++
			assert.Equal(t, spans[len(spans)-1].SpanContext().SpanID(), s.Parent().SpanID(), "a child of the run's span")
			assert.Contains(t, []string{"11-001", "12-001", "13-001", "4-001"}, attrs[brokerotel.KeyOrderID].AsString())
			if attrs[brokerotel.KeyOrderID].AsString() == "11-001" {
				assert.Equal(t, []string{w.requestID(11)}, attrs[brokerotel.KeyRequestIDs].AsStringSlice())
			}
		}
	}
	assert.Equal(t, 1, run)
	assert.Equal(t, 4, submits)
	assert.Equal(t, "broker.run", spans[len(spans)-1].Name(), "the run's span ends last")
}

// TestNoProviders: without providers the observer uses the global ones,
// no-ops unless the host installed others; a run still works.
func TestNoProviders(t *testing.T) {
	w := newWorld(t)
	w.ready(1)
	obs, err := brokerotel.New(brokerotel.Options{})
	require.NoError(t, err)
	w.runner.Observer = obs
	rep := w.run()
	assert.Equal(t, 2, rep.Transitions)
}

// TestOperatorActionsObserved: an operator's cancel (Runner.Cancel) is a
// transition by its flow row, and an operator's resend (Runner.Resend) a
// message counted as a resend, as the BROKER run's own.
func TestOperatorActionsObserved(t *testing.T) {
	w := newWorld(t)
	w.ready(1, 2)
	w.sim.Inject(brokerhttp.MessageSubmitOrder, 0, brokertest.FaultServerError) // order 2 gets no answer: W
	w.run()
	p := oteltest.New(t)
	obs, err := brokerotel.New(brokerotel.Options{MeterProvider: p.Meter, TracerProvider: p.Tracer})
	require.NoError(t, err)
	w.runner.Observer = obs
	ctx := context.Background()

	_, err = w.runner.Cancel(ctx, w.ids[1], broker.UserCancel{ReasonCode: "1", ReasonText: "CUSTOMER REQUEST"})
	require.NoError(t, err)
	rec, err := w.store.Record(ctx, w.ids[2])
	require.NoError(t, err)
	require.Equal(t, broker.StatusWaiting, rec.Status)
	_, err = w.runner.Resend(ctx, rec)
	require.NoError(t, err)

	m := p.Collect(t)
	assert.Equal(t, map[string]int64{
		"omskit.broker.flow=F1,omskit.broker.from=K,omskit.broker.row=F1.20,omskit.broker.to=Y": 1, // BRK-320: the cancel
		"omskit.broker.flow=F1,omskit.broker.from=W,omskit.broker.row=F1.04,omskit.broker.to=K": 1, // the resent order 2 acknowledged
	}, m.Points("omskit.broker.transitions"))
	assert.Equal(t, map[string]int64{"omskit.broker.message=SubmitOrder,omskit.broker.outcome=ok": 1}, m.Points("omskit.broker.resends"))
	assert.Equal(t, int64(1), m.Value("omskit.broker.messages"), "the resend is the only message")
}
