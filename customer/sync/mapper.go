package sync

import "strings"

// ERP record kinds DirectMapper produces.
const (
	KindPerson       = "person"
	KindOrganisation = "organisation"
)

// DirectMapper maps one person to one "person" record and one company to
// one "organisation" record followed by a "person" record per full contact
// (Parent set to the company's code). The platform's internal id is never
// carried (NRC-008).
type DirectMapper struct{}

// PersonToERP implements Mapper.
func (DirectMapper) PersonToERP(p Person) ([]ERPRecord, error) {
	r := ERPRecord{Kind: KindPerson, Code: p.Code, Name: strings.TrimSpace(p.FirstName + " " + p.LastName), Email: p.Email, Phone: p.Phone}
	if len(p.Companies) > 0 {
		r.Parent = p.Companies[0]
	}
	return []ERPRecord{r}, nil
}

// CompanyToERP implements Mapper.
func (m DirectMapper) CompanyToERP(c Company) ([]ERPRecord, error) {
	out := []ERPRecord{{Kind: KindOrganisation, Code: c.Code, Name: c.Name, OrganizationNo: c.OrganizationNo}}
	for _, p := range c.Customers {
		rs, _ := m.PersonToERP(p)
		for _, r := range rs {
			r.Parent = c.Code
			out = append(out, r)
		}
	}
	return out, nil
}
