package customer

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/scv"
)

func TestMatchRules_Key(t *testing.T) {
	r := DefaultMatchRules
	a := r.Key(Name{First: "Mary", Last: "O'Brien"}, Address{Line1: "9 Pine Rd.", Zip: "01720-1234"})
	b := r.Key(Name{First: "MARY", Last: "OBRIEN"}, Address{Line1: "9  PINE RD", Zip: "01720"})
	assert.Equal(t, a, b, "case, punctuation, spaces and zip+4 are normalised")
	assert.Equal(t, "F70-default", a.Rules())
	assert.NotEqual(t, a, r.Key(Name{First: "MARY", Last: "OBRIEN"}, Address{Line1: "9 PINE RD", Zip: "01721"}))
	assert.Equal(t, MatchKey(""), r.Key(Name{}, Address{City: "ignored"}), "all compared fields blank: no key")
	// Field positions are kept: "AB" + "" differs from "A" + "B".
	assert.NotEqual(t, r.Key(Name{First: "AB"}, Address{}), r.Key(Name{First: "A", Last: "B"}, Address{}))
	fi := MatchRules{ID: "fi", Fields: []MatchField{MatchFirst, MatchLast}, FirstInitial: true}
	assert.Equal(t, fi.Key(Name{First: "Mary", Last: "X"}, Address{}), fi.Key(Name{First: "M.", Last: "X"}, Address{}))
	assert.Equal(t, r.Key(Name{Last: "MÜLLER"}, Address{}), r.Key(Name{Last: "müller"}, Address{}))
}

func TestMatchRules_ExactAndMatches(t *testing.T) {
	r := DefaultMatchRules
	n1, a1 := Name{Last: "Lee"}, Address{Line1: "9 Pine Rd", Zip: "01720"}
	assert.True(t, r.Exact(n1, a1, Name{Last: " LEE "}, Address{Line1: "9 PINE RD", Zip: "01720"}))
	assert.False(t, r.Exact(n1, a1, Name{Last: "LEE"}, Address{Line1: "9 PINE RD.", Zip: "01720"}), "C-27: exact is stricter")
	assert.True(t, r.Matches(n1, a1, Name{Last: "LEE"}, Address{Line1: "9 PINE RD.", Zip: "01720"}))
	assert.False(t, r.Exact(Name{}, Address{}, Name{}, Address{}), "two blanks are no match")
	assert.False(t, r.Matches(Name{}, Address{}, Name{}, Address{}))
}

func TestParseMatchRules(t *testing.T) {
	r, err := ParseMatchRules([]string{"last", "First:1", "line1", "zip:5"})
	require.NoError(t, err)
	assert.Equal(t, []MatchField{MatchLast, MatchFirst, MatchLine1, MatchZip}, r.Fields)
	assert.True(t, r.FirstInitial)
	assert.Equal(t, 5, r.ZipLength)
	assert.Equal(t, "F70:last,first:1,line1,zip:5", r.ID)

	for _, bad := range [][]string{{"nickname"}, {"zip:x"}, {"last:3"}, {""}} {
		_, err := ParseMatchRules(bad)
		var fe *FieldError
		require.ErrorAs(t, err, &fe, "%v", bad)
		assert.Equal(t, "F70", fe.Field)
		assert.True(t, errors.Is(err, ErrInvalidField))
	}
}

func TestSettingsFrom(t *testing.T) {
	set, err := scv.Load(map[string]string{"I20": "Y", "D13": "R", "H94": "Y", "H87": "Y", "J17": "Y", "F70": "last,zip:3"})
	require.NoError(t, err)
	s := SettingsFrom(set)
	assert.True(t, s.PhoneSearch)
	assert.Equal(t, "R", s.DefaultDeliveryCode)
	assert.True(t, s.PresidentsClub)
	assert.True(t, s.UpdateSoldToWithBillTo)
	assert.True(t, s.DefaultIndividualEmail)
	assert.Equal(t, []MatchField{MatchLast, MatchZip}, s.Match.Fields)
	assert.Equal(t, 3, s.Match.ZipLength)

	def := SettingsFrom(scv.Set{})
	assert.False(t, def.PhoneSearch)
	assert.Equal(t, DefaultMatchRules.ID, def.MatchRules().ID)

	bad, err := scv.Load(map[string]string{"F70": "nickname"})
	require.NoError(t, err)
	assert.Equal(t, DefaultMatchRules.ID, SettingsFrom(bad).Match.ID, "unparsable F70 falls back to the default rules")
	assert.Equal(t, DefaultMatchRules.ID, Settings{}.MatchRules().ID)
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		raw  string
		want Number
		bad  bool
	}{
		{"", 0, false}, {"  ", 0, false}, {"13827", 13827, false}, {"000013827", 13827, false}, // leading zeros optional
		{"000000000", 0, false}, {"999999999", 999999999, false}, {"0001234567890", 0, true},
		{"12A", 0, true}, {"-5", 0, true}, {"1.5", 0, true}, {"１２", 0, true},
	}
	for _, tt := range tests {
		n, err := ParseNumber("customer_number", tt.raw)
		if tt.bad {
			var fe *FieldError
			require.ErrorAs(t, err, &fe, tt.raw)
			assert.Equal(t, tt.raw, fe.Value)
			assert.Contains(t, err.Error(), "customer_number")
			continue
		}
		require.NoError(t, err, tt.raw)
		assert.Equal(t, tt.want, n, tt.raw)
	}
}

func TestNormalizePhone(t *testing.T) {
	assert.Equal(t, "5085551111", NormalizePhone("(508) 555-1111"))
	assert.Equal(t, "5085551111", NormalizePhone("5085551111"))
	assert.Equal(t, "", NormalizePhone("n/a"))
}

func TestErrors(t *testing.T) {
	fe := &FieldError{Field: "customer_number", Value: "12A", Rule: "must be numeric"}
	assert.Equal(t, `customer_number "12A": must be numeric`, fe.Error())
	ve := &ValidationError{Errors: []*FieldError{fe}}
	assert.Equal(t, `invalid customer data: customer_number "12A": must be numeric`, ve.Error())
	assert.ErrorIs(t, ve, ErrInvalidField)
	assert.Equal(t, "evening phone", PhoneEvening.String())
	assert.Equal(t, "day phone", PhoneDay.String())
	assert.Equal(t, "phone kind 9", PhoneKind(9).String())
	assert.Equal(t, "100/2", PermanentShipTo{Customer: 100, Seq: 2}.ID())
	assert.Equal(t, "Z", Step("Z").String())
}

// refKey is the F70 key as it was built before the ASCII table and the
// field dispatch by first letter (issue 16): the oracle for Key.
func refKey(r MatchRules, n Name, a Address) MatchKey {
	get := map[MatchField]string{MatchPrefix: n.Prefix, MatchFirst: n.First, MatchMiddle: n.MiddleInitial,
		MatchLast: n.Last, MatchSuffix: n.Suffix, MatchCompany: n.Company, MatchLine1: a.Line1, MatchLine2: a.Line2,
		MatchApartment: a.Apartment, MatchCity: a.City, MatchState: a.State, MatchZip: a.Zip, MatchCountry: a.Country}
	var b strings.Builder
	b.WriteString(r.ID)
	any := false
	for _, f := range r.Fields {
		b.WriteByte(keySep)
		limit := -1
		switch {
		case f == MatchZip && r.ZipLength > 0:
			limit = r.ZipLength
		case f == MatchFirst && r.FirstInitial:
			limit = 1
		}
		written := 0
		for _, c := range get[f] {
			if limit >= 0 && written >= limit {
				break
			}
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
				continue
			}
			b.WriteRune(unicode.ToUpper(c))
			written++
		}
		any = any || written > 0
	}
	if !any {
		return ""
	}
	return MatchKey(b.String())
}

// The match key of every field under rules comparing all of them, with and
// without the zip and first-initial limits, equals the oracle's on random
// ASCII, Latin and other letters, digits, punctuation and invalid UTF-8.
func TestMatchRules_KeyEqualsReference(t *testing.T) {
	all := MatchRules{ID: "ALL", Fields: []MatchField{MatchPrefix, MatchFirst, MatchMiddle, MatchLast, MatchSuffix,
		MatchCompany, MatchLine1, MatchLine2, MatchApartment, MatchCity, MatchState, MatchZip, MatchCountry}}
	limited := all
	limited.ID, limited.ZipLength, limited.FirstInitial = "LIM", 5, true
	alphabet := []string{"a", "Z", "m", "0", "9", " ", ".", "-", "'", "#", "é", "Ö", "ß", "ǅ", "Ω", "٣", "中", "\x00", "\x7f", "\xff", "\xc3", "ﬁ"}
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 3000 {
		n := Name{Prefix: word(), First: word(), MiddleInitial: word(), Last: word(), Suffix: word(), Company: word()}
		a := Address{Line1: word(), Line2: word(), Line3: word(), Line4: word(), Apartment: word(), City: word(),
			State: word(), Zip: word(), Country: word()}
		for _, r := range []MatchRules{all, limited, DefaultMatchRules} {
			want := refKey(r, n, a)
			require.Equal(t, want, r.Key(n, a), "%q %q", n, a)
			k, ok := r.KeyBuf(n, a)
			require.Equal(t, ok, len(want) <= keyBufSize)
			if ok {
				require.Equal(t, want, k.Key())
			}
		}
	}
}
