package brokerweb

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/redact"
)

// text is how every value read from a record, a trail or an error reaches
// a page: card numbers masked (redact.Text); html/template escapes it.
func text(s string) string { return redact.Text(s) }

const timeLayout = "2006-01-02 15:04:05 MST"

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// page is what every template gets.
type page struct {
	Title, Screen string
	CSRF          string
	CanAct        bool
	Notice, Error string
	View          any
}

func (c *console) page(w http.ResponseWriter, r *http.Request, screen string, view any) page {
	return page{Title: c.opt.Title, Screen: screen, CSRF: c.token(w, r), View: view,
		CanAct: c.opt.Actions != nil && c.opt.Authorize != nil && c.opt.Authorize(r, Act)}
}

type errorView struct{ Message string }

// recordRow is one record in a list.
type recordRow struct {
	ID, Order, OrderLink, Flow, Status, StatusName, RequestID string
	Line                                                      int
	Fulfilling, Pickup, Changed, Waited                       string
	Overdue, CanCancel, CanResend                             bool
}

func (c *console) row(rec broker.Record, now time.Time) recordRow {
	name := ""
	if sum, ok := rec.Status.Summary(); ok {
		name = sum.Name
	}
	row := recordRow{ID: rec.ID.String(), Order: text(fmt.Sprintf("%d / %d-%03d", rec.Key.Company, rec.Key.Order, rec.Key.ShipTo)),
		OrderLink: "order?" + url.Values{"company": {strconv.Itoa(rec.Key.Company)}, "order": {strconv.Itoa(rec.Key.Order)}}.Encode(),
		Flow:      text(rec.Flow), Status: text(string(rune(rec.Status))), StatusName: name, RequestID: text(rec.RequestID), Line: rec.LineNo,
		Fulfilling: text(strings.TrimSpace(rec.FulfillingLocation)), Pickup: text(strings.TrimSpace(rec.PickupLocation)),
		Changed: when(rec.UpdatedAt), Overdue: c.overdue(rec, now), CanCancel: c.canCancel(rec), CanResend: canResend(rec)}
	if !rec.UpdatedAt.IsZero() {
		row.Waited = waited(now.Sub(rec.UpdatedAt))
	}
	return row
}

// final reports whether the record's flow ends in its status.
func (c *console) final(rec broker.Record) bool {
	f, ok := c.opt.Flows[rec.Flow]
	return ok && slices.Contains(f.Final, rec.Status)
}

// overdue: a record not in a final status that has waited longer than its
// flow expects (Options.Waits, DefaultWait). A record no flow has changed
// yet has waited for as long as anyone knows (broker.RecordQuery).
func (c *console) overdue(rec broker.Record, now time.Time) bool {
	if c.final(rec) {
		return false
	}
	wait, ok := c.opt.Waits[rec.Flow]
	if !ok {
		wait = DefaultWait
	}
	return rec.UpdatedAt.IsZero() || now.Sub(rec.UpdatedAt) > wait
}

// canCancel: the record's flow has a cancel row from its status (F1.03,
// F1.20, F2.16, F3.20, F4.13); the rules have the last word when the
// action is taken.
func (c *console) canCancel(rec broker.Record) bool {
	f, ok := c.opt.Flows[rec.Flow]
	if !ok || c.opt.Actions == nil {
		return false
	}
	for _, row := range f.Rows {
		if row.On == broker.EventRequestCanceled && !row.Stay && slices.Contains(row.From, rec.Status) {
			return true
		}
	}
	return false
}

// waited renders a wait as "45m", "2h05m" or "3d04h".
func waited(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%dm", max(m, 0))
	case m < 48*60:
		return fmt.Sprintf("%dh%02dm", m/60, m%60)
	}
	return fmt.Sprintf("%dd%02dh", m/(24*60), m/60%24)
}

func canResend(rec broker.Record) bool {
	switch rec.Status {
	case broker.StatusWaiting, broker.StatusResendFulfilled, broker.StatusResendIntransit:
		return true
	}
	return false
}

// statusCount is one status's count on Work with Order Broker.
type statusCount struct {
	Status, Name, Link string
	Count              int
	Selected           bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type workView struct {
	Statuses, Flows, Ages []option
	Company, Order        string
	Location              string
	Counts                []statusCount
	Rows                  []recordRow
	Total, From, To       int
	Prev, Next            string
	Query                 string
}

// ages are the age filter's choices.
var ages = []struct{ value, label string }{
	{"15m", "15 minutes"}, {"1h", "1 hour"}, {"4h", "4 hours"}, {"24h", "1 day"}, {"168h", "7 days"},
}

// filter reads the Work with Order Broker filters from the query.
func (c *console) filter(q url.Values) (broker.RecordQuery, error) {
	var rq broker.RecordQuery
	var errs []error
	for _, s := range q["status"] {
		if s == "" {
			continue // "any"
		}
		st := broker.Status(0)
		if len(s) == 1 {
			st = broker.Status(s[0])
		}
		if !st.Valid() {
			errs = append(errs, fmt.Errorf("status %q: not a record status letter", redact.Value(s)))
			continue
		}
		rq.Statuses = append(rq.Statuses, st)
	}
	rq.Flow = strings.TrimSpace(q.Get("flow"))
	rq.Location = strings.TrimSpace(q.Get("location"))
	num := func(name string) int {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("%s %q: not a positive number", name, redact.Value(v)))
			return 0
		}
		return n
	}
	rq.Company, rq.Order = num("company"), num("order")
	if v := q.Get("age"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("age %q: not a positive duration such as 1h", redact.Value(v)))
		} else {
			rq.ChangedBefore = c.opt.Now().Add(-d)
		}
	}
	if p := num("page"); p > 1 {
		rq.Offset = (p - 1) * c.opt.PageSize
	}
	rq.Limit = c.opt.PageSize
	return rq, errors.Join(errs...)
}

// work is Work with Order Broker.
func (c *console) work(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rq, ferr := c.filter(q)
	pg, err := c.opt.Store.FindRecords(r.Context(), rq)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, fmt.Errorf("read records: %w", err))
		return
	}
	now := c.opt.Now()
	v := workView{Company: text(q.Get("company")), Order: text(q.Get("order")), Location: text(rq.Location), Total: pg.Total}
	keep := url.Values{}
	for _, k := range []string{"flow", "company", "order", "location", "age"} {
		if q.Get(k) != "" {
			keep.Set(k, q.Get(k))
		}
	}
	for _, sum := range broker.Summaries() {
		s := string(rune(sum.Status))
		sel := slices.Contains(rq.Statuses, sum.Status)
		v.Statuses = append(v.Statuses, option{Value: s, Label: s + " " + sum.Name, Selected: sel})
		if n := pg.Counts[sum.Status]; n > 0 {
			link := url.Values{}
			for k, vs := range keep {
				link[k] = vs
			}
			link.Set("status", s)
			v.Counts = append(v.Counts, statusCount{Status: s, Name: sum.Name, Count: n, Link: "?" + link.Encode(), Selected: sel})
		}
	}
	var flows []string
	for name := range c.opt.Flows {
		flows = append(flows, name)
	}
	slices.Sort(flows)
	for _, f := range flows {
		v.Flows = append(v.Flows, option{Value: f, Label: f, Selected: f == rq.Flow})
	}
	for _, a := range ages {
		v.Ages = append(v.Ages, option{Value: a.value, Label: "older than " + a.label, Selected: q.Get("age") == a.value})
	}
	for _, rec := range pg.Records {
		v.Rows = append(v.Rows, c.row(rec, now))
	}
	if len(pg.Records) > 0 {
		v.From, v.To = rq.Offset+1, rq.Offset+len(pg.Records)
	}
	for _, s := range rq.Statuses {
		keep.Add("status", string(rune(s)))
	}
	pageNo := rq.Offset/c.opt.PageSize + 1
	link := func(n int) string {
		l := url.Values{}
		for k, vs := range keep {
			l[k] = vs
		}
		l.Set("page", strconv.Itoa(n))
		return "?" + l.Encode()
	}
	if pageNo > 1 {
		v.Prev = link(pageNo - 1)
	}
	if rq.Offset+len(pg.Records) < pg.Total {
		v.Next = link(pageNo + 1)
	}
	v.Query = keep.Encode()
	p := c.page(w, r, "Work with Order Broker", v)
	status := http.StatusOK
	if ferr != nil {
		p.Error, status = text(ferr.Error()), http.StatusBadRequest
	}
	c.render(w, status, "work.html", p)
}

// summaryLine is one line on the Brokered Backorder Summary.
type summaryLine struct {
	recordRow
	Item, NotBrokered, LineLink string
	Reasons                     []string
}

type summaryView struct {
	Order string
	Lines []summaryLine
	Note  string
}

func intParam(q url.Values, name string) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s %q: not a positive number", name, redact.Value(v))
	}
	return n, nil
}

// summary is the Brokered Backorder Summary of one order.
func (c *console) summary(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	co, err1 := intParam(q, "company")
	ord, err2 := intParam(q, "order")
	if err := errors.Join(err1, err2); err != nil {
		c.fail(w, r, http.StatusBadRequest, err)
		return
	}
	pg, err := c.opt.Store.FindRecords(r.Context(), broker.RecordQuery{Company: co, Order: ord})
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, fmt.Errorf("read the records of order %d: %w", ord, err))
		return
	}
	now := c.opt.Now()
	v := summaryView{Order: fmt.Sprintf("company %d order %d", co, ord)}
	brokered := map[broker.OrderKey]map[int]bool{}
	keys := []broker.OrderKey{}
	for _, rec := range pg.Records {
		v.Lines = append(v.Lines, summaryLine{recordRow: c.row(rec, now)})
		if brokered[rec.Key] == nil {
			brokered[rec.Key] = map[int]bool{}
			keys = append(keys, rec.Key)
		}
		brokered[rec.Key][rec.LineSeq] = true
	}
	if c.opt.Orders != nil {
		if len(keys) == 0 {
			keys = append(keys, broker.OrderKey{Company: co, Order: ord, ShipTo: 1})
		}
		for _, key := range keys {
			o, err := c.opt.Orders.Order(r.Context(), key)
			if err != nil {
				v.Note = text(fmt.Sprintf("%s: the order's lines could not be read: %v", key, err))
				continue
			}
			for _, l := range o.Lines {
				if brokered[key][l.Seq] {
					continue
				}
				v.Lines = append(v.Lines, c.notBrokered(o, l, now))
			}
		}
	}
	c.render(w, http.StatusOK, "summary.html", c.page(w, r, "Brokered Backorder Summary", v))
}

// notBrokered is the summary line of an order line with no record.
func (c *console) notBrokered(o broker.Order, l broker.OrderLine, now time.Time) summaryLine {
	e := broker.CheckLine(o, l, c.opt.Settings, now)
	s := summaryLine{recordRow: recordRow{Order: text(fmt.Sprintf("%d / %d-%03d", o.Key.Company, o.Key.Order, o.Key.ShipTo)), Line: l.Number},
		Item: text(l.Item.Code), NotBrokered: "not brokered",
		LineLink: "line?" + url.Values{"company": {strconv.Itoa(o.Key.Company)}, "order": {strconv.Itoa(o.Key.Order)},
			"shipto": {strconv.Itoa(o.Key.ShipTo)}, "seq": {strconv.Itoa(l.Seq)}}.Encode()}
	if e.Eligible {
		s.NotBrokered = "eligible, not brokered yet"
	}
	for _, reason := range e.Reasons {
		s.Reasons = append(s.Reasons, text(reason.String()))
	}
	return s
}

// entry is one line of a record's history, in time order.
type entry struct {
	At, Kind, Text string
}

type tracking struct {
	Agent, Number, Date string
}

type field struct{ Name, Value string }

type detailsView struct {
	Row          recordRow
	Description  string
	Fields       []field
	LastRequest  string
	LastResponse string
	History      []entry
	Tracking     []tracking
	Reasons      []string
	// CancelWarning is shown by the cancel action (BRK-113).
	CancelWarning string
}

// details is Display Order Broker Details for one record.
func (c *console) details(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.URL.Query().Get("id"))
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, fmt.Errorf("record id %q: %w", redact.Value(r.URL.Query().Get("id")), err))
		return
	}
	p, status := c.detailsPage(w, r, id)
	if status != http.StatusOK {
		c.render(w, status, "error.html", p)
		return
	}
	if v, ok := p.View.(detailsView); ok {
		now := "the record is now " + v.Row.Status + " (" + v.Row.StatusName + ")."
		switch r.URL.Query().Get("done") {
		case "cancel":
			p.Notice = "Cancel accepted: " + now
		case "resend":
			p.Notice = "Sent again: " + now
		}
	}
	c.render(w, status, "details.html", p)
}

// detailsPage builds the details page of record id.
func (c *console) detailsPage(w http.ResponseWriter, r *http.Request, id uuid.UUID) (page, int) {
	rec, err := c.opt.Store.Record(r.Context(), id)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, broker.ErrUnknownRequest) {
			status = http.StatusNotFound
		}
		p := c.page(w, r, "Error", errorView{Message: text(fmt.Sprintf("record %s: %v", id, err))})
		return p, status
	}
	trail, err := c.opt.Store.RecordTrail(r.Context(), id)
	if err != nil {
		p := c.page(w, r, "Error", errorView{Message: text(fmt.Sprintf("trail of record %s: %v", id, err))})
		return p, http.StatusInternalServerError
	}
	v := detailsView{Row: c.row(rec, c.opt.Now())}
	if sum, ok := rec.Status.Summary(); ok {
		v.Description = sum.Description
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	delivery := "delivery"
	switch {
	case rec.ShipForPickup:
		delivery = "ship for pickup"
	case rec.PickupOrder:
		delivery = "pickup"
	}
	for _, f := range []field{
		{"Order", text(rec.Key.String())}, {"Line", strconv.Itoa(rec.LineNo)}, {"Line sequence", strconv.Itoa(rec.LineSeq)},
		{"Flow", text(rec.Flow)}, {"Delivery type", delivery}, {"Status", text(rec.Status.String())},
		{"Request ID", text(rec.RequestID)}, {"Last OB status", text(rec.LastOBStatus)},
		{"Fulfilling location", text(strings.TrimSpace(rec.FulfillingLocation + " " + rec.FulfillingLocationName))},
		{"Fulfilling system", text(rec.FulfillingSystem)}, {"Pickup location", text(rec.PickupLocation)},
		{"Originating location", text(rec.OriginatingLocation)}, {"Warehouse location", text(rec.WarehouseLocation)},
		{"Under review", yes(rec.UnderReview)}, {"Line canceled", yes(rec.LineCanceled)},
		{"Cancel reason", text(strings.TrimSpace(rec.CancelReasonCode + " " + rec.CancelReasonText))},
		{"Submitted", when(rec.SubmittedAt)}, {"Last inquiry", when(rec.LastInquiry)}, {"Last change", when(rec.UpdatedAt)},
	} {
		if f.Value != "" {
			v.Fields = append(v.Fields, f)
		}
	}
	switch {
	case rec.SubmittedAt.IsZero() && rec.LastInquiry.IsZero():
		v.LastRequest = "none sent"
	case rec.LastInquiry.After(rec.SubmittedAt):
		v.LastRequest = "status inquiry at " + when(rec.LastInquiry)
		if rec.RequestID != "" {
			v.LastRequest += " for request " + text(rec.RequestID)
		}
	default:
		v.LastRequest = "SubmitOrder at " + when(rec.SubmittedAt)
	}
	if v.Row.CanCancel && rec.FulfillingLocation != "" {
		// BRK-113: the store may have begun shipping since OMS last asked.
		asked := "never"
		if !rec.LastInquiry.IsZero() {
			asked = "last at " + when(rec.LastInquiry)
		}
		v.CancelWarning = fmt.Sprintf("Before you cancel, confirm that %s has not begun shipping: this screen shows what Order Broker said when asked (%s).",
			text(strings.TrimSpace(rec.FulfillingLocation)), asked)
	}
	var lastResp *broker.History
	for _, e := range trail {
		switch e := e.(type) {
		case broker.History:
			v.History = append(v.History, entry{At: when(e.At), Kind: "history " + e.Type.String(), Text: text(e.Detail)})
			if e.Type != broker.HistorySendOrderRequest {
				lastResp = &e
			}
		case broker.TransactionMessage:
			v.History = append(v.History, entry{At: when(e.At), Kind: "order message", Text: text(e.Text)})
		case broker.ShipmentDetails:
			v.Tracking = append(v.Tracking, tracking{Agent: text(e.ShippingAgent), Number: text(e.TrackingNumber), Date: when(e.ShipmentDate)})
		}
	}
	slices.SortStableFunc(v.History, func(a, b entry) int { return cmp.Compare(a.At, b.At) })
	switch {
	case lastResp != nil:
		v.LastResponse = fmt.Sprintf("%s at %s", lastResp.Type, when(lastResp.At))
		if lastResp.Detail != "" {
			v.LastResponse += ": " + text(lastResp.Detail)
		}
	case rec.LastOBStatus != "":
		v.LastResponse = "OB status " + text(rec.LastOBStatus)
	default:
		v.LastResponse = "none received"
	}
	return c.page(w, r, "Display Order Broker Details", v), http.StatusOK
}

// line is Display Order Broker Details for an order line with no record:
// why it was not brokered.
func (c *console) line(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	co, e1 := intParam(q, "company")
	ord, e2 := intParam(q, "order")
	ship, e3 := intParam(q, "shipto")
	seq, e4 := intParam(q, "seq")
	if err := errors.Join(e1, e2, e3, e4); err != nil {
		c.fail(w, r, http.StatusBadRequest, err)
		return
	}
	if c.opt.Orders == nil {
		c.fail(w, r, http.StatusNotFound, errors.New("this console has no order source: the lines that were not brokered are not shown"))
		return
	}
	key := broker.OrderKey{Company: co, Order: ord, ShipTo: ship}
	o, err := c.opt.Orders.Order(r.Context(), key)
	if err != nil {
		c.fail(w, r, http.StatusNotFound, fmt.Errorf("%s: %w", key, err))
		return
	}
	i := slices.IndexFunc(o.Lines, func(l broker.OrderLine) bool { return l.Seq == seq })
	if i < 0 {
		c.fail(w, r, http.StatusNotFound, fmt.Errorf("%s: no line with sequence %d", key, seq))
		return
	}
	s := c.notBrokered(o, o.Lines[i], c.opt.Now())
	v := detailsView{Row: s.recordRow, Reasons: s.Reasons, Description: s.NotBrokered,
		Fields: []field{{"Order", text(key.String())}, {"Line", strconv.Itoa(o.Lines[i].Number)}, {"Item", s.Item}}}
	c.render(w, http.StatusOK, "details.html", c.page(w, r, "Display Order Broker Details", v))
}

// cancel cancels a record's OB request (BRK-320) and shows the record.
func (c *console) cancel(w http.ResponseWriter, r *http.Request) {
	c.act(w, r, "cancel", func(id uuid.UUID) error {
		_, err := c.opt.Actions.Cancel(r.Context(), id, broker.UserCancel{
			ReasonCode: strings.TrimSpace(r.PostFormValue("reason_code")), ReasonText: strings.TrimSpace(r.PostFormValue("reason_text"))})
		return err
	})
}

// resend sends again what a W, G or H record waits on.
func (c *console) resend(w http.ResponseWriter, r *http.Request) {
	c.act(w, r, "resend", func(id uuid.UUID) error {
		rec, err := c.opt.Store.Record(r.Context(), id)
		if err != nil {
			return err
		}
		_, err = c.opt.Actions.Resend(r.Context(), rec)
		return err
	})
}

// act runs an action on the posted record: on success it redirects to the
// record's details (303); a refusal shows the details with the rule's
// message (409).
func (c *console) act(w http.ResponseWriter, r *http.Request, name string, do func(uuid.UUID) error) {
	if c.opt.Actions == nil {
		http.Error(w, "403 forbidden: this console takes no actions", http.StatusForbidden)
		return
	}
	id, err := uuid.Parse(r.PostFormValue("id"))
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, fmt.Errorf("record id %q: %w", redact.Value(r.PostFormValue("id")), err))
		return
	}
	if err := do(id); err != nil {
		msg := text(fmt.Sprintf("%s refused: %v", name, err))
		p, status := c.detailsPage(w, r, id)
		if status != http.StatusOK {
			c.render(w, status, "error.html", c.page(w, r, "Error", errorView{Message: msg}))
			return
		}
		p.Error = msg
		c.render(w, http.StatusConflict, "details.html", p)
		return
	}
	// A relative Location, resolved by the browser against the URL it
	// posted to: http.Redirect would resolve it against the path the
	// handler sees, without the prefix the host mounted it under.
	w.Header().Set("Location", "record?"+url.Values{"id": {id.String()}, "done": {name}}.Encode())
	w.WriteHeader(http.StatusSeeOther)
}
