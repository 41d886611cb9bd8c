package brokerweb

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/omskit/omskit/broker"
)

// Access is what a request asks to do.
type Access int

// Accesses an Authorizer is asked about.
const (
	// Look: read a screen.
	Look Access = iota + 1
	// Act: cancel or resend a record.
	Act
)

// String names the access: "look" or "act".
func (a Access) String() string {
	switch a {
	case Look:
		return "look"
	case Act:
		return "act"
	}
	return fmt.Sprintf("access(%d)", int(a))
}

// Authorizer decides whether the user behind r may have access a. The host
// identifies the user its own way (its session, a header set by its
// proxy); an action is asked about as Act only, so a user who may act but
// not look can act from a page they already hold. A nil Authorizer refuses
// everyone.
type Authorizer func(r *http.Request, a Access) bool

// DefaultPageSize is the records per page of Work with Order Broker when
// Options.PageSize is 0.
const DefaultPageSize = 25

// DefaultWait is how long a record may wait in a status that is not final
// before it is highlighted, for a flow Options.Waits does not name.
const DefaultWait = time.Hour

// CSRFCookie is the name of the cookie holding the console's form token.
const CSRFCookie = "omskit_console_csrf"

// Options configure the console.
type Options struct {
	// Store is what the screens read; required.
	Store Store
	// Actions cancel and resend; nil shows no action and refuses every POST.
	Actions Actions
	// Authorize decides who may look and who may act; nil refuses everyone.
	Authorize Authorizer
	// Orders, when set, supplies the orders whose lines that were not
	// brokered the Brokered Backorder Summary lists, with the eligibility
	// reasons broker.CheckLine gives under Settings.
	Orders   broker.OrderSource
	Settings broker.Settings
	// Flows are the flow tables by name, for their final statuses and the
	// statuses a cancel applies from; nil means F1 to F4.
	Flows map[string]*broker.Flow
	// Waits is how long a record of each flow may wait in a status that is
	// not final before Work with Order Broker highlights it (DefaultWait
	// for a flow not named).
	Waits map[string]time.Duration
	// PageSize is the records per page; 0 means DefaultPageSize.
	PageSize int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Title heads every page; empty means "Order Broker".
	Title string
}

// ErrNoStore is returned by New when Options.Store is nil.
var ErrNoStore = errors.New("brokerweb: Options.Store is nil")

//go:embed templates/*.html
var templateFS embed.FS

// actionView is what the "actions" template gets: a record's row, the
// form token, and whether to show the cancel reason fields.
type actionView struct {
	Row          recordRow
	CSRF         string
	CanAct, Full bool
}

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"row":  func(p page, r recordRow) actionView { return actionView{Row: r, CSRF: p.CSRF, CanAct: p.CanAct} },
	"full": func(a actionView) actionView { a.Full = true; return a },
}).ParseFS(templateFS, "templates/*.html"))

// console is the handler New returns.
type console struct {
	opt   Options
	mux   *http.ServeMux
	cross *http.CrossOriginProtection
}

// New returns the console's handler.
func New(opt Options) (http.Handler, error) {
	if opt.Store == nil {
		return nil, ErrNoStore
	}
	if opt.Flows == nil {
		opt.Flows = map[string]*broker.Flow{}
		for _, f := range []*broker.Flow{&broker.BrokeredBackorder, &broker.ShipForPickup, &broker.ReceivedFromBroker, &broker.StorePickup} {
			opt.Flows[f.Name] = f
		}
	}
	if opt.PageSize <= 0 {
		opt.PageSize = DefaultPageSize
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Title == "" {
		opt.Title = "Order Broker"
	}
	c := &console{opt: opt, mux: http.NewServeMux(), cross: http.NewCrossOriginProtection()}
	c.mux.HandleFunc("GET /{$}", c.work)
	c.mux.HandleFunc("GET /order", c.summary)
	c.mux.HandleFunc("GET /record", c.details)
	c.mux.HandleFunc("GET /line", c.line)
	c.mux.HandleFunc("POST /cancel", c.cancel)
	c.mux.HandleFunc("POST /resend", c.resend)
	return c, nil
}

// ServeHTTP authorizes the request, then serves it. A refused request gets
// 403 and nothing about any record.
func (c *console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	access := Look
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		access = Act
	}
	if c.opt.Authorize == nil || !c.opt.Authorize(r, access) {
		http.Error(w, "403 forbidden: not authorized to "+access.String(), http.StatusForbidden)
		return
	}
	if access == Act {
		if err := c.cross.Check(r); err != nil {
			http.Error(w, "403 forbidden: cross-origin request refused", http.StatusForbidden)
			return
		}
		if !c.validToken(r) {
			http.Error(w, "403 forbidden: the form's token does not match; reload the page and try again", http.StatusForbidden)
			return
		}
	}
	c.mux.ServeHTTP(w, r)
}

// token returns the request's form token, setting a new cookie when it
// has none.
func (c *console) token(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(CSRFCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: CSRFCookie, Value: v, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	return v
}

// validToken reports whether the posted form token matches the cookie.
func (c *console) validToken(r *http.Request) bool {
	ck, err := r.Cookie(CSRFCookie)
	if err != nil || len(ck.Value) < 32 {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(ck.Value), []byte(r.PostFormValue("csrf"))) == 1
}

// render writes page name with data, buffered so that a template error
// never leaves half a page.
func (c *console) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "500 internal error: rendering the page failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail renders the error page.
func (c *console) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	c.render(w, status, "error.html", c.page(w, r, "Error", errorView{Message: text(err.Error())}))
}
