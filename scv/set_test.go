package scv

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mustLoad loads values or fails the test.
func mustLoad(t *testing.T, values map[string]string) Set {
	t.Helper()
	s, err := Load(values)
	require.NoError(t, err)
	return s
}

// fieldErrors returns the field errors of err, which must be a *ValidationError.
func fieldErrors(t *testing.T, err error) []FieldError {
	t.Helper()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	return ve.Fields
}

func TestLoadFlags(t *testing.T) {
	tests := []struct {
		name   string
		code   Code
		value  string
		want   bool
		stored string
	}{
		{name: "M31 Y", code: UseOROBForFulfillmentAssignment, value: "Y", want: true, stored: "Y"},                          // M31
		{name: "M31 N", code: UseOROBForFulfillmentAssignment, value: "N", want: false, stored: "N"},                         // M31
		{name: "K08 lower-case y", code: SendBackordersToOROB, value: "y", want: true, stored: "Y"},                          // K08
		{name: "L56 padded n", code: UseSplitOrder, value: " n ", want: false, stored: "N"},                                  // L56
		{name: "I20 blank is set but off", code: IncludeTelephoneNumberInCustomerSearch, value: "", want: false, stored: ""}, // I20
		{name: "U203 pseudo-code flag", code: AcceptUnknownCoupons, value: "Y", want: true, stored: "Y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustLoad(t, map[string]string{string(tt.code): tt.value})
			assert.Equal(t, tt.want, s.Flag(tt.code))
			v, ok := s.Lookup(tt.code)
			assert.True(t, ok)
			assert.Equal(t, tt.stored, v)
		})
	}
}

func TestLoadRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name, value, msg string
	}{
		{name: "word", value: "maybe", msg: `scv M31: value "maybe" is not a flag (Y/N)`},
		// M31 "set to ALWAYS" [002:457] is read as a copy slip: M31 stays a flag (scv.md §4).
		{name: "M31 ALWAYS", value: "ALWAYS", msg: `scv M31: value "ALWAYS" is not a flag (Y/N)`},
		{name: "yes", value: "yes", msg: `scv M31: value "yes" is not a flag (Y/N)`},
		{name: "true", value: "true", msg: `scv M31: value "true" is not a flag (Y/N)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(map[string]string{"M31": tt.value})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidValue)
			assert.EqualError(t, err, tt.msg)
			fields := fieldErrors(t, err)
			require.Len(t, fields, 1)
			assert.Equal(t, FieldError{Code: UseOROBForFulfillmentAssignment, Value: tt.value, Rule: "is not a flag (Y/N)", Err: ErrInvalidValue}, fields[0])
		})
	}
}

func TestFlagDefaults(t *testing.T) {
	var zero Set
	// M70: unselected by default [000:57]; M71: not selected by default [000:39].
	assert.False(t, zero.Flag(SendORCECustomerIDToNarvar))
	assert.Equal(t, "N", zero.String(SendORCECustomerIDToNarvar))
	assert.False(t, zero.Flag(SendORCECustomerIDToOROB))
	assert.Equal(t, "N", zero.String(SendORCECustomerIDToOROB))
	// M72: no default stated, so unset reads as "" and Flag as false.
	assert.Equal(t, "", zero.String(ORCECustomerIDInOROBFulfillment))
	assert.False(t, zero.Flag(ORCECustomerIDInOROBFulfillment))

	s := mustLoad(t, map[string]string{"M70": "Y", "M71": ""})
	assert.True(t, s.Flag(SendORCECustomerIDToNarvar)) // M70
	assert.False(t, s.Flag(SendORCECustomerIDToOROB))  // M71 blank → default N
	assert.Equal(t, "N", s.String(SendORCECustomerIDToOROB))
	v, ok := s.Lookup(SendORCECustomerIDToOROB)
	assert.True(t, ok)
	assert.Equal(t, "", v)
}

func TestFlagOnANonFlagIsFalse(t *testing.T) {
	s := mustLoad(t, map[string]string{"L37": "INTERACT", "K10": "5"})
	assert.False(t, s.Flag(ORCECustomerIntegration))
	assert.False(t, s.Flag(OrderBrokerStatusUpdateInterval))
	assert.False(t, s.Flag("Z99"))
}

// A blank value must be distinguishable from one never set (scv.md §0).
func TestBlankVersusNeverSet(t *testing.T) {
	// K94: may be blank (then A77 applies).
	s := mustLoad(t, map[string]string{"K94": "", "A77": "UPS"})
	v, ok := s.Lookup(OrderBrokerShipVia)
	assert.True(t, ok, "K94 set blank")
	assert.Equal(t, "", v)
	v, ok = s.Lookup(OrderBrokerSourceCode)
	assert.False(t, ok, "K93 never set")
	assert.Equal(t, "", v)
	assert.Equal(t, "UPS", s.String(DefaultShipVia))
	assert.Equal(t, 2, s.Len())
}

func TestLoadNumbers(t *testing.T) {
	tests := []struct {
		name  string
		code  Code
		value string
		want  string // decimal text; empty = Number reports false
	}{
		{name: "K10 minutes", code: OrderBrokerStatusUpdateInterval, value: "15", want: "15"},                             // K10
		{name: "K36 amount", code: DollarThresholdForAutomaticAuthorizationNumberAssignment, value: "0.99", want: "0.99"}, // K36
		{name: "E55 percent", code: PriceOverrideLimitPercent, value: "12.5", want: "12.5"},                               // E55
		{name: "L74 leading dot", code: OnlineAuthReserveDollarThreshold, value: ".50", want: "0.5"},                      // L74
		{name: "K90 batch with zero fraction", code: OrderBrokerErrorBatchNumber, value: "7.00", want: "7"},               // K90
		{name: "K11 blank", code: OrderBrokerDueDateThreshold, value: "", want: ""},                                       // K11 may be blank
		{name: "U200 pseudo amount", code: MaximumMerchandiseTotal, value: "2500.00", want: "2500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustLoad(t, map[string]string{string(tt.code): tt.value})
			n, ok := s.Number(tt.code)
			if tt.want == "" {
				assert.False(t, ok)
				assert.True(t, n.IsZero())
				return
			}
			require.True(t, ok)
			assert.True(t, decimal.RequireFromString(tt.want).Equal(n), "got %s", n)
		})
	}
}

func TestLoadRejectsBadNumbers(t *testing.T) {
	tests := []struct {
		name  string
		code  string
		value string
		msg   string
	}{
		{name: "letters", code: "K10", value: "ten", msg: `scv K10: value "ten" is not a number`},
		{name: "trailing letters", code: "A92", value: "100USD", msg: `scv A92: value "100USD" is not a number`},
		{name: "exponent", code: "A92", value: "1e3", msg: `scv A92: value "1e3" is not a number`},
		{name: "thousands separator", code: "A92", value: "1,000", msg: `scv A92: value "1,000" is not a number`},
		{name: "lone dot", code: "E55", value: ".", msg: `scv E55: value "." is not a number`},
		{name: "trailing dot", code: "E55", value: "5.", msg: `scv E55: value "5." is not a number`},
		{name: "lone minus", code: "E55", value: "-", msg: `scv E55: value "-" is not a number`},
		{name: "batch not whole", code: "K90", value: "1.5", msg: `scv K90: value "1.5" is not a whole number`},
		{name: "amount negative", code: "A92", value: "-1", msg: `scv A92: value "-1" is negative`},
		{name: "threshold negative", code: "K11", value: "-3", msg: `scv K11: value "-3" is negative`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(map[string]string{tt.code: tt.value})
			assert.ErrorIs(t, err, ErrInvalidValue)
			assert.EqualError(t, err, tt.msg)
		})
	}
}

func TestNumberOnANonNumber(t *testing.T) {
	s := mustLoad(t, map[string]string{"K50": "123"})
	_, ok := s.Number(OROBSystem)
	assert.False(t, ok, "K50 is a code, not a number")
	_, ok = s.Number("Z99")
	assert.False(t, ok)
}

func TestCodesWithListedValues(t *testing.T) {
	// M34: listed values in any case are stored in their listed spelling.
	s := mustLoad(t, map[string]string{"M34": "always", "M05": "Canceled", "L37": "INTERACT", "H45": "generic_2", "G80": "MQ"})
	assert.Equal(t, PickupAssignmentAlways, s.ShipForPickupAssignment()) // M34
	assert.Equal(t, StatusListCanceled, s.StatusInquiryList())           // M05
	assert.Equal(t, ORCEInteract, s.ORCECustomerIntegration())           // L37
	assert.True(t, s.ORCEIntegrationOn())                                // L37
	assert.Equal(t, RAFormatGeneric2, s.RAMessageFormat())               // H45
	assert.Equal(t, PkMSTransportMQ, s.PkMSTransportType())              // G80
	assert.Equal(t, "ALWAYS", s.String(UseOROBForShipForPickupFulfillmentAssignment))
	assert.Empty(t, s.Unrecognized())
}

func TestBlankBehavesLikeListedValue(t *testing.T) {
	// scv.md §4: M34 blank = NEVER, M05 blank = NO; unset reads the same.
	blank := mustLoad(t, map[string]string{"M34": "", "M05": ""})
	var unset Set
	for _, s := range []Set{blank, unset} {
		assert.Equal(t, PickupAssignmentNever, s.ShipForPickupAssignment()) // M34
		assert.Equal(t, StatusListNo, s.StatusInquiryList())                // M05
	}
	v, ok := blank.Lookup(UseOROBForShipForPickupFulfillmentAssignment)
	assert.True(t, ok)
	assert.Equal(t, "", v)
	assert.Empty(t, blank.Unrecognized(), "blank is not unrecognized")
}

func TestUnrecognizedValuesAreKeptAndReported(t *testing.T) {
	// scv.md §0 "For the library": keep values the library does not know.
	s := mustLoad(t, map[string]string{"M34": "SOMETIMES", "L37": "Y", "M05": "ALL", "K50": "ANYTHING"})
	assert.Equal(t, PickupAssignment("SOMETIMES"), s.ShipForPickupAssignment()) // M34
	// L37 "IS selected" in 002 is not INTERACT: any other value is off (orce.md ORC-001).
	assert.False(t, s.ORCEIntegrationOn()) // L37
	assert.Equal(t, []Unrecognized{
		{Code: ORCECustomerIntegration, Value: "Y", Allowed: []string{"INTERACT"}},
		{Code: UseOROBForShipForPickupFulfillmentAssignment, Value: "SOMETIMES", Allowed: []string{"ALWAYS", "NEVER"}},
	}, s.Unrecognized())
}

func TestL37BlankOrUnsetIsOff(t *testing.T) {
	var unset Set
	assert.False(t, unset.ORCEIntegrationOn()) // L37
	blank := mustLoad(t, map[string]string{"L37": ""})
	assert.False(t, blank.ORCEIntegrationOn()) // L37
	assert.Equal(t, ORCEIntegration(""), blank.ORCECustomerIntegration())
}

func TestLoadRejectsUnknownCodes(t *testing.T) {
	tests := []struct {
		name, code, msg string
	}{
		{name: "not in catalog", code: "Z99", msg: "scv Z99: unknown system control value code"},
		{name: "secured feature B19", code: "B19", msg: "scv B19: unknown system control value code (B19 Cancel Order Broker Lines is a secured feature, not an SCV)"},
		{name: "secured feature B20", code: "B20", msg: "scv B20: unknown system control value code (B20 Maintain Brokered Fulfillment Orders is a secured feature, not an SCV)"},
		{name: "function key F14", code: "F14", msg: "scv F14: unknown system control value code"},
		{name: "odd key quoted", code: "M31 x", msg: `scv "M31 x": unknown system control value code`},
		{name: "empty key", code: "", msg: `scv "": unknown system control value code`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(map[string]string{tt.code: "Y"})
			assert.ErrorIs(t, err, ErrUnknownCode)
			assert.NotErrorIs(t, err, ErrInvalidValue)
			assert.EqualError(t, err, tt.msg)
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, err := Load(map[string]string{
		"M31": "maybe",
		"K10": "ten",
		"Z99": "x",
		"M34": "ALWAYS", // fine
		"A92": "-5",
	})
	fields := fieldErrors(t, err)
	require.Len(t, fields, 4, "all problems, not the first only")
	assert.Equal(t, []Code{"A92", "K10", "M31", "Z99"}, []Code{fields[0].Code, fields[1].Code, fields[2].Code, fields[3].Code})
	assert.ErrorIs(t, err, ErrUnknownCode)
	assert.ErrorIs(t, err, ErrInvalidValue)
	assert.True(t, strings.HasPrefix(err.Error(), "scv: 4 invalid system control values: scv A92: "), err.Error())
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, Code("A92"), fe.Code)
}

func TestLoadCodesCaseInsensitiveAndDuplicates(t *testing.T) {
	s := mustLoad(t, map[string]string{" m31 ": "Y"})
	assert.True(t, s.Flag(UseOROBForFulfillmentAssignment)) // M31

	_, err := Load(map[string]string{"m31": "Y", "M31": "N"})
	assert.ErrorIs(t, err, ErrDuplicateCode)
	assert.Contains(t, err.Error(), "scv M31: is given more than once")
}

func TestLoadRejectsControlCharacters(t *testing.T) {
	_, err := Load(map[string]string{"K49": "LOC\x00ATE"})
	assert.ErrorIs(t, err, ErrInvalidValue)
	assert.EqualError(t, err, `scv K49: value "LOC\x00ATE" contains a control character`)

	// The first character, the last below space and DEL.
	for _, v := range []string{"\x7fLOCATE", "LOC\x1fATE"} {
		_, err = Load(map[string]string{"K49": v})
		assert.ErrorIs(t, err, ErrInvalidValue, "%q", v)
	}
	s := mustLoad(t, map[string]string{"K49": "LOC ATE~"})
	assert.Equal(t, "LOC ATE~", s.String(Code("K49")), "space and '~' are not control characters")
}

func TestLoadRejectsInvalidUTF8(t *testing.T) {
	_, err := Load(map[string]string{"K49": "LOC\xffATE"})
	assert.ErrorIs(t, err, ErrInvalidValue)
	assert.EqualError(t, err, `scv K49: value "LOC\xffATE" is not valid UTF-8`)
}

func TestLongValuesAreShortenedInMessages(t *testing.T) {
	_, err := Load(map[string]string{"M31": strings.Repeat("x", 200)})
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 120)
	assert.Contains(t, err.Error(), "…")
}

func TestWithMakesANewSnapshot(t *testing.T) {
	base := mustLoad(t, map[string]string{"M31": "N"})
	next, err := base.With(UseOROBForFulfillmentAssignment, "y")
	require.NoError(t, err)
	assert.True(t, next.Flag(UseOROBForFulfillmentAssignment))  // M31
	assert.False(t, base.Flag(UseOROBForFulfillmentAssignment)) // old snapshot unchanged
	next2, err := next.With("k10", "30")
	require.NoError(t, err)
	n, ok := next2.Number(OrderBrokerStatusUpdateInterval) // K10
	require.True(t, ok)
	assert.True(t, n.Equal(decimal.NewFromInt(30)))
	_, ok = next.Lookup(OrderBrokerStatusUpdateInterval)
	assert.False(t, ok, "earlier snapshot unchanged")

	same, err := base.With(UseOROBForFulfillmentAssignment, "maybe")
	assert.ErrorIs(t, err, ErrInvalidValue)
	assert.EqualError(t, err, `scv M31: value "maybe" is not a flag (Y/N)`)
	assert.False(t, same.Flag(UseOROBForFulfillmentAssignment))
	_, err = base.With("B19", "Y")
	assert.ErrorIs(t, err, ErrUnknownCode)

	var zero Set
	z, err := zero.With(SendHeldOrdersToOROB, "Y")
	require.NoError(t, err)
	assert.True(t, z.Flag(SendHeldOrdersToOROB)) // M18
	assert.Equal(t, 0, zero.Len())
}

func TestWithout(t *testing.T) {
	base := mustLoad(t, map[string]string{"M31": "Y", "K94": ""})
	w := base.Without(OrderBrokerShipVia)
	_, ok := w.Lookup(OrderBrokerShipVia)
	assert.False(t, ok)
	_, ok = base.Lookup(OrderBrokerShipVia)
	assert.True(t, ok, "original unchanged")
	assert.Equal(t, base, base.Without(OrderBrokerSourceCode), "removing an unset code returns the same set")
}

func TestList(t *testing.T) {
	s := mustLoad(t, map[string]string{"F70": "last name, postal code,, address line 1 ", "K50": "STORE", "K94": ""})
	assert.Equal(t, []string{"last name", "postal code", "address line 1"}, s.List(PhoneInterfaceValues)) // F70
	assert.Equal(t, []string{"STORE"}, s.List(OROBSystem))                                                // K50
	assert.Nil(t, s.List(OrderBrokerShipVia))
	assert.Nil(t, s.List(OrderBrokerSourceCode))
}

func TestStringOfTextAndCodes(t *testing.T) {
	s := mustLoad(t, map[string]string{"F38": "IFR0086", "U196": "REG", "K49": "LOCATE"})
	assert.Equal(t, "IFR0086", s.String(PkMSReturnCaseInterfaceProgram)) // F38
	assert.Equal(t, "REG", s.String(DefaultOrderType))                   // U196
	assert.Equal(t, "LOCATE", s.String(OROBAccount))                     // K49
	assert.Equal(t, "", s.String("Z99"))
}

func TestMapRoundTrip(t *testing.T) {
	in := map[string]string{"M31": "Y", "K94": "", "M34": "SOMETIMES", "K10": "15", "F70": "a,b"}
	s := mustLoad(t, in)
	again := mustLoad(t, s.Map())
	assert.Equal(t, s, again)
	m := s.Map()
	m["M31"] = "N"
	assert.True(t, s.Flag(UseOROBForFulfillmentAssignment), "Map returns a copy")
}

func TestValidationErrorUnwrapsEveryField(t *testing.T) {
	err := error(&ValidationError{Fields: []FieldError{
		{Code: "Z99", Rule: "unknown system control value code", Err: ErrUnknownCode},
		{Code: "M31", Value: "x", Rule: "is not a flag (Y/N)", Err: ErrInvalidValue},
	}})
	assert.True(t, errors.Is(err, ErrUnknownCode))
	assert.True(t, errors.Is(err, ErrInvalidValue))
	assert.False(t, errors.Is(err, ErrDuplicateCode))
}

func TestLoadNilAndEmpty(t *testing.T) {
	s, err := Load(nil)
	require.NoError(t, err)
	assert.Equal(t, 0, s.Len())
	assert.False(t, s.Flag(UseOROBForFulfillmentAssignment)) // M31 unset, no default → N
	assert.Equal(t, PickupAssignmentNever, s.ShipForPickupAssignment())
}
