package order

import (
	"time"

	"github.com/shopspring/decimal"
)

// AuthRow is the branch of the online authorization decision that applied
// (order-api.md ORD-053 table, rows 0 to 7).
type AuthRow int

// Rows of the ORD-053 decision table.
const (
	AuthRowNotEligible  AuthRow = 0 // not eligible for online authorization (ORD-045)
	AuthRowBillMeLater  AuthRow = 1 // Bill Me Later: full amount for every pay type (ORD-052)
	AuthRowK37          AuthRow = 2 // under K36 with K37 set: K37 number assigned (ORD-048)
	AuthRowI08          AuthRow = 3 // under $1.00 with I08 set: I08 number assigned (ORD-049)
	AuthRowDeferred     AuthRow = 4 // under L74 and not all shippable: batch authorization later (ORD-050)
	AuthRowUnderReserve AuthRow = 5 // under L74 and all shippable: sent (ORD-050)
	AuthRowOverReserve  AuthRow = 6 // at or over L74: sent (ORD-050)
	AuthRowFullAmount   AuthRow = 7 // G99 = Y: sent (ORD-051)
)

// AuthAction is what the online authorization does with a card.
type AuthAction string

// Online authorization actions.
const (
	AuthActionNone   AuthAction = "none"   // nothing now
	AuthActionAssign AuthAction = "assign" // an automatic authorization number is assigned; nothing sent
	AuthActionSend   AuthAction = "send"   // the amount is sent to the service bureau
	AuthActionLater  AuthAction = "later"  // batch authorization at pick slip generation
)

// OnlineAuthInput is what the online authorization decision looks at.
type OnlineAuthInput struct {
	Eligible      bool            // the host's eligibility rule (ORD-045)
	BillMeLater   bool            // the order has a Bill Me Later pay type
	Amount        decimal.Decimal // the amount that needs authorization
	FullAmount    decimal.Decimal // the full amount (used for Bill Me Later)
	AllShippable  bool            // every line of the order is shippable
	AutoThreshold decimal.NullDecimal
	AutoNumber    string // K37
	UnderOneAuth  string // I08
	FullAuth      bool   // G99
	Reserve       decimal.NullDecimal
	VerifyOnly    bool // I96
}

// OnlineAuthDecision is the outcome of the decision with the row that chose
// it.
type OnlineAuthDecision struct {
	Row        AuthRow
	Action     AuthAction
	AuthNumber string          // the automatic number assigned (rows 2, 3)
	Amount     decimal.Decimal // the amount sent (rows 1, 5-7); $1.00 under I96
	VerifyOnly bool            // the $1.00 verification amount was used (ORD-047)
	Response   *AuthResponse   // the service bureau's answer when sent
}

var oneDollar = decimal.NewFromInt(1)

// DecideOnlineAuth applies the ORD-053 table in order and returns the branch
// taken. A blank L74 counts every amount as at or over the threshold (Part C,
// C-09).
func DecideOnlineAuth(in OnlineAuthInput) OnlineAuthDecision {
	switch {
	case !in.Eligible:
		return OnlineAuthDecision{Row: AuthRowNotEligible, Action: AuthActionNone}
	case in.BillMeLater:
		return OnlineAuthDecision{Row: AuthRowBillMeLater, Action: AuthActionSend, Amount: in.FullAmount}
	case in.AutoThreshold.Valid && in.AutoNumber != "" && in.Amount.LessThan(in.AutoThreshold.Decimal):
		return OnlineAuthDecision{Row: AuthRowK37, Action: AuthActionAssign, AuthNumber: in.AutoNumber}
	case (!in.AutoThreshold.Valid || in.AutoNumber == "") && in.Amount.LessThan(oneDollar) && in.UnderOneAuth != "":
		return OnlineAuthDecision{Row: AuthRowI08, Action: AuthActionAssign, AuthNumber: in.UnderOneAuth}
	}
	send := func(row AuthRow) OnlineAuthDecision {
		d := OnlineAuthDecision{Row: row, Action: AuthActionSend, Amount: in.Amount}
		if in.VerifyOnly {
			d.Amount, d.VerifyOnly = oneDollar, true
		}
		return d
	}
	if in.FullAuth {
		return send(AuthRowFullAmount)
	}
	under := in.Reserve.Valid && in.Amount.LessThan(in.Reserve.Decimal)
	switch {
	case under && !in.AllShippable:
		return OnlineAuthDecision{Row: AuthRowDeferred, Action: AuthActionLater}
	case under:
		return send(AuthRowUnderReserve)
	default:
		return send(AuthRowOverReserve)
	}
}

// AuthResponseKind is the kind of answer the authorization service gave
// (ORD-046).
type AuthResponseKind string

// Authorization response kinds (ORD-046).
const (
	AuthResponseReceived  AuthResponseKind = "R" // approved, declined, …
	AuthResponseTimedOut  AuthResponseKind = "T" // timed out before a response
	AuthResponseUndefined AuthResponseKind = "U" // undefined response
)

// AuthResponse is what the authorization service sends back (ORD-046).
type AuthResponse struct {
	Kind         AuthResponseKind
	Approved     bool
	ResponseCode string // the vendor response code
	AuthCode     string
	AVSResponse  string
	CIDResponse  string
	Date         time.Time
}
