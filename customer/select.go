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

// Selection is the answer of [SelectSoldTo]: the customer and the step that
// chose it. Why, in words, is formatted only when asked: [Selection.Reason]
// and [Selection.Trace], so a host can log it.
type Selection struct {
	// Customer is the customer the order belongs to, after following ghost
	// merges. It is zero when Create is true.
	Customer SoldTo
	// Step is the step and sub-rule that chose the customer.
	Step Step
	// Chosen is the customer the step chose; when it is a ghost, Customer is
	// the customer it was merged into and GhostChain lists the path, starting
	// with Chosen (CUS-017).
	Chosen     Number   // the customer the step chose
	GhostChain []Number // Chosen ... Customer when Chosen is a ghost; nil otherwise
	// Create is true when nothing matched (step 7); New is the customer to
	// create, without a number.
	Create bool   // nothing matched: a customer is to be created
	New    SoldTo // the customer to create, without a number
	// why is what every step saw, in a fixed-size value; Reason and Trace
	// put it in words.
	why explanation
}

// Number returns the number of the selected customer (0 when Create).
func (s Selection) Number() Number { return s.Customer.Number }

// Reason says in words why the step chose the customer (formatted on each
// call).
func (s Selection) Reason() string {
	return s.why.reason(s.Chosen, s.Customer.Number, s.GhostChain != nil)
}

// Trace has one entry per step that was looked at, in order (formatted on
// each call).
func (s Selection) Trace() []StepTrace { return s.why.trace() }

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

// collect applies opts to options of their own (none: no allocation).
func collect(opts []Option) options {
	if len(opts) == 0 {
		return options{}
	}
	o := new(options)
	for _, opt := range opts {
		opt(o)
	}
	return *o
}

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
func SelectSoldTo(ctx context.Context, f Finder, req Request, s Settings, opts ...Option) (sel Selection, err error) {
	// sel is the result itself: the chosen customer is written into it
	// where the look-up returns it, not copied through every step.
	o := collect(opts)
	if err := req.validate(); err != nil {
		return Selection{}, err
	}
	rules := s.rules()
	step, err := search(ctx, f, &req, &s, &rules, &o, &sel.Customer, &sel.why)
	if err != nil {
		return Selection{}, err
	}
	if step == StepCreate {
		if !canCreate(req.Name, req.Address) {
			return Selection{}, validation(missingIdentity("sold_to", req.Name, req.Address))
		}
		sel.Customer = SoldTo{} // whatever a look-up that chose nothing left there
		sel.Step, sel.Create = StepCreate, true
		sel.New = NewSoldTo(req, s)
		return sel, nil
	}
	sel.Step, sel.Chosen = step, sel.Customer.Number
	chain, err := resolveGhost(ctx, f, &sel.Customer)
	if err != nil {
		return Selection{}, err
	}
	if len(chain) > 1 {
		sel.GhostChain = chain
	}
	return sel, nil
}

// search runs steps 1 to 7 and writes the customer chosen to dst.
func search(ctx context.Context, f Finder, req *Request, s *Settings, rules *MatchRules, o *options, dst *SoldTo, why *explanation) (Step, error) {
	// Step 1: customer number (CUS-002).
	n, _ := ParseNumber("customer_number", req.CustomerNumber) // validated above
	if n == 0 {
		why.add(stepNote{step: '1', note: noteNoCustomerNumber})
	} else {
		var err error
		*dst, err = f.SoldTo(ctx, n)
		switch {
		case err == nil:
			nt := stepNote{step: '1', ran: true, note: noteCustomerExists, num: n}
			nt.cands.listed = true
			nt.cands.Add(n)
			why.add(nt)
			return StepCustomerNumber, nil
		case errors.Is(err, ErrNotFound):
			why.add(stepNote{step: '1', ran: true, note: noteCustomerUnknown, num: n})
		default:
			return "", fmt.Errorf("step 1: customer %s: %w", n, err)
		}
	}

	// Step 2: alternate sold-to id (CUS-003 to CUS-006), with the President's
	// Club hook first (CUS-016).
	alt := strings.ToUpper(strings.TrimSpace(req.AltSoldToID))
	if alt != "" && s.PresidentsClub && o.presidentsClub != nil {
		if err := o.presidentsClub.IdentifyMembership(ctx, alt, *req); err != nil {
			return "", fmt.Errorf("President's Club for alternate_sold_to_id %q: %w", alt, err)
		}
	}
	if alt == "" {
		why.add(stepNote{step: '2', note: noteNoAlt})
	} else {
		step, err := stepAlt(ctx, f, alt, dst, why)
		if err != nil || step != "" {
			return step, err
		}
	}

	// Steps 3 and 4: phones, only when I20 = Y (CUS-014).
	var reqKey lookupKey
	reqKey.build(rules, &req.Name, &req.Address)
	if !s.PhoneSearch {
		why.add(stepNote{step: '3', note: notePhoneSkipped})
		why.add(stepNote{step: '4', note: notePhoneSkipped})
	}
	for _, ph := range [...]struct {
		id          byte
		kind        PhoneKind
		value       string
		one, lowest Step
	}{
		{'3', PhoneEvening, req.Phones.Evening, StepEveningOne, StepEveningMatchLowest},
		{'4', PhoneDay, req.Phones.Day, StepDayOne, StepDayMatchLowest},
	} {
		if !s.PhoneSearch {
			break
		}
		phone := NormalizePhone(strings.TrimSpace(ph.value))
		if phone == "" {
			why.add(stepNote{step: ph.id, note: noteNoPhone})
			continue
		}
		cs, err := f.SoldTosByPhone(ctx, ph.kind, phone)
		if err != nil {
			return "", fmt.Errorf("step %c: %s %q: %w", ph.id, ph.kind, phone, err)
		}
		nt := stepNote{step: ph.id, ran: true, text: phone, count: len(cs)}
		nt.cands.listed = true
		for _, c := range cs {
			nt.cands.Add(c.Number)
		}
		if len(cs) == 1 {
			nt.note, nt.num = notePhoneOne, cs[0].Number
			why.add(nt)
			*dst = cs[0]
			return ph.one, nil
		}
		if len(cs) == 0 {
			nt.note = notePhoneNone
			why.add(nt)
			continue
		}
		var best *SoldTo
		for i := range cs {
			if !reqKey.empty() && reqKey.is(rules.KeyOf(cs[i])) && (best == nil || cs[i].Number < best.Number) {
				best = &cs[i]
			}
		}
		if best == nil {
			nt.note = notePhoneNoName
			why.add(nt)
			continue
		}
		nt.note, nt.num = notePhoneLowest, best.Number
		why.add(nt)
		*dst = *best
		return ph.lowest, nil
	}

	// Step 5: prospect id (CUS-011).
	if pid := strings.TrimSpace(req.ProspectID); pid == "" {
		why.add(stepNote{step: '5', note: noteNoProspect})
	} else {
		p, err := f.Prospect(ctx, pid)
		switch {
		case errors.Is(err, ErrNotFound):
			why.add(stepNote{step: '5', ran: true, note: noteProspectUnknown, text: pid})
		case err != nil:
			return "", fmt.Errorf("step 5: prospect %q: %w", pid, err)
		default:
			var pk lookupKey
			pk.build(rules, &p.Name, &p.Address)
			step, err := stepNameAddress(ctx, f, &pk, '5', StepProspectOne, StepProspectHighest, pid, dst, why)
			if err != nil || step != "" {
				return step, err
			}
		}
	}

	// Step 6: the message's name and address (CUS-012).
	step, err := stepNameAddress(ctx, f, &reqKey, '6', StepNameAddressOne, StepNameAddressHighest, "", dst, why)
	if err != nil || step != "" {
		return step, err
	}

	// Step 7: create (CUS-013).
	why.add(stepNote{step: '7', ran: true, note: noteCreate})
	return StepCreate, nil
}

func stepAlt(ctx context.Context, f Finder, alt string, dst *SoldTo, why *explanation) (Step, error) {
	byAlt, err := f.SoldTosByAltCustNo(ctx, alt)
	if err != nil {
		return "", fmt.Errorf("step 2: Alt cust # %q: %w", alt, err)
	}
	byXref, err := f.SoldTosByCrossRef(ctx, alt)
	if err != nil {
		return "", fmt.Errorf("step 2: cross-reference %q: %w", alt, err)
	}
	all := append(append([]Number(nil), byAlt...), byXref...)
	slices.Sort(all)
	all = slices.Compact(all)
	nt := stepNote{step: '2', ran: true, text: alt, count: len(all)}
	nt.cands.listed = all != nil
	for _, n := range all {
		nt.cands.Add(n)
	}
	var step Step
	switch {
	case len(all) == 0:
		nt.note = noteAltNone
		why.add(nt)
		return "", nil
	case len(all) == 1:
		nt.num, nt.note, step = all[0], noteAltOne, StepAltOne
	case len(byAlt) > 0:
		nt.num, nt.note, step = slices.Max(byAlt), noteAltHighest, StepAltCustNoHighest
	default:
		nt.num, nt.note, step = slices.Max(byXref), noteCrossRefHighest, StepCrossRefHighest
	}
	why.add(nt)
	*dst, err = f.SoldTo(ctx, nt.num)
	if err != nil {
		return "", fmt.Errorf("step %s: customer %s: %w", step, nt.num, err)
	}
	return step, nil
}

// lookupKey is a match key for a look-up: in its fixed-size buffer, or as a
// MatchKey when it is too long for one.
type lookupKey struct {
	buf  KeyBuf
	long MatchKey
	fits bool
}

// build makes k the key of a name and address, in place.
func (k *lookupKey) build(rules *MatchRules, n *Name, a *Address) {
	if k.fits = rules.keyBuf(&k.buf, n, a); !k.fits {
		k.long = rules.Key(*n, *a)
	}
}

func (k *lookupKey) empty() bool { return k.buf.n == 0 && k.long == "" }

// is reports whether the key is m.
func (k *lookupKey) is(m MatchKey) bool {
	if k.fits {
		return string(k.buf.Bytes()) == string(m)
	}
	return k.long == m
}

// key returns the key as a MatchKey.
func (k *lookupKey) key() MatchKey {
	if k.fits {
		return k.buf.Key()
	}
	return k.long
}

// stepNameAddress is step 5 (prospect names the prospect) or step 6: the
// customers under key, the one or the highest, written to dst. A
// NumberFinder gives their numbers, and the record with them when there is
// one: only the chosen record is read.
func stepNameAddress(ctx context.Context, f Finder, key *lookupKey, id byte, one, highest Step, prospect string, dst *SoldTo, why *explanation) (Step, error) {
	if key.empty() {
		why.add(stepNote{step: id, note: noteNoKey})
		return "", nil
	}
	nt := stepNote{step: id, ran: true, text: prospect}
	nt.cands.listed = true
	if nf, ok := f.(NumberFinder); ok && key.fits {
		var (
			ns  Numbers
			err error
		)
		ns, *dst, err = nf.SoldToNumbersByMatchKey(ctx, key.buf)
		if err != nil {
			return "", fmt.Errorf("step %c: name and address: %w", id, err)
		}
		for i := range ns.Len() {
			nt.cands.Add(ns.At(i))
		}
		nt.count = ns.Len()
		if nt.count == 0 {
			nt.note = noteKeyNone
			why.add(nt)
			return "", nil
		}
		nt.num = ns.At(0)
		for i := 1; i < ns.Len(); i++ {
			nt.num = max(nt.num, ns.At(i))
		}
		if nt.count > 1 || dst.Number != nt.num {
			if *dst, err = f.SoldTo(ctx, nt.num); err != nil {
				return "", fmt.Errorf("step %c: name and address: customer %s: %w", id, nt.num, err)
			}
		}
		return nameAddressStep(why, nt, one, highest), nil
	}
	cs, err := f.SoldTosByMatchKey(ctx, key.key())
	if err != nil {
		return "", fmt.Errorf("step %c: name and address: %w", id, err)
	}
	nt.count = len(cs)
	if len(cs) == 0 {
		nt.note = noteKeyNone
		why.add(nt)
		return "", nil
	}
	best := 0
	for i, c := range cs {
		nt.cands.Add(c.Number)
		if c.Number > cs[best].Number {
			best = i
		}
	}
	nt.num = cs[best].Number
	*dst = cs[best]
	return nameAddressStep(why, nt, one, highest), nil
}

// nameAddressStep notes the choice of a name-and-address step and returns
// its sub-rule: one match, or the highest of several.
func nameAddressStep(why *explanation, nt stepNote, one, highest Step) Step {
	if nt.count == 1 {
		nt.note = noteKeyOne
		why.add(nt)
		return one
	}
	nt.note = noteKeyHighest
	why.add(nt)
	return highest
}

// note names the sentence that explains a step's outcome.
type note uint8

const (
	noteNoCustomerNumber note = iota + 1 // step 1 without customer_number
	noteCustomerExists                   // step 1 chose num
	noteCustomerUnknown                  // customer num does not exist
	noteNoAlt                            // step 2 without alternate_sold_to_id
	noteAltNone                          // text matches nobody
	noteAltOne                           // text matches only num
	noteAltHighest                       // several; num is the highest Alt cust # match
	noteCrossRefHighest                  // several by cross-reference; num is the highest
	notePhoneSkipped                     // I20 is N
	noteNoPhone                          // no phone of the step's kind
	notePhoneOne                         // phone text matches only num
	notePhoneNone                        // phone text matches nobody
	notePhoneNoName                      // count matches, none by name and address
	notePhoneLowest                      // count matches, num the lowest by name and address
	noteNoProspect                       // step 5 without prospect_id
	noteProspectUnknown                  // prospect text does not exist
	noteNoKey                            // no name or address to match
	noteKeyNone                          // nobody matches the name and address
	noteKeyOne                           // only num matches
	noteKeyHighest                       // count match, num the highest
	noteCreate                           // step 7
)

// stepNote is what one step saw, in a fixed-size value: the sentence, the
// customer it named or chose, how many matched, the value it looked up (the
// alternate id, the phone, the prospect id) and its candidates.
type stepNote struct {
	step  byte // '1' to '7'
	ran   bool
	note  note
	count int
	num   Number
	text  string
	cands candidates
}

// candidates are the customers a step considered, held in place up to
// two; listed tells a step that lists them (none included) from one that
// does not.
type candidates struct {
	listed bool
	n      int32
	first  [2]Number
	more   []Number // all of them, once there are more than two
}

// Add appends n.
func (c *candidates) Add(n Number) {
	switch {
	case c.more != nil:
		c.more = append(c.more, n)
	case int(c.n) < len(c.first):
		c.first[c.n] = n
	default:
		c.more = append(append(make([]Number, 0, 8), c.first[:]...), n)
	}
	c.n++
}

// Slice returns the candidates in a new slice, ascending.
func (c *candidates) Slice() []Number {
	out := make([]Number, c.n)
	if c.more != nil {
		copy(out, c.more)
	} else {
		copy(out, c.first[:c.n])
	}
	slices.Sort(out)
	return out
}

// explanation is what every step of a selection saw. Its size is fixed: one
// note per step at most.
type explanation struct {
	notes [7]stepNote
	n     int
}

func (e *explanation) add(nt stepNote) {
	if e.n < len(e.notes) {
		e.notes[e.n] = nt
		e.n++
	}
}

// phoneWords are the attribute and kind of the phone step id.
func phoneWords(id byte) (attr string, kind PhoneKind) {
	if id == '3' {
		return "sold_to_eve_phone", PhoneEvening
	}
	return "sold_to_day_phone", PhoneDay
}

// what names the name and address a step matched: a prospect's (step 5) or
// the message's.
func (nt *stepNote) what() string {
	if nt.step == '5' {
		return "the name and address of prospect " + nt.text
	}
	return "the message's name and address"
}

// words is the sentence of a step's trace.
func (nt *stepNote) words() string {
	attr, kind := phoneWords(nt.step)
	switch nt.note {
	case noteNoCustomerNumber:
		return "no customer_number"
	case noteCustomerExists:
		return "customer " + nt.num.String() + " exists"
	case noteCustomerUnknown:
		return "customer_number " + nt.num.String() + " names no customer"
	case noteNoAlt:
		return "no alternate_sold_to_id"
	case noteAltNone:
		return "alternate_sold_to_id " + nt.text + " matches no customer"
	case noteAltOne, noteAltHighest, noteCrossRefHighest:
		return nt.choice()
	case notePhoneSkipped:
		return "I20 is N: phone search skipped"
	case noteNoPhone:
		return "no " + attr
	case notePhoneOne:
		return "one " + kind.String() + " match"
	case notePhoneNone:
		return "no " + kind.String() + " match"
	case notePhoneNoName:
		return fmt.Sprintf("%d %s matches, none matches name and address", nt.count, kind)
	case notePhoneLowest:
		return fmt.Sprintf("%d %s matches; lowest that matches name and address", nt.count, kind)
	case noteNoProspect:
		return "no prospect_id"
	case noteProspectUnknown:
		return "prospect_id " + nt.text + " names no Prospect Finder record"
	case noteNoKey:
		return "no name or address to match"
	case noteKeyNone:
		return "no customer matches " + nt.what()
	case noteKeyOne:
		return "one customer matches " + nt.what()
	case noteKeyHighest:
		return fmt.Sprintf("%d customers match %s; highest chosen", nt.count, nt.what())
	case noteCreate:
		return "no customer matched; a new customer is created"
	}
	return ""
}

// choice is the reason of a step that chose a customer.
func (nt *stepNote) choice() string {
	attr, _ := phoneWords(nt.step)
	switch nt.note {
	case noteCustomerExists:
		return "customer_number " + nt.num.String() + " names an existing customer"
	case noteAltOne:
		return "alternate_sold_to_id " + nt.text + " matches only customer " + nt.num.String()
	case noteAltHighest:
		return fmt.Sprintf("alternate_sold_to_id %s matches %d customers; %s is the highest Alt cust # match", nt.text, nt.count, nt.num)
	case noteCrossRefHighest:
		return fmt.Sprintf("alternate_sold_to_id %s matches %d customers by cross-reference; %s is the highest", nt.text, nt.count, nt.num)
	case notePhoneOne:
		return attr + " " + nt.text + " matches only customer " + nt.num.String()
	case notePhoneLowest:
		return fmt.Sprintf("%s %s matches %d customers; %s is the lowest that matches name and address", attr, nt.text, nt.count, nt.num)
	case noteKeyOne:
		return "only customer " + nt.num.String() + " matches " + nt.what()
	case noteKeyHighest:
		return fmt.Sprintf("%d customers match %s; %s is the highest", nt.count, nt.what(), nt.num)
	case noteCreate:
		return "no customer matched at steps 1 to 6"
	}
	return ""
}

// reason is why the last step chose (or created) the customer; a ghost
// chosen and followed is named.
func (e *explanation) reason(chosen, customer Number, ghost bool) string {
	if e.n == 0 {
		return ""
	}
	r := e.notes[e.n-1].choice()
	if ghost {
		r += fmt.Sprintf("; customer %s is a ghost merged into %s", chosen, customer)
	}
	return r
}

// trace puts every step's note in words.
func (e *explanation) trace() []StepTrace {
	out := make([]StepTrace, e.n)
	for i := range e.n {
		nt := &e.notes[i]
		out[i] = StepTrace{Step: string(rune(nt.step)), Ran: nt.ran, Reason: nt.words()}
		if nt.cands.listed {
			out[i].Candidates = nt.cands.Slice()
		}
	}
	return out
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
	chain, err := resolveGhost(ctx, f, &c)
	if err != nil {
		return SoldTo{}, nil, err
	}
	return c, chain, nil
}

// resolveGhost is ResolveGhost in place: c becomes the target.
func resolveGhost(ctx context.Context, f interface {
	SoldTo(ctx context.Context, n Number) (SoldTo, error)
}, c *SoldTo) ([]Number, error) {
	if !c.Ghost {
		return nil, nil
	}
	chain := []Number{c.Number}
	seen := map[Number]bool{c.Number: true}
	for c.Ghost {
		if c.MergedInto == 0 {
			return nil, fmt.Errorf("customer %s: flagged as a ghost but its merge target is blank: %w", c.Number, ErrNotFound)
		}
		next := c.MergedInto
		if seen[next] || len(chain) > maxGhostHops {
			return nil, &GhostLoopError{Chain: append(chain, next)}
		}
		t, err := f.SoldTo(ctx, next)
		if err != nil {
			return nil, fmt.Errorf("customer %s: ghost merge target %s: %w", c.Number, next, err)
		}
		chain = append(chain, next)
		seen[next] = true
		*c = t
	}
	return chain, nil
}
