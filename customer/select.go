package customer

//go:generate go tool mockgen -source=select.go -destination=mock_select_test.go -package=customer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Step is the step and sub-rule of sold-to selection that chose the customer
// (order-api.md B.1, seed 001 "Customer Sold To Selection").
type Step string

// The steps of sold-to selection, in the order they are tried (CUS-001).
const (
	StepCustomerNumber     Step = "1"  // customer_number names an existing customer (CUS-002)
	StepAltOne             Step = "2a" // one customer matches alternate_sold_to_id (CUS-004)
	StepAltCustNoHighest   Step = "2b" // several; highest among the Alt cust # matches (CUS-005)
	StepCrossRefHighest    Step = "2c" // several, all by cross-reference; highest (CUS-006)
	StepEveningOne         Step = "3a" // one Evening phone match (CUS-008)
	StepEveningMatchLowest Step = "3b" // several; lowest among those that F70-match (CUS-009)
	StepDayOne             Step = "4a" // one Day phone match (CUS-010)
	StepDayMatchLowest     Step = "4b" // several; lowest among those that F70-match (CUS-010)
	StepProspectOne        Step = "5a" // one customer F70-matches the Prospect Finder record (CUS-011)
	StepProspectHighest    Step = "5b" // several; highest (CUS-011)
	StepNameAddressOne     Step = "6a" // one customer F70-matches the message (CUS-012)
	StepNameAddressHighest Step = "6b" // several; highest (CUS-012)
	StepCreate             Step = "7"  // nothing matched; a customer is created (CUS-013)
)

var stepText = map[Step]string{
	StepCustomerNumber:     "customer number",
	StepAltOne:             "one customer matches the alternate sold-to id",
	StepAltCustNoHighest:   "several alternate sold-to id matches, highest Alt cust # customer number",
	StepCrossRefHighest:    "several cross-reference matches, highest customer number",
	StepEveningOne:         "one evening phone match",
	StepEveningMatchLowest: "several evening phone matches, lowest that matches name and address",
	StepDayOne:             "one day phone match",
	StepDayMatchLowest:     "several day phone matches, lowest that matches name and address",
	StepProspectOne:        "one customer matches the prospect's name and address",
	StepProspectHighest:    "several customers match the prospect's name and address, highest",
	StepNameAddressOne:     "one customer matches name and address",
	StepNameAddressHighest: "several customers match name and address, highest",
	StepCreate:             "created",
}

// String gives the step id and what it means, e.g. "1 customer number" or
// "2b several alternate sold-to id matches, highest Alt cust # customer number".
func (s Step) String() string {
	if t, ok := stepText[s]; ok {
		return string(s) + " " + t
	}
	return string(s)
}

// AllowsAddressUpdate reports whether sold_to_address_update may change the
// name and address of a customer chosen by this step. A customer found by a
// phone match (steps 3, 4) or a name-and-address match (step 6) is not
// updated (CUS-020); step 5, a match against a Prospect Finder name and
// address, counts as a name-and-address match too (order-api.md C-16).
func (s Step) AllowsAddressUpdate() bool {
	switch s {
	case StepCustomerNumber, StepAltOne, StepAltCustNoHighest, StepCrossRefHighest:
		return true
	}
	return false
}

// StepTrace is what one step of the search saw: whether it ran, why it
// stopped or passed, and the candidate customers it considered.
type StepTrace struct {
	Step       string   // "1" to "7"
	Ran        bool     // false when the step's preconditions did not hold
	Reason     string   // why the step stopped or passed, in words
	Candidates []Number // customers the step considered, ascending
}

// Selection is the answer of [SelectSoldTo]: the customer, the step that chose
// it and the trace of every step, so a host can log why.
type Selection struct {
	// Customer is the customer the order belongs to, after following ghost
	// merges. It is zero when Create is true.
	Customer SoldTo
	// Step is the step and sub-rule that chose the customer.
	Step Step
	// Reason says in words why the step chose it.
	Reason string
	// Chosen is the customer the step chose; when it is a ghost, Customer is
	// the customer it was merged into and GhostChain lists the path, starting
	// with Chosen (CUS-017).
	Chosen     Number   // the customer the step chose
	GhostChain []Number // Chosen ... Customer when Chosen is a ghost; nil otherwise
	// Create is true when nothing matched (step 7); New is the customer to
	// create, without a number.
	Create bool   // nothing matched: a customer is to be created
	New    SoldTo // the customer to create, without a number
	// Trace has one entry per step that was looked at, in order.
	Trace []StepTrace
}

// Number returns the number of the selected customer (0 when Create).
func (s Selection) Number() Number { return s.Customer.Number }

// PresidentsClub is the hook for Use President's Club Membership (H94): the
// alternate customer number also identifies an existing or prospective
// President's Club membership (CUS-016). Its rules are in a document we do
// not have; the library calls the hook and applies no membership logic itself.
type PresidentsClub interface {
	// IdentifyMembership is called with the alternate sold-to id before step
	// 2. An error stops selection.
	IdentifyMembership(ctx context.Context, altID string, req Request) error
}

// Option adjusts [SelectSoldTo] and [Resolve].
type Option func(*options)

type options struct {
	presidentsClub PresidentsClub
	individuals    IndividualSelector
}

// WithPresidentsClub installs the President's Club hook, called when H94 is
// set and an alternate sold-to id is given.
func WithPresidentsClub(h PresidentsClub) Option { return func(o *options) { o.presidentsClub = h } }

// WithIndividuals installs the individual selection hook (CUS-024), called
// by Resolve when the request names an individual placer.
func WithIndividuals(h IndividualSelector) Option { return func(o *options) { o.individuals = h } }

// SelectSoldTo chooses the sold-to customer for an order by trying steps 1 to
// 7 in order and stopping at the first that chooses a customer (CUS-001). It
// only reads: when it returns an error nothing has been written, and when
// nothing matches it returns Create with the customer to create.
//
// Choices made where the source is unclear (order-api.md Part C):
//   - the preconditions of steps 3 to 5 mean "no earlier step chose a
//     customer", so a phone given with I20 = N does not skip steps 5 and 6
//     (C-15);
//   - step 2b compares only the Alt cust # matches; customers matching only
//     by cross-reference are left out (C-26);
//   - phones are compared by their digits (NormalizePhone);
//   - a ghost chosen by any step is followed to its merge target, through
//     chains; a loop is a *GhostLoopError (C-21);
//   - orce_customer_id (Request.ORCEID) is never used to select ("orce.md"
//     ORC-006).
//
// Bad input: a customer_number that is not numeric or too long, an alternate
// id over 15 characters, a phone without digits give a *ValidationError. A
// well-formed customer_number or prospect_id that names nothing is not an
// error; the search goes on (CUS-002, CUS-011). When nothing matches and the
// request lacks a name or address line 1, the error wraps
// ErrInsufficientIdentity.
func SelectSoldTo(ctx context.Context, f Finder, req Request, s Settings, opts ...Option) (Selection, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := req.Validate(); err != nil {
		return Selection{}, err
	}
	rules := s.rules()
	sel := Selection{Trace: make([]StepTrace, 0, 7)}
	chosen, step, reason, err := search(ctx, f, req, s, rules, &o, &sel.Trace)
	if err != nil {
		return Selection{}, err
	}
	if step == StepCreate {
		if !canCreate(req.Name, req.Address) {
			return Selection{}, validation(missingIdentity("sold_to", req.Name, req.Address))
		}
		sel.Step, sel.Reason, sel.Create = StepCreate, reason, true
		sel.New = NewSoldTo(req, s)
		return sel, nil
	}
	sel.Step, sel.Reason, sel.Chosen = step, reason, chosen.Number
	target, chain, err := ResolveGhost(ctx, f, chosen)
	if err != nil {
		return Selection{}, err
	}
	sel.Customer = target
	if len(chain) > 1 {
		sel.GhostChain = chain
		sel.Reason += fmt.Sprintf("; customer %s is a ghost merged into %s", chosen.Number, target.Number)
	}
	return sel, nil
}

func numbers(cs []SoldTo) []Number {
	out := make([]Number, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	slices.Sort(out)
	return out
}

func search(ctx context.Context, f Finder, req Request, s Settings, rules MatchRules, o *options, trace *[]StepTrace) (SoldTo, Step, string, error) {
	add := func(t StepTrace) { *trace = append(*trace, t) }

	// Step 1: customer number (CUS-002).
	n, _ := ParseNumber("customer_number", req.CustomerNumber) // validated above
	if n == 0 {
		add(StepTrace{Step: "1", Reason: "no customer_number"})
	} else {
		c, err := f.SoldTo(ctx, n)
		switch {
		case err == nil:
			add(StepTrace{Step: "1", Ran: true, Reason: "customer " + n.String() + " exists", Candidates: []Number{n}})
			return c, StepCustomerNumber, "customer_number " + n.String() + " names an existing customer", nil
		case errors.Is(err, ErrNotFound):
			add(StepTrace{Step: "1", Ran: true, Reason: "customer_number " + n.String() + " names no customer"})
		default:
			return SoldTo{}, "", "", fmt.Errorf("step 1: customer %s: %w", n, err)
		}
	}

	// Step 2: alternate sold-to id (CUS-003 to CUS-006), with the President's
	// Club hook first (CUS-016).
	alt := strings.ToUpper(strings.TrimSpace(req.AltSoldToID))
	if alt != "" && s.PresidentsClub && o.presidentsClub != nil {
		if err := o.presidentsClub.IdentifyMembership(ctx, alt, req); err != nil {
			return SoldTo{}, "", "", fmt.Errorf("President's Club for alternate_sold_to_id %q: %w", alt, err)
		}
	}
	if alt == "" {
		add(StepTrace{Step: "2", Reason: "no alternate_sold_to_id"})
	} else {
		c, step, reason, err := stepAlt(ctx, f, alt, add)
		if err != nil || step != "" {
			return c, step, reason, err
		}
	}

	// Steps 3 and 4: phones, only when I20 = Y (CUS-014).
	reqKey := rules.Key(req.Name, req.Address)
	for _, ph := range []struct {
		id, attr    string
		kind        PhoneKind
		value       string
		one, lowest Step
	}{
		{"3", "sold_to_eve_phone", PhoneEvening, req.Phones.Evening, StepEveningOne, StepEveningMatchLowest},
		{"4", "sold_to_day_phone", PhoneDay, req.Phones.Day, StepDayOne, StepDayMatchLowest},
	} {
		phone := NormalizePhone(strings.TrimSpace(ph.value))
		switch {
		case !s.PhoneSearch:
			add(StepTrace{Step: ph.id, Reason: "I20 is N: phone search skipped"})
			continue
		case phone == "":
			add(StepTrace{Step: ph.id, Reason: "no " + ph.attr})
			continue
		}
		cs, err := f.SoldTosByPhone(ctx, ph.kind, phone)
		if err != nil {
			return SoldTo{}, "", "", fmt.Errorf("step %s: %s %q: %w", ph.id, ph.kind, phone, err)
		}
		t := StepTrace{Step: ph.id, Ran: true, Candidates: numbers(cs)}
		if len(cs) == 1 {
			t.Reason = "one " + ph.kind.String() + " match"
			add(t)
			return cs[0], ph.one, ph.attr + " " + phone + " matches only customer " + cs[0].Number.String(), nil
		}
		if len(cs) == 0 {
			t.Reason = "no " + ph.kind.String() + " match"
			add(t)
			continue
		}
		var best *SoldTo
		for i := range cs {
			if reqKey != "" && rules.KeyOf(cs[i]) == reqKey && (best == nil || cs[i].Number < best.Number) {
				best = &cs[i]
			}
		}
		if best == nil {
			t.Reason = fmt.Sprintf("%d %s matches, none matches name and address", len(cs), ph.kind)
			add(t)
			continue
		}
		t.Reason = fmt.Sprintf("%d %s matches; lowest that matches name and address", len(cs), ph.kind)
		add(t)
		return *best, ph.lowest, fmt.Sprintf("%s %s matches %d customers; %s is the lowest that matches name and address",
			ph.attr, phone, len(cs), best.Number), nil
	}

	// Step 5: prospect id (CUS-011).
	if pid := strings.TrimSpace(req.ProspectID); pid == "" {
		add(StepTrace{Step: "5", Reason: "no prospect_id"})
	} else {
		p, err := f.Prospect(ctx, pid)
		switch {
		case errors.Is(err, ErrNotFound):
			add(StepTrace{Step: "5", Ran: true, Reason: "prospect_id " + pid + " names no Prospect Finder record"})
		case err != nil:
			return SoldTo{}, "", "", fmt.Errorf("step 5: prospect %q: %w", pid, err)
		default:
			c, step, reason, err := stepNameAddress(ctx, f, rules.Key(p.Name, p.Address), "5", StepProspectOne, StepProspectHighest,
				"the name and address of prospect "+pid, add)
			if err != nil || step != "" {
				return c, step, reason, err
			}
		}
	}

	// Step 6: the message's name and address (CUS-012).
	c, step, reason, err := stepNameAddress(ctx, f, reqKey, "6", StepNameAddressOne, StepNameAddressHighest,
		"the message's name and address", add)
	if err != nil || step != "" {
		return c, step, reason, err
	}

	// Step 7: create (CUS-013).
	add(StepTrace{Step: "7", Ran: true, Reason: "no customer matched; a new customer is created"})
	return SoldTo{}, StepCreate, "no customer matched at steps 1 to 6", nil
}

func stepAlt(ctx context.Context, f Finder, alt string, add func(StepTrace)) (SoldTo, Step, string, error) {
	byAlt, err := f.SoldTosByAltCustNo(ctx, alt)
	if err != nil {
		return SoldTo{}, "", "", fmt.Errorf("step 2: Alt cust # %q: %w", alt, err)
	}
	byXref, err := f.SoldTosByCrossRef(ctx, alt)
	if err != nil {
		return SoldTo{}, "", "", fmt.Errorf("step 2: cross-reference %q: %w", alt, err)
	}
	all := append(append([]Number(nil), byAlt...), byXref...)
	slices.Sort(all)
	all = slices.Compact(all)
	t := StepTrace{Step: "2", Ran: true, Candidates: all}
	var n Number
	var step Step
	var reason string
	switch {
	case len(all) == 0:
		t.Reason = "alternate_sold_to_id " + alt + " matches no customer"
		add(t)
		return SoldTo{}, "", "", nil
	case len(all) == 1:
		n, step = all[0], StepAltOne
		reason = "alternate_sold_to_id " + alt + " matches only customer " + n.String()
	case len(byAlt) > 0:
		n, step = slices.Max(byAlt), StepAltCustNoHighest
		reason = fmt.Sprintf("alternate_sold_to_id %s matches %d customers; %s is the highest Alt cust # match", alt, len(all), n)
	default:
		n, step = slices.Max(byXref), StepCrossRefHighest
		reason = fmt.Sprintf("alternate_sold_to_id %s matches %d customers by cross-reference; %s is the highest", alt, len(all), n)
	}
	t.Reason = reason
	add(t)
	c, err := f.SoldTo(ctx, n)
	if err != nil {
		return SoldTo{}, "", "", fmt.Errorf("step %s: customer %s: %w", step, n, err)
	}
	return c, step, reason, nil
}

func stepNameAddress(ctx context.Context, f Finder, key MatchKey, id string, one, highest Step, what string, add func(StepTrace)) (SoldTo, Step, string, error) {
	if key == "" {
		add(StepTrace{Step: id, Reason: "no name or address to match"})
		return SoldTo{}, "", "", nil
	}
	cs, err := f.SoldTosByMatchKey(ctx, key)
	if err != nil {
		return SoldTo{}, "", "", fmt.Errorf("step %s: name and address: %w", id, err)
	}
	t := StepTrace{Step: id, Ran: true, Candidates: numbers(cs)}
	switch len(cs) {
	case 0:
		t.Reason = "no customer matches " + what
		add(t)
		return SoldTo{}, "", "", nil
	case 1:
		t.Reason = "one customer matches " + what
		add(t)
		return cs[0], one, "only customer " + cs[0].Number.String() + " matches " + what, nil
	}
	best := cs[0]
	for _, c := range cs[1:] {
		if c.Number > best.Number {
			best = c
		}
	}
	t.Reason = fmt.Sprintf("%d customers match %s; highest chosen", len(cs), what)
	add(t)
	return best, highest, fmt.Sprintf("%d customers match %s; %s is the highest", len(cs), what, best.Number), nil
}

// maxGhostHops bounds a ghost chain even if a store keeps producing new
// customers; real chains are a few hops long.
const maxGhostHops = 1000

// ResolveGhost follows the merges of a ghost customer to the customer the
// order is created for (CUS-017): a ghost's target is named in its Customer
// number cross-reference field (SoldTo.MergedInto); the target's name and
// address are not compared with anything. The source describes one hop; the
// library follows chains (C-21) and returns a *GhostLoopError, which wraps
// ErrGhostLoop, when a chain comes back to a customer it already visited. The
// chain returned starts with c and ends with the target; it is nil when c is
// not a ghost.
func ResolveGhost(ctx context.Context, f interface {
	SoldTo(ctx context.Context, n Number) (SoldTo, error)
}, c SoldTo) (SoldTo, []Number, error) {
	if !c.Ghost {
		return c, nil, nil
	}
	chain := []Number{c.Number}
	seen := map[Number]bool{c.Number: true}
	for c.Ghost {
		if c.MergedInto == 0 {
			return SoldTo{}, nil, fmt.Errorf("customer %s: flagged as a ghost but its merge target is blank: %w", c.Number, ErrNotFound)
		}
		next := c.MergedInto
		if seen[next] || len(chain) > maxGhostHops {
			return SoldTo{}, nil, &GhostLoopError{Chain: append(chain, next)}
		}
		t, err := f.SoldTo(ctx, next)
		if err != nil {
			return SoldTo{}, nil, fmt.Errorf("customer %s: ghost merge target %s: %w", c.Number, next, err)
		}
		chain = append(chain, next)
		seen[next] = true
		c = t
	}
	return c, chain, nil
}
