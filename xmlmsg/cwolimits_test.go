package xmlmsg

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cwoInAttributes lists every attribute of CWORDERIN by element, read from
// the wire structs' tags.
func cwoInAttributes() map[string][]string {
	out := map[string][]string{}
	for elem, v := range map[string]any{"Message": cwoInRawMessage{}, "Header": cwoInRawHeader{},
		"Payment": cwoInRawPayment{}, "ShipTo": cwoInRawShipTo{}, "Item": cwoInRawItem{}} {
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			if name, ok := strings.CutSuffix(rt.Field(i).Tag.Get("xml"), ",attr"); ok {
				out[elem] = append(out[elem], name)
			}
		}
	}
	return out
}

// TestCWOMaxLengthsBoundEveryAttribute (issue 17 item 4): no CWORDERIN value
// is unbounded. Each attribute of each element, sent 3,000 characters long
// in the bundled order, is refused with a field error naming that
// attribute; where the refusal is the length rule, the error names the limit
// and the length. Dates are the exception by rule (§1.3): an invalid one is
// replaced, and only a short prefix of it is kept.
func TestCWOMaxLengthsBoundEveryAttribute(t *testing.T) {
	t.Parallel()
	base := string(cwoSample(t, "simple_order_with_payment.xml"))
	long := strings.Repeat("A", 3000)
	n := 0
	for elem, attrs := range cwoInAttributes() {
		for _, attr := range attrs {
			n++
			// Drop the attribute where the sample has it, then put the
			// long value on the element's first occurrence.
			msg := regexp.MustCompile(`(<`+elem+`\b[^>]*?) `+attr+`="[^"]*"`).ReplaceAllString(base, "$1")
			require.Contains(t, msg, "<"+elem+" ", elem)
			msg = strings.Replace(msg, "<"+elem+" ", "<"+elem+" "+attr+`="`+long+`" `, 1)
			m, err := DecodeCWOrderIn([]byte(msg), cwoOpts(CWOVersionOMS5))
			if strings.HasSuffix(attr, "_date") {
				// §1.3: an invalid date is not an error; the default is
				// used and the fallback records a short prefix only.
				require.NoError(t, err, "%s@%s", elem, attr)
				require.Len(t, m.DateFallbacks, 1, "%s@%s", elem, attr)
				assert.Equal(t, strings.Repeat("A", 32)+"…(3000 characters)", m.DateFallbacks[0].Value)
				continue
			}
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "%s@%s of 3,000 characters: want a field error, got %v", elem, attr, err)
			var named *FieldError
			for i := range ve.Errors {
				if strings.HasSuffix(ve.Errors[i].Path, "/@"+attr) {
					named = &ve.Errors[i]
				}
			}
			require.NotNil(t, named, "%s@%s: no field error names it: %v", elem, attr, err)
			if named.Rule == RuleMaxLength {
				max := CWOMaxLengths()[elem+"@"+attr]
				assert.Positive(t, max, "%s@%s refused by a length in the table", elem, attr)
				assert.Contains(t, named.Error(), "got 3000", "%s@%s: the length", elem, attr)
				assert.Regexp(t, `at most \d+ characters`, named.Error(), "%s@%s: the limit", elem, attr)
			}
			assert.Less(t, len(err.Error()), 1000, "%s@%s: the error echoes a short prefix only", elem, attr)
		}
	}
	assert.Greater(t, n, 90, "every CWORDERIN attribute")
}

// TestCWONameAndAddressLimits (issue 17 item 4): a 60,000-character
// sold_to_address1 is refused, not taken in; the field error names the
// attribute, the limit and the length; the defaults hold exactly up to the
// limit, and a host changes one through CWOOptions.MaxLengths.
func TestCWONameAndAddressLimits(t *testing.T) {
	t.Parallel()
	addr := func(n int) []byte {
		return cwoMutate(t, `sold_to_address1="12 Harbour Street"`, `sold_to_address1="`+strings.Repeat("B", n)+`"`)
	}
	_, err := DecodeCWOrderIn(addr(60000), cwoOpts(CWOVersionOMS5))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "Header/@sold_to_address1")
	assert.Contains(t, err.Error(), "at most 50 characters, got 60000")

	_, err = DecodeCWOrderIn(addr(CWOAddressMax), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err, "exactly the limit")
	_, err = DecodeCWOrderIn(addr(CWOAddressMax+1), cwoOpts(CWOVersionOMS5))
	require.ErrorIs(t, err, ErrInvalid, "one over the limit")

	opts := cwoOpts(CWOVersionOMS5)
	opts.MaxLengths = map[string]int{"Header@sold_to_address1": 80}
	_, err = DecodeCWOrderIn(addr(80), opts)
	require.NoError(t, err, "the host's own limit")
	_, err = DecodeCWOrderIn(addr(81), opts)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "at most 80 characters, got 81")
	assert.Equal(t, CWONameMax, CWOMaxLengths()["ShipTo@ship_to_lname"])
}
