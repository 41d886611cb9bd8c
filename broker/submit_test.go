package broker

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildSubmitOrderSample(t *testing.T) {
	// The brokered backorder delivery sample (submit_order_request_brokered_backorder_delivery.xml):
	// order 123-001, line 4, PENCIL, 1.0 with 0.06 tax.
	o := eligibleOrder()
	o.Key = OrderKey{Company: 6, Order: 123, ShipTo: 1}
	o.Currency = "US"
	o.Lines[0].Item.ShipWeight = dec("0.000")
	now := t0
	so, err := BuildSubmitOrder(o, []int{4}, baseSets, now)
	require.NoError(t, err)

	assert.Equal(t, MessageHeader{MessageType: "SubmitOrder", XactionResponse: "1", XactionType: "INSERT", // BRK-327
		DateTime:    now,                   // BRK-328
		Version:     "18.0",                // BRK-329
		Source:      "0060000012300100000", // BRK-330
		Destination: "LOCATE"},             // BRK-331
		so.Header)
	assert.Equal(t, "DELIVERY", so.TransactionType)                                  // BRK-332
	assert.Equal(t, "00000123-001", so.TransactionNo)                                // BRK-333 (8 digits, as the sample; A6)
	assert.Equal(t, "123-001", so.OrderID)                                           // BRK-334
	assert.Empty(t, so.RequestID)                                                    // BRK-335
	assert.Empty(t, so.RefTransactionNo)                                             // BRK-336
	assert.Equal(t, now, so.TransactionDate)                                         // BRK-337
	assert.Equal(t, "CWS", so.EmployeeID)                                            // BRK-338
	assert.Equal(t, "1", so.Subtotal.String())                                       // BRK-339
	assert.Equal(t, "0.06", so.Tax.String())                                         // BRK-340
	assert.Equal(t, "1.06", so.Total.String())                                       // BRK-341
	assert.Equal(t, OBNewOrder, so.Status)                                           // BRK-343
	assert.Equal(t, "1", so.Channel)                                                 // BRK-344
	assert.Equal(t, "1", so.ShipVia)                                                 // BRK-345
	assert.Equal(t, "UPS GROUND", so.ShipViaDescription)                             // BRK-345
	assert.False(t, so.Gift)                                                         // BRK-346
	assert.Equal(t, "SOURCE", so.SourceCode)                                         // BRK-347
	assert.Nil(t, so.FreightAmount)                                                  // BRK-348, BRK-055: not sent without L56
	assert.True(t, so.BalanceDue.IsZero())                                           // BRK-349
	assert.Equal(t, "US", so.Currency)                                               // BRK-350
	assert.False(t, so.ShipComplete)                                                 // BRK-353
	assert.False(t, so.UnderReview)                                                  // BRK-357
	assert.Equal(t, "000012345", so.SoldTo.CustomerNo)                               // BRK-358 (zero-padded)
	assert.Equal(t, o.SoldTo.Address, so.SoldTo.Address)                             // BRK-359, BRK-360
	assert.Equal(t, Location{Location: "1234567890", System: "6"}, so.StoreLocation) // BRK-361 (K51), BRK-362 (K50)
	assert.Nil(t, so.ShipForPickupLocation)                                          // BRK-363: delivery order
	require.Len(t, so.Lines, 1)
	l := so.Lines[0]
	assert.Equal(t, 4, l.LineItemNo)                                                              // BRK-365
	assert.Equal(t, Location{}, l.Location)                                                       // BRK-366, BRK-367
	assert.Equal(t, "PENCIL", l.ItemID)                                                           // BRK-368 (no SKU)
	assert.Equal(t, 1, l.Qty)                                                                     // BRK-369
	assert.Equal(t, "1", l.UnitPrice.String())                                                    // BRK-370
	assert.Equal(t, o.ShipTo, l.ShipTo)                                                           // BRK-371 (A36)
	assert.Equal(t, []LineTax{{Description: "Tax", LineItemNo: 4, Amount: dec("0.06")}}, l.Taxes) // BRK-372
	assert.Equal(t, OBNewOrder, l.Status)                                                         // BRK-373
	assert.Nil(t, l.ExtendedFreight)                                                              // BRK-376
	assert.True(t, l.CustomizationCharge.IsZero())                                                // BRK-377
	assert.False(t, l.GiftWrap)                                                                   // BRK-378
	assert.False(t, l.ShipAlone)                                                                  // BRK-379
	assert.Equal(t, "0", l.ShipWeight.String())                                                   // BRK-380
	assert.Empty(t, l.Customizations)                                                             // BRK-382
}

func TestBuildSubmitOrderRules(t *testing.T) {
	t.Run("BRK-368 SKU starts at position 13", func(t *testing.T) {
		assert.Equal(t, "PEN         BLUE", ItemID("PEN", "BLUE"))
		assert.Equal(t, 12, len("PEN         "))
	})
	t.Run("BRK-330 BRK-333 BRK-334 identifiers", func(t *testing.T) {
		assert.Equal(t, "0060000895300100000", SourceID(key8953))
		assert.Equal(t, "00008953-001", TransactionNo(key8953))
		assert.Equal(t, "8953-001", OrderID(key8953))
	})
	t.Run("BRK-022 BRK-023 one request per line or per order", func(t *testing.T) {
		other := OrderKey{Company: 6, Order: 9000, ShipTo: 1}
		recs := []Record{rec(1, StatusReady), rec(2, StatusReady), {Key: other, LineSeq: 1, Status: StatusReady}}
		assert.Len(t, SubmissionGroups(recs, baseSets), 3)
		s := baseSets
		s.SplitOrder = true
		groups := SubmissionGroups(recs, s)
		require.Len(t, groups, 2)
		assert.Len(t, groups[0], 2)
		assert.Equal(t, other, groups[1][0].Key)
	})
	t.Run("BRK-055 BRK-348 BRK-341 freight only with L56, whole order freight plus charges", func(t *testing.T) {
		s := baseSets
		s.SplitOrder = true
		o := eligibleOrder()
		o.Freight, o.AdditionalCharges = dec("5.00"), dec("1.50")
		so, err := BuildSubmitOrder(o, []int{4}, s, t0)
		require.NoError(t, err)
		require.NotNil(t, so.FreightAmount)
		assert.Equal(t, "6.5", so.FreightAmount.String())
		assert.Equal(t, "7.56", so.Total.String())
	})
	t.Run("BRK-025 BRK-383 only the lines of the request, never payment", func(t *testing.T) {
		o := eligibleOrder()
		o.Lines = append(o.Lines, OrderLine{Seq: 5, Number: 5, Status: LineOpen, Ordered: 2, Backordered: 2, UnitPrice: dec("3"), Item: Item{Code: "PEN", OROBEligible: true}})
		so, err := BuildSubmitOrder(o, []int{5}, baseSets, t0)
		require.NoError(t, err)
		require.Len(t, so.Lines, 1)
		assert.Equal(t, 5, so.Lines[0].LineItemNo)
		assert.Equal(t, "6", so.Subtotal.String())
		_, err = BuildSubmitOrder(o, []int{99}, baseSets, t0)
		assert.ErrorIs(t, err, ErrInvalidInput)
	})
	t.Run("BRK-340 tax prorates other order tax", func(t *testing.T) {
		o := eligibleOrder()
		o.Lines = append(o.Lines, OrderLine{Seq: 5, Number: 5, Ordered: 3, UnitPrice: dec("1")})
		o.OtherTax = dec("0.40") // freight/handling tax; brokered merchandise is 1 of 4
		so, err := BuildSubmitOrder(o, []int{4}, baseSets, t0)
		require.NoError(t, err)
		assert.Equal(t, "0.16", so.Tax.String())
	})
	t.Run("BRK-007 long decimal amounts keep their precision", func(t *testing.T) {
		o := eligibleOrder()
		o.Lines[0].UnitPrice = dec("24.489999771118164")
		o.Lines[0].Taxes = nil
		so, err := BuildSubmitOrder(o, []int{4}, baseSets, t0)
		require.NoError(t, err)
		assert.Equal(t, "24.489999771118164", so.Subtotal.String())
	})
	t.Run("BRK-030 BRK-382 BRK-377 only custom special handling is sent", func(t *testing.T) {
		o := eligibleOrder()
		o.Lines[0].SpecialHandling = []SpecialHandling{{Custom: true, FieldLabel: "MONOGRAM", Input: "HEB", Charge: dec("5.00")}, {Custom: false, FieldLabel: "STD", Input: "X", Charge: dec("2.00")}}
		so, err := BuildSubmitOrder(o, []int{4}, baseSets, t0)
		require.NoError(t, err)
		assert.Equal(t, []Customization{{Code: "MONOGRAM", Message: "HEB"}}, so.Lines[0].Customizations)
		assert.Equal(t, "5", so.Lines[0].CustomizationCharge.String())
	})
	t.Run("BRK-355 BRK-356 BRK-381 messages by print flag", func(t *testing.T) {
		o := eligibleOrder()
		o.Messages = []Message{{"PICK NOTE", 'P'}, {"BOTH NOTE", 'B'}, {"HAPPY", 'G'}, {"BIRTHDAY", 'G'}, {"INVOICE ONLY", 'I'}}
		o.Lines[0].Messages = []Message{{"LINE P", 'P'}, {"LINE G", 'G'}}
		so, err := BuildSubmitOrder(o, []int{4}, baseSets, t0)
		require.NoError(t, err)
		assert.Equal(t, []string{"PICK NOTE", "BOTH NOTE"}, so.OrderMessages)
		assert.Equal(t, []string{"HAPPY", "BIRTHDAY"}, so.GiftMessages)
		assert.Equal(t, []string{"LINE P"}, so.Lines[0].Messages)
	})
	t.Run("BRK-357 under review when M18 and held", func(t *testing.T) {
		s := baseSets
		s.SendHeldOrders = true
		o := eligibleOrder()
		o.Status = OrderHeld
		so, err := BuildSubmitOrder(o, []int{4}, s, t0)
		require.NoError(t, err)
		assert.True(t, so.UnderReview)
	})
	t.Run("BRK-358 ORCE customer ID with M71 and L37 INTERACT", func(t *testing.T) {
		s := baseSets
		s.SendORCECustomerID, s.ORCECustomerIntegration = true, "INTERACT"
		o := eligibleOrder()
		o.SoldTo.ORCEID = "ORCE-77"
		so, _ := BuildSubmitOrder(o, []int{4}, s, t0)
		assert.Equal(t, "ORCE-77", so.SoldTo.CustomerNo)
		o.SoldTo.ORCEID = ""
		so, _ = BuildSubmitOrder(o, []int{4}, s, t0)
		assert.Equal(t, "000012345", so.SoldTo.CustomerNo)
	})
	t.Run("BRK-350 currency defaults to A55", func(t *testing.T) {
		so, _ := BuildSubmitOrder(eligibleOrder(), []int{4}, baseSets, t0)
		assert.Equal(t, "USD", so.Currency)
	})
	t.Run("BRK-332 BRK-361 BRK-363 BRK-364 BRK-005 ship-for-pickup", func(t *testing.T) {
		s := baseSets
		s.ShipForPickupAssignment, s.POSName, s.MessageVersion = ShipForPickupAlways, "STC", "16.0"
		o := eligibleOrder()
		o.ShipForPickup, o.PickupStore = true, "7"
		so, err := BuildSubmitOrder(o, []int{4}, s, t0)
		require.NoError(t, err)
		assert.Equal(t, "SHIPFORPICKUP", so.TransactionType)
		assert.Equal(t, "M32LOC", so.StoreLocation.Location)
		require.NotNil(t, so.ShipForPickupLocation)
		assert.Equal(t, Location{Location: "7", System: "STC"}, *so.ShipForPickupLocation)
		o.PickupSystem = "WSCRSYS"
		so, _ = BuildSubmitOrder(o, []int{4}, s, t0)
		assert.Equal(t, "WSCRSYS", so.ShipForPickupLocation.System)
		s.MessageVersion = "15.0"
		so, _ = BuildSubmitOrder(o, []int{4}, s, t0)
		assert.Nil(t, so.ShipForPickupLocation)
	})
	t.Run("BRK-361 M31 sends M32 as the requesting location", func(t *testing.T) {
		s := baseSets
		s.FulfillmentAssignment = true
		so, _ := BuildSubmitOrder(eligibleOrder(), []int{4}, s, t0)
		assert.Equal(t, Location{Location: "M32LOC", System: "6"}, so.StoreLocation)
		assert.Equal(t, "DELIVERY", so.TransactionType)
	})
	t.Run("BRK-336 BRK-346 BRK-351 BRK-352 BRK-353 BRK-354 BRK-376 BRK-378 BRK-379 order and line flags", func(t *testing.T) {
		o := eligibleOrder()
		o.PONumber, o.Gift, o.ShipComplete = "PO-1", true, true
		o.AdditionalFreight, o.AdditionalCharges, o.FreightTaxOverride = dec("3.10"), dec("1.20"), dec("0.33")
		o.Lines[0].GiftWrap, o.Lines[0].Item.ShipAlone, o.Lines[0].ExtendedFreight = true, true, dec("2.25")
		o.Lines[0].Item.UPC, o.Lines[0].Item.EAN = "012345678905", "4006381333931"
		so, _ := BuildSubmitOrder(o, []int{4}, baseSets, t0)
		assert.Equal(t, "PO-1", so.RefTransactionNo)
		assert.True(t, so.Gift && so.ShipComplete)
		assert.Equal(t, "3.1", so.AdditionalFreightCharges.String()) // BRK-351
		assert.Equal(t, "1.2", so.AdditionalCharges.String())        // BRK-352
		assert.Equal(t, "0.33", so.FreightTax.String())              // BRK-354
		assert.True(t, so.Lines[0].GiftWrap && so.Lines[0].ShipAlone)
		require.NotNil(t, so.Lines[0].ExtendedFreight)
		assert.Equal(t, "2.25", so.Lines[0].ExtendedFreight.String())
		assert.Empty(t, so.Lines[0].UPC) // BRK-375: UPC and EAN are not passed
		assert.Empty(t, so.Lines[0].EAN)
	})
}

func TestBuildSubmitOrderRefusals(t *testing.T) {
	o := eligibleOrder()
	o.SoldTo.Address.Name = Name{First: "ONLY"}
	o.ShipTo.Postal = ""
	s := baseSets
	s.DefaultLocation = "LOCATION-TOO-LONG"
	_, err := BuildSubmitOrder(o, []int{4}, s, t0)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidInput)
	var v *ValidationError
	require.True(t, errors.As(err, &v))
	var rules []string
	for _, f := range v.Fields {
		rules = append(rules, f.Rule)
	}
	assert.Equal(t, []string{"BRK-009", "BRK-010", "BRK-011"}, rules)
	assert.Contains(t, err.Error(), "Invalid Sold To address, missing req") // BRK-009
	assert.Contains(t, err.Error(), `"LOCATION-TOO-LONG"`)                  // BRK-011
	// BRK-009: a company name alone is enough.
	o = eligibleOrder()
	o.SoldTo.Address.Name = Name{Company: "ACME"}
	_, err = BuildSubmitOrder(o, []int{4}, baseSets, t0)
	assert.NoError(t, err)
}

func TestStatusMessages(t *testing.T) {
	r := recReq(2, StatusAccepted, "12345")
	t.Run("BRK-390..BRK-394 status request", func(t *testing.T) {
		q := NewStatusRequest(r, baseSets, "WH9", t0)
		assert.Equal(t, "StatusRequest", q.Header.MessageType)        // BRK-390
		assert.Equal(t, "?", q.Header.XactionResponse)                // BRK-390
		assert.Equal(t, "INSERT", q.Header.XactionType)               // BRK-390
		assert.Equal(t, "0060000895300100000", q.Header.Source)       // BRK-391
		assert.Equal(t, "12345", q.RequestID)                         // BRK-392
		assert.Equal(t, Location{"1234567890", "6"}, q.StoreLocation) // BRK-393: K51, L06 unselected
		assert.Equal(t, "18.0", q.Header.Version)                     // BRK-394, BRK-002
		s := baseSets
		s.SendInventoryByWarehouse = true
		assert.Equal(t, Location{"WH9", "6"}, NewStatusRequest(r, s, "WH9", t0).StoreLocation) // BRK-393
	})
	t.Run("BRK-305 chunks of the property, never more than 1000", func(t *testing.T) {
		ids := make([]string, 1200)
		for i := range ids {
			ids[i] = fmt.Sprint(i)
		}
		s := baseSets
		s.MaxStatusListRequestOrders = 500
		var sizes []int
		for _, q := range NewStatusListRequests(ids, s, t0) {
			sizes = append(sizes, len(q.RequestIDs))
		}
		assert.Equal(t, []int{500, 500, 200}, sizes)
		s.MaxStatusListRequestOrders = 5000
		sizes = nil
		for _, q := range NewStatusListRequests(ids, s, t0) {
			sizes = append(sizes, len(q.RequestIDs))
		}
		assert.Equal(t, []int{1000, 200}, sizes)
	})
	t.Run("BRK-306 BRK-402..BRK-406 status list request from BROKER", func(t *testing.T) {
		qs := NewStatusListRequests([]string{"1", "2"}, baseSets, t0)
		require.Len(t, qs, 1)
		q := qs[0]
		assert.Equal(t, "StatusListRequest", q.Header.MessageType)    // BRK-402
		assert.Empty(t, q.Header.Source)                              // BRK-402
		assert.Equal(t, "LOCATE", q.Header.Destination)               // BRK-402
		assert.Empty(t, q.ResponseType)                               // BRK-306, BRK-403
		assert.Empty(t, q.Statuses)                                   // BRK-404 (not pick slip generation)
		assert.Equal(t, Location{"1234567890", "6"}, q.StoreLocation) // BRK-405
		assert.Equal(t, []string{"1", "2"}, q.RequestIDs)             // BRK-406
	})
	t.Run("BRK-408 BRK-410 cancel, order not split", func(t *testing.T) {
		reqs := []CancelRequest{{Key: key8953, LineSeq: 1, RequestID: "55", ReasonCode: "02", ReasonText: "FIRST"}, {Key: key8953, LineSeq: 2, RequestID: "55", ReasonCode: "09", ReasonText: "SECOND"}}
		u, err := NewCancelUpdate(reqs, baseSets, "", t0)
		require.NoError(t, err)
		assert.Equal(t, "55", u.RequestID)
		assert.Equal(t, "18.0", u.Header.Version)
		assert.Equal(t, Location{"1234567890", "6"}, u.StoreLocation)
		assert.Equal(t, OBCanceled, u.OrderStatus)
		assert.Equal(t, "02", u.OrderReasonCode) // the first line's reason for every line
		assert.Equal(t, "FIRST", u.OrderReasonNote)
		assert.Empty(t, u.Items)
		t.Run("BRK-409 split order: one item per line", func(t *testing.T) {
			s := baseSets
			s.SplitOrder = true
			u, err := NewCancelUpdate(reqs, s, "", t0)
			require.NoError(t, err)
			assert.Empty(t, u.OrderStatus)
			assert.Equal(t, []ItemUpdate{{LineNo: 1, Status: OBCanceled, ReasonCode: "02", ReasonNote: "FIRST"}, {LineNo: 2, Status: OBCanceled, ReasonCode: "09", ReasonNote: "SECOND"}}, u.Items)
		})
		_, err = NewCancelUpdate(nil, baseSets, "", t0)
		assert.ErrorIs(t, err, ErrInvalidInput)
		_, err = NewCancelUpdate([]CancelRequest{reqs[0], {RequestID: "56"}}, baseSets, "", t0)
		assert.ErrorIs(t, err, ErrInvalidInput)
	})
	t.Run("BRK-415 BRK-002 under review order update", func(t *testing.T) {
		u := NewUnderReviewUpdate(UnderReviewUpdate{Key: key8953, LineSeq: 2, RequestID: "78390", UnderReview: false}, baseSets, "JSMITH", "", t0)
		assert.Equal(t, "18.0", u.Header.Version) // A35: OROB_MESSAGE_VERSION
		assert.Equal(t, "0060000895300100000", u.Header.Source)
		assert.Equal(t, "78390", u.RequestID)
		assert.Equal(t, "8953-001", u.OrderID)
		require.NotNil(t, u.UnderReview)
		assert.False(t, *u.UnderReview)
		assert.Equal(t, "JSMITH", u.EmployeeID)
		assert.Equal(t, Location{"1234567890", "6"}, u.StoreLocation)
	})
	t.Run("BRK-416 fulfillments request", func(t *testing.T) {
		fs := NewFulfillmentsRequests(baseSets, []string{"W1"}, t0)
		require.Len(t, fs, 1)
		assert.Equal(t, "6", fs[0].System)
		assert.Equal(t, "6", fs[0].Header.Source)
		assert.Equal(t, "LOCATE", fs[0].Header.Destination)
		assert.Equal(t, "1234567890", fs[0].StoreLocation.Location) // A9: K51 when L06 is unselected
		s := baseSets
		s.SendInventoryByWarehouse = true
		fs = NewFulfillmentsRequests(s, []string{"W1", "", "W2"}, t0)
		require.Len(t, fs, 2)
		assert.Equal(t, "W2", fs[1].StoreLocation.Location)
	})
}

func TestSubmitResponseEvents(t *testing.T) {
	recs := []Record{rec(1, StatusWaiting), rec(2, StatusWaiting)}
	ok := func(ds ...FulfillmentDetail) SubmitOrderResponse {
		return SubmitOrderResponse{ResponseCode: "0", ResponseDescription: "Order Acknowledged", RequestID: "12345", Fulfillments: ds}
	}
	t.Run("BRK-386 BRK-387 BRK-388 BRK-389 one location (the sample)", func(t *testing.T) {
		resp := ok(FulfillmentDetail{Location: Location{"317", "SYSTEM01"}, Qty: 3, RequestingLine: 2, LineNo: 1},
			FulfillmentDetail{Location: Location{"317", "SYSTEM01"}, Qty: 2, RequestingLine: 1, LineNo: 2})
		assert.True(t, resp.OK())
		evs, err := SubmitResponseEvents(resp, recs, baseSets)
		require.NoError(t, err)
		for _, seq := range []int{1, 2} {
			assert.Equal(t, EventAckOneLocation, evs[seq].Kind)
			assert.Equal(t, "317", evs[seq].FulfillingLocation)
			assert.Equal(t, "SYSTEM01", evs[seq].FulfillingSystem)
			assert.Equal(t, "12345", evs[seq].RequestID)
		}
	})
	t.Run("BRK-024 BRK-058 a split across locations asks for a status inquiry", func(t *testing.T) {
		resp := ok(FulfillmentDetail{Location: Location{"100", "S"}, Qty: 8, RequestingLine: 1}, FulfillmentDetail{Location: Location{"200", "S"}, Qty: 2, RequestingLine: 1},
			FulfillmentDetail{Location: Location{"100", "S"}, Qty: 1, RequestingLine: 2})
		evs, err := SubmitResponseEvents(resp, recs, baseSets)
		require.NoError(t, err)
		assert.Equal(t, EventAckSeveralLocations, evs[1].Kind)
		assert.Equal(t, EventAckSeveralLocations, evs[2].Kind)
	})
	t.Run("BRK-012 BRK-023 the K56 location is unfulfillable; the other line carries on", func(t *testing.T) {
		resp := ok(FulfillmentDetail{Location: Location{"999", "S"}, RequestingLine: 1}, FulfillmentDetail{Location: Location{"317", "S"}, RequestingLine: 2})
		evs, err := SubmitResponseEvents(resp, recs, baseSets)
		require.NoError(t, err)
		assert.Equal(t, EventUnfulfillable, evs[1].Kind)
		assert.Equal(t, EventAckOneLocation, evs[2].Kind)
	})
	t.Run("BRK-062 error and BRK-063 duplicate 2040", func(t *testing.T) {
		evs, err := SubmitResponseEvents(SubmitOrderResponse{ResponseCode: "2040", ResponseDescription: "Duplicate Order/line"}, recs, baseSets)
		require.NoError(t, err)
		assert.Equal(t, EventDuplicateOrder, evs[1].Kind)
		evs, _ = SubmitResponseEvents(SubmitOrderResponse{ResponseCode: "100", ResponseDescription: "Invalid Sold To address, missing req"}, recs, baseSets)
		assert.Equal(t, EventSubmitError, evs[2].Kind)
		assert.Equal(t, "Invalid Sold To address, missing req", evs[2].ErrorText)
		assert.True(t, IsDuplicateOrder(&RejectedError{Code: "2040"}))
		assert.False(t, IsDuplicateOrder(&RejectedError{Code: "1"}))
	})
	t.Run("unknown line is an error, the others still map", func(t *testing.T) {
		resp := ok(FulfillmentDetail{Location: Location{"317", "S"}, RequestingLine: 1}, FulfillmentDetail{Location: Location{"317", "S"}, RequestingLine: 77})
		evs, err := SubmitResponseEvents(resp, recs[:1], baseSets)
		assert.ErrorIs(t, err, ErrUnknownRequest)
		assert.Contains(t, err.Error(), "77")
		assert.Equal(t, EventAckOneLocation, evs[1].Kind)
	})
}

func TestItemEvent(t *testing.T) {
	r := recReq(2, StatusAcknowledged, "1")
	cases := []struct {
		status, loc, sys string
		want             EventKind
	}{
		{"new_order", "200", "SYSTEM01", EventNewOrder},      // BRK-072
		{"polled", "200", "", EventPolled},                   // BRK-073
		{"accepted", "", "", EventAccepted},                  // BRK-074
		{"picked", "", "", EventPicked},                      // BRK-075
		{"intransit", "", "", EventIntransit},                // BRK-076
		{"intransit polled", "", "", EventIntransitPolled},   // BRK-077
		{"received", "", "", EventReceived},                  // BRK-078
		{"fulfilled", "", "", EventFulfilled},                // BRK-079
		{"canceled", "", "", EventCanceledElsewhere},         // BRK-081
		{"rejected", "", "", EventRejected},                  // BRK-071
		{"new_order", "999", "", EventUnfulfillable},         // BRK-012, A2: assigned to K56
		{"unfulfillable", "", "", EventUnfulfillable},        // BRK-059
		{"new_order", "WH1", "6", EventOMSWarehouseAssigned}, // BRK-065 (system = K50)
	}
	for _, c := range cases {
		ev, err := ItemEvent(r, ItemStatus{Status: c.status, Fulfilling: Location{c.loc, c.sys}}, "", baseSets, SourceStatusInquiry, "resp")
		require.NoError(t, err, c.status)
		assert.Equal(t, c.want, ev.Kind, "%s at %s", c.status, c.loc)
		assert.Equal(t, c.loc, ev.FulfillingLocation) // BRK-398
	}
	// BRK-397: the order status applies when the item has none.
	ev, err := ItemEvent(r, ItemStatus{}, "polled", baseSets, SourceStatusList, "")
	require.NoError(t, err)
	assert.Equal(t, EventPolled, ev.Kind)
	// BRK-399 BRK-400: agent, tracking and ship date travel with the event.
	ev, _ = ItemEvent(r, ItemStatus{Status: "fulfilled", ShippingAgent: " UPS ", TrackingNumber: "1Z", ShipmentDate: t0}, "", baseSets, SourceStatusList, "")
	assert.Equal(t, "UPS", ev.ShippingAgent)
	assert.Equal(t, "1Z", ev.TrackingNumber)
	assert.Equal(t, t0, ev.ShipmentDate)
	// Unknown words are typed errors, naming the value.
	_, err = ItemEvent(r, ItemStatus{Status: "teleported"}, "", baseSets, SourceStatusList, "")
	assert.ErrorIs(t, err, ErrUnknownStatus)
	assert.Contains(t, err.Error(), "teleported")
	_, err = ItemEvent(r, ItemStatus{Status: "verified"}, "", baseSets, SourceStatusList, "")
	assert.ErrorIs(t, err, ErrUnknownStatus)
}

func TestMatchItems(t *testing.T) {
	recs := []Record{recReq(1, StatusAccepted, "9"), recReq(2, StatusAccepted, "9")}
	m, err := MatchItems(OrderStatusReport{RequestID: "9", Items: []ItemStatus{{RequestingLine: 2, Status: "fulfilled"}, {RequestingLine: 5}}}, recs)
	assert.ErrorIs(t, err, ErrUnknownRequest) // BRK-389: matched by requesting_system_line_no
	assert.Equal(t, "fulfilled", m[2].Status)
	assert.NotContains(t, m, 1)
	m, err = MatchItems(OrderStatusReport{RequestID: "9", OrderStatus: "accepted"}, recs)
	require.NoError(t, err)
	assert.Len(t, m, 2)
	m, err = MatchItems(OrderStatusReport{RequestID: "9", Items: []ItemStatus{{Status: "polled"}}}, recs[:1])
	require.NoError(t, err)
	assert.Equal(t, "polled", m[1].Status)
}
