package engage

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// OrderID is the host's order number as the platform knows it.
type OrderID string

// ContactID identifies a contact (the platform's customer record).
type ContactID string

// ReceiptID identifies a receipt (transaction). Ids the library mints are
// UUIDs (see ReceiptFromShipment).
type ReceiptID string

// JobID identifies an asynchronous processing job on the platform (ENG-010).
type JobID string

// VersionTag is the platform's version token for an order (ENG-011).
type VersionTag string

// ActionName names a follow-up action, e.g. "send-shipping-confirmation".
type ActionName string

// OrderKind says whether an order holds purchase lines, return lines or both
// (ENG-018).
type OrderKind string

// Order kinds (ENG-018).
const (
	KindEmpty    OrderKind = ""         // no lines yet
	KindPurchase OrderKind = "purchase" // only purchase lines
	KindReturn   OrderKind = "return"   // only return lines
	KindMixed    OrderKind = "mixed"    // purchase and return lines
)

// Line is one order or receipt line. A positive quantity is a purchase, a
// negative quantity a return (ENG-018). Article is the article reference the
// platform segments on (ENG-024).
type Line struct {
	LineNo      int             `json:"lineNo"`
	Article     string          `json:"article"`
	Description string          `json:"description,omitempty"`
	Quantity    int             `json:"quantity"`
	UnitPrice   decimal.Decimal `json:"unitPrice"`
}

// IsReturn reports whether the line returns goods.
func (l Line) IsReturn() bool { return l.Quantity < 0 }

// Amount is quantity times unit price (negative for a return line).
func (l Line) Amount() decimal.Decimal {
	return l.UnitPrice.Mul(decimal.NewFromInt(int64(l.Quantity)))
}

// Payment is one payment on an order.
type Payment struct {
	Method string          `json:"method"`
	Amount decimal.Decimal `json:"amount"`
}

// Charge is a discount, fee or tax amount with its code.
type Charge struct {
	Code        string          `json:"code"`
	Description string          `json:"description,omitempty"`
	Amount      decimal.Decimal `json:"amount"`
}

// Link points to another order, e.g. an exchange's original order.
type Link struct {
	Order    OrderID `json:"order"`
	Relation string  `json:"relation"`
}

// Delivery holds an order's delivery details.
type Delivery struct {
	Method   string `json:"method,omitempty"`
	Address  string `json:"address,omitempty"`
	Tracking string `json:"tracking,omitempty"`
}

// Order is everything the platform's order view shows (ENG-019): details,
// dates, lines (purchase and return kept apart by sign), payments,
// discounts, fees, taxes and links to other orders. Orders change over their
// life and are sent as full updates (ENG-002).
type Order struct {
	ID        OrderID   `json:"id"`
	Contact   ContactID `json:"contact"`
	Status    string    `json:"status"`
	Store     string    `json:"store,omitempty"`
	Currency  string    `json:"currency"`
	Placed    time.Time `json:"placed"`
	Updated   time.Time `json:"updated"`
	Lines     []Line    `json:"lines"`
	Payments  []Payment `json:"payments,omitempty"`
	Discounts []Charge  `json:"discounts,omitempty"`
	Fees      []Charge  `json:"fees,omitempty"`
	Taxes     []Charge  `json:"taxes,omitempty"`
	Links     []Link    `json:"links,omitempty"`
	Delivery  *Delivery `json:"delivery,omitempty"`
}

// PurchaseLines returns the lines with a positive quantity (ENG-018).
func (o Order) PurchaseLines() []Line { return filterLines(o.Lines, false) }

// ReturnLines returns the lines with a negative quantity (ENG-018).
func (o Order) ReturnLines() []Line { return filterLines(o.Lines, true) }

func filterLines(lines []Line, returns bool) []Line {
	var out []Line
	for _, l := range lines {
		if l.Quantity != 0 && l.IsReturn() == returns {
			out = append(out, l)
		}
	}
	return out
}

// Kind follows from the lines: only purchase lines is a purchase, only
// return lines a return, both is mixed (ENG-018).
func (o Order) Kind() OrderKind {
	p, r := len(o.PurchaseLines()) > 0, len(o.ReturnLines()) > 0
	switch {
	case p && r:
		return KindMixed
	case p:
		return KindPurchase
	case r:
		return KindReturn
	}
	return KindEmpty
}

// Totals are the summed amounts of an order (ENG-019).
type Totals struct {
	Purchases decimal.Decimal // sum of purchase line amounts
	Returns   decimal.Decimal // sum of return line amounts (zero or negative)
	Discounts decimal.Decimal // sum of discounts (positive reduces the total)
	Fees      decimal.Decimal // sum of fees
	Taxes     decimal.Decimal // sum of taxes (informative; assumed included in prices)
	Paid      decimal.Decimal // sum of payments
	Total     decimal.Decimal // Purchases + Returns - Discounts + Fees
}

// Totals sums the order's amounts.
func (o Order) Totals() Totals {
	var t Totals
	for _, l := range o.Lines {
		if l.IsReturn() {
			t.Returns = t.Returns.Add(l.Amount())
		} else {
			t.Purchases = t.Purchases.Add(l.Amount())
		}
	}
	for _, c := range o.Discounts {
		t.Discounts = t.Discounts.Add(c.Amount)
	}
	for _, c := range o.Fees {
		t.Fees = t.Fees.Add(c.Amount)
	}
	for _, c := range o.Taxes {
		t.Taxes = t.Taxes.Add(c.Amount)
	}
	for _, p := range o.Payments {
		t.Paid = t.Paid.Add(p.Amount)
	}
	t.Total = t.Purchases.Add(t.Returns).Sub(t.Discounts).Add(t.Fees)
	return t
}

// StoredOrder is an order as read back from the platform, with its current
// version tag (ENG-011).
type StoredOrder struct {
	Order Order      `json:"order"`
	Tag   VersionTag `json:"versionTag"`
}

// ReceiptKind says whether a receipt records a sale or a return.
type ReceiptKind string

// Receipt kinds.
const (
	ReceiptSale   ReceiptKind = "sale"
	ReceiptReturn ReceiptKind = "return"
)

// Receipt is a transaction: an actual exchange of goods between retailer and
// customer (ENG-001). Once registered it never changes (ENG-003). Order
// points to the order it came from; an order may have many receipts
// (ENG-004).
type Receipt struct {
	ID       ReceiptID   `json:"id"`
	Order    OrderID     `json:"order,omitempty"`
	Contact  ContactID   `json:"contact"`
	Kind     ReceiptKind `json:"kind"`
	Store    string      `json:"store,omitempty"`
	Currency string      `json:"currency"`
	Time     time.Time   `json:"time"`
	Lines    []Line      `json:"lines"`
}

// Total sums the receipt's line amounts.
func (r Receipt) Total() decimal.Decimal {
	t := decimal.Zero
	for _, l := range r.Lines {
		t = t.Add(l.Amount())
	}
	return t
}

// StatusChange changes an order's status and may carry embedded actions that
// the platform runs after the change is processed (ENG-015). RequestID makes
// a resend of the same change harmless.
type StatusChange struct {
	Status    string       `json:"status"`
	Actions   []ActionName `json:"actions,omitempty"`
	RequestID string       `json:"requestId,omitempty"`
}

// DeliveryChange changes an order's delivery details and may carry embedded
// actions (ENG-015).
type DeliveryChange struct {
	Delivery  Delivery     `json:"delivery"`
	Actions   []ActionName `json:"actions,omitempty"`
	RequestID string       `json:"requestId,omitempty"`
}

// JobState is the processing state of an asynchronous job (ENG-010).
type JobState string

// Job states.
const (
	JobQueued     JobState = "queued"
	JobInProgress JobState = "inProgress"
	JobProcessed  JobState = "processed"
	JobFailed     JobState = "failed"
)

// Done reports whether the job will not change any more.
func (s JobState) Done() bool { return s == JobProcessed || s == JobFailed }

// DiscardedAction is an embedded action the platform could not run and
// dropped (ENG-017).
type DiscardedAction struct {
	Action ActionName `json:"action"`
	Reason string     `json:"reason"`
}

// Job is the status of one asynchronous change (ENG-010, ENG-011).
type Job struct {
	ID        JobID             `json:"id"`
	Order     OrderID           `json:"order"`
	State     JobState          `json:"state"`
	Tag       VersionTag        `json:"versionTag,omitempty"`
	Errors    []FieldError      `json:"errors,omitempty"`
	Discarded []DiscardedAction `json:"discarded,omitempty"`
}

// LogEntry is one integration-log entry (ENG-017, ENG-023).
type LogEntry struct {
	Time    time.Time `json:"time"`
	Type    string    `json:"type"` // "Orders" for order processing errors
	Order   OrderID   `json:"order,omitempty"`
	Job     JobID     `json:"job,omitempty"`
	Message string    `json:"message"`
}

// ContactExtract is everything the platform stores for a contact's orders
// (ENG-025).
type ContactExtract struct {
	Contact  ContactID     `json:"contact"`
	Orders   []StoredOrder `json:"orders"`
	Receipts []Receipt     `json:"receipts,omitempty"`
}

// Validate checks an order's format locally before it is sent (ENG-022). It
// returns a *ValidationError listing every problem, or nil.
func Validate(o Order) error {
	var fs []FieldError
	if o.ID == "" {
		fs = append(fs, FieldError{Path: "id", Value: "", Rule: "required"})
	}
	if o.Contact == "" {
		fs = append(fs, FieldError{Path: "contact", Value: "", Rule: "required"})
	}
	if o.Status == "" {
		fs = append(fs, FieldError{Path: "status", Value: "", Rule: "required"})
	}
	fs = append(fs, checkCurrency(o.Currency)...)
	fs = append(fs, checkLines(o.Lines, "", false)...)
	for i, p := range o.Payments {
		if p.Method == "" {
			fs = append(fs, FieldError{Path: "payments[" + strconv.Itoa(i) + "].method", Rule: "required"})
		}
	}
	for name, cs := range map[string][]Charge{"discounts": o.Discounts, "fees": o.Fees, "taxes": o.Taxes} {
		for i, c := range cs {
			if c.Amount.IsNegative() {
				fs = append(fs, FieldError{Path: fmt.Sprintf("%s[%d].amount", name, i), Value: c.Amount.String(), Rule: "must not be negative"})
			}
		}
	}
	if len(fs) == 0 {
		return nil
	}
	sortFields(fs)
	return &ValidationError{Record: "order " + string(o.ID), Fields: fs}
}

// ValidateReceipt checks a receipt's format locally (ENG-022): a sale has
// only positive lines, a return only negative ones.
func ValidateReceipt(r Receipt) error {
	var fs []FieldError
	if r.ID == "" {
		fs = append(fs, FieldError{Path: "id", Rule: "required"})
	}
	if r.Contact == "" {
		fs = append(fs, FieldError{Path: "contact", Rule: "required"})
	}
	if r.Kind != ReceiptSale && r.Kind != ReceiptReturn {
		fs = append(fs, FieldError{Path: "kind", Value: string(r.Kind), Rule: "one of sale, return"})
	}
	fs = append(fs, checkCurrency(r.Currency)...)
	if len(r.Lines) == 0 {
		fs = append(fs, FieldError{Path: "lines", Rule: "at least one line"})
	}
	fs = append(fs, checkLines(r.Lines, r.Kind, true)...)
	if len(fs) == 0 {
		return nil
	}
	sortFields(fs)
	return &ValidationError{Record: "receipt " + string(r.ID), Fields: fs}
}

func checkCurrency(c string) []FieldError {
	if len(c) != 3 {
		return []FieldError{{Path: "currency", Value: c, Rule: "ISO 4217 code of 3 letters"}}
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return []FieldError{{Path: "currency", Value: c, Rule: "ISO 4217 code of 3 letters"}}
		}
	}
	return nil
}

func checkLines(lines []Line, kind ReceiptKind, receipt bool) []FieldError {
	var fs []FieldError
	for i, l := range lines {
		p := "lines[" + strconv.Itoa(i) + "]"
		if l.Article == "" {
			fs = append(fs, FieldError{Path: p + ".article", Rule: "required"})
		}
		if l.Quantity == 0 {
			fs = append(fs, FieldError{Path: p + ".quantity", Value: "0", Rule: "must not be zero"})
		}
		if receipt && kind == ReceiptSale && l.Quantity < 0 {
			fs = append(fs, FieldError{Path: p + ".quantity", Value: strconv.Itoa(l.Quantity), Rule: "sale lines are positive"})
		}
		if receipt && kind == ReceiptReturn && l.Quantity > 0 {
			fs = append(fs, FieldError{Path: p + ".quantity", Value: strconv.Itoa(l.Quantity), Rule: "return lines are negative"})
		}
		if l.UnitPrice.IsNegative() {
			fs = append(fs, FieldError{Path: p + ".unitPrice", Value: l.UnitPrice.String(), Rule: "must not be negative"})
		}
	}
	return fs
}

func sortFields(fs []FieldError) {
	// insertion sort by path keeps output stable regardless of map order
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Path < fs[j-1].Path; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}
