package orderhttp_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order/orderhttp"
)

// serve runs one request through h.
func serve(h http.Handler, method string, body io.Reader) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, "/cworderin", body))
	return rec
}

func TestHandlerAnswers(t *testing.T) {
	t.Parallel()
	env := intaketest.New()
	h := orderhttp.New(env.Processor(), orderhttp.Options{})
	msg := intaketest.Sample(t, "simple_order_with_payment.xml")

	first := serve(h, http.MethodPost, bytes.NewReader(msg))
	require.Equal(t, http.StatusOK, first.Code, first.Body.String())
	assert.Equal(t, "application/xml; charset=utf-8", first.Header().Get("Content-Type"))
	assert.Equal(t, "false", first.Header().Get(orderhttp.HeaderReplayed))
	again := serve(h, http.MethodPost, bytes.NewReader(msg))
	assert.Equal(t, "true", again.Header().Get(orderhttp.HeaderReplayed), "ORD-010: the same bytes again are a replay")
	assert.Equal(t, first.Body.String(), again.Body.String(), "ORD-010: answered the same")

	none := serve(h, http.MethodPost, bytes.NewReader(intaketest.Sample(t, "batch_first.xml")))
	assert.Equal(t, http.StatusNoContent, none.Code, "ORD-019: response_type N answers nothing")
	assert.Empty(t, none.Body.String())

	bad := serve(h, http.MethodPost, strings.NewReader("<Message>"))
	assert.Equal(t, http.StatusBadRequest, bad.Code, "message-formats.md §1.5: the Invalid XML Message reply")
	assert.True(t, strings.HasPrefix(bad.Body.String(), "Invalid XML Message:\n"))
	assert.Equal(t, "text/plain; charset=utf-8", bad.Header().Get("Content-Type"))

	dup := serve(h, http.MethodPost, bytes.NewReader(bytes.Replace(msg, []byte(`quantity="2"`), []byte(`quantity="3"`), 1)))
	assert.Equal(t, http.StatusConflict, dup.Code, "ORD-010: another message under a taken order number")
	assert.Equal(t, `order_number "WEB-100231" was taken in before with a different message (ORD-010); nothing written`+"\n", dup.Body.String())

	wrong := serve(h, http.MethodGet, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, wrong.Code)
	assert.Equal(t, http.MethodPost, wrong.Header().Get("Allow"))

	env.Store.SetDown(true)
	down := serve(h, http.MethodPost, bytes.NewReader(intaketest.Order("web-9", "")))
	assert.Equal(t, http.StatusInternalServerError, down.Code)
	assert.Equal(t, "order intake failed; send the same message again later\n", down.Body.String())
	assert.Len(t, env.Orders.Orders(), 2)
}

// Issue 17.7: a body over the limit is refused and nothing is stored, both
// when its length is declared (nothing is read) and when it is chunked
// (nothing past the limit is read).
func TestHandlerTooLarge(t *testing.T) {
	t.Parallel()
	env := intaketest.New()
	p := env.Processor()
	p.Options.MaxBytes = 1000
	h := orderhttp.New(p, orderhttp.Options{})
	big := intaketest.Sample(t, "simple_order_with_payment.xml")
	require.Greater(t, len(big), 1000)

	declared := serve(h, http.MethodPost, bytes.NewReader(big))
	assert.Equal(t, http.StatusRequestEntityTooLarge, declared.Code)
	assert.Equal(t, "Invalid XML Message:\nErrors:\nxmlmsg: message too large: more than 1000 bytes\n", declared.Body.String())

	read := 0
	chunked := httptest.NewRequest(http.MethodPost, "/cworderin", countingReader{r: bytes.NewReader(big), n: &read})
	chunked.ContentLength = -1
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, chunked)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.LessOrEqual(t, read, 1000+bytes.MinRead, "nothing read far past the limit")
	assert.Empty(t, env.Orders.Orders(), "issue 17.7: nothing stored for a body over the limit")
}

type countingReader struct {
	r io.Reader
	n *int
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += n
	return n, err
}

// Issue 17.7: at most MaxInFlight bodies at once; the next request gets 503
// with Retry-After (whole seconds, rounded up) without its body being read.
func TestHandlerMaxInFlight(t *testing.T) {
	t.Parallel()
	env := intaketest.New()
	h := orderhttp.New(env.Processor(), orderhttp.Options{MaxInFlight: 1, RetryAfter: 1500 * time.Millisecond})
	msg := intaketest.Sample(t, "simple_order_with_payment.xml")

	pr, pw := io.Pipe()
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- serve(h, http.MethodPost, pr) }()
	_, err := pw.Write(msg[:100]) // the handler holds its slot, reading
	require.NoError(t, err)

	read := 0
	busy := httptest.NewRecorder()
	h.ServeHTTP(busy, httptest.NewRequest(http.MethodPost, "/cworderin", countingReader{r: bytes.NewReader(msg), n: &read}))
	assert.Equal(t, http.StatusServiceUnavailable, busy.Code)
	assert.Equal(t, "2", busy.Header().Get("Retry-After"))
	assert.Zero(t, read, "the body of a refused request is not read")

	_, err = pw.Write(msg[100:])
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	assert.Equal(t, http.StatusOK, (<-done).Code)
	assert.Equal(t, http.StatusOK, serve(h, http.MethodPost, bytes.NewReader(msg)).Code, "the slot is free again")
}

// The request's context bounds the intake: a cancelled request writes
// nothing.
func TestHandlerCancelled(t *testing.T) {
	t.Parallel()
	env := intaketest.New()
	h := orderhttp.New(env.Processor(), orderhttp.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/cworderin", bytes.NewReader(intaketest.Order("web-1", "")))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Empty(t, env.Orders.Orders())
}
