package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// keyNamespace is the UUID namespace for the idempotency keys the Syncer
// mints for ERP calls, so a retried call carries the same key.
var keyNamespace = uuid.MustParse("a3c1f0d2-7e44-4b8a-8f5e-1d2c3b4a5e6f")

// Deps are the systems a Syncer drives.
type Deps struct {
	Importer Importer    // platform write/integration API (NRC-002)
	Querier  Querier     // platform query API (NRC-002)
	Events   EventSource // platform event bus (NRC-002); may be nil if unused
	ERP      ERP
	Mapper   Mapper // nil means DirectMapper (NRC-004)
	Store    Store
	Now      func() time.Time
	// AnonymizedPerson and AnonymizedCompany recognise entities the platform
	// has scrambled for GDPR (NRC-024); nil means none are.
	AnonymizedPerson  func(Person) bool
	AnonymizedCompany func(Company) bool
}

// Syncer keeps persons and companies in step between the platform and the
// ERP. Its progress lives in the Store, so each step is done once and a
// retry resumes where a failure stopped.
type Syncer struct {
	d    Deps
	set  Settings
	anon bool // the host supplied an anonymization predicate
}

// New returns a Syncer. Settings must name a scope (NRC-013).
func New(d Deps, s Settings) (*Syncer, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if d.Importer == nil || d.Querier == nil || d.ERP == nil || d.Store == nil {
		return nil, fmt.Errorf("sync: Importer, Querier, ERP and Store are required: %w", ErrInvalid)
	}
	if d.Mapper == nil {
		d.Mapper = DirectMapper{}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	anon := d.AnonymizedPerson != nil || d.AnonymizedCompany != nil
	if d.AnonymizedPerson == nil {
		d.AnonymizedPerson = func(Person) bool { return false }
	}
	if d.AnonymizedCompany == nil {
		d.AnonymizedCompany = func(Company) bool { return false }
	}
	return &Syncer{d: d, set: s.withDefaults(), anon: anon}, nil
}

// recordsPrint is the fingerprint of ERP records as the ERP holds them:
// with code filled in where the mapper left it blank (a creation).
func recordsPrint(recs []ERPRecord, code string) string {
	cp := make([]ERPRecord, len(recs))
	for i, r := range recs {
		if r.Code == "" {
			r.Code = code
		}
		cp[i] = r
	}
	return fingerprint(cp)
}

func fingerprint(v any) string {
	b, _ := json.Marshal(v) // plain structs: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// Ensured says what EnsurePerson or EnsureCompany did (NRC-015, NRC-016).
type Ensured struct {
	Identity Identity
	Code     string // the external code, existing or created
	Created  bool   // created in the ERP by this or an earlier attempt
	Job      JobID  // the write-back import job, when one was submitted
	Skipped  bool   // CreateInERP is off (NRC-001)
}

// EnsurePerson is called while an order is processed: a person without a
// code is created in the ERP and the ERP's code is written back to the
// platform by an import carrying only the identifying fields and the code
// (NRC-014, NRC-015, NRC-016). A person with a code is left alone. Each step
// is recorded; calling it again after a failure neither creates the person
// twice nor loses the write-back.
func (s *Syncer) EnsurePerson(ctx context.Context, p Person) (Ensured, error) {
	id, err := IdentifyPerson(p)
	if err != nil {
		return Ensured{}, err
	}
	if !s.set.CreateInERP {
		return Ensured{Identity: id, Code: p.Code, Skipped: true}, nil
	}
	if p.Code != "" {
		return Ensured{Identity: id, Code: p.Code}, nil
	}
	if err := ValidatePerson(p); err != nil {
		return Ensured{}, err
	}
	return s.ensure(ctx, "person", id, p.ID, func() ([]ERPRecord, error) { return s.d.Mapper.PersonToERP(p) },
		func(code string) State {
			return State{WritePerson: &Person{Email: p.Email, ApplicationKey: p.ApplicationKey, Code: code}}
		})
}

// EnsureCompany is EnsurePerson for a company; the write-back carries the
// organisation number and the code (NRC-015, NRC-016).
func (s *Syncer) EnsureCompany(ctx context.Context, c Company) (Ensured, error) {
	id, err := IdentifyCompany(c)
	if err != nil {
		return Ensured{}, err
	}
	if !s.set.CreateInERP {
		return Ensured{Identity: id, Code: c.Code, Skipped: true}, nil
	}
	if c.Code != "" {
		return Ensured{Identity: id, Code: c.Code}, nil
	}
	if err := ValidateCompany(c); err != nil {
		return Ensured{}, err
	}
	return s.ensure(ctx, "company", id, c.ID, func() ([]ERPRecord, error) { return s.d.Mapper.CompanyToERP(c) },
		func(code string) State {
			return State{WriteCompany: &Company{OrganizationNo: c.OrganizationNo, Code: code}}
		})
}

func (s *Syncer) ensure(ctx context.Context, entity string, id Identity, platformID string, recs func() ([]ERPRecord, error), wb func(code string) State) (Ensured, error) {
	sk, err := s.set.Scope.Key(entity, id)
	if err != nil {
		return Ensured{}, err
	}
	key := "ensure/" + sk
	st, ok, err := s.d.Store.Get(ctx, key)
	if err != nil {
		return Ensured{}, fmt.Errorf("%s %s: read state: %w", entity, id.Value, err)
	}
	if !ok || st.Code == "" {
		rs, err := recs()
		if err != nil {
			return Ensured{}, fmt.Errorf("%s %s: map to ERP: %w", entity, id.Value, err)
		}
		// An answer lost after the ERP created the customer leaves it holding
		// that attempt's data, which a retry cannot tell from its own: the
		// attempt is recorded first, so that only a first attempt's data is
		// taken as what the ERP holds.
		first := !ok
		if first {
			if err := s.d.Store.Put(ctx, State{Key: key, Status: "creating", Updated: s.d.Now()}); err != nil {
				return Ensured{Identity: id}, fmt.Errorf("%s %s: record creation: %w", entity, id.Value, err)
			}
		}
		code, err := s.d.ERP.Create(ctx, uuid.NewSHA1(keyNamespace, []byte(key)).String(), rs)
		if err != nil {
			return Ensured{Identity: id}, fmt.Errorf("%s %s: create in ERP: %w", entity, id.Value, err)
		}
		st = wb(code)
		st.Key, st.Status, st.Code, st.Updated = key, "created", code, s.d.Now()
		// The entity may change in the platform before the code is written
		// back; SendWaiting compares it with what the ERP holds once the
		// code is there, and sends it when that is not known (issue 19,
		// item 1).
		st.Waiting, st.PlatformID = true, platformID
		if first {
			st.Sent = recordsPrint(rs, code)
		}
		if err := s.d.Store.Put(ctx, st); err != nil {
			return Ensured{Identity: id, Code: code, Created: true}, fmt.Errorf("%s %s: record ERP code %s: %w", entity, id.Value, code, err)
		}
	}
	out := Ensured{Identity: id, Code: st.Code, Created: true, Job: st.Job}
	if st.Status != "created" {
		return out, nil // write-back submitted or done already
	}
	job, err := s.writeBack(ctx, st)
	out.Job = job
	if err != nil {
		return out, fmt.Errorf("%s %s: write code %s back: %w", entity, id.Value, st.Code, err)
	}
	return out, nil
}

// writeBack submits the bare-minimum import for an ensure record and tracks
// its job.
func (s *Syncer) writeBack(ctx context.Context, st State) (JobID, error) {
	if anon, err := s.anonymizedSince(ctx, st); err != nil || anon {
		return "", err
	}
	var (
		job         JobID
		err         error
		ident, code string
	)
	if st.WritePerson != nil {
		ident = st.WritePerson.Email
		code = st.WritePerson.Code
		job, err = s.d.Importer.ImportCustomers(ctx, []Person{*st.WritePerson}, Delta)
	} else {
		ident = st.WriteCompany.OrganizationNo
		code = st.WriteCompany.Code
		job, err = s.d.Importer.ImportCompanies(ctx, []Company{*st.WriteCompany}, Delta)
	}
	if err != nil {
		return "", err
	}
	st.Status, st.Job, st.Updated, st.Err = "writeback", job, s.d.Now(), ""
	if err := s.d.Store.Put(ctx, st); err != nil {
		return job, err
	}
	return job, s.track(ctx, job, map[string]Item{st.Key: {Idents: []string{code, ident}}})
}

// anonymizedSince reports whether the entity of an order-time creation was
// anonymized since (NRC-024): a write-back sent again would write its
// identifying data back onto it. The creation is then closed: nothing is
// written back and nothing waits.
func (s *Syncer) anonymizedSince(ctx context.Context, st State) (bool, error) {
	if !s.anon {
		return false, nil
	}
	e, err := s.fetchCreated(ctx, st)
	if err != nil || !e.anonymized {
		return false, err
	}
	st.Status, st.Waiting, st.Updated = "anonymized", false, s.d.Now()
	return true, s.d.Store.Put(ctx, st)
}

func (s *Syncer) track(ctx context.Context, job JobID, items map[string]Item) error {
	return s.d.Store.Put(ctx, State{Key: "job/" + string(job), Status: "open", Job: job, Items: items, Updated: s.d.Now()})
}

// ContactPolicy says what to do with a company's contacts by reference that
// do not exist in the platform yet (NRC-006). With Supply nil the company is
// refused; otherwise Supply gives the full person for a missing code, the
// persons are imported first and the company after their job succeeded.
type ContactPolicy struct {
	Supply func(ctx context.Context, code string) (Person, error)
}

// ImportResult says what an import sent (NRC-017, NRC-018, NRC-019).
type ImportResult struct {
	Job        JobID    // the import's job, empty when nothing was sent
	Sent       []string // identities sent
	Unchanged  []string // identities skipped by a delta import
	Anonymized []string // identities skipped because anonymized (NRC-024)
	Contacts   JobID    // job of missing contacts imported first (NRC-006)
}

// ImportPersons imports persons into the platform. In Delta mode only
// persons whose content changed since their last successful import are
// sent, so a repeated import of unchanged data sends nothing (NRC-018,
// NRC-019); Full sends all. The platform's internal id is never sent
// (NRC-008) and anonymized persons are never written to (NRC-024). The job
// is tracked; Settle records what succeeded.
func (s *Syncer) ImportPersons(ctx context.Context, persons []Person, mode Mode) (ImportResult, error) {
	var res ImportResult
	var send []Person
	items := map[string]Item{}
	for _, p := range persons {
		if err := ValidatePerson(p); err != nil {
			return res, err
		}
		p.ID = ""
		id, _ := IdentifyPerson(p)
		sk, err := s.set.Scope.Key("person", id)
		if err != nil {
			return res, err
		}
		if s.anon {
			cur, err := s.d.Querier.Person(ctx, id)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return res, fmt.Errorf("person %s: look up: %w", id.Value, err)
			}
			if err == nil && s.d.AnonymizedPerson(cur) {
				res.Anonymized = append(res.Anonymized, id.String())
				continue
			}
		}
		skip, fp, err := s.unchanged(ctx, sk, p, mode)
		if err != nil {
			return res, err
		}
		if skip {
			res.Unchanged = append(res.Unchanged, id.String())
			continue
		}
		send = append(send, p)
		items["fp/"+sk] = Item{Idents: []string{p.Code, p.Email}, Fingerprint: fp}
		res.Sent = append(res.Sent, id.String())
	}
	if len(send) == 0 {
		return res, nil
	}
	job, err := s.d.Importer.ImportCustomers(ctx, send, mode)
	if err != nil {
		return res, fmt.Errorf("import %d person(s): %w", len(send), err)
	}
	res.Job = job
	return res, s.track(ctx, job, items)
}

// ImportCompanies imports companies like ImportPersons. Contacts by
// reference must exist first (NRC-006): missing ones are reported as
// *MissingContactError (one per company and code) and nothing is sent, or,
// with policy.Supply, imported first.
func (s *Syncer) ImportCompanies(ctx context.Context, companies []Company, mode Mode, policy ContactPolicy) (ImportResult, error) {
	var res ImportResult
	var missing []string
	var errs []error
	seen := map[string]bool{}
	for _, c := range companies {
		if err := ValidateCompany(c); err != nil {
			return res, err
		}
		for _, code := range c.Contacts {
			_, err := s.d.Querier.Person(ctx, Identity{Kind: ByCode, Value: code})
			switch {
			case errors.Is(err, ErrNotFound):
				errs = append(errs, &MissingContactError{Company: companyName(c), Contact: code})
				if !seen[code] {
					missing, seen[code] = append(missing, code), true
				}
			case err != nil:
				return res, fmt.Errorf("company %s: look up contact %s: %w", companyName(c), code, err)
			}
		}
	}
	if len(errs) > 0 && policy.Supply == nil {
		return res, errors.Join(errs...)
	}
	if len(missing) > 0 {
		var ps []Person
		for _, code := range missing {
			p, err := policy.Supply(ctx, code)
			if err != nil {
				return res, fmt.Errorf("contact %s: supply: %w", code, err)
			}
			ps = append(ps, p)
		}
		pr, err := s.ImportPersons(ctx, ps, Full)
		if err != nil {
			return res, fmt.Errorf("import missing contacts first: %w", err)
		}
		res.Contacts = pr.Job
		if pr.Job != "" {
			if _, err := WaitJob(ctx, s.d.Importer, pr.Job, s.set.Wait); err != nil {
				return res, fmt.Errorf("import missing contacts first: %w", err)
			}
		}
	}
	var send []Company
	items := map[string]Item{}
	for _, c := range companies {
		c.ID = ""
		id, _ := IdentifyCompany(c)
		sk, err := s.set.Scope.Key("company", id)
		if err != nil {
			return res, err
		}
		if s.anon {
			cur, err := s.d.Querier.Company(ctx, id)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return res, fmt.Errorf("company %s: look up: %w", id.Value, err)
			}
			if err == nil && s.d.AnonymizedCompany(cur) {
				res.Anonymized = append(res.Anonymized, id.String())
				continue
			}
		}
		skip, fp, err := s.unchanged(ctx, sk, c, mode)
		if err != nil {
			return res, err
		}
		if skip {
			res.Unchanged = append(res.Unchanged, id.String())
			continue
		}
		send = append(send, c)
		items["fp/"+sk] = Item{Idents: []string{c.Code, c.OrganizationNo}, Fingerprint: fp}
		res.Sent = append(res.Sent, id.String())
	}
	if len(send) == 0 {
		return res, nil
	}
	job, err := s.d.Importer.ImportCompanies(ctx, send, mode)
	if err != nil {
		return res, fmt.Errorf("import %d company(ies): %w", len(send), err)
	}
	res.Job = job
	return res, s.track(ctx, job, items)
}

func (s *Syncer) unchanged(ctx context.Context, sk string, v any, mode Mode) (bool, string, error) {
	fp := fingerprint(v)
	if mode == Full {
		return false, fp, nil
	}
	st, ok, err := s.d.Store.Get(ctx, "fp/"+sk)
	if err != nil {
		return false, fp, fmt.Errorf("%s: read fingerprint: %w", sk, err)
	}
	return ok && st.Fingerprint == fp, fp, nil
}

// SettleReport says what Settle found.
type SettleReport struct {
	Succeeded []JobID
	Failed    []JobID
	Waiting   []JobID
	// Released are the order-time creations whose changes, made while
	// their code was on its way back, went to the ERP (see SendWaiting).
	Released []string
}

// Settle looks up every tracked import job (NRC-017). For a finished job it
// records the content of each item that succeeded, so a later delta import
// skips it, and marks order-time write-backs done; items that failed stay
// unrecorded, so the next delta import or Resume sends exactly them again.
// A job the platform no longer knows (ErrNotFound) failed with every item.
// Failed jobs are returned as *ImportError values joined together. Settle
// then runs SendWaiting.
func (s *Syncer) Settle(ctx context.Context) (SettleReport, error) {
	var rep SettleReport
	jobs, err := s.d.Store.List(ctx, "job/")
	if err != nil {
		return rep, fmt.Errorf("settle: list jobs: %w", err)
	}
	var errs []error
	for _, js := range jobs {
		if js.Status != "open" {
			continue
		}
		j, err := s.d.Importer.Job(ctx, js.Job)
		if errors.Is(err, ErrNotFound) {
			// The platform lost the job: nothing it carried was applied, so
			// every item is settled as failed and sent again.
			j = lostJob(js)
		} else if err != nil {
			errs = append(errs, fmt.Errorf("import job %s: %w", js.Job, err))
			continue
		}
		if !j.State.Done() {
			rep.Waiting = append(rep.Waiting, js.Job)
			continue
		}
		failed := map[string]bool{}
		for _, f := range j.Failed {
			failed[f.Item] = true
		}
		for key, it := range js.Items {
			ok := true
			for _, id := range it.Idents {
				if id != "" && failed[id] {
					ok = false
				}
			}
			if err := s.settleItem(ctx, key, it, ok); err != nil {
				errs = append(errs, err)
			}
		}
		js.Status, js.Updated = string(j.State), s.d.Now()
		if err := s.d.Store.Put(ctx, js); err != nil {
			errs = append(errs, fmt.Errorf("import job %s: record: %w", js.Job, err))
		}
		if j.State == JobFailed {
			rep.Failed = append(rep.Failed, js.Job)
			errs = append(errs, &ImportError{Job: js.Job, Failed: j.Failed})
		} else {
			rep.Succeeded = append(rep.Succeeded, js.Job)
		}
	}
	// A write-back or reconciliation may have put codes on the platform.
	wr, err := s.SendWaiting(ctx)
	rep.Released = wr.Sent
	if err != nil {
		errs = append(errs, err)
	}
	return rep, errors.Join(errs...)
}

// lostJob is the status of a tracked job the platform no longer knows:
// failed, every item with it.
func lostJob(js State) Job {
	j := Job{ID: js.Job, State: JobFailed, Total: len(js.Items)}
	keys := make([]string, 0, len(js.Items))
	for k := range js.Items {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, id := range js.Items[k].Idents {
			if id != "" {
				j.Failed = append(j.Failed, ItemError{Item: id, Message: "job not found on the platform"})
			}
		}
	}
	return j
}

func (s *Syncer) settleItem(ctx context.Context, key string, it Item, ok bool) error {
	if it.Fingerprint != "" {
		if !ok {
			return nil
		}
		return s.d.Store.Put(ctx, State{Key: key, Status: "imported", Fingerprint: it.Fingerprint, Updated: s.d.Now()})
	}
	st, found, err := s.d.Store.Get(ctx, key)
	if err != nil || !found {
		return err
	}
	switch {
	case ok:
		st.Status = "done"
	case strings.HasPrefix(st.Key, "outbox/"):
		st.Status, st.Job, st.Err = "pending", "", "import item failed"
	default:
		st.Status, st.Job, st.Err = "created", "", "write-back failed"
	}
	st.Updated = s.d.Now()
	return s.d.Store.Put(ctx, st)
}

// Resume resends every order-time write-back that has not been submitted or
// whose job failed, without creating anything in the ERP again (NRC-016).
func (s *Syncer) Resume(ctx context.Context) ([]JobID, error) {
	sts, err := s.d.Store.List(ctx, "ensure/")
	if err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	var jobs []JobID
	var errs []error
	for _, st := range sts {
		if st.Status != "created" {
			continue
		}
		job, err := s.writeBack(ctx, st)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: write code %s back: %w", st.Key, st.Code, err))
			continue
		}
		jobs = append(jobs, job)
	}
	return jobs, errors.Join(errs...)
}

// EventReport says what HandleEvents did with each event, by event id.
type EventReport struct {
	Sent   []string // forwarded to the ERP
	NoCode []string // entity has no code yet (NRC-020)
	// Waiting are events of an entity this library created in the ERP whose
	// code is not on the platform yet: the entity's newest state goes to
	// the ERP once the code is there (see SendWaiting).
	Waiting    []string
	Anonymized []string // entity is anonymized (NRC-024)
	Ignored    []string // other event types, or forwarding switched off
	Duplicate  []string // delivered again after being handled
	Retry      []string // left unacknowledged after a retryable failure
}

// HandleEvents polls up to max events and handles each (NRC-020, NRC-021):
// for a person- or company-changed event it looks the entity up through the
// query API, skips it when it has no code or is anonymized, maps it through
// the Mapper and updates the ERP. An entity without a code that this
// library created in the ERP (EnsurePerson, EnsureCompany) is not skipped
// but waits, durably, for its code (reported as Waiting; see SendWaiting). The event's own payload is never sent. An
// event is acknowledged once handled; a failure leaves it for redelivery,
// and a redelivered event that was handled already is only acknowledged,
// so each change reaches the ERP once.
func (s *Syncer) HandleEvents(ctx context.Context, max int) (EventReport, error) {
	var rep EventReport
	if s.d.Events == nil {
		return rep, fmt.Errorf("handle events: no EventSource: %w", ErrInvalid)
	}
	evs, err := s.d.Events.Poll(ctx, max)
	if err != nil {
		return rep, fmt.Errorf("handle events: poll: %w", err)
	}
	var ack []string
	var errs []error
	for _, ev := range evs {
		key := "event/" + ev.ID
		if _, done, err := s.d.Store.Get(ctx, key); err != nil {
			errs = append(errs, fmt.Errorf("event %s: %w", ev.ID, err))
			continue
		} else if done {
			rep.Duplicate = append(rep.Duplicate, ev.ID)
			ack = append(ack, ev.ID)
			continue
		}
		outcome, err := s.handle(ctx, ev)
		if err != nil {
			errs = append(errs, fmt.Errorf("event %s (%s %s): %w", ev.ID, ev.Type, ev.EntityID, err))
			if Retryable(err) {
				rep.Retry = append(rep.Retry, ev.ID)
				continue
			}
		}
		switch outcome {
		case "sent":
			rep.Sent = append(rep.Sent, ev.ID)
		case "nocode":
			rep.NoCode = append(rep.NoCode, ev.ID)
		case "waiting":
			rep.Waiting = append(rep.Waiting, ev.ID)
		case "anonymized":
			rep.Anonymized = append(rep.Anonymized, ev.ID)
		case "ignored":
			rep.Ignored = append(rep.Ignored, ev.ID)
		}
		if err := s.d.Store.Put(ctx, State{Key: key, Status: outcome, Updated: s.d.Now()}); err != nil {
			errs = append(errs, fmt.Errorf("event %s: record: %w", ev.ID, err))
			continue
		}
		ack = append(ack, ev.ID)
	}
	if len(ack) > 0 {
		if err := s.d.Events.Ack(ctx, ack); err != nil {
			errs = append(errs, fmt.Errorf("ack %d event(s): %w", len(ack), err))
		}
	}
	return rep, errors.Join(errs...)
}

func (s *Syncer) handle(ctx context.Context, ev Event) (string, error) {
	if !s.set.SendChangesToERP {
		return "ignored", nil
	}
	ref := Identity{Kind: ByPlatformID, Value: ev.EntityID}
	updKey := uuid.NewSHA1(keyNamespace, []byte("event/"+ev.ID)).String()
	var recs []ERPRecord
	var created Identity // the identity an order-time creation was recorded under
	switch ev.Type {
	case s.set.PersonChangedEvent:
		p, err := s.d.Querier.Person(ctx, ref)
		if errors.Is(err, ErrNotFound) {
			return "ignored", nil
		}
		if err != nil {
			return "", fmt.Errorf("look up person: %w", err)
		}
		if p.Code == "" {
			return s.noCode(ctx, "person", personFallback(p), p.ID)
		}
		if s.d.AnonymizedPerson(p) {
			return "anonymized", nil
		}
		created, p.ID = personFallback(p), ""
		if recs, err = s.d.Mapper.PersonToERP(p); err != nil {
			return "", fmt.Errorf("person %s: map to ERP: %w", p.Code, err)
		}
	case s.set.CompanyChangedEvent:
		c, err := s.d.Querier.Company(ctx, ref)
		if errors.Is(err, ErrNotFound) {
			return "ignored", nil
		}
		if err != nil {
			return "", fmt.Errorf("look up company: %w", err)
		}
		if c.Code == "" {
			return s.noCode(ctx, "company", companyFallback(c), c.ID)
		}
		if s.d.AnonymizedCompany(c) {
			return "anonymized", nil
		}
		created, c.ID = companyFallback(c), ""
		if recs, err = s.d.Mapper.CompanyToERP(c); err != nil {
			return "", fmt.Errorf("company %s: map to ERP: %w", c.Code, err)
		}
	default:
		return "ignored", nil // NRC-022: other events are for notifications
	}
	if err := s.d.ERP.Update(ctx, updKey, recs); err != nil {
		return "", fmt.Errorf("update ERP: %w", err)
	}
	entity := "person"
	if ev.Type != s.set.PersonChangedEvent {
		entity = "company"
	}
	if err := s.sentNewest(ctx, entity, created, recs); err != nil {
		return "", err
	}
	return "sent", nil
}

// Drift is one entity whose code in the platform differs from the ERP's.
type Drift struct {
	Identity     Identity
	PlatformCode string
	ERPCode      string
}

// ReconcileReport says what Reconcile found and repaired (NRC-023).
type ReconcileReport struct {
	Checked       int
	InSync        int
	Drift         []Drift
	NotInPlatform []string // ERP records no platform entity matched
	Anonymized    []string // matched entities left alone (NRC-024)
	Unmatched     []string // ERP records without email or organisation number
	Jobs          []JobID
}

// Reconcile is the scheduled fail-safe (NRC-023): it fetches every customer
// from the ERP, matches each to the platform by its fallback identifier
// (organisation number for organisations, email for persons, NRC-011), and
// where the platform's code differs imports the bare minimum plus the ERP
// code. Anonymized entities are never written to (NRC-024).
func (s *Syncer) Reconcile(ctx context.Context) (ReconcileReport, error) {
	var rep ReconcileReport
	recs, err := s.d.ERP.Customers(ctx)
	if err != nil {
		return rep, fmt.Errorf("reconcile: fetch ERP customers: %w", err)
	}
	var persons []Person
	var companies []Company
	pItems, cItems := map[string]Item{}, map[string]Item{}
	for _, r := range recs {
		if r.Code == "" {
			continue
		}
		rep.Checked++
		switch {
		case r.OrganizationNo != "":
			id := Identity{Kind: ByOrganizationNo, Value: r.OrganizationNo}
			c, err := s.d.Querier.Company(ctx, id)
			if errors.Is(err, ErrNotFound) {
				rep.NotInPlatform = append(rep.NotInPlatform, r.Code)
				continue
			}
			if err != nil {
				return rep, fmt.Errorf("reconcile: company %s: %w", r.OrganizationNo, err)
			}
			if s.d.AnonymizedCompany(c) {
				rep.Anonymized = append(rep.Anonymized, r.Code)
				continue
			}
			if c.Code == r.Code {
				rep.InSync++
				continue
			}
			rep.Drift = append(rep.Drift, Drift{Identity: id, PlatformCode: c.Code, ERPCode: r.Code})
			companies = append(companies, Company{OrganizationNo: r.OrganizationNo, Code: r.Code})
			cItems["reconcile/"+r.Code] = Item{Idents: []string{r.Code, r.OrganizationNo}}
		case r.Email != "":
			id := Identity{Kind: ByEmail, Value: r.Email}
			p, err := s.d.Querier.Person(ctx, id)
			if errors.Is(err, ErrNotFound) {
				rep.NotInPlatform = append(rep.NotInPlatform, r.Code)
				continue
			}
			if err != nil {
				return rep, fmt.Errorf("reconcile: person %s: %w", r.Email, err)
			}
			if s.d.AnonymizedPerson(p) {
				rep.Anonymized = append(rep.Anonymized, r.Code)
				continue
			}
			if p.Code == r.Code {
				rep.InSync++
				continue
			}
			rep.Drift = append(rep.Drift, Drift{Identity: id, PlatformCode: p.Code, ERPCode: r.Code})
			persons = append(persons, Person{Email: r.Email, ApplicationKey: p.ApplicationKey, Code: r.Code})
			pItems["reconcile/"+r.Code] = Item{Idents: []string{r.Code, r.Email}}
		default:
			rep.Unmatched = append(rep.Unmatched, r.Code)
		}
	}
	if len(persons) > 0 {
		job, err := s.d.Importer.ImportCustomers(ctx, persons, Delta)
		if err != nil {
			return rep, fmt.Errorf("reconcile: import %d person code(s): %w", len(persons), err)
		}
		rep.Jobs = append(rep.Jobs, job)
		if err := s.track(ctx, job, pItems); err != nil {
			return rep, err
		}
	}
	if len(companies) > 0 {
		job, err := s.d.Importer.ImportCompanies(ctx, companies, Delta)
		if err != nil {
			return rep, fmt.Errorf("reconcile: import %d company code(s): %w", len(companies), err)
		}
		rep.Jobs = append(rep.Jobs, job)
		if err := s.track(ctx, job, cItems); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
