package brokerweb_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerweb"
)

// client is a browser stand-in: a cookie jar, logged in as user.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func login(t *testing.T, srv *httptest.Server, user string) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &client{t: t, base: srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if user != "" {
		resp, err := c.http.Get(srv.URL + "/login?as=" + user)
		require.NoError(t, err)
		resp.Body.Close()
	}
	return c
}

func (c *client) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.http.Get(c.base + path)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, string(b)
}

func (c *client) post(path string, form url.Values, header http.Header) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp, string(b)
}

// cookieToken is the form token the console set in the cookie jar.
func (c *client) cookieToken() string {
	c.t.Helper()
	u, err := url.Parse(c.base + "/console/")
	require.NoError(c.t, err)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == brokerweb.CSRFCookie {
			return ck.Value
		}
	}
	c.t.Fatal("no form token cookie")
	return ""
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// token reads the form token from a page.
func token(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	require.NotNil(t, m, "the page has no form token")
	return m[1]
}

// The handler refuses by default: without an Authorize hook, and for a
// user the hook refuses, every screen answers 403 and shows no record.
func TestRefusedByDefault(t *testing.T) {
	w := newWorld(t)
	for name, opt := range map[string]brokerweb.Options{
		"no hook":      {Actions: w.runner},
		"unknown user": w.options(),
	} {
		t.Run(name, func(t *testing.T) {
			c := login(t, w.serve(opt), "stranger")
			for _, path := range []string{"/console/", "/console/order?company=6&order=8001", "/console/record?id=" + w.ids[orderPolled].String(),
				"/console/line?company=6&order=8005&shipto=1&seq=2"} {
				status, body := c.get(path)
				assert.Equal(t, http.StatusForbidden, status, path)
				assert.NotContains(t, body, "8001", path)
				assert.NotContains(t, body, "<table", path)
			}
			resp, _ := c.post("/console/cancel", url.Values{"id": {w.ids[orderAck].String()}}, nil)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode)
			assert.Equal(t, broker.StatusAcknowledged, w.rec(orderAck).Status)
		})
	}
}

// A viewer may look but not act: no action on the page, a POST refused.
func TestViewerCannotAct(t *testing.T) {
	w := newWorld(t)
	c := login(t, w.serve(w.options()), viewer)
	status, body := c.get("/console/record?id=" + w.ids[orderAck].String())
	require.Equal(t, http.StatusOK, status)
	assert.NotContains(t, body, "Cancel request")
	assert.NotContains(t, body, `name="csrf"`)
	resp, _ := c.post("/console/cancel", url.Values{"id": {w.ids[orderAck].String()}, "csrf": {c.cookieToken()}}, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Equal(t, broker.StatusAcknowledged, w.rec(orderAck).Status)
}

// Actions are POSTs protected against cross-site request forgery: a
// cross-site request (Sec-Fetch-Site, Origin) and a form without the
// cookie's token are refused and change nothing.
func TestCrossSitePostRefused(t *testing.T) {
	w := newWorld(t)
	srv := w.serve(w.options())
	c := login(t, srv, operator)
	_, body := c.get("/console/")
	tok := token(t, body)
	form := url.Values{"id": {w.ids[orderAck].String()}, "csrf": {tok}}
	for name, tc := range map[string]struct {
		form   url.Values
		header http.Header
	}{
		"Sec-Fetch-Site cross-site": {form, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		"foreign Origin":            {form, http.Header{"Origin": {"https://evil.example"}}},
		"no token":                  {url.Values{"id": form["id"]}, nil},
		"wrong token":               {url.Values{"id": form["id"], "csrf": {strings.Repeat("A", len(tok))}}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			resp, _ := c.post("/console/cancel", tc.form, tc.header)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode)
			assert.Equal(t, broker.StatusAcknowledged, w.rec(orderAck).Status, "nothing changed")
		})
	}
	resp, _ := c.post("/console/cancel", form, http.Header{"Sec-Fetch-Site": {"same-origin"}})
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "the same form from the console's own page")
	assert.Equal(t, broker.StatusPendingCancel, w.rec(orderAck).Status) // BRK-320
}

// Every value is escaped and no card number is shown: hostile text in a
// record and its trail reaches the page as text.
func TestHostileTextEscapedAndCardMasked(t *testing.T) {
	w := newWorld(t)
	c := login(t, w.serve(w.options()), operator)
	status, body := c.get("/console/record?id=" + w.ids[orderHostile].String())
	require.Equal(t, http.StatusOK, status)
	assert.NotContains(t, body, "<script>")
	assert.Contains(t, body, "&lt;script&gt;document.documentElement.dataset.pwned = &#34;yes&#34;&lt;/script&gt;")
	assert.NotContains(t, body, "<img src=x")
	assert.Contains(t, body, "&lt;img src=x onerror=")
	assert.NotContains(t, body, "<b>bad</b>")
	assert.NotContains(t, body, card)
	assert.NotContains(t, body, "4111")
	assert.Contains(t, body, "**** **** **** 1111")
}

// Work with Order Broker: the counts per status over the other filters,
// a status filter, pages, and the records waiting longer than their flow
// expects highlighted.
func TestWorkWithOrderBroker(t *testing.T) {
	w := newWorld(t)
	opt := w.options()
	opt.PageSize = 3
	opt.Waits = map[string]time.Duration{"F1": 150 * time.Minute}
	c := login(t, w.serve(opt), viewer)

	status, body := c.get("/console/")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]string{"A": "1", "K": "2", "P": "1", "U": "1", "W": "1", "X": "1", "Z": "1"}, counts(body))
	assert.Contains(t, body, "records 1–3 of 8")
	assert.Len(t, rows(body), 3)
	_, body2 := c.get("/console/?page=3")
	assert.Contains(t, body2, "records 7–8 of 8")
	assert.Len(t, rows(body2), 2)

	_, body = c.get("/console/?status=K")
	assert.Contains(t, body, "records 1–2 of 2")
	assert.ElementsMatch(t, []string{w.ids[orderAck].String(), w.ids[orderHostile].String()}, rows(body))
	assert.Equal(t, "2", counts(body)["K"])
	assert.Equal(t, "1", counts(body)["W"], "the counts are over every filter but status")

	// Overdue: W has waited 2h31m, past F1's 150 minutes; K changed 2h ago.
	_, body = c.get("/console/?status=K&status=W")
	assert.Len(t, rows(body), 3)
	assert.Equal(t, []string{w.ids[orderWaiting].String()}, overdue(body))
	_, body = c.get("/console/?status=X&status=Z&status=U")
	assert.Len(t, rows(body), 3)
	assert.Empty(t, overdue(body), "final statuses wait for nothing")

	_, body = c.get("/console/?order=8002")
	assert.Equal(t, []string{w.ids[orderAccepted].String()}, rows(body))
	_, body = c.get("/console/?location=STORE10")
	assert.ElementsMatch(t, []string{w.ids[orderPolled].String(), w.ids[orderAck].String()}, rows(body))
	_, body = c.get("/console/?flow=F1&company=6&age=2h15m")
	assert.Equal(t, []string{w.ids[orderWaiting].String()}, rows(body), "only W has not changed for 2h15m")

	status, body = c.get("/console/?status=&flow=&company=&order=&location=&age=") // the form with every filter at "any"
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "records 1–3 of 8")

	status, body = c.get("/console/?status=Q&order=abc")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, `status &#34;Q&#34;: not a record status letter`)
}

var (
	countRE   = regexp.MustCompile(`data-status="(.)"><span class="status">.</span> [^<]+ <b>(\d+)</b>`)
	rowRE     = regexp.MustCompile(`<tr data-id="([0-9a-f-]{36})"`)
	overdueRE = regexp.MustCompile(`<tr data-id="([0-9a-f-]{36})" class="overdue"`)
)

func counts(body string) map[string]string {
	out := map[string]string{}
	for _, m := range countRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func rows(body string) []string {
	var out []string
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func overdue(body string) []string {
	var out []string
	for _, m := range overdueRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// The details, summary and line screens and a refused cancel, without a
// browser (TestConsoleInBrowser drives the same in Chromium).
func TestScreensOverHTTP(t *testing.T) {
	w := newWorld(t)
	c := login(t, w.serve(w.options()), operator)

	status, body := c.get("/console/record?id=" + w.ids[orderAck].String())
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "Before you cancel, confirm that STORE10 has not begun shipping") // BRK-113
	hist := body[strings.Index(body, `id="history"`):]
	a, b := strings.Index(hist, broker.HistorySendOrderRequest.String()), strings.Index(hist, broker.HistoryReceiveOrderResponse.String())
	assert.True(t, a > 0 && a < b, "history in time order")

	status, body = c.get("/console/record?id=" + w.ids[orderShipped].String())
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "<td>UPS</td><td>1Z999AA10123456784</td>", "tracking")
	assert.NotContains(t, body, "Before you cancel", "X cannot be canceled")

	status, body = c.get("/console/order?company=6&order=8005")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "BRK-026: company 6 order 8005-001 line 2: item GIFTCARD: OROB eligible flag not selected") // BRK-026
	status, body = c.get("/console/line?company=6&order=8005&shipto=1&seq=2")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `<ul id="reasons"><li>BRK-026: company 6 order 8005-001 line 2: item GIFTCARD`) // BRK-026

	resp, body := c.post("/console/cancel", url.Values{"id": {w.ids[orderShipped].String()}, "csrf": {c.cookieToken()}}, nil)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, body, "cancel refused: broker: cancel record")
	assert.Contains(t, body, "the record is in a final status") // F1.19: X is final
	assert.Equal(t, broker.StatusCompleted, w.rec(orderShipped).Status)

	status, _ = c.get("/console/record?id=" + "00000000-0000-0000-0000-000000000000")
	assert.Equal(t, http.StatusNotFound, status)
}
