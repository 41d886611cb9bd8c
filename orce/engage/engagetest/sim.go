package engagetest

import (
	"encoding/json"
	"fmt"
	"github.com/omskit/omskit/internal/simhttp"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
)

// Op names one API operation, for fault injection and request counts.
type Op string

// Operations.
const (
	OpPutOrder      Op = "putOrder"
	OpGetOrder      Op = "getOrder"
	OpDeleteOrder   Op = "deleteOrder"
	OpStatus        Op = "status"
	OpDelivery      Op = "delivery"
	OpAction        Op = "action"
	OpJob           Op = "job"
	OpContactOrders Op = "contactOrders"
	OpReceipt       Op = "receipt"
	OpExtract       Op = "extract"
	OpErase         Op = "erase"
	OpLog           Op = "log"
)

// FaultKind is what an injected fault does to one request.
type FaultKind = simhttp.Kind

// Fault kinds.
const (
	// FaultTimeout holds the request until the client gives up.
	FaultTimeout = simhttp.Timeout
	// Fault5xx answers 503 Service Unavailable.
	Fault5xx = simhttp.ServerError
	// FaultGarbage answers 200 with a body that is not JSON.
	FaultGarbage = simhttp.Garbage
)

// Fault is one injected fault. With AfterCommit the request is carried out
// first and only its answer is lost, the hard case for exactly-once.
type Fault = simhttp.Fault

// Communication is one message the platform sent to a customer.
type Communication struct {
	Order  engage.OrderID
	Action engage.ActionName
	Tag    engage.VersionTag
	Via    string // "action" or "embedded"
}

type simOrder struct {
	order   engage.Order
	tag     engage.VersionTag
	version int
}

type simJob struct {
	job       engage.Job
	pollsLeft int
}

// Server is the simulator. The zero value is not usable; call New.
type Server struct {
	mu         sync.Mutex
	mux        *http.ServeMux
	now        func() time.Time
	polls      int
	hang       time.Duration
	orders     map[engage.OrderID]*simOrder
	jobs       map[engage.JobID]*simJob
	jobSeq     int
	requests   map[string]engage.JobID
	receipts   []engage.Receipt
	contacts   map[engage.ContactID]bool
	comms      []Communication
	log        []engage.LogEntry
	faults     *simhttp.Injector[Op]
	failNext   map[engage.OrderID][]engage.FieldError
	loyalty    map[engage.ContactID]decimal.Decimal
	versionOff int
}

// Option configures a Server.
type Option func(*Server)

// WithClock sets the simulator's clock.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithProcessingPolls sets how many job-status reads answer "inProgress"
// before a job is processed (default 1).
func WithProcessingPolls(n int) Option { return func(s *Server) { s.polls = n } }

// WithHang sets how long a FaultTimeout holds a request at most (default 5s);
// the client's own timeout normally ends it sooner.
func WithHang(d time.Duration) Option { return func(s *Server) { s.hang = d } }

// WithFirstVersion makes the first tag of every order "v<n>" instead of "v1".
func WithFirstVersion(n int) Option { return func(s *Server) { s.versionOff = n - 1 } }

// New returns a simulator with no orders and no contacts.
func New(opts ...Option) *Server {
	s := &Server{now: time.Now, polls: 1, hang: 5 * time.Second,
		orders: map[engage.OrderID]*simOrder{}, jobs: map[engage.JobID]*simJob{}, requests: map[string]engage.JobID{},
		contacts: map[engage.ContactID]bool{},
		failNext: map[engage.OrderID][]engage.FieldError{}, loyalty: map[engage.ContactID]decimal.Decimal{}}
	for _, o := range opts {
		o(s)
	}
	s.faults = simhttp.New[Op](s.hang)
	s.faults.GarbageBody, s.faults.GarbageType = "<html>502 bad gateway</html>", "application/json"
	m := http.NewServeMux()
	m.HandleFunc("POST "+engagehttp.PathOrders, s.wrap(OpPutOrder, s.putOrder))
	m.HandleFunc("GET "+engagehttp.PathOrders+"/{id}", s.wrap(OpGetOrder, s.getOrder))
	m.HandleFunc("DELETE "+engagehttp.PathOrders+"/{id}", s.wrap(OpDeleteOrder, s.deleteOrder))
	m.HandleFunc("PUT "+engagehttp.PathOrders+"/{id}/status", s.wrap(OpStatus, s.status))
	m.HandleFunc("PUT "+engagehttp.PathOrders+"/{id}/delivery", s.wrap(OpDelivery, s.delivery))
	m.HandleFunc("POST "+engagehttp.PathOrders+"/{id}/action", s.wrap(OpAction, s.action))
	m.HandleFunc("GET "+engagehttp.PathJobs+"{job}", s.wrap(OpJob, s.jobStatus))
	m.HandleFunc("GET "+engagehttp.PathContacts+"{id}/orders", s.wrap(OpContactOrders, s.contactOrders))
	m.HandleFunc("GET "+engagehttp.PathContacts+"{id}/extract", s.wrap(OpExtract, s.extract))
	m.HandleFunc("DELETE "+engagehttp.PathContacts+"{id}", s.wrap(OpErase, s.erase))
	m.HandleFunc("POST "+engagehttp.PathReceipts, s.wrap(OpReceipt, s.receipt))
	m.HandleFunc("GET "+engagehttp.PathIntegrationLog, s.wrap(OpLog, s.integrationLog))
	s.mux = m
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// InjectFault queues a fault for the next request of op.
func (s *Server) InjectFault(op Op, f Fault) { s.faults.Inject(op, f) }

// FailProcessing makes the next change to order id fail in processing: the
// job ends "failed" with errs, the change is not applied, and the
// integration log gets an "Orders" entry per error (ENG-023).
func (s *Server) FailProcessing(id engage.OrderID, errs ...engage.FieldError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext[id] = errs
}

// AddContact makes a contact known; embedded actions on orders of unknown
// contacts are discarded (ENG-017).
func (s *Server) AddContact(c engage.ContactID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.contacts[c] = true
}

// Requests returns how many requests of op reached the simulator.
func (s *Server) Requests(op Op) int { return s.faults.Requests(op) }

// StoredOrder returns the stored order and tag, if any.
func (s *Server) StoredOrder(id engage.OrderID) (engage.StoredOrder, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return engage.StoredOrder{}, false
	}
	return engage.StoredOrder{Order: o.order, Tag: o.tag}, true
}

// Receipts returns every registered receipt in registration order.
func (s *Server) Receipts() []engage.Receipt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.receipts)
}

// Communications returns every communication sent so far.
func (s *Server) Communications() []Communication {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.comms)
}

// Loyalty returns a contact's loyalty balance: receipts move it, orders
// never do (ENG-006).
func (s *Server) Loyalty(c engage.ContactID) decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loyalty[c]
}

type result = simhttp.Result

func (s *Server) wrap(op Op, h func(*http.Request) result) http.HandlerFunc {
	return s.faults.Handler(op, h)
}

func fail(status int, code, msg string, fe ...engage.FieldError) result {
	return result{Status: status, Body: engagehttp.ErrorBody{Code: code, Message: msg, Errors: fe}}
}

func decode(r *http.Request, v any) *result {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		res := fail(http.StatusBadRequest, "invalid", "body: "+err.Error(), engage.FieldError{Path: "body", Rule: "valid JSON"})
		return &res
	}
	return nil
}

func fieldsOf(err error) []engage.FieldError {
	if ve, ok := err.(*engage.ValidationError); ok {
		return ve.Fields
	}
	return []engage.FieldError{{Path: "body", Rule: err.Error()}}
}

// newJob records a job; the caller holds mu. A scheduled processing failure
// makes it a failed job and apply is not called.
func (s *Server) newJob(id engage.OrderID, apply func() engage.VersionTag) engage.JobID {
	s.jobSeq++
	jid := engage.JobID(fmt.Sprintf("J%d", s.jobSeq))
	j := &simJob{job: engage.Job{ID: jid, Order: id, State: engage.JobProcessed}, pollsLeft: s.polls}
	if errs, ok := s.failNext[id]; ok {
		delete(s.failNext, id)
		j.job.State, j.job.Errors = engage.JobFailed, errs
		for _, fe := range errs {
			s.log = append(s.log, engage.LogEntry{Time: s.now(), Type: "Orders", Order: id, Job: jid, Message: fe.String()})
		}
	} else {
		j.job.Tag = apply()
	}
	s.jobs[jid] = j
	return jid
}

func (s *Server) bump(o *simOrder) engage.VersionTag {
	o.version++
	o.tag = engage.VersionTag(fmt.Sprintf("v%d", o.version+s.versionOff))
	return o.tag
}

func (s *Server) putOrder(r *http.Request) result {
	var o engage.Order
	if res := decode(r, &o); res != nil {
		return *res
	}
	if err := engage.Validate(o); err != nil {
		return fail(http.StatusBadRequest, "invalid", err.Error(), fieldsOf(err)...)
	}
	ifMatch := engage.VersionTag(r.Header.Get("If-Match"))
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, exists := s.orders[o.ID]
	if ifMatch != "" && (!exists || cur.tag != ifMatch) {
		have := engage.VersionTag("")
		if exists {
			have = cur.tag
		}
		return fail(http.StatusPreconditionFailed, "stale", fmt.Sprintf("order %s: version tag %s is not current (%s)", o.ID, ifMatch, have))
	}
	jid := s.newJob(o.ID, func() engage.VersionTag {
		if !exists {
			cur = &simOrder{}
			s.orders[o.ID] = cur
		}
		cur.order = o
		return s.bump(cur)
	})
	return result{Status: http.StatusAccepted, Body: engagehttp.JobAccepted{JobID: jid}}
}

func (s *Server) getOrder(r *http.Request) result {
	id := engage.OrderID(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return fail(http.StatusNotFound, "notFound", "order "+string(id)+" not found")
	}
	return result{Status: http.StatusOK, Body: engage.StoredOrder{Order: o.order, Tag: o.tag}}
}

func (s *Server) deleteOrder(r *http.Request) result {
	id := engage.OrderID(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.orders[id]; !ok {
		return fail(http.StatusNotFound, "notFound", "order "+string(id)+" not found")
	}
	delete(s.orders, id)
	return result{Status: http.StatusNoContent}
}

// change applies a status or delivery change with embedded actions.
func (s *Server) change(id engage.OrderID, reqID string, actions []engage.ActionName, apply func(*engage.Order)) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	if reqID != "" {
		if jid, ok := s.requests[reqID]; ok {
			return result{Status: http.StatusAccepted, Body: engagehttp.JobAccepted{JobID: jid}}
		}
	}
	o, ok := s.orders[id]
	if !ok {
		return fail(http.StatusNotFound, "notFound", "order "+string(id)+" not found")
	}
	var discarded []engage.DiscardedAction
	jid := s.newJob(id, func() engage.VersionTag {
		apply(&o.order)
		tag := s.bump(o)
		for _, a := range actions {
			if !s.contacts[o.order.Contact] {
				discarded = append(discarded, engage.DiscardedAction{Action: a, Reason: "contact not found"})
				continue
			}
			s.comms = append(s.comms, Communication{Order: id, Action: a, Tag: tag, Via: "embedded"})
		}
		return tag
	})
	s.jobs[jid].job.Discarded = discarded
	if reqID != "" {
		s.requests[reqID] = jid
	}
	return result{Status: http.StatusAccepted, Body: engagehttp.JobAccepted{JobID: jid}}
}

func (s *Server) status(r *http.Request) result {
	var c engage.StatusChange
	if res := decode(r, &c); res != nil {
		return *res
	}
	if c.Status == "" {
		return fail(http.StatusBadRequest, "invalid", "status required", engage.FieldError{Path: "status", Rule: "required"})
	}
	return s.change(engage.OrderID(r.PathValue("id")), c.RequestID, c.Actions, func(o *engage.Order) { o.Status = c.Status })
}

func (s *Server) delivery(r *http.Request) result {
	var c engage.DeliveryChange
	if res := decode(r, &c); res != nil {
		return *res
	}
	return s.change(engage.OrderID(r.PathValue("id")), c.RequestID, c.Actions, func(o *engage.Order) { d := c.Delivery; o.Delivery = &d })
}

func (s *Server) action(r *http.Request) result {
	id := engage.OrderID(r.PathValue("id"))
	var a engagehttp.ActionRequest
	if res := decode(r, &a); res != nil {
		return *res
	}
	if a.VersionTag == "" {
		return fail(http.StatusBadRequest, "versionRequired", "version token required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return fail(http.StatusNotFound, "notFound", "order "+string(id)+" not found")
	}
	if o.tag != a.VersionTag {
		return fail(http.StatusConflict, "stale", fmt.Sprintf("order %s: version tag %s is not current", id, a.VersionTag))
	}
	s.comms = append(s.comms, Communication{Order: id, Action: a.Action, Tag: a.VersionTag, Via: "action"})
	return result{Status: http.StatusNoContent}
}

func (s *Server) jobStatus(r *http.Request) result {
	jid := engage.JobID(r.PathValue("job"))
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[jid]
	if !ok {
		return fail(http.StatusNotFound, "notFound", "job "+string(jid)+" not found")
	}
	if j.pollsLeft > 0 {
		j.pollsLeft--
		return result{Status: http.StatusOK, Body: engage.Job{ID: jid, Order: j.job.Order, State: engage.JobInProgress}}
	}
	return result{Status: http.StatusOK, Body: j.job}
}

func (s *Server) ordersOf(c engage.ContactID) []engage.StoredOrder {
	out := []engage.StoredOrder{}
	for _, o := range s.orders {
		if o.order.Contact == c {
			out = append(out, engage.StoredOrder{Order: o.order, Tag: o.tag})
		}
	}
	slices.SortFunc(out, func(a, b engage.StoredOrder) int { return strings.Compare(string(a.Order.ID), string(b.Order.ID)) })
	return out
}

func (s *Server) contactOrders(r *http.Request) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return result{Status: http.StatusOK, Body: s.ordersOf(engage.ContactID(r.PathValue("id")))}
}

func (s *Server) extract(r *http.Request) result {
	c := engage.ContactID(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	x := engage.ContactExtract{Contact: c, Orders: s.ordersOf(c)}
	for _, rc := range s.receipts {
		if rc.Contact == c {
			x.Receipts = append(x.Receipts, rc)
		}
	}
	return result{Status: http.StatusOK, Body: x}
}

func (s *Server) erase(r *http.Request) result {
	c := engage.ContactID(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, o := range s.orders {
		if o.order.Contact == c {
			delete(s.orders, id)
		}
	}
	delete(s.contacts, c)
	return result{Status: http.StatusNoContent}
}

func (s *Server) receipt(r *http.Request) result {
	var rc engage.Receipt
	if res := decode(r, &rc); res != nil {
		return *res
	}
	if err := engage.ValidateReceipt(rc); err != nil {
		return fail(http.StatusBadRequest, "invalid", err.Error(), fieldsOf(err)...)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, old := range s.receipts {
		if old.ID == rc.ID {
			a, _ := json.Marshal(old)
			b, _ := json.Marshal(rc)
			return result{Status: http.StatusConflict, Body: engagehttp.ErrorBody{Code: "duplicate", Message: "receipt " + string(rc.ID) + " already registered", Changed: string(a) != string(b)}}
		}
	}
	s.receipts = append(s.receipts, rc)
	s.loyalty[rc.Contact] = s.loyalty[rc.Contact].Add(rc.Total().Floor())
	return result{Status: http.StatusCreated}
}

func (s *Server) integrationLog(r *http.Request) result {
	var since time.Time
	if v := r.URL.Query().Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return fail(http.StatusBadRequest, "invalid", "since: "+err.Error(), engage.FieldError{Path: "since", Value: v, Rule: "RFC 3339 time"})
		}
		since = t
	}
	typ := r.URL.Query().Get("type")
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []engage.LogEntry{}
	for _, e := range s.log {
		if !e.Time.Before(since) && (typ == "" || e.Type == typ) {
			out = append(out, e)
		}
	}
	return result{Status: http.StatusOK, Body: out}
}
