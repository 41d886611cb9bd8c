package order

import "github.com/shopspring/decimal"

// Settings are the system control values the intake uses, read once per
// message (ORD-011): Deps carries a value, and Intake copies it before the
// first step. Each field names its SCV code; U-codes are the scv package's
// pseudo-codes for settings whose code the source lost (scv.md §2).
type Settings struct {
	DefaultOrderType  string              // U196: order type when order_type is blank (ORD-061)
	DefaultSourceCode string              // U199: source code when none is given (ORD-064)
	MaxMerchandise    decimal.NullDecimal // U200: merchandise total above which the order goes on EH hold (ORD-065)
	// MaximumOrderAmount is A92; it never holds order-interface orders
	// (ORD-065) and is kept only so that a host sees it is ignored.
	MaximumOrderAmount         decimal.NullDecimal
	BillToSetting              bool // U201 (ORD-066)
	AcceptUnknownCoupons       bool // U203: Y lets an unknown coupon through without error (ORD-068)
	UsePreferredShipViaBySCF   bool // U208 (ORD-073)
	IncludePromotionInResponse bool // U209 (ORD-074)
	AllowSingleUsePromoCodes   bool // U212 (ORD-077)
	SuppressPromotions         bool // U213 (ORD-078)

	DefaultSalesRep          string   // H24 (ORD-062, ORD-082); blank = none
	RequireSalesRep          bool     // E87 (ORD-063)
	PhoneInterfaceValues     []string // F70 (ORD-069): entries for the sold-to matcher
	IncludePhoneInSearch     bool     // I20
	UpdateSoldToWithBillTo   bool     // H87 (ORD-067)
	PerformEditInteractively bool     // I56 (ORD-007, ORD-070)
	ErrorBatch               string   // G41: batch for orders in error or without payment (ORD-005)
	RetailChannelBatch       string   // I78: batch for channel-P orders in error (ORD-071)
	DefaultIndividualEmail   bool     // J17 (ORD-072, ORD-084)
	SearchOffersForAlias     bool     // J68 (ORD-076)
	DefaultDisposition       string   // C18 (ORD-030)
	PreBilledAmountItem      string   // J72 (ORD-090)

	SendRAMessage     bool   // J58 (ORD-032, ORD-075)
	UsePkMS           bool   // F31
	PkMSReturnProgram string // F38
	PkMSTransport     string // G80
	RAMessageFormat   string // H45

	AutoAuthThreshold        decimal.NullDecimal // K36 (ORD-048)
	AutoAuthNumber           string              // K37 (ORD-048)
	UnderOneDollarAuthNumber string              // I08 (ORD-049)
	AuthorizeFullAmount      bool                // G99 (ORD-050, ORD-051)
	ReserveThreshold         decimal.NullDecimal // L74 (ORD-050)
	VerifyOnly               bool                // I96 (ORD-047)
}

// customerReturn extracts the ORD-032 settings.
func (s Settings) customerReturn() CustomerReturnSettings {
	return CustomerReturnSettings{SendRAMessage: s.SendRAMessage, UsePkMS: s.UsePkMS,
		ReturnProgram: s.PkMSReturnProgram, Transport: s.PkMSTransport, MessageFormat: s.RAMessageFormat}
}
