package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pgtest"
	"github.com/omskit/omskit/internal/syncbuf"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/order/orderhttp"
	"github.com/omskit/omskit/storage/sqlstore"
	"github.com/omskit/omskit/xmlmsg"
)

const card = "4111111111111111" // the public test card of the bundled samples

// sample reads a bundled CWORDERIN sample.
func sample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "xmlmsg", "testdata", "cworderin", name))
	require.NoError(t, err)
	return data
}

// server is one run of the program on 127.0.0.1:0.
type server struct {
	url  string // http://127.0.0.1:port/cworderin
	logs *syncbuf.Buffer
	stop func() error // cancels run's context and returns run's error
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// start runs the program with args (plus -addr=127.0.0.1:0) and waits until
// it prints the URL it listens on.
func start(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &server{logs: &syncbuf.Buffer{}}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"-addr=127.0.0.1:0"}, args...), pw, s.logs)
		_ = pw.CloseWithError(fmt.Errorf("run returned: %v", err))
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err, "run did not start; logs:\n%s", s.logs)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	m := listening.FindStringSubmatch(line)
	require.NotNil(t, m, line)
	s.url = m[1]
	var once sync.Once
	var runErr error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(15 * time.Second):
				runErr = fmt.Errorf("run did not return after cancel")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = s.stop() })
	return s
}

// reply is one HTTP answer.
type reply struct {
	status   int
	body     string
	ctype    string
	replayed string
}

func post(t *testing.T, url string, body []byte) reply {
	t.Helper()
	resp, err := http.Post(url, "application/xml", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, body: string(b), ctype: resp.Header.Get("Content-Type"),
		replayed: resp.Header.Get(orderhttp.HeaderReplayed)}
}

// decodeOut decodes a CWORDEROUT body.
func decodeOut(t *testing.T, body string, v xmlmsg.CWOVersion) *xmlmsg.CWOrderOut {
	t.Helper()
	out, err := xmlmsg.DecodeCWOrderOut([]byte(body), xmlmsg.CWOOptions{Version: v})
	require.NoError(t, err, body)
	return out
}

func attr(out *xmlmsg.CWOrderOut, name string) string {
	for _, a := range out.Header.Other {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// count returns the number of rows in table.
func count(t *testing.T, db *sqlstore.DB, table string) int {
	t.Helper()
	var n int
	require.NoError(t, db.SQL().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}

// exchange is the behaviour the service promises on any store: a bundled
// sample answered with its CWORDEROUT, the same bytes again answered the
// same (and written once), garbage answered with the masked "Invalid XML
// Message:" reply, an oversize body refused with 413. It returns the first
// CWORDEROUT.
func exchange(t *testing.T, s *server) string {
	t.Helper()
	msg := sample(t, "simple_order_with_payment.xml")

	// ORD-055: response_type D gives the detailed CWORDEROUT without errors.
	first := post(t, s.url, msg)
	require.Equal(t, http.StatusOK, first.status, first.body)
	assert.Equal(t, "application/xml; charset=utf-8", first.ctype)
	assert.Equal(t, "false", first.replayed)
	out := decodeOut(t, first.body, xmlmsg.CWOVersionOMS5)
	assert.Equal(t, xmlmsg.CWOResponseDetail, out.Kind)
	assert.Equal(t, "WEB-100231", out.Header.ReferenceOrderNumber)
	assert.Equal(t, 1, out.Header.OrderID, "first order number of a new database")
	assert.Equal(t, 1, out.Header.CustomerNumber, "the sold-to was created")
	assert.Equal(t, "O", attr(out, "order_status"))
	assert.Equal(t, "78.73", attr(out, "order_total"))
	require.Len(t, out.Header.ShipTos, 1)
	assert.Len(t, out.Header.ShipTos[0].Details, 2)

	// The same order posted again: the same answer, marked as a replay.
	again := post(t, s.url, msg)
	require.Equal(t, http.StatusOK, again.status, again.body)
	assert.Equal(t, first.body, again.body)
	assert.Equal(t, "true", again.replayed)

	// Garbage with a card number in it: the masked reply (message-formats.md §1.5).
	garbage := []byte(`<Message type="CWORDERIN"><Header order_number="x" cc_number="` + card + `"> not closed ` + card)
	bad := post(t, s.url, garbage)
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Equal(t, "text/plain; charset=utf-8", bad.ctype)
	assert.True(t, strings.HasPrefix(bad.body, "Invalid XML Message:\n"), bad.body)
	assert.Contains(t, bad.body, "************1111")
	assert.Contains(t, bad.body, "Errors:\n")
	assert.NotContains(t, bad.body, card)

	// A well-formed message with a spaced card number that breaks a field
	// rule: the card is masked in the reply and in the log.
	spaced := "4111 1111 1111 1111"
	fields := bytes.Replace(msg, []byte(`cc_number="`+card+`"`), []byte(`cc_number="`+spaced+`"`), 1)
	fields = bytes.Replace(fields, []byte(`company_code="555"`), []byte(`company_code="AB"`), 1)
	require.Contains(t, string(fields), spaced)
	inv := post(t, s.url, fields)
	assert.Equal(t, http.StatusBadRequest, inv.status)
	assert.Contains(t, inv.body, `Header/@company_code: value "AB" breaks numeric`)
	assert.NotContains(t, inv.body, spaced)
	assert.Contains(t, s.logs.String(), `msg="message refused"`)
	assert.Contains(t, s.logs.String(), `errors="Header/@company_code: value \"AB\" breaks numeric`, "the log lists the errors")
	assert.NotContains(t, s.logs.String(), spaced)

	// Over -max-bytes: 413, nothing read past the limit.
	big := post(t, s.url, bytes.Repeat([]byte("x"), 300<<10))
	assert.Equal(t, http.StatusRequestEntityTooLarge, big.status)
	assert.Contains(t, big.body, "more than 262144 bytes")

	assert.NotContains(t, s.logs.String(), card, "logs never carry a card number")
	return first.body
}

// The service on SQLite: the exchange, nothing doubled in the database, and
// the same answer again after a restart on the same file.
func TestServeSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	s := start(t, "-db="+path, "-max-bytes=262144")
	first := exchange(t, s)
	require.NoError(t, s.stop())

	db, err := sqlstore.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	assert.Equal(t, 1, count(t, db, "omskit_order"), "the order is written once")
	assert.Equal(t, 1, count(t, db, "omskit_intake"))
	require.NoError(t, db.Close())

	restarted := start(t, "-db="+path)
	again := post(t, restarted.url, sample(t, "simple_order_with_payment.xml"))
	assert.Equal(t, http.StatusOK, again.status)
	assert.Equal(t, "true", again.replayed, "the idempotency record is in the database, not in memory")
	assert.Equal(t, first, again.body)
}

// The same exchange on PostgreSQL (-dsn).
func TestServePostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	s := start(t, "-dsn="+dsn, "-max-bytes=262144")
	exchange(t, s)
	require.NoError(t, s.stop())

	db, err := sqlstore.OpenPostgres(context.Background(), dsn)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, 1, count(t, db, "omskit_order"), "the order is written once")
	assert.Equal(t, 1, count(t, db, "omskit_intake"))
}

// The other answers: no content for response type N, a conflict for a
// different message under a taken order number, the payment-only message
// naming the order by the order_id the first answer gave.
func TestServeAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	s := start(t, "-db="+path)

	// ORD-019: a batched order asks for no response: 204, nothing in the body.
	n := post(t, s.url, sample(t, "batch_first.xml"))
	assert.Equal(t, http.StatusNoContent, n.status)
	assert.Empty(t, n.body)
	assert.Equal(t, "false", n.replayed)

	// ORD-010: another message under a taken order_number is refused with 409.
	msg := sample(t, "simple_order_with_payment.xml")
	require.Equal(t, http.StatusOK, post(t, s.url, msg).status)
	changed := bytes.Replace(msg, []byte(`quantity="2"`), []byte(`quantity="3"`), 1)
	require.NotEqual(t, msg, changed)
	dup := post(t, s.url, changed)
	assert.Equal(t, http.StatusConflict, dup.status)
	// Issue 17.8: the reply names the order number as the sender wrote it,
	// not the intake's internal idempotency key.
	assert.Equal(t, `order_number "WEB-100231" was taken in before with a different message (ORD-010); nothing written`+"\n", dup.body)
	assert.NotRegexp(t, `\b(order|payment):\S`, dup.body)
	assert.Contains(t, s.logs.String(), `msg="message refused: order number taken by another message"`)

	// ORD-056: the first message when payment follows gets the acknowledgement.
	ack := post(t, s.url, sample(t, "initial_order_no_payment.xml"))
	require.Equal(t, http.StatusOK, ack.status, ack.body)
	out := decodeOut(t, ack.body, xmlmsg.CWOVersionOMS5)
	assert.Equal(t, xmlmsg.CWOResponseAck, out.Kind)
	require.NotZero(t, out.Header.OrderID)

	// ORD-057: the payment-only message names the order by that order_id.
	pay := bytes.Replace(sample(t, "payment_only.xml"), []byte(`rdc_order_nbr="6431"`),
		[]byte(fmt.Sprintf(`rdc_order_nbr="%d"`, out.Header.OrderID)), 1)
	require.Contains(t, string(pay), fmt.Sprintf(`rdc_order_nbr="%d"`, out.Header.OrderID))
	paid := post(t, s.url, pay)
	assert.Equal(t, http.StatusNoContent, paid.status, paid.body)
	// Issue 17.8: the payment-only message has no order_number of its own;
	// its log line names the order it paid for, never a blank number.
	assert.Regexp(t, fmt.Sprintf(`msg="order taken in" .*order_number=WEB-100233 rdc_order_nbr=%d `, out.Header.OrderID), s.logs.String())

	// ORD-057: naming no order is refused as a whole, with the masked reply.
	orphan := post(t, s.url, sample(t, "payment_only.xml"))
	assert.Equal(t, http.StatusBadRequest, orphan.status)
	assert.Contains(t, orphan.body, `rdc_order_nbr "6431": names no order (ORD-057)`)
	assert.NotContains(t, orphan.body, card)

	assert.NotContains(t, s.logs.String(), `order_number=""`, "issue 17.8: no log line has a blank order number")
	assert.NotRegexp(t, `\b(order|payment):\S`, s.logs.String(), "issue 17.8: logs never show the internal idempotency key")

	wrong := httpDo(t, http.MethodGet, s.url)
	assert.Equal(t, http.StatusMethodNotAllowed, wrong.StatusCode)
	assert.Equal(t, http.MethodPost, wrong.Header.Get("Allow"))
	health := httpDo(t, http.MethodGet, strings.TrimSuffix(s.url, pathCWOrderIn)+"/healthz")
	assert.Equal(t, http.StatusOK, health.StatusCode)
	require.NoError(t, s.stop())

	db, err := sqlstore.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer db.Close()
	orders := db.OrderStore()
	id, err := orders.OrderIDByNumber(context.Background(), out.Header.OrderID)
	require.NoError(t, err)
	o, err := orders.Order(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, order.StatusOpen, o.Status, "ORD-057: the payment completed the order")
	assert.Len(t, o.Payments, 1)
}

func httpDo(t *testing.T, method, url string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	require.NoError(t, resp.Body.Close())
	return resp
}

// -version cwdirect18 reads and writes implied decimals (message-formats.md
// §1.2); -settings and -catalog replace the demo set-up.
func TestServeVersionSettingsCatalog(t *testing.T) {
	dir := t.TempDir()
	s := start(t, "-db="+filepath.Join(dir, "orders.db"), "-version=cwdirect18",
		"-settings="+filepath.Join("testdata", "settings.json"), "-catalog="+filepath.Join("testdata", "catalog.json"))
	r := post(t, s.url, sample(t, "simple_order_cwdirect18.xml"))
	require.Equal(t, http.StatusOK, r.status, r.body)
	out := decodeOut(t, r.body, xmlmsg.CWOVersionCWDirect18)
	assert.Equal(t, "7873", attr(out, "order_total"), "78.73 written back with implied decimals")
	// testdata/settings.json sets I56 = N: the totals are preliminary (ORD-007).
	assert.Equal(t, "N", attr(out, "totals_final"))
	assert.Equal(t, "O", attr(out, "order_status"))

	// testdata/catalog.json holds SKU00001 and SKU00002 only: a line for
	// SKU00099 (in the demo catalog, not in this one) is an item error
	// (ORD-080), so the order is taken in error status (ORD-005).
	other := bytes.Replace(sample(t, "simple_order_cwdirect18.xml"), []byte(`item_id="SKU00002"`), []byte(`item_id="SKU00099"`), 1)
	other = bytes.Replace(other, []byte(`order_number="web-100232"`), []byte(`order_number="web-900001"`), 1)
	require.Contains(t, string(other), "SKU00099")
	e := post(t, s.url, other)
	require.Equal(t, http.StatusOK, e.status, e.body)
	assert.Equal(t, "E", attr(decodeOut(t, e.body, xmlmsg.CWOVersionCWDirect18), "order_status"))
}

// SIGINT/SIGTERM (the cancelled context) lets a request in flight finish
// before run returns.
func TestGracefulShutdown(t *testing.T) {
	s := start(t, "-db="+filepath.Join(t.TempDir(), "orders.db"), "-log-level=debug")
	msg := sample(t, "simple_order_with_payment.xml")
	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(s.url, pathCWOrderIn), "http://"))
	require.NoError(t, err)
	defer conn.Close()
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: orderin\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n\r\n", pathCWOrderIn, len(msg))
	_, err = conn.Write(append([]byte(head), msg[:100]...))
	require.NoError(t, err)
	// The handler is running (and reading the body) once it logged the request.
	require.Eventually(t, func() bool { return strings.Contains(s.logs.String(), "msg=request method=POST") },
		5*time.Second, 5*time.Millisecond)

	stopped := make(chan error, 1)
	go func() { stopped <- s.stop() }()
	select {
	case err := <-stopped:
		t.Fatalf("run returned while a request was in flight: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	_, err = conn.Write(msg[100:])
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Contains(t, string(body), `reference_order_number="WEB-100231"`)
	require.NoError(t, <-stopped)
	assert.Contains(t, s.logs.String(), "msg=stopped")
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad version", []string{"-version=17"}, `flag -version "17": want oms5`},
		{"bad max bytes", []string{"-max-bytes=0"}, "flag -max-bytes 0: must be positive"},
		{"bad timeout", []string{"-shutdown-timeout=-1s"}, "flag -shutdown-timeout -1s: must be positive"},
		{"no store", []string{"-db="}, "flag -db is empty and no -dsn given"},
		{"argument", []string{"extra"}, `unexpected argument "extra"`},
		{"bad level", []string{"-log-level=loud"}, `flag -log-level "loud"`},
		{"settings file", []string{"-db=:memory:", "-settings=" + filepath.Join("testdata", "no-such.json")}, "settings file: open"},
		{"catalog file", []string{"-db=:memory:", "-catalog=" + filepath.Join("testdata", "no-such.json")}, "catalog file"},
		{"bad catalog", []string{"-db=:memory:", "-catalog=" + filepath.Join("testdata", "settings.json")}, `unknown field "G41"`},
		{"bad settings", []string{"-db=:memory:", "-settings=" + filepath.Join("testdata", "catalog.json")}, "settings file"},
		{"listen", []string{"-db=:memory:", "-addr=127.0.0.1:-1"}, "listen on 127.0.0.1:-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tc.args, &out, &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-h"}, &out, &out))
	assert.Contains(t, out.String(), "usage: orderin [flags]")
	assert.Contains(t, out.String(), "-dsn")
}

// The same order posted by several clients at once is taken in once: every
// client gets the same CWORDEROUT and exactly one answer is not a replay.
func TestConcurrentSameOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	s := start(t, "-db="+path)
	msg := sample(t, "simple_order_with_payment.xml")
	const clients = 8
	replies := make([]reply, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(s.url, "application/xml", bytes.NewReader(msg))
			if !assert.NoError(t, err) {
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			assert.NoError(t, err)
			replies[i] = reply{status: resp.StatusCode, body: string(b), replayed: resp.Header.Get(orderhttp.HeaderReplayed)}
		}()
	}
	wg.Wait()
	fresh := 0
	for _, r := range replies {
		require.Equal(t, http.StatusOK, r.status, r.body)
		assert.Equal(t, replies[0].body, r.body)
		if r.replayed == "false" {
			fresh++
		}
	}
	assert.Equal(t, 1, fresh, "one client's message was taken in, the others replayed")
	require.NoError(t, s.stop())

	db, err := sqlstore.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, 1, count(t, db, "omskit_order"))
}

// Issue 17.7: at most -max-in-flight bodies are read and processed at once;
// a request over that gets 503 with Retry-After, without its body being
// read, and goes through once a slot is free.
func TestMaxInFlight(t *testing.T) {
	s := start(t, "-db="+filepath.Join(t.TempDir(), "orders.db"), "-max-in-flight=2")
	msg := sample(t, "simple_order_with_payment.xml")
	host := strings.TrimPrefix(strings.TrimSuffix(s.url, pathCWOrderIn), "http://")
	// Two clients send their headers and half a body: the two slots are taken
	// while the handlers wait for the rest.
	var held []net.Conn
	for i := range 2 {
		body := bytes.Replace(msg, []byte("web-100231"), []byte(fmt.Sprintf("web-70000%d", i)), 1)
		conn, err := net.Dial("tcp", host)
		require.NoError(t, err)
		defer conn.Close()
		head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: orderin\r\nContent-Length: %d\r\n\r\n", pathCWOrderIn, len(body))
		_, err = conn.Write(append([]byte(head), body[:100]...))
		require.NoError(t, err)
		held = append(held, conn)
		defer func() {
			_, err := conn.Write(body[100:])
			require.NoError(t, err)
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode, "a held request completes once its body arrives")
			_ = resp.Body.Close()
		}()
	}
	var busy *http.Response
	require.Eventually(t, func() bool {
		resp, err := http.Post(s.url, "application/xml", bytes.NewReader(msg))
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		busy = resp
		return resp.StatusCode == http.StatusServiceUnavailable
	}, 25*time.Second, 10*time.Millisecond, "a third message while two are in flight")
	assert.Equal(t, "1", busy.Header.Get("Retry-After"))
	assert.Contains(t, s.logs.String(), `msg="request refused: too many messages in flight" max_in_flight=2`)
	require.Len(t, held, 2)
}

// Issue 17.7: 64 clients sending 1 MB bodies at once leave the heap bounded
// (the bodies are over the byte limit: refused before they are read) and
// store nothing; the service answers every one of them and keeps taking
// orders.
func TestConcurrentLargeBodies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	s := start(t, "-db="+path)
	// A CWORDERIN grown to 1 MB by a long address: well-formed, and over the
	// order API's 65,000-character limit.
	msg := sample(t, "simple_order_with_payment.xml")
	big := bytes.Replace(msg, []byte(`sold_to_address1="`), []byte(`sold_to_address1="`+strings.Repeat("A", 1<<20-len(msg))), 1)
	require.Len(t, big, 1<<20)

	const clients = 64
	// heapBound is what the 64 requests may add to the live heap at their
	// peak: the bodies are refused unread, so a few MB for the connections;
	// without the bounds the same load held well over 300 MB.
	const heapBound = 64 << 20
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := uint64(0)
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	statuses := make([]int, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(s.url, "application/xml", bytes.NewReader(big))
			if err != nil {
				statuses[i] = -1 // the server closed the connection on a refused body
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	t.Logf("heap in use: %d MB before, %d MB at the peak", before.HeapInuse>>20, peak>>20)
	assert.Less(t, peak-min(peak, before.HeapInuse), uint64(heapBound), "issue 17.7: 64 × 1 MB bodies keep the heap bounded")
	for _, st := range statuses {
		assert.Contains(t, []int{http.StatusRequestEntityTooLarge, http.StatusServiceUnavailable, -1}, st)
	}
	assert.Contains(t, statuses, http.StatusRequestEntityTooLarge)

	// Still taking orders.
	ok := post(t, s.url, msg)
	require.Equal(t, http.StatusOK, ok.status, ok.body)
	require.NoError(t, s.stop())
	db, err := sqlstore.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, 1, count(t, db, "omskit_order"), "issue 17.7: nothing stored for a body over the limit")
	assert.Equal(t, 1, count(t, db, "omskit_intake"))
}
