package broker

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSettingsValidate(t *testing.T) {
	require.NoError(t, baseSets.Validate())
	s := baseSets
	s.FulfillmentAssignment, s.ShipForPickupAssignment = true, ShipForPickupAlways
	s.DeliveryOrderTypeFromOMS, s.RetailPickupOrderTypeFromOMS = "", ""
	s.Account = ""
	s.UnfulfillableLocation = "ELEVENCHARS"
	s.MessageVersion = "15.0"
	err := s.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidInput)
	var v *ValidationError
	require.True(t, errors.As(err, &v))
	var rules []string
	for _, f := range v.Fields {
		rules = append(rules, f.Rule+" "+f.Field)
	}
	assert.Equal(t, []string{
		"BRK-068 M33", "BRK-068 M35", // BRK-068
		"BRK-314 K49",                  // BRK-314
		"BRK-011 K56",                  // BRK-011
		"BRK-004 OROB_MESSAGE_VERSION", // BRK-004
	}, rules)
	assert.Contains(t, err.Error(), `"ELEVENCHARS"`)
	s = baseSets
	s.MessageVersion = "five"
	assert.ErrorIs(t, s.Validate(), ErrInvalidInput)
}

func TestMessageVersionBelow16_BRK004(t *testing.T) {
	// BRK-004: below 16.0, lines are not sent for fulfillment assignment / ship-for-pickup.
	s := baseSets
	s.FulfillmentAssignment, s.MessageVersion = true, "5.0"
	o := eligibleOrder()
	e := CheckLine(o, o.Lines[0], s, t0)
	assert.True(t, e.Has(ReasonMessageVersion))
	s.MessageVersion = "16.0"
	assert.True(t, CheckLine(o, o.Lines[0], s, t0).Eligible)
	// Without FA the version does not matter.
	s.FulfillmentAssignment, s.MessageVersion = false, "5.0"
	assert.True(t, CheckLine(o, o.Lines[0], s, t0).Eligible)
}

func TestParseSource_BRK385(t *testing.T) {
	// BRK-385 / BRK-395: the response destination finds company and order again.
	k, err := ParseSource("0060001234500100000") // submit_order_response.xml destination, order_id 12345-001
	require.NoError(t, err)
	assert.Equal(t, OrderKey{Company: 6, Order: 12345, ShipTo: 1}, k)
	k, err = ParseSource(SourceID(key8953))
	require.NoError(t, err)
	assert.Equal(t, key8953, k)
	for _, bad := range []string{"", "LOCATE", "00600012345"} {
		_, err := ParseSource(bad)
		assert.ErrorIs(t, err, ErrInvalidInput, bad)
	}
}

func TestLineLocateEligible_BRK046(t *testing.T) {
	// BRK-046: the CWORDEROUT line_locate_eligible flag follows the §2.3 rules, only with K08.
	o := eligibleOrder()
	e := CheckLine(o, o.Lines[0], baseSets, t0)
	flag, ok := LineLocateEligible(e, baseSets)
	assert.True(t, ok)
	assert.Equal(t, "Y", flag)
	o.Lines[0].Item.OROBEligible = false
	flag, _ = LineLocateEligible(CheckLine(o, o.Lines[0], baseSets, t0), baseSets)
	assert.Equal(t, "N", flag)
	off := baseSets
	off.SendBackorders = false
	_, ok = LineLocateEligible(e, off)
	assert.False(t, ok, "only when K08 is selected")
}

func TestReauthorizeOrder_BRK101(t *testing.T) {
	// BRK-101: one line with an expired authorization means an authorization for the entire order.
	o := eligibleOrder()
	o.AuthorizationExpired = true
	assert.True(t, ReauthorizeOrder(CheckOrder(o, baseSets, t0)))
	assert.False(t, ReauthorizeOrder(CheckOrder(eligibleOrder(), baseSets, t0)))
}

func TestBackorderNotices_BRK089(t *testing.T) {
	// BRK-089: no backorder notice while the request is in process; again at U, E, Z.
	for _, s := range []Status{StatusReady, StatusWaiting, StatusAcknowledged, StatusPolled, StatusAccepted, StatusPendingCancel} {
		assert.True(t, s.SuppressesBackorderNotices(), "%v", s)
	}
	for _, s := range []Status{StatusUnfulfillable, StatusError, StatusCanceled} {
		assert.False(t, s.SuppressesBackorderNotices(), "%v", s)
	}
}

func TestCancelIsTheOnlyStatusUpdate_BRK111(t *testing.T) {
	// BRK-111: in F1 the only status update OMS sends is the cancel request; the
	// other outbound message is the Under Review order update (BRK-098).
	s := baseSets
	s.SendHeldOrders, s.InvoiceShipForPickupAtIntransit, s.NonInventoryItemHistory = true, true, true
	e := Engine{Settings: s, Now: fixedClock(t0)}
	seen := map[string]bool{}
	for _, row := range BrokeredBackorder.Rows {
		froms := row.From
		if row.FromNone {
			froms = []Status{0}
		}
		for _, from := range froms {
			r := recReq(1, from, "9")
			r.ShipForPickup = true
			res, err := e.Apply(&BrokeredBackorder, r, Event{Kind: row.On, Held: true, RequestID: "10", FulfillingLocation: "L", ShippingAgent: "UPS", NonInventory: true, LineCanceled: true})
			require.NoError(t, err, "%s from %v", row.ID, from)
			for _, eff := range res.Effects {
				switch eff.(type) {
				case CancelRequest:
					seen["cancel"] = true
				case UnderReviewUpdate:
					seen["order update"] = true
				case StatusInquiry:
					seen["status inquiry"] = true
				}
			}
		}
	}
	assert.Equal(t, map[string]bool{"cancel": true, "order update": true, "status inquiry": true}, seen)
}

func TestMessagesCarryNoQuantity_BRK087(t *testing.T) {
	// BRK-087: a line split across locations: the shipped message never states the quantity.
	res := applyF1(t, baseSets, recReq(2, StatusAccepted, "9"), Event{Kind: EventFulfilled, OBStatus: "fulfilled"})
	assert.Equal(t, []string{"Ln#: 2 Store Shipped Order"}, textsOf(res.Effects))
}

func TestShipmentDate_BRK006(t *testing.T) {
	// BRK-006 / BRK-400: without shipment_date (version < 19.0) the status date is the ship date.
	r := recReq(1, StatusAccepted, "9")
	ev, err := ItemEvent(r, ItemStatus{Status: "fulfilled", StatusDate: t0}, "", baseSets, SourceStatusList, "")
	require.NoError(t, err)
	assert.Equal(t, t0, ev.ShipmentDate)
	ship := t0.Add(-time.Hour)
	ev, _ = ItemEvent(r, ItemStatus{Status: "fulfilled", StatusDate: t0, ShipmentDate: ship}, "", baseSets, SourceStatusList, "")
	assert.Equal(t, ship, ev.ShipmentDate)
}

func TestStatusListNeedsVersion5_BRK003(t *testing.T) {
	// BRK-003: below 5.0 no status list request; the run asks one by one.
	s := baseSets
	s.MessageVersion = "4.0"
	a := recReq(1, StatusAccepted, "r1")
	st := newMemStore(a)
	tr := &fakeTransport{status: func(q StatusRequest) (StatusResponse, error) {
		return StatusResponse{Order: OrderStatusReport{RequestID: q.RequestID, OrderStatus: "fulfilled"}}, nil
	}}
	rep, err := newRunner(tr, st, s).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	assert.Empty(t, tr.lists)
	assert.Len(t, tr.inquiries, 1)
	assert.Equal(t, StatusCompleted, st.get(a.ID).Status)
	assert.Equal(t, t0, st.get(a.ID).LastInquiry)
}

func TestStatusUpdateBuilder(t *testing.T) {
	c := StatusChange{Key: key8953, RequestID: "9", LineSeqs: []int{1, 2}, Status: OBIntransit, ShippingAgent: "12", TrackingNumber: "TRK1", ReasonCode: "X", WarehouseLocation: "WH1"}
	u := NewStatusUpdate(c, baseSets, t0)
	// BRK-411: K51 (L06 unselected), K50, request ID, OB word, destination K49.
	assert.Equal(t, Location{"1234567890", "6"}, u.StoreLocation)
	assert.Equal(t, "9", u.RequestID)
	assert.Equal(t, "LOCATE", u.Header.Destination)
	// BRK-414: order level without L56. BRK-412: agent as given (A14) and tracking.
	assert.Equal(t, OBIntransit, u.OrderStatus)
	assert.Empty(t, u.Items)
	assert.Equal(t, "12", u.ShippingAgent)
	assert.Equal(t, "TRK1", u.TrackingNumber)
	assert.Empty(t, u.OrderReasonCode)
	// BRK-413: a cancellation carries the reason, not the shipment data (BRK-412).
	c.Status, c.ReasonNote = OBCanceled, "NO LONGER WANTED"
	u = NewStatusUpdate(c, baseSets, t0)
	assert.Equal(t, "X", u.OrderReasonCode)
	assert.Equal(t, "NO LONGER WANTED", u.OrderReasonNote)
	assert.Empty(t, u.ShippingAgent)
	assert.Empty(t, u.TrackingNumber)
	// BRK-414: item level with L56; BRK-411: the warehouse location with L06.
	s := baseSets
	s.SplitOrder, s.SendInventoryByWarehouse = true, true
	c.Status = OBFulfilled
	u = NewStatusUpdate(c, s, t0)
	assert.Empty(t, u.OrderStatus)
	assert.Equal(t, []ItemUpdate{{LineNo: 1, Status: OBFulfilled, ShippingAgent: "12", TrackingNumber: "TRK1"}, {LineNo: 2, Status: OBFulfilled, ShippingAgent: "12", TrackingNumber: "TRK1"}}, u.Items)
	assert.Equal(t, "WH1", u.StoreLocation.Location)
}

func TestRunnerResendsGH_BRK317(t *testing.T) {
	// BRK-317: G and H records resend their fulfilled / intransit update; no answer leaves them for the next run.
	toy := &Flow{Name: "F3", Order: []Status{StatusResendIntransit, StatusInTransit, StatusResendFulfilled, StatusCompleted},
		Final: []Status{StatusCompleted}, Rows: []Row{
			{ID: "T.1", From: []Status{StatusResendFulfilled}, On: EventUpdateConfirmed, To: StatusCompleted},
			{ID: "T.2", From: []Status{StatusResendIntransit}, On: EventUpdateConfirmed, To: StatusInTransit},
		}}
	g, h, h2 := recReq(1, StatusResendFulfilled, "g"), recReq(2, StatusResendIntransit, "h"), recReq(3, StatusResendIntransit, "h2")
	for _, r := range []*Record{&g, &h, &h2} {
		r.Flow = "F3"
	}
	st := newMemStore(g, h, h2)
	tr := &fakeTransport{update: func(u StatusUpdate) (StatusUpdateResponse, error) {
		if u.RequestID == "h2" {
			return StatusUpdateResponse{}, ErrUnavailable
		}
		return StatusUpdateResponse{ResponseCode: "0"}, nil
	}}
	rn := newRunner(tr, st, baseSets)
	rn.Flows = map[string]*Flow{"F3": toy}
	rep, err := rn.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.updates, 3)
	assert.Equal(t, OBFulfilled, tr.updates[0].OrderStatus)
	assert.Equal(t, OBIntransit, tr.updates[1].OrderStatus)
	assert.Equal(t, StatusCompleted, st.get(g.ID).Status)
	assert.Equal(t, StatusInTransit, st.get(h.ID).Status)
	assert.Equal(t, StatusResendIntransit, st.get(h2.ID).Status)
	assert.ErrorIs(t, rep.Err(), ErrUnavailable)
}

func TestConfirmationStatus_BRK054(t *testing.T) {
	// BRK-054: the order confirmation email shows "Store Ship" for lines assigned to OB.
	assert.Equal(t, "Store Ship", recReq(1, StatusAccepted, "9").ConfirmationStatus())
	assert.Equal(t, "Store Ship", rec(1, StatusReady).ConfirmationStatus())
	assert.Empty(t, recReq(1, StatusUnfulfillable, "9").ConfirmationStatus())
}

func TestEmailTracking_BRK084(t *testing.T) {
	// BRK-084: a valid ship via shows its description and a live link; otherwise the agent as passed, plain text.
	vias := map[string]string{"1": "UPS GROUND"}
	shown, link := EmailTracking("1", "1Z999", vias)
	assert.Equal(t, "UPS GROUND", shown)
	assert.True(t, link)
	shown, link = EmailTracking("FEDEX", "1Z999", vias)
	assert.Equal(t, "FEDEX", shown)
	assert.False(t, link)
}

func TestCountByStatus_BRK309(t *testing.T) {
	// BRK-309: Order Broker lines per status.
	got := CountByStatus([]Record{rec(1, StatusAccepted), rec(2, StatusAccepted), rec(3, StatusWaiting)})
	assert.Equal(t, map[Status]int{StatusAccepted: 2, StatusWaiting: 1}, got)
}
