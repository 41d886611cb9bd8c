package brokerweb_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "rewrite testdata/console.png, the screenshot the README shows")

// chromium returns the path of a Chromium or Chrome to drive. Without one
// the browser test skips, except under CI (CI set), where .ci/run installs
// the Debian packages chromium and chromium-driver and the test must run.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium under CI: .ci/run installs the Debian packages chromium and chromium-driver")
	}
	t.Skip("no Chromium installed (Debian: apt-get install chromium chromium-driver); the browser test is skipped")
	return ""
}

// tab is one headless Chromium tab driven through chromedp.
type tab struct {
	t    *testing.T
	ctx  context.Context
	shot string // the folder screenshots go to
}

func newTab(t *testing.T) *tab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.WindowSize(1280, 860),
		chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses its sandbox as root (CI containers)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	require.NoError(t, chromedp.Do(ctx), "start Chromium")
	shots := filepath.Join(t.TempDir(), "screenshots")
	if dir := os.Getenv("OMSKIT_SCREENSHOTS"); dir != "" {
		shots = dir // kept after the test, to look at
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	return &tab{t: t, ctx: ctx, shot: shots}
}

// do runs steps, each bounded by 20 seconds.
func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	require.NoError(b.t, chromedp.Do(ctx, steps...))
}

func (b *tab) open(url string) { b.t.Helper(); b.do(chromedp.Navigate(url)) }

// click clicks sel and waits for the page it leads to.
func (b *tab) click(sel string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel))))
	require.NoError(b.t, err, "click %s", sel)
}

func run[T any](b *tab, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	require.NoError(b.t, err)
	return v
}

func (b *tab) text(sel string) string { b.t.Helper(); return run(b, chromedp.Text(chromedp.CSS(sel))) }

func (b *tab) count(sel string) int {
	b.t.Helper()
	return run(b, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
}

// screenshot writes the page as name.png under the test's temporary
// folder (or OMSKIT_SCREENSHOTS, when set, to keep them) and returns the
// PNG.
func (b *tab) screenshot(name string) []byte {
	b.t.Helper()
	png := run(b, chromedp.FullScreenshot(100))
	path := filepath.Join(b.shot, name+".png")
	require.NoError(b.t, os.WriteFile(path, png, 0o644))
	b.t.Logf("screenshot %s", path)
	return png
}

// TestConsoleInBrowser drives the console in headless Chromium over a
// store the BROKER run filled against the simulator: each screen, a
// filter, a record opened, a request canceled (BRK-320) and a record
// resent, what the page shows and what the store holds afterwards; an
// unauthorized user, a cross-site POST and hostile record text.
func TestConsoleInBrowser(t *testing.T) {
	b := newTab(t)
	w := newWorld(t)
	opt := w.options()
	opt.Waits = map[string]time.Duration{"F1": 150 * time.Minute}
	srv := w.serve(opt)
	console := srv.URL + "/console/"

	// An unauthorized user gets nothing.
	b.open(console)
	assert.Contains(t, b.text("body"), "403 forbidden")
	assert.Zero(t, b.count("table"))
	b.open(console + "record?id=" + w.ids[orderAck].String())
	assert.NotContains(t, b.text("body"), "8005")

	// Work with Order Broker: counts per status, the overdue record.
	b.open(srv.URL + "/login?as=" + operator)
	assert.Equal(t, "Work with Order Broker", b.text("h1"))
	counts := b.text("#counts")
	for _, c := range []string{"K Acknowledged 2", "P Polled 1", "A Accepted 1", "X Completed 1", "W Waiting 1", "Z Canceled 1", "U Unfulfillable 1"} {
		assert.Contains(t, counts, c)
	}
	assert.Contains(t, b.text("#range"), "records 1–8 of 8")
	assert.Equal(t, 1, b.count("#records tr.overdue"))
	assert.Equal(t, 1, b.count(fmt.Sprintf(`#records tr.overdue[data-id=%q]`, w.ids[orderWaiting])), "W has waited past its flow's 150 minutes")
	png := b.screenshot("work-with-order-broker")
	if *updateScreenshot {
		require.NoError(t, os.WriteFile(filepath.Join("testdata", "console.png"), png, 0o644))
	}

	// Filter by status.
	b.do(chromedp.SetValue(chromedp.CSS(`select[name=status]`), "K"))
	b.click("#apply")
	assert.Contains(t, run(b, chromedp.Location()), "status=K")
	assert.Equal(t, 2, b.count("#records tr[data-id]"))
	assert.Contains(t, b.text("#range"), "records 1–2 of 2")

	// Open a record: Display Order Broker Details.
	ack := w.rec(orderAck)
	b.click(fmt.Sprintf(`tr[data-id=%q] a[href^="record"]`, ack.ID))
	assert.Equal(t, "Display Order Broker Details", b.text("h1"))
	fields := b.text("#fields")
	assert.Contains(t, fields, ack.RequestID)
	assert.Contains(t, fields, "STORE10")
	history := b.text("#history")
	assert.Contains(t, history, broker.HistorySendOrderRequest.String())
	assert.Less(t, strings.Index(history, broker.HistorySendOrderRequest.String()), strings.Index(history, broker.HistoryReceiveOrderResponse.String()),
		"history in time order")
	assert.Contains(t, b.text("#last"), "status inquiry at 2026-03-02 09:31:00 UTC for request "+ack.RequestID)
	b.screenshot("display-order-broker-details")

	// BRK-113: the cancel says the store may have begun shipping since OMS last asked.
	assert.Contains(t, b.text("#cancel-warning"), "confirm that STORE10 has not begun shipping") // BRK-113
	assert.Contains(t, b.text("#cancel-warning"), "last at 2026-03-02 09:31:00 UTC")

	// Cancel the request: K goes to Y, Pending Cancel (BRK-320, F1.20).
	b.do(chromedp.SendKeys(chromedp.CSS(`input[name=reason_code]`), "1"), chromedp.SendKeys(chromedp.CSS(`input[name=reason_text]`), "CUSTOMER REQUEST"))
	b.click(`#actions button[value=cancel]`)
	assert.Contains(t, b.text("#notice"), "Cancel accepted: the record is now Y (Pending Cancel).")
	assert.Contains(t, b.text("#fields"), "1 CUSTOMER REQUEST")
	got := w.rec(orderAck)
	assert.Equal(t, broker.StatusPendingCancel, got.Status) // BRK-320
	assert.Equal(t, "1", got.CancelReasonCode)
	assert.Equal(t, "CUSTOMER REQUEST", got.CancelReasonText)
	assert.False(t, got.LineCanceled, "the screen cancels the request, not the line")

	// Hostile record text is shown as text, never run; no card number.
	b.open(console + "record?id=" + w.ids[orderHostile].String())
	assert.Contains(t, b.text("#fields"), hostileLocation)
	assert.Contains(t, b.text("#history"), `<img src=x onerror="alert(1)">`)
	assert.Zero(t, b.count("script"), "no script element on the page")
	assert.Zero(t, b.count("#history img"))
	assert.Equal(t, "", run(b, chromedp.Evaluate[string](`document.documentElement.dataset.pwned || ""`)))
	assert.NotContains(t, b.text("body"), card)
	assert.Contains(t, b.text("#history"), "**** **** **** 1111")

	// A cancel the rules refuse shows their message and writes nothing:
	// the host canceled order 8007 meanwhile and OB confirmed (Z, final).
	_, err := w.runner.Cancel(context.Background(), w.ids[orderHostile], broker.UserCancel{ReasonCode: "2"})
	require.NoError(t, err)
	w.run()
	require.Equal(t, broker.StatusCanceled, w.rec(orderHostile).Status)
	before := w.rec(orderHostile)
	b.click(`#actions button[value=cancel]`)
	assert.Contains(t, b.text("#error"), "cancel refused")
	assert.Contains(t, b.text("#error"), "the record is in a final status")
	assert.Equal(t, before, w.rec(orderHostile))

	// Resend the W record: its SubmitOrder goes again and OB acknowledges.
	b.open(console + "?status=W")
	b.click(fmt.Sprintf(`tr[data-id=%q] button[value=resend]`, w.ids[orderWaiting]))
	assert.Contains(t, b.text("#notice"), "Sent again: the record is now K (Acknowledged).")
	assert.Equal(t, broker.StatusAcknowledged, w.rec(orderWaiting).Status)
	assert.Equal(t, 2, w.sim.SubmitCount(broker.OrderID(key(orderWaiting)), 1), "sent twice: the first got no answer")

	// Brokered Backorder Summary: the brokered line and the one that was
	// not, with its reason (BRK-026).
	b.open(console + "order?company=6&order=8005")
	assert.Equal(t, "Brokered Backorder Summary", b.text("h1"))
	lines := b.text("#lines")
	assert.Contains(t, lines, "Z Canceled", "OB confirmed the cancel in the run above")
	assert.Contains(t, lines, "not brokered")
	assert.Contains(t, lines, "BRK-026")
	b.screenshot("brokered-backorder-summary")
	b.click(`tr.not-brokered a`)
	assert.Equal(t, "Display Order Broker Details", b.text("h1"))
	assert.Contains(t, b.text("#reasons"), "item GIFTCARD: OROB eligible flag not selected") // BRK-026
	b.screenshot("line-not-brokered")

	// A cross-site POST is refused: a page on another site posts the
	// cancel form to the console; nothing changes.
	polled := w.rec(orderPolled)
	evil := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(rw, `<body onload="document.forms[0].submit()"><form method="post" action="%scancel">`+
			`<input name="id" value="%s"><input name="csrf" value="guess"></form></body>`, console, polled.ID)
	}))
	t.Cleanup(evil.Close)
	b.open(strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)) // another site than 127.0.0.1
	b.do(chromedp.WaitVisible(chromedp.CSS("body")))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasPrefix(run(b, chromedp.Location()), console) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	assert.Contains(t, b.text("body"), "403 forbidden")
	assert.Equal(t, polled, w.rec(orderPolled), "the cross-site POST changed nothing")
}
