package customer

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// c200 is the existing customer of the B.2 examples.
func c200() SoldTo {
	return SoldTo{Number: 200, AltCustNo: "A-1", Name: Name{First: "JOHN", Last: "SMITH", Company: "ACME"},
		Address: Address{Line1: "1 OLD RD", Line2: "UNIT 4", City: "BOSTON", State: "MA", Zip: "02110"},
		Phones:  Phones{Day: "5085551234", Evening: "5085554321"}, Email: "old@x", Emails: []string{"old@x"},
		Class: "REG", DeliveryCode: "B", BillTo: 720, ORCEID: "9000123", CrossRefs: []string{"X-1"}}
}

var newAddr = Address{Line1: "77 New St", City: "Salem", State: "MA", Zip: "01970"}
var newName = Name{First: "Johnny", Last: "Smyth"}

// CUS-018
func TestResolve_CUS018_E1_AlwaysUpdatedFields(t *testing.T) {
	f := newFake(c200())
	r := Request{CustomerNumber: "200", Class: "vip", Phones: Phones{Evening: "5085550000"}, AltSoldToID: "alt-9",
		OptIn: "o2", Mail: Bool(true), Rent: Bool(true), Name: newName, Address: newAddr, AddressUpdate: false}
	res, err := Resolve(context.Background(), f, r, i20Y)
	require.NoError(t, err)
	got := f.soldTos[200]
	assert.Equal(t, "VIP", got.Class)
	assert.Equal(t, "5085550000", got.Phones.Evening)
	assert.Equal(t, "5085551234", got.Phones.Day, "a phone not given is kept")
	assert.Equal(t, "ALT-9", got.AltCustNo)
	assert.Equal(t, "O2", got.OptIn)
	assert.True(t, got.Mail)
	assert.True(t, got.Rent)
	assert.Equal(t, c200().Name, got.Name, "name unchanged with sold_to_address_update = N")
	assert.Equal(t, c200().Address, got.Address, "address unchanged")
	assert.Equal(t, got, res.SoldTo)
	assert.False(t, res.Created)
	for _, ch := range res.Changes {
		assert.Equal(t, "CUS-018", ch.Rule, ch.Field)
	}
	assert.Len(t, res.Changes, 6)
}

// CUS-019
func TestResolve_CUS019_E1_AddressUpdate(t *testing.T) {
	f := newFake(c200())
	r := Request{CustomerNumber: "200", AddressUpdate: true, Name: newName, Address: newAddr, Phones: Phones{Day: "5085559999"}}
	_, err := Resolve(context.Background(), f, r, Settings{DefaultDeliveryCode: "R"})
	require.NoError(t, err)
	got := f.soldTos[200]
	assert.Equal(t, Name{First: "JOHNNY", Last: "SMYTH"}, got.Name, "name replaced completely, company cleared (CUS-021)")
	assert.Equal(t, Address{Line1: "77 NEW ST", City: "SALEM", State: "MA", Zip: "01970"}, got.Address,
		"address replaced completely: line 2 cleared (CUS-021)")
	assert.Equal(t, "5085559999", got.Phones.Day)
	assert.Equal(t, "R", got.DeliveryCode, "D13 when sold_to_busres is missing")
}

// CUS-019
func TestResolve_CUS019_BusresWinsOverD13(t *testing.T) {
	f := newFake(c200())
	r := Request{CustomerNumber: "200", AddressUpdate: true, Name: newName, Address: newAddr, DeliveryCode: "b"}
	_, err := Resolve(context.Background(), f, r, Settings{DefaultDeliveryCode: "R"})
	require.NoError(t, err)
	assert.Equal(t, "B", f.soldTos[200].DeliveryCode)
}

// CUS-019
func TestResolve_CUS019_NoAddressInMessageNoUpdate(t *testing.T) {
	f := newFake(c200())
	_, err := Resolve(context.Background(), f, Request{CustomerNumber: "200", AddressUpdate: true}, Settings{DefaultDeliveryCode: "R"})
	require.NoError(t, err)
	assert.Equal(t, c200().Address, f.soldTos[200].Address)
	assert.Equal(t, "B", f.soldTos[200].DeliveryCode)
}

// CUS-020
func TestUpdateFromRequest_CUS020_AddressUpdateOnlyAfterStep1Or2(t *testing.T) {
	r := Request{AddressUpdate: true, Name: newName, Address: newAddr, Class: "VIP"}
	tests := []struct {
		name    string
		step    Step
		updated bool
	}{
		{"CUS-020-E1 step 1: address replaced", StepCustomerNumber, true},
		{"CUS-020 step 2a", StepAltOne, true},
		{"CUS-020 step 2b", StepAltCustNoHighest, true},
		{"CUS-020 step 2c", StepCrossRefHighest, true},
		{"CUS-020-E2 step 3a: not changed", StepEveningOne, false},
		{"CUS-020 step 3b", StepEveningMatchLowest, false},
		{"CUS-020 step 4a", StepDayOne, false},
		{"CUS-020 step 4b", StepDayMatchLowest, false},
		{"CUS-020 step 5 (C-16)", StepProspectOne, false},
		{"CUS-020 step 5b (C-16)", StepProspectHighest, false},
		{"CUS-020 step 6a", StepNameAddressOne, false},
		{"CUS-020 step 6b", StepNameAddressHighest, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := UpdateFromRequest(c200(), tt.step, r, Settings{})
			assert.Equal(t, tt.updated, got.Address.Line1 == "77 NEW ST")
			assert.Equal(t, tt.updated, got.Name.Last == "SMYTH")
			assert.Equal(t, "VIP", got.Class, "CUS-018 fields are still updated")
		})
	}
}

// CUS-020
func TestResolve_CUS020_E2_PhoneMatchDoesNotUpdateAddress(t *testing.T) {
	c := with(c200(), eve("5085550001"))
	f := newFake(c)
	r := Request{Phones: Phones{Evening: "5085550001"}, AddressUpdate: true, Name: newName, Address: newAddr, Class: "VIP"}
	res, err := Resolve(context.Background(), f, r, i20Y)
	require.NoError(t, err)
	assert.Equal(t, StepEveningOne, res.Selection.Step)
	assert.Equal(t, c.Address, f.soldTos[200].Address)
	assert.Equal(t, "VIP", f.soldTos[200].Class)
}

// CUS-021
func TestResolve_CUS021_E1_AddressUpdateKeepsPhones(t *testing.T) {
	f := newFake(c200())
	r := Request{CustomerNumber: "200", AddressUpdate: true, Name: newName, Address: newAddr}
	_, err := Resolve(context.Background(), f, r, Settings{})
	require.NoError(t, err)
	got := f.soldTos[200]
	assert.Equal(t, "77 NEW ST", got.Address.Line1)
	assert.Equal(t, "5085551234", got.Phones.Day)
	assert.Equal(t, "5085554321", got.Phones.Evening)
}

// CUS-021
func TestUpdateFromRequest_CUS021_C17_PartialPhonesOverwriteOnlyThoseGiven(t *testing.T) {
	r := Request{AddressUpdate: true, Name: newName, Address: newAddr, Phones: Phones{Evening: "111"}}
	got, _ := UpdateFromRequest(c200(), StepCustomerNumber, r, Settings{})
	assert.Equal(t, "111", got.Phones.Evening)
	assert.Equal(t, "5085551234", got.Phones.Day)
}

// CUS-022
func TestResolve_CUS022_E1_EmailUpdate(t *testing.T) {
	t.Run("flag Y: new primary", func(t *testing.T) {
		f := newFake(c200())
		res, err := Resolve(context.Background(), f, Request{CustomerNumber: "200", EmailUpdate: true, Email: "New@X"}, Settings{})
		require.NoError(t, err)
		got := f.soldTos[200]
		assert.Equal(t, "new@x", got.Email)
		assert.Equal(t, []string{"new@x", "old@x"}, got.Emails, "the message's email is the primary Customer Sold To Email")
		assert.Contains(t, res.Changes, Change{Field: "email", Old: "old@x", New: "new@x", Rule: "CUS-022"})
	})
	t.Run("flag N: unchanged", func(t *testing.T) {
		f := newFake(c200())
		_, err := Resolve(context.Background(), f, Request{CustomerNumber: "200", EmailUpdate: false, Email: "new@x"}, Settings{})
		require.NoError(t, err)
		assert.Equal(t, "old@x", f.soldTos[200].Email)
		assert.Equal(t, []string{"old@x"}, f.soldTos[200].Emails)
	})
	t.Run("existing secondary becomes primary once", func(t *testing.T) {
		c := c200()
		c.Emails = []string{"old@x", "new@x"}
		got, _ := UpdateFromRequest(c, StepCustomerNumber, Request{EmailUpdate: true, Email: "new@x"}, Settings{})
		assert.Equal(t, []string{"new@x", "old@x"}, got.Emails)
	})
	t.Run("already the only primary: no change", func(t *testing.T) {
		c := c200()
		c.Email, c.Emails = "new@x", []string{"new@x", "old@x"}
		got, ch := UpdateFromRequest(c, StepCustomerNumber, Request{EmailUpdate: true, Email: "New@X"}, Settings{})
		assert.Equal(t, []string{"new@x", "old@x"}, got.Emails, "CUS-022")
		assert.Empty(t, ch, "CUS-022: nothing changed")
	})
	t.Run("primary also further down: the repeat is dropped", func(t *testing.T) {
		c := c200()
		c.Email, c.Emails = "new@x", []string{"new@x", "old@x", "new@x"}
		got, ch := UpdateFromRequest(c, StepCustomerNumber, Request{EmailUpdate: true, Email: "new@x"}, Settings{})
		assert.Equal(t, []string{"new@x", "old@x"}, got.Emails, "CUS-022: the primary once")
		assert.Equal(t, []Change{{Field: "primary_email", Old: "new@x", New: "new@x", Rule: "CUS-022"}}, ch, "CUS-022")
	})
}

// CUS-023
func TestResolve_CUS023_E1_FlagsAreIndependent(t *testing.T) {
	f := newFake(c200())
	r := Request{CustomerNumber: "200", AddressUpdate: false, EmailUpdate: true, Email: "s@x", Name: newName, Address: newAddr}
	_, err := Resolve(context.Background(), f, r, Settings{})
	require.NoError(t, err)
	got := f.soldTos[200]
	assert.Equal(t, "s@x", got.Email)
	assert.Equal(t, "s@x", got.Emails[0])
	assert.Equal(t, c200().Name, got.Name)
	assert.Equal(t, c200().Address, got.Address)
}

func TestUpdateFromRequest_NeverOverwritten(t *testing.T) {
	cur := c200()
	cur.Ghost, cur.MergedInto = false, 0
	r := Request{CustomerNumber: "999", ORCEID: "777", AddressUpdate: true, EmailUpdate: true, Email: "n@x",
		Name: newName, Address: newAddr, Class: "VIP"}
	got, _ := UpdateFromRequest(cur, StepCustomerNumber, r, Settings{})
	assert.Equal(t, Number(200), got.Number)
	assert.Equal(t, "9000123", got.ORCEID, "ORC-006: the inbound ORCE id does not overwrite")
	assert.Equal(t, BillToNumber(720), got.BillTo)
	assert.Equal(t, []string{"X-1"}, got.CrossRefs)
	assert.Equal(t, []string{"old@x"}, cur.Emails, "the input is not modified")
}

// CUS-013
func TestResolve_CUS013_E1_CreatesCustomer(t *testing.T) {
	f := newFake(other(100))
	r := Request{Name: Name{First: "Ann", Last: "Lee"}, Address: Address{Line1: "9 Pine Rd"}, Mail: Bool(true)}
	res, err := Resolve(context.Background(), f, r, Settings{})
	require.NoError(t, err)
	assert.True(t, res.Created)
	assert.Equal(t, Number(1001), res.SoldTo.Number, "next customer number")
	assert.Equal(t, "ANN", f.soldTos[1001].Name.First)
	assert.True(t, f.soldTos[1001].Mail)
}

// CUS-024
func TestResolve_CUS024_IndividualHook(t *testing.T) {
	ctrl := gomock.NewController(t)
	hook := NewMockIndividualSelector(ctrl)
	f := newFake(c200())
	ind := IndividualRequest{Name: Name{First: "KIM"}, Email: "kim@x"}
	want := Individual{Customer: 200, Seq: 3, Name: ind.Name, Email: ind.Email}
	hook.EXPECT().SelectIndividual(gomock.Any(), gomock.AssignableToTypeOf(SoldTo{}), ind).
		DoAndReturn(func(_ context.Context, s SoldTo, _ IndividualRequest) (Individual, error) {
			assert.Equal(t, Number(200), s.Number, "called with the chosen sold-to")
			return want, nil
		})
	res, err := Resolve(context.Background(), f, Request{CustomerNumber: "200", Individual: &ind}, Settings{}, WithIndividuals(hook))
	require.NoError(t, err)
	require.NotNil(t, res.Individual)
	assert.Equal(t, want, *res.Individual)
}

// CUS-024
func TestResolve_CUS024_IndividualHookError(t *testing.T) {
	ctrl := gomock.NewController(t)
	hook := NewMockIndividualSelector(ctrl)
	boom := errors.New("individuals down")
	hook.EXPECT().SelectIndividual(gomock.Any(), gomock.Any(), gomock.Any()).Return(Individual{}, boom)
	_, err := Resolve(context.Background(), newFake(c200()), Request{CustomerNumber: "200", Individual: &IndividualRequest{}},
		Settings{}, WithIndividuals(hook))
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "sold-to 200")
}

func TestResolve_WriterErrorIsWrapped(t *testing.T) {
	ctrl := gomock.NewController(t)
	m := NewMockStore(ctrl)
	boom := errors.New("conflict")
	m.EXPECT().SoldTo(gomock.Any(), Number(200)).Return(c200(), nil)
	m.EXPECT().UpdateSoldTo(gomock.Any(), Number(200), gomock.Any()).Return(SoldTo{}, boom)
	_, err := Resolve(context.Background(), m, Request{CustomerNumber: "200"}, Settings{})
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "update sold-to 200")
}

// racingStore simulates another intake that creates the same new customer
// between this intake's selection and its create: the store's create-once
// guarantee answers ErrSoldToExists with the winner.
type racingStore struct {
	*fakeStore
	winner SoldTo
}

func (r *racingStore) CreateSoldTo(ctx context.Context, c SoldTo) (SoldTo, error) {
	if r.winner.Number == 0 {
		w, _ := r.fakeStore.CreateSoldTo(ctx, c) // the other intake wins
		r.winner = w
	}
	return r.winner, fmt.Errorf("customer %s: %w", r.winner.Number, ErrSoldToExists)
}

// CUS-013: when the create loses a race to a concurrent intake for the same
// new customer, Resolve selects again, finds the winner by name and address
// and updates it instead of creating a second customer.
func TestResolve_CUS013_CreateRaceSelectsAgain(t *testing.T) {
	f := &racingStore{fakeStore: newFake(other(100))}
	r := Request{Name: Name{First: "Ann", Last: "Lee"}, Address: Address{Line1: "9 Pine Rd"}, Mail: Bool(true)}
	res, err := Resolve(context.Background(), f, r, Settings{})
	require.NoError(t, err)
	assert.False(t, res.Created, "the winner was created by the other intake")
	assert.Equal(t, f.winner.Number, res.SoldTo.Number)
	assert.False(t, res.Selection.Create)
	assert.Len(t, f.soldTos, 2, "exactly one new customer")
}
