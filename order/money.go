package order

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// DefaultMinorUnits is how many decimal places an amount may have in a
// currency MinorUnits does not list, and when the order names no currency:
// two, as in the order API's own amounts (message-formats.md §1.2: CWDirect
// 18.0 sends two implied places).
const DefaultMinorUnits = 2

// minorUnits lists the currencies whose minor unit is not two decimal
// places (ISO 4217's minor unit column).
var minorUnits = map[string]int{
	// No decimals.
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
	"PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	// Three decimals.
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	// Four decimals.
	"CLF": 4, "UYW": 4,
}

// MinorUnits is how many decimal places an amount in currency may have (ISO
// 4217; case-insensitive): 0 for JPY, 3 for KWD, DefaultMinorUnits for USD,
// EUR, a blank or an unknown code.
func MinorUnits(currency string) int {
	if n, ok := minorUnits[strings.ToUpper(strings.TrimSpace(currency))]; ok {
		return n
	}
	return DefaultMinorUnits
}

// tooManyDecimals returns the reason an amount has more decimal places than
// currency allows (issue 17 item 5: "24.999999" must be an error, not a
// total of 78.829998), or "" when it has not. Trailing zeros do not count:
// "24.9500" is 24.95.
func tooManyDecimals(d decimal.Decimal, currency string) string {
	max := MinorUnits(currency)
	if d.Equal(d.Truncate(int32(max))) {
		return ""
	}
	c := strings.ToUpper(strings.TrimSpace(currency))
	if c == "" {
		c = "the order currency"
	}
	return ReasonTooManyDecimals + ": at most " + strconv.Itoa(max) + " for " + c
}

// appendFixed2 appends d.StringFixed(2) to b without the allocations of
// decimal's rounding and formatting, for an amount with at most two decimal
// places and at most 15 digits; ok is false (b unchanged) for any other,
// which the caller formats with StringFixed.
func appendFixed2(b []byte, d decimal.Decimal) (_ []byte, ok bool) {
	exp := d.Exponent()
	if exp < -2 || exp > 0 || d.NumDigits() > 15 {
		return b, false
	}
	c := d.CoefficientInt64()
	for ; exp > -2; exp-- {
		c *= 10
	}
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	return append(b, '.', byte('0'+c/10%10), byte('0'+c%10)), true
}

// withFixed2 returns prefix followed by d.StringFixed(2), in one allocation
// when appendFixed2 can format d.
func withFixed2(prefix string, d decimal.Decimal) string {
	var buf [64]byte
	if b, ok := appendFixed2(append(buf[:0], prefix...), d); ok {
		return string(b)
	}
	return prefix + d.StringFixed(2)
}
