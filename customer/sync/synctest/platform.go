package synctest

import (
	"encoding/json"
	"fmt"
	"github.com/omskit/omskit/internal/simhttp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synchttp"
)

// Op names a platform operation, for faults and request counts.
type Op string

// Platform operations.
const (
	OpImportCustomers Op = "importCustomers"
	OpImportCompanies Op = "importCompanies"
	OpJob             Op = "job"
	OpQueryPerson     Op = "queryPerson"
	OpQueryCompany    Op = "queryCompany"
	OpPoll            Op = "poll"
	OpAck             Op = "ack"
)

// FaultKind is what an injected fault does.
type FaultKind = simhttp.Kind

// Fault kinds.
const (
	FaultTimeout = simhttp.Timeout     // hold the request until the client gives up
	Fault5xx     = simhttp.ServerError // answer 503
	FaultGarbage = simhttp.Garbage     // answer 200 with a body that is not JSON
)

// Fault is one injected fault; with AfterCommit the request is carried out
// and only the answer is lost.
type Fault = simhttp.Fault

// AnonymizedDomain is the email domain Anonymize scrambles addresses to.
const AnonymizedDomain = "@anonymized.invalid"

// AnonymizedName is what Anonymize scrambles names to.
const AnonymizedName = "xxxxx"

// IsAnonymized is the predicate hosts pass to the Syncer for this simulator
// (NRC-024).
func IsAnonymized(p sync.Person) bool {
	return strings.HasSuffix(p.Email, AnonymizedDomain) || (p.FirstName == AnonymizedName && p.LastName == AnonymizedName)
}

// job is one import job. Until it is applied, run holds the import and
// job only its id, state (queued) and total.
type job struct {
	job       sync.Job
	pollsLeft int
	run       func() sync.Job // the deferred import; nil once applied
	due       time.Time       // when a delayed job is applied
	lost      bool            // the platform lost it: never applied, Job/Get answers 404
}

// Platform is the commerce platform simulator.
type Platform struct {
	mu        gosync.Mutex
	mux       *http.ServeMux
	scope     sync.Scope
	polls     int
	hang      time.Duration
	persons   map[string]*sync.Person
	companies map[string]*sync.Company
	seq       int
	jobs      map[sync.JobID]*job
	events    []sync.Event
	evSeq     int
	faults    *simhttp.Injector[Op]
	failAfter int // -1: no failure injected
	lose      int // how many of the next imports the platform loses
	now       func() time.Time
	delay     time.Duration
	manual    bool
	queue     []sync.JobID // jobs not applied yet, oldest first
	imported  map[Op][]json.RawMessage
	personEv  string
	companyEv string
}

// PlatformOption configures a Platform.
type PlatformOption func(*Platform)

// WithScope sets the uniqueness scope (default client-unique).
func WithScope(s sync.Scope) PlatformOption { return func(p *Platform) { p.scope = s } }

// WithPolls sets how many job reads answer "running" first (default 1).
func WithPolls(n int) PlatformOption { return func(p *Platform) { p.polls = n } }

// WithClock sets the clock WithJobDelay measures on (default time.Now).
func WithClock(now func() time.Time) PlatformOption { return func(p *Platform) { p.now = now } }

// WithJobDelay makes every import job wait d on the platform's clock before
// it is applied: until then the job is "queued" and nothing it carries is
// visible through the query API (NRC-017). Due jobs are applied, oldest
// first, when the next request of any kind arrives or when the test calls
// ProcessDueJobs. The default, zero, applies a job when it is submitted.
func WithJobDelay(d time.Duration) PlatformOption { return func(p *Platform) { p.delay = d } }

// WithManualJobs makes import jobs wait until the test applies them with
// ProcessJobs or ProcessAllJobs: the asynchronous window between an import's
// job id and its effect, held open for as long as the test needs.
func WithManualJobs() PlatformOption { return func(p *Platform) { p.manual = true } }

// WithHang bounds how long FaultTimeout holds a request (default 5s).
func WithHang(d time.Duration) PlatformOption { return func(p *Platform) { p.hang = d } }

// WithEventNames sets the event type names the bus emits (customer-sync.md
// Z-01).
func WithEventNames(person, company string) PlatformOption {
	return func(p *Platform) { p.personEv, p.companyEv = person, company }
}

// NewPlatform returns an empty platform.
func NewPlatform(opts ...PlatformOption) *Platform {
	p := &Platform{scope: sync.ScopeClientUnique, polls: 1, hang: 5 * time.Second, persons: map[string]*sync.Person{},
		companies: map[string]*sync.Company{}, jobs: map[sync.JobID]*job{},
		failAfter: -1, imported: map[Op][]json.RawMessage{}, now: time.Now,
		personEv: sync.DefaultPersonChangedEvent, companyEv: sync.DefaultCompanyChangedEvent}
	for _, o := range opts {
		o(p)
	}
	p.faults = simhttp.New[Op](p.hang)
	m := http.NewServeMux()
	m.HandleFunc("POST "+synchttp.PathImportCustomers, p.wrap(OpImportCustomers, p.importCustomers))
	m.HandleFunc("POST "+synchttp.PathImportCompanies, p.wrap(OpImportCompanies, p.importCompanies))
	m.HandleFunc("GET "+synchttp.PathJobs+"{id}", p.wrap(OpJob, p.jobStatus))
	m.HandleFunc("GET "+synchttp.PathQueryCustomers, p.wrap(OpQueryPerson, p.queryPerson))
	m.HandleFunc("GET "+synchttp.PathQueryCompanies, p.wrap(OpQueryCompany, p.queryCompany))
	m.HandleFunc("GET "+synchttp.PathEvents, p.wrap(OpPoll, p.poll))
	m.HandleFunc("POST "+synchttp.PathEventsAck, p.wrap(OpAck, p.ack))
	p.mux = m
	return p
}

// ServeHTTP implements http.Handler.
func (p *Platform) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// InjectFault queues a fault for the next request of op.
func (p *Platform) InjectFault(op Op, f Fault) { p.faults.Inject(op, f) }

// FailImportAfter makes the next import job process n items and fail the
// rest ("processing aborted"): a job that fails part-way, reported through
// its status as failed with the failed items (NRC-017).
func (p *Platform) FailImportAfter(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failAfter = n
}

// LoseImports makes the platform lose the next n imports: each is accepted
// with a job id, but never applied, and Job/Get answers 404 for it, as when
// the platform drops its job queue.
func (p *Platform) LoseImports(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lose = n
}

// QueuedJobs returns the import jobs accepted but not applied yet, oldest
// first (lost jobs are not listed).
func (p *Platform) QueuedJobs() []sync.JobID {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.queue)
}

// ProcessJobs applies up to n queued import jobs, oldest first, whether due
// or not, and returns the ids applied.
func (p *Platform) ProcessJobs(n int) []sync.JobID {
	p.mu.Lock()
	defer p.mu.Unlock()
	var done []sync.JobID
	for len(p.queue) > 0 && len(done) < n {
		done = append(done, p.apply(p.queue[0]))
	}
	return done
}

// ProcessAllJobs applies every queued import job and returns their ids.
func (p *Platform) ProcessAllJobs() []sync.JobID { return p.ProcessJobs(int(^uint(0) >> 1)) }

// ProcessDueJobs applies the queued jobs whose delay (WithJobDelay) has run
// out on the platform's clock; requests do so by themselves.
func (p *Platform) ProcessDueJobs() []sync.JobID {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.processDue()
}

// processDue applies the due jobs; the caller holds mu.
func (p *Platform) processDue() []sync.JobID {
	if p.manual {
		return nil
	}
	var done []sync.JobID
	now := p.now()
	for len(p.queue) > 0 && !now.Before(p.jobs[p.queue[0]].due) {
		done = append(done, p.apply(p.queue[0]))
	}
	return done
}

// apply runs the queued job id and takes it off the queue; the caller
// holds mu.
func (p *Platform) apply(id sync.JobID) sync.JobID {
	p.queue = slices.DeleteFunc(p.queue, func(q sync.JobID) bool { return q == id })
	j := p.jobs[id]
	if j.run != nil {
		j.job = j.run()
		j.run = nil
	}
	return id
}

// Requests returns how many requests of op arrived.
func (p *Platform) Requests(op Op) int { return p.faults.Requests(op) }

// Imported returns the raw bodies of every import of op that reached the
// platform, to check exactly what was sent.
func (p *Platform) Imported(op Op) []json.RawMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.imported[op])
}

// AddPerson stores a person as if created by the platform (e.g. at first
// order) and returns its internal id.
func (p *Platform) AddPerson(ps sync.Person) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	ps.ID = "P" + strconv.Itoa(p.seq)
	p.persons[ps.ID] = &ps
	return ps.ID
}

// AddCompany stores a company as the platform would and returns its id.
func (p *Platform) AddCompany(c sync.Company) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	c.ID = "K" + strconv.Itoa(p.seq)
	c.Customers = nil
	p.companies[c.ID] = &c
	return c.ID
}

// PersonByID returns a stored person.
func (p *Platform) PersonByID(id string) (sync.Person, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ps, ok := p.persons[id]
	if !ok {
		return sync.Person{}, false
	}
	return *ps, true
}

// CompanyByID returns a stored company.
func (p *Platform) CompanyByID(id string) (sync.Company, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.companies[id]
	if !ok {
		return sync.Company{}, false
	}
	return *c, true
}

// ChangePerson applies a front-end change (e.g. on My Pages) and emits a
// person-changed event whose payload carries the new email.
func (p *Platform) ChangePerson(id string, change func(*sync.Person)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ps, ok := p.persons[id]
	if !ok {
		return
	}
	change(ps)
	p.emit(p.personEv, id, map[string]string{"email": ps.Email})
}

// ChangeCompany applies a front-end change and emits a company-changed event.
func (p *Platform) ChangeCompany(id string, change func(*sync.Company)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.companies[id]
	if !ok {
		return
	}
	change(c)
	p.emit(p.companyEv, id, map[string]string{"name": c.Name})
}

// Emit puts an arbitrary event on the bus.
func (p *Platform) Emit(typ, entityID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.emit(typ, entityID, nil)
}

func (p *Platform) emit(typ, id string, payload map[string]string) {
	p.evSeq++
	p.events = append(p.events, sync.Event{ID: "E" + strconv.Itoa(p.evSeq), Type: typ, EntityID: id, Payload: payload})
}

// Anonymize scrambles a person's details for GDPR, as the platform's
// automatic anonymization would, and emits a change event (NRC-024).
func (p *Platform) Anonymize(id string) {
	p.ChangePerson(id, func(ps *sync.Person) {
		ps.FirstName, ps.LastName, ps.Phone = AnonymizedName, AnonymizedName, ""
		ps.Email = "anon-" + ps.ID + AnonymizedDomain
	})
}

// Pending returns the events not acknowledged yet.
func (p *Platform) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.events)
}

type result = simhttp.Result

func (p *Platform) wrap(op Op, h func(*http.Request) result) http.HandlerFunc {
	return p.faults.Handler(op, func(r *http.Request) result {
		p.mu.Lock()
		p.processDue()
		p.mu.Unlock()
		return h(r)
	})
}

func bad(msg string, fe ...sync.FieldError) result {
	return result{Status: http.StatusBadRequest, Body: synchttp.ErrorBody{Message: msg, Errors: fe}}
}

// findPerson matches by code under the scope, then by email; the caller
// holds mu.
func (p *Platform) findPerson(code, email, app string) *sync.Person {
	for _, ps := range p.persons {
		if code != "" && ps.Code == code && (p.scope == sync.ScopeClientUnique || ps.ApplicationKey == app) {
			return ps
		}
	}
	for _, ps := range p.persons {
		if email != "" && strings.EqualFold(ps.Email, email) && (p.scope == sync.ScopeClientUnique || ps.ApplicationKey == app) {
			return ps
		}
	}
	return nil
}

func (p *Platform) findCompany(code, orgNo string) *sync.Company {
	for _, c := range p.companies {
		if code != "" && c.Code == code {
			return c
		}
	}
	for _, c := range p.companies {
		if orgNo != "" && c.OrganizationNo == orgNo {
			return c
		}
	}
	return nil
}

func set(dst *string, v string) bool {
	if v == "" || *dst == v {
		return false
	}
	*dst = v
	return true
}

func mergeList(dst *[]string, vs []string) bool {
	changed := false
	for _, v := range vs {
		if !slices.Contains(*dst, v) {
			*dst = append(*dst, v)
			changed = true
		}
	}
	return changed
}

// upsertPerson applies one imported person; the caller holds mu.
func (p *Platform) upsertPerson(in sync.Person) (changed bool, err error) {
	if err := sync.ValidatePerson(in); err != nil {
		return false, err
	}
	cur := p.findPerson(in.Code, in.Email, in.ApplicationKey)
	if in.ID != "" && (cur == nil || cur.ID != in.ID) {
		return false, fmt.Errorf("id %s cannot be set by the integration", in.ID)
	}
	if cur == nil {
		p.seq++
		in.ID = "P" + strconv.Itoa(p.seq)
		p.persons[in.ID] = &in
		return true, nil
	}
	if IsAnonymized(*cur) {
		// scrambled for GDPR: an import (maybe queued before) writes the
		// code at most, never personal data back (NRC-024)
		return set(&cur.Code, in.Code), nil
	}
	for _, a := range in.Accounts {
		for _, b := range cur.Accounts {
			if a.Application == b.Application && a.Login != b.Login {
				return false, fmt.Errorf("accounts: application %s already has an account", a.Application)
			}
		}
	}
	c := set(&cur.Code, in.Code)
	c = set(&cur.Email, in.Email) || c
	c = set(&cur.ApplicationKey, in.ApplicationKey) || c
	c = set(&cur.FirstName, in.FirstName) || c
	c = set(&cur.LastName, in.LastName) || c
	c = set(&cur.Phone, in.Phone) || c
	c = mergeList(&cur.Companies, in.Companies) || c
	c = mergeList(&cur.PriceLists, in.PriceLists) || c
	for _, a := range in.Accounts {
		if !slices.Contains(cur.Accounts, a) {
			cur.Accounts = append(cur.Accounts, a)
			c = true
		}
	}
	return c, nil
}

func (p *Platform) upsertCompany(in sync.Company) (bool, error) {
	if err := sync.ValidateCompany(in); err != nil {
		return false, err
	}
	for _, code := range in.Contacts {
		if p.findPerson(code, "", "") == nil {
			return false, fmt.Errorf("contact %s does not exist", code)
		}
	}
	cur := p.findCompany(in.Code, in.OrganizationNo)
	if in.ID != "" && (cur == nil || cur.ID != in.ID) {
		return false, fmt.Errorf("id %s cannot be set by the integration", in.ID)
	}
	changed := false
	if cur == nil {
		p.seq++
		c := sync.Company{ID: "K" + strconv.Itoa(p.seq)}
		cur, changed = &c, true
		p.companies[c.ID] = cur
	}
	changed = set(&cur.Code, in.Code) || changed
	changed = set(&cur.OrganizationNo, in.OrganizationNo) || changed
	changed = set(&cur.Name, in.Name) || changed
	changed = mergeList(&cur.PriceLists, in.PriceLists) || changed
	for _, full := range in.Customers {
		full.Companies = append(full.Companies, cur.Code)
		c, err := p.upsertPerson(full)
		if err != nil {
			return false, fmt.Errorf("customer %s: %w", full.Email, err)
		}
		changed = c || changed
		if full.Code != "" {
			changed = mergeList(&cur.Contacts, []string{full.Code}) || changed
		}
	}
	for _, code := range in.Contacts {
		ps := p.findPerson(code, "", "")
		changed = mergeList(&ps.Companies, []string{cur.Code}) || changed
		changed = mergeList(&cur.Contacts, []string{code}) || changed
	}
	return changed, nil
}

// newJob accepts an import of total items and queues it: run(i) imports
// item i (run(-1-i) only identifies it). The caller holds mu.
func (p *Platform) newJob(total int, run func(i int) (bool, string, error)) sync.JobID {
	p.seq++
	id := sync.JobID("JOB" + strconv.Itoa(p.seq))
	failAfter := p.failAfter
	p.failAfter = -1
	j := &job{job: sync.Job{ID: id, State: sync.JobQueued, Total: total}, pollsLeft: p.polls, due: p.now().Add(p.delay)}
	p.jobs[id] = j
	if p.lose > 0 {
		p.lose--
		j.lost = true
		return id
	}
	j.run = func() sync.Job {
		out := sync.Job{ID: id, State: sync.JobSucceeded, Total: total}
		for i := 0; i < total; i++ {
			changed, ident, err := false, "", error(nil)
			if failAfter >= 0 && i >= failAfter {
				_, ident, _ = run(-1 - i) // identify only
				err = fmt.Errorf("processing aborted")
			} else {
				changed, ident, err = run(i)
			}
			if err != nil {
				out.Failed = append(out.Failed, sync.ItemError{Item: ident, Message: err.Error()})
				continue
			}
			out.Processed++
			if changed {
				out.Changed++
			}
		}
		if len(out.Failed) > 0 {
			out.State = sync.JobFailed
		}
		return out
	}
	p.queue = append(p.queue, id)
	if !p.manual && p.delay <= 0 {
		p.apply(id)
	}
	return id
}

func personIdent(ps sync.Person) string {
	if ps.Code != "" && ps.Email == "" {
		return ps.Code
	}
	if ps.Email != "" {
		return ps.Email
	}
	return ps.Code
}

func (p *Platform) importCustomers(r *http.Request) result {
	var in []sync.Person
	raw, res := readJSON(r, &in)
	if res != nil {
		return *res
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.imported[OpImportCustomers] = append(p.imported[OpImportCustomers], raw)
	id := p.newJob(len(in), func(i int) (bool, string, error) {
		if i < 0 {
			return false, personIdent(in[-1-i]), nil
		}
		c, err := p.upsertPerson(in[i])
		return c, personIdent(in[i]), err
	})
	return result{Status: http.StatusAccepted, Body: synchttp.JobAccepted{JobID: id}}
}

func companyIdent(c sync.Company) string {
	if c.OrganizationNo != "" {
		return c.OrganizationNo
	}
	return c.Code
}

func (p *Platform) importCompanies(r *http.Request) result {
	var in []sync.Company
	raw, res := readJSON(r, &in)
	if res != nil {
		return *res
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.imported[OpImportCompanies] = append(p.imported[OpImportCompanies], raw)
	id := p.newJob(len(in), func(i int) (bool, string, error) {
		if i < 0 {
			return false, companyIdent(in[-1-i]), nil
		}
		c, err := p.upsertCompany(in[i])
		return c, companyIdent(in[i]), err
	})
	return result{Status: http.StatusAccepted, Body: synchttp.JobAccepted{JobID: id}}
}

func readJSON(r *http.Request, v any) (json.RawMessage, *result) {
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		res := bad("body: "+err.Error(), sync.FieldError{Path: "body", Rule: "valid JSON"})
		return nil, &res
	}
	if err := json.Unmarshal(raw, v); err != nil {
		res := bad("body: "+err.Error(), sync.FieldError{Path: "body", Rule: err.Error()})
		return nil, &res
	}
	return raw, nil
}

func (p *Platform) jobStatus(r *http.Request) result {
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.jobs[sync.JobID(r.PathValue("id"))]
	if !ok || j.lost {
		return result{Status: http.StatusNotFound, Body: synchttp.ErrorBody{Message: "job not found"}}
	}
	if j.run != nil { // not applied yet
		return result{Status: http.StatusOK, Body: j.job}
	}
	if j.pollsLeft > 0 {
		j.pollsLeft--
		return result{Status: http.StatusOK, Body: sync.Job{ID: j.job.ID, State: sync.JobRunning, Total: j.job.Total}}
	}
	return result{Status: http.StatusOK, Body: j.job}
}

func (p *Platform) queryPerson(r *http.Request) result {
	q := r.URL.Query()
	p.mu.Lock()
	defer p.mu.Unlock()
	var ps *sync.Person
	switch {
	case q.Get("id") != "":
		ps = p.persons[q.Get("id")]
	case q.Get("code") != "":
		ps = p.findPerson(q.Get("code"), "", q.Get("application"))
	case q.Get("email") != "":
		ps = p.findPerson("", q.Get("email"), q.Get("application"))
	}
	if ps == nil {
		return result{Status: http.StatusNotFound, Body: synchttp.ErrorBody{Message: "person not found"}}
	}
	return result{Status: http.StatusOK, Body: *ps}
}

func (p *Platform) queryCompany(r *http.Request) result {
	q := r.URL.Query()
	p.mu.Lock()
	defer p.mu.Unlock()
	var c *sync.Company
	switch {
	case q.Get("id") != "":
		c = p.companies[q.Get("id")]
	case q.Get("code") != "":
		c = p.findCompany(q.Get("code"), "")
	case q.Get("organizationNo") != "":
		c = p.findCompany("", q.Get("organizationNo"))
	}
	if c == nil {
		return result{Status: http.StatusNotFound, Body: synchttp.ErrorBody{Message: "company not found"}}
	}
	out := *c
	for _, ps := range p.persons {
		if slices.Contains(ps.Companies, c.Code) && c.Code != "" {
			out.Customers = append(out.Customers, *ps)
		}
	}
	slices.SortFunc(out.Customers, func(a, b sync.Person) int { return strings.Compare(a.ID, b.ID) })
	return result{Status: http.StatusOK, Body: out}
}

func (p *Platform) poll(r *http.Request) result {
	max, _ := strconv.Atoi(r.URL.Query().Get("max"))
	p.mu.Lock()
	defer p.mu.Unlock()
	out := slices.Clone(p.events)
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	if out == nil {
		out = []sync.Event{}
	}
	return result{Status: http.StatusOK, Body: out}
}

func (p *Platform) ack(r *http.Request) result {
	var a synchttp.AckRequest
	if _, res := readJSON(r, &a); res != nil {
		return *res
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = slices.DeleteFunc(p.events, func(e sync.Event) bool { return slices.Contains(a.IDs, e.ID) })
	return result{Status: http.StatusNoContent}
}
