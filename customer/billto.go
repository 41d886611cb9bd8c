package customer

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// BillToStep is the step of bill-to selection that decided (CUS-036).
type BillToStep string

// The bill-to steps, in the order they are tried.
const (
	BillToNone        BillToStep = "0"  // no bill-to (no A/R payment and nothing named; C-28)
	BillToByNumber    BillToStep = "1"  // bill_to_number names an existing bill-to
	BillToExactMatch  BillToStep = "2a" // the message's bill-to name and address match one exactly
	BillToFromMessage BillToStep = "2b" // created from the message's bill-to name and address
	BillToOfSoldTo    BillToStep = "3"  // the Bill to number held on the sold-to
	BillToSoldToMatch BillToStep = "4"  // matches the sold-to's name and address; highest number
	BillToFromSoldTo  BillToStep = "5"  // created from the sold-to and assigned to it
)

// BillToRequest is the bill-to data of an order.
type BillToRequest struct {
	Number       string  // bill_to_number (numeric 7)
	Name         Name    // bill-to name attributes
	Address      Address // bill-to address attributes
	Phones       Phones  // bill-to phones
	HasARPayment bool    // the order uses an A/R payment method
}

// BillToSelection is the answer of [SelectBillTo].
type BillToSelection struct {
	Step   BillToStep // the step that decided
	Reason string     // why, in words
	// BillTo is the chosen bill-to; when Create is true, New is the one to
	// create and BillTo is filled in by ApplyBillTo.
	BillTo BillTo
	Create bool   // a new bill-to is to be created
	New    BillTo // the bill-to to create (no number yet)
	// AssignToSoldTo is true when the new bill-to is also assigned to the
	// sold-to (step 5), whatever H87 says (CUS-039).
	AssignToSoldTo bool
	Candidates     []BillToNumber // the bill-tos the deciding step matched
}

// SelectBillTo chooses the bill-to of an order whose sold-to is sold (B.4).
// It only reads; [ApplyBillTo] performs the creation it decides. An existing
// bill-to is never updated from the message (CUS-037), and a bill-to the
// message names or describes is used even when the sold-to has another one
// (CUS-038); the sold-to is then not reassigned (inferred).
//
// The steps of CUS-036 are stated for orders with an A/R payment method.
// Steps 1 and 2 (a bill-to the message names or describes) run for every
// order (CUS-035, CUS-040). Steps 3 to 5 run for other orders only when
// Settings.BillToFallbackWithoutAR is set (C-28); otherwise such an order
// gets BillToNone. "Exact match" (step 2) compares as Settings.BillToMatch
// says (by default the F70 fields trimmed and case-insensitively); several
// exact matches choose the highest number (C-18, C-20). A bill-to created at step 2 is not assigned to the sold-to
// (inferred, C-20).
func SelectBillTo(ctx context.Context, f BillToFinder, sold SoldTo, req BillToRequest, s Settings) (BillToSelection, error) {
	rules := s.rules()
	n, err := ParseBillToNumber("bill_to_number", req.Number)
	if err != nil {
		return BillToSelection{}, err
	}
	if n != 0 {
		b, err := f.BillTo(ctx, n)
		switch {
		case err == nil:
			return BillToSelection{Step: BillToByNumber, BillTo: b,
				Reason: "bill_to_number " + n.String() + " names an existing bill-to"}, nil
		case !errors.Is(err, ErrNotFound):
			return BillToSelection{}, fmt.Errorf("bill-to %s: %w", n, err)
		}
	}
	if req.HasNameOrAddress() {
		cands, err := matchBillTos(ctx, f, rules, req.Name, req.Address)
		if err != nil {
			return BillToSelection{}, err
		}
		var best *BillTo
		var nums []BillToNumber
		for i := range cands {
			if s.BillToMatch.equal(rules, cands[i].Name, cands[i].Address, req.Name, req.Address) {
				nums = append(nums, cands[i].Number)
				if best == nil || cands[i].Number > best.Number {
					best = &cands[i]
				}
			}
		}
		slices.Sort(nums)
		if best != nil {
			return BillToSelection{Step: BillToExactMatch, BillTo: *best, Candidates: nums,
				Reason: "the message's bill-to name and address exactly match bill-to " + best.Number.String()}, nil
		}
		if !canCreate(req.Name, req.Address) {
			return BillToSelection{}, validation(missingIdentity("bill_to", req.Name, req.Address))
		}
		return BillToSelection{Step: BillToFromMessage, Create: true,
			New:    BillTo{Name: UpperName(req.Name), Address: UpperAddress(req.Address), Phones: req.Phones},
			Reason: "the message's bill-to name and address match no bill-to; a new one is created"}, nil
	}
	if !req.HasARPayment && !s.BillToFallbackWithoutAR {
		return BillToSelection{Step: BillToNone, Reason: "no A/R payment method and no bill-to in the message"}, nil
	}
	if sold.BillTo != 0 {
		b, err := f.BillTo(ctx, sold.BillTo)
		switch {
		case err == nil:
			return BillToSelection{Step: BillToOfSoldTo, BillTo: b,
				Reason: "sold-to " + sold.Number.String() + " has bill-to " + sold.BillTo.String()}, nil
		case !errors.Is(err, ErrNotFound):
			return BillToSelection{}, fmt.Errorf("bill-to %s of sold-to %s: %w", sold.BillTo, sold.Number, err)
		}
	}
	cands, err := matchBillTos(ctx, f, rules, sold.Name, sold.Address)
	if err != nil {
		return BillToSelection{}, err
	}
	if len(cands) > 0 {
		best := cands[0]
		nums := make([]BillToNumber, 0, len(cands))
		for _, b := range cands {
			nums = append(nums, b.Number)
			if b.Number > best.Number {
				best = b
			}
		}
		slices.Sort(nums)
		return BillToSelection{Step: BillToSoldToMatch, BillTo: best, Candidates: nums,
			Reason: fmt.Sprintf("%d bill-tos match the sold-to's name and address; %s is the highest", len(cands), best.Number)}, nil
	}
	return BillToSelection{Step: BillToFromSoldTo, Create: true, AssignToSoldTo: sold.BillTo == 0,
		New: BillTo{Name: sold.Name, Address: sold.Address, Phones: sold.Phones, Email: sold.Email},
		Reason: "no bill-to found; a new one is created from sold-to " + sold.Number.String() +
			" and assigned to it whatever H87 says"}, nil
}

func matchBillTos(ctx context.Context, f BillToFinder, rules MatchRules, n Name, a Address) ([]BillTo, error) {
	key := rules.Key(n, a)
	if key == "" {
		return nil, nil
	}
	bs, err := f.BillTosByMatchKey(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("bill-tos by name and address: %w", err)
	}
	return bs, nil
}

// ApplyBillTo creates the bill-to sel decided to create, assigning it to
// sold-to soldTo in the same transaction when sel.AssignToSoldTo is set, and
// returns sel with the stored bill-to filled in. It writes nothing when
// sel.Create is false.
func ApplyBillTo(ctx context.Context, w BillToWriter, soldTo Number, sel BillToSelection) (BillToSelection, error) {
	if !sel.Create {
		return sel, nil
	}
	var assign Number
	if sel.AssignToSoldTo {
		assign = soldTo
	}
	b, err := w.CreateBillTo(ctx, sel.New, assign)
	if err != nil {
		return sel, fmt.Errorf("create bill-to for sold-to %s: %w", soldTo, err)
	}
	sel.BillTo = b
	return sel, nil
}

// HasNameOrAddress reports whether the request gives any bill-to name or
// address information.
func (r BillToRequest) HasNameOrAddress() bool { return !r.Name.IsZero() || !r.Address.IsZero() }
