package order

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/redact"
)

// Payment is one Payment element: a payment method on the order.
type Payment struct {
	Seq              int             // payment_seq_number
	PayType          string          // payment_type (an OMS pay type code)
	CardNumber       string          // cc_number; never shown unmasked (see redact.Card)
	ExpMonth         int             // cc_exp_month, 1..12 when given
	ExpYear          int             // cc_exp_year
	Amount           decimal.Decimal // amount to charge; zero means "the balance"
	Currency         string          // must equal the order currency when given
	AlreadyTokenized bool            // already_tokenized = Y (ORD-034)

	AuthNumber     string              // auth_number (ORD-035)
	AuthDate       time.Time           // auth_date; zero when absent (ORD-037)
	AuthAmount     decimal.NullDecimal // auth_amount; invalid when absent (ORD-036)
	TransactionID  string              // transaction_id
	VendorResponse string              // vendor_response
	CIDResponse    string              // cid_response
	AVSResponse    string              // avs_response

	SuppressDepositFlag bool // suppress_deposit_flag as sent (ORD-021)
	SuppressRefundFlag  bool // suppress_refund_flag as sent (ORD-021)

	// Resolved by the intake.

	Kind            PayKind
	Token           string // the token that replaced the card number (ORD-034)
	SuppressDeposit bool   // the Order Payment Method's Suppress deposit flag (ORD-022, ORD-023)
	SuppressRefund  bool   // the Order Payment Method's Suppress refund flag (ORD-024, ORD-025)
	AuthHistory     []AuthRecord
	OnlineAuth      *OnlineAuthDecision
	Active          bool
}

// MaskCard returns the card number with every digit but the last four
// replaced by '*'. It is the only form a card number takes in errors.
//
// Deprecated: use redact.Card, the module's one masking mechanism, which
// this calls.
func MaskCard(n string) string { return redact.Card(n) }

// PayKind is the kind of a pay type.
type PayKind string

// Pay kinds the intake tells apart.
const (
	PayCreditCard  PayKind = "CC"
	PayCheck       PayKind = "CK"
	PayCash        PayKind = "CA"
	PayCoupon      PayKind = "CP"
	PayBillMeLater PayKind = "BML"
	PayOther       PayKind = "OT"
)

// PayType is the pay type set-up a payment's payment_type names.
type PayType struct {
	Code string
	Kind PayKind
	// CardType is the pay type's Card type; "C" is Credit Card (ORD-034).
	CardType string
	// Service is the authorization service (service bureau).
	Service string
	// UseTokenization is the service bureau's Use Tokenization field.
	UseTokenization bool
}

// ShouldTokenize reports whether tokenization is called for a payment
// (ORD-034): the service bureau uses tokenization, the card type is C, and
// already_tokenized is N or blank.
func ShouldTokenize(pt PayType, alreadyTokenized bool) bool {
	return pt.UseTokenization && pt.CardType == "C" && !alreadyTokenized
}

// SuppressDepositFor is the Order Payment Method's Suppress deposit flag for
// a payment whose message flag is requested: Y only for a credit card
// (ORD-021, ORD-022).
func SuppressDepositFor(kind PayKind, requested bool) bool {
	return requested && kind == PayCreditCard
}

// InvoicePayment is the Invoice Payment Method written when a shipment is
// billed against a payment method.
type InvoicePayment struct {
	Amount          decimal.Decimal
	SuppressDeposit bool // excluded from the next auto-deposit run (SDEP)
	// DepositReference is the transaction id the deposit of this billing
	// carries: that of the payment method's latest approved authorization,
	// linking the deposit to it (ORD-044); blank when that has none.
	DepositReference string
}

// BillShipment bills amount against the payment method (ORD-023): the first
// billing with Suppress deposit = Y writes an invoice payment that SDEP skips
// and turns the order payment method's flag to N, so later shipments are
// deposited. The invoice payment carries the deposit reference (ORD-044).
func (p *Payment) BillShipment(amount decimal.Decimal) InvoicePayment {
	inv := InvoicePayment{Amount: amount, SuppressDeposit: p.SuppressDeposit, DepositReference: p.depositReference()}
	p.SuppressDeposit = false
	return inv
}

// depositReference is the transaction id of the latest approved
// authorization record (ORD-044).
func (p *Payment) depositReference() string {
	for i := len(p.AuthHistory) - 1; i >= 0; i-- {
		if a := p.AuthHistory[i]; a.Status == AuthApproved {
			return a.DepositReference()
		}
	}
	return ""
}

// RefundStatus is the status of a refund.
type RefundStatus string

// Refund statuses (ORD-024).
const (
	RefundOpen          RefundStatus = "O"
	RefundCancelPending RefundStatus = "N"
	RefundCanceled      RefundStatus = "C"
)

// Refund is a refund against a payment method.
type Refund struct {
	PaymentSeq int
	Amount     decimal.Decimal
	Status     RefundStatus
}

// ErrRefundPending is returned when a payment method with an unprocessed
// cancel-pending refund is deactivated (ORD-025).
var ErrRefundPending = errors.New("order: payment method has a cancel-pending refund")

// ErrFlagLocked is returned when the Suppress refund flag is changed
// (ORD-025).
var ErrFlagLocked = errors.New("order: suppress refund flag cannot be changed")

// NewRefund creates a refund for the payment method (ORD-024): with Suppress
// refund = Y it is created cancel pending (N) so that no refund is ever
// issued; otherwise it is open.
func (p *Payment) NewRefund(amount decimal.Decimal) Refund {
	st := RefundOpen
	if p.SuppressRefund {
		st = RefundCancelPending
	}
	return Refund{PaymentSeq: p.Seq, Amount: amount, Status: st}
}

// ProcessRefund is the refund run (MREF) for one refund: a cancel-pending
// refund becomes canceled (ORD-024).
func ProcessRefund(r Refund) Refund {
	if r.Status == RefundCancelPending {
		r.Status = RefundCanceled
	}
	return r
}

// SetSuppressRefund refuses to change the Suppress refund flag (ORD-025);
// setting it to its current value is a no-op.
func (p *Payment) SetSuppressRefund(v bool) error {
	if v != p.SuppressRefund {
		return fmt.Errorf("payment %d: suppress refund %t -> %t: %w", p.Seq, p.SuppressRefund, v, ErrFlagLocked)
	}
	return nil
}

// Deactivate deactivates the payment method so a new one can be entered. It
// is refused while one of refunds for this payment is still cancel pending
// (ORD-025).
func (p *Payment) Deactivate(refunds []Refund) error {
	for _, r := range refunds {
		if r.PaymentSeq == p.Seq && r.Status == RefundCancelPending {
			return fmt.Errorf("payment %d: refund of %s not processed: %w", p.Seq, r.Amount, ErrRefundPending)
		}
	}
	p.Active = false
	return nil
}

// AuthStatus is the status of an authorization history record.
type AuthStatus string

// Authorization history statuses (ORD-035, ORD-038).
const (
	AuthApproved AuthStatus = "A"
	AuthDeclined AuthStatus = "D"
)

// AuthRecord is an authorization history record.
type AuthRecord struct {
	Status         AuthStatus
	AuthNumber     string
	Date           time.Time // zero when absent: the authorization is expired (ORD-037)
	Amount         decimal.NullDecimal
	TransactionID  string
	VendorResponse string
	CIDResponse    string
	AVSResponse    string
	// Source is "web" for history from the message, "online" for an
	// online authorization at intake, "auto" for an automatic number.
	Source string
}

// WebAuthHistory builds the authorization history record for a credit card
// payment authorized on the web (ORD-035 to ORD-039): A when auth_number is
// present, D when it is absent but another auth field is present, none when
// no auth field is present.
func WebAuthHistory(p Payment) (AuthRecord, bool) {
	rec := AuthRecord{
		AuthNumber: p.AuthNumber, Date: p.AuthDate, Amount: p.AuthAmount,
		TransactionID: p.TransactionID, VendorResponse: p.VendorResponse,
		CIDResponse: p.CIDResponse, AVSResponse: p.AVSResponse, Source: "web",
	}
	if p.AuthNumber != "" {
		rec.Status = AuthApproved
		return rec, true
	}
	other := !p.AuthDate.IsZero() || p.AuthAmount.Valid || p.TransactionID != "" ||
		p.VendorResponse != "" || p.CIDResponse != "" || p.AVSResponse != ""
	if !other {
		return AuthRecord{}, false
	}
	rec.Status = AuthDeclined
	return rec, true
}

// Expired reports whether the authorization must be treated as expired at
// now: a record without a date always is (ORD-037); otherwise it is expired
// once validFor has passed since its date (ORD-043).
func (a AuthRecord) Expired(now time.Time, validFor time.Duration) bool {
	if a.Date.IsZero() {
		return true
	}
	return !now.Before(a.Date.Add(validFor))
}

// BatchAuthAmount is what pick slip generation must send for batch
// authorization when it needs amount (ORD-036, ORD-038, ORD-043): everything
// for a declined, amount-less or expired record; the difference when the
// approved amount falls short; zero when the record covers it.
func (a AuthRecord) BatchAuthAmount(needed decimal.Decimal, now time.Time, validFor time.Duration) decimal.Decimal {
	if a.Status != AuthApproved || !a.Amount.Valid || a.Expired(now, validFor) {
		return needed
	}
	if a.Amount.Decimal.LessThan(needed) {
		return needed.Sub(a.Amount.Decimal)
	}
	return decimal.Zero
}

// DepositReference is the transaction id a deposit transaction carries to
// link it to this authorization (ORD-044); blank when the record has none.
func (a AuthRecord) DepositReference() string { return a.TransactionID }
