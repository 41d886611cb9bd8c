package customer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ShipToType is the ship_to_type attribute (CUS-026).
type ShipToType int

// The three kinds of ship-to besides the sold-to's own address.
const (
	ShipToNone      ShipToType = 0 // no ship-to: the order ships to the sold-to
	ShipToOrder     ShipToType = 1 // order-level shipping address
	ShipToRecipient ShipToType = 2 // recipient customer (another sold-to)
	ShipToPermanent ShipToType = 3 // permanent ship-to of the sold-to
)

// ShipToRequest is the ship-to data of a CWORDERIN ShipTo element.
type ShipToRequest struct {
	Type                  ShipToType // ship_to_type
	CustomerShipToNumber  string     // customer_ship_to_number (numeric)
	AltShipToID           string     // alternate_ship_to_id; must be blank (CUS-026)
	PermanentShipToNumber string     // permanent_ship_to_number (numeric)
	Name                  Name       // ship_to name attributes (from ship_to_prefix)
	Address               Address    // ship_to address attributes
	Phones                Phones     // ship_to phones
}

// ShipToSelection is the answer of [SelectShipTo]: what the order ships to,
// the rule that decided and, when Create is true, the record to create.
type ShipToSelection struct {
	Type ShipToType // the ship_to_type decided on
	Rule string     // the CUS id and a description, e.g. "CUS-028 recipient by customer_ship_to_number"
	// OrderAddress is set for an order-level address (type 1).
	OrderName    Name     // order-level ship-to name (type 1)
	OrderAddress *Address // order-level ship-to address (type 1); nil otherwise
	// Recipient is the recipient customer (type 2); NewRecipient is the
	// customer to create when Create is true.
	Recipient    SoldTo  // the recipient customer (type 2)
	NewRecipient *SoldTo // the recipient to create when Create
	// Permanent is the permanent ship-to (type 3); NewPermanent is the one to
	// create when Create is true.
	Permanent    PermanentShipTo  // the permanent ship-to (type 3)
	NewPermanent *PermanentShipTo // the permanent ship-to to create when Create
	Create       bool             // a record is to be created (ApplyShipTo)
	Candidates   []Number         // the customers an exact match found (type 2)
}

// SelectShipTo chooses the ship-to of an order for sold-to soldTo (B.3). It
// only reads; [ApplyShipTo] performs a creation it decides. Existing
// recipients and permanent ship-tos are never updated from the ship-to
// attributes (CUS-034).
//
// Choices where the source is silent (order-api.md C-18, C-19): several exact
// matches choose the highest customer number (type 2) or sequence (type 3);
// a non-blank alternate_ship_to_id, a type 1 with a customer or permanent
// ship-to number, a type 2 with a permanent ship-to number and a type 3 whose
// customer_ship_to_number is not the order's sold-to are each a
// *FieldError, since their meaning is not described. "Exact match" compares
// as Settings.ShipToMatch says (C-27; by default the F70 fields trimmed and
// case-insensitively, MatchRules.Exact).
func SelectShipTo(ctx context.Context, f ShipToFinder, soldTo Number, req ShipToRequest, s Settings) (ShipToSelection, error) {
	rules := s.rules()
	sel := ShipToSelection{Type: req.Type}
	if v := strings.TrimSpace(req.AltShipToID); v != "" {
		return sel, &FieldError{Field: "alternate_ship_to_id", Value: req.AltShipToID, Rule: "must be blank (CUS-026)"}
	}
	custNo, err := ParseNumber("customer_ship_to_number", req.CustomerShipToNumber)
	if err != nil {
		return sel, err
	}
	permNo, err := parseDigits("permanent_ship_to_number", req.PermanentShipToNumber, 3)
	if err != nil {
		return sel, err
	}
	switch req.Type {
	case ShipToNone:
		sel.Rule = "no ship-to: the order ships to the sold-to"
		return sel, nil
	case ShipToOrder:
		if custNo != 0 || permNo != 0 {
			return sel, &FieldError{Field: "customer_ship_to_number", Value: req.CustomerShipToNumber + "/" + req.PermanentShipToNumber,
				Rule: "must be blank with ship_to_type 1 (CUS-027)"}
		}
		if !canCreate(req.Name, req.Address) {
			return sel, validation(missingIdentity("ship_to", req.Name, req.Address))
		}
		a := UpperAddress(req.Address)
		sel.OrderName, sel.OrderAddress = UpperName(req.Name), &a
		sel.Rule = "CUS-027 order-level address; no customer matched or created"
		return sel, nil
	case ShipToRecipient:
		return selectRecipient(ctx, f, custNo, permNo, req, rules, s.ShipToMatch, sel)
	case ShipToPermanent:
		return selectPermanent(ctx, f, soldTo, custNo, int(permNo), req, rules, s.ShipToMatch, sel)
	}
	return sel, &FieldError{Field: "ship_to_type", Value: strconv.Itoa(int(req.Type)), Rule: "must be 1, 2 or 3"}
}

func selectRecipient(ctx context.Context, f ShipToFinder, custNo Number, permNo int64, req ShipToRequest, rules MatchRules, mode MatchMode, sel ShipToSelection) (ShipToSelection, error) {
	if permNo != 0 {
		return sel, &FieldError{Field: "permanent_ship_to_number", Value: req.PermanentShipToNumber,
			Rule: "must be blank with ship_to_type 2 (CUS-028)"}
	}
	if custNo != 0 {
		c, err := f.SoldTo(ctx, custNo)
		switch {
		case err == nil:
			sel.Recipient, sel.Rule = c, "CUS-028 recipient by customer_ship_to_number"
			return sel, nil
		case !errors.Is(err, ErrNotFound):
			return sel, fmt.Errorf("recipient %s: %w", custNo, err)
		}
	}
	if key := rules.Key(req.Name, req.Address); key != "" {
		cs, err := f.SoldTosByMatchKey(ctx, key)
		if err != nil {
			return sel, fmt.Errorf("recipient by name and address: %w", err)
		}
		var best *SoldTo
		for i := range cs {
			if mode.equal(rules, cs[i].Name, cs[i].Address, req.Name, req.Address) {
				sel.Candidates = append(sel.Candidates, cs[i].Number)
				if best == nil || cs[i].Number > best.Number {
					best = &cs[i]
				}
			}
		}
		if best != nil {
			sel.Recipient, sel.Rule = *best, "CUS-029 recipient by exact name and address match"
			return sel, nil
		}
	}
	if !canCreate(req.Name, req.Address) {
		return sel, validation(missingIdentity("ship_to", req.Name, req.Address))
	}
	n := SoldTo{Name: UpperName(req.Name), Address: UpperAddress(req.Address), Phones: req.Phones}
	sel.NewRecipient, sel.Create = &n, true
	sel.Rule = "CUS-030 recipient created from the ship-to name and address"
	return sel, nil
}

func selectPermanent(ctx context.Context, f ShipToFinder, soldTo, custNo Number, permNo int, req ShipToRequest, rules MatchRules, mode MatchMode, sel ShipToSelection) (ShipToSelection, error) {
	if custNo != 0 && custNo != soldTo {
		return sel, &FieldError{Field: "customer_ship_to_number", Value: req.CustomerShipToNumber,
			Rule: "must be the order's sold-to " + soldTo.String() + " with ship_to_type 3 (CUS-031)"}
	}
	ps, err := f.PermanentShipTos(ctx, soldTo)
	if err != nil {
		return sel, fmt.Errorf("permanent ship-tos of %s: %w", soldTo, err)
	}
	if permNo != 0 {
		for _, p := range ps {
			if p.Seq == permNo {
				sel.Permanent, sel.Rule = p, "CUS-031 permanent ship-to by number"
				return sel, nil
			}
		}
	}
	var best *PermanentShipTo
	maxSeq := 0
	for i := range ps {
		maxSeq = max(maxSeq, ps[i].Seq)
		if mode.equal(rules, ps[i].Name, ps[i].Address, req.Name, req.Address) && (best == nil || ps[i].Seq > best.Seq) {
			best = &ps[i]
		}
	}
	if best != nil {
		sel.Permanent, sel.Rule = *best, "CUS-032 permanent ship-to by exact name and address match"
		return sel, nil
	}
	if !canCreate(req.Name, req.Address) {
		return sel, validation(missingIdentity("ship_to", req.Name, req.Address))
	}
	p := PermanentShipTo{Customer: soldTo, Seq: maxSeq + 1, Name: UpperName(req.Name), Address: UpperAddress(req.Address), Phones: req.Phones}
	sel.NewPermanent, sel.Create = &p, true
	sel.Rule = "CUS-033 permanent ship-to created"
	return sel, nil
}

// ApplyShipTo creates the recipient or permanent ship-to that sel decided to
// create and returns sel with the stored record filled in. It writes nothing
// when sel.Create is false.
func ApplyShipTo(ctx context.Context, w ShipToWriter, sel ShipToSelection) (ShipToSelection, error) {
	if !sel.Create {
		return sel, nil
	}
	switch {
	case sel.NewRecipient != nil:
		c, err := w.CreateSoldTo(ctx, *sel.NewRecipient)
		if err != nil && !errors.Is(err, ErrSoldToExists) {
			return sel, fmt.Errorf("create recipient %s: %w", sel.NewRecipient.Name.Last, err)
		}
		// ErrSoldToExists: a concurrent order created the same recipient;
		// it is the one to ship to.
		sel.Recipient = c
	case sel.NewPermanent != nil:
		p, err := w.CreatePermanentShipTo(ctx, *sel.NewPermanent)
		if err != nil {
			return sel, fmt.Errorf("create permanent ship-to for %s: %w", sel.NewPermanent.Customer, err)
		}
		sel.Permanent = p
	}
	return sel, nil
}
