package brokertest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/omskit/omskit/broker/brokerhttp"
)

// Client settings of NewServer: short, so that fault tests stay fast.
const (
	DefaultClientTimeout = 300 * time.Millisecond
	DefaultClientBackoff = 10 * time.Millisecond
)

// NewServer starts sim on an httptest.Server, closed when the test ends,
// and returns a brokerhttp.Client pointed at it: per-attempt timeout
// DefaultClientTimeout, two attempts for the idempotent reads with
// DefaultClientBackoff. The client is a broker.Transport; change its fields
// before the first call to tune it.
func NewServer(t testing.TB, sim *Simulator) (*httptest.Server, *brokerhttp.Client) {
	t.Helper()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c := brokerhttp.New(srv.URL)
	c.HTTP = srv.Client()
	c.Timeout = DefaultClientTimeout
	c.Retry = brokerhttp.Retry{Attempts: 2, Backoff: DefaultClientBackoff, MaxBackoff: DefaultClientBackoff}
	return srv, c
}
