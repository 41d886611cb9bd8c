package order

//go:generate go tool mockgen -source=deps.go -destination=mock_deps_test.go -package=order

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/customer"
)

// ItemCatalog finds items and SKUs for order lines (ORD-079).
type ItemCatalog interface {
	// FindItem looks one key up; ok is false when the key matches nothing
	// (blank or invalid keys move the search on, ORD-080).
	FindItem(ctx context.Context, key ItemKey) (it Item, ok bool, err error)
}

// RepDirectory looks sales reps up for the ORD-082 decision table. New reps
// are written through the Store in the order's transaction.
type RepDirectory interface {
	RepByNumber(ctx context.Context, number int) (Rep, bool, error)
	RepByName(ctx context.Context, name string) (Rep, bool, error)
	// NextRepNumber reserves the next available rep number (ORD-082 E3),
	// atomically, the way OrderNumbers.NextOrderNumber reserves order
	// numbers: two calls never return the same number, also from concurrent
	// intakes in several processes, and a number whose order then fails is
	// not reused.
	NextRepNumber(ctx context.Context) (int, error)
}

// PayTypes describes the pay types payments name.
type PayTypes interface {
	PayType(ctx context.Context, code string) (PayType, bool, error)
}

// Tokenizer replaces a card number with a token from the authorization
// service (ORD-034).
type Tokenizer interface {
	Tokenize(ctx context.Context, req TokenRequest) (token string, err error)
}

// TokenRequest asks for a token for one card.
type TokenRequest struct {
	Service    string
	PayType    string
	CardNumber string
}

// PaymentAuthorizer sends an online authorization to the service bureau
// (ORD-045, ORD-046).
type PaymentAuthorizer interface {
	Authorize(ctx context.Context, req AuthRequest) (AuthResponse, error)
}

// AuthRequest is one online authorization request.
type AuthRequest struct {
	OrderNumber string
	PaymentSeq  int
	PayType     string
	Service     string
	Card        string // the token when the card was tokenized
	Amount      AuthAmount
}

// AuthAmount is an amount with its currency.
type AuthAmount struct {
	Value    string // decimal string, e.g. "1.00"
	Currency string
}

// VendorResponses is the Credit Card Vendor Response file of an
// authorization service (ORD-040, ORD-046).
type VendorResponses interface {
	// VendorResponse returns the hold reason linked to code (blank when none)
	// and whether the code exists in the file.
	VendorResponse(ctx context.Context, service, code string) (holdReason string, found bool, err error)
}

// HoldChecker runs the normal credit and fraud checks that decide open or
// held (ORD-006); it returns the hold reasons.
type HoldChecker interface {
	CheckHolds(ctx context.Context, o *Order) ([]string, error)
}

// Coupons is the Coupon Redemption file (ORD-068).
type Coupons interface {
	CouponExists(ctx context.Context, number string) (bool, error)
}

// ShipVias gives the preferred ship via of an SCF (ORD-073).
type ShipVias interface {
	PreferredShipVia(ctx context.Context, scf string) (shipVia string, ok bool, err error)
}

// Promotions applies end-of-order promotions (ORD-074, ORD-077, ORD-078).
type Promotions interface {
	ApplyPromotions(ctx context.Context, o *Order, singleUseCode string) ([]Promotion, error)
}

// Promotion is one end-of-order promotion applied to the order.
type Promotion struct {
	Type        string // e.g. "ship via upgrade", "free freight", "free item"
	Description string
}

// SoldToSelector chooses or creates the sold-to (and bill-to) for an order
// (order-api.md Part B). The customer package provides the rules; the intake
// only calls this.
type SoldToSelector interface {
	SelectSoldTo(ctx context.Context, req SoldToRequest) (SoldToResult, error)
}

// SoldToRequest is what the intake hands the selector.
type SoldToRequest struct {
	SoldTo       SoldTo
	BillToNumber string
	OrderChannel string
	Settings     MatchSettings
	// Deferred asks the selector to write nothing and to return the sold-to
	// change it decides in SoldToResult.Write instead: the store commits it
	// with the order (SoldToCommitter). A selector that cannot defer writes
	// as usual and leaves Write nil.
	Deferred bool
}

// MatchSettings are the customer-selection SCVs the intake passes through
// (ORD-066, ORD-067, ORD-069).
type MatchSettings struct {
	PhoneInterfaceValues   []string // F70 (ORD-069)
	IncludePhoneInSearch   bool     // I20
	UpdateSoldToWithBillTo bool     // H87 (ORD-067)
	BillToSetting          bool     // U201 (ORD-066)
}

// SoldToResult is the selector's answer.
type SoldToResult struct {
	CustomerNumber          string
	AlternateID             string
	BillToNumber            string
	ExistingEmail           string // the customer's email on file (ORD-084)
	ExistingIndividualEmail string // the individual placer's email on file (ORD-084)
	// SalesRep is the Salesrep # held on the sold-to; the intake never uses
	// it for the order (ORD-083).
	SalesRep int
	Step     string // the rule step that chose the customer, e.g. "2a"
	// Reason says in words why that step chose (or created) the customer, so
	// a host can log the decision; blank when the selector gives none.
	Reason  string
	Created bool
	// Write is the sold-to change to commit with the order, when the
	// request was Deferred: a customer to create (CustomerNumber is then
	// blank until the commit assigns it) or the updates of an existing one.
	Write *SoldToWrite `json:"-"`
}

// Store persists what one message writes, in one transaction, and keeps the
// idempotency record of each intake.
type Store interface {
	// LookupIntake returns the committed intake for key, if any.
	LookupIntake(ctx context.Context, key string) (Committed, bool, error)
	// Order returns the order with id; the error wraps ErrNotFound when
	// there is none.
	Order(ctx context.Context, id uuid.UUID) (Order, error)
	// Batch returns the batch with number, and whether it exists.
	Batch(ctx context.Context, number string) (Batch, bool, error)
	// Commit writes w atomically. When w.Key was committed before, it
	// writes nothing and returns the stored Committed with Replayed set if
	// the payload hash is the same, or an error wrapping ErrDuplicateOrder
	// if it differs. A first batch order whose batch exists gives an error
	// wrapping ErrBatchNumberUsed. On error nothing is written. The store
	// keeps copies: the caller goes on using w.Order and w.Result.
	Commit(ctx context.Context, w Write) (Committed, error)
}

// Write is everything one message writes.
type Write struct {
	Key         string   // idempotency key: "order:"+order_number or "payment:"+rdc_order_nbr
	PayloadHash [32]byte // hash of the message payload
	Order       Order    // the order to insert (or replace, when Update)
	Update      bool     // replace the existing order with Order.ID (payment-only message)
	NewReps     []Rep    // reps created by the rep resolution (ORD-082)
	Batch       *BatchDelta
	Result      Result // the result returned again on replay
	// SoldTo is the sold-to change the selection decided, written in this
	// transaction by a SoldToCommitter; nil when there is none.
	SoldTo *SoldToWrite
	// Claim is the token of the intake's claim on Key (IntakeClaimer);
	// Commit completes that claim instead of taking Key anew. Blank when
	// the intake did not claim.
	Claim string
	// AssignNumber asks the store to take the next order number inside this
	// commit and to put it on the order (SetOrderNumber); see
	// CommitNumbering.
	AssignNumber bool
}

// Committed is what a commit, or the replay of one, returns.
type Committed struct {
	Result      Result
	PayloadHash [32]byte
	Batch       *Batch // the batch after this order was added
	Replayed    bool   // the key was committed before with the same payload
	// SoldTo is the number of the customer this commit created
	// (Write.SoldTo.Create); zero when it created none.
	SoldTo customer.Number
	// OrderNumber is the order number this commit assigned
	// (Write.AssignNumber); zero when it assigned none.
	OrderNumber int
}

// Clock gives the current time.
type Clock func() time.Time

// IDSource mints order ids.
type IDSource func() uuid.UUID

// MaxOrderNumber is the largest OMS order number: CWORDEROUT order_id is
// numeric with 8 positions (message-formats.md §4.3).
const MaxOrderNumber = 99999999

// OrderNumbers assigns and finds the numeric OMS order numbers (the
// CWORDEROUT order_id that a payment-only message sends back as
// rdc_order_nbr). A store implements it next to Store; the intake uses it
// only when Deps.OrderNumbers is set.
type OrderNumbers interface {
	// NextOrderNumber reserves the next order number, atomically: two calls
	// never return the same number, also from concurrent intakes. A number
	// whose commit then fails is not reused (a gap, like a database
	// sequence). Past MaxOrderNumber it returns an error.
	NextOrderNumber(ctx context.Context) (int, error)
	// OrderIDByNumber returns the id of the committed order with number; the
	// error wraps ErrNotFound when there is none.
	OrderIDByNumber(ctx context.Context, number int) (uuid.UUID, error)
}
