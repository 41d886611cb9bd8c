package orce

//go:generate go tool mockgen -source=resolve.go -destination=mock_resolve_test.go -package=orce

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/omskit/omskit/customer"
)

// FulfillmentStore is what ResolveFulfillmentCustomer reads and writes: the
// customer store (selection, create, update) and the lookup by ORCE id.
type FulfillmentStore interface {
	customer.Store
	SoldToByORCEID(ctx context.Context, id string) (customer.SoldTo, error)
}

// FulfillmentResult is the answer of [ResolveFulfillmentCustomer].
type FulfillmentResult struct {
	Plan      FulfillmentPlan     // the ORC-012/ORC-013 decision
	Selection *customer.Selection // the sold-to selection, for A2, B3 and C3
	SoldTo    customer.SoldTo     // the customer of the order, as stored
	Created   bool                // the customer was created
	SentToCE  bool                // the customer was sent to Customer Engagement
}

// ResolveFulfillmentCustomer finds or creates the customer of a retail
// pickup or delivery order created from an Order Broker fulfillments
// response, following PlanFulfillmentCustomer (ORC-012 to ORC-014), applies
// the ORC-015 updates, and talks to Customer Engagement as the case says:
//
//   - A1, B1, B2: the customer named by customer_no is updated; in B1 and B2
//     the updated customer is sent to Customer Engagement, and in B2 the ORCE
//     id it returns is stored, in the same UpdateSoldTo transaction;
//   - A2, B3, C3: the standard sold-to selection (customer.SelectSoldTo) runs
//     on the response's name, address, phones and email; a customer found is
//     updated, else one is created (NewFromResponse); in B3 and C3 it is then
//     sent to Customer Engagement and the returned ORCE id stored;
//   - C1: the customer holding the ORCE id is updated (UpdateFromResponse);
//     nothing is sent;
//   - C2: Customer Engagement is asked for the customer and it is created,
//     in upper case, with that ORCE id.
//
// Customer Engagement is never called while a store transaction is open. A
// created customer is written before it is sent (the OMS number is part of
// what is sent); if the call then fails, the customer stays without an ORCE
// id and the error says so.
func ResolveFulfillmentCustomer(ctx context.Context, st FulfillmentStore, ce Engagement, s Settings, cs customer.Settings, customerNo string, in ResponseCustomer) (FulfillmentResult, error) {
	plan, err := PlanFulfillmentCustomer(ctx, st, s, customerNo)
	if err != nil {
		return FulfillmentResult{}, err
	}
	res := FulfillmentResult{Plan: plan}
	switch {
	case plan.Case == CaseC2:
		got, err := ce.Customer(ctx, plan.ORCEID)
		if err != nil {
			return res, fmt.Errorf("fetch ORCE customer %s: %w", plan.ORCEID, err)
		}
		c := customer.SoldTo{Name: customer.UpperName(got.Name), Address: customer.UpperAddress(got.Address),
			Phones: got.Phones, Email: customer.LowerEmail(got.Email), ORCEID: plan.ORCEID}
		if c.Email != "" {
			c.Emails = []string{c.Email}
		}
		created, err := st.CreateSoldTo(ctx, c)
		switch {
		case err == nil:
			res.SoldTo, res.Created = created, true
			return res, nil
		case errors.Is(err, customer.ErrSoldToExists) && created.ORCEID == "":
			// A concurrent message created the same customer without an
			// ORCE id: give it this one.
			if res.SoldTo, err = st.UpdateSoldTo(ctx, created.Number, func(cur *customer.SoldTo) (*customer.SoldTo, error) {
				cur.ORCEID = plan.ORCEID
				return cur, nil
			}); err != nil {
				return res, fmt.Errorf("assign ORCE id %s to customer %s: %w", plan.ORCEID, created.Number, err)
			}
			return res, nil
		case errors.Is(err, customer.ErrSoldToExists) && created.ORCEID == plan.ORCEID:
			res.SoldTo = created
			return res, nil
		default:
			return res, fmt.Errorf("create customer for ORCE id %s: %w", plan.ORCEID, err)
		}
	case plan.Customer != nil:
		return updateKnown(ctx, st, ce, s, plan, in, res)
	}

	req := customer.Request{Name: in.Name, Address: in.Address, Email: in.Email,
		Phones: customer.Phones{Day: digits(in.Phone1), Evening: digits(in.Phone2)}}
	req.Address.Line4 = ""
	sel, err := customer.SelectSoldTo(ctx, st, req, cs)
	if err != nil {
		return res, fmt.Errorf("fulfillments customer by name and address: %w", err)
	}
	res.Selection = &sel
	if sel.Create {
		created, err := st.CreateSoldTo(ctx, NewFromResponse(in))
		if err != nil && !errors.Is(err, customer.ErrSoldToExists) {
			return res, fmt.Errorf("create fulfillments customer %s: %w", strings.TrimSpace(in.Name.Last), err)
		}
		// ErrSoldToExists: a concurrent fulfillment created the same
		// customer; use it.
		res.SoldTo, res.Created = created, err == nil
	} else {
		if res.SoldTo, err = st.UpdateSoldTo(ctx, sel.Customer.Number, func(cur *customer.SoldTo) (*customer.SoldTo, error) {
			upd := UpdateFromResponse(s, plan, *cur, in)
			return &upd, nil
		}); err != nil {
			return res, fmt.Errorf("update fulfillments customer %s: %w", sel.Customer.Number, err)
		}
	}
	if !plan.SendToEngagement {
		return res, nil
	}
	id, err := ce.SendCustomer(ctx, res.SoldTo)
	if err != nil {
		return res, fmt.Errorf("send customer %s to Customer Engagement (no ORCE id stored): %w", res.SoldTo.Number, err)
	}
	res.SentToCE = true
	if id = strings.TrimSpace(id); id == "" || !plan.StoreReturnedORCEID || HasORCEID(res.SoldTo) {
		return res, nil
	}
	if res.SoldTo, err = st.UpdateSoldTo(ctx, res.SoldTo.Number, func(cur *customer.SoldTo) (*customer.SoldTo, error) {
		if !HasORCEID(*cur) {
			cur.ORCEID = id
		}
		return cur, nil
	}); err != nil {
		return res, fmt.Errorf("store ORCE id %s on customer %s: %w", id, res.SoldTo.Number, err)
	}
	return res, nil
}

// updateKnown handles the cases where customer_no named a customer (A1, B1,
// B2, C1): one UpdateSoldTo transaction, with Customer Engagement called
// before it when the case says so.
func updateKnown(ctx context.Context, st FulfillmentStore, ce Engagement, s Settings, plan FulfillmentPlan, in ResponseCustomer, res FulfillmentResult) (FulfillmentResult, error) {
	n := plan.Customer.Number
	id := ""
	if plan.SendToEngagement {
		var err error
		if id, err = ce.SendCustomer(ctx, UpdateFromResponse(s, plan, *plan.Customer, in)); err != nil {
			return res, fmt.Errorf("send customer %s to Customer Engagement: %w", n, err)
		}
		res.SentToCE = true
		id = strings.TrimSpace(id)
	}
	c, err := st.UpdateSoldTo(ctx, n, func(cur *customer.SoldTo) (*customer.SoldTo, error) {
		upd := UpdateFromResponse(s, plan, *cur, in)
		if plan.StoreReturnedORCEID && id != "" && !HasORCEID(upd) {
			upd.ORCEID = id
		}
		return &upd, nil
	})
	if err != nil {
		return res, fmt.Errorf("update fulfillments customer %s: %w", n, err)
	}
	res.SoldTo = c
	return res, nil
}
