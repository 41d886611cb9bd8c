package customer

import (
	"strconv"
	"strings"
)

// ParseNumber reads a numeric customer number attribute (customer_number,
// customer_ship_to_number). Blank or all zeros gives 0 and no error. Leading
// zeros are accepted, so "000013827" is 13827 ("orce.md" ORC-014). Anything
// else that is not 1 to 9 digits is a *FieldError naming the field and value:
// in CWORDERIN, letters in a numeric field stop the message
// ("cworderin-attributes.md" §2.7), so the library refuses it rather than
// guessing. A well-formed number that names no customer is not an error
// (CUS-002); that is for the caller to find out.
func ParseNumber(fieldName, raw string) (Number, error) {
	n, err := parseDigits(fieldName, raw, MaxNumberDigits)
	return Number(n), err
}

// ParseBillToNumber reads bill_to_number (numeric 7) like [ParseNumber].
func ParseBillToNumber(fieldName, raw string) (BillToNumber, error) {
	n, err := parseDigits(fieldName, raw, MaxBillToDigits)
	return BillToNumber(n), err
}

func parseDigits(fieldName, raw string, maxDigits int) (int64, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, nil
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, &FieldError{Field: fieldName, Value: raw, Rule: "must be numeric"}
		}
	}
	t := strings.TrimLeft(s, "0")
	if len(t) > maxDigits {
		return 0, &FieldError{Field: fieldName, Value: raw,
			Rule: "must have at most " + strconv.Itoa(maxDigits) + " digits"}
	}
	if t == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil { // unreachable for ≤ 9 digits; kept so bad input never panics
		return 0, &FieldError{Field: fieldName, Value: raw, Rule: "must be numeric"}
	}
	return n, nil
}

// NormalizePhone returns the digits of a phone number, dropping punctuation
// and spaces, so "(508) 555-1111" and "5085551111" are the same number. The
// source compares phones by equality without saying how they are written
// (CUS-001, inferred); stores index phones by this form. It returns "" when
// the phone has no digits.
func NormalizePhone(p string) string {
	clean := true
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			clean = false
			break
		}
	}
	if clean {
		return p
	}
	var b strings.Builder
	for _, c := range p {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Validate checks the attribute types and lengths of the request and returns
// a *ValidationError listing every bad field (each a *FieldError that
// unwraps to ErrInvalidField), or nil.
func (r Request) Validate() error { return r.validate() }

// validate is Validate without the copy of the request.
func (r *Request) validate() error {
	var errs []*FieldError
	if _, err := ParseNumber("customer_number", r.CustomerNumber); err != nil {
		errs = append(errs, err.(*FieldError))
	}
	if alt := strings.TrimSpace(r.AltSoldToID); len([]rune(alt)) > MaxAltIDLength {
		errs = append(errs, &FieldError{Field: "alternate_sold_to_id", Value: r.AltSoldToID,
			Rule: "must have at most " + strconv.Itoa(MaxAltIDLength) + " characters"})
	}
	for _, p := range [...]struct{ name, v string }{
		{"sold_to_day_phone", r.Phones.Day},
		{"sold_to_eve_phone", r.Phones.Evening},
		{"sold_to_fax_phone", r.Phones.Fax},
	} {
		if strings.TrimSpace(p.v) != "" && NormalizePhone(p.v) == "" {
			errs = append(errs, &FieldError{Field: p.name, Value: p.v, Rule: "must contain digits"})
		}
	}
	if e := strings.TrimSpace(r.Email); e != "" && !strings.Contains(e, "@") {
		errs = append(errs, &FieldError{Field: "sold_to_email", Value: r.Email, Rule: "must be an email address"})
	}
	return validation(errs)
}

// canCreate reports whether a name and address are complete enough to create
// a customer: a last name or a company, and address line 1 (the source asks
// for "a valid address" without listing fields; this minimum is inferred).
func canCreate(n Name, a Address) bool {
	return (strings.TrimSpace(n.Last) != "" || strings.TrimSpace(n.Company) != "") &&
		strings.TrimSpace(a.Line1) != ""
}

func missingIdentity(prefix string, n Name, a Address) []*FieldError {
	var errs []*FieldError
	if strings.TrimSpace(n.Last) == "" && strings.TrimSpace(n.Company) == "" {
		errs = append(errs, &FieldError{Field: prefix + "_lname", Value: n.Last,
			Rule: "a last name or company is needed to create a customer", Err: ErrInsufficientIdentity})
	}
	if strings.TrimSpace(a.Line1) == "" {
		errs = append(errs, &FieldError{Field: prefix + "_address1", Value: a.Line1,
			Rule: "address line 1 is needed to create a customer", Err: ErrInsufficientIdentity})
	}
	return errs
}

// Case rules of CWORDERIN ("cworderin-attributes.md" §2.7): email addresses
// are stored lower case, all other alphanumeric values upper case.

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// LowerEmail returns an email address the way it is stored: trimmed, lower case.
func LowerEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// UpperName returns the name with every part trimmed and upper case.
func UpperName(n Name) Name {
	return Name{Prefix: upper(n.Prefix), First: upper(n.First), MiddleInitial: upper(n.MiddleInitial),
		Last: upper(n.Last), Suffix: upper(n.Suffix), Company: upper(n.Company)}
}

// UpperAddress returns the address with every part trimmed and upper case.
func UpperAddress(a Address) Address {
	return Address{Line1: upper(a.Line1), Line2: upper(a.Line2), Line3: upper(a.Line3), Line4: upper(a.Line4),
		Apartment: upper(a.Apartment), City: upper(a.City), State: upper(a.State), Zip: upper(a.Zip),
		Country: upper(a.Country)}
}
