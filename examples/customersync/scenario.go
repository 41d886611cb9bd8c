package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synchttp"
	"github.com/omskit/omskit/customer/sync/synctest"
)

// erpCustomers are the ERP's customers before the scenario starts: the
// company Acme with two contacts, Eva (a store customer), Gus (whose code
// never reached the platform) and Hal (who never shopped online).
var erpCustomers = []sync.ERPRecord{
	{Kind: sync.KindOrganisation, Code: "C010", Name: "Acme AB", OrganizationNo: "556677-8899"},
	{Kind: sync.KindPerson, Code: "C011", Name: "Bo Berg", Email: "bo@acme.example", Parent: "C010"},
	{Kind: sync.KindPerson, Code: "C012", Name: "Cy Dahl", Email: "cy@acme.example", Parent: "C010"},
	{Kind: sync.KindPerson, Code: "C013", Name: "Eva Falk", Email: "eva@example.com"},
	{Kind: sync.KindPerson, Code: "C014", Name: "Gus Holm", Email: "gus@example.com"},
	{Kind: sync.KindPerson, Code: "C015", Name: "Hal Ito", Email: "hal@example.com"},
}

// scenario walks the steps; plat is the simulator's back door, used only
// for what the platform's own front end would do.
type scenario struct {
	out    io.Writer
	log    *slog.Logger
	cfg    config
	plat   *synctest.Platform
	erp    *synctest.ERP
	client *synchttp.Client
	syncer *sync.Syncer
	step   int
}

// unexpected reports a step that did not fail the way it should have; a
// real failure is wrapped so callers can inspect it.
func unexpected(what string, err error) error {
	if err == nil {
		return fmt.Errorf("%s: got no error", what)
	}
	return fmt.Errorf("%s: got: %w", what, err)
}

func (s *scenario) heading(title string) {
	s.step++
	fmt.Fprintf(s.out, "\n%d. %s\n", s.step, title)
}

func (s *scenario) say(format string, args ...any) {
	fmt.Fprintf(s.out, "   "+format+"\n", args...)
}

func (s *scenario) run(ctx context.Context) error {
	for _, st := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"company with contacts", s.companyWithContacts},
		{"person created during the order process", s.personAtOrderTime},
		{"import job", s.importJob},
		{"change events", s.changeEvents},
		{"reconciliation", s.reconcile},
	} {
		if err := st.fn(ctx); err != nil {
			return fmt.Errorf("step %d (%s): %w", s.step, st.name, err)
		}
		s.log.Debug("step done", "step", s.step, "name", st.name)
	}
	return nil
}

// settle confirms every open import job, polling until none is running.
func (s *scenario) settle(ctx context.Context) (sync.SettleReport, error) {
	var all sync.SettleReport
	for {
		rep, err := s.syncer.Settle(ctx)
		all.Succeeded = append(all.Succeeded, rep.Succeeded...)
		all.Failed = append(all.Failed, rep.Failed...)
		if err != nil {
			return all, fmt.Errorf("settle: %w", err)
		}
		if len(rep.Waiting) == 0 {
			return all, nil
		}
		s.log.Debug("import jobs still running", "jobs", rep.Waiting)
		t := time.NewTimer(s.cfg.interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return all, fmt.Errorf("settle: %d job(s) still running: %w", len(rep.Waiting), ctx.Err())
		case <-t.C:
		}
	}
}

// lastCustomerImport is the body of the last person import that reached the
// platform, to show exactly what was sent.
func (s *scenario) lastCustomerImport() string {
	imports := s.plat.Imported(synctest.OpImportCustomers)
	if len(imports) == 0 {
		return "(nothing)"
	}
	return string(imports[len(imports)-1])
}

// supplyFromERP gives the full person for a contact code the platform does
// not know yet, from the ERP's customer list (NRC-006).
func (s *scenario) supplyFromERP(ctx context.Context, code string) (sync.Person, error) {
	recs, err := s.erp.Customers(ctx)
	if err != nil {
		return sync.Person{}, err
	}
	for _, r := range recs {
		if r.Code == code && r.Kind == sync.KindPerson {
			first, last, _ := strings.Cut(r.Name, " ")
			return sync.Person{Code: r.Code, Email: r.Email, FirstName: first, LastName: last, Phone: r.Phone}, nil
		}
	}
	return sync.Person{}, fmt.Errorf("contact %s: %w in the ERP", code, sync.ErrNotFound)
}

func (s *scenario) companyWithContacts(ctx context.Context) error {
	s.heading("A company with a full contact and a contact by reference (NRC-003, NRC-005, NRC-006)")
	acme := sync.Company{Code: "C010", OrganizationNo: "556677-8899", Name: "Acme AB", PriceLists: []string{"B2B-GOLD"},
		Customers: []sync.Person{{Code: "C012", Email: "cy@acme.example", FirstName: "Cy", LastName: "Dahl",
			Accounts: []sync.Account{{Application: "b2b-shop", Login: "cy"}}}},
		Contacts: []string{"C011"}}

	_, err := s.syncer.ImportCompanies(ctx, []sync.Company{acme}, sync.Delta, sync.ContactPolicy{})
	var missing *sync.MissingContactError
	if !errors.As(err, &missing) {
		return unexpected("import with an unknown contact: want a missing-contact error", err)
	}
	s.say("refused before sending: %v (company imports sent: %d)", missing, s.plat.Requests(synctest.OpImportCompanies))

	res, err := s.syncer.ImportCompanies(ctx, []sync.Company{acme}, sync.Delta, sync.ContactPolicy{Supply: s.supplyFromERP})
	if err != nil {
		return err
	}
	s.say("contact C011 taken from the ERP and imported first: job %s; then the company: job %s", res.Contacts, res.Job)
	if _, err := s.settle(ctx); err != nil {
		return err
	}
	c, err := s.client.Company(ctx, sync.Identity{Kind: sync.ByCode, Value: "C010"})
	if err != nil {
		return err
	}
	var names []string
	for _, p := range c.Customers {
		names = append(names, p.Code+" "+p.FirstName)
	}
	s.say("platform company %s %q: contacts %v, price lists %v, contact persons [%s]", c.Code, c.Name, c.Contacts, c.PriceLists, strings.Join(names, ", "))
	if len(c.Customers) != 2 {
		return fmt.Errorf("company C010: want 2 contact persons, got %d", len(c.Customers))
	}
	cy, err := s.client.Person(ctx, sync.Identity{Kind: sync.ByCode, Value: "C012"})
	if err != nil {
		return err
	}
	if len(cy.Accounts) != 1 {
		return fmt.Errorf("person C012: %d accounts, want 1", len(cy.Accounts))
	}
	s.say("person C012 is a member of %v with account %s/%s", cy.Companies, cy.Accounts[0].Application, cy.Accounts[0].Login)
	return nil
}

func (s *scenario) personAtOrderTime(ctx context.Context) error {
	s.heading("A person created in the ERP during the order process (NRC-014, NRC-015, NRC-016)")
	dana := sync.Person{Email: "dana@example.com", FirstName: "Dana", LastName: "Ek"}
	id := s.plat.AddPerson(dana)
	s.say("checkout created person %s (%s) in the platform at her first order, without a code", id, dana.Email)

	got, err := s.syncer.EnsurePerson(ctx, dana)
	if err != nil {
		return err
	}
	s.say("identified by %s; ERP created customer %s; write-back job %s sends only %s", got.Identity.Kind, got.Code, got.Job, s.lastCustomerImport())
	if _, err := s.settle(ctx); err != nil {
		return err
	}
	p, err := s.client.Person(ctx, sync.Identity{Kind: sync.ByEmail, Value: dana.Email})
	if err != nil {
		return err
	}
	s.say("platform person %s now has code %s (name kept: %s %s)", p.ID, p.Code, p.FirstName, p.LastName)
	if p.Code != got.Code {
		return fmt.Errorf("person %s: platform code %q, want the ERP's %q", dana.Email, p.Code, got.Code)
	}

	before := s.plat.Requests(synctest.OpImportCustomers)
	again, err := s.syncer.EnsurePerson(ctx, dana)
	if err != nil {
		return err
	}
	resent := s.plat.Requests(synctest.OpImportCustomers) - before
	s.say("order message replayed: code %s again; ERP creates in all: %d; write-backs resent: %d",
		again.Code, s.erp.Calls(synctest.ERPCreate), resent)
	if again.Code != got.Code || s.erp.Calls(synctest.ERPCreate) != 1 || resent != 0 {
		return fmt.Errorf("person %s: replay did it again (code %s, %d creates, %d write-backs resent)",
			dana.Email, again.Code, s.erp.Calls(synctest.ERPCreate), resent)
	}
	return nil
}

func (s *scenario) importJob(ctx context.Context) error {
	s.heading("An import job: submit, poll, and a delta import of unchanged data (NRC-017, NRC-018, NRC-019)")
	persons := []sync.Person{
		{Code: "C012", Email: "cy@acme.example", FirstName: "Cy", LastName: "Dahl", Phone: "+46 8 555 010 12"},
		{Code: "C013", Email: "eva@example.com", FirstName: "Eva", LastName: "Falk", PriceLists: []string{"STAFF"}},
	}
	res, err := s.syncer.ImportPersons(ctx, persons, sync.Delta)
	if err != nil {
		return err
	}
	s.say("delta import of %v: job %s", res.Sent, res.Job)
	first, err := s.client.Job(ctx, res.Job)
	if err != nil {
		return err
	}
	job, err := sync.WaitJob(ctx, s.client, res.Job, sync.WaitOptions{Interval: s.cfg.interval, Timeout: s.cfg.maxTime})
	if err != nil {
		return err
	}
	s.say("job %s: first read %s, then %s: %d of %d processed, %d changed", job.ID, first.State, job.State, job.Processed, job.Total, job.Changed)
	if _, err := s.settle(ctx); err != nil {
		return err
	}

	res, err = s.syncer.ImportPersons(ctx, persons, sync.Delta)
	if err != nil {
		return err
	}
	s.say("same delta again: unchanged %v, job %q: nothing sent", res.Unchanged, res.Job)
	if res.Job != "" || len(res.Unchanged) != len(persons) {
		return fmt.Errorf("repeated delta import sent %v", res.Sent)
	}
	return nil
}

func (s *scenario) changeEvents(ctx context.Context) error {
	s.heading("Change events from the platform to the ERP (NRC-020, NRC-021, NRC-022)")
	dana, err := s.client.Person(ctx, sync.Identity{Kind: sync.ByEmail, Value: "dana@example.com"})
	if err != nil {
		return err
	}
	s.plat.ChangePerson(dana.ID, func(p *sync.Person) { p.Phone = "+46 70 123 45 67" })
	s.say("Dana (%s) changes her phone on My Pages", dana.Code)
	finn := s.plat.AddPerson(sync.Person{Email: "finn@example.com", FirstName: "Finn"})
	s.plat.ChangePerson(finn, func(p *sync.Person) { p.LastName = "Gran" })
	s.say("Finn (%s, no code yet) changes his name", finn)
	s.plat.Emit("OrderPlacedNotification", "O-77")
	s.say("an order-placed notification is on the bus too; %d events pending", s.plat.Pending())

	rep, err := s.syncer.HandleEvents(ctx, 10)
	if err != nil {
		return err
	}
	s.say("handled: sent %v, no code %v, ignored %v", rep.Sent, rep.NoCode, rep.Ignored)
	recs, err := s.erp.Customers(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(recs, func(r sync.ERPRecord) bool { return r.Code == dana.Code })
	if i < 0 || recs[i].Phone != "+46 70 123 45 67" {
		return fmt.Errorf("ERP customer %s: phone not updated", dana.Code)
	}
	s.say("ERP customer %s (looked up through the query API, not the event payload) now has phone %s", recs[i].Code, recs[i].Phone)

	rep, err = s.syncer.HandleEvents(ctx, 10)
	if err != nil {
		return err
	}
	s.say("polled again: %d events pending, %d sent", s.plat.Pending(), len(rep.Sent))
	if len(rep.Sent) != 0 || s.erp.Calls(synctest.ERPUpdate) != 1 {
		return fmt.Errorf("events: ERP updated %d times, want once", s.erp.Calls(synctest.ERPUpdate))
	}
	return nil
}

func (s *scenario) reconcile(ctx context.Context) error {
	s.heading("Reconciliation finds and repairs drift (NRC-023)")
	gus := s.plat.AddPerson(sync.Person{Email: "gus@example.com", FirstName: "Gus", LastName: "Holm"})
	s.say("Gus (%s) is in the platform without a code: his write-back was lost; the ERP knows him as C014", gus)

	rep, err := s.syncer.Reconcile(ctx)
	if err != nil {
		return err
	}
	s.say("checked %d ERP customers: %d in sync, not in the platform %v", rep.Checked, rep.InSync, rep.NotInPlatform)
	for _, d := range rep.Drift {
		s.say("drift: %s has platform code %q, ERP code %q", d.Identity, d.PlatformCode, d.ERPCode)
	}
	s.say("repair: job %v sends only %s", rep.Jobs, s.lastCustomerImport())
	if len(rep.Drift) != 1 || len(rep.Jobs) != 1 {
		return fmt.Errorf("reconcile: want one drift repaired by one job, got %d drift, jobs %v", len(rep.Drift), rep.Jobs)
	}
	if _, err := s.settle(ctx); err != nil {
		return err
	}
	p, _ := s.plat.PersonByID(gus)
	s.say("platform person %s now has code %s", gus, p.Code)
	if p.Code != "C014" {
		return fmt.Errorf("person %s: code %q after reconciliation, want C014", gus, p.Code)
	}

	rep, err = s.syncer.Reconcile(ctx)
	if err != nil {
		return err
	}
	s.say("second run: %d in sync, %d drift, jobs %v", rep.InSync, len(rep.Drift), rep.Jobs)
	if len(rep.Drift) != 0 || len(rep.Jobs) != 0 {
		return fmt.Errorf("reconcile again: drift %v", rep.Drift)
	}
	return nil
}
