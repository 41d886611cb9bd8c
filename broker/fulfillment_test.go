package broker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
	"github.com/omskit/omskit/scv"
)

// catalogFake is a FulfillmentCatalog over a map; unknown items wrap ErrUnknownItem.
type catalogFake struct {
	items map[string]StockedItem
	err   error
}

func (c catalogFake) FulfillmentItem(_ context.Context, _, _ int, id string) (StockedItem, error) {
	if c.err != nil {
		return StockedItem{}, c.err
	}
	it, ok := c.items[id]
	if !ok {
		return StockedItem{}, fmt.Errorf("item %s: %w", id, ErrUnknownItem)
	}
	return it, nil
}

// linksFake is an in-memory OrderLinks with a writer for the tests.
type linksFake struct {
	mu    sync.Mutex
	links []OrderLink
}

func (l *linksFake) save(x OrderLink) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.links = append(l.links, x)
}

func (l *linksFake) LinkByRequestID(_ context.Context, id string) (OrderLink, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range l.links {
		if x.RequestID == id {
			return x, nil
		}
	}
	return OrderLink{}, fmt.Errorf("request %s: %w", id, ErrLinkNotFound)
}

func (l *linksFake) LinkByFulfilling(_ context.Context, k OrderKey) (OrderLink, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range l.links {
		if x.Fulfilling == k {
			return x, nil
		}
	}
	return OrderLink{}, fmt.Errorf("%s: %w", k, ErrLinkNotFound)
}

func (l *linksFake) LinksByOriginating(_ context.Context, k OrderKey) ([]OrderLink, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []OrderLink
	for _, x := range l.links {
		if x.Originating != nil && *x.Originating == k {
			out = append(out, x)
		}
	}
	return out, nil
}

// customersFake answers every resolution with customer 13827.
type customersFake struct{ calls int }

func (c *customersFake) ResolveFulfillmentCustomer(_ context.Context, _ string, _ orce.ResponseCustomer) (orce.FulfillmentResult, error) {
	c.calls++
	return orce.FulfillmentResult{SoldTo: customer.SoldTo{Number: 13827}, Plan: orce.FulfillmentPlan{Case: orce.CaseA1}}, nil
}

var catalog = catalogFake{items: map[string]StockedItem{
	"SKU1":  {Code: "SKU1", Available: 10},
	"SKU2":  {Code: "SKU2", Available: 10},
	"OUT":   {Code: "OUT", SoldOut: true, HasSoldoutControl: true},
	"NONE":  {Code: "NONE", Available: 0},
	"PO":    {Code: "PO", Available: 0, POWithinThreshold: true},
	"DS":    {Code: "DS", DropShip: true},
	"DSOUT": {Code: "DSOUT", DropShip: true, SoldOut: true},
}}

func fShipTo() Address {
	return Address{Name: Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", Address4: "unused", City: "Boston", Province: "MA", Postal: "02110", Country: "US ", DayPhone: "", EveningPhone: "617-555-0100"}
}

func fOrder() FulfillmentOrder {
	ship := true
	freight := dec("5.00")
	return FulfillmentOrder{RequestID: "123456", OrderID: "A-1001", TransactionTypeID: "RETAILPICKUP", Detail: &FulfillmentDetailOrder{
		RefTransactionNo: "PO-77", SourceCode: "WEB", SpecialInstructions: "add monogram heb", TransactionChannel: "POS",
		ShipVia: "UPS", ShipComplete: &ship, Gift: true, FreightAmount: &freight, Tax: dec("999"), Total: dec("40.00"),
		OrderMessage: strings.Repeat("x", 61), UnderReview: true, AdditionalCharges: dec("3.00"),
		SoldTo: SoldTo{CustomerNo: "000013827", Address: Address{Name: Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", Address4: "line 4", City: "Boston", Postal: "02110", Country: "US"}},
		Store:  FulfillmentStoreLocation{Location: "10", System: "6", RequestLocation: "317", RequestSystem: "POS"}, ShipForPickup: &Location{Location: "317", System: "POS"},
		Items: []FulfillmentItem{
			{LineNo: 1, RequestingLine: 3, ItemID: " SKU1 ", Qty: 2, UnitPrice: dec("10.00"), GiftWrap: true, Messages: []string{"hello"},
				Customizations: []Customization{{Code: "MONO", Message: "HEB"}}, CustomizationCharge: dec("1.50"),
				Taxes: []LineTax{{Amount: dec("1.20")}, {Amount: dec("0.05")}}, ShipTo: fShipTo(), SpecialInstructions: "item note"},
			{LineNo: 2, RequestingLine: 4, ItemID: "SKU2", Qty: 1, UnitPrice: dec("12.489999771118164"), Taxes: []LineTax{{Amount: dec("0.75")}},
				ShipTo: Address{Address1: "elsewhere"}, ExtendedFreight: dec("9"), ShipAlone: true, UPC: "0123"},
		},
		Tenders: []FulfillmentTender{{Type: "VISA", Amount: dec("40")}},
	}}
}

func fSettings() Settings {
	s := baseSets
	s.Flows = FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", SourceCode: "K93SRC", ShipVia: "30", DefaultShipVia: "1",
		PriceOverrideReason: "PO", PaymentType: "27", PaymentTypeDescription: "ORDER BROKER", Gift: false, ShipComplete: false, ErrorBatch: "77"}
	s.DeliveryOrderTypeFromOMS, s.RetailPickupOrderTypeFromOMS = "M33", "M35"
	return s
}

var src = FulfillmentSource{Company: 6, Warehouse: 1}

func receive(t *testing.T, s Settings, fo FulfillmentOrder, links OrderLinks) FulfillmentDecision {
	t.Helper()
	d, err := ReceiveFulfillment(context.Background(), FulfillmentDeps{Catalog: catalog, Customers: &customersFake{}, Links: links,
		Now: fixedClock(t0), NewID: func() uuid.UUID { return uuid.MustParse("00000000-0000-0000-0000-0000000000aa") }}, s, src, fo)
	require.NoError(t, err)
	return d
}

func TestReceiveFulfillmentBuild(t *testing.T) {
	s := fSettings()
	d := receive(t, s, fOrder(), &linksFake{})
	require.Equal(t, OutcomeAccepted, d.Outcome, "%v", d.Err())
	o := d.Order
	require.NotNil(t, o)
	// BRK-165: not OMS-originated retail pickup: K92. BRK-166: RETAILPICKUP is a retail pickup order.
	assert.Equal(t, "R", o.OrderType)
	assert.True(t, o.RetailPickup)
	assert.False(t, o.FromShipForPickup)
	// BRK-167: channel C whatever transaction_channel says.
	assert.Equal(t, "C", o.Channel)
	// BRK-168: e-commerce order number = order_id (no prefix when not OMS-originated).
	assert.Equal(t, "A-1001", o.ECommerceOrderNumber)
	assert.False(t, o.OMSOriginated)
	// BRK-169: order and entered date are today.
	assert.Equal(t, t0, o.OrderDate)
	// BRK-171: the response source code comes first.
	assert.Equal(t, "WEB", o.SourceCode)
	// BRK-182: ship_complete from the response.
	assert.True(t, o.ShipComplete)
	// BRK-183: a non-numeric ship_via: K94.
	assert.Equal(t, "30", o.ShipVia)
	// BRK-184: gift from L03, not the response.
	assert.False(t, o.Gift)
	// BRK-185: freight_amount from the response.
	require.NotNil(t, o.Freight)
	assert.True(t, o.Freight.Equal(dec("5")))
	// BRK-186: tax = sum of line taxes, transaction_tax unused. BRK-204: line tax taken as given, stored as override.
	assert.True(t, o.Tax.Equal(dec("2.00")), o.Tax.String())
	assert.True(t, o.Lines[0].TaxOverride.Equal(dec("1.25")))
	// BRK-187: freight tax override always.
	assert.True(t, o.FreightTaxOverride)
	// BRK-188: PO number from ref_transaction_no.
	assert.Equal(t, "PO-77", o.PONumber)
	// BRK-189: the warehouse of the Fulfillments request.
	assert.Equal(t, 1, o.Warehouse)
	// BRK-190: ship-to from the first item only; phone1 else phone2.
	assert.Equal(t, "1 Main St", o.ShipTo.Address1)
	assert.Equal(t, "617-555-0100", o.ShipToPhone)
	// BRK-178: address4 is not used.
	assert.Empty(t, o.ShipTo.Address4)
	assert.Empty(t, o.SoldTo.Address4)
	// BRK-193: one line per item. BRK-195: requesting line and qty.
	require.Len(t, o.Lines, 2)
	assert.Equal(t, 3, o.Lines[0].RequestingLine)
	assert.Equal(t, 2, o.Lines[0].Qty)
	assert.Equal(t, "SKU1", o.Lines[0].ItemID)
	// BRK-194: unit_price kept (15 decimals, BRK-007), override reason K95.
	assert.True(t, o.Lines[1].UnitPrice.Equal(dec("12.489999771118164")))
	assert.Equal(t, "PO", o.Lines[1].PriceOverrideReason)
	// BRK-196: gift wrap from order_line_gift_wrap.
	assert.True(t, o.Lines[0].GiftWrap)
	// BRK-197: line messages with print flag B. BRK-199: customization without a format saved as a P message.
	assert.Equal(t, []Message{{Text: "hello", Print: 'B'}, {Text: "MONO HEB", Print: 'P'}}, o.Lines[0].Messages)
	// BRK-203: customization charge in Handling, not multiplied by qty with D67 unselected.
	assert.True(t, o.Handling.Equal(dec("1.50")))
	// BRK-205: pay type K98, card number = its description, suppress deposit and refund Y, tenders ignored.
	assert.Equal(t, ReceivedPayment{PayType: "27", CardNumber: "ORDER BROKER", SuppressDeposit: true, SuppressRefund: true, Amount: o.Payment.Amount}, o.Payment)
	// BRK-211: additional charges, Under Review, extended freight, ship alone, UPC are not mapped:
	// the amount is lines + line tax + handling + freight only.
	assert.True(t, o.Payment.Amount.Equal(dec("20").Add(dec("12.489999771118164")).Add(dec("2")).Add(dec("1.5")).Add(dec("5"))), o.Payment.Amount.String())
	// BRK-206, BRK-207, BRK-208, BRK-209: order messages.
	assert.Equal(t, []Message{{Text: "Originating Store: 317"}, {Text: "OROB Request ID: 123456"}, {Text: "ADD MONOGRAM HEB"},
		{Text: strings.Repeat("x", 60), Print: 'B'}, {Text: "x", Print: 'B'}}, o.Messages)
	// BRK-326: originating, fulfilling and pickup location.
	assert.Equal(t, "317", o.Originate.Location)
	assert.Equal(t, "10", o.Fulfill.Location)
	assert.Equal(t, "317", o.Pickup.Location)
	assert.Equal(t, "13827", o.CustomerNo)
	// BRK-172: a store-originated order updates demand.
	assert.True(t, o.UpdateDemand)
	assert.Equal(t, uuid.MustParse("00000000-0000-0000-0000-0000000000aa"), o.ID)
}

func TestReceiveFulfillmentOMSOriginated(t *testing.T) {
	s := fSettings()
	fo := fOrder()
	fo.OrderID, fo.TransactionTypeID = "9999-001", "SHIPFORPICKUP"
	fo.Detail.Store.RequestSystem, fo.Detail.Store.RequestLocation = "6", "WH1"
	links := &linksFake{}
	d := receive(t, s, fo, links)
	require.Equal(t, OutcomeAccepted, d.Outcome)
	o := d.Order
	// BRK-165: OMS-originated retail pickup: M35. BRK-166: SHIPFORPICKUP marks a retail pickup begun as ship-for-pickup.
	assert.Equal(t, "M35", o.OrderType)
	assert.True(t, o.RetailPickup && o.FromShipForPickup)
	// BRK-168 / BRK-067: "ORIG#: " prefix; the same request ID.
	assert.Equal(t, "ORIG#: 9999-001", o.ECommerceOrderNumber)
	assert.Equal(t, "123456", o.RequestID)
	// BRK-170: OMS-originated: K93 first.
	assert.Equal(t, "K93SRC", o.SourceCode)
	// BRK-172: no order count or demand update.
	assert.False(t, o.UpdateDemand)
	// BRK-165: OMS-originated delivery: M33.
	fo.TransactionTypeID = "DELIVERY"
	assert.Equal(t, "M33", receive(t, s, fo, &linksFake{}).Order.OrderType)

	// BRK-067: the two orders are linked both ways.
	fulfilling := OrderKey{Company: 6, Order: 12000, ShipTo: 1}
	links.save(d.Link(fulfilling, s))
	orig, req, err := OriginatingOrderOf(context.Background(), links, fulfilling)
	require.NoError(t, err)
	assert.Equal(t, OrderKey{Company: 6, Order: 9999, ShipTo: 1}, orig)
	assert.Equal(t, "123456", req)
	got, err := FulfillingOrdersOf(context.Background(), links, orig)
	require.NoError(t, err)
	assert.Equal(t, []OrderKey{fulfilling}, got)
	// A store-originated order has no OMS originating order.
	storeD := receive(t, s, fOrder(), &linksFake{})
	links.save(storeD.Link(OrderKey{Company: 6, Order: 12001, ShipTo: 1}, s))
	_, _, err = OriginatingOrderOf(context.Background(), links, OrderKey{Company: 6, Order: 12001, ShipTo: 1})
	assert.ErrorIs(t, err, ErrLinkNotFound)
	_, _, err = OriginatingOrderOf(context.Background(), links, OrderKey{Company: 6, Order: 1})
	assert.ErrorIs(t, err, ErrLinkNotFound)
}

func TestReceivedOrderType(t *testing.T) {
	s := fSettings()
	// BRK-165, BRK-166: DELIVERY -> K91 delivery; RETAILPICKUP / SHIPFORPICKUP -> K92 retail pickup.
	ot, rp := ReceivedOrderType("DELIVERY", false, s)
	assert.Equal(t, "D", ot)
	assert.False(t, rp)
	ot, rp = ReceivedOrderType("shipforpickup", false, s)
	assert.Equal(t, "R", ot)
	assert.True(t, rp)
	// ambiguity A18: SHIPTOSTORE read as SHIPFORPICKUP.
	_, rp = ReceivedOrderType("SHIPTOSTORE", false, s)
	assert.True(t, rp)
}

func TestReceivedSourceCode(t *testing.T) {
	s := fSettings()
	cases := []struct {
		name, resp, wscr string
		oms              bool
		k93, want        string
	}{
		{"BRK-170 OMS: K93 first", "RSP", "WS", true, "K93", "K93"},
		{"BRK-170 OMS: WSCR when K93 blank", "RSP", "WS", true, "", "WS"},
		{"BRK-170 OMS: response last", "RSP", "", true, "", "RSP"},
		{"BRK-171 store: response first", "RSP", "WS", false, "K93", "RSP"},
		{"BRK-171 store: WSCR second", "", "WS", false, "K93", "WS"},
		{"BRK-171 store: K93 last", "", "", false, "K93", "K93"},
		{"BRK-171 all blank", "", "", false, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s.Flows.SourceCode = c.k93
			assert.Equal(t, c.want, ReceivedSourceCode(c.resp, c.wscr, c.oms, s))
		})
	}
	// BRK-171: all three blank: the order is created in error (N) for the missing source code.
	s.Flows.SourceCode = ""
	fo := fOrder()
	fo.Detail.SourceCode = ""
	d := receive(t, s, fo, nil)
	assert.Equal(t, OutcomeInError, d.Outcome)
	assert.Equal(t, []string{"missing source code"}, d.Errors)
	assert.Equal(t, EventReceivedInError, ReceivedOrderEvent(d).Kind)
}

func TestReceivedShipVia(t *testing.T) {
	s := fSettings()
	// BRK-183: numeric ship_via wins; else K94; else A77.
	assert.Equal(t, "12", ReceivedShipVia(" 12 ", s))
	assert.Equal(t, "30", ReceivedShipVia("UPS", s))
	s.Flows.ShipVia = ""
	assert.Equal(t, "1", ReceivedShipVia("", s))
	// BRK-182: no ship_complete: L01.
	s.Flows.ShipComplete = true
	fo := fOrder()
	fo.Detail.ShipComplete = nil
	fo.Detail.FreightAmount = nil
	o, _ := BuildReceivedOrder(s, src, fo, StoreXref{}, t0, uuid.Nil)
	assert.True(t, o.ShipComplete)
	// BRK-185: no freight_amount: OMS calculates freight (nil).
	assert.Nil(t, o.Freight)
	// BRK-203: D67 multiplies the customization charge by the quantity.
	s.Flows.SpecialHandlingByLine = true
	o, _ = BuildReceivedOrder(s, src, fo, StoreXref{}, t0, uuid.Nil)
	assert.True(t, o.Handling.Equal(dec("3.00")))
}

func TestCheckFulfillmentRejections(t *testing.T) {
	s := fSettings()
	one := func(item string, qty int) FulfillmentOrder {
		fo := fOrder()
		fo.Detail.Total = decimal.Zero
		fo.Detail.Items = []FulfillmentItem{{ItemID: item, Qty: qty, UnitPrice: dec("1"), ShipTo: fShipTo()}}
		return fo
	}
	cases := []struct {
		name   string
		s      func(Settings) Settings
		fo     func() FulfillmentOrder
		reason RejectReason // "" = accepted
	}{
		{"unknown item", nil, func() FulfillmentOrder { return one("NOPE", 1) }, RejectUnknownItem},
		{"BRK-162 only item sold out", nil, func() FulfillmentOrder { return one("OUT", 1) }, RejectSoldOut},
		{"BRK-162 only item sold out even with K89", func(s Settings) Settings { s.Flows.RetainBackorderedLines = true; return s },
			func() FulfillmentOrder { return one("OUT", 1) }, RejectSoldOut},
		{"BRK-161 K89 off: cannot fill", nil, func() FulfillmentOrder { return one("NONE", 1) }, RejectCannotFill},
		{"BRK-161 K89 off: a PO within K11 fills it", nil, func() FulfillmentOrder { return one("PO", 1) }, ""},
		{"BRK-161 K89 on: retained", func(s Settings) Settings { s.Flows.RetainBackorderedLines = true; return s },
			func() FulfillmentOrder { return one("NONE", 1) }, ""},
		{"BRK-161 more than available", nil, func() FulfillmentOrder { return one("SKU1", 11) }, RejectCannotFill},
		{"BRK-163 drop ship without soldout control", nil, func() FulfillmentOrder { return one("DS", 5) }, ""},
		{"BRK-163 drop ship sold out without control value still fills", nil, func() FulfillmentOrder { return one("DSOUT", 1) }, ""},
		{"BRK-164 one of several lines sold out: accepted", nil, func() FulfillmentOrder {
			fo := one("SKU1", 1)
			fo.Detail.Items = append(fo.Detail.Items, FulfillmentItem{ItemID: "OUT", Qty: 1, UnitPrice: dec("1")})
			return fo
		}, ""},
		{"BRK-009 missing customer", nil, func() FulfillmentOrder {
			fo := one("SKU1", 1)
			fo.Detail.SoldTo.Address.Name = Name{First: "Ann"}
			return fo
		}, RejectMissingCustomer},
		{"BRK-009 company name is enough", nil, func() FulfillmentOrder {
			fo := one("SKU1", 1)
			fo.Detail.SoldTo.Address.Name = Name{Company: "ACME"}
			return fo
		}, ""},
		{"bad address", nil, func() FulfillmentOrder {
			fo := one("SKU1", 1)
			fo.Detail.Items[0].ShipTo.City = " "
			return fo
		}, RejectBadAddress},
		{"payment: no K98", func(s Settings) Settings { s.Flows.PaymentType = ""; return s },
			func() FulfillmentOrder { return one("SKU1", 1) }, RejectPaymentShort},
		{"payment: total below the lines", nil, func() FulfillmentOrder {
			fo := one("SKU1", 3)
			fo.Detail.Total = dec("2.99")
			return fo
		}, RejectPaymentShort},
		{"invalid quantity", nil, func() FulfillmentOrder { return one("SKU1", 0) }, RejectInvalidLine},
		{"no items", nil, func() FulfillmentOrder {
			fo := one("SKU1", 1)
			fo.Detail.Items = nil
			return fo
		}, RejectInvalidLine},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ss := s
			if c.s != nil {
				ss = c.s(s)
			}
			rej, _, err := CheckFulfillment(context.Background(), catalog, ss, src, c.fo())
			require.NoError(t, err)
			if c.reason == "" {
				assert.Empty(t, rej)
				return
			}
			require.NotEmpty(t, rej)
			assert.Equal(t, c.reason, rej[0].Reason)
			assert.ErrorIs(t, rej[0], ErrFulfillmentRejected)
		})
	}
	// BRK-164: the sold-out line is marked on the accepted order.
	fo := one("SKU1", 1)
	fo.Detail.Items = append(fo.Detail.Items, FulfillmentItem{ItemID: "OUT", Qty: 1, UnitPrice: dec("1")})
	d := receive(t, s, fo, nil)
	require.Equal(t, OutcomeAccepted, d.Outcome)
	assert.False(t, d.Order.Lines[0].SoldOut)
	assert.True(t, d.Order.Lines[1].SoldOut)
	// catalog failure: an error, no decision.
	_, _, err := CheckFulfillment(context.Background(), catalogFake{err: errors.New("db down")}, s, src, one("SKU1", 1))
	assert.ErrorContains(t, err, "db down")
}

func TestReceiveFulfillmentRejectedWritesNothing(t *testing.T) {
	// A rejected fulfillment: every reason, the rejected update, no customer resolved, no order.
	ctrl := gomock.NewController(t)
	cust := NewMockFulfillmentCustomers(ctrl) // no EXPECT: any call fails the test
	links := NewMockOrderLinks(ctrl)
	links.EXPECT().LinkByRequestID(gomock.Any(), "123456").Return(OrderLink{}, ErrLinkNotFound)
	fo := fOrder()
	fo.Detail.Items[0].ItemID = "NOPE"
	fo.Detail.SoldTo.Address.Name = Name{}
	d, err := ReceiveFulfillment(context.Background(), FulfillmentDeps{Catalog: catalog, Customers: cust, Links: links}, fSettings(), src, fo)
	require.NoError(t, err)
	assert.Equal(t, OutcomeRejected, d.Outcome)
	assert.Nil(t, d.Order)
	var reasons []RejectReason
	for _, r := range d.Rejections {
		reasons = append(reasons, r.Reason)
	}
	assert.Equal(t, []RejectReason{RejectUnknownItem, RejectMissingCustomer}, reasons)
	assert.ErrorContains(t, d.Err(), `item 1: item_id "NOPE"`)
	// BRK-213: rejected -> status update rejected; F3.04 event.
	st, ok := d.Update(fSettings())
	assert.True(t, ok)
	assert.Equal(t, OBRejected, st)
	assert.Equal(t, EventReceivedRejected, ReceivedOrderEvent(d).Kind)
}

func TestReceiveFulfillmentDuplicate(t *testing.T) {
	// Same request ID seen before: no second order, the customer not touched.
	links := &linksFake{}
	cust := &customersFake{}
	deps := FulfillmentDeps{Catalog: catalog, Customers: cust, Links: links}
	first, err := ReceiveFulfillment(context.Background(), deps, fSettings(), src, fOrder())
	require.NoError(t, err)
	require.Equal(t, OutcomeAccepted, first.Outcome)
	links.save(first.Link(OrderKey{Company: 6, Order: 500, ShipTo: 1}, fSettings()))
	again, err := ReceiveFulfillment(context.Background(), deps, fSettings(), src, fOrder())
	require.NoError(t, err)
	assert.Equal(t, OutcomeDuplicate, again.Outcome)
	assert.Nil(t, again.Order)
	require.NotNil(t, again.Existing)
	assert.Equal(t, 500, again.Existing.Fulfilling.Order)
	// the first answer (accepted) is repeated, since OB resends until it gets one.
	st, send := again.Update(fSettings())
	assert.True(t, send)
	assert.Equal(t, OBAccepted, st)
	assert.Equal(t, 1, cust.calls)
	// a failing duplicate check is an error, not a decision.
	ctrl := gomock.NewController(t)
	bad := NewMockOrderLinks(ctrl)
	bad.EXPECT().LinkByRequestID(gomock.Any(), "123456").Return(OrderLink{}, errors.New("link store down"))
	_, err = ReceiveFulfillment(context.Background(), FulfillmentDeps{Catalog: catalog, Links: bad}, fSettings(), src, fOrder())
	assert.ErrorContains(t, err, "link store down")
}

func TestReceiveFulfillmentBadInput(t *testing.T) {
	_, err := ReceiveFulfillment(context.Background(), FulfillmentDeps{}, fSettings(), src, FulfillmentOrder{RequestID: "1"})
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = ReceiveFulfillment(context.Background(), FulfillmentDeps{}, fSettings(), src, FulfillmentOrder{Detail: &FulfillmentDetailOrder{}})
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = ParseOrderID("abc", 6)
	assert.ErrorIs(t, err, ErrInvalidInput)
	k, err := ParseOrderID("ORIG#: 9999-001", 6)
	require.NoError(t, err)
	assert.Equal(t, OrderKey{Company: 6, Order: 9999, ShipTo: 1}, k)
}

func TestFulfillmentDecisionUpdate(t *testing.T) {
	s := fSettings()
	d := FulfillmentDecision{Outcome: OutcomeAccepted}
	// BRK-213: accepted -> accepted; held -> polled; in error -> polled only with L04.
	st, ok := d.Update(s)
	assert.True(t, ok)
	assert.Equal(t, OBAccepted, st)
	held := d.Settle(true, nil)
	assert.Equal(t, OutcomeHeld, held.Outcome)
	st, _ = held.Update(s)
	assert.Equal(t, OBPolled, st)
	inErr := d.Settle(true, []string{"price override over E55"})
	assert.Equal(t, OutcomeInError, inErr.Outcome)
	_, ok = inErr.Update(s)
	assert.False(t, ok)
	s.Flows.RePolling = true
	st, ok = inErr.Update(s)
	assert.True(t, ok && st == OBPolled)
	rej := FulfillmentDecision{Outcome: OutcomeRejected}
	assert.Equal(t, rej, rej.Settle(true, []string{"x"}))
	// the decision drives the F3 creation rows.
	assert.Equal(t, EventReceivedOpen, ReceivedOrderEvent(d).Kind)
	assert.Equal(t, EventReceivedHeld, ReceivedOrderEvent(held).Kind)
	dup := ReceivedOrderEvent(FulfillmentDecision{Outcome: OutcomeDuplicate})
	_, err := Engine{}.Apply(&ReceivedFromBroker, Record{}, dup)
	assert.ErrorIs(t, err, ErrInvalidTransition)
}

func FuzzParseOrderID(f *testing.F) {
	for _, s := range []string{"9999-001", "ORIG#: 1234-001", "", "-", "1-", "abc-1", "99999999999999999999-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		k, err := ParseOrderID(v, 6)
		if err != nil {
			assert.ErrorIs(t, err, ErrInvalidInput)
			return
		}
		assert.Positive(t, k.Order)
		assert.GreaterOrEqual(t, k.ShipTo, 0)
		assert.Equal(t, 6, k.Company)
	})
}

func TestReceivedTruncation(t *testing.T) {
	// BRK-210: values longer than the OMS field are truncated (e-commerce order number 30; messages 60).
	fo := fOrder()
	fo.OrderID = strings.Repeat("9", 40)
	fo.Detail.RefTransactionNo = strings.Repeat("P", 31)
	o, _ := BuildReceivedOrder(fSettings(), src, fo, StoreXref{}, t0, uuid.Nil)
	assert.Equal(t, strings.Repeat("9", 30), o.ECommerceOrderNumber)
	assert.Equal(t, strings.Repeat("P", 30), o.PONumber)
	for _, m := range o.Messages {
		assert.LessOrEqual(t, len([]rune(m.Text)), 60)
	}
}

func TestSplitMessage(t *testing.T) {
	// BRK-197, BRK-209: 60 characters a line, print flag kept; multibyte characters not split.
	long := strings.Repeat("é", 61)
	got := SplitMessage(long, 'B')
	require.Len(t, got, 2)
	assert.Equal(t, strings.Repeat("é", 60), got[0].Text)
	assert.Equal(t, byte('B'), got[1].Print)
	assert.Nil(t, SplitMessage("  ", 'B'))
}

// engageFake answers Customer Engagement calls.
type engageFake struct{ sent int }

func (e *engageFake) SendCustomer(context.Context, customer.SoldTo) (string, error) {
	e.sent++
	return "CE-1", nil
}

func (e *engageFake) Customer(_ context.Context, id string) (customer.SoldTo, error) {
	return customer.SoldTo{Name: customer.Name{First: "ann", Last: "lee"}, ORCEID: id}, nil
}

// orceStoreFake is the part of orce.FulfillmentStore the ORCE-id cases use.
type orceStoreFake struct {
	customer.Store
	byORCE  map[string]customer.SoldTo
	created []customer.SoldTo
	updated []customer.Number
}

func (f *orceStoreFake) SoldToByORCEID(_ context.Context, id string) (customer.SoldTo, error) {
	if c, ok := f.byORCE[id]; ok {
		return c, nil
	}
	return customer.SoldTo{}, fmt.Errorf("orce id %s: %w", id, customer.ErrNotFound)
}

func (f *orceStoreFake) CreateSoldTo(_ context.Context, c customer.SoldTo) (customer.SoldTo, error) {
	c.Number = customer.Number(500 + len(f.created))
	f.created = append(f.created, c)
	return c, nil
}

func (f *orceStoreFake) UpdateSoldTo(_ context.Context, n customer.Number, fn func(*customer.SoldTo) (*customer.SoldTo, error)) (customer.SoldTo, error) {
	cur := customer.SoldTo{Number: n}
	for _, c := range f.byORCE {
		if c.Number == n {
			cur = c
		}
	}
	next, err := fn(&cur)
	if err != nil {
		return customer.SoldTo{}, err
	}
	f.updated = append(f.updated, n)
	return *next, nil
}

func TestOrceCustomersM72(t *testing.T) {
	st := &orceStoreFake{byORCE: map[string]customer.SoldTo{"ORCE77": {Number: 13827, ORCEID: "ORCE77"}}}
	ce := &engageFake{}
	oc := OrceCustomers{Store: st, Engagement: ce, Settings: orce.Settings{Integration: scv.ORCEInteract, FulfillmentByORCEID: true}}
	deps := FulfillmentDeps{Catalog: catalog, Customers: oc, Now: func() time.Time { return t0 }}
	// BRK-175 case C: with L37 and M72, customer_no is the ORCE id: the customer holding it is used, nothing sent to CE.
	fo := fOrder()
	fo.Detail.SoldTo.CustomerNo = "ORCE77"
	d, err := ReceiveFulfillment(context.Background(), deps, fSettings(), src, fo)
	require.NoError(t, err)
	assert.Equal(t, orce.CaseC1, d.Customer.Plan.Case)
	assert.Equal(t, "13827", d.Order.CustomerNo)
	assert.Equal(t, 0, ce.sent)
	// BRK-175 case C: no customer holds it: the customer comes from Customer Engagement and is created.
	fo.Detail.SoldTo.CustomerNo = "ORCE99"
	d, err = ReceiveFulfillment(context.Background(), deps, fSettings(), src, fo)
	require.NoError(t, err)
	assert.Equal(t, orce.CaseC2, d.Customer.Plan.Case)
	require.Len(t, st.created, 1)
	assert.Equal(t, "ORCE99", st.created[0].ORCEID)
	assert.Equal(t, "500", d.Order.CustomerNo)
}
