package engagehttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/orce/engage"
)

// Every answer maps onto a sentinel callers can branch on.
func TestErrorMapping(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		check  func(t *testing.T, err error)
	}{
		{"503", 503, "down", func(t *testing.T, err error) { assert.ErrorIs(t, err, engage.ErrUnavailable) }},
		{"404", 404, `{"code":"notFound","message":"order O-1 not found"}`, func(t *testing.T, err error) { assert.ErrorIs(t, err, engage.ErrNotFound) }},
		{"412 stale", 412, `{"code":"stale","message":"old"}`, func(t *testing.T, err error) { assert.ErrorIs(t, err, engage.ErrStaleVersion) }},
		{"409 duplicate", 409, `{"code":"duplicate","changed":true}`, func(t *testing.T, err error) {
			var dup *engage.DuplicateReceiptError
			require.ErrorAs(t, err, &dup)
			assert.True(t, dup.Changed)
		}},
		{"400 fields", 400, `{"code":"invalid","errors":[{"path":"lines[0].article","rule":"required"}]}`, func(t *testing.T, err error) {
			var ve *engage.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, []engage.FieldError{{Path: "lines[0].article", Rule: "required"}}, ve.Fields)
		}},
		{"400 garbage", 400, `<html>`, func(t *testing.T, err error) { assert.ErrorIs(t, err, engage.ErrBadResponse) }},
		{"200 garbage", 200, `<html>`, func(t *testing.T, err error) { assert.ErrorIs(t, err, engage.ErrBadResponse) }},
		{"418 other", 418, `{"message":"teapot"}`, func(t *testing.T, err error) {
			require.Error(t, err)
			assert.Contains(t, err.Error(), "status 418: teapot")
			assert.False(t, engage.Retryable(err))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(c.status)
				_, _ = w.Write([]byte(c.body))
			}))
			defer srv.Close()
			_, err := New(srv.URL, nil, "k").Order(context.Background(), "O-1")
			c.check(t, err)
			if c.name != "409 duplicate" { // a duplicate names the receipt instead
				assert.Contains(t, err.Error(), "order O-1")
			}
		})
	}
}

// FuzzDecodeError: no answer from the platform makes the client panic, and
// a 5xx is always retryable.
func FuzzDecodeError(f *testing.F) {
	f.Add(409, []byte(`{"code":"duplicate"}`))
	f.Add(400, []byte(`{"errors":[{"path":"x"}]}`))
	f.Add(500, []byte(``))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 400 || status > 599 {
			return
		}
		err := decodeError(status, body, "receipt R-1", "POST", PathReceipts)
		if err == nil {
			t.Fatal("an error status gave no error")
		}
		if status >= 500 && !engage.Retryable(err) {
			t.Fatalf("status %d not retryable: %v", status, err)
		}
	})
}
