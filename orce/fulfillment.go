package orce

//go:generate go tool mockgen -source=fulfillment.go -destination=mock_fulfillment_test.go -package=orce

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/omskit/omskit/customer"
)

// FulfillmentCase is a row of the ORC-013 table.
type FulfillmentCase string

// The cases of ORC-013 (seed 002 "Customer Mapping and Updates").
const (
	CaseA1 FulfillmentCase = "A1" // L37 off (or M72 off): valid OMS number → that customer
	CaseA2 FulfillmentCase = "A2" // L37 off: invalid or missing → name and address matching
	CaseB1 FulfillmentCase = "B1" // L37 on, M72 off: valid number, customer has an ORCE id
	CaseB2 FulfillmentCase = "B2" // L37 on, M72 off: valid number, customer has no ORCE id
	CaseB3 FulfillmentCase = "B3" // L37 on, M72 off: invalid or missing → matching, send to CE
	CaseC1 FulfillmentCase = "C1" // L37 on, M72 on: ORCE id held by a customer
	CaseC2 FulfillmentCase = "C2" // L37 on, M72 on: ORCE id held by nobody → fetch from CE
	CaseC3 FulfillmentCase = "C3" // L37 on, M72 on: missing → matching, send to CE
)

// FulfillmentFinder is what PlanFulfillmentCustomer reads.
type FulfillmentFinder interface {
	SoldTo(ctx context.Context, n customer.Number) (customer.SoldTo, error)
	// SoldToByORCEID returns the customer holding ORCE id id, or an error
	// wrapping customer.ErrNotFound.
	SoldToByORCEID(ctx context.Context, id string) (customer.SoldTo, error)
}

// FulfillmentPlan says how the customer of an Order Broker fulfillments
// response is found or created, and what is sent to Customer Engagement.
type FulfillmentPlan struct {
	Case FulfillmentCase // the ORC-013 row
	Rule string          // the rule and why, in words
	// ReadAsORCEID is how customer_no was read (ORC-012).
	ReadAsORCEID bool
	// Customer is the customer found (A1, B1, B2, C1).
	Customer *customer.SoldTo
	// ValidNumber is true when customer_no was a valid OMS customer number
	// (A1, B1, B2); it limits the ORC-015 name and address update (K97).
	ValidNumber bool
	// MatchNameAddress: find or create the customer with the standard
	// sold-to selection on the response's name and address (A2, B3, C3).
	MatchNameAddress bool
	// FetchFromEngagement: ask Customer Engagement for ORCEID's customer and
	// create it from the answer (C2).
	FetchFromEngagement bool
	ORCEID              string // the ORCE id read from customer_no (C1, C2)
	// SendToEngagement: send the customer, after its update, to Customer
	// Engagement (B1, B2, B3, C3); not in C1.
	SendToEngagement bool
	// StoreReturnedORCEID: store the ORCE id Customer Engagement returns on
	// the customer (B2, B3, C3).
	StoreReturnedORCEID bool
	// ApplyResponseUpdates: the ORC-015 updates apply (cases A, B, C3).
	ApplyResponseUpdates bool
	// Warning reports an invalid customer_no; the order is still created.
	// Seed 002 logs it in APP.log; the library returns it instead (Z-11).
	Warning string
}

// PlanFulfillmentCustomer decides how the customer_no of a fulfillments
// response that creates a retail pickup or delivery order is read (ORC-012)
// and which ORC-013 case applies, reading customer numbers with or without
// leading zeros (ORC-014). It only reads.
//
// Choices: L37 off with M72 selected is case A (orce.md Z-07, ORC-012). With
// L37 on and M72 selected, customer_no is always an ORCE id (Z-08): an OMS
// number that no customer holds as ORCE id is case C2. An ORCE id is looked
// up as given and, when it is all digits with leading zeros (SubmitOrder pads
// it, ORC-011), also without them.
func PlanFulfillmentCustomer(ctx context.Context, f FulfillmentFinder, s Settings, customerNo string) (FulfillmentPlan, error) {
	raw := strings.TrimSpace(customerNo)
	if CustomerID(FulfillmentMapping, s, customer.SoldTo{}).ORCE {
		p := FulfillmentPlan{ReadAsORCEID: true}
		if raw == "" {
			p.Case, p.MatchNameAddress, p.SendToEngagement, p.StoreReturnedORCEID, p.ApplyResponseUpdates = CaseC3, true, true, true, true
			p.Rule = "ORC-013 C3: no customer_no; name and address matching, then send to Customer Engagement and store the returned ORCE id"
			return p, nil
		}
		c, err := byORCEID(ctx, f, raw)
		switch {
		case err == nil:
			p.Case, p.Customer, p.ORCEID = CaseC1, &c, c.ORCEID
			p.Rule = fmt.Sprintf("ORC-013 C1: ORCE id %s is held by customer %s; no update sent to Customer Engagement", raw, c.Number)
			return p, nil
		case !errors.Is(err, customer.ErrNotFound):
			return FulfillmentPlan{}, fmt.Errorf("fulfillments customer_no %q: %w", raw, err)
		}
		p.Case, p.FetchFromEngagement, p.ORCEID = CaseC2, true, raw
		p.Rule = fmt.Sprintf("ORC-013 C2: no customer holds ORCE id %s; fetch it from Customer Engagement and create it", raw)
		return p, nil
	}

	on := s.IntegrationOn()
	p := FulfillmentPlan{ApplyResponseUpdates: true}
	var found *customer.SoldTo
	if raw != "" {
		if n, ok := ParseCustomerNo(raw); ok {
			c, err := f.SoldTo(ctx, n)
			switch {
			case err == nil:
				found = &c
			case !errors.Is(err, customer.ErrNotFound):
				return FulfillmentPlan{}, fmt.Errorf("fulfillments customer_no %q: %w", raw, err)
			}
		}
		if found == nil {
			p.Warning = fmt.Sprintf("fulfillments customer_no %q is not a valid customer number; using name and address matching", raw)
		}
	}
	switch {
	case found != nil && !on:
		p.Case, p.Customer, p.ValidNumber = CaseA1, found, true
		p.Rule = "ORC-013 A1: customer_no " + raw + " is customer " + found.Number.String()
	case found == nil && !on:
		p.Case, p.MatchNameAddress = CaseA2, true
		p.Rule = "ORC-013 A2: customer_no invalid or missing; name and address matching"
	case found != nil && HasORCEID(*found):
		p.Case, p.Customer, p.ValidNumber, p.SendToEngagement = CaseB1, found, true, true
		p.Rule = "ORC-013 B1: customer " + found.Number.String() + " has an ORCE id; update it and send the update to Customer Engagement"
	case found != nil:
		p.Case, p.Customer, p.ValidNumber, p.SendToEngagement, p.StoreReturnedORCEID = CaseB2, found, true, true, true
		p.Rule = "ORC-013 B2: customer " + found.Number.String() + " has no ORCE id; update, send to Customer Engagement, store the returned ORCE id"
	default:
		p.Case, p.MatchNameAddress, p.SendToEngagement, p.StoreReturnedORCEID = CaseB3, true, true, true
		p.Rule = "ORC-013 B3: customer_no invalid or missing; name and address matching, send to Customer Engagement, store the returned ORCE id"
	}
	return p, nil
}

func byORCEID(ctx context.Context, f FulfillmentFinder, id string) (customer.SoldTo, error) {
	c, err := f.SoldToByORCEID(ctx, id)
	if err == nil || !errors.Is(err, customer.ErrNotFound) {
		return c, err
	}
	if t := strings.TrimLeft(id, "0"); t != id && t != "" && strings.Trim(id, "0123456789") == "" {
		return f.SoldToByORCEID(ctx, t)
	}
	return c, err
}

// ResponseCustomer is the sold-to data of a fulfillments response.
type ResponseCustomer struct {
	Name    customer.Name    // sold-to name
	Address customer.Address // sold-to address
	Email   string           // sold-to email
	Phone1  string           // updates the day phone (K97)
	Phone2  string           // updates the evening phone (K97)
}

func digits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// NewFromResponse builds a customer created from a fulfillments response
// (ORC-015): the name in upper case even when Order Broker sent mixed case,
// the fourth address line not used, phones with non-numeric characters
// removed (phone1 day, phone2 evening), the email lower case.
func NewFromResponse(in ResponseCustomer) customer.SoldTo {
	a := customer.UpperAddress(in.Address)
	a.Line4 = ""
	c := customer.SoldTo{
		Name:    customer.UpperName(in.Name),
		Address: a,
		Phones:  customer.Phones{Day: digits(in.Phone1), Evening: digits(in.Phone2)},
	}
	if e := customer.LowerEmail(in.Email); e != "" {
		c.Email, c.Emails = e, []string{e}
	}
	return c
}

// UpdateFromResponse applies the ORC-015 updates of a fulfillments response
// to an existing customer found under plan, and returns the updated copy:
//
//   - name and address are replaced from the response, except that the
//     fourth address line is not used, and not at all when customer_no was a
//     valid customer number and K97 is not selected;
//   - the email is replaced only when K96 is selected;
//   - with K97 selected, phone1 replaces the day phone and phone2 the
//     evening phone, with non-numeric characters removed; a phone not sent
//     is kept.
//
// For case C1 ("update the customer record if needed", no rule given) the
// same rules apply as for a valid customer number (inferred).
func UpdateFromResponse(s Settings, plan FulfillmentPlan, cur customer.SoldTo, in ResponseCustomer) customer.SoldTo {
	c := cur.Clone()
	validNumber := plan.ValidNumber || plan.Case == CaseC1
	if !validNumber || s.BrokeredAddressUpdate {
		if !in.Name.IsZero() || !in.Address.IsZero() {
			line4 := c.Address.Line4
			c.Name = in.Name
			c.Address = in.Address
			c.Address.Line4 = line4
		}
	}
	if s.BrokeredEmailUpdate {
		if e := customer.LowerEmail(in.Email); e != "" {
			c.Email = e
			emails := []string{e}
			for _, old := range c.Emails {
				if old != e {
					emails = append(emails, old)
				}
			}
			c.Emails = emails
		}
	}
	if s.BrokeredAddressUpdate {
		if p := digits(in.Phone1); p != "" {
			c.Phones.Day = p
		}
		if p := digits(in.Phone2); p != "" {
			c.Phones.Evening = p
		}
	}
	return c
}
