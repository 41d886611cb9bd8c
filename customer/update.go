package customer

//go:generate go tool mockgen -source=update.go -destination=mock_update_test.go -package=customer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Change is one field an order changed on a sold-to, with the rule that
// allowed it.
type Change struct {
	Field string // the field changed, e.g. "class"
	Old   string // value before
	New   string // value after
	Rule  string // e.g. "CUS-018"
}

func set(changes *[]Change, field, rule string, dst *string, v string) {
	if *dst != v {
		*changes = append(*changes, Change{Field: field, Old: *dst, New: v, Rule: rule})
		*dst = v
	}
}

func setBool(changes *[]Change, field, rule string, dst *bool, v *bool) {
	if v != nil && *dst != *v {
		*changes = append(*changes, Change{Field: field, Old: yn(*dst), New: yn(*v), Rule: rule})
		*dst = *v
	}
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

// NewSoldTo builds the customer that step 7 creates from the request
// (CUS-013), without a number (the store assigns the next one). Values are
// stored the CWORDERIN way: email lower case, everything else upper case. The
// delivery code is sold_to_busres, or D13 when it is missing.
func NewSoldTo(req Request, s Settings) SoldTo {
	c := SoldTo{
		AltCustNo:    upper(req.AltSoldToID),
		Name:         UpperName(req.Name),
		Address:      UpperAddress(req.Address),
		Phones:       Phones{Day: strings.TrimSpace(req.Phones.Day), Evening: strings.TrimSpace(req.Phones.Evening), Fax: strings.TrimSpace(req.Phones.Fax)},
		Class:        upper(req.Class),
		DeliveryCode: deliveryCode(req, s),
		OptIn:        upper(req.OptIn),
	}
	if req.Mail != nil {
		c.Mail = *req.Mail
	}
	if req.Rent != nil {
		c.Rent = *req.Rent
	}
	if e := LowerEmail(req.Email); e != "" {
		c.Email = e
		c.Emails = []string{e}
	}
	return c
}

func deliveryCode(req Request, s Settings) string {
	if d := upper(req.DeliveryCode); d != "" {
		return d
	}
	return upper(s.DefaultDeliveryCode)
}

// UpdateFromRequest applies the B.2 update rules to an existing sold-to
// chosen by step, and returns the updated copy with the list of changes:
//
//   - always, when the message gives them: alternate customer number, day,
//     evening and fax/mobile phones, opt-in/out, rent and mail flags,
//     customer class (CUS-018);
//   - with sold_to_address_update = Y, a message that has name or address
//     information, and a customer chosen by step 1 or 2 (CUS-019, CUS-020):
//     the whole name and address are replaced, a blank field becoming blank
//     (CUS-021), and the delivery code is set from sold_to_busres or D13;
//   - phones the message does not give are kept, with or without the address
//     update: only the phones given are overwritten (CUS-021, C-17);
//   - with sold_to_email_update = Y and an email given: the sold-to email is
//     replaced and becomes the primary entry of the Customer Sold To Email
//     file (CUS-022), whatever the address flag says (CUS-023).
//
// Never changed here: the customer number, the ghost flag and merge target,
// the bill-to, the alternate customer # cross-references and the ORCE id
// (assigned only by the orce rules, ORC-007).
func UpdateFromRequest(cur SoldTo, step Step, req Request, s Settings) (SoldTo, []Change) {
	c := cur.Clone()
	return c, updateFromRequest(&c, step, &req, &s)
}

// updateFromRequest is UpdateFromRequest on c itself, which the caller owns.
func updateFromRequest(c *SoldTo, step Step, req *Request, s *Settings) []Change {
	var ch []Change
	if v := upper(req.AltSoldToID); v != "" {
		set(&ch, "alt_cust_no", "CUS-018", &c.AltCustNo, v)
	}
	for _, p := range []struct {
		field string
		dst   *string
		v     string
	}{
		{"day_phone", &c.Phones.Day, req.Phones.Day},
		{"evening_phone", &c.Phones.Evening, req.Phones.Evening},
		{"fax_phone", &c.Phones.Fax, req.Phones.Fax},
	} {
		if v := strings.TrimSpace(p.v); v != "" {
			set(&ch, p.field, "CUS-018", p.dst, v)
		}
	}
	if v := upper(req.OptIn); v != "" {
		set(&ch, "opt_in", "CUS-018", &c.OptIn, v)
	}
	setBool(&ch, "rent", "CUS-018", &c.Rent, req.Rent)
	setBool(&ch, "mail", "CUS-018", &c.Mail, req.Mail)
	if v := upper(req.Class); v != "" {
		set(&ch, "class", "CUS-018", &c.Class, v)
	}

	if req.AddressUpdate && req.HasNameOrAddress() && step.AllowsAddressUpdate() {
		n, a := UpperName(req.Name), UpperAddress(req.Address)
		for _, f := range []struct {
			field string
			dst   *string
			v     string
		}{
			{"prefix", &c.Name.Prefix, n.Prefix}, {"first_name", &c.Name.First, n.First},
			{"middle_initial", &c.Name.MiddleInitial, n.MiddleInitial}, {"last_name", &c.Name.Last, n.Last},
			{"suffix", &c.Name.Suffix, n.Suffix}, {"company", &c.Name.Company, n.Company},
			{"address1", &c.Address.Line1, a.Line1}, {"address2", &c.Address.Line2, a.Line2},
			{"address3", &c.Address.Line3, a.Line3}, {"address4", &c.Address.Line4, a.Line4},
			{"apartment", &c.Address.Apartment, a.Apartment}, {"city", &c.Address.City, a.City},
			{"state", &c.Address.State, a.State}, {"zip", &c.Address.Zip, a.Zip},
			{"country", &c.Address.Country, a.Country},
		} {
			set(&ch, f.field, "CUS-019", f.dst, f.v)
		}
		set(&ch, "delivery_code", "CUS-019", &c.DeliveryCode, deliveryCode(*req, *s))
	}

	if e := LowerEmail(req.Email); req.EmailUpdate && e != "" {
		set(&ch, "email", "CUS-022", &c.Email, e)
		if len(c.Emails) > 0 && c.Emails[0] == e && !slices.Contains(c.Emails[1:], e) {
			return ch // already the primary entry, and only once: the file is unchanged
		}
		emails := []string{e}
		for _, old := range c.Emails {
			if old != e {
				emails = append(emails, old)
			}
		}
		if !slices.Equal(emails, c.Emails) {
			ch = append(ch, Change{Field: "primary_email", Old: first(c.Emails), New: e, Rule: "CUS-022"})
			c.Emails = emails
		}
	}
	return ch
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// IndividualSelector is the hook for selecting or creating the individual
// who placed the order. CWORDERIN uses the same logic as e-commerce orders
// (CUS-024), described in a document we do not have, so the host supplies it.
type IndividualSelector interface {
	SelectIndividual(ctx context.Context, soldTo SoldTo, ind IndividualRequest) (Individual, error)
}

// Resolution is the result of [Resolve]: the selection, the sold-to as
// stored afterwards and what changed.
type Resolution struct {
	Selection  Selection   // how the sold-to was chosen
	SoldTo     SoldTo      // the sold-to as stored afterwards
	Created    bool        // the sold-to was created (step 7)
	Changes    []Change    // what the order changed on an existing sold-to
	Individual *Individual // the individual placer, when the hook ran
}

// Plan is what Resolve would write, decided without writing: the sold-to
// selected for an order, and either the customer to create (step 7) or the
// B.2 updates of the customer chosen. It is for a caller that writes the
// decision in a transaction of its own, together with the order (see
// order.SoldToCommitter). Plan only reads.
type Plan struct {
	Selection Selection // how the sold-to was chosen
	// Create is true when nothing matched: SoldTo is the customer to create,
	// without a number (Selection.New).
	Create bool
	// SoldTo is the sold-to as it will be stored: the customer to create, or
	// the chosen customer with the B.2 updates applied.
	SoldTo SoldTo
	// Changes lists the B.2 updates of an existing customer; empty when the
	// order changes nothing on it.
	Changes []Change
	req     Request
	s       Settings
}

// Update applies the plan's B.2 updates to cur, the chosen customer as
// stored when the caller writes them (it may have changed since the plan
// read it), and returns the record to store and whether anything changed.
func (p Plan) Update(cur SoldTo) (SoldTo, bool) {
	upd, ch := UpdateFromRequest(cur, p.Selection.Step, p.req, p.s)
	return upd, len(ch) > 0
}

// PlanSoldTo selects the sold-to for req (SelectSoldTo) and decides, without
// writing, what Resolve would write: the customer to create or the updates
// of the chosen one.
func PlanSoldTo(ctx context.Context, f Finder, req Request, s Settings, opts ...Option) (Plan, error) {
	sel, err := SelectSoldTo(ctx, f, req, s, opts...)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Selection: sel, Create: sel.Create, req: req, s: s}
	if sel.Create {
		p.SoldTo = sel.New
		return p, nil
	}
	p.SoldTo, p.Changes = UpdateFromRequest(sel.Customer, sel.Step, req, s)
	return p, nil
}

// soldToUpdate is the update Resolve passes to UpdateSoldTo: the B.2
// updates of the request, and the changes they made. It holds copies of
// what it needs so that only it, not the caller's selection and request,
// goes to the heap with the function the store may keep.
type soldToUpdate struct {
	step    Step
	req     Request
	s       Settings
	changes []Change
}

// apply updates cur, the store's copy for this update, in place.
func (u *soldToUpdate) apply(cur *SoldTo) (*SoldTo, error) {
	u.changes = updateFromRequest(cur, u.step, &u.req, &u.s)
	return cur, nil
}

// Resolve selects the sold-to for an order (SelectSoldTo) and then creates it
// (step 7) or applies the B.2 updates to it in one UpdateSoldTo transaction.
// When selection fails nothing is written. With WithIndividuals, the
// individual placer named by the request is then selected through the hook
// (CUS-024).
func Resolve(ctx context.Context, st Store, req Request, s Settings, opts ...Option) (Resolution, error) {
	o := collect(opts)
	sel, err := SelectSoldTo(ctx, st, req, s, opts...)
	if err != nil {
		return Resolution{}, err
	}
	res := Resolution{Selection: sel}
	if sel.Create {
		c, err := st.CreateSoldTo(ctx, sel.New)
		switch {
		case err == nil:
			res.SoldTo, res.Created = c, true
		case errors.Is(err, ErrSoldToExists):
			// Another intake created this customer between our selection
			// and our create. Select again: the rules now find it, and the
			// order updates it as any match would.
			again, serr := SelectSoldTo(ctx, st, req, s, opts...)
			if serr != nil {
				return Resolution{}, serr
			}
			if again.Create {
				return Resolution{}, fmt.Errorf("create sold-to %s %s: customer %s holds the match key but selection does not choose it: %w",
					sel.New.Name.Last, sel.New.Address.Line1, c.Number, err)
			}
			sel = again
			res.Selection = again
		default:
			return Resolution{}, fmt.Errorf("create sold-to %s %s: %w", sel.New.Name.Last, sel.New.Address.Line1, err)
		}
	}
	if !res.Created {
		u := &soldToUpdate{step: sel.Step, req: req, s: s}
		c, err := st.UpdateSoldTo(ctx, sel.Customer.Number, u.apply)
		if err != nil {
			return Resolution{}, fmt.Errorf("update sold-to %s: %w", sel.Customer.Number, err)
		}
		res.SoldTo, res.Changes = c, u.changes
	}
	if req.Individual != nil && o.individuals != nil {
		ind, err := o.individuals.SelectIndividual(ctx, res.SoldTo, *req.Individual)
		if err != nil {
			return res, fmt.Errorf("individual for sold-to %s: %w", res.SoldTo.Number, err)
		}
		res.Individual = &ind
	}
	return res, nil
}
