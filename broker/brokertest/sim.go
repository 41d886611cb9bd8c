package brokertest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/internal/xmltok"
	"github.com/omskit/omskit/xmlmsg"
)

// Message names a request kind (the same names as brokerhttp).
type Message = brokerhttp.Message

// Fault is a failure the simulator plays instead of (or around) a normal
// answer. See the package doc for what each one does.
type Fault int

// The faults.
const (
	// FaultTimeout drops the request and holds the connection until the
	// client gives up (bounded by Config.MaxDelay).
	FaultTimeout Fault = iota + 1
	// FaultServerError answers HTTP 503 and does nothing.
	FaultServerError
	// FaultGarbage answers HTTP 200 with a body that is not XML and does nothing.
	FaultGarbage
	// FaultDuplicate answers a SubmitOrder with error 2040 "Duplicate
	// Order/line" and creates nothing.
	FaultDuplicate
	// FaultLate applies the request, then holds the answer until the client
	// gave up (bounded by Config.MaxDelay).
	FaultLate
	// FaultRejected answers a SubmitOrder or StatusUpdate with the error
	// Config.RejectCode / Config.RejectText and changes nothing.
	FaultRejected
)

// String names the fault.
func (f Fault) String() string {
	switch f {
	case FaultTimeout:
		return "timeout"
	case FaultServerError:
		return "server error"
	case FaultGarbage:
		return "garbage"
	case FaultDuplicate:
		return "duplicate 2040"
	case FaultLate:
		return "late response"
	case FaultRejected:
		return "rejected"
	}
	return "fault(" + strconv.Itoa(int(f)) + ")"
}

// Texts and codes of the simulated answers.
const (
	TextAcknowledged     = "Order Acknowledged"                   // BRK-386
	TextDuplicate        = "Duplicate Order/line"                 // BRK-063
	TextStatusUpdated    = "Status updated successfully."         // BRK-415
	CodeUnknownRequest   = "1"                                    // the simulator's code for an unknown request id
	GarbageBody          = "<html><body>Bad Gateway</body"        // FaultGarbage: a proxy page cut short
	DefaultRejectCode    = "1000"                                 // the simulator's code for FaultRejected
	DefaultRejectText    = "Invalid Sold To address, missing req" // BRK-009
	DefaultMaxDelay      = 5 * time.Second
	DefaultFirstID       = 1001
	defaultSimSource     = "LOCATE"
	defaultReplyVersion  = "18.0"
	responseDescNotFound = "Request ID not found: "
)

// Config sets up a Simulator. The zero value works: one fulfilling
// location 317/SYSTEM01, unfulfillable location 999, duplicate checking on.
type Config struct {
	// Locations are assigned to submitted lines round robin.
	Locations []broker.Location
	// UnfulfillableLocation is OB's Default Unfulfillable Location (K56 on
	// the OMS side, BRK-012).
	UnfulfillableLocation broker.Location
	// DisableDuplicateCheck turns OB's Use Duplicate Order Checking off: a
	// resent line creates a second order.
	DisableDuplicateCheck bool
	// DuplicateOmitsRequestID leaves the request id out of a 2040 answer.
	DuplicateOmitsRequestID bool
	// MaxDelay bounds how long FaultTimeout and FaultLate hold a request
	// when the client does not hang up; 0 means DefaultMaxDelay.
	MaxDelay time.Duration
	// RejectCode and RejectText are the error FaultRejected answers with;
	// empty means DefaultRejectCode and DefaultRejectText.
	RejectCode, RejectText string
	// FirstRequestID is the first request id assigned; 0 means DefaultFirstID.
	FirstRequestID int
	// Now is the simulator's clock (status dates, headers); nil means time.Now.
	Now func() time.Time
}

// Line is one line of an order the simulator holds.
type Line struct {
	Seq            int // requesting_system_line_no: the OMS line sequence
	LineNo         int // OB's line number
	ItemID         string
	Qty            int
	Status         broker.OBStatus
	Location       broker.Location
	ShippingAgent  string
	TrackingNumber string
	StatusDate     time.Time
}

// Order is an order the simulator created from a SubmitOrder.
type Order struct {
	RequestID       string
	OrderID         string
	Source          string
	TransactionType string
	// UnderReview is the order's Under Review flag: as the SubmitOrder set
	// it, changed by an order update (BRK-098, BRK-415), reported in every
	// status response (BRK-401).
	UnderReview bool
	Lines       []Line
}

// Status is the order status reported: the status of the first line.
func (o Order) Status() broker.OBStatus {
	if len(o.Lines) == 0 {
		return ""
	}
	return o.Lines[0].Status
}

// LineChange is what AdvanceLine changes on one line; empty fields keep
// their value.
type LineChange struct {
	Status         broker.OBStatus
	Location       *broker.Location
	ShippingAgent  string
	TrackingNumber string
}

type lineKey struct {
	orderID string
	seq     int
}

// Simulator is an in-process Order Broker. It is an http.Handler that
// serves every message on any path (one endpoint, BRK-008), and is safe for
// concurrent use.
type Simulator struct {
	cfg Config

	mu       sync.Mutex
	next     int
	loc      int
	orders   map[string]*Order
	created  []string
	lines    map[lineKey]string
	faults   map[Message][]Fault
	received map[Message]int
	submits  []broker.SubmitOrder
	updates  []broker.StatusUpdate
	queue    []broker.FulfillmentOrder
}

// New returns a simulator with cfg (defaults filled in).
func New(cfg Config) *Simulator {
	if len(cfg.Locations) == 0 {
		cfg.Locations = []broker.Location{{Location: "317", System: "SYSTEM01"}}
	}
	if cfg.UnfulfillableLocation == (broker.Location{}) {
		cfg.UnfulfillableLocation = broker.Location{Location: "999", System: "SYSTEM01"}
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = DefaultMaxDelay
	}
	if cfg.FirstRequestID <= 0 {
		cfg.FirstRequestID = DefaultFirstID
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RejectCode == "" {
		cfg.RejectCode, cfg.RejectText = DefaultRejectCode, DefaultRejectText
	}
	return &Simulator{cfg: cfg, next: cfg.FirstRequestID, orders: map[string]*Order{}, lines: map[lineKey]string{},
		faults: map[Message][]Fault{}, received: map[Message]int{}}
}

// Inject queues faults for the next requests of kind m, in order; each
// request consumes one.
func (s *Simulator) Inject(m Message, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[m] = append(s.faults[m], faults...)
}

// PendingFaults returns how many injected faults of kind m are not yet used.
func (s *Simulator) PendingFaults(m Message) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults[m])
}

// Received returns how many requests of kind m arrived (faulted ones included).
func (s *Simulator) Received(m Message) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.received[m]
}

// Submits returns every SubmitOrder that arrived, in order (faulted ones included).
func (s *Simulator) Submits() []broker.SubmitOrder {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.submits)
}

// SubmitCount returns how many SubmitOrders that arrived carried line seq
// of order orderID ("8953-001").
func (s *Simulator) SubmitCount(orderID string, seq int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, so := range s.submits {
		if so.OrderID != orderID {
			continue
		}
		for _, l := range so.Lines {
			if l.LineItemNo == seq {
				n++
			}
		}
	}
	return n
}

// CreatedCount returns how many OB orders hold line seq of order orderID:
// 1 after a successful submit, never more while duplicate checking is on.
func (s *Simulator) CreatedCount(orderID string, seq int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, id := range s.created {
		o := s.orders[id]
		if o.OrderID != orderID {
			continue
		}
		for _, l := range o.Lines {
			if l.Seq == seq {
				n++
			}
		}
	}
	return n
}

// Updates returns every StatusUpdate that arrived, in order.
func (s *Simulator) Updates() []broker.StatusUpdate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.updates)
}

// Order returns a copy of the order with the request id.
func (s *Simulator) Order(requestID string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[requestID]
	if !ok {
		return Order{}, false
	}
	c := *o
	c.Lines = slices.Clone(o.Lines)
	return c, true
}

// RequestID returns the request id OB assigned to line seq of order
// orderID ("8953-001").
func (s *Simulator) RequestID(orderID string, seq int) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.lines[lineKey{orderID, seq}]
	return id, ok
}

// RequestIDs returns the request ids assigned so far, oldest first.
func (s *Simulator) RequestIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.created)
}

// ErrUnknownRequest is returned by Advance and AdvanceLine for a request
// id (or line) the simulator does not hold.
var ErrUnknownRequest = errors.New("brokertest: unknown request id")

// Advance moves every line of the order to status. "unfulfillable" assigns
// the lines to the unfulfillable location with status new_order (ambiguity
// A2). A status word the broker package does not know is refused with an
// error wrapping broker.ErrUnknownStatus, because the XML encoder would
// refuse it too.
func (s *Simulator) Advance(requestID string, status broker.OBStatus) error {
	st, err := broker.ParseOBStatus(string(status))
	if err != nil {
		return fmt.Errorf("brokertest: advance request %s: %w", requestID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[requestID]
	if !ok {
		return fmt.Errorf("brokertest: advance request %q to %s: %w", requestID, st, ErrUnknownRequest)
	}
	for i := range o.Lines {
		s.change(&o.Lines[i], st)
	}
	return nil
}

func (s *Simulator) change(l *Line, st broker.OBStatus) {
	if st == broker.OBUnfulfillable {
		l.Location = s.cfg.UnfulfillableLocation
		st = broker.OBNewOrder
	}
	l.Status = st
	l.StatusDate = s.cfg.Now()
}

// Ship moves every line of the order to fulfilled with a shipping agent and
// tracking number (BRK-079, BRK-083).
func (s *Simulator) Ship(requestID, agent, tracking string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[requestID]
	if !ok {
		return fmt.Errorf("brokertest: ship request %q: %w", requestID, ErrUnknownRequest)
	}
	for i := range o.Lines {
		s.change(&o.Lines[i], broker.OBFulfilled)
		o.Lines[i].ShippingAgent, o.Lines[i].TrackingNumber = agent, tracking
	}
	return nil
}

// AdvanceLine changes one line (by OMS line sequence) of the order.
func (s *Simulator) AdvanceLine(requestID string, seq int, ch LineChange) error {
	var st broker.OBStatus
	if ch.Status != "" {
		var err error
		if st, err = broker.ParseOBStatus(string(ch.Status)); err != nil {
			return fmt.Errorf("brokertest: advance request %s line %d: %w", requestID, seq, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[requestID]
	if !ok {
		return fmt.Errorf("brokertest: advance request %q: %w", requestID, ErrUnknownRequest)
	}
	i := slices.IndexFunc(o.Lines, func(l Line) bool { return l.Seq == seq })
	if i < 0 {
		return fmt.Errorf("brokertest: advance request %q line %d: %w", requestID, seq, ErrUnknownRequest)
	}
	l := &o.Lines[i]
	if st != "" {
		s.change(l, st)
	}
	if ch.Location != nil {
		l.Location = *ch.Location
	}
	if ch.ShippingAgent != "" {
		l.ShippingAgent = ch.ShippingAgent
	}
	if ch.TrackingNumber != "" {
		l.TrackingNumber = ch.TrackingNumber
	}
	return nil
}

// EnqueueFulfillment queues orders for the next Fulfillments poll; the
// poll sends each one once (with its Detail, the whole order body, when
// set). An order with a Detail is also held by the simulator from then on,
// under its request ID, one line per item (Seq and LineNo the item's line
// number, status new_order, at the order's store_location), so that the
// status updates OMS sends for it (accepted, polled, rejected, BRK-213, and
// later ones) change its status as for a submitted order. Queuing the same
// request ID again sends it again (OB resending a fulfillment) without a
// second order.
func (s *Simulator) EnqueueFulfillment(orders ...broker.FulfillmentOrder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, orders...)
	now := s.cfg.Now()
	for _, fo := range orders {
		if fo.Detail == nil || fo.RequestID == "" {
			continue
		}
		if _, ok := s.orders[fo.RequestID]; ok {
			continue
		}
		o := &Order{RequestID: fo.RequestID, OrderID: fo.OrderID, Source: "fulfillment", TransactionType: fo.TransactionTypeID}
		loc := broker.Location{Location: fo.Detail.Store.Location, System: fo.Detail.Store.System}
		for i, it := range fo.Detail.Items {
			n := it.LineNo
			if n == 0 {
				n = i + 1
			}
			o.Lines = append(o.Lines, Line{Seq: n, LineNo: n, ItemID: it.ItemID, Qty: it.Qty, Status: broker.OBNewOrder,
				Location: loc, StatusDate: now})
		}
		s.orders[fo.RequestID] = o
	}
}

// ServeHTTP answers one Order Broker request. The message is recognised
// by its root element, whatever the path.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "Order Broker messages are POSTed", http.StatusMethodNotAllowed)
		return
	}
	body, err := xmlmsg.ReadLimited(r.Body, 0)
	if err != nil {
		http.Error(w, "reading request: "+err.Error(), http.StatusBadRequest)
		return
	}
	kind, err := rootOf(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.received[kind]++
	var fault Fault
	if q := s.faults[kind]; len(q) > 0 {
		fault, s.faults[kind] = q[0], q[1:]
	}
	s.mu.Unlock()

	switch fault {
	case FaultServerError:
		s.note(kind, body)
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	case FaultGarbage:
		s.note(kind, body)
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(GarbageBody))
		return
	case FaultTimeout:
		s.note(kind, body)
		s.hold(r)
		http.Error(w, "Gateway Timeout", http.StatusGatewayTimeout)
		return
	}
	out, status, err := s.answer(kind, body, fault)
	if err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	if fault == FaultLate {
		s.hold(r)
	}
	w.Header().Set("Content-Type", brokerhttp.DefaultContentType)
	_, _ = w.Write(out)
}

// hold waits until the client hangs up or MaxDelay passes.
func (s *Simulator) hold(r *http.Request) {
	t := time.NewTimer(s.cfg.MaxDelay)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-t.C:
	}
}

// note records a request that a fault kept from being handled.
func (s *Simulator) note(kind Message, body []byte) {
	if kind != brokerhttp.MessageSubmitOrder && kind != brokerhttp.MessageStatusUpdate {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch kind {
	case brokerhttp.MessageSubmitOrder:
		if m, err := xmlmsg.DecodeSubmitOrderBytes(body, xmlmsg.OBOptions{}); err == nil {
			if b, err := m.Broker(); err == nil {
				s.submits = append(s.submits, b)
			}
		}
	case brokerhttp.MessageStatusUpdate:
		if m, err := xmlmsg.DecodeStatusUpdateBytes(body, xmlmsg.OBOptions{}); err == nil {
			s.updates = append(s.updates, m.Broker())
		}
	}
}

func rootOf(body []byte) (Message, error) {
	t := xmltok.New(body, xmltok.Options{})
	if _, err := t.Next(); err != nil {
		return "", fmt.Errorf("brokertest: request is not XML: %w", err)
	}
	switch m := Message(t.Local()); m {
	case brokerhttp.MessageSubmitOrder, brokerhttp.MessageStatusRequest, brokerhttp.MessageStatusListRequest,
		brokerhttp.MessageStatusUpdate, brokerhttp.MessageFulfillments:
		return m, nil
	}
	return "", fmt.Errorf("brokertest: root element %q is not an Order Broker request", t.Local())
}

func (s *Simulator) header(req broker.MessageHeader) broker.MessageHeader {
	v := req.Version
	if !xmlmsg.OBVersion(v).Supported() {
		v = defaultReplyVersion
	}
	return broker.MessageHeader{XactionResponse: "OK", XactionType: "INFO", DateTime: s.cfg.Now(), Version: v,
		Source: defaultSimSource, Destination: req.Source}
}

// answer handles a request and returns the encoded answer, or an HTTP
// status and error for a request it cannot read.
func (s *Simulator) answer(kind Message, body []byte, fault Fault) ([]byte, int, error) {
	bad := func(err error) ([]byte, int, error) { return nil, http.StatusBadRequest, err }
	s.mu.Lock()
	defer s.mu.Unlock()
	var out interface{ Encode() ([]byte, error) }
	switch kind {
	case brokerhttp.MessageSubmitOrder:
		m, err := xmlmsg.DecodeSubmitOrderBytes(body, xmlmsg.OBOptions{})
		if err != nil {
			return bad(err)
		}
		req, err := m.Broker()
		if err != nil {
			return bad(err)
		}
		s.submits = append(s.submits, req)
		var resp broker.SubmitOrderResponse
		if fault == FaultRejected {
			resp = broker.SubmitOrderResponse{Header: s.header(req.Header), OrderID: req.OrderID,
				ResponseCode: s.cfg.RejectCode, ResponseDescription: s.cfg.RejectText}
		} else {
			resp = s.submit(req, fault == FaultDuplicate)
		}
		out = xmlmsg.SubmitOrderResponseFromBroker(resp)
	case brokerhttp.MessageStatusRequest:
		m, err := xmlmsg.DecodeStatusRequestBytes(body, xmlmsg.OBOptions{})
		if err != nil {
			return bad(err)
		}
		req := m.Broker()
		resp := broker.StatusResponse{Header: s.header(req.Header)}
		if o, ok := s.orders[req.RequestID]; ok {
			resp.Order = report(o)
		}
		out = xmlmsg.StatusRequestResponseFromBroker(resp)
	case brokerhttp.MessageStatusListRequest:
		m, err := xmlmsg.DecodeStatusListRequestBytes(body, xmlmsg.OBOptions{})
		if err != nil {
			return bad(err)
		}
		req := m.Broker()
		resp := broker.StatusListResponse{Header: s.header(req.Header)}
		for _, id := range req.RequestIDs {
			if o, ok := s.orders[id]; ok { // unknown ids are left out (BRK-307)
				resp.Orders = append(resp.Orders, report(o))
			}
		}
		out = xmlmsg.StatusListRequestResponseFromBroker(resp)
	case brokerhttp.MessageStatusUpdate:
		m, err := xmlmsg.DecodeStatusUpdateBytes(body, xmlmsg.OBOptions{})
		if err != nil {
			return bad(err)
		}
		req := m.Broker()
		s.updates = append(s.updates, req)
		var resp broker.StatusUpdateResponse
		if fault == FaultRejected {
			resp = broker.StatusUpdateResponse{Header: s.header(req.Header), ResponseCode: s.cfg.RejectCode, ResponseDescription: s.cfg.RejectText}
		} else {
			resp = s.update(req)
		}
		out = xmlmsg.StatusUpdateResponseFromBroker(resp)
	case brokerhttp.MessageFulfillments:
		m, err := xmlmsg.DecodeFulfillmentsBytes(body, xmlmsg.OBOptions{})
		if err != nil {
			return bad(err)
		}
		req := m.Broker()
		resp := broker.FulfillmentsResponse{Header: s.header(req.Header), Orders: s.queue}
		s.queue = nil
		out = xmlmsg.FulfillmentsResponseFromBroker(resp)
	}
	data, err := out.Encode()
	if err != nil {
		return nil, http.StatusInternalServerError, fmt.Errorf("brokertest: encoding the %s answer: %w", kind, err)
	}
	return data, http.StatusOK, nil
}

func (s *Simulator) submit(req broker.SubmitOrder, forceDuplicate bool) broker.SubmitOrderResponse {
	resp := broker.SubmitOrderResponse{Header: s.header(req.Header), OrderID: req.OrderID}
	dup := ""
	if !s.cfg.DisableDuplicateCheck {
		for _, l := range req.Lines {
			if id, ok := s.lines[lineKey{req.OrderID, l.LineItemNo}]; ok {
				dup = id
				break
			}
		}
	}
	if forceDuplicate || dup != "" {
		resp.ResponseCode, resp.ResponseDescription = broker.DuplicateOrderCode, TextDuplicate
		if !s.cfg.DuplicateOmitsRequestID {
			resp.RequestID = dup
		}
		return resp
	}
	o := &Order{RequestID: strconv.Itoa(s.next), OrderID: req.OrderID, Source: req.Header.Source, TransactionType: req.TransactionType,
		UnderReview: req.UnderReview}
	s.next++
	now := s.cfg.Now()
	for i, l := range req.Lines {
		loc := s.cfg.Locations[s.loc%len(s.cfg.Locations)]
		s.loc++
		o.Lines = append(o.Lines, Line{Seq: l.LineItemNo, LineNo: i + 1, ItemID: l.ItemID, Qty: l.Qty,
			Status: broker.OBNewOrder, Location: loc, StatusDate: now})
		s.lines[lineKey{req.OrderID, l.LineItemNo}] = o.RequestID
		resp.Fulfillments = append(resp.Fulfillments, broker.FulfillmentDetail{Location: loc, Qty: l.Qty, ItemID: l.ItemID,
			RequestingLine: l.LineItemNo, LineNo: i + 1})
	}
	s.orders[o.RequestID] = o
	s.created = append(s.created, o.RequestID)
	resp.RequestID, resp.ResponseCode, resp.ResponseDescription = o.RequestID, "0", TextAcknowledged
	return resp
}

func (s *Simulator) update(req broker.StatusUpdate) broker.StatusUpdateResponse {
	resp := broker.StatusUpdateResponse{Header: s.header(req.Header), ResponseCode: "0", ResponseDescription: TextStatusUpdated}
	o, ok := s.orders[req.RequestID]
	if !ok {
		resp.ResponseCode, resp.ResponseDescription = CodeUnknownRequest, responseDescNotFound+req.RequestID
		return resp
	}
	if req.UnderReview != nil {
		o.UnderReview = *req.UnderReview // the order update (BRK-415)
		if req.OrderStatus == "" && len(req.Items) == 0 {
			return resp
		}
	}
	type target struct {
		line   *Line
		status broker.OBStatus
		agent  string
		track  string
	}
	var targets []target
	if len(req.Items) == 0 {
		for i := range o.Lines {
			targets = append(targets, target{&o.Lines[i], req.OrderStatus, req.ShippingAgent, req.TrackingNumber})
		}
	}
	for _, it := range req.Items {
		i := slices.IndexFunc(o.Lines, func(l Line) bool { return l.Seq == it.LineNo })
		if i < 0 {
			resp.ResponseCode, resp.ResponseDescription = CodeUnknownRequest, fmt.Sprintf("Line %d not found on request %s", it.LineNo, req.RequestID)
			return resp
		}
		targets = append(targets, target{&o.Lines[i], it.Status, it.ShippingAgent, it.TrackingNumber})
	}
	already := true
	for _, t := range targets {
		already = already && t.line.Status == t.status
	}
	if already {
		resp.Header.XactionResponse = "FAILED" // already in the requested status (BRK-114)
		return resp
	}
	for _, t := range targets {
		if t.status != "" {
			s.change(t.line, t.status)
		}
		if t.agent != "" {
			t.line.ShippingAgent = t.agent
		}
		if t.track != "" {
			t.line.TrackingNumber = t.track
		}
	}
	return resp
}

func report(o *Order) broker.OrderStatusReport {
	ur := o.UnderReview
	r := broker.OrderStatusReport{RequestID: o.RequestID, OrderID: o.OrderID, OrderStatus: string(o.Status()), UnderReview: &ur}
	for _, l := range o.Lines {
		r.Items = append(r.Items, broker.ItemStatus{LineNo: l.LineNo, RequestingLine: l.Seq, ItemID: l.ItemID,
			Status: string(l.Status), Fulfilling: l.Location, ShippingAgent: l.ShippingAgent, TrackingNumber: l.TrackingNumber,
			StatusDate: l.StatusDate})
	}
	return r
}
