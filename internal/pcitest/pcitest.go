package pcitest

import (
	"regexp"
	"strings"
)

// digitRun is a run of digits with at most three separators (space, tab,
// dash, no-break space, non-breaking hyphen, en dash) between two of them:
// the grouping a person uses to write a card number.
var digitRun = regexp.MustCompile(`[0-9](?:[ \t\-\x{00A0}\x{2011}\x{2013}]{0,3}[0-9])*`)

// Cards returns every 13- to 19-digit window of every digit run in s that
// passes the Luhn check, as digits only; nil when s shows no card number.
func Cards(s string) []string {
	var out []string
	for _, run := range digitRun.FindAllString(s, -1) {
		var d strings.Builder
		for i := 0; i < len(run); i++ {
			if run[i] >= '0' && run[i] <= '9' {
				d.WriteByte(run[i])
			}
		}
		ds := d.String()
		for n := 13; n <= 19; n++ {
			for i := 0; i+n <= len(ds); i++ {
				if Luhn(ds[i : i+n]) {
					out = append(out, ds[i:i+n])
				}
			}
		}
	}
	return out
}

// LongRuns reports whether s holds a digit run (grouped as in Cards) of 13
// or more digits.
func LongRuns(s string) bool {
	for _, run := range digitRun.FindAllString(s, -1) {
		n := 0
		for i := 0; i < len(run); i++ {
			if run[i] >= '0' && run[i] <= '9' {
				n++
			}
		}
		if n >= 13 {
			return true
		}
	}
	return false
}

// Luhn reports whether a string of digits passes the Luhn (mod 10) check.
func Luhn(d string) bool {
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}
