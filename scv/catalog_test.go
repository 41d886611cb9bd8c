package scv

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalogEntries(t *testing.T) {
	tests := []struct {
		name       string
		code       Code
		kind       Kind
		allowed    []string
		def        string
		hasDefault bool
		blankMeans string
		mayBeBlank bool
		section    string // one section the value must list
	}{
		// M31: treated as a flag although 002 once says "set to ALWAYS" (scv.md §4).
		{name: "M31 is a flag", code: UseOROBForFulfillmentAssignment, kind: KindFlag, allowed: []string{"Y", "N"}, section: "order-broker.md BRK-001"},
		// M34: ALWAYS/NEVER, blank behaves like NEVER.
		{name: "M34 ALWAYS/NEVER", code: UseOROBForShipForPickupFulfillmentAssignment, kind: KindCode, allowed: []string{"ALWAYS", "NEVER"}, blankMeans: "NEVER", mayBeBlank: true, section: "order-broker.md BRK-017"},
		// M05: NO/CANCELED/ALL, blank behaves like NO.
		{name: "M05 NO/CANCELED/ALL", code: UseOROBStatusInquiryListWebService, kind: KindCode, allowed: []string{"NO", "CANCELED", "ALL"}, blankMeans: "NO", mayBeBlank: true, section: "order-broker.md BRK-222"},
		// L37: a code with INTERACT, not a flag (scv.md §4).
		{name: "L37 is a code", code: ORCECustomerIntegration, kind: KindCode, allowed: []string{"INTERACT"}, section: "orce.md ORC-001"},
		// M70: default unselected [000:57].
		{name: "M70 default N", code: SendORCECustomerIDToNarvar, kind: KindFlag, allowed: []string{"Y", "N"}, def: "N", hasDefault: true, section: "orce.md ORC-016"},
		// M71: default not selected [000:39].
		{name: "M71 default N", code: SendORCECustomerIDToOROB, kind: KindFlag, allowed: []string{"Y", "N"}, def: "N", hasDefault: true, section: "order-broker.md BRK-358"},
		// M72: default not stated.
		{name: "M72 no default", code: ORCECustomerIDInOROBFulfillment, kind: KindFlag, allowed: []string{"Y", "N"}, section: "orce.md ORC-012"},
		// H45
		{name: "H45 GENERIC/GENERIC_2", code: RAProgramXMLMessageFormat, kind: KindCode, allowed: []string{"GENERIC", "GENERIC_2"}, section: "order-api.md ORD-032"},
		// G80
		{name: "G80 MQ", code: PkMSTransportType, kind: KindCode, allowed: []string{"MQ"}, section: "order-api.md ORD-032"},
		// K11: may be blank, unit not stated.
		{name: "K11 number may be blank", code: OrderBrokerDueDateThreshold, kind: KindNumber, mayBeBlank: true, section: "order-broker.md BRK-036"},
		// K36
		{name: "K36 amount may be blank", code: DollarThresholdForAutomaticAuthorizationNumberAssignment, kind: KindNumber, mayBeBlank: true, section: "order-api.md ORD-048"},
		// G11
		{name: "G11 may be blank", code: CancelReasonRejectedStorePickupOrders, kind: KindCode, mayBeBlank: true, section: "order-broker.md BRK-280"},
		// L86: may be blank per order-broker.md §7 and [002:841]; scv.md §1 lists nothing.
		{name: "L86 may be blank", code: CancelReasonPickIn, kind: KindCode, mayBeBlank: true, section: "order-broker.md BRK-137"},
		// A92
		{name: "A92 amount", code: MaximumOrderAmount, kind: KindNumber, section: "order-api.md ORD-065"},
		// F70
		{name: "F70 list", code: PhoneInterfaceValues, kind: KindList, section: "order-api.md ORD-069"},
		// K15
		{name: "K15 opaque text", code: OrderBrokerValues, kind: KindText, section: "order-broker.md BRK-157"},
		{name: "U196 pseudo-code", code: DefaultOrderType, kind: KindCode, section: "order-api.md ORD-061"},
		{name: "U201 pseudo-code", code: BillToSetting, kind: KindFlag, allowed: []string{"Y", "N"}, section: "order-api.md CUS-040"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := Lookup(tt.code)
			require.True(t, ok)
			assert.Equal(t, tt.code, d.Code)
			assert.Equal(t, tt.kind, d.Kind)
			assert.Equal(t, tt.allowed, d.Allowed)
			assert.Equal(t, tt.def, d.Default)
			assert.Equal(t, tt.hasDefault, d.HasDefault)
			assert.Equal(t, tt.blankMeans, d.BlankMeans)
			assert.Equal(t, tt.mayBeBlank, d.MayBeBlank)
			assert.Contains(t, d.Sections, tt.section)
		})
	}
}

func TestOnlyM70AndM71HaveDefaults(t *testing.T) {
	var withDefault []Code
	for _, d := range Catalog() {
		if d.HasDefault {
			withDefault = append(withDefault, d.Code)
		}
	}
	// scv.md §4: the only defaults stated are M70 and M71.
	assert.Equal(t, []Code{SendORCECustomerIDToNarvar, SendORCECustomerIDToOROB}, withDefault)
}

func TestCatalogSortedCompleteAndCopied(t *testing.T) {
	cat := Catalog()
	require.Len(t, cat, 92+9)
	assert.True(t, slices.IsSortedFunc(cat, func(a, b Definition) int { return strings.Compare(string(a.Code), string(b.Code)) }))
	for _, d := range cat {
		assert.NotEmpty(t, d.Name, d.Code)
		assert.NotEmpty(t, d.Sections, d.Code)
		assert.NotZero(t, d.Kind, d.Code)
		assert.NotEmpty(t, d.Kind.String(), d.Code)
	}

	// Changing a returned definition does not change the catalog.
	cat[0].Name = "changed"
	d, ok := Lookup(UseOROBForShipForPickupFulfillmentAssignment)
	require.True(t, ok)
	d.Allowed[0] = "changed"
	d.Sections[0] = "changed"
	again, _ := Lookup(UseOROBForShipForPickupFulfillmentAssignment)
	assert.Equal(t, []string{"ALWAYS", "NEVER"}, again.Allowed)
	assert.NotEqual(t, "changed", again.Sections[0])
	assert.NotEqual(t, "changed", Catalog()[0].Name)
}

func TestLookupUnknown(t *testing.T) {
	for _, c := range []Code{"", "Z99", "m31", "B19", "B20", "U999"} {
		_, ok := Lookup(c)
		assert.False(t, ok, "%q", c)
	}
}

func TestCodeIsPseudo(t *testing.T) {
	assert.True(t, DefaultOrderType.IsPseudo())
	assert.True(t, SuppressPromotions.IsPseudo())
	assert.False(t, UseOROBForFulfillmentAssignment.IsPseudo())
	assert.False(t, Code("U19").IsPseudo())
	assert.False(t, Code("U1x6").IsPseudo())
	assert.False(t, Code("X196").IsPseudo())
	assert.True(t, Code("U090").IsPseudo(), "0 and 9 are digits")
	assert.False(t, Code("U/00").IsPseudo(), "'/' sorts just before '0'")
	assert.False(t, Code("U0:0").IsPseudo(), "':' sorts just after '9'")
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "flag", KindFlag.String())
	assert.Equal(t, "code", KindCode.String())
	assert.Equal(t, "number", KindNumber.String())
	assert.Equal(t, "text", KindText.String())
	assert.Equal(t, "list", KindList.String())
	assert.Equal(t, "Kind(0)", Kind(0).String())
}

func TestSecuredFeaturesList(t *testing.T) {
	got := SecuredFeatures()
	require.Len(t, got, 2)
	assert.Equal(t, "B19", got[0].Code)
	assert.Equal(t, "Cancel Order Broker Lines", got[0].Name)
	assert.Equal(t, "B20", got[1].Code)
	assert.Equal(t, "Maintain Brokered Fulfillment Orders", got[1].Name)
}
