package sync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SourceCustomer is the small view of a customer created or changed on the
// OMS side (what the customer package produces) that FromCustomer turns
// into a Change. Number is the OMS/ERP customer number, which becomes the
// external code (NRC-007). A customer with an organisation number is a
// company (NRC-003).
type SourceCustomer struct {
	Number         string
	Revision       int // counts the customer's changes: one Change per revision
	Email          string
	FirstName      string
	LastName       string
	Phone          string
	CompanyName    string
	OrganizationNo string
	Application    string // application key, empty when shared (NRC-012)
}

// Change is one customer or company change to send to the platform, under
// the idempotency key Key. Exactly one of Person and Company is set.
type Change struct {
	Key     string   `json:"key"`
	Person  *Person  `json:"person,omitempty"`
	Company *Company `json:"company,omitempty"`
}

// FromCustomer maps a source customer to a Change keyed by number and
// revision (zero-padded, so changes sort in revision order), so each
// revision is sent once.
func FromCustomer(sc SourceCustomer) (Change, error) {
	if sc.Number == "" {
		return Change{}, &ValidationError{Record: "customer", Fields: []FieldError{{Path: "number", Rule: "required"}}}
	}
	ch := Change{Key: fmt.Sprintf("customer/%s/rev-%09d", sc.Number, sc.Revision)}
	if sc.OrganizationNo != "" {
		c := Company{Code: sc.Number, OrganizationNo: sc.OrganizationNo, Name: sc.CompanyName}
		if err := ValidateCompany(c); err != nil {
			return Change{}, err
		}
		ch.Company = &c
		return ch, nil
	}
	p := Person{Code: sc.Number, Email: strings.TrimSpace(sc.Email), FirstName: sc.FirstName, LastName: sc.LastName,
		Phone: sc.Phone, ApplicationKey: sc.Application}
	if err := ValidatePerson(p); err != nil {
		return Change{}, err
	}
	ch.Person = &p
	return ch, nil
}

// Record stores a change in the outbox before anything is sent. A change
// whose key was recorded before is a no-op (recorded is false), so a
// replayed change is sent once.
func (s *Syncer) Record(ctx context.Context, ch Change) (recorded bool, err error) {
	if ch.Key == "" || (ch.Person == nil) == (ch.Company == nil) {
		return false, &ValidationError{Record: "change " + ch.Key, Fields: []FieldError{{Path: "key", Value: ch.Key, Rule: "key and exactly one of person, company required"}}}
	}
	if ch.Person != nil {
		if err := ValidatePerson(*ch.Person); err != nil {
			return false, err
		}
	} else if err := ValidateCompany(*ch.Company); err != nil {
		return false, err
	}
	key := "outbox/" + ch.Key
	if _, ok, err := s.d.Store.Get(ctx, key); err != nil {
		return false, fmt.Errorf("change %s: %w", ch.Key, err)
	} else if ok {
		return false, nil
	}
	now := s.d.Now()
	st := State{Key: key, Status: "pending", Updated: now, Recorded: now}
	if ch.Person != nil {
		p := *ch.Person
		st.WritePerson = &p
	} else {
		c := *ch.Company
		st.WriteCompany = &c
	}
	if err := s.d.Store.Put(ctx, st); err != nil {
		return false, fmt.Errorf("change %s: record: %w", ch.Key, err)
	}
	return true, nil
}

// FlushReport says what Flush did with the outbox, by change key.
type FlushReport struct {
	Sent      []string // in an import job now
	Unchanged []string // nothing differed since the last import (delta)
	Pending   []string // left for a later Flush after a failure
	Jobs      []JobID
}

// Flush sends every pending change in the outbox as one person import and
// one company import in the configured mode (NRC-017, NRC-019). Changes are
// marked sent with their job; Settle marks them done, or pending again when
// their item failed, so a later Flush resends exactly those. A retryable
// failure leaves the changes pending.
func (s *Syncer) Flush(ctx context.Context) (FlushReport, error) {
	var rep FlushReport
	sts, err := s.d.Store.List(ctx, "outbox/")
	if err != nil {
		return rep, fmt.Errorf("flush: %w", err)
	}
	var persons []Person
	var companies []Company
	// Several pending changes to one customer (keys sort by content, not
	// by time): only the one recorded last is imported, so an older change
	// never overwrites a newer one; all of them are marked with its result.
	byIdent := map[string][]State{}
	newest := map[string]State{}
	var idents []string
	for _, st := range sts {
		if st.Status != "pending" {
			continue
		}
		var id Identity
		if st.WritePerson != nil {
			id, _ = IdentifyPerson(*st.WritePerson)
		} else {
			id, _ = IdentifyCompany(*st.WriteCompany)
		}
		k := id.String()
		byIdent[k] = append(byIdent[k], st)
		cur, seen := newest[k]
		if !seen {
			idents = append(idents, k)
		}
		if !seen || recordedAt(st).After(recordedAt(cur)) {
			newest[k] = st
		}
	}
	for _, k := range idents {
		if st := newest[k]; st.WritePerson != nil {
			persons = append(persons, *st.WritePerson)
		} else {
			companies = append(companies, *st.WriteCompany)
		}
	}
	var errs []error
	apply := func(res ImportResult, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		if res.Job != "" {
			rep.Jobs = append(rep.Jobs, res.Job)
		}
		if err := s.mark(ctx, byIdent, res.Sent, "sent", res.Job, &rep.Sent); err != nil {
			errs = append(errs, err)
		}
		if err := s.mark(ctx, byIdent, res.Unchanged, "done", "", &rep.Unchanged); err != nil {
			errs = append(errs, err)
		}
		if err := s.mark(ctx, byIdent, res.Anonymized, "done", "", &rep.Unchanged); err != nil {
			errs = append(errs, err)
		}
	}
	if len(persons) > 0 {
		apply(s.ImportPersons(ctx, persons, s.set.Mode))
	}
	if len(companies) > 0 {
		apply(s.ImportCompanies(ctx, companies, s.set.Mode, ContactPolicy{}))
	}
	left, err := s.d.Store.List(ctx, "outbox/")
	if err == nil {
		for _, st := range left {
			if st.Status == "pending" {
				rep.Pending = append(rep.Pending, strings.TrimPrefix(st.Key, "outbox/"))
			}
		}
	}
	return rep, errors.Join(errs...)
}

// mark sets the outbox entries behind identities to status and, for a
// job, adds them to the job's tracked items so Settle settles them.
func (s *Syncer) mark(ctx context.Context, byIdent map[string][]State, idents []string, status string, job JobID, out *[]string) error {
	var js State
	var tracked bool
	if job != "" {
		var err error
		js, tracked, err = s.d.Store.Get(ctx, "job/"+string(job))
		if err != nil {
			return err
		}
	}
	for _, id := range idents {
		for _, st := range byIdent[id] {
			st.Status, st.Job, st.Updated = status, job, s.d.Now()
			if err := s.d.Store.Put(ctx, st); err != nil {
				return fmt.Errorf("%s: %w", st.Key, err)
			}
			*out = append(*out, strings.TrimPrefix(st.Key, "outbox/"))
			if tracked {
				if js.Items == nil {
					js.Items = map[string]Item{}
				}
				var ids []string
				if st.WritePerson != nil {
					ids = []string{st.WritePerson.Code, st.WritePerson.Email}
				} else {
					ids = []string{st.WriteCompany.Code, st.WriteCompany.OrganizationNo}
				}
				js.Items[st.Key] = Item{Idents: ids}
			}
		}
	}
	if tracked {
		return s.d.Store.Put(ctx, js)
	}
	return nil
}

// recordedAt is when an outbox change was recorded (its last update for a
// record written before Recorded existed).
func recordedAt(st State) time.Time {
	if !st.Recorded.IsZero() {
		return st.Recorded
	}
	return st.Updated
}
