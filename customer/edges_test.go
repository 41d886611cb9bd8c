package customer

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tie-breaks and boundaries of the customer rules that a table row with a
// single candidate, or an identifier shorter than its limit, cannot show.

// CUS-036 step 2: several existing bill-tos exactly match the message's
// bill-to: the highest bill-to number, the last created, as in step 4.
func TestSelectBillTo_CUS036_SeveralExactMatchesHighest(t *testing.T) {
	t.Parallel()
	f := billStore()
	f.billTos[715] = BillTo{Number: 715, Name: b710Name, Address: b710Addr}
	f.billTos[705] = BillTo{Number: 705, Name: b710Name, Address: b710Addr}
	sel, err := SelectBillTo(context.Background(), f, soldTo300(0), BillToRequest{Name: b710Name, Address: b710Addr, HasARPayment: true}, Settings{})
	require.NoError(t, err)
	assert.Equal(t, BillToExactMatch, sel.Step)
	assert.Equal(t, BillToNumber(715), sel.BillTo.Number, "CUS-036: the highest of the exact matches")
	assert.Equal(t, []BillToNumber{705, 710, 715}, sel.Candidates)
}

// CUS-029 (the source gives no tie-break, C-18): several sold-tos exactly
// match the ship-to: the highest customer number, as CUS-015's name and
// address steps choose.
func TestSelectShipTo_CUS029_SeveralExactMatchesHighest(t *testing.T) {
	t.Parallel()
	f := shipStore()
	f.soldTos[530] = SoldTo{Number: 530, Name: leeName, Address: leeAddr}
	f.soldTos[505] = SoldTo{Number: 505, Name: leeName, Address: leeAddr}
	sel, err := SelectShipTo(context.Background(), f, 100, ShipToRequest{Type: ShipToRecipient, Name: leeName, Address: leeAddr}, Settings{})
	require.NoError(t, err)
	assert.Equal(t, Number(530), sel.Recipient.Number, "CUS-029: the highest of the exact matches")
}

// CUS-032: several permanent ship-tos of the sold-to exactly match: the
// highest ship-to number. CUS-033-E1: a new one takes the next number.
func TestSelectShipTo_CUS032_CUS033_PermanentNumbers(t *testing.T) {
	t.Parallel()
	f := shipStore()
	f.permanent[100] = append(f.permanent[100], PermanentShipTo{Customer: 100, Seq: 4, Name: Name{Last: "GIFT"}, Address: Address{Line1: "2 B ST", Zip: "01720"}})
	sel, err := SelectShipTo(context.Background(), f, 100, ShipToRequest{Type: ShipToPermanent, Name: Name{Last: "GIFT"}, Address: Address{Line1: "2 B ST", Zip: "01720"}}, Settings{})
	require.NoError(t, err)
	assert.Equal(t, "100/4", sel.Permanent.ID(), "CUS-032: the highest of the exact matches")

	sel, err = SelectShipTo(context.Background(), f, 100, ShipToRequest{Type: ShipToPermanent, Name: Name{Last: "GIFT"}, Address: Address{Line1: "9 Z ST"}}, Settings{})
	require.NoError(t, err)
	require.NotNil(t, sel.NewPermanent)
	assert.Equal(t, 5, sel.NewPermanent.Seq, "CUS-033-E1: the next permanent ship-to number")
}

// CUS-011, CUS-012: a known prospect whose name and address match no
// customer ends step 5 with no choice; step 6 then runs on the message.
func TestSelectSoldTo_CUS011_ProspectWithoutMatchGoesOnToStep6(t *testing.T) {
	t.Parallel()
	f := newFake(matching(240), other(300))
	f.prospects["77"] = Prospect{ID: "77", Name: Name{Last: "NOBODY"}, Address: Address{Line1: "1 NOWHERE"}}
	sel, err := SelectSoldTo(context.Background(), f, req(func(r *Request) { r.ProspectID = "77" }), i20Y)
	require.NoError(t, err)
	assert.Equal(t, StepNameAddressOne, sel.Step, "CUS-011: no prospect match, step 6 runs")
	assert.Equal(t, Number(240), sel.Number(), "CUS-012")
}

// CUS-017: a ghost chain is followed to its end; the bound against a
// store that keeps producing targets is a thousand hops, and a chain of
// exactly that many resolves.
func TestResolveGhost_CUS017_LongestChain(t *testing.T) {
	t.Parallel()
	f := newFake()
	for n := Number(1); n <= maxGhostHops; n++ {
		f.soldTos[n] = with(other(n), func(c *SoldTo) { c.Ghost, c.MergedInto = true, n+1 })
	}
	f.soldTos[maxGhostHops+1] = other(maxGhostHops + 1)
	target, chain, err := ResolveGhost(context.Background(), f, f.soldTos[1])
	require.NoError(t, err, "CUS-017: a chain of %d hops is followed", maxGhostHops)
	assert.Equal(t, Number(maxGhostHops+1), target.Number, "CUS-017")
	assert.Len(t, chain, maxGhostHops+1)
}

// Phones compare by their digits (CUS-001, inferred; the evening and day
// phone steps CUS-008, CUS-010): 0 and 9 are digits, and a phone with no
// digit at all is blank.
func TestNormalizePhone_CUS001_Digits(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "5090999", NormalizePhone("(509) 099-9"), "CUS-001: 0 and 9 are digits")
	assert.Equal(t, "9080", NormalizePhone("9080"), "CUS-001")
	assert.Equal(t, "", NormalizePhone("none"), "CUS-001: no digits, no phone")
}

// CUS-003: alternate_sold_to_id is alphanumeric 15; an id of exactly 15
// characters is valid and searched in step 2.
func TestSelectSoldTo_CUS003_AltIDOfFullLength(t *testing.T) {
	t.Parallel()
	id := strings.Repeat("A", MaxAltIDLength)
	f := newFake(with(other(120), alt(id)))
	sel, err := SelectSoldTo(context.Background(), f, req(func(r *Request) { r.AltSoldToID = id }), i20Y)
	require.NoError(t, err, "CUS-003: 15 characters are allowed")
	assert.Equal(t, StepAltOne, sel.Step, "CUS-003")
	assert.Equal(t, Number(120), sel.Number())
}

// The F70 match key keeps letters beyond ASCII, upper-cased, and the first
// initial of a first name that starts with one (CUS-012: name and address
// are compared on the F70 fields).
func TestMatchKey_CUS012_NonASCIILetters(t *testing.T) {
	t.Parallel()
	r := DefaultMatchRules
	assert.NotEqual(t, r.Key(Name{Last: "ÖBERG"}, Address{}), r.Key(Name{Last: "BERG"}, Address{}), "CUS-012: Ö is a letter of the name")
	assert.Equal(t, r.Key(Name{Last: "öberg"}, Address{}), r.Key(Name{Last: "ÖBERG"}, Address{}), "CUS-012")
	fi := MatchRules{ID: "fi", Fields: []MatchField{MatchFirst, MatchLast}, FirstInitial: true}
	assert.Equal(t, fi.Key(Name{First: "Élise", Last: "X"}, Address{}), fi.Key(Name{First: "É", Last: "X"}, Address{}), "CUS-012: only the first initial")
	assert.NotEqual(t, fi.Key(Name{First: "Élise", Last: "X"}, Address{}), fi.Key(Name{First: "E", Last: "X"}, Address{}), "CUS-012")
}

// CUS-022: the change of primary email names the one it replaces, and none
// when the customer had no email.
func TestUpdateFromRequest_CUS022_PrimaryEmailChange(t *testing.T) {
	t.Parallel()
	c := c200()
	c.Emails = []string{"old@x", "new@x"}
	_, ch := UpdateFromRequest(c, StepCustomerNumber, Request{EmailUpdate: true, Email: "new@x"}, Settings{})
	assert.Contains(t, ch, Change{Field: "primary_email", Old: "old@x", New: "new@x", Rule: "CUS-022"}, "CUS-022")
	c.Email, c.Emails = "", nil
	got, ch := UpdateFromRequest(c, StepCustomerNumber, Request{EmailUpdate: true, Email: "new@x"}, Settings{})
	assert.Contains(t, ch, Change{Field: "primary_email", Old: "", New: "new@x", Rule: "CUS-022"}, "CUS-022")
	assert.Equal(t, []string{"new@x"}, got.Emails, "CUS-022")
}

// CUS-012, CUS-015: step 6 over a store that lists numbers, with more
// matches than a Numbers holds in place: the highest.
func TestSelectSoldTo_CUS012_ManyMatchesByNumber(t *testing.T) {
	t.Parallel()
	f := newFake()
	for n := Number(240); n < 240+2*numbersInline; n++ {
		f.soldTos[n] = matching(n)
	}
	sel, err := SelectSoldTo(context.Background(), numberFake{f}, req(nil), i20Y)
	require.NoError(t, err)
	assert.Equal(t, StepNameAddressHighest, sel.Step, "CUS-012")
	assert.Equal(t, Number(240+2*numbersInline-1), sel.Number(), "CUS-015: the highest of them")
}

// CUS-012: the F70 fields are compared whole unless F70 gives a length: a
// zip without one is all of the zip; 'z' is a letter like the others.
func TestMatchKey_CUS012_WholeFieldsAndEveryLetter(t *testing.T) {
	t.Parallel()
	zip := MatchRules{ID: "zip", Fields: []MatchField{MatchZip, MatchLast}}
	assert.NotEqual(t, zip.Key(Name{Last: "X"}, Address{Zip: "01720"}), zip.Key(Name{Last: "X"}, Address{Zip: "01721"}), "CUS-012: no length, the whole zip")
	r := DefaultMatchRules
	assert.Equal(t, r.Key(Name{Last: "FITZ"}, Address{}), r.Key(Name{Last: "fitz"}, Address{}), "CUS-012: z upper-cased like every letter")
	assert.NotEqual(t, r.Key(Name{Last: "FITZ"}, Address{}), r.Key(Name{Last: "FIT"}, Address{}), "CUS-012")
}
