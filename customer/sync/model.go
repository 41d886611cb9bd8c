package sync

import (
	"fmt"
	"slices"
	"strings"
)

// Account is a login account of a person; it belongs to exactly one
// application (NRC-005).
type Account struct {
	Application string `json:"application"`
	Login       string `json:"login"`
}

// Person is a customer: a person (NRC-003).
type Person struct {
	// ID is the platform's internal id: used only to match back to the
	// platform, never sent to the ERP, never set on create (NRC-008).
	ID string `json:"id,omitempty"`
	// Code is the external identifier, usually the ERP customer number
	// (NRC-007).
	Code string `json:"code,omitempty"`
	// Email identifies a person without a code yet (NRC-009).
	Email string `json:"email,omitempty"`
	// ApplicationKey ties the person to one application; empty means shared
	// by all applications (NRC-012).
	ApplicationKey string `json:"applicationKey,omitempty"`
	FirstName      string `json:"firstName,omitempty"`
	LastName       string `json:"lastName,omitempty"`
	Phone          string `json:"phone,omitempty"`
	// Accounts are login accounts, at most one per application (NRC-005).
	Accounts []Account `json:"accounts,omitempty"`
	// Companies are codes of companies the person is a contact of (NRC-005).
	Companies []string `json:"companies,omitempty"`
	// PriceLists are the person's own price lists (NRC-005).
	PriceLists []string `json:"priceLists,omitempty"`
}

// Company is an organisation (NRC-003).
type Company struct {
	// ID is the platform's internal id; the integration cannot set it
	// (NRC-008).
	ID string `json:"id,omitempty"`
	// Code is the external identifier (NRC-007).
	Code string `json:"code,omitempty"`
	// OrganizationNo identifies a company without a code yet (NRC-010).
	OrganizationNo string `json:"organizationNo,omitempty"`
	Name           string `json:"name,omitempty"`
	// Customers are contacts with full information (NRC-006).
	Customers []Person `json:"customers,omitempty"`
	// Contacts are contacts by reference: codes of persons that must already
	// exist in the platform (NRC-006).
	Contacts []string `json:"contacts,omitempty"`
	// PriceLists are the company's own price lists (NRC-006).
	PriceLists []string `json:"priceLists,omitempty"`
}

// Shared reports whether the person is shared by all applications
// (NRC-012).
func (p Person) Shared() bool { return p.ApplicationKey == "" }

// BelongsTo reports whether the person can be used on application app
// (NRC-012).
func (p Person) BelongsTo(app string) bool { return p.Shared() || p.ApplicationKey == app }

// IdentifierKind says which identifier matched an entity (NRC-011).
type IdentifierKind string

// Identifier kinds, in the order NRC-011 tries them.
const (
	ByCode           IdentifierKind = "code"           // external identifier
	ByEmail          IdentifierKind = "email"          // person fallback
	ByOrganizationNo IdentifierKind = "organizationNo" // company fallback
	// ByPlatformID is the platform's internal id: only for a round-trip to
	// the platform (e.g. an event's entity), never towards the ERP (NRC-008).
	ByPlatformID IdentifierKind = "id"
)

// Identity is the identifier that decides which record an entity is, and
// which kind of identifier it is (NRC-011).
type Identity struct {
	Kind        IdentifierKind `json:"kind"`
	Value       string         `json:"value"`
	Application string         `json:"application,omitempty"`
}

// String renders the identity as "kind:value" (with "@app" when scoped).
func (i Identity) String() string {
	s := string(i.Kind) + ":" + i.Value
	if i.Application != "" {
		s += "@" + i.Application
	}
	return s
}

// IdentifyPerson picks the identifier for a person: the code if set, else
// the email address; the internal id never (NRC-011, NRC-007, NRC-009).
func IdentifyPerson(p Person) (Identity, error) {
	switch {
	case p.Code != "":
		return Identity{Kind: ByCode, Value: p.Code, Application: p.ApplicationKey}, nil
	case p.Email != "":
		return Identity{Kind: ByEmail, Value: strings.ToLower(p.Email), Application: p.ApplicationKey}, nil
	}
	return Identity{}, fmt.Errorf("person (id %q): %w: neither code nor email", p.ID, ErrNoIdentifier)
}

// IdentifyCompany picks the identifier for a company: the code if set, else
// the organisation number; the internal id never (NRC-011, NRC-010).
func IdentifyCompany(c Company) (Identity, error) {
	switch {
	case c.Code != "":
		return Identity{Kind: ByCode, Value: c.Code}, nil
	case c.OrganizationNo != "":
		return Identity{Kind: ByOrganizationNo, Value: c.OrganizationNo}, nil
	}
	return Identity{}, fmt.Errorf("company (id %q, name %q): %w: neither code nor organisation number", c.ID, c.Name, ErrNoIdentifier)
}

// Scope is the platform's uniqueness setup (NRC-013).
type Scope string

// Scopes (NRC-013). There is no default: the zero Scope is refused.
const (
	// ScopeApplicationUnique: the same entity may have different codes on
	// different applications; the key is (application, identifier).
	ScopeApplicationUnique Scope = "application-unique"
	// ScopeClientUnique: the same entities serve every application; the key
	// is the identifier alone.
	ScopeClientUnique Scope = "client-unique"
)

// Valid reports an error unless s is one of the two scopes.
func (s Scope) Valid() error {
	if s != ScopeApplicationUnique && s != ScopeClientUnique {
		return fmt.Errorf("scope %q: %w", s, ErrScopeNotSet)
	}
	return nil
}

// Key is the identity key under the scope (NRC-013): with
// application-unique it includes the application, with client-unique not.
func (s Scope) Key(entity string, id Identity) (string, error) {
	if err := s.Valid(); err != nil {
		return "", err
	}
	k := entity + "/" + string(id.Kind) + "/" + id.Value
	if s == ScopeApplicationUnique {
		k += "@" + id.Application
	}
	return k, nil
}

// CheckCodes checks the codes that records of the same person (the same
// email address) carry on different applications (NRC-013): under
// application-unique each application may have its own code; under
// client-unique one person has one code, and anything else is a
// *CodeConflictError. Records without a code are skipped.
func CheckCodes(scope Scope, persons []Person) error {
	if err := scope.Valid(); err != nil {
		return err
	}
	codes := map[string][]string{}
	var order []string
	for _, p := range persons {
		if p.Code == "" || p.Email == "" {
			continue
		}
		k := strings.ToLower(p.Email)
		if scope == ScopeApplicationUnique {
			k += "@" + p.ApplicationKey
		}
		if _, ok := codes[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(codes[k], p.Code) {
			codes[k] = append(codes[k], p.Code)
		}
	}
	for _, k := range order {
		if len(codes[k]) > 1 {
			return &CodeConflictError{Entity: "person " + k, Codes: codes[k], Scope: scope}
		}
	}
	return nil
}

// ValidatePerson checks a person: an identifier (NRC-011), and accounts that
// each name an application, at most one per application (NRC-005).
func ValidatePerson(p Person) error {
	var fs []FieldError
	if p.Code == "" && p.Email == "" {
		fs = append(fs, FieldError{Path: "code", Rule: "code or email required"})
	}
	seen := map[string]bool{}
	for i, a := range p.Accounts {
		path := fmt.Sprintf("accounts[%d].application", i)
		switch {
		case a.Application == "":
			fs = append(fs, FieldError{Path: path, Rule: "required"})
		case seen[a.Application]:
			fs = append(fs, FieldError{Path: path, Value: a.Application, Rule: "at most one account per application"})
		}
		seen[a.Application] = true
	}
	if len(fs) == 0 {
		return nil
	}
	return &ValidationError{Record: "person " + personName(p), Fields: fs}
}

// ValidateCompany checks a company and its full contacts (NRC-006).
func ValidateCompany(c Company) error {
	var fs []FieldError
	if c.Code == "" && c.OrganizationNo == "" {
		fs = append(fs, FieldError{Path: "code", Rule: "code or organisation number required"})
	}
	for i, code := range c.Contacts {
		if code == "" {
			fs = append(fs, FieldError{Path: fmt.Sprintf("contacts[%d]", i), Rule: "contact code required"})
		}
	}
	for i, p := range c.Customers {
		if err := ValidatePerson(p); err != nil {
			for _, f := range err.(*ValidationError).Fields {
				f.Path = fmt.Sprintf("customers[%d].%s", i, f.Path)
				fs = append(fs, f)
			}
		}
	}
	if len(fs) == 0 {
		return nil
	}
	return &ValidationError{Record: "company " + companyName(c), Fields: fs}
}

func personName(p Person) string {
	if id, err := IdentifyPerson(p); err == nil {
		return id.Value
	}
	return "(no identifier)"
}

func companyName(c Company) string {
	if id, err := IdentifyCompany(c); err == nil {
		return id.Value
	}
	return "(no identifier)"
}
