package order

import (
	"context"
	"errors"
	"fmt"

	"github.com/omskit/omskit/customer"
)

// CustomerSelector is the SoldToSelector built on the customer package
// (order-api.md Part B): it chooses the sold-to with customer.SelectSoldTo
// (steps 1 to 7) and, unless SelectOnly, creates it or applies the B.2
// updates with customer.Resolve. The result carries the step and the reason
// that chose the customer (SoldToResult.Step, SoldToResult.Reason), which
// Intake records in Result.SoldTo and in the customer step's detail.
//
// Transactions: asked to defer (SoldToRequest.Deferred, which the intake
// does when its store is a SoldToCommitter), the selector writes nothing and
// returns the customer to create, or the updates of the chosen one, in
// SoldToResult.Write; the store commits them with the order, so an order
// whose commit fails leaves no customer behind. Otherwise customer writes
// are customer.Store transactions of their own, made before the order's
// commit (as OMS creates the customer records before the order edit,
// ORD-003); an order whose commit then fails leaves the customer created or
// updated (use SelectOnly where that matters).
type CustomerSelector struct {
	// Store finds, creates and updates sold-to customers.
	Store customer.Store
	// Settings are the customer rules' settings. The intake's SCV snapshot
	// overrides I20 (PhoneSearch), H87 (UpdateSoldToWithBillTo) and, when
	// F70 has entries, F70 (Match), so one snapshot serves the whole message
	// (ORD-011).
	Settings customer.Settings
	// Options are passed to customer.Resolve / customer.SelectSoldTo (the
	// President's Club and individual hooks).
	Options []customer.Option
	// SelectOnly makes the selector read only: it reports the customer the
	// rules choose, and for step 7 Created with no customer number, and
	// writes nothing.
	SelectOnly bool
}

var _ SoldToSelector = CustomerSelector{}

// SelectSoldTo chooses (and unless SelectOnly creates or updates) the
// sold-to for req. A request the customer rules refuse (a customer_number
// that is not numeric, an alternate id too long, not enough name and address
// to create a customer) gives an error wrapping ErrRejected and the
// customer package's error (customer.ErrInvalidField,
// customer.ErrInsufficientIdentity), and nothing is written. The bill-to is
// bill_to_number as sent, else the Bill to number held on the sold-to.
func (c CustomerSelector) SelectSoldTo(ctx context.Context, req SoldToRequest) (SoldToResult, error) {
	if c.Store == nil {
		return SoldToResult{}, fmt.Errorf("customer selector: no customer store: %w", ErrMissingValue)
	}
	s := c.Settings
	s.PhoneSearch = req.Settings.IncludePhoneInSearch
	s.UpdateSoldToWithBillTo = req.Settings.UpdateSoldToWithBillTo
	if len(req.Settings.PhoneInterfaceValues) > 0 {
		r, err := customer.ParseMatchRules(req.Settings.PhoneInterfaceValues)
		if err != nil {
			return SoldToResult{}, fmt.Errorf("customer selector: F70 %q: %w", req.Settings.PhoneInterfaceValues, err)
		}
		s.Match = r
	}
	creq := CustomerRequest(req.SoldTo)
	var (
		sel     customer.Selection
		sold    customer.SoldTo
		created bool
		err     error
	)
	var write *SoldToWrite
	switch {
	case c.SelectOnly:
		sel, err = customer.SelectSoldTo(ctx, c.Store, creq, s, c.Options...)
		sold, created = sel.Customer, sel.Create
	case req.Deferred:
		var p customer.Plan
		p, err = customer.PlanSoldTo(ctx, c.Store, creq, s, c.Options...)
		sel, sold, created = p.Selection, p.SoldTo, p.Create
		switch {
		case err != nil:
		case p.Create:
			write = &SoldToWrite{Rules: s.MatchRules(), Create: true, New: p.SoldTo}
		case len(p.Changes) > 0:
			write = &SoldToWrite{Rules: s.MatchRules(), Number: sel.Customer.Number, Update: p.Update}
		}
	default:
		var res customer.Resolution
		res, err = customer.Resolve(ctx, c.Store, creq, s, c.Options...)
		sel, sold, created = res.Selection, res.SoldTo, res.Created
	}
	if err != nil {
		var ve *customer.ValidationError
		if errors.As(err, &ve) || errors.Is(err, customer.ErrInvalidField) || errors.Is(err, customer.ErrInsufficientIdentity) {
			return SoldToResult{}, fmt.Errorf("%w: sold-to: %w", ErrRejected, err)
		}
		return SoldToResult{}, fmt.Errorf("sold-to: %w", err)
	}
	out := SoldToResult{AlternateID: sold.AltCustNo, ExistingEmail: sel.Customer.Email,
		Step: string(sel.Step), Reason: sel.Reason(), Created: created, BillToNumber: req.BillToNumber, Write: write}
	if sold.Number != 0 {
		out.CustomerNumber = sold.Number.String()
	}
	if out.BillToNumber == "" && sold.BillTo != 0 {
		out.BillToNumber = sold.BillTo.String()
	}
	return out, nil
}

// CustomerRequest turns the sold-to identity an order carries into the
// customer package's request (the sold_to_* attributes and update flags).
func CustomerRequest(s SoldTo) customer.Request {
	return customer.Request{
		CustomerNumber: s.CustomerNumber,
		AltSoldToID:    s.AlternateID,
		ProspectID:     s.ProspectID,
		Name:           customer.Name{First: s.FirstName, Last: s.LastName, Company: s.Company},
		Address: customer.Address{Line1: s.Address1, Apartment: s.Apartment, City: s.City, State: s.State,
			Zip: s.Zip, Country: s.Country},
		Phones:        customer.Phones{Day: s.DayPhone, Evening: s.EvePhone},
		Email:         s.Email,
		AddressUpdate: s.AddressUpdate,
		EmailUpdate:   s.EmailUpdate,
	}
}
