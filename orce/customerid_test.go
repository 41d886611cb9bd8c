package orce

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/scv"
)

var (
	withID    = customer.SoldTo{Number: 13827, ORCEID: "9000123"}
	withoutID = customer.SoldTo{Number: 13827}
	blankID   = customer.SoldTo{Number: 13827, ORCEID: "   "}
	interact  = scv.ORCEInteract
)

// ORC-001
func TestIntegrationOn_ORC001(t *testing.T) {
	tests := []struct {
		l37  scv.ORCEIntegration
		want bool
	}{
		{"INTERACT", true},
		{" interact ", true}, // Z-05: "IS selected" read as INTERACT
		{"", false},
		{"Y", false},
		{"OTHER", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Settings{Integration: tt.l37}.IntegrationOn(), "L37 %q", tt.l37)
	}
}

// ORC-002
func TestHasORCEID_ORC002(t *testing.T) {
	assert.True(t, HasORCEID(withID))
	assert.False(t, HasORCEID(withoutID))
	assert.False(t, HasORCEID(blankID), "blank counts as not assigned")
}

// ORC-003: one decision function for every destination, returning the id and
// the rule row.
// ORC-003
func TestCustomerID_ORC003_RuleRowNamed(t *testing.T) {
	s := Settings{Integration: interact, SendToOROB: true, SendToNarvar: true, FulfillmentByORCEID: true}
	for dest, rule := range map[Destination]string{OutboundMessage: "ORC-005", SubmitOrder: "ORC-009", FulfillmentMapping: "ORC-012", Narvar: "ORC-016"} {
		d := CustomerID(dest, s, withID)
		assert.Contains(t, d.Rule, rule, dest.String())
		assert.True(t, d.ORCE, dest.String())
	}
	d := CustomerID(Destination(99), s, withID)
	assert.Equal(t, "13827", d.ID)
	assert.Contains(t, d.Rule, "unknown destination")
}

// ORC-004 ORC-005
func TestOutboundTag_ORC004_ORC005(t *testing.T) {
	tests := []struct {
		name    string
		msg     Message
		version string
		l37     scv.ORCEIntegration
		c       customer.SoldTo
		include bool
	}{
		{"ORC-005-E1 CWPickOut 6.0, INTERACT, ORCE id", CWPickOut, "6.0", interact, withID, true},
		{"ORC-005-E2 L37 blank", CWPickOut, "6.0", "", withID, false},
		{"ORC-005-E3 no ORCE id", CWPickOut, "6.0", interact, withoutID, false},
		{"ORC-005-E4 CWEmailOut 11.0 is earlier than 12.0", CWEmailOut, "11.0", interact, withID, false},
		{"ORC-004 CWCustHistOut 2.0", CWCustHistOut, "2.0", interact, withID, true},
		{"ORC-004 CWEmailOut 12.0", CWEmailOut, "12.0", interact, withID, true},
		{"ORC-004 CWInvoiceOut 6.0", CWInvoiceOut, "6.0", interact, withID, true},
		{"ORC-004 CWInvoiceOut 5.9", CWInvoiceOut, "5.9", interact, withID, false},
		{"ORC-004 CWOrderOut 11.0", CWOrderOut, "11.0", interact, withID, true},
		{"ORC-004 CWOrderOut 12.1 or later (Z-02)", CWOrderOut, "12.1", interact, withID, true},
		{"ORC-004 CWOrderOut 10.0", CWOrderOut, "10.0", interact, withID, false},
		{"ORC-004 unlisted message", Message("CWShipConfirm"), "20.0", interact, withID, false},
		{"ORC-006 inbound CWOrderIn is decoded, not written", CWOrderIn, "10.0", interact, withID, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := OutboundTag(tt.msg, tt.version, Settings{Integration: tt.l37}, tt.c)
			require.NoError(t, err)
			assert.Equal(t, tt.include, !d.Omit)
			if tt.include {
				assert.Equal(t, "9000123", d.ID)
			} else {
				assert.Empty(t, d.ID, "omitted, not written empty")
			}
		})
	}
}

// ORC-004: the message versions that carry the ORCE id, with their direction.
// (ORC-006, decoding the inbound id, is proved by xmlmsg's
// TestCWOrderIn_ORC006_KeepsORCECustomerID.)
func TestCarriesORCEID_ORC004(t *testing.T) {
	tests := []struct {
		msg     Message
		version string
		ok      bool
		dir     Direction
	}{
		{CWCustHistIn, "3.0", true, Inbound},
		{CWCustHistIn, "2.0", false, Inbound},
		{CWCustHistOut, "2.0", true, Outbound},
		{CWEmailOut, "12", true, Outbound},
		{CWInvoiceOut, "6.0", true, Outbound},
		{CWPickOut, "6.0", true, Outbound},
		{CWOrderIn, "10.0", true, Inbound},
		{CWOrderIn, "9.5", false, Inbound},
		{CWOrderIn, "0.9", false, Inbound}, // major 0 is a version, only an early one
		{CWOrderOut, "11.0", true, Outbound},
	}
	for _, tt := range tests {
		ok, dir, err := CarriesORCEID(tt.msg, tt.version)
		require.NoError(t, err)
		assert.Equal(t, tt.ok, ok, "%s %s", tt.msg, tt.version)
		assert.Equal(t, tt.dir, dir, "%s %s", tt.msg, tt.version)
	}
	assert.Len(t, MessageVersions, 7, "Z-01: the repeated line adds no version")
	for _, bad := range []string{"", "x.0", "6.x", "-1"} {
		_, _, err := CarriesORCEID(CWPickOut, bad)
		require.ErrorIs(t, err, customer.ErrInvalidField, bad)
		assert.Contains(t, err.Error(), bad)
		_, err = OutboundTag(CWPickOut, bad, Settings{}, withID)
		require.Error(t, err)
	}
}

// ORC-009 ORC-011
func TestSubmitOrderCustomerNo_ORC009_ORC011(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		c    customer.SoldTo
		want string
		orce bool
	}{
		{"ORC-011-E1 ORCE id, INTERACT, M71 selected", Settings{Integration: interact, SendToOROB: true}, withID, "009000123", true},
		{"ORC-011-E2 M71 not selected", Settings{Integration: interact}, withID, "000013827", false},
		{"ORC-011-E3 no ORCE id", Settings{Integration: interact, SendToOROB: true}, withoutID, "000013827", false},
		{"ORC-009 L37 not INTERACT", Settings{Integration: "", SendToOROB: true}, withID, "000013827", false},
		{"ORC-009 blank ORCE id", Settings{Integration: interact, SendToOROB: true}, blankID, "000013827", false},
		{"ORC-011 width option (Z-06)", Settings{Integration: interact, SendToOROB: true, CustomerNoWidth: 12}, withID, "000009000123", true},
		{"ORC-011 non-numeric ORCE id is not padded (Z-06)", Settings{Integration: interact, SendToOROB: true},
			customer.SoldTo{Number: 1, ORCEID: "AB12"}, "AB12", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, d := SubmitOrderCustomerNo(tt.s, tt.c)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.orce, d.ORCE)
			assert.Contains(t, d.Rule, "ORC-009")
		})
	}
}

// ORC-010 ORC-017
func TestDefaults_ORC010_ORC017(t *testing.T) {
	s := SettingsFrom(scv.Set{}) // nothing set: catalog defaults
	assert.False(t, s.SendToOROB, "ORC-010: M71 not selected by default")
	assert.False(t, s.SendToNarvar, "ORC-017: M70 not selected by default")
	assert.False(t, s.FulfillmentByORCEID, "Z-09: M72 default not stated; N")
	s.Integration = interact
	got, _ := SubmitOrderCustomerNo(s, withID)
	assert.Equal(t, "000013827", got, "ORC-010")
	assert.Equal(t, "13827", CustomerID(Narvar, s, withID).ID, "ORC-017-E2")
}

func TestSettingsFrom(t *testing.T) {
	set, err := scv.Load(map[string]string{"L37": "INTERACT", "M70": "Y", "M71": "Y", "M72": "Y", "K96": "Y", "K97": "Y"})
	require.NoError(t, err)
	s := SettingsFrom(set)
	assert.Equal(t, Settings{Integration: interact, SendToNarvar: true, SendToOROB: true, FulfillmentByORCEID: true,
		BrokeredEmailUpdate: true, BrokeredAddressUpdate: true}, s)
	assert.True(t, s.IntegrationOn())
}

// ORC-012
func TestFulfillmentMapping_ORC012(t *testing.T) {
	tests := []struct {
		l37  scv.ORCEIntegration
		m72  bool
		orce bool
	}{
		{interact, true, true},
		{interact, false, false},
		{"", true, false},
		{"", false, false},
	}
	for _, tt := range tests {
		d := CustomerID(FulfillmentMapping, Settings{Integration: tt.l37, FulfillmentByORCEID: tt.m72}, customer.SoldTo{})
		assert.Equal(t, tt.orce, d.ORCE, "L37 %q M72 %v", tt.l37, tt.m72)
		assert.Contains(t, d.Rule, "ORC-012")
	}
}

// ORC-016
func TestNarvar_ORC016(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		c    customer.SoldTo
		want string
	}{
		{"ORC-017-E1 ORCE id, INTERACT, M70 selected", Settings{Integration: interact, SendToNarvar: true}, withID, "9000123"},
		{"ORC-017-E2 M70 at its default", Settings{Integration: interact}, withID, "13827"},
		{"ORC-016 L37 not INTERACT", Settings{SendToNarvar: true}, withID, "13827"},
		{"ORC-016 no ORCE id", Settings{Integration: interact, SendToNarvar: true}, withoutID, "13827"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := CustomerID(Narvar, tt.s, tt.c)
			assert.Equal(t, tt.want, d.ID)
			assert.Contains(t, d.Rule, "ORC-016")
		})
	}
}

// ORC-014
func TestParseCustomerNo_ORC014(t *testing.T) {
	for raw, want := range map[string]customer.Number{"13827": 13827, "000013827": 13827, " 13827 ": 13827} {
		n, ok := ParseCustomerNo(raw)
		assert.True(t, ok, raw)
		assert.Equal(t, want, n, raw)
	}
	for _, raw := range []string{"", "000", "13A27", "1234567890"} {
		_, ok := ParseCustomerNo(raw)
		assert.False(t, ok, raw)
	}
	assert.Equal(t, "0042", ZeroPad("42", 4))
	assert.Equal(t, "", ZeroPad("", 4))
	assert.Equal(t, "12345", ZeroPad("12345", 4))
}
