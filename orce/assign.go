package orce

//go:generate go tool mockgen -source=assign.go -destination=mock_assign_test.go -package=orce

import (
	"context"
	"fmt"
	"strings"

	"github.com/omskit/omskit/customer"
)

// AssignDecision is the answer of [ShouldAssignORCEID].
type AssignDecision struct {
	// Applies is false when the ORC-007 rule does not apply at all (the
	// customer already has an ORCE id, the message gives no customer number,
	// or it gives other identifying information, or L37 is off).
	Applies bool
	// Assign is true when a new ORCE id is to be assigned.
	Assign bool
	// Reason names the rule and why.
	Reason string
}

// HasOtherIdentity reports whether a CWOrderIn request gives identifying
// information besides the customer number. Seed 000 names only "the
// customer's first and last name" as an example (orce.md Z-03); the library
// counts any name part (first, last, company) and address line 1 or zip.
func HasOtherIdentity(req customer.Request) bool {
	for _, v := range []string{req.Name.First, req.Name.Last, req.Name.Company, req.Address.Line1, req.Address.Zip} {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// ShouldAssignORCEID decides whether an existing customer, identified by a
// CWOrderIn message, is given a new ORCE customer id (ORC-007, CUS-025). The
// rule applies when the customer has no ORCE id, the message gives the
// customer number and no other identifying information (HasOtherIdentity).
// Then an id is assigned only if the message also gives an email address or
// the existing record already has one.
//
// Choices (Z-03): nothing is assigned unless L37 = INTERACT; when the message
// does give other identifying information the rule does not apply and this
// function assigns nothing (the standard flow decides). A customer that
// already has an ORCE id keeps it.
func ShouldAssignORCEID(s Settings, req customer.Request, existing customer.SoldTo) AssignDecision {
	switch {
	case !s.IntegrationOn():
		return AssignDecision{Reason: "ORC-007: L37 is not INTERACT"}
	case HasORCEID(existing):
		return AssignDecision{Reason: fmt.Sprintf("ORC-007: customer %s already has ORCE id %s; kept", existing.Number, strings.TrimSpace(existing.ORCEID))}
	case strings.TrimSpace(req.CustomerNumber) == "":
		return AssignDecision{Reason: "ORC-007: the message gives no customer number"}
	case HasOtherIdentity(req):
		return AssignDecision{Reason: "ORC-007: the message gives other identifying information (name or address)"}
	}
	switch {
	case strings.TrimSpace(req.Email) != "":
		return AssignDecision{Applies: true, Assign: true, Reason: "ORC-007: the message gives customer number and email address"}
	case strings.TrimSpace(existing.Email) != "" || len(existing.Emails) > 0:
		return AssignDecision{Applies: true, Assign: true, Reason: fmt.Sprintf("ORC-007: customer %s already has an email address", existing.Number)}
	}
	return AssignDecision{Applies: true, Reason: fmt.Sprintf("ORC-007: no email in the message and none on customer %s", existing.Number)}
}

// Engagement is the host's Customer Engagement client. How ids are obtained
// from Customer Engagement is out of scope (ORC-007); the library only calls
// it.
type Engagement interface {
	// SendCustomer sends the customer (new or updated) to Customer
	// Engagement and returns its ORCE customer id.
	SendCustomer(ctx context.Context, c customer.SoldTo) (orceID string, err error)
	// Customer asks Customer Engagement for the customer holding an ORCE id
	// (ORC-013 case C2).
	Customer(ctx context.Context, orceID string) (customer.SoldTo, error)
}

// AssignORCEID applies ORC-007: when ShouldAssignORCEID says so, it asks
// Customer Engagement for an id and stores it on the customer in one
// UpdateSoldTo transaction. It returns the decision and the customer as
// stored. When the decision is not to assign, nothing is called or written.
func AssignORCEID(ctx context.Context, w customer.Writer, ce Engagement, s Settings, req customer.Request, existing customer.SoldTo) (AssignDecision, customer.SoldTo, error) {
	d := ShouldAssignORCEID(s, req, existing)
	if !d.Assign {
		return d, existing, nil
	}
	id, err := ce.SendCustomer(ctx, existing)
	if err != nil {
		return d, existing, fmt.Errorf("assign ORCE id to customer %s: %w", existing.Number, err)
	}
	id = strings.TrimSpace(id)
	if id == "" {
		return d, existing, fmt.Errorf("assign ORCE id to customer %s: Customer Engagement returned a blank id: %w", existing.Number, customer.ErrInvalidField)
	}
	c, err := w.UpdateSoldTo(ctx, existing.Number, func(cur *customer.SoldTo) (*customer.SoldTo, error) {
		if HasORCEID(*cur) { // assigned meanwhile: keep it
			return cur, nil
		}
		cur.ORCEID = id
		return cur, nil
	})
	if err != nil {
		return d, existing, fmt.Errorf("store ORCE id %s on customer %s: %w", id, existing.Number, err)
	}
	return d, c, nil
}
