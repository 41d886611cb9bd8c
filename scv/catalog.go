package scv

import (
	"slices"
	"strconv"
	"strings"
)

// Code is a system control value code: one letter and two digits, such as
// "M31", or a pseudo-code such as "U196" for a setting whose code is missing
// from the sources (scv.md §2). See IsPseudo.
type Code string

// IsPseudo reports whether c is one of the library's pseudo-codes (scv.md §2):
// "U" followed by three digits, the line of the Order API related-SCV table
// that describes the setting. A real SCV code has two digits, so the two can
// never collide.
func (c Code) IsPseudo() bool {
	if len(c) != 4 || c[0] != 'U' {
		return false
	}
	for _, r := range c[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Kind is the value type of a system control value.
type Kind int

// The kinds of system control value (scv.md §0 "Value type").
const (
	// KindFlag is a Y/N value; the sources also write "selected"/"unselected".
	KindFlag Kind = iota + 1
	// KindCode is a code (order type, hold reason, location …), possibly with
	// listed values such as ALWAYS/NEVER.
	KindCode
	// KindNumber is a decimal number: an amount, a percent, a batch number, a
	// distance or an interval.
	KindNumber
	// KindText is free text: a program name, an authorization number, an
	// account name.
	KindText
	// KindList is a comma-separated list of entries.
	KindList
)

// String returns the kind's lower-case name ("flag", "code", …).
func (k Kind) String() string {
	switch k {
	case KindFlag:
		return "flag"
	case KindCode:
		return "code"
	case KindNumber:
		return "number"
	case KindText:
		return "text"
	case KindList:
		return "list"
	default:
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
}

// Definition is the catalog entry of one system control value.
type Definition struct {
	// Code is the SCV code ("M31"), or a pseudo-code ("U196") for a setting
	// whose code the sources lost (scv.md §2).
	Code Code
	// Name is the name as written in the source, e.g. "Use OROB for
	// Fulfillment Assignment". For pseudo-codes it is a descriptive name of
	// the library's own.
	Name string
	// Kind is the value type.
	Kind Kind
	// Allowed lists the values the sources name for a code-kind value
	// (M34: ALWAYS, NEVER). For flags it is Y, N. Empty means the sources
	// list none. A code value outside Allowed is kept and reported by
	// Set.Unrecognized, not rejected.
	Allowed []string
	// Default is the default the sources state; meaningful only when
	// HasDefault is true. Only M70 and M71 have one (scv.md §4).
	Default string
	// HasDefault reports whether the sources state a default.
	HasDefault bool
	// BlankMeans is the listed value a blank value behaves like (M34 blank
	// = NEVER, M05 blank = NO); empty when the sources say nothing.
	BlankMeans string
	// MayBeBlank reports that the sources describe what happens when the
	// value is blank or not defined, so blank is meaningful (scv.md §0).
	MayBeBlank bool
	// Integer restricts a number to whole numbers (batch numbers, minutes).
	Integer bool
	// NonNegative restricts a number to zero or more.
	NonNegative bool
	// Sections lists the requirements the value drives, as "file ID", e.g.
	// "order-broker.md BRK-001" or "order-api.md ORD-061".
	Sections []string
	// Sources gives the source lines that name the value, as in scv.md §1
	// ("002: 1155").
	Sources string
	// ValueType is the value type as the catalog words it (scv.md §1).
	ValueType string
	// Notes carries the catalog's listed values / notes column and the
	// library's choices for the ambiguities of scv.md §4.
	Notes string
}

// Pseudo reports whether the definition is one of the settings without an
// SCV code (scv.md §2).
func (d Definition) Pseudo() bool { return d.Code.IsPseudo() }

// clone returns a deep copy, so callers cannot change the catalog.
func (d Definition) clone() Definition {
	d.Allowed = slices.Clone(d.Allowed)
	d.Sections = slices.Clone(d.Sections)
	return d
}

// allows reports whether v is one of the listed values.
func (d Definition) allows(v string) bool { return slices.Contains(d.Allowed, v) }

var (
	catalog []Definition         // coded + uncoded, sorted by code
	byCode  map[Code]*Definition // index into catalog
)

func init() {
	catalog = make([]Definition, 0, len(coded)+len(uncoded))
	catalog = append(catalog, coded...)
	catalog = append(catalog, uncoded...)
	slices.SortFunc(catalog, func(a, b Definition) int { return strings.Compare(string(a.Code), string(b.Code)) })
	byCode = make(map[Code]*Definition, len(catalog))
	for i := range catalog {
		if catalog[i].Kind == KindFlag && catalog[i].Allowed == nil {
			catalog[i].Allowed = []string{"Y", "N"}
		}
		byCode[catalog[i].Code] = &catalog[i]
	}
}

// Catalog returns every system control value the library knows: the 92 coded
// SCVs of scv.md §1 and the pseudo-coded settings of scv.md §2, sorted by
// code. The result is a copy; changing it does not change the catalog.
func Catalog() []Definition {
	out := make([]Definition, len(catalog))
	for i, d := range catalog {
		out[i] = d.clone()
	}
	return out
}

// Lookup returns the catalog entry for c. Codes are matched exactly
// ("M31", not "m31"). Secured features such as B19 are not SCVs and are not
// found; see SecuredFeatures.
func Lookup(c Code) (Definition, bool) {
	d, ok := byCode[c]
	if !ok {
		return Definition{}, false
	}
	return d.clone(), true
}

// SecuredFeature is a code that looks like an SCV in the sources but is a
// secured feature (scv.md §3). It is not part of the SCV catalog and cannot
// be loaded into a Set.
type SecuredFeature struct {
	// Code is the secured feature code, e.g. "B19".
	Code string
	// Name is the name as written in the source.
	Name string
	// Sections lists the requirements that name it.
	Sections []string
}

// SecuredFeatures returns the codes of scv.md §3: secured features, not SCVs.
func SecuredFeatures() []SecuredFeature {
	return []SecuredFeature{
		{Code: "B19", Name: "Cancel Order Broker Lines", Sections: []string{"order-broker.md BRK-295"}},
		{Code: "B20", Name: "Maintain Brokered Fulfillment Orders", Sections: []string{"order-broker.md BRK-243"}},
	}
}
