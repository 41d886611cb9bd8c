package order

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ItemKeyKind names one step of the item and SKU resolution (ORD-079).
type ItemKeyKind string

// Item resolution steps, in the order they are tried (ORD-079). Steps 1 to 4
// are inferred from the source's "For more information" list (Part C, C-02).
const (
	KeyItemSKU   ItemKeyKind = "item and SKU"     // step 1
	KeyShortSKU  ItemKeyKind = "short SKU"        // step 2
	KeyRetailRef ItemKeyKind = "retail reference" // step 3
	KeyUPC       ItemKeyKind = "UPC"              // step 4
	KeyAlias     ItemKeyKind = "alias_item"       // step 5
	KeySKUXref   ItemKeyKind = "sku_xref_nbr"     // step 6
)

// ItemKey is one lookup the resolution asks the catalog for.
type ItemKey struct {
	Kind  ItemKeyKind
	Value string // item, short SKU, retail ref, UPC code, alias or cross reference
	Extra string // SKU for KeyItemSKU, UPC type for KeyUPC
	// AllOffers asks the catalog to search every active offer for the alias
	// (J68, ORD-076); only set for KeyAlias.
	AllOffers bool
}

// ItemKeys lists the lookups to try for a line, in resolution order, leaving
// out blank attributes (ORD-079, ORD-080).
func ItemKeys(l Line, searchAllOffers bool) []ItemKey {
	return appendItemKeys(nil, &l, searchAllOffers)
}

// maxItemKeys is how many lookups a line can ask for.
const maxItemKeys = 6

// appendItemKeys appends the lookups of ItemKeys to keys.
func appendItemKeys(keys []ItemKey, l *Line, searchAllOffers bool) []ItemKey {
	if l.ItemID != "" {
		keys = append(keys, ItemKey{Kind: KeyItemSKU, Value: l.ItemID, Extra: l.SKU})
	}
	if l.ShortSKU != "" {
		keys = append(keys, ItemKey{Kind: KeyShortSKU, Value: l.ShortSKU})
	}
	if l.RetailRef != "" {
		keys = append(keys, ItemKey{Kind: KeyRetailRef, Value: l.RetailRef})
	}
	if l.UPC != "" {
		keys = append(keys, ItemKey{Kind: KeyUPC, Value: l.UPC, Extra: l.UPCType})
	}
	if l.AliasItem != "" {
		keys = append(keys, ItemKey{Kind: KeyAlias, Value: l.AliasItem, AllOffers: searchAllOffers})
	}
	if l.SKUXref != "" {
		keys = append(keys, ItemKey{Kind: KeySKUXref, Value: l.SKUXref})
	}
	return keys
}

// ResolveItem tries each present attribute in turn and returns the first item
// the catalog finds and the step that found it. When nothing resolves it
// returns an error wrapping ErrItemNotFound ("Base item does not exist",
// ORD-080).
func ResolveItem(ctx context.Context, cat ItemCatalog, l Line, searchAllOffers bool) (Item, ItemKeyKind, error) {
	var buf [maxItemKeys]ItemKey
	for _, k := range appendItemKeys(buf[:0], &l, searchAllOffers) {
		it, ok, err := cat.FindItem(ctx, k)
		if err != nil {
			return Item{}, "", fmt.Errorf("line %d: item lookup by %s %q: %w", l.Seq, k.Kind, k.Value, err)
		}
		if ok {
			return it, k.Kind, nil
		}
	}
	return Item{}, "", fmt.Errorf("line %d: %s: %w", l.Seq, ReasonBaseItemDoesNotExist, ErrItemNotFound)
}

// RepOutcome says how the sales rep was chosen (ORD-082).
type RepOutcome string

// Rep resolution outcomes (ORD-082 decision table).
const (
	RepDefault   RepOutcome = "default rep H24"
	RepByName    RepOutcome = "existing rep matching sales_rep_name"
	RepNewByName RepOutcome = "new rep created from sales_rep_name"
	RepByNumber  RepOutcome = "existing rep matching sales_rep_number"
	RepNewNumber RepOutcome = "new rep created with sales_rep_number"
	RepInvalid   RepOutcome = "sales_rep_number matches no rep"
	RepNone      RepOutcome = "no rep"
	RepMissing   RepOutcome = "no rep and E87 requires one"
)

// RepResult is the rep chosen, whether it must be created, and why.
type RepResult struct {
	Rep     *Rep
	Create  bool // the rep does not exist yet; the intake writes it
	Outcome RepOutcome
	Err     error // non-nil for RepInvalid and RepMissing: the order is in error
}

// ResolveRep applies the ORD-082 decision table. The sold-to's own rep is
// never an input (ORD-083). defaultRep is H24 (blank = none), requireRep is
// E87.
func ResolveRep(ctx context.Context, reps RepDirectory, number, name, defaultRep string, requireRep bool) (RepResult, error) {
	number, name = strings.TrimSpace(number), strings.TrimSpace(name)
	useDefault := func() (RepResult, bool, error) {
		if defaultRep == "" {
			return RepResult{}, false, nil
		}
		n, err := strconv.Atoi(defaultRep)
		if err != nil {
			return RepResult{}, false, fmt.Errorf("H24 default sales rep %q: %w", defaultRep, ErrInvalidValue)
		}
		r, ok, err := reps.RepByNumber(ctx, n)
		if err != nil {
			return RepResult{}, false, fmt.Errorf("sales rep %d: %w", n, err)
		}
		if !ok {
			r = Rep{Number: n}
		}
		return RepResult{Rep: &r, Outcome: RepDefault}, true, nil
	}
	if number == "" {
		if res, ok, err := useDefault(); err != nil || ok {
			return res, err
		}
		if name == "" {
			if requireRep {
				return RepResult{Outcome: RepMissing, Err: fmt.Errorf("sales_rep_number blank and no H24 default: %w", ErrInvalidRep)}, nil
			}
			return RepResult{Outcome: RepNone}, nil
		}
		r, ok, err := reps.RepByName(ctx, name)
		if err != nil {
			return RepResult{}, fmt.Errorf("sales rep %q: %w", name, err)
		}
		if ok {
			return RepResult{Rep: &r, Outcome: RepByName}, nil
		}
		n, err := reps.NextRepNumber(ctx)
		if err != nil {
			return RepResult{}, fmt.Errorf("next sales rep number: %w", err)
		}
		return RepResult{Rep: &Rep{Number: n, Name: name}, Create: true, Outcome: RepNewByName}, nil
	}
	n, err := strconv.Atoi(number)
	if err != nil || n <= 0 {
		return RepResult{Outcome: RepInvalid, Err: fmt.Errorf("sales_rep_number %q: %w", number, ErrInvalidValue)}, nil
	}
	r, ok, err := reps.RepByNumber(ctx, n)
	if err != nil {
		return RepResult{}, fmt.Errorf("sales rep %d: %w", n, err)
	}
	switch {
	case ok:
		return RepResult{Rep: &r, Outcome: RepByNumber}, nil
	case name == "":
		return RepResult{Outcome: RepInvalid, Err: fmt.Errorf("sales_rep_number %d matches no rep: %w", n, ErrInvalidRep)}, nil
	default:
		return RepResult{Rep: &Rep{Number: n, Name: name}, Create: true, Outcome: RepNewNumber}, nil
	}
}

// EmailSource says which step of the order email hierarchy applied.
type EmailSource string

// Order email hierarchy steps (ORD-084).
const (
	EmailFromOrder      EmailSource = "order_email"
	EmailFromIndividual EmailSource = "individual placer (J17)"
	EmailFromSoldTo     EmailSource = "sold-to"
	EmailBlank          EmailSource = "blank"
)

// EmailInput is what the order email hierarchy looks at.
type EmailInput struct {
	OrderEmail              string // order_email
	IndividualEmail         string // ind_email_address
	ExistingIndividualEmail string // the individual's existing email
	SoldToEmail             string // sold_to_email
	ExistingSoldToEmail     string // the customer's existing email
	DefaultIndividualEmail  bool   // J17
}

// OrderEmail picks the order-level email (ORD-084): order_email, else the
// individual's when J17 = Y, else the sold-to's, else blank. Emails are
// stored in lower case.
func OrderEmail(in EmailInput) (string, EmailSource) {
	first := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	if in.OrderEmail != "" {
		return strings.ToLower(in.OrderEmail), EmailFromOrder
	}
	if e := first(in.IndividualEmail, in.ExistingIndividualEmail); e != "" && in.DefaultIndividualEmail {
		return strings.ToLower(e), EmailFromIndividual
	}
	if e := first(in.SoldToEmail, in.ExistingSoldToEmail); e != "" {
		return strings.ToLower(e), EmailFromSoldTo
	}
	return "", EmailBlank
}

// SCF is the sectional center facility of a postal code: its first three
// digits (ORD-073); blank when the code has fewer than three leading digits.
func SCF(zip string) string {
	if len(zip) < 3 {
		return ""
	}
	for i := 0; i < 3; i++ {
		if zip[i] < '0' || zip[i] > '9' {
			return ""
		}
	}
	return zip[:3]
}

// CustomerReturnSettings are the SCVs that decide whether a return taken in
// through CWORDERIN produces a CWCustomerReturn message (ORD-032).
type CustomerReturnSettings struct {
	SendRAMessage bool   // J58
	UsePkMS       bool   // F31
	ReturnProgram string // F38
	Transport     string // G80
	MessageFormat string // H45
}

// SendsCustomerReturn reports whether every ORD-032 condition holds.
func (s CustomerReturnSettings) SendsCustomerReturn() bool {
	return s.SendRAMessage && s.UsePkMS && strings.Contains(s.ReturnProgram, "IFR0086") &&
		s.Transport == "MQ" && (s.MessageFormat == "GENERIC" || s.MessageFormat == "GENERIC_2")
}

// CustomerReturn is the Generic WMS Customer Return message (CWCustomerReturn)
// the intake asks the host to send for a return line. It carries the return
// reason and disposition as received, valid or not (ORD-033).
type CustomerReturn struct {
	OrderNumber string
	LineSeq     int
	Item        string
	Quantity    int
	Warehouse   string
	Location    string
	Reason      string
	Disposition string
}

// BatchKind names a remote order batch (ORD-009).
type BatchKind string

// Remote order batches.
const (
	BatchEcommerce BatchKind = "G41" // Default Batch for E-Commerce Orders in Error
	BatchRetail    BatchKind = "I78" // Batch Number for Retail Channel Orders
)

// History is an order transaction history record.
type History struct {
	Date   time.Time
	Type   string
	Note   string
	Amount decimal.Decimal
	User   string
}

// AcceptFromRemoteBatch is the history record written each time user accepts
// an order from a remote order batch (ORD-009): type 4, a note naming the
// batch kind, and the order total whether or not the change altered it.
func AcceptFromRemoteBatch(kind BatchKind, total decimal.Decimal, user string, at time.Time) History {
	note := "Batch order changed - Ecomm."
	if kind == BatchRetail {
		note = "Batch order changed - Retail."
	}
	return History{Date: at, Type: "4", Note: note, Amount: total, User: user}
}
