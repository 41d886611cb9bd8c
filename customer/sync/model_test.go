package sync

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdentify(t *testing.T) {
	cases := []struct {
		name string
		got  func() (Identity, error)
		want Identity
	}{
		// NRC-011, NRC-009
		{"NRC-011-E1 person without code is identified by email", func() (Identity, error) {
			return IdentifyPerson(Person{Code: "", Email: "ann@x"})
		}, Identity{Kind: ByEmail, Value: "ann@x"}},
		// NRC-011, NRC-007
		{"NRC-011-E2 person with code is identified by code although the email changed", func() (Identity, error) {
			return IdentifyPerson(Person{Code: "C100", Email: "ann@y"})
		}, Identity{Kind: ByCode, Value: "C100"}},
		// NRC-011, NRC-010
		{"NRC-011-E3 company without code is identified by organisation number", func() (Identity, error) {
			return IdentifyCompany(Company{Code: "", OrganizationNo: "556677-8899"})
		}, Identity{Kind: ByOrganizationNo, Value: "556677-8899"}},
		// NRC-011, NRC-007
		{"NRC-011 company code wins over organisation number", func() (Identity, error) {
			return IdentifyCompany(Company{Code: "ACME", OrganizationNo: "556677-8899", ID: "K9"})
		}, Identity{Kind: ByCode, Value: "ACME"}},
		// NRC-008: the internal id is never used, even when it is the only thing set
		{"NRC-008 internal id never identifies a person", func() (Identity, error) {
			return IdentifyPerson(Person{ID: "P1", Code: "C1"})
		}, Identity{Kind: ByCode, Value: "C1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.got()
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
	_, err := IdentifyPerson(Person{ID: "P1"}) // NRC-008: an id alone identifies nothing
	require.ErrorIs(t, err, ErrNoIdentifier)
	assert.Contains(t, err.Error(), `"P1"`)
	_, err = IdentifyCompany(Company{ID: "K1", Name: "Acme"})
	require.ErrorIs(t, err, ErrNoIdentifier)
}

// NRC-012: a person with no application key is shared by all applications.
func TestApplicationKey_NRC_012(t *testing.T) {
	shared := Person{Email: "a@x"}
	own := Person{Email: "b@x", ApplicationKey: "shop-se"}
	assert.True(t, shared.Shared())
	assert.True(t, shared.BelongsTo("shop-no"))
	assert.False(t, own.Shared())
	assert.True(t, own.BelongsTo("shop-se"))
	assert.False(t, own.BelongsTo("shop-no"))
}

// NRC-013-E1: P has E1 on application A and E9 on B: valid under
// application-unique, a conflict under client-unique.
func TestNRC_013_E1(t *testing.T) {
	p := []Person{
		{Email: "p@x", ApplicationKey: "A", Code: "E1"},
		{Email: "p@x", ApplicationKey: "B", Code: "E9"},
	}
	// NRC-013: under application-unique both codes are valid
	require.NoError(t, CheckCodes(ScopeApplicationUnique, p))
	// NRC-013: the same data under client-unique is a conflict
	err := CheckCodes(ScopeClientUnique, p)
	var ce *CodeConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{"E1", "E9"}, ce.Codes)
	assert.ErrorIs(t, err, ErrCodeConflict)
	assert.Equal(t, "person p@x: codes E1, E9 conflict under client-unique", err.Error())
}

// NRC-013: the identity key includes the application only under
// application-unique, and there is no default scope.
func TestScopeKey_NRC_013(t *testing.T) {
	id := Identity{Kind: ByCode, Value: "E1", Application: "A"}
	k, err := ScopeApplicationUnique.Key("person", id)
	require.NoError(t, err)
	assert.Equal(t, "person/code/E1@A", k)
	k, err = ScopeClientUnique.Key("person", id)
	require.NoError(t, err)
	assert.Equal(t, "person/code/E1", k)
	_, err = Scope("").Key("person", id)
	require.ErrorIs(t, err, ErrScopeNotSet)
	_, err = New(Deps{}, Settings{}) // no scope, no Syncer
	require.ErrorIs(t, err, ErrScopeNotSet)
}

func TestValidatePerson(t *testing.T) {
	cases := []struct {
		name string
		p    Person
		want []FieldError
	}{
		{"valid with accounts on two applications", Person{Email: "a@x", Accounts: []Account{{Application: "A", Login: "a"}, {Application: "B", Login: "a"}}}, nil},
		// NRC-005: at most one account per application
		{"NRC-005 second account for the same application", Person{Email: "a@x", Accounts: []Account{{Application: "A", Login: "a"}, {Application: "A", Login: "b"}}},
			[]FieldError{{Path: "accounts[1].application", Value: "A", Rule: "at most one account per application"}}},
		// NRC-005: each account belongs to exactly one application
		{"NRC-005 account without application", Person{Email: "a@x", Accounts: []Account{{Login: "a"}}},
			[]FieldError{{Path: "accounts[0].application", Rule: "required"}}},
		// NRC-011
		{"NRC-011 neither code nor email", Person{FirstName: "Ann"}, []FieldError{{Path: "code", Rule: "code or email required"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidatePerson(c.p)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.want, ve.Fields)
			assert.ErrorIs(t, err, ErrInvalid)
		})
	}
}

// NRC-006: full contacts are validated as persons inside the company.
func TestValidateCompany_NRC_006(t *testing.T) {
	err := ValidateCompany(Company{Code: "ACME", Contacts: []string{""},
		Customers: []Person{{Email: "a@x", Accounts: []Account{{Application: "A"}, {Application: "A"}}}}})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "company ACME", ve.Record)
	assert.Equal(t, []FieldError{
		{Path: "contacts[0]", Rule: "contact code required"},
		{Path: "customers[0].accounts[1].application", Value: "A", Rule: "at most one account per application"},
	}, ve.Fields)
}

// NRC-004, NRC-008: the default mapper gives one ERP record per entity plus
// one per full contact, and never carries the platform's internal id.
func TestDirectMapper_NRC_004_NRC_008(t *testing.T) {
	recs, err := DirectMapper{}.CompanyToERP(Company{ID: "K1", Code: "ACME", Name: "Acme AB", OrganizationNo: "556677-8899",
		Customers: []Person{{ID: "P7", Code: "C100", FirstName: "Ann", LastName: "Lind", Email: "ann@x"}}})
	require.NoError(t, err)
	assert.Equal(t, []ERPRecord{
		{Kind: KindOrganisation, Code: "ACME", Name: "Acme AB", OrganizationNo: "556677-8899"},
		{Kind: KindPerson, Code: "C100", Name: "Ann Lind", Email: "ann@x", Parent: "ACME"},
	}, recs)
	for _, r := range recs {
		assert.NotContains(t, r.Fields, "id")
		assert.NotEqual(t, "K1", r.Code)
		assert.NotEqual(t, "P7", r.Code)
	}
}

// NRC-019: delta mode and a daily schedule by default, both configurable;
// NRC-023: the reconciliation schedule is configurable and can be off.
func TestSchedule_NRC_019_NRC_023(t *testing.T) {
	s := DefaultSettings(ScopeClientUnique)
	assert.Equal(t, Delta, s.Mode)
	assert.Equal(t, 24*time.Hour, s.ImportEvery)
	assert.Equal(t, 24*time.Hour, s.ReconcileEvery, "NRC-023: reconciliation runs daily unless set")
	last := time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC)
	assert.True(t, s.Due(TaskImport, time.Time{}, last))
	assert.False(t, s.Due(TaskImport, last, last.Add(23*time.Hour)))
	assert.True(t, s.Due(TaskImport, last, last.Add(24*time.Hour)))

	s.ImportEvery, s.ReconcileEvery, s.Mode = time.Hour, 7*24*time.Hour, Full
	require.NoError(t, s.Validate())
	assert.True(t, s.Due(TaskImport, last, last.Add(time.Hour)))
	assert.False(t, s.Due(TaskReconcile, last, last.Add(24*time.Hour)))
	assert.True(t, s.Due(TaskReconcile, last, last.Add(7*24*time.Hour)))
	s.Reconcile = false
	assert.False(t, s.Due(TaskReconcile, time.Time{}, last))
	s.Mode = "sometimes"
	assert.True(t, errors.Is(s.Validate(), ErrInvalid))
}
