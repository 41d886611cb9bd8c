package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestApplyCustomization(t *testing.T) {
	one := &SpecialHandlingFormat{ChargeCode: "MN", Details: []FormatDetail{{FieldLabel: "Initials", MaxChars: 3, ValidResponses: []string{"HEB", "ABC", "ABCD"}}}}
	// BRK-198: a one-line format and both code and message: custom special handling.
	// BRK-202: the code is not checked against the field label.
	r, err := ApplyCustomization(one, Customization{Code: "WHATEVER", Message: "heb"})
	require.NoError(t, err)
	require.NotNil(t, r.SpecialHandling)
	assert.Equal(t, SpecialHandling{Custom: true, FieldLabel: "Initials", Input: "heb"}, *r.SpecialHandling)
	// BRK-198: without a message nothing is created.
	r, err = ApplyCustomization(one, Customization{Code: "MONO"})
	require.NoError(t, err)
	assert.Nil(t, r.SpecialHandling)
	// BRK-199: no format: code and message as P order line messages, no error.
	r, err = ApplyCustomization(nil, Customization{Code: "MONO", Message: "HEB"})
	require.NoError(t, err)
	assert.Equal(t, []Message{{Text: "MONO HEB", Print: 'P'}}, r.Messages)
	// BRK-200: not a valid response: "Input not valid response".
	_, err = ApplyCustomization(one, Customization{Code: "MONO", Message: "XYZ"})
	assert.ErrorIs(t, err, ErrInputNotValidResponse)
	assert.ErrorContains(t, err, `"XYZ"`)
	// BRK-201: longer than Max # characters: "Exceeds max character".
	_, err = ApplyCustomization(one, Customization{Code: "MONO", Message: "ABCD"})
	assert.ErrorIs(t, err, ErrExceedsMaxCharacter)
	// BRK-202: formats with several detail lines are not supported.
	_, err = ApplyCustomization(&SpecialHandlingFormat{ChargeCode: "X", Details: make([]FormatDetail, 2)}, Customization{Code: "A", Message: "B"})
	assert.ErrorIs(t, err, ErrFormatNotSupported)
}
