package brokerhttp_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/xmlmsg"
)

// obRequestTypes are the messages OMS sends to Order Broker (order-broker.md
// §1.3): every exported function of package broker that returns one of them
// (or a slice of them) is a builder.
var obRequestTypes = []string{"SubmitOrder", "StatusRequest", "StatusListRequest", "StatusUpdate", "FulfillmentsRequest"}

// messageBuilders lists the exported functions of package broker whose
// results include an Order Broker request, read from the source.
func messageBuilders(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, "..", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.SkipObjectResolution)
	require.NoError(t, err)
	var out []string
	for _, f := range pkgs["broker"].Files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil {
				continue
			}
			for _, res := range fn.Type.Results.List {
				typ := res.Type
				if arr, ok := typ.(*ast.ArrayType); ok {
					typ = arr.Elt
				}
				if id, ok := typ.(*ast.Ident); ok && slices.Contains(obRequestTypes, id.Name) {
					out = append(out, fn.Name.Name)
					break
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// builtMessages builds, with each builder, the messages of the settings
// that change their shape (L56 split orders, L06 warehouse locations, M18
// held orders, ship-for-pickup, cancel reasons, shipments, Under Review).
func builtMessages(t *testing.T) map[string][]any {
	t.Helper()
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "1 MAIN ST", City: "WORCESTER",
		Province: "MA", Postal: "01602", Country: "US"}
	order := broker.Order{Key: key, Status: broker.OrderHeld, SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr,
		Freight: decimal.RequireFromString("4.95"), ShipForPickup: true, PickupStore: "7", PickupSystem: "STC",
		Lines: []broker.OrderLine{
			{Seq: 4, Number: 4, Ordered: 2, Backordered: 2, UnitPrice: decimal.RequireFromString("1.25"), Item: broker.Item{Code: "PENCIL", OROBEligible: true}},
			{Seq: 5, Number: 5, Ordered: 1, Backordered: 1, UnitPrice: decimal.RequireFromString("3.00"), Item: broker.Item{Code: "PEN", SKU: "BLUE", OROBEligible: true}},
		}}
	plain := sets
	split := sets
	split.SplitOrder, split.SendHeldOrders, split.SendInventoryByWarehouse = true, true, true
	sfp := sets
	sfp.ShipForPickupAssignment, sfp.OriginatingLocation = broker.ShipForPickupAlways, "M32LOC"
	f3 := sets
	f3.Flows.DeliveryOrderType, f3.Flows.RetailPickupOrderType = "D", "R"
	f3l06 := f3
	f3l06.SendInventoryByWarehouse = true
	all := []broker.Settings{plain, split, sfp}

	out := map[string][]any{}
	add := func(name string, msgs ...any) { out[name] = append(out[name], msgs...) }
	for _, s := range all {
		for _, seqs := range [][]int{{4}, {4, 5}} {
			so, err := broker.BuildSubmitOrder(order, seqs, s, now)
			require.NoError(t, err)
			add("BuildSubmitOrder", so)
		}
		rec := broker.Record{Key: key, LineSeq: 4, RequestID: "1001", WarehouseLocation: "WH1"}
		add("NewStatusRequest", broker.NewStatusRequest(rec, s, rec.WarehouseLocation, now))
		for _, m := range broker.NewStatusListRequests([]string{"1001", "1002"}, s, now) {
			add("NewStatusListRequests", m)
		}
		cancels := []broker.CancelRequest{{Key: key, LineSeq: 4, RequestID: "1001", ReasonCode: "CR", ReasonText: "CUSTOMER REQUEST"},
			{Key: key, LineSeq: 5, RequestID: "1001"}}
		cu, err := broker.NewCancelUpdate(cancels, s, "WH1", now)
		require.NoError(t, err)
		add("NewCancelUpdate", cu)
		for _, ur := range []bool{true, false} {
			add("NewUnderReviewUpdate", broker.NewUnderReviewUpdate(broker.UnderReviewUpdate{Key: key, LineSeq: 4, RequestID: "1001", UnderReview: ur}, s, "JSMITH", "WH1", now))
		}
		// §2.29: the reauthorization failure's order update (BRK-244).
		plan := broker.PlanReauthFailure(broker.ReauthFailure{Originating: key, LineSeq: 4, RequestID: "1001"})
		add("NewUnderReviewUpdate", broker.NewUnderReviewUpdate(plan.UnderReview, s, broker.EmployeeID, "", now))
		for _, st := range []broker.OBStatus{broker.OBAccepted, broker.OBPolled, broker.OBPicked, broker.OBIntransit, broker.OBFulfilled, broker.OBRejected, broker.OBCanceled} {
			for _, seqs := range [][]int{{4}, {4, 5}} {
				add("NewStatusUpdate", broker.NewStatusUpdate(broker.StatusChange{Key: key, RequestID: "1001", LineSeqs: seqs, Status: st,
					ShippingAgent: "UPS", TrackingNumber: "1Z9", ReasonCode: "CR", ReasonNote: "CUSTOMER REQUEST", WarehouseLocation: "WH1"}, s, now))
			}
		}
		add("NewFulfillmentsRequests", anys(broker.NewFulfillmentsRequests(s, []string{"WH1", "", "WH2"}, now))...)
	}
	for _, s := range []broker.Settings{f3, f3l06} {
		add("FulfillmentsRequests", anys(broker.FulfillmentsRequests(s, []broker.Warehouse{{Number: 1, OROBLocation: "WH1"}, {Number: 2}}, now))...)
	}
	return out
}

func anys[T any](v []T) []any {
	out := make([]any, len(v))
	for i := range v {
		out[i] = v[i]
	}
	return out
}

// encodeDecode runs m through the encoding brokerhttp sends (which applies
// xmlmsg's validation) and back through xmlmsg's decoder.
func encodeDecode(m any) error {
	var body []byte
	var err error
	var decode func([]byte, xmlmsg.OBOptions) error
	switch v := m.(type) {
	case broker.SubmitOrder:
		body, err = xmlmsg.SubmitOrderFromBroker(v).Encode()
		decode = func(b []byte, o xmlmsg.OBOptions) error { _, err := xmlmsg.DecodeSubmitOrderBytes(b, o); return err }
	case broker.StatusRequest:
		body, err = xmlmsg.StatusRequestFromBroker(v).Encode()
		decode = func(b []byte, o xmlmsg.OBOptions) error { _, err := xmlmsg.DecodeStatusRequestBytes(b, o); return err }
	case broker.StatusListRequest:
		body, err = xmlmsg.StatusListRequestFromBroker(v).Encode()
		decode = func(b []byte, o xmlmsg.OBOptions) error {
			_, err := xmlmsg.DecodeStatusListRequestBytes(b, o)
			return err
		}
	case broker.StatusUpdate:
		body, err = xmlmsg.StatusUpdateFromBroker(v).Encode()
		decode = func(b []byte, o xmlmsg.OBOptions) error { _, err := xmlmsg.DecodeStatusUpdateBytes(b, o); return err }
	case broker.FulfillmentsRequest:
		body, err = xmlmsg.FulfillmentsFromBroker(v).Encode()
		decode = func(b []byte, o xmlmsg.OBOptions) error { _, err := xmlmsg.DecodeFulfillmentsBytes(b, o); return err }
	default:
		return errors.New("not an Order Broker request")
	}
	if err != nil {
		return err
	}
	return decode(body, xmlmsg.OBOptions{})
}

// send sends m with the Client; only the encoding (the Client's own
// validation) matters, not OB's answer.
func send(c *brokerhttp.Client, m any) error {
	ctx := context.Background()
	var err error
	switch v := m.(type) {
	case broker.SubmitOrder:
		_, err = c.SubmitOrder(ctx, v)
	case broker.StatusRequest:
		_, err = c.StatusRequest(ctx, v)
	case broker.StatusListRequest:
		_, err = c.StatusListRequest(ctx, v)
	case broker.StatusUpdate:
		_, err = c.StatusUpdate(ctx, v)
	case broker.FulfillmentsRequest:
		_, err = c.Fulfillments(ctx, v)
	}
	return err
}

// Every message the library builds for Order Broker is accepted by
// brokerhttp: the test finds every builder in package broker's source, and
// each message it builds passes the Client's validation (the encoding) and
// xmlmsg's decoder. A builder added without a case here fails the test.
// The Under Review order update (BRK-098, BRK-415) and the reauthorization
// failure's (BRK-244) carry no order status: they are accepted too.
func TestEveryBuiltMessageIsAccepted(t *testing.T) {
	builders := messageBuilders(t)
	require.NotEmpty(t, builders)
	msgs := builtMessages(t)
	var names []string
	for n := range msgs {
		names = append(names, n)
	}
	slices.Sort(names)
	assert.Equal(t, builders, names, "every builder of an Order Broker message has its cases, and no case names a builder that is gone")

	sim := brokertest.New(brokertest.Config{Now: func() time.Time { return now }})
	_, client := brokertest.NewServer(t, sim)
	for _, name := range names {
		for i, m := range msgs[name] {
			assert.NoError(t, encodeDecode(m), "%s #%d: %T must pass xmlmsg's validation and decoder", name, i, m)
			err := send(client, m)
			assert.False(t, errors.Is(err, broker.ErrInvalidInput), "%s #%d: brokerhttp refused the %T it was given: %v", name, i, m, err)
			assert.False(t, errors.Is(err, broker.ErrMalformed), "%s #%d: %v", name, i, err)
		}
	}
}
