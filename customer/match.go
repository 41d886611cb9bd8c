package customer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MatchField is a name or address field that the Phone Interface Values (F70)
// matching rules can compare.
type MatchField string

// The fields F70 matching may compare.
const (
	MatchPrefix    MatchField = "prefix"
	MatchFirst     MatchField = "first"
	MatchMiddle    MatchField = "middle"
	MatchLast      MatchField = "last"
	MatchSuffix    MatchField = "suffix"
	MatchCompany   MatchField = "company"
	MatchLine1     MatchField = "line1"
	MatchLine2     MatchField = "line2"
	MatchApartment MatchField = "apartment"
	MatchCity      MatchField = "city"
	MatchState     MatchField = "state"
	MatchZip       MatchField = "zip"
	MatchCountry   MatchField = "country"
)

// MatchRules are the name-and-address matching rules of Phone Interface
// Values (F70). The source does not say which fields F70 compares
// ("order-api.md" §0), so the rules are data a host sets:
//
//   - Fields lists the fields compared, in key order.
//   - ZipLength > 0 compares only the first ZipLength characters of the zip
//     (so 01810 and 01810-1234 match).
//   - FirstInitial compares only the first letter of the first name.
//
// Normalisation for the match key (the "F70-match" of the sold-to steps
// 3b, 4b, 5 and 6): letters are upper-cased, and everything that is not a
// letter or a digit (spaces, punctuation) is removed, so "9 Pine Rd." and
// "9 PINE RD" match. A key whose fields are all blank matches nothing.
//
// The "exact match based on the fields specified with F70" of the ship-to and
// bill-to rules (C-27) compares the same fields, only trimmed and upper-cased
// (CWORDERIN stores alphanumeric values upper case), with no other
// normalisation; see [MatchRules.Exact]. Every exact match is also a key
// match, so a store needs only one index.
type MatchRules struct {
	// ID names the rule set. It is part of every key, so a store indexing
	// under other rules reports ErrMatchRulesMismatch instead of silently
	// matching nothing.
	ID           string
	Fields       []MatchField // fields compared, in key order
	ZipLength    int          // compare only this many zip characters; 0 = all
	FirstInitial bool         // compare only the first letter of the first name
}

// DefaultMatchRules compares last name, first name, company, address line 1
// and the 5-character zip. It is the library's choice, not a vendor default.
var DefaultMatchRules = MatchRules{
	ID:        "F70-default",
	Fields:    []MatchField{MatchLast, MatchFirst, MatchCompany, MatchLine1, MatchZip},
	ZipLength: 5,
}

// MatchKey is the normalised name-and-address key of a customer under one set
// of [MatchRules]. It is computed once per record so that a store can index
// it; an empty key matches nothing.
type MatchKey string

const keySep = '\x1f'

// Rules returns the ID of the rules the key was built with.
func (k MatchKey) Rules() string {
	s := string(k)
	if i := strings.IndexByte(s, keySep); i >= 0 {
		return s[:i]
	}
	return s
}

func field(f MatchField, n *Name, a *Address) string {
	// By first letter, then equality with the constant (a few word
	// compares), rather than a switch over all thirteen names.
	if len(f) == 0 {
		return ""
	}
	switch f[0] {
	case 'l':
		switch f {
		case MatchLast:
			return n.Last
		case MatchLine1:
			return a.Line1
		case MatchLine2:
			return a.Line2
		}
	case 'f':
		if f == MatchFirst {
			return n.First
		}
	case 'c':
		switch f {
		case MatchCompany:
			return n.Company
		case MatchCity:
			return a.City
		case MatchCountry:
			return a.Country
		}
	case 'z':
		if f == MatchZip {
			return a.Zip
		}
	case 'p':
		if f == MatchPrefix {
			return n.Prefix
		}
	case 'm':
		if f == MatchMiddle {
			return n.MiddleInitial
		}
	case 's':
		switch f {
		case MatchSuffix:
			return n.Suffix
		case MatchState:
			return a.State
		}
	case 'a':
		if f == MatchApartment {
			return a.Apartment
		}
	}
	return ""
}

// Key returns the match key of a name and address. It is empty when every
// compared field is blank.
func (r MatchRules) Key(n Name, a Address) MatchKey {
	var stack [128]byte
	buf, any := r.appendKey(stack[:0], &n, &a)
	if !any {
		return ""
	}
	return MatchKey(buf)
}

// keyBufSize is the longest match key a KeyBuf holds.
const keyBufSize = 192

// KeyBuf is a match key built in a fixed-size buffer: building it and
// looking it up in a store that takes it ([NumberFinder]) allocate
// nothing. The zero KeyBuf is the empty key, which matches nothing.
type KeyBuf struct {
	n int
	b [keyBufSize]byte
}

// KeyBuf builds the match key of a name and address in place, as Key
// builds it. ok is false when the key is longer than a KeyBuf holds; use
// Key then.
func (r MatchRules) KeyBuf(n Name, a Address) (k KeyBuf, ok bool) {
	ok = r.keyBuf(&k, &n, &a)
	return k, ok
}

// keyBuf builds the key of a name and address in k, as KeyBuf does; false
// (k empty) when it does not fit.
func (r *MatchRules) keyBuf(k *KeyBuf, n *Name, a *Address) bool {
	buf, any := r.appendKey(k.b[:0], n, a)
	k.n = 0
	if len(buf) > len(k.b) {
		return false
	}
	if any {
		k.n = len(buf)
	}
	return true
}

// Bytes returns the key; empty when it matches nothing. The bytes belong to
// k.
func (k *KeyBuf) Bytes() []byte { return k.b[:k.n] }

// Key returns the key as a MatchKey (one allocation).
func (k *KeyBuf) Key() MatchKey { return MatchKey(k.b[:k.n]) }

// Rules returns the ID of the rules the key was built with, as
// MatchKey.Rules does; it shares k's bytes.
func (k *KeyBuf) Rules() []byte {
	b := k.b[:k.n]
	for i, c := range b {
		if c == keySep {
			return b[:i]
		}
	}
	return b
}

// keyByte is the match-key form of each ASCII byte: letters upper-cased,
// digits as they are, 0 for everything else (dropped from the key).
var keyByte = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('A'); c <= 'Z'; c++ {
		t[c], t[c+'a'-'A'] = c, c
	}
	return t
}()

// appendKey appends the key of a name and address to buf; any is false when
// every compared field is blank.
func (r *MatchRules) appendKey(buf []byte, n *Name, a *Address) (_ []byte, any bool) {
	buf = append(buf, r.ID...)
	for _, f := range r.Fields {
		buf = append(buf, keySep)
		v := field(f, n, a)
		limit := len(v) + 1
		switch {
		case r.ZipLength > 0 && f == MatchZip:
			limit = r.ZipLength
		case r.FirstInitial && f == MatchFirst:
			limit = 1
		}
		written := 0
		for i := 0; i < len(v) && written < limit; {
			c := v[i]
			if c < utf8.RuneSelf { // ASCII fast path
				i++
				if k := keyByte[c]; k != 0 {
					buf = append(buf, k)
					written++
				}
				continue
			}
			r, size := utf8.DecodeRuneInString(v[i:])
			i += size
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			buf = utf8.AppendRune(buf, unicode.ToUpper(r))
			written++
		}
		if written > 0 {
			any = true
		}
	}
	return buf, any
}

// KeyOf returns the match key of a sold-to.
func (r MatchRules) KeyOf(s SoldTo) MatchKey { return r.Key(s.Name, s.Address) }

// Exact reports whether two names and addresses are equal on every F70 field,
// compared trimmed and case-insensitively (the ship-to and bill-to "exact
// match", C-27). Two all-blank records are not a match.
func (r MatchRules) Exact(n1 Name, a1 Address, n2 Name, a2 Address) bool {
	any := false
	for _, f := range r.Fields {
		v1 := strings.TrimSpace(field(f, &n1, &a1))
		v2 := strings.TrimSpace(field(f, &n2, &a2))
		if !strings.EqualFold(v1, v2) {
			return false
		}
		if v1 != "" {
			any = true
		}
	}
	return any
}

// Matches reports whether two names and addresses F70-match (equal keys).
func (r MatchRules) Matches(n1 Name, a1 Address, n2 Name, a2 Address) bool {
	k := r.Key(n1, a1)
	return k != "" && k == r.Key(n2, a2)
}
