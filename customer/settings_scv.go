package customer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/omskit/omskit/scv"
)

// SettingsFrom reads the customer settings from an SCV snapshot: I20, F70,
// D13, H94, H87 and J17. F70 is parsed with ParseMatchRules; when it is unset,
// blank or cannot be parsed, DefaultMatchRules apply (call ParseMatchRules
// yourself to report a bad F70). BillToFallbackWithoutAR is not an SCV and
// stays false.
func SettingsFrom(s scv.Set) Settings {
	out := Settings{
		PhoneSearch:            s.Flag(scv.IncludeTelephoneNumberInCustomerSearch),                           // I20
		DefaultDeliveryCode:    s.String(scv.DefaultDeliveryCodeForNewOrderEntryCustomers),                   // D13
		PresidentsClub:         s.Flag(scv.UsePresidentsClubMembership),                                      // H94
		UpdateSoldToWithBillTo: s.Flag(scv.UpdateCustomerSoldToWithBillToAccountNumberForNewECommerceOrders), // H87
		DefaultIndividualEmail: s.Flag(scv.DefaultIndividualEmailAddress),                                    // J17
		Match:                  DefaultMatchRules,
	}
	if entries := s.List(scv.PhoneInterfaceValues); len(entries) > 0 { // F70
		if r, err := ParseMatchRules(entries); err == nil {
			out.Match = r
		}
	}
	return out
}

// ParseMatchRules reads Phone Interface Values (F70) entries. The sources do
// not describe F70's form, so the library defines one: each entry is a
// MatchField name ("last", "first", "company", "line1", "zip", ...),
// optionally followed by ":n" to compare only the first n characters, which
// is allowed for "zip" (ZipLength) and "first" (":1", FirstInitial). For
// example "last,first:1,line1,zip:5". An unknown field or length is a
// *FieldError naming the entry.
func ParseMatchRules(entries []string) (MatchRules, error) {
	known := map[MatchField]bool{MatchPrefix: true, MatchFirst: true, MatchMiddle: true, MatchLast: true,
		MatchSuffix: true, MatchCompany: true, MatchLine1: true, MatchLine2: true, MatchApartment: true,
		MatchCity: true, MatchState: true, MatchZip: true, MatchCountry: true}
	var r MatchRules
	norm := make([]string, 0, len(entries))
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		name, length, hasLen := strings.Cut(e, ":")
		f := MatchField(name)
		if !known[f] {
			return MatchRules{}, &FieldError{Field: "F70", Value: e, Rule: "unknown match field"}
		}
		if hasLen {
			n, err := strconv.Atoi(length)
			switch {
			case err != nil || n < 1:
				return MatchRules{}, &FieldError{Field: "F70", Value: e, Rule: "length must be a positive number"}
			case f == MatchZip:
				r.ZipLength = n
			case f == MatchFirst && n == 1:
				r.FirstInitial = true
			default:
				return MatchRules{}, &FieldError{Field: "F70", Value: e, Rule: "a length is allowed only for zip, and first:1"}
			}
		}
		r.Fields = append(r.Fields, f)
		norm = append(norm, e)
	}
	if len(r.Fields) == 0 {
		return MatchRules{}, &FieldError{Field: "F70", Value: strings.Join(entries, ","), Rule: "names no match field"}
	}
	r.ID = fmt.Sprintf("F70:%s", strings.Join(norm, ","))
	return r, nil
}
