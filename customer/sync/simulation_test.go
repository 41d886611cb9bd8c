package sync_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synchttp"
	"github.com/omskit/omskit/customer/sync/synctest"
	"github.com/omskit/omskit/internal/simhttp"
	"github.com/omskit/omskit/internal/simrun"
)

// TestSimulation runs the customer sync over HTTP against the platform
// simulator and the ERP simulator for many seeds. Each seed makes random
// customers and companies at order time (created in the ERP, code written
// back), changes on My Pages, outside updates (anonymization, unrelated
// events), import jobs the platform applies later, fails part-way or
// loses, lost answers and failures on every call of either side, replayed
// orders and restarts of the integration, with the host's loop (events,
// settle, resume, reconcile) in random order. After every step:
//
//   - invOneCodePerCustomer: the ERP created every customer once;
//   - invCodesAgree: a code on the platform is the one the ERP created;
//   - invNothingAnonymizedSent: nothing anonymized reached the ERP (NRC-024).
//
// When the faults stop and the loop has run until nothing is left:
//
//   - invConverged: every customer the ERP created has its code on the
//     platform (NRC-016), and the ERP holds the platform's newest state of
//     it (NRC-021): no change is lost, also none made while the code was on
//     its way back;
//   - invNothingLeft: no event unacknowledged, no change waiting, no job
//     open.
//
// A failing seed prints the command that replays it alone.
func TestSimulation(t *testing.T) {
	simrun.Run(t, "./customer/sync", func(t *testing.T, seed uint64, trace *[]string) {
		newSyncWorld(t, seed, trace).run()
	})
}

type simCustomer struct {
	pid        string // platform id
	company    bool
	email      string // person: identifies it until its code is there
	orgNo      string // company
	ensured    bool   // EnsurePerson/EnsureCompany returned no error once
	anonymized bool
}

type syncWorld struct {
	t      *testing.T
	rnd    *rand.Rand
	ctx    context.Context
	plat   *synctest.Platform
	erp    *synctest.ERP
	client *synchttp.Client
	store  *sync.MemoryStore
	syncer *sync.Syncer
	cust   []*simCustomer
	trace  *[]string
	step   int
}

func newSyncWorld(t *testing.T, seed uint64, trace *[]string) *syncWorld {
	w := &syncWorld{t: t, trace: trace, rnd: rand.New(rand.NewPCG(seed, 0x5eed)), ctx: context.Background(),
		erp: synctest.NewERP(), store: sync.NewMemoryStore()}
	w.plat = synctest.NewPlatform(synctest.WithManualJobs(), synctest.WithPolls(w.rnd.IntN(2)), synctest.WithHang(time.Millisecond))
	w.client = synchttp.New("http://platform", &http.Client{Transport: simhttp.Transport{Handler: w.plat}, Timeout: time.Second})
	w.restart()
	return w
}

func (w *syncWorld) logf(format string, args ...any) {
	*w.trace = append(*w.trace, fmt.Sprintf("%3d ", w.step)+fmt.Sprintf(format, args...))
}

// restart builds a new Syncer over the same store: the integration process
// started again.
func (w *syncWorld) restart() {
	set := sync.DefaultSettings(sync.ScopeClientUnique)
	set.Wait = sync.WaitOptions{Interval: time.Millisecond, Timeout: time.Second}
	s, err := sync.New(sync.Deps{Importer: w.client, Querier: w.client, Events: w.client, ERP: w.erp, Store: w.store,
		AnonymizedPerson: synctest.IsAnonymized}, set)
	if err != nil {
		w.t.Fatal(err)
	}
	w.syncer = s
}

func (w *syncWorld) run() {
	steps := 20 + w.rnd.IntN(30)
	for w.step = 1; w.step <= steps; w.step++ {
		w.randomStep()
		w.checkAlways()
		if w.t.Failed() {
			return
		}
	}
	w.quiesce()
	w.checkAlways()
	w.invConverged()
	w.invNothingLeft()
}

func (w *syncWorld) pick() *simCustomer {
	if len(w.cust) == 0 {
		return nil
	}
	return w.cust[w.rnd.IntN(len(w.cust))]
}

var platformOps = []synctest.Op{synctest.OpImportCustomers, synctest.OpImportCompanies, synctest.OpJob,
	synctest.OpQueryPerson, synctest.OpQueryCompany, synctest.OpPoll, synctest.OpAck}

var erpOps = []synctest.ERPOp{synctest.ERPCreate, synctest.ERPUpdate, synctest.ERPCustomers}

// maybeFault injects, one time in three, a random fault on a random call
// of either side: before or after the call took effect.
func (w *syncWorld) maybeFault() {
	if w.rnd.IntN(3) != 0 {
		return
	}
	f := synctest.Fault{Kind: []synctest.FaultKind{synctest.FaultTimeout, synctest.Fault5xx, synctest.FaultGarbage}[w.rnd.IntN(3)],
		AfterCommit: w.rnd.IntN(2) == 0}
	if w.rnd.IntN(2) == 0 {
		op := platformOps[w.rnd.IntN(len(platformOps))]
		w.logf("fault on platform %s %+v", op, f)
		w.plat.InjectFault(op, f)
		return
	}
	op := erpOps[w.rnd.IntN(len(erpOps))]
	w.logf("fault on ERP %s %+v", op, f)
	w.erp.InjectFault(op, f)
}

func (w *syncWorld) randomStep() {
	switch r := w.rnd.IntN(100); {
	case r < 18:
		w.newOrder()
	case r < 24:
		w.replayOrder()
	case r < 42:
		w.myPages()
	case r < 47:
		w.outsideUpdate()
	case r < 57:
		n := 1 + w.rnd.IntN(3)
		if w.rnd.IntN(6) == 0 {
			w.logf("platform: the next job fails part-way")
			w.plat.FailImportAfter(w.rnd.IntN(2))
		}
		w.logf("platform applies up to %d job(s): %v", n, w.plat.ProcessJobs(n))
	case r < 70:
		w.maybeFault()
		rep, err := w.syncer.HandleEvents(w.ctx, 1+w.rnd.IntN(5))
		w.logf("handle events: sent %v waiting %v nocode %v retry %v err %v", rep.Sent, rep.Waiting, rep.NoCode, rep.Retry, err)
	case r < 82:
		w.maybeFault()
		rep, err := w.syncer.Settle(w.ctx)
		w.logf("settle: ok %v failed %v waiting %v released %v err %v", rep.Succeeded, rep.Failed, rep.Waiting, rep.Released, err)
	case r < 88:
		w.maybeFault()
		jobs, err := w.syncer.Resume(w.ctx)
		w.logf("resume: %v err %v", jobs, err)
	case r < 93:
		w.maybeFault()
		rep, err := w.syncer.Reconcile(w.ctx)
		w.logf("reconcile: drift %d jobs %v err %v", len(rep.Drift), rep.Jobs, err)
	case r < 96:
		w.logf("restart")
		w.restart()
	default:
		w.logf("platform loses the next import")
		w.plat.LoseImports(1)
	}
}

// newOrder: a first order of a new customer creates it in the platform,
// then the integration creates it in the ERP and writes the code back.
func (w *syncWorld) newOrder() {
	i := len(w.cust) + 1
	c := &simCustomer{company: w.rnd.IntN(4) == 0}
	if c.company {
		c.orgNo = fmt.Sprintf("5566%02d-%04d", i, i)
		c.pid = w.plat.AddCompany(sync.Company{OrganizationNo: c.orgNo, Name: fmt.Sprintf("Company %d", i)})
	} else {
		c.email = fmt.Sprintf("p%d@example.com", i)
		c.pid = w.plat.AddPerson(sync.Person{Email: c.email, FirstName: fmt.Sprintf("First%d", i), LastName: "Last", Phone: "070-0"})
	}
	w.cust = append(w.cust, c)
	w.ensure(c)
}

// ensure is the order process calling EnsurePerson/EnsureCompany with the
// order's data (the platform entity as the order saw it).
func (w *syncWorld) ensure(c *simCustomer) {
	w.maybeFault()
	var got sync.Ensured
	var err error
	if c.company {
		co, _ := w.plat.CompanyByID(c.pid)
		co.Code = "" // the order was placed before the code was there
		got, err = w.syncer.EnsureCompany(w.ctx, co)
	} else {
		p, _ := w.plat.PersonByID(c.pid)
		if synctest.IsAnonymized(p) {
			return
		}
		p.Code = "" // the order was placed before the code was there
		got, err = w.syncer.EnsurePerson(w.ctx, p)
	}
	if err == nil {
		c.ensured = true
	}
	w.logf("ensure %s: code %s job %s err %v", c.pid, got.Code, got.Job, err)
}

func (w *syncWorld) replayOrder() {
	if c := w.pick(); c != nil && !c.anonymized {
		w.logf("order of %s replayed", c.pid)
		w.ensure(c)
	}
}

func (w *syncWorld) myPages() {
	c := w.pick()
	if c == nil || c.anonymized {
		return
	}
	v := strconv.Itoa(w.step)
	if c.company {
		w.plat.ChangeCompany(c.pid, func(co *sync.Company) { co.Name = "Company renamed " + v })
		w.logf("My Pages: company %s renamed %s", c.pid, v)
		return
	}
	if w.rnd.IntN(2) == 0 {
		w.plat.ChangePerson(c.pid, func(p *sync.Person) { p.FirstName = "Name" + v })
	} else {
		w.plat.ChangePerson(c.pid, func(p *sync.Person) { p.Phone = "070-" + v })
	}
	w.logf("My Pages: person %s changed %s", c.pid, v)
}

func (w *syncWorld) outsideUpdate() {
	if c := w.pick(); c != nil && !c.company && !c.anonymized && w.rnd.IntN(3) == 0 {
		w.logf("GDPR: person %s anonymized", c.pid)
		w.plat.Anonymize(c.pid)
		c.anonymized = true
		return
	}
	w.logf("unrelated event")
	w.plat.Emit("OrderShippedNotification", "O-"+strconv.Itoa(w.step))
}

// quiesce stops the faults and runs the host's loop until nothing is left:
// orders retried, jobs applied, events handled, jobs settled, write-backs
// resumed.
func (w *syncWorld) quiesce() {
	w.logf("-- quiesce")
	for round := 0; round < 30; round++ {
		for _, c := range w.cust {
			if !c.ensured && !c.anonymized {
				w.ensure(c)
			}
		}
		w.plat.ProcessAllJobs()
		_, herr := w.syncer.HandleEvents(w.ctx, 100)
		w.plat.ProcessAllJobs()
		rep, serr := w.syncer.Settle(w.ctx)
		jobs, rerr := w.syncer.Resume(w.ctx)
		wr, werr := w.syncer.SendWaiting(w.ctx)
		w.logf("round %d: events err %v, settle waiting %v err %v, resume %v err %v, waiting %v sent %v err %v",
			round, herr, rep.Waiting, serr, jobs, rerr, wr.Waiting, wr.Sent, werr)
		if herr == nil && serr == nil && rerr == nil && werr == nil && len(jobs) == 0 && len(rep.Waiting) == 0 &&
			len(wr.Waiting) == 0 && len(wr.Sent) == 0 && w.plat.Pending() == 0 && len(w.plat.QueuedJobs()) == 0 && w.allEnsured() {
			return
		}
	}
}

func (w *syncWorld) allEnsured() bool {
	for _, c := range w.cust {
		if !c.ensured && !c.anonymized {
			return false
		}
	}
	return true
}

func (w *syncWorld) checkAlways() {
	w.invOneCodePerCustomer()
	w.invCodesAgree()
	w.invNothingAnonymizedSent()
}

// erpCodeOf returns the code the ERP created for c ("" when none).
func (w *syncWorld) erpCodeOf(c *simCustomer) string {
	for _, code := range w.erp.Codes() {
		for _, r := range w.erp.Record(code) {
			if (c.company && r.OrganizationNo == c.orgNo) || (!c.company && r.Email == c.email) {
				return code
			}
		}
	}
	return ""
}

// invOneCodePerCustomer: the ERP holds one customer per platform entity,
// however many times an order was replayed or an answer lost.
func (w *syncWorld) invOneCodePerCustomer() {
	seen := map[string]string{}
	for _, code := range w.erp.Codes() {
		for _, r := range w.erp.Record(code) {
			id := r.Email + "|" + r.OrganizationNo
			if prev, ok := seen[id]; ok && prev != code {
				w.t.Errorf("invOneCodePerCustomer: %s has codes %s and %s", id, prev, code)
			}
			seen[id] = code
		}
	}
	if len(w.erp.Codes()) > len(w.cust) {
		w.t.Errorf("invOneCodePerCustomer: %d ERP customers for %d customers", len(w.erp.Codes()), len(w.cust))
	}
}

// invCodesAgree: a code on the platform is the one the ERP created.
func (w *syncWorld) invCodesAgree() {
	for _, c := range w.cust {
		code := w.platformCode(c)
		if code != "" && code != w.erpCodeOf(c) {
			w.t.Errorf("invCodesAgree: %s has code %s on the platform, the ERP created %q", c.pid, code, w.erpCodeOf(c))
		}
	}
}

// invNothingAnonymizedSent: no ERP update carried anonymized data (NRC-024).
func (w *syncWorld) invNothingAnonymizedSent() {
	for _, u := range w.erp.Updates() {
		for _, r := range u {
			if strings.HasSuffix(r.Email, synctest.AnonymizedDomain) || strings.Contains(r.Name, synctest.AnonymizedName) {
				w.t.Errorf("invNothingAnonymizedSent: the ERP got %+v", r)
			}
		}
	}
}

func (w *syncWorld) platformCode(c *simCustomer) string {
	if c.company {
		co, _ := w.plat.CompanyByID(c.pid)
		return co.Code
	}
	p, _ := w.plat.PersonByID(c.pid)
	return p.Code
}

// invConverged: every customer the ERP created has its code on the
// platform (NRC-016) and the ERP holds the platform's newest state of it
// (NRC-021), anonymized ones excepted (NRC-024).
func (w *syncWorld) invConverged() {
	m := sync.DirectMapper{}
	for _, c := range w.cust {
		code := w.erpCodeOf(c)
		if c.anonymized {
			continue
		}
		if code == "" {
			w.t.Errorf("invConverged: %s was never created in the ERP", c.pid)
			continue
		}
		if got := w.platformCode(c); got != code {
			w.t.Errorf("invConverged: %s has code %q on the platform, want %s", c.pid, got, code)
			continue
		}
		var want []sync.ERPRecord
		if c.company {
			co, _ := w.plat.CompanyByID(c.pid)
			co.ID = ""
			want, _ = m.CompanyToERP(co)
		} else {
			p, _ := w.plat.PersonByID(c.pid)
			p.ID = ""
			want, _ = m.PersonToERP(p)
		}
		if got := w.erp.Record(code); !slices.EqualFunc(got, want, func(a, b sync.ERPRecord) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) {
			w.t.Errorf("invConverged: ERP %s holds %+v, the platform's newest state is %+v", code, got, want)
		}
	}
}

// invNothingLeft: no event waits on the bus, no import job is queued, no
// order-time creation still waits for its code.
func (w *syncWorld) invNothingLeft() {
	if n := w.plat.Pending(); n > 0 {
		w.t.Errorf("invNothingLeft: %d event(s) unacknowledged", n)
	}
	if q := w.plat.QueuedJobs(); len(q) > 0 {
		w.t.Errorf("invNothingLeft: jobs %v never applied", q)
	}
	rep, err := w.syncer.SendWaiting(w.ctx)
	if err != nil || len(rep.Waiting) > 0 || len(rep.Sent) > 0 {
		w.t.Errorf("invNothingLeft: still waiting %v, sent late %v, err %v", rep.Waiting, rep.Sent, err)
	}
}
