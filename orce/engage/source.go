package engage

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// receiptNamespace is the UUID namespace for receipt ids minted from a
// shipment or return, so the same shipment always gives the same receipt id
// and a replayed event is refused as a duplicate (ENG-003).
var receiptNamespace = uuid.MustParse("0b8f6b8e-8d1e-4a8e-9a34-3f0c2d7e5a61")

// SourceLine is one order line as the order package holds it.
type SourceLine struct {
	Seq         int
	Item        string // article reference (ENG-024)
	Description string
	Ordered     int // units ordered
	Returned    int // units returned so far
	Price       decimal.Decimal
}

// SourceOrder is the small view of an accepted order (or one built by an F3
// fulfillment) that FromOrder maps to an engagement Order. The order package
// fills it; it holds no OMS-specific types.
type SourceOrder struct {
	Number    string
	Contact   string // the customer's engagement id
	Status    string
	Store     string
	Currency  string
	Placed    time.Time
	Updated   time.Time
	Lines     []SourceLine
	Payments  []Payment
	Discounts []Charge
	Fees      []Charge
	Taxes     []Charge
	Delivery  *Delivery
	// Revision counts the order's changes; FromOrderChange uses it as the
	// change key so each revision is sent exactly once.
	Revision int
}

// FromOrder maps an order to an engagement Order: every ordered line becomes
// a purchase line and returned units become a return line of their own, so
// purchase and return lines stay apart (ENG-018) and the order is updated in
// place as it is returned (ENG-004). The result is validated (ENG-022).
func FromOrder(s SourceOrder) (Order, error) {
	o := Order{ID: OrderID(s.Number), Contact: ContactID(s.Contact), Status: s.Status, Store: s.Store,
		Currency: s.Currency, Placed: s.Placed, Updated: s.Updated,
		Payments: s.Payments, Discounts: s.Discounts, Fees: s.Fees, Taxes: s.Taxes, Delivery: s.Delivery}
	for _, l := range s.Lines {
		if l.Ordered > 0 {
			o.Lines = append(o.Lines, Line{LineNo: l.Seq, Article: l.Item, Description: l.Description, Quantity: l.Ordered, UnitPrice: l.Price})
		}
		if l.Returned > 0 {
			o.Lines = append(o.Lines, Line{LineNo: l.Seq, Article: l.Item, Description: l.Description, Quantity: -l.Returned, UnitPrice: l.Price})
		}
	}
	if err := Validate(o); err != nil {
		return Order{}, err
	}
	return cloneOrder(o), nil
}

// ChangeKey is the change key for one revision of a source order.
func (s SourceOrder) ChangeKey() string { return fmt.Sprintf("rev-%d", s.Revision) }

// SourceShipLine is one shipped or returned line.
type SourceShipLine struct {
	Seq         int
	Item        string
	Description string
	Quantity    int // units shipped or returned, positive
	Price       decimal.Decimal
}

// SourceShipment is one delivery of an order: it becomes a sale receipt.
type SourceShipment struct {
	Order    string
	Contact  string
	Shipment string // the shipment's id within the order
	Store    string
	Currency string
	Shipped  time.Time
	Lines    []SourceShipLine
}

// SourceReturn is one return against an order: it becomes a return receipt.
type SourceReturn struct {
	Order    string
	Contact  string
	Return   string // the return's id within the order (e.g. RA number)
	Store    string
	Currency string
	Returned time.Time
	Lines    []SourceShipLine
}

// MintReceiptID mints the receipt id for an event of an order: a name-based
// UUID, the same for the same (order, kind, event) every time.
func MintReceiptID(order string, kind ReceiptKind, event string) ReceiptID {
	return ReceiptID(uuid.NewSHA1(receiptNamespace, []byte(order+"\x00"+string(kind)+"\x00"+event)).String())
}

// ReceiptFromShipment maps a shipment to a sale receipt that refers to its
// order (ENG-004). The id is minted from the order and shipment, so a
// replayed shipment is a duplicate (ENG-003).
func ReceiptFromShipment(s SourceShipment) (Receipt, error) {
	r := Receipt{ID: MintReceiptID(s.Order, ReceiptSale, s.Shipment), Order: OrderID(s.Order), Contact: ContactID(s.Contact),
		Kind: ReceiptSale, Store: s.Store, Currency: s.Currency, Time: s.Shipped}
	if s.Shipment == "" {
		return Receipt{}, &ValidationError{Record: "shipment of order " + s.Order, Fields: []FieldError{{Path: "shipment", Rule: "required"}}}
	}
	for _, l := range s.Lines {
		r.Lines = append(r.Lines, Line{LineNo: l.Seq, Article: l.Item, Description: l.Description, Quantity: l.Quantity, UnitPrice: l.Price})
	}
	if err := ValidateReceipt(r); err != nil {
		return Receipt{}, err
	}
	return r, nil
}

// ReceiptFromReturn maps a return to a return receipt (negative lines) that
// refers to its order (ENG-004).
func ReceiptFromReturn(s SourceReturn) (Receipt, error) {
	r := Receipt{ID: MintReceiptID(s.Order, ReceiptReturn, s.Return), Order: OrderID(s.Order), Contact: ContactID(s.Contact),
		Kind: ReceiptReturn, Store: s.Store, Currency: s.Currency, Time: s.Returned}
	if s.Return == "" {
		return Receipt{}, &ValidationError{Record: "return of order " + s.Order, Fields: []FieldError{{Path: "return", Rule: "required"}}}
	}
	for _, l := range s.Lines {
		r.Lines = append(r.Lines, Line{LineNo: l.Seq, Article: l.Item, Description: l.Description, Quantity: -l.Quantity, UnitPrice: l.Price})
	}
	if err := ValidateReceipt(r); err != nil {
		return Receipt{}, err
	}
	return r, nil
}
