package scv

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Set is an immutable snapshot of system control values. Build one with
// Load, LoadJSON or With; the zero Set is valid and has no value set, so
// every accessor answers with the catalog default.
//
// A Set distinguishes a value that was set blank from one that was never set
// (scv.md §0: "may be blank"); see Lookup. It is safe for concurrent use.
type Set struct {
	values map[Code]string
}

// entry is one code/value pair of an input before validation.
type entry struct {
	key   string
	value string
	err   *FieldError // set when the input layer already rejected the pair
	null  bool        // JSON null: counts for duplicates, stores nothing
}

// Load validates values (code → value, e.g. {"M31": "Y"}) and returns the
// snapshot. Codes are matched case-insensitively after trimming white space
// ("m31" is M31). Values are trimmed; blank means "set, but blank".
//
// Rules per kind:
//   - flag: Y or N, case-insensitive, stored as upper case; anything else is
//     rejected with ErrInvalidValue.
//   - number: an optional minus sign, digits, an optional decimal point and
//     digits ("12", "0.5"); no letters, exponents or thousands separators.
//     Batch numbers and minutes must be whole; amounts, percents and
//     distances must not be negative.
//   - code with listed values (M34, M05, L37, H45, G80): a listed value in
//     any case is stored in its listed spelling; any other value is kept
//     and reported by Unrecognized, not rejected (scv.md §0 "For the
//     library").
//   - code without listed values, text, list: any value.
//
// Every value must be valid UTF-8 without control characters.
//
// Unknown codes are rejected with ErrUnknownCode, including the secured
// features of scv.md §3 (B19, B20). Every problem is reported, not only the
// first: the error is a *ValidationError.
func Load(values map[string]string) (Set, error) {
	entries := make([]entry, 0, len(values))
	for k, v := range values {
		entries = append(entries, entry{key: k, value: v})
	}
	return build(entries)
}

// build validates entries and returns the Set or a *ValidationError.
func build(entries []entry) (Set, error) {
	out := make(map[Code]string, len(entries))
	var fields []FieldError
	seen := make(map[Code]int, len(entries))
	for _, e := range entries {
		if e.err != nil {
			fields = append(fields, *e.err)
			if e.err.Err == ErrInvalidValue { // known code: still counts for duplicates
				if seen[e.err.Code]++; seen[e.err.Code] == 2 {
					fields = append(fields, FieldError{Code: e.err.Code, Value: e.value, Rule: "is given more than once", Err: ErrDuplicateCode})
				}
			}
			continue
		}
		d, fe := resolve(e.key, e.value)
		if fe != nil {
			fields = append(fields, *fe)
			continue
		}
		if seen[d.Code]++; seen[d.Code] == 2 {
			fields = append(fields, FieldError{Code: d.Code, Value: e.value, Rule: "is given more than once", Err: ErrDuplicateCode})
		}
		if e.null {
			continue
		}
		v, fe := normalize(d, e.value)
		if fe != nil {
			fields = append(fields, *fe)
			continue
		}
		out[d.Code] = v
	}
	if len(fields) > 0 {
		slices.SortStableFunc(fields, func(a, b FieldError) int {
			if c := strings.Compare(string(a.Code), string(b.Code)); c != 0 {
				return c
			}
			return strings.Compare(a.Value, b.Value)
		})
		return Set{}, &ValidationError{Fields: fields}
	}
	return Set{values: out}, nil
}

// resolve finds the definition for an input key.
func resolve(key, value string) (Definition, *FieldError) {
	c := Code(strings.ToUpper(strings.TrimSpace(key)))
	if d, ok := byCode[c]; ok {
		return *d, nil
	}
	rule := "unknown system control value code"
	for _, f := range SecuredFeatures() {
		if f.Code == string(c) {
			rule += " (" + f.Code + " " + f.Name + " is a secured feature, not an SCV)"
		}
	}
	return Definition{}, &FieldError{Code: Code(key), Value: value, Rule: rule, Err: ErrUnknownCode}
}

// normalize checks v against d and returns the value to store.
func normalize(d Definition, v string) (string, *FieldError) {
	v = strings.TrimSpace(v)
	bad := func(rule string) (string, *FieldError) {
		return "", &FieldError{Code: d.Code, Value: v, Rule: rule, Err: ErrInvalidValue}
	}
	if !utf8.ValidString(v) {
		return bad("is not valid UTF-8")
	}
	if strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return bad("contains a control character")
	}
	if v == "" {
		return "", nil
	}
	switch d.Kind {
	case KindFlag:
		switch strings.ToUpper(v) {
		case "Y":
			return "Y", nil
		case "N":
			return "N", nil
		}
		return bad("is not a flag (Y/N)")
	case KindNumber:
		if !isPlainNumber(v) {
			return bad("is not a number")
		}
		n, err := decimal.NewFromString(v)
		if err != nil {
			return bad("is not a number")
		}
		if d.Integer && !n.IsInteger() {
			return bad("is not a whole number")
		}
		if d.NonNegative && n.IsNegative() {
			return bad("is negative")
		}
		return v, nil
	case KindCode:
		for _, a := range d.Allowed {
			if strings.EqualFold(a, v) {
				return a, nil
			}
		}
		return v, nil
	default:
		return v, nil
	}
}

// isPlainNumber accepts [-]digits[.digits] and [-].digits.
func isPlainNumber(s string) bool {
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && (!hasDot || frac == "") {
		return false
	}
	if hasDot && frac == "" {
		return false
	}
	return allDigits(intPart) && allDigits(frac)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// With returns a new Set with c set to v; s is unchanged. v is validated as
// by Load; an error is a *ValidationError wrapping ErrUnknownCode or
// ErrInvalidValue.
func (s Set) With(c Code, v string) (Set, error) {
	d, fe := resolve(string(c), v)
	if fe == nil {
		v, fe = normalize(d, v)
	}
	if fe != nil {
		return s, &ValidationError{Fields: []FieldError{*fe}}
	}
	out := make(map[Code]string, len(s.values)+1)
	maps.Copy(out, s.values)
	out[d.Code] = v
	return Set{values: out}, nil
}

// Without returns a new Set in which c was never set; s is unchanged.
func (s Set) Without(c Code) Set {
	if _, ok := s.values[c]; !ok {
		return s
	}
	out := maps.Clone(s.values)
	delete(out, c)
	return Set{values: out}
}

// Lookup returns the stored value of c and whether it was set at all. A
// value set blank returns ("", true); a value never set returns ("", false).
func (s Set) Lookup(c Code) (string, bool) {
	v, ok := s.values[c]
	return v, ok
}

// String returns the value of c, or the catalog default when c is unset or
// blank (the default is "" for every value except M70 and M71).
func (s Set) String(c Code) string {
	if v := s.values[c]; v != "" {
		return v
	}
	if d, ok := byCode[c]; ok && d.HasDefault {
		return d.Default
	}
	return ""
}

// Flag reports whether the flag c is Y. When c is unset or blank it answers
// with the catalog default, and N (false) where the sources state none. It
// reports false for a code that is not a flag.
func (s Set) Flag(c Code) bool {
	d, ok := byCode[c]
	if !ok || d.Kind != KindFlag {
		return false
	}
	return s.String(c) == "Y"
}

// Number returns the number c and true, or zero and false when c is unset,
// blank or not a number kind.
func (s Set) Number(c Code) (decimal.Decimal, bool) {
	d, ok := byCode[c]
	if !ok || d.Kind != KindNumber {
		return decimal.Decimal{}, false
	}
	v := s.String(c)
	if v == "" {
		return decimal.Decimal{}, false
	}
	n, err := decimal.NewFromString(v)
	if err != nil { // unreachable: Load validated it
		return decimal.Decimal{}, false
	}
	return n, true
}

// List returns the entries of a list value (comma-separated, each trimmed,
// empty entries dropped). For any other kind it returns the value as a
// one-element list, and nil when the value is unset or blank.
func (s Set) List(c Code) []string {
	v := s.String(c)
	if v == "" {
		return nil
	}
	if d, ok := byCode[c]; !ok || d.Kind != KindList {
		return []string{v}
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Unrecognized is a value of a code with listed values that is not one of
// them. It is kept in the Set, not rejected.
type Unrecognized struct {
	// Code is the SCV code.
	Code Code
	// Value is the value as stored.
	Value string
	// Allowed lists the values the sources name.
	Allowed []string
}

// Unrecognized returns every stored value of a code-kind SCV with listed
// values that is not one of them, sorted by code (scv.md §0 "For the
// library": keep values the library does not know and report them). Blank
// values are not reported.
func (s Set) Unrecognized() []Unrecognized {
	var out []Unrecognized
	for c, v := range s.values {
		d, ok := byCode[c]
		if !ok || d.Kind != KindCode || len(d.Allowed) == 0 || v == "" || d.allows(v) {
			continue
		}
		out = append(out, Unrecognized{Code: c, Value: v, Allowed: slices.Clone(d.Allowed)})
	}
	slices.SortFunc(out, func(a, b Unrecognized) int { return strings.Compare(string(a.Code), string(b.Code)) })
	return out
}

// Map returns the stored values as a new map (blank values included, unset
// ones absent). Load(s.Map()) returns an equal Set.
func (s Set) Map() map[string]string {
	out := make(map[string]string, len(s.values))
	for c, v := range s.values {
		out[string(c)] = v
	}
	return out
}

// Len returns how many values are set (blank ones included).
func (s Set) Len() int { return len(s.values) }
