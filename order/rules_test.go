package order

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }

// ORD-079, ORD-080: resolution order and fall-through, asserted on the calls
// the catalog receives.
func TestResolveItem_ORD079_ORD080(t *testing.T) {
	ctx := context.Background()
	alias := Item{Number: "ALIASED"}
	xref := Item{Number: "XREF"}
	t.Run("ORD-080-E1 alias valid wins over sku_xref_nbr", func(t *testing.T) {
		cat := NewMockItemCatalog(gomock.NewController(t))
		cat.EXPECT().FindItem(gomock.Any(), ItemKey{Kind: KeyAlias, Value: "AL1"}).Return(alias, true, nil)
		it, step, err := ResolveItem(ctx, cat, Line{AliasItem: "AL1", SKUXref: "X1"}, false)
		require.NoError(t, err)
		assert.Equal(t, "ALIASED", it.Number)
		assert.Equal(t, KeyAlias, step)
	})
	t.Run("ORD-080-E2 alias invalid moves on to sku_xref_nbr", func(t *testing.T) {
		cat := NewMockItemCatalog(gomock.NewController(t))
		gomock.InOrder(
			cat.EXPECT().FindItem(gomock.Any(), ItemKey{Kind: KeyAlias, Value: "BAD"}).Return(Item{}, false, nil),
			cat.EXPECT().FindItem(gomock.Any(), ItemKey{Kind: KeySKUXref, Value: "X1"}).Return(xref, true, nil),
		)
		it, step, err := ResolveItem(ctx, cat, Line{AliasItem: "BAD", SKUXref: "X1"}, false)
		require.NoError(t, err)
		assert.Equal(t, "XREF", it.Number)
		assert.Equal(t, KeySKUXref, step)
	})
	t.Run("ORD-080-E3 everything blank: Base item does not exist", func(t *testing.T) {
		cat := NewMockItemCatalog(gomock.NewController(t)) // no call expected
		_, _, err := ResolveItem(ctx, cat, Line{Seq: 3}, false)
		require.ErrorIs(t, err, ErrItemNotFound)
		assert.Contains(t, err.Error(), "Base item does not exist")
	})
	t.Run("ORD-079 steps 1-6 tried in order", func(t *testing.T) {
		cat := NewMockItemCatalog(gomock.NewController(t))
		l := Line{ItemID: "I", SKU: "S", ShortSKU: "SS", RetailRef: "RR", UPCType: "UA", UPC: "U", AliasItem: "A", SKUXref: "X"}
		var calls []any
		for _, k := range []ItemKey{{Kind: KeyItemSKU, Value: "I", Extra: "S"}, {Kind: KeyShortSKU, Value: "SS"},
			{Kind: KeyRetailRef, Value: "RR"}, {Kind: KeyUPC, Value: "U", Extra: "UA"}, {Kind: KeyAlias, Value: "A", AllOffers: true}} {
			calls = append(calls, cat.EXPECT().FindItem(gomock.Any(), k).Return(Item{}, false, nil))
		}
		calls = append(calls, cat.EXPECT().FindItem(gomock.Any(), ItemKey{Kind: KeySKUXref, Value: "X"}).Return(xref, true, nil))
		gomock.InOrder(calls...)
		_, step, err := ResolveItem(ctx, cat, l, true) // ORD-076: J68 = Y searches all offers for the alias
		require.NoError(t, err)
		assert.Equal(t, KeySKUXref, step)
	})
	t.Run("catalog failure is wrapped", func(t *testing.T) {
		cat := NewMockItemCatalog(gomock.NewController(t))
		boom := errors.New("boom")
		cat.EXPECT().FindItem(gomock.Any(), gomock.Any()).Return(Item{}, false, boom)
		_, _, err := ResolveItem(ctx, cat, Line{ItemID: "I"}, false)
		assert.ErrorIs(t, err, boom)
	})
}

type fakeReps struct {
	reps map[int]Rep
	next int
}

func (f fakeReps) RepByNumber(_ context.Context, n int) (Rep, bool, error) {
	r, ok := f.reps[n]
	return r, ok, nil
}

func (f fakeReps) RepByName(_ context.Context, name string) (Rep, bool, error) {
	for _, r := range f.reps {
		if r.Name == name {
			return r, true, nil
		}
	}
	return Rep{}, false, nil
}

func (f fakeReps) NextRepNumber(context.Context) (int, error) { return f.next, nil }

// ORD-081, ORD-082 decision table, examples E1-E7; ORD-062 (H24), ORD-063 (E87).
func TestResolveRep_ORD082(t *testing.T) {
	reps := fakeReps{reps: map[int]Rep{10: {10, "ANN"}, 20: {20, "BOB"}}, next: 21}
	cases := []struct {
		name, number, repName, h24 string
		e87                        bool
		want                       *Rep
		create                     bool
		outcome                    RepOutcome
		wantErr                    error
	}{
		{name: "ORD-082-E1 H24 wins over a matching name (ORD-062, C-14)", repName: "BOB", h24: "10", want: &Rep{10, "ANN"}, outcome: RepDefault},
		{name: "ORD-082-E2 name matches an existing rep", repName: "BOB", want: &Rep{20, "BOB"}, outcome: RepByName},
		{name: "ORD-082-E3 unknown name creates rep 21", repName: "CAROL", want: &Rep{21, "CAROL"}, create: true, outcome: RepNewByName},
		{name: "ORD-082-E4 unknown number without name suspends", number: "30", outcome: RepInvalid, wantErr: ErrInvalidRep},
		{name: "ORD-082-E5 nothing, E87=Y: missing rep error (ORD-063)", e87: true, outcome: RepMissing, wantErr: ErrInvalidRep},
		{name: "ORD-082-E5 nothing, E87=N: no rep, no error", outcome: RepNone},
		{name: "ORD-082-E6 known number keeps its name", number: "20", repName: "ROBERT", want: &Rep{20, "BOB"}, outcome: RepByNumber},
		{name: "ORD-082-E7 unknown number with name creates rep 30", number: "30", repName: "DAN", want: &Rep{30, "DAN"}, create: true, outcome: RepNewNumber},
		{name: "ORD-082 blank/blank with H24 uses H24", h24: "20", e87: true, want: &Rep{20, "BOB"}, outcome: RepDefault},
		{name: "ORD-082 number given, name blank, number known", number: "10", want: &Rep{10, "ANN"}, outcome: RepByNumber},
		{name: "ORD-082 non-numeric number is invalid", number: "X1", outcome: RepInvalid, wantErr: ErrInvalidValue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ResolveRep(context.Background(), reps, c.number, c.repName, c.h24, c.e87)
			require.NoError(t, err)
			assert.Equal(t, c.outcome, got.Outcome)
			assert.Equal(t, c.want, got.Rep)
			assert.Equal(t, c.create, got.Create)
			if c.wantErr != nil {
				assert.ErrorIs(t, got.Err, c.wantErr)
			} else {
				assert.NoError(t, got.Err)
			}
		})
	}
	// ORD-082-E6: the existing rep is not renamed.
	assert.Equal(t, "BOB", reps.reps[20].Name)
}

// ORD-084 email hierarchy, examples E1-E5; ORD-072 (J17).
func TestOrderEmail_ORD084(t *testing.T) {
	cases := []struct {
		name string
		in   EmailInput
		want string
		src  EmailSource
	}{
		{"ORD-084-E1 order_email", EmailInput{OrderEmail: "a@x", IndividualEmail: "i@x", SoldToEmail: "s@x", DefaultIndividualEmail: true}, "a@x", EmailFromOrder},
		{"ORD-084-E2 individual with J17=Y (ORD-072)", EmailInput{IndividualEmail: "i@x", SoldToEmail: "s@x", DefaultIndividualEmail: true}, "i@x", EmailFromIndividual},
		{"ORD-084-E3 J17=N falls to sold-to (ORD-072)", EmailInput{IndividualEmail: "i@x", SoldToEmail: "s@x"}, "s@x", EmailFromSoldTo},
		{"ORD-084-E4 no email anywhere", EmailInput{DefaultIndividualEmail: true}, "", EmailBlank},
		{"ORD-084-E5 existing individual email with J17=Y", EmailInput{ExistingIndividualEmail: "e@x", DefaultIndividualEmail: true}, "e@x", EmailFromIndividual},
		{"ORD-084 existing sold-to email", EmailInput{ExistingSoldToEmail: "C@X"}, "c@x", EmailFromSoldTo},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, src := OrderEmail(c.in)
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.src, src)
		})
	}
}

// ORD-034 tokenization decision table.
func TestShouldTokenize_ORD034(t *testing.T) {
	cases := []struct {
		useTok   bool
		cardType string
		already  bool
		want     bool
	}{
		{true, "C", false, true}, // already_tokenized N or blank: both are false here
		{true, "C", true, false},
		{false, "C", false, false},
		{true, "D", false, false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, ShouldTokenize(PayType{UseTokenization: c.useTok, CardType: c.cardType}, c.already), "%+v", c)
	}
}

// ORD-021, ORD-022 (E1), ORD-023: suppress deposit.
func TestSuppressDeposit_ORD021_ORD022_ORD023(t *testing.T) {
	assert.True(t, SuppressDepositFor(PayCreditCard, true))   // ORD-021
	assert.False(t, SuppressDepositFor(PayCreditCard, false)) // ORD-021
	t.Run("ORD-022-E1 check payment: Suppress deposit N", func(t *testing.T) {
		assert.False(t, SuppressDepositFor(PayCheck, true))
	})
	assert.False(t, SuppressDepositFor(PayCash, true)) // ORD-022

	p := Payment{Seq: 1, SuppressDeposit: true}
	first := p.BillShipment(d("10.00"))
	assert.True(t, first.SuppressDeposit, "ORD-023: first invoice skipped by SDEP")
	assert.False(t, p.SuppressDeposit, "ORD-023: order payment method flag turned to N")
	second := p.BillShipment(d("5.00"))
	assert.False(t, second.SuppressDeposit, "ORD-023: later shipments deposited")
}

// ORD-024, ORD-025: refund suppression.
func TestSuppressRefund_ORD024_ORD025(t *testing.T) {
	p := Payment{Seq: 2, SuppressRefund: true, Active: true}
	r := p.NewRefund(d("3.50"))
	assert.Equal(t, RefundCancelPending, r.Status) // ORD-024
	assert.Equal(t, RefundCanceled, ProcessRefund(r).Status)

	// ORD-025: the flag cannot be changed; deactivation waits for MREF.
	require.ErrorIs(t, p.SetSuppressRefund(false), ErrFlagLocked)
	assert.True(t, p.SuppressRefund)
	assert.NoError(t, p.SetSuppressRefund(true))
	err := p.Deactivate([]Refund{r})
	require.ErrorIs(t, err, ErrRefundPending)
	assert.True(t, p.Active)
	require.NoError(t, p.Deactivate([]Refund{ProcessRefund(r)}))
	assert.False(t, p.Active)

	open := Payment{Seq: 3}
	assert.Equal(t, RefundOpen, open.NewRefund(d("1")).Status)
}

// ORD-035 to ORD-039, ORD-043, ORD-044: authorization history for web
// authorized orders.
func TestWebAuthHistory_ORD035_ORD039(t *testing.T) {
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	t.Run("ORD-035-E1 approved with all four values", func(t *testing.T) {
		rec, ok := WebAuthHistory(Payment{AuthNumber: "123456", AuthAmount: nd("50.00"), AuthDate: day, AVSResponse: "X"})
		require.True(t, ok)
		assert.Equal(t, AuthApproved, rec.Status)
		assert.Equal(t, "123456", rec.AuthNumber)
		assert.True(t, rec.Amount.Decimal.Equal(d("50")))
		assert.Equal(t, day, rec.Date)
		assert.Equal(t, "X", rec.AVSResponse)
		assert.True(t, rec.BatchAuthAmount(d("40"), day, 24*time.Hour).IsZero())
	})
	t.Run("ORD-035-E2 declined without auth_number (ORD-038)", func(t *testing.T) {
		rec, ok := WebAuthHistory(Payment{AVSResponse: "N"})
		require.True(t, ok)
		assert.Equal(t, AuthDeclined, rec.Status)
		assert.True(t, rec.BatchAuthAmount(d("20"), day, time.Hour).Equal(d("20")), "ORD-038: batch authorization")
	})
	t.Run("ORD-035-E3 no auth_date: approved and expired (ORD-037, ORD-043)", func(t *testing.T) {
		rec, ok := WebAuthHistory(Payment{AuthNumber: "123456", AuthAmount: nd("50")})
		require.True(t, ok)
		assert.Equal(t, AuthApproved, rec.Status)
		assert.True(t, rec.Expired(day, 365*24*time.Hour))
		assert.True(t, rec.BatchAuthAmount(d("30"), day, time.Hour).Equal(d("30")))
	})
	t.Run("ORD-036 no amount: batch authorization; short amount: the difference", func(t *testing.T) {
		rec, _ := WebAuthHistory(Payment{AuthNumber: "1", AuthDate: day})
		assert.Equal(t, AuthApproved, rec.Status)
		assert.True(t, rec.BatchAuthAmount(d("25"), day, time.Hour).Equal(d("25")))
		rec, _ = WebAuthHistory(Payment{AuthNumber: "1", AuthDate: day, AuthAmount: nd("10")})
		assert.True(t, rec.BatchAuthAmount(d("25"), day, time.Hour).Equal(d("15")))
	})
	t.Run("ORD-039 no auth field: no record", func(t *testing.T) {
		_, ok := WebAuthHistory(Payment{CardNumber: "4111111111111111"})
		assert.False(t, ok)
	})
	t.Run("ORD-043 dated authorization expires after its validity", func(t *testing.T) {
		rec, _ := WebAuthHistory(Payment{AuthNumber: "1", AuthDate: day, AuthAmount: nd("10")})
		assert.False(t, rec.Expired(day.Add(time.Hour), 48*time.Hour))
		assert.True(t, rec.Expired(day.Add(49*time.Hour), 48*time.Hour))
		assert.True(t, rec.BatchAuthAmount(d("10"), day.Add(49*time.Hour), 48*time.Hour).Equal(d("10")))
	})
	t.Run("ORD-044 transaction id goes on the deposit", func(t *testing.T) {
		rec, _ := WebAuthHistory(Payment{AuthNumber: "1", TransactionID: "TX9"})
		assert.Equal(t, "TX9", rec.DepositReference())
	})
}

// ORD-053 decision table with examples E1-E8; ORD-047 to ORD-052.
func TestDecideOnlineAuth_ORD053(t *testing.T) {
	base := OnlineAuthInput{Eligible: true, AllShippable: true}
	with := func(f func(*OnlineAuthInput)) OnlineAuthInput { in := base; f(&in); return in }
	cases := []struct {
		name   string
		in     OnlineAuthInput
		row    AuthRow
		action AuthAction
		number string
		amount string
	}{
		{"ORD-053-E1 under K36 with K37: K37 assigned (ORD-048)", with(func(i *OnlineAuthInput) {
			i.AutoThreshold, i.AutoNumber, i.Amount = nd("25.00"), "AUTO25", d("10.00")
		}), AuthRowK37, AuthActionAssign, "AUTO25", ""},
		{"ORD-053-E2 equal to K36: sent under L74 all shippable (ORD-050)", with(func(i *OnlineAuthInput) {
			i.AutoThreshold, i.AutoNumber, i.Amount, i.Reserve = nd("25.00"), "AUTO25", d("25.00"), nd("100.00")
		}), AuthRowUnderReserve, AuthActionSend, "", "25"},
		{"ORD-053-E3 K36 K37 blank, under $1: I08 (ORD-049)", with(func(i *OnlineAuthInput) {
			i.UnderOneAuth, i.Amount = "UNDER1", d("0.50")
		}), AuthRowI08, AuthActionAssign, "UNDER1", ""},
		{"ORD-053-E4 K37 blank: I08 (ORD-049)", with(func(i *OnlineAuthInput) {
			i.AutoThreshold, i.UnderOneAuth, i.Amount = nd("25.00"), "UNDER1", d("0.50")
		}), AuthRowI08, AuthActionAssign, "UNDER1", ""},
		{"ORD-053-E5 K36 and K37 set, amount over K36: I08 unreachable (C-10)", with(func(i *OnlineAuthInput) {
			i.AutoThreshold, i.AutoNumber, i.UnderOneAuth, i.Amount = nd("0.25"), "AUTO", "UNDER1", d("0.50")
		}), AuthRowOverReserve, AuthActionSend, "", "0.5"},
		{"ORD-053-E6 under L74, backordered: later (ORD-050)", with(func(i *OnlineAuthInput) {
			i.Reserve, i.Amount, i.AllShippable = nd("100.00"), d("60.00"), false
		}), AuthRowDeferred, AuthActionLater, "", ""},
		{"ORD-053-E7 over L74, backordered: sent (ORD-050)", with(func(i *OnlineAuthInput) {
			i.Reserve, i.Amount, i.AllShippable = nd("100.00"), d("150.00"), false
		}), AuthRowOverReserve, AuthActionSend, "", "150"},
		{"ORD-053-E8 Bill Me Later: full amount whatever G99/I96 (ORD-052)", with(func(i *OnlineAuthInput) {
			i.BillMeLater, i.VerifyOnly, i.Amount, i.FullAmount, i.AutoThreshold, i.AutoNumber = true, true, d("5"), d("80"), nd("25"), "AUTO"
		}), AuthRowBillMeLater, AuthActionSend, "", "80"},
		{"ORD-053 row 0 not eligible (ORD-045)", with(func(i *OnlineAuthInput) { i.Eligible, i.Amount = false, d("10") }), AuthRowNotEligible, AuthActionNone, "", ""},
		{"ORD-053 row 7 G99=Y sends without reserve check (ORD-051)", with(func(i *OnlineAuthInput) {
			i.FullAuth, i.Reserve, i.Amount, i.AllShippable = true, nd("100"), d("60"), false
		}), AuthRowFullAmount, AuthActionSend, "", "60"},
		{"ORD-047 I96 sends $1.00 instead", with(func(i *OnlineAuthInput) {
			i.VerifyOnly, i.Amount = true, d("60")
		}), AuthRowOverReserve, AuthActionSend, "", "1"},
		{"ORD-053 blank L74 counts as over (C-09)", with(func(i *OnlineAuthInput) { i.Amount, i.AllShippable = d("5"), false }), AuthRowOverReserve, AuthActionSend, "", "5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DecideOnlineAuth(c.in)
			assert.Equal(t, c.row, got.Row)
			assert.Equal(t, c.action, got.Action)
			assert.Equal(t, c.number, got.AuthNumber)
			if c.amount != "" {
				assert.True(t, got.Amount.Equal(d(c.amount)), "amount %s", got.Amount)
			}
		})
	}
}

// ORD-032 examples, ORD-075 (J58 on/off).
func TestSendsCustomerReturn_ORD032(t *testing.T) {
	all := CustomerReturnSettings{SendRAMessage: true, UsePkMS: true, ReturnProgram: "IFR0086", Transport: "MQ", MessageFormat: "GENERIC"}
	assert.True(t, all.SendsCustomerReturn(), "every condition holds")
	g2 := all
	g2.MessageFormat = "GENERIC_2"
	assert.True(t, g2.SendsCustomerReturn(), "H45 = GENERIC_2")
	other := all
	other.ReturnProgram = "IFR0099"
	assert.False(t, other.SendsCustomerReturn(), "F38 another program")
	j58 := all
	j58.SendRAMessage = false
	assert.False(t, j58.SendsCustomerReturn(), "J58 = N (ORD-075)")
	f31 := all
	f31.UsePkMS = false
	assert.False(t, f31.SendsCustomerReturn(), "F31 = N")
	g80 := all
	g80.Transport = "HTTP"
	assert.False(t, g80.SendsCustomerReturn(), "G80 not MQ")
}

// ORD-009 example E1.
func TestAcceptFromRemoteBatch_ORD009(t *testing.T) {
	at := time.Date(2014, 8, 4, 0, 0, 0, 0, time.UTC)
	t.Run("ORD-009-E1", func(t *testing.T) {
		h := AcceptFromRemoteBatch(BatchEcommerce, d("20.75"), "SFLYE", at)
		assert.Equal(t, History{Date: at, Type: "4", Note: "Batch order changed - Ecomm.", Amount: d("20.75"), User: "SFLYE"}, h)
		again := AcceptFromRemoteBatch(BatchEcommerce, d("20.75"), "SFLYE", at)
		assert.Equal(t, h, again, "accepting again writes a second, equal record")
	})
	assert.Equal(t, "Batch order changed - Retail.", AcceptFromRemoteBatch(BatchRetail, d("1"), "U", at).Note)
}

// ORD-005 routing table (C-07 for the last row).
func TestRouteOrder_ORD005(t *testing.T) {
	s := Settings{ErrorBatch: "41", RetailChannelBatch: "78"}
	assert.Equal(t, Route{Kind: RouteAsync}, RouteOrder(true, true, "P", s))
	assert.Equal(t, Route{Kind: RouteAsync}, RouteOrder(true, true, "I", s))
	assert.Equal(t, Route{Kind: RouteRetailBatch, Batch: "78"}, RouteOrder(false, true, "P", s)) // ORD-071
	assert.Equal(t, Route{Kind: RouteRetailBatch, Batch: "78"}, RouteOrder(false, false, "P", s))
	assert.Equal(t, Route{Kind: RouteErrorBatch, Batch: "41"}, RouteOrder(false, true, "I", s))
	assert.Equal(t, Route{Kind: RouteErrorBatch, Batch: "41"}, RouteOrder(true, false, "I", s))
	assert.Equal(t, Route{Kind: RouteErrorBatch, Batch: "41"}, RouteOrder(true, false, "P", s)) // C-07
}

// ORD-016, ORD-017, ORD-015, ORD-020 examples E1 and E2.
func TestBatchBalance_ORD020(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	run := func(units3 int) Batch {
		var b Batch
		b = b.Apply(BatchDelta{Info: BatchInfo{Number: "7", Date: day, Flag: BatchBegin, OrderCount: 3, QtyCount: 5, CountsSet: true}, Units: 2})
		b = b.Apply(BatchDelta{Info: BatchInfo{Number: "7"}, Units: 1})
		return b.Apply(BatchDelta{Info: BatchInfo{Number: "7", Flag: BatchEnd, Approve: true, ApproveSet: true}, Units: units3})
	}
	t.Run("ORD-020-E1", func(t *testing.T) {
		e1 := run(2)
		assert.True(t, e1.Balance().InBalance(), "in balance")
		assert.True(t, e1.Approved, "approved after O3 (ORD-015)")
		assert.Equal(t, day, e1.Date) // ORD-013
	})
	t.Run("ORD-020-E2", func(t *testing.T) {
		e2 := run(3)
		assert.True(t, e2.Balance().OrdersInBalance)
		assert.False(t, e2.Balance().UnitsInBalance, "out of balance on units (ORD-017)")
		assert.False(t, e2.Approved, "C-11: not approved while out of balance")
	})
	var short Batch
	short = short.Apply(BatchDelta{Info: BatchInfo{Number: "8", Flag: BatchBegin, OrderCount: 2, QtyCount: 1, CountsSet: true}, Units: 1})
	short = short.Apply(BatchDelta{Info: BatchInfo{Number: "8", Flag: BatchEnd, ApproveSet: true, Approve: true}, Units: 0})
	assert.Equal(t, 2, short.Orders)
	assert.True(t, short.Balance().OrdersInBalance) // ORD-016
	var over Batch
	over = over.Apply(BatchDelta{Info: BatchInfo{Number: "9", Flag: BatchBegin, OrderCount: 1, QtyCount: 1, CountsSet: true}, Units: 1})
	over = over.Apply(BatchDelta{Info: BatchInfo{Number: "9", Flag: BatchEnd, ApproveSet: true, Approve: true}, Units: 0})
	assert.False(t, over.Balance().OrdersInBalance, "ORD-016: 2 orders received for a count of 1")
	assert.False(t, over.Approved)
}

// ORD-073 SCF.
func TestSCF_ORD073(t *testing.T) {
	t.Run("ORD-073-E1", func(t *testing.T) { assert.Equal(t, "017", SCF("01760-1234")) })
	assert.Equal(t, "", SCF("AB1"))
	assert.Equal(t, "", SCF("01"))
}

func TestMaskCard(t *testing.T) {
	assert.Equal(t, "************1111", MaskCard("4111111111111111"))
	assert.Equal(t, "123", MaskCard("123"))
}

// ORD-015: a store failure while listing an approved batch is wrapped and
// nothing is committed (the mock store would fail on an unexpected Commit).
func TestReleaseBatch_ListingFailure_ORD015(t *testing.T) {
	ctrl := gomock.NewController(t)
	st := NewMockStore(ctrl)
	lister := NewMockBatchOrders(ctrl)
	st.EXPECT().Batch(gomock.Any(), "5").Return(Batch{Number: "5", Approved: true}, true, nil)
	boom := errors.New("disk full")
	lister.EXPECT().BatchOrders(gomock.Any(), "5").Return(nil, boom)
	store := struct {
		*MockStore
		*MockBatchOrders
	}{st, lister}
	_, err := ReleaseBatch(context.Background(), Deps{Store: store}, "5")
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "batch 5")
}
