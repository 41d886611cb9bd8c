package scv

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadJSON(t *testing.T) {
	in := `{
		"M31": "Y",
		"M18": false,
		"K08": true,
		"M34": "ALWAYS",
		"K10": 15,
		"K36": 12345678901234567890.01,
		"K50": 42,
		"K94": "",
		"K93": null,
		"F70": ["last name", "postal code"],
		"U196": "REG"
	}`
	s, err := LoadJSON(strings.NewReader(in))
	require.NoError(t, err)
	assert.True(t, s.Flag(UseOROBForFulfillmentAssignment))              // M31
	assert.False(t, s.Flag(SendHeldOrdersToOROB))                        // M18
	assert.Equal(t, "N", s.String(SendHeldOrdersToOROB))                 // M18 false → N
	assert.True(t, s.Flag(SendBackordersToOROB))                         // K08
	assert.Equal(t, PickupAssignmentAlways, s.ShipForPickupAssignment()) // M34
	n, ok := s.Number(OrderBrokerStatusUpdateInterval)                   // K10
	require.True(t, ok)
	assert.True(t, n.Equal(decimal.NewFromInt(15)))
	n, ok = s.Number(DollarThresholdForAutomaticAuthorizationNumberAssignment) // K36: no float rounding
	require.True(t, ok)
	assert.Equal(t, "12345678901234567890.01", n.String())
	assert.Equal(t, "42", s.String(OROBSystem)) // K50 number read as its text
	v, ok := s.Lookup(OrderBrokerShipVia)       // K94 blank
	assert.True(t, ok)
	assert.Equal(t, "", v)
	_, ok = s.Lookup(OrderBrokerSourceCode) // K93 null = never set
	assert.False(t, ok)
	assert.Equal(t, []string{"last name", "postal code"}, s.List(PhoneInterfaceValues)) // F70
	assert.Equal(t, "REG", s.String(DefaultOrderType))
}

func TestLoadJSONEmptyObject(t *testing.T) {
	s, err := LoadJSON(strings.NewReader(` {} `))
	require.NoError(t, err)
	assert.Equal(t, 0, s.Len())
}

func TestLoadJSONRejectsBadValues(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{name: "boolean for a code", in: `{"M34": true}`, msg: `scv M34: value "true" is a JSON boolean, allowed only for a flag`},
		{name: "number for a flag", in: `{"M31": 1}`, msg: `scv M31: value "1" is not a flag (Y/N)`},
		{name: "array for a code", in: `{"K50": ["A"]}`, msg: `scv K50: value "[\"A\"]" is a JSON array, allowed only for a list`},
		{name: "array of numbers", in: `{"F70": [1]}`, msg: `scv F70: value "[1]" is not a JSON array of strings`},
		{name: "entry with comma", in: `{"F70": ["a,b"]}`, msg: `scv F70: value "[\"a,b\"]" has a list entry containing a comma`},
		{name: "object", in: `{"M31": {"v": "Y"}}`, msg: `scv M31: value "{\"v\": \"Y\"}" is a JSON object, want a string`},
		{name: "string flag", in: `{"M31": "maybe"}`, msg: `scv M31: value "maybe" is not a flag (Y/N)`},
		{name: "number string with letters", in: `{"K10": "ten"}`, msg: `scv K10: value "ten" is not a number`},
		{name: "JSON exponent number", in: `{"A92": 1e3}`, msg: `scv A92: value "1e3" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadJSON(strings.NewReader(tt.in))
			assert.ErrorIs(t, err, ErrInvalidValue)
			assert.EqualError(t, err, tt.msg)
		})
	}
}

func TestLoadJSONUnknownAndAllProblems(t *testing.T) {
	_, err := LoadJSON(strings.NewReader(`{"B19": "Y", "M31": 2, "Z99": null, "K10": "x"}`))
	fields := fieldErrors(t, err)
	require.Len(t, fields, 4)
	assert.Equal(t, []Code{"B19", "K10", "M31", "Z99"}, []Code{fields[0].Code, fields[1].Code, fields[2].Code, fields[3].Code})
	assert.ErrorIs(t, err, ErrUnknownCode)
	assert.ErrorIs(t, err, ErrInvalidValue)
}

func TestLoadJSONRejectsDuplicateKeys(t *testing.T) {
	tests := []struct{ name, in string }{
		{name: "same key", in: `{"M31": "Y", "M31": "N"}`},
		{name: "case variant", in: `{"M31": "Y", "m31": "Y"}`},
		{name: "null then value", in: `{"K93": null, "K93": "WEB"}`},
		{name: "bad then good", in: `{"M31": 7, "M31": "Y"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadJSON(strings.NewReader(tt.in))
			assert.ErrorIs(t, err, ErrDuplicateCode)
			assert.Contains(t, err.Error(), "is given more than once")
		})
	}
}

func TestLoadJSONMalformed(t *testing.T) {
	for _, in := range []string{``, `[]`, `"M31"`, `null`, `{"M31": "Y"`, `{"M31" "Y"}`, `{"M31": "Y"} {}`, `{"M31": "Y"} x`, `{"M31": }`} {
		t.Run(in, func(t *testing.T) {
			_, err := LoadJSON(strings.NewReader(in))
			assert.ErrorIs(t, err, ErrMalformedJSON)
			assert.True(t, strings.HasPrefix(err.Error(), "scv: read JSON"), err.Error())
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	s := mustLoad(t, map[string]string{"M31": "Y", "K94": "", "M34": "SOMETIMES", "K10": "15", "F70": "a,b", "K49": `LOC "A"`})
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"F70":"a,b","K10":"15","K49":"LOC \"A\"","K94":"","M31":"Y","M34":"SOMETIMES"}`, string(b))
	assert.True(t, strings.HasPrefix(string(b), `{"F70"`), "sorted by code")
	again, err := LoadJSON(strings.NewReader(string(b)))
	require.NoError(t, err)
	assert.Equal(t, s, again)

	var zero Set
	b, err = json.Marshal(zero)
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b))
}

func TestSetAsJSONField(t *testing.T) {
	var cfg struct {
		SCV Set `json:"scv"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"scv": {"M31": "Y", "K10": 5}}`), &cfg))
	assert.True(t, cfg.SCV.Flag(UseOROBForFulfillmentAssignment)) // M31

	err := json.Unmarshal([]byte(`{"scv": {"M31": "maybe"}}`), &cfg)
	assert.ErrorIs(t, err, ErrInvalidValue)
	assert.True(t, cfg.SCV.Flag(UseOROBForFulfillmentAssignment), "a failed unmarshal leaves the set unchanged")
}

func FuzzLoadJSON(f *testing.F) {
	for _, seed := range []string{
		`{"M31":"Y","K10":15,"F70":["a"],"K93":null}`,
		`{"M34":"always","M05":""}`,
		`{"A92":"-1","B19":"Y"}`,
		`{"M31":"Y","M31":"N"}`,
		`[1,2]`,
		`{"F70":["a,b"]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := LoadJSON(strings.NewReader(in))
		if err != nil {
			assert.NotEmpty(t, err.Error())
			return
		}
		// Whatever loads must survive a round trip unchanged.
		b, err := json.Marshal(s)
		require.NoError(t, err)
		again, err := LoadJSON(strings.NewReader(string(b)))
		require.NoError(t, err, "re-reading %s", b)
		assert.Equal(t, s.Map(), again.Map())
		again2, err := Load(s.Map())
		require.NoError(t, err)
		assert.Equal(t, s.Map(), again2.Map())
	})
}

func FuzzLoad(f *testing.F) {
	f.Add("M31", "Y")
	f.Add("K10", "1.5")
	f.Add("M34", "x")
	f.Fuzz(func(t *testing.T, code, value string) {
		s, err := Load(map[string]string{code: value})
		if err != nil {
			return
		}
		b, err := json.Marshal(s)
		require.NoError(t, err)
		viaJSON, err := LoadJSON(strings.NewReader(string(b)))
		require.NoError(t, err, "re-reading %s", b)
		assert.Equal(t, s.Map(), viaJSON.Map())
		again, err := Load(s.Map())
		require.NoError(t, err)
		assert.Equal(t, s.Map(), again.Map())
	})
}
