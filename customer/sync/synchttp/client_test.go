package synchttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer/sync"
)

// Every answer maps onto a sentinel callers can branch on, and the error
// names the record.
func TestErrorMapping(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   error
	}{
		{502, "bad gateway", sync.ErrUnavailable},
		{404, `{"message":"person not found"}`, sync.ErrNotFound},
		{400, `{"errors":[{"path":"email","rule":"required"}]}`, sync.ErrInvalid},
		{400, `<html>`, sync.ErrBadResponse},
		{200, `<html>`, sync.ErrBadResponse},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(c.status)
			_, _ = w.Write([]byte(c.body))
		}))
		_, err := New(srv.URL, nil).Person(context.Background(), sync.Identity{Kind: sync.ByEmail, Value: "ann@x"})
		srv.Close()
		require.ErrorIs(t, err, c.want, "status %d", c.status)
		assert.Contains(t, err.Error(), "person email:ann@x")
	}
}
