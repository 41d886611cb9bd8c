package simhttp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandlerAppliesFaultsInOrder(t *testing.T) {
	in := New[string](2 * time.Second)
	in.GarbageBody, in.GarbageType = "<html>no</html>", "application/json"
	ran := 0
	srv := httptest.NewServer(in.Handler("op", func(*http.Request) Result {
		ran++
		return Result{Status: http.StatusCreated, Body: map[string]int{"n": ran}}
	}))
	defer srv.Close()
	get := func(ctx context.Context) (*http.Response, string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b), nil
	}

	in.Inject("op", Fault{Kind: ServerError})
	in.Inject("op", Fault{Kind: Garbage, AfterCommit: true})
	in.Inject("op", Fault{Kind: Timeout})

	res, _, err := get(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	assert.Equal(t, 0, ran, "a fault before commit does not run the operation")

	res, body, err := get(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "<html>no</html>", body)
	assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
	assert.Equal(t, 1, ran, "after commit: the operation ran, its answer was lost")

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err = get(ctx)
	require.Error(t, err, "the timeout fault holds the request past the client's deadline")

	res, body, err = get(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, res.StatusCode)
	assert.JSONEq(t, `{"n":2}`, body)
	assert.Equal(t, 4, in.Requests("op"))
	assert.Zero(t, in.Requests("other"))
}

func TestTransportServesInProcess(t *testing.T) {
	in := New[string](time.Second)
	in.Inject("op", Fault{Kind: Timeout})
	h := in.Handler("op", func(*http.Request) Result { return Result{Status: http.StatusOK, Body: "ok"} })
	cl := &http.Client{Transport: Transport{Handler: h}, Timeout: 20 * time.Millisecond}
	start := time.Now()
	_, err := cl.Get("http://sim/op")
	require.Error(t, err, "the timeout fault holds the request until the client gives up")
	assert.Less(t, time.Since(start), 900*time.Millisecond)
	res, err := cl.Get("http://sim/op")
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	assert.Equal(t, "\"ok\"\n", string(b))
	assert.Equal(t, 2, in.Requests("op"))
}
