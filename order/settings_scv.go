package order

import (
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/scv"
)

// SettingsFrom reads the intake's settings from one SCV snapshot (ORD-011,
// ORD-060). Settings whose code the source lost are read from the scv
// package's pseudo-codes (U196 … U213). Amounts that are unset, blank or not
// numbers are left unset (decimal.NullDecimal invalid), which the rules treat
// as blank (ORD-048 to ORD-050).
func SettingsFrom(s scv.Set) Settings {
	num := func(c scv.Code) decimal.NullDecimal {
		if v, ok := s.Number(c); ok {
			return decimal.NewNullDecimal(v)
		}
		return decimal.NullDecimal{}
	}
	return Settings{
		DefaultOrderType:           s.String(scv.DefaultOrderType),              // U196
		DefaultSourceCode:          s.String(scv.DefaultSourceCode),             // U199
		MaxMerchandise:             num(scv.MaximumMerchandiseTotal),            // U200
		MaximumOrderAmount:         num(scv.MaximumOrderAmount),                 // A92
		BillToSetting:              s.Flag(scv.BillToSetting),                   // U201
		AcceptUnknownCoupons:       s.Flag(scv.AcceptUnknownCoupons),            // U203
		UsePreferredShipViaBySCF:   s.Flag(scv.UsePreferredShipViaBySCF),        // U208
		IncludePromotionInResponse: s.Flag(scv.IncludePromotionInOrderResponse), // U209
		AllowSingleUsePromoCodes:   s.Flag(scv.AllowSingleUsePromotionCodes),    // U212
		SuppressPromotions:         s.Flag(scv.SuppressPromotions),              // U213

		DefaultSalesRep:          s.String(scv.DefaultSalesrepForECommerceInterface),                           // H24
		RequireSalesRep:          s.Flag(scv.RequireSalesrepNumberInOrderEntryOrderMaintenance),                // E87
		PhoneInterfaceValues:     s.List(scv.PhoneInterfaceValues),                                             // F70
		IncludePhoneInSearch:     s.Flag(scv.IncludeTelephoneNumberInCustomerSearch),                           // I20
		UpdateSoldToWithBillTo:   s.Flag(scv.UpdateCustomerSoldToWithBillToAccountNumberForNewECommerceOrders), // H87
		PerformEditInteractively: s.Flag(scv.PerformOrderEditInteractively),                                    // I56
		ErrorBatch:               s.String(scv.DefaultBatchForECommerceOrdersInError),                          // G41
		RetailChannelBatch:       s.String(scv.BatchNumberForRetailChannelOrders),                              // I78
		DefaultIndividualEmail:   s.Flag(scv.DefaultIndividualEmailAddress),                                    // J17
		SearchOffersForAlias:     s.Flag(scv.SearchOffersForAlias),                                             // J68
		DefaultDisposition:       s.String(scv.DefaultDispositionCode),                                         // C18
		PreBilledAmountItem:      s.String(scv.PreBilledAmountItem),                                            // J72

		SendRAMessage:     s.Flag(scv.SendRAMessageForNegativeQuantityInOEOM), // J58
		UsePkMS:           s.Flag(scv.UsePkMSInterfaceValues),                 // F31
		PkMSReturnProgram: s.String(scv.PkMSReturnCaseInterfaceProgram),       // F38
		PkMSTransport:     s.String(scv.PkMSTransportType),                    // G80
		RAMessageFormat:   s.String(scv.RAProgramXMLMessageFormat),            // H45

		AutoAuthThreshold:        num(scv.DollarThresholdForAutomaticAuthorizationNumberAssignment),      // K36
		AutoAuthNumber:           s.String(scv.AuthorizationNumberForAuthorizationsUnderDollarThreshold), // K37
		UnderOneDollarAuthNumber: s.String(scv.AuthorizationNumberForAuthorizationsUnderOneDollar),       // I08
		AuthorizeFullAmount:      s.Flag(scv.AuthorizeFullAmountDuringOrderEntry),                        // G99
		ReserveThreshold:         num(scv.OnlineAuthReserveDollarThreshold),                              // L74
		VerifyOnly:               s.Flag(scv.OnlineAuthVerificationOnly),                                 // I96
	}
}
