package customer

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// The message's name and address in the selection tests; "F70-match" means a
// customer with this name and address.
var (
	msgName = Name{First: "MARY", Last: "JONES"}
	msgAddr = Address{Line1: "5 ELM ST", City: "ACTON", State: "MA", Zip: "01720"}
)

// matching is a customer that F70-matches the message.
func matching(n Number) SoldTo { return SoldTo{Number: n, Name: msgName, Address: msgAddr} }

// other is a customer that does not F70-match the message.
func other(n Number) SoldTo {
	return SoldTo{Number: n, Name: Name{First: "PAT", Last: "OTHER" + n.String()}, Address: Address{Line1: n.String() + " OAK AVE", Zip: "02134"}}
}

func with(c SoldTo, f func(*SoldTo)) SoldTo { f(&c); return c }

func alt(id string) func(*SoldTo)  { return func(c *SoldTo) { c.AltCustNo = id } }
func xref(id string) func(*SoldTo) { return func(c *SoldTo) { c.CrossRefs = append(c.CrossRefs, id) } }
func eve(p string) func(*SoldTo)   { return func(c *SoldTo) { c.Phones.Evening = p } }
func day(p string) func(*SoldTo)   { return func(c *SoldTo) { c.Phones.Day = p } }

// req is a request carrying the message's name and address.
func req(f func(*Request)) Request {
	r := Request{Name: msgName, Address: msgAddr}
	if f != nil {
		f(&r)
	}
	return r
}

var (
	i20Y = Settings{PhoneSearch: true}
	i20N = Settings{PhoneSearch: false}
)

// stepCase is one case of the selection steps table.
type stepCase struct {
	name      string
	customers []SoldTo
	prospects []Prospect
	settings  Settings
	req       Request
	want      Number
	step      Step
}

const eve1, day1 = "5085551111", "5085552222"

var prospect77 = Prospect{ID: "77", Name: Name{First: "MARY", Last: "JONES"}, Address: Address{Line1: "5 ELM ST", Zip: "01720"}}

// stepCases are the cases of every step and sub-rule of sold-to selection.
func stepCases() []stepCase {
	return []stepCase{
		{ // CUS-002
			name:      "CUS-002-E1 existing customer_number wins over alternate id",
			customers: []SoldTo{other(200), with(other(300), alt("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.CustomerNumber = "200"; r.AltSoldToID = "W-7" }),
			want: 200, step: StepCustomerNumber,
		},
		{ // CUS-002
			name:      "CUS-002-E2 unknown customer_number falls through to step 2",
			customers: []SoldTo{with(other(300), alt("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.CustomerNumber = "999"; r.AltSoldToID = "W-7" }),
			want: 300, step: StepAltOne,
		},
		{ // CUS-003
			name:      "CUS-003-E1 unmatched alternate id goes on to the evening phone",
			customers: []SoldTo{with(other(120), eve(eve1))},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-9"; r.Phones.Evening = eve1 }),
			want: 120, step: StepEveningOne,
		},
		{ // CUS-004
			name:      "CUS-004-E1 one Alt cust # match",
			customers: []SoldTo{with(other(300), alt("W-7")), matching(900)},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-7" }),
			want: 300, step: StepAltOne,
		},
		{ // CUS-004
			name:      "CUS-004-E2 one cross-reference match",
			customers: []SoldTo{with(other(310), xref("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-7" }),
			want: 310, step: StepAltOne,
		},
		{ // CUS-004
			name:      "CUS-004-E3 Alt cust # and cross-reference of the same customer count once",
			customers: []SoldTo{with(with(other(300), alt("W-7")), xref("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-7" }),
			want: 300, step: StepAltOne,
		},
		{ // CUS-005
			name:      "CUS-005-E1 several Alt cust # matches, highest",
			customers: []SoldTo{with(other(300), alt("W-7")), with(other(320), alt("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-7" }),
			want: 320, step: StepAltCustNoHighest,
		},
		{ // CUS-005, C-26
			name:      "CUS-005-E2 cross-reference-only match left out",
			customers: []SoldTo{with(other(300), alt("W-7")), with(other(320), alt("W-7")), with(other(350), xref("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-7" }),
			want: 320, step: StepAltCustNoHighest,
		},
		{ // CUS-005, C-26
			name:      "CUS-005-E3 Alt cust # match beats a higher cross-reference",
			customers: []SoldTo{with(other(300), alt("W-7")), with(other(350), xref("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-7" }),
			want: 300, step: StepAltCustNoHighest,
		},
		{ // CUS-006
			name:      "CUS-006-E1 several cross-references, highest",
			customers: []SoldTo{with(other(410), xref("W-7")), with(other(420), xref("W-7"))},
			settings:  i20Y, req: req(func(r *Request) { r.AltSoldToID = "W-7" }),
			want: 420, step: StepCrossRefHighest,
		},
		{ // CUS-007
			name:      "CUS-007-E1 no evening phone: step 3 skipped, day phone",
			customers: []SoldTo{with(other(180), day(day1))},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Day = day1 }),
			want: 180, step: StepDayOne,
		},
		{ // CUS-008
			name:      "CUS-008-E1 one evening phone match, name not checked",
			customers: []SoldTo{with(other(120), eve(eve1)), matching(900)},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Evening = eve1 }),
			want: 120, step: StepEveningOne,
		},
		{ // CUS-009, CUS-015
			name:      "CUS-009-E1 several evening matches, lowest that F70-matches",
			customers: []SoldTo{with(other(130), eve(eve1)), with(matching(140), eve(eve1)), with(matching(150), eve(eve1))},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Evening = eve1 }),
			want: 140, step: StepEveningMatchLowest,
		},
		{ // CUS-009
			name:      "CUS-009-E2 no evening match F70-matches: day phone",
			customers: []SoldTo{with(other(130), eve(eve1)), with(other(140), eve(eve1)), with(other(160), day(day1))},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Evening = eve1; r.Phones.Day = day1 }),
			want: 160, step: StepDayOne,
		},
		{ // CUS-009, CUS-014
			name:      "CUS-009-E3 I20 = N skips phones: name and address",
			customers: []SoldTo{with(other(120), eve(eve1)), matching(170)},
			settings:  i20N, req: req(func(r *Request) { r.Phones.Evening = eve1 }),
			want: 170, step: StepNameAddressOne,
		},
		{ // CUS-010
			name:      "CUS-010-E1 one day phone match",
			customers: []SoldTo{with(other(180), day(day1))},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Day = day1 }),
			want: 180, step: StepDayOne,
		},
		{ // CUS-010, CUS-015
			name:      "CUS-010-E2 several day matches, lowest that F70-matches",
			customers: []SoldTo{with(other(180), day(day1)), with(matching(190), day(day1)), with(matching(195), day(day1))},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Day = day1 }),
			want: 190, step: StepDayMatchLowest,
		},
		{ // CUS-011
			name:      "CUS-011-E1 one customer matches the prospect",
			customers: []SoldTo{{Number: 210, Name: prospect77.Name, Address: prospect77.Address}, other(900)},
			prospects: []Prospect{prospect77},
			settings:  i20Y, req: Request{ProspectID: "77", Name: Name{Last: "SOMEONE"}, Address: Address{Line1: "1 MAIN ST"}},
			want: 210, step: StepProspectOne,
		},
		{ // CUS-011, CUS-015
			name: "CUS-011-E2 several customers match the prospect, highest",
			customers: []SoldTo{{Number: 210, Name: prospect77.Name, Address: prospect77.Address},
				{Number: 230, Name: prospect77.Name, Address: prospect77.Address}},
			prospects: []Prospect{prospect77},
			settings:  i20Y, req: Request{ProspectID: "77", Name: Name{Last: "SOMEONE"}, Address: Address{Line1: "1 MAIN ST"}},
			want: 230, step: StepProspectHighest,
		},
		{ // CUS-011
			name:      "CUS-011 unknown prospect_id skips to step 6",
			customers: []SoldTo{matching(240)},
			settings:  i20Y, req: req(func(r *Request) { r.ProspectID = "78" }),
			want: 240, step: StepNameAddressOne,
		},
		{ // CUS-012, CUS-015
			name:      "CUS-012-E1 several name and address matches, highest",
			customers: []SoldTo{matching(240), matching(260), other(300)},
			settings:  i20Y, req: req(nil),
			want: 260, step: StepNameAddressHighest,
		},
		{ // CUS-014
			name:      "CUS-014-E1 I20 = N: a day phone match is ignored",
			customers: []SoldTo{with(other(180), day(day1)), matching(240)},
			settings:  i20N, req: req(func(r *Request) { r.Phones.Day = day1 }),
			want: 240, step: StepNameAddressOne,
		},
		{ // CUS-015
			name:      "CUS-015 tie-break evening phone: 500 and 510 both F70-match, lowest",
			customers: []SoldTo{with(matching(510), eve(eve1)), with(matching(500), eve(eve1))},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Evening = eve1 }),
			want: 500, step: StepEveningMatchLowest,
		},
		{ // CUS-015
			name:      "CUS-015 tie-break name and address only: 500 and 510, highest",
			customers: []SoldTo{matching(500), matching(510)},
			settings:  i20Y, req: req(nil),
			want: 510, step: StepNameAddressHighest,
		},
		{ // CUS-001 (phones compared by digits)
			name:      "CUS-001 phone with punctuation matches the digits",
			customers: []SoldTo{with(other(120), eve("508-555-1111"))},
			settings:  i20Y, req: req(func(r *Request) { r.Phones.Evening = "(508) 555 1111" }),
			want: 120, step: StepEveningOne,
		},
		{ // ORC-006
			name:      "ORC-006 orce_customer_id is not used for selection, zero-filled customer_number",
			customers: []SoldTo{with(other(120), func(c *SoldTo) { c.ORCEID = "9000123" }), other(200)},
			settings:  i20Y, req: req(func(r *Request) { r.ORCEID = "9000123"; r.CustomerNumber = "000000200" }),
			want: 200, step: StepCustomerNumber,
		},
	}
}

func TestSelectSoldTo_Steps(t *testing.T) {
	tests := stepCases()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(tt.customers...)
			for _, p := range tt.prospects {
				f.prospects[p.ID] = p
			}
			sel, err := SelectSoldTo(context.Background(), f, tt.req, tt.settings)
			require.NoError(t, err)
			assert.False(t, sel.Create)
			assert.Equal(t, tt.want, sel.Number())
			assert.Equal(t, tt.step, sel.Step)
			assert.NotEmpty(t, sel.Reason())
		})
	}
}

// CUS-001
func TestSelectSoldTo_CUS001_E1_StepReportedAndLaterStepsNotEvaluated(t *testing.T) {
	f := newFake(other(200), with(other(120), eve("5085551111")))
	sel, err := SelectSoldTo(context.Background(), f, Request{CustomerNumber: "200", Phones: Phones{Evening: "5085551111"}}, i20Y)
	require.NoError(t, err)
	assert.Equal(t, Number(200), sel.Number())
	assert.Equal(t, "1 customer number", sel.Step.String())
	require.Len(t, sel.Trace(), 1, "no later step is evaluated")
	assert.Equal(t, []Number{200}, sel.Trace()[0].Candidates)
}

// CUS-003
func TestSelectSoldTo_CUS003_E2_BlankAltIDSkipsStep2(t *testing.T) {
	f := newFake(with(other(300), alt("")), matching(240))
	sel, err := SelectSoldTo(context.Background(), f, req(nil), i20Y)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(sel.Trace()), 2)
	assert.Equal(t, "2", sel.Trace()[1].Step)
	assert.False(t, sel.Trace()[1].Ran)
	assert.Equal(t, StepNameAddressOne, sel.Step)
}

// CUS-007
func TestSelectSoldTo_CUS007_TraceShowsStep3Skipped(t *testing.T) {
	f := newFake(with(other(180), day("5085552222")))
	sel, err := SelectSoldTo(context.Background(), f, req(func(r *Request) { r.Phones.Day = "5085552222" }), i20Y)
	require.NoError(t, err)
	var step3 StepTrace
	for _, tr := range sel.Trace() {
		if tr.Step == "3" {
			step3 = tr
		}
	}
	assert.False(t, step3.Ran)
	assert.Equal(t, "no sold_to_eve_phone", step3.Reason)
}

// CUS-009
func TestSelectSoldTo_CUS009_E1_CandidatesReported(t *testing.T) {
	f := newFake(with(other(130), eve("1")), with(matching(140), eve("1")), with(matching(150), eve("1")))
	sel, err := SelectSoldTo(context.Background(), f, req(func(r *Request) { r.Phones.Evening = "1" }), i20Y)
	require.NoError(t, err)
	last := sel.Trace()[len(sel.Trace())-1]
	assert.Equal(t, "3", last.Step)
	assert.Equal(t, []Number{130, 140, 150}, last.Candidates)
}

// CUS-013
func TestSelectSoldTo_CUS013_E1_CreateWhenNothingMatches(t *testing.T) {
	f := newFake(other(100))
	r := Request{Name: Name{First: "Ann", Last: "Lee"}, Address: Address{Line1: "9 Pine Rd", Zip: "01720"},
		Email: "Ann@X.com", Phones: Phones{Day: "5085550000"}}
	sel, err := SelectSoldTo(context.Background(), f, r, Settings{DefaultDeliveryCode: "R"})
	require.NoError(t, err)
	assert.True(t, sel.Create)
	assert.Equal(t, StepCreate, sel.Step)
	assert.Equal(t, "7 created", sel.Step.String())
	assert.Equal(t, Number(0), sel.Number())
	assert.Equal(t, "LEE", sel.New.Name.Last, "stored upper case")
	assert.Equal(t, "ann@x.com", sel.New.Email, "email stored lower case")
	assert.Equal(t, []string{"ann@x.com"}, sel.New.Emails)
	assert.Equal(t, "R", sel.New.DeliveryCode, "D13 when sold_to_busres is missing")
	assert.Equal(t, 0, f.writes, "selection only reads")
}

// CUS-016
func TestSelectSoldTo_CUS016_E1_PresidentsClubHook(t *testing.T) {
	ctrl := gomock.NewController(t)
	hook := NewMockPresidentsClub(ctrl)
	f := newFake(matching(240))
	r := req(func(r *Request) { r.AltSoldToID = "pc-5" })
	hook.EXPECT().IdentifyMembership(gomock.Any(), "PC-5", r).Return(nil).Times(1)

	sel, err := SelectSoldTo(context.Background(), f, r, Settings{PresidentsClub: true}, WithPresidentsClub(hook))
	require.NoError(t, err)
	assert.Equal(t, Number(240), sel.Number(), "selection still follows steps 1 to 7")
	assert.Equal(t, StepNameAddressOne, sel.Step)
}

// CUS-016
func TestSelectSoldTo_CUS016_HookNotCalledWhenH94IsN(t *testing.T) {
	ctrl := gomock.NewController(t)
	hook := NewMockPresidentsClub(ctrl) // no EXPECT: any call fails the test
	f := newFake(matching(240))
	_, err := SelectSoldTo(context.Background(), f, req(func(r *Request) { r.AltSoldToID = "PC-5" }), Settings{}, WithPresidentsClub(hook))
	require.NoError(t, err)
}

// CUS-016
func TestSelectSoldTo_CUS016_HookErrorStopsSelection(t *testing.T) {
	ctrl := gomock.NewController(t)
	hook := NewMockPresidentsClub(ctrl)
	boom := errors.New("membership service down")
	hook.EXPECT().IdentifyMembership(gomock.Any(), "PC-5", gomock.Any()).Return(boom)
	_, err := SelectSoldTo(context.Background(), newFake(), req(func(r *Request) { r.AltSoldToID = "PC-5" }),
		Settings{PresidentsClub: true}, WithPresidentsClub(hook))
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `"PC-5"`)
}

// CUS-017
func TestSelectSoldTo_CUS017_Ghosts(t *testing.T) {
	ghost := func(n, into Number) SoldTo {
		return with(other(n), func(c *SoldTo) { c.Ghost, c.MergedInto = true, into })
	}
	t.Run("CUS-017-E1 ghost chosen at step 1 resolves to its target", func(t *testing.T) {
		f := newFake(ghost(123, 456), other(456))
		sel, err := SelectSoldTo(context.Background(), f, Request{CustomerNumber: "123"}, i20Y)
		require.NoError(t, err)
		assert.Equal(t, Number(456), sel.Number(), "456's name differs from the message and is not checked")
		assert.Equal(t, Number(123), sel.Chosen)
		assert.Equal(t, []Number{123, 456}, sel.GhostChain)
		assert.Equal(t, StepCustomerNumber, sel.Step)
		assert.Contains(t, sel.Reason(), "ghost merged into 456")
	})
	t.Run("CUS-017 chains are followed", func(t *testing.T) {
		f := newFake(ghost(123, 456), ghost(456, 789), other(789))
		sel, err := SelectSoldTo(context.Background(), f, Request{CustomerNumber: "123"}, i20Y)
		require.NoError(t, err)
		assert.Equal(t, Number(789), sel.Number())
		assert.Equal(t, []Number{123, 456, 789}, sel.GhostChain)
	})
	t.Run("CUS-017 applies to whichever step chose", func(t *testing.T) {
		f := newFake(with(ghost(240, 456), func(c *SoldTo) { c.Name, c.Address = msgName, msgAddr }), other(456))
		sel, err := SelectSoldTo(context.Background(), f, req(nil), i20Y)
		require.NoError(t, err)
		assert.Equal(t, StepNameAddressOne, sel.Step)
		assert.Equal(t, Number(456), sel.Number())
	})
	t.Run("CUS-017 a loop is an error naming the chain, nothing written", func(t *testing.T) {
		f := newFake(ghost(123, 456), ghost(456, 123))
		_, err := Resolve(context.Background(), f, Request{CustomerNumber: "123", Class: "VIP"}, i20Y)
		require.ErrorIs(t, err, ErrGhostLoop)
		var loop *GhostLoopError
		require.ErrorAs(t, err, &loop)
		assert.Equal(t, []Number{123, 456, 123}, loop.Chain)
		assert.Equal(t, "customer 123: ghost chain loops back to 123 (123 -> 456 -> 123)", err.Error())
		assert.Equal(t, 0, f.writes)
	})
	t.Run("CUS-017 a self-merge is a loop", func(t *testing.T) {
		f := newFake(ghost(123, 123))
		_, err := SelectSoldTo(context.Background(), f, Request{CustomerNumber: "123"}, i20Y)
		require.ErrorIs(t, err, ErrGhostLoop)
	})
	t.Run("CUS-017 a missing target is ErrNotFound", func(t *testing.T) {
		f := newFake(ghost(123, 456))
		_, err := SelectSoldTo(context.Background(), f, Request{CustomerNumber: "123"}, i20Y)
		require.ErrorIs(t, err, ErrNotFound)
		assert.Contains(t, err.Error(), "customer 123: ghost merge target 456")
	})
	t.Run("CUS-017 a ghost without target is ErrNotFound", func(t *testing.T) {
		f := newFake(ghost(123, 0))
		_, err := SelectSoldTo(context.Background(), f, Request{CustomerNumber: "123"}, i20Y)
		require.ErrorIs(t, err, ErrNotFound)
	})
}

func TestSelectSoldTo_BadInput(t *testing.T) {
	tests := []struct {
		name  string
		req   Request
		field string
		value string
		is    error
	}{
		{"customer_number with letters", Request{CustomerNumber: "12A"}, "customer_number", "12A", ErrInvalidField},
		{"customer_number over 9 digits", Request{CustomerNumber: "1234567890"}, "customer_number", "1234567890", ErrInvalidField},
		{"alternate id over 15", Request{AltSoldToID: "ABCDEFGHIJKLMNOP"}, "alternate_sold_to_id", "ABCDEFGHIJKLMNOP", ErrInvalidField},
		{"phone without digits", Request{Phones: Phones{Evening: "--"}}, "sold_to_eve_phone", "--", ErrInvalidField},
		{"email without @", Request{Email: "nobody"}, "sold_to_email", "nobody", ErrInvalidField},
		{"missing identity: nothing to match or create", Request{}, "sold_to_lname", "", ErrInsufficientIdentity},
		{"missing address line 1", Request{Name: Name{Last: "LEE"}}, "sold_to_address1", "", ErrInsufficientIdentity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(other(100))
			_, err := Resolve(context.Background(), f, tt.req, i20Y)
			require.ErrorIs(t, err, tt.is)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			var fields []string
			for _, fe := range ve.Errors {
				fields = append(fields, fe.Field)
				if fe.Field == tt.field {
					assert.Equal(t, tt.value, fe.Value)
				}
			}
			assert.Contains(t, fields, tt.field)
			assert.Contains(t, err.Error(), tt.field)
			assert.Equal(t, 0, f.writes, "nothing is written when selection fails")
		})
	}
}

func TestSelectSoldTo_MatchRulesMismatchIsReported(t *testing.T) {
	f := newFake(matching(240))
	f.rules = MatchRules{ID: "other", Fields: []MatchField{MatchLast}}
	_, err := SelectSoldTo(context.Background(), f, req(nil), i20Y)
	require.ErrorIs(t, err, ErrMatchRulesMismatch)
}

func TestSelectSoldTo_FinderErrorsAreWrapped(t *testing.T) {
	ctrl := gomock.NewController(t)
	m := NewMockFinder(ctrl)
	boom := errors.New("disk on fire")
	m.EXPECT().SoldTo(gomock.Any(), Number(200)).Return(SoldTo{}, boom)
	_, err := SelectSoldTo(context.Background(), m, Request{CustomerNumber: "200"}, i20Y)
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "customer 200")
}

// CUS-017: a customer that is not a ghost is its own target, with no chain.
func TestResolveGhost_CUS017_NotAGhost(t *testing.T) {
	c, chain, err := ResolveGhost(context.Background(), newFake(), other(5))
	require.NoError(t, err)
	assert.Equal(t, Number(5), c.Number)
	assert.Nil(t, chain)
}

// numberFinderMock is a Finder that also answers with customer numbers.
type numberFinderMock struct {
	*MockFinder
	*MockNumberFinder
}

// CUS-012: with a NumberFinder only the chosen record is read — the one a
// one-match key returns with its number, or, of several, the highest
// through SoldTo.
func TestSelectSoldTo_CUS012_NumberFinderReadsOnlyTheChosen(t *testing.T) {
	key, ok := DefaultMatchRules.KeyBuf(msgName, msgAddr)
	require.True(t, ok)
	one := func(ns ...Number) Numbers {
		var out Numbers
		for _, n := range ns {
			out.Add(n)
		}
		return out
	}

	ctrl := gomock.NewController(t)
	f := numberFinderMock{NewMockFinder(ctrl), NewMockNumberFinder(ctrl)} // SoldTo not expected: a call fails
	f.MockNumberFinder.EXPECT().SoldToNumbersByMatchKey(gomock.Any(), key).Return(one(250), matching(250), nil)
	sel, err := SelectSoldTo(context.Background(), f, req(nil), Settings{})
	require.NoError(t, err)
	assert.Equal(t, StepNameAddressOne, sel.Step, "CUS-012")
	assert.Equal(t, matching(250), sel.Customer, "CUS-012: the record returned with the one number")

	ctrl = gomock.NewController(t)
	f = numberFinderMock{NewMockFinder(ctrl), NewMockNumberFinder(ctrl)}
	f.MockNumberFinder.EXPECT().SoldToNumbersByMatchKey(gomock.Any(), key).Return(one(250, 270, 260), SoldTo{}, nil)
	f.MockFinder.EXPECT().SoldTo(gomock.Any(), Number(270)).Return(matching(270), nil).Times(1)
	sel, err = SelectSoldTo(context.Background(), f, req(nil), Settings{})
	require.NoError(t, err)
	assert.Equal(t, StepNameAddressHighest, sel.Step, "CUS-012")
	assert.Equal(t, matching(270), sel.Customer, "CUS-012: only the highest is read")

	ctrl = gomock.NewController(t)
	f = numberFinderMock{NewMockFinder(ctrl), NewMockNumberFinder(ctrl)}
	f.MockNumberFinder.EXPECT().SoldToNumbersByMatchKey(gomock.Any(), key).Return(one(250), SoldTo{}, nil) // number without its record
	f.MockFinder.EXPECT().SoldTo(gomock.Any(), Number(250)).Return(matching(250), nil).Times(1)
	sel, err = SelectSoldTo(context.Background(), f, req(nil), Settings{})
	require.NoError(t, err)
	assert.Equal(t, matching(250), sel.Customer, "CUS-012: read through SoldTo when the finder gave no record")

	ctrl = gomock.NewController(t)
	f = numberFinderMock{NewMockFinder(ctrl), NewMockNumberFinder(ctrl)}
	f.MockNumberFinder.EXPECT().SoldToNumbersByMatchKey(gomock.Any(), key).Return(Numbers{}, matching(250), nil) // no number, a stray record
	sel, err = SelectSoldTo(context.Background(), f, req(nil), Settings{})
	require.NoError(t, err)
	assert.Equal(t, StepCreate, sel.Step, "CUS-013: no customer under the key")
	assert.Equal(t, SoldTo{}, sel.Customer, "CUS-013: nothing chosen, no customer")
}
