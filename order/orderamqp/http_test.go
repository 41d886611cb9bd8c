package orderamqp

import (
	"bytes"
	"net/http"
	"net/http/httptest"

	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/order/orderhttp"
)

// httpHandler posts messages to an orderhttp.Handler on p and returns the
// status and body.
func httpHandler(p *orderapi.Processor) func([]byte) (int, []byte) {
	h := orderhttp.New(p, orderhttp.Options{})
	return func(msg []byte) (int, []byte) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/cworderin", bytes.NewReader(msg)))
		return rec.Code, rec.Body.Bytes()
	}
}
