package brokerweb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerweb"
	"github.com/omskit/omskit/storage/memory"
)

// A host mounts the console under /broker/ on its own server. Its
// authorization hook lets its operators look and act; everyone else gets
// 403. The Actions are the host's *broker.Runner (nil here: a read-only
// console).
func Example() {
	store := memory.NewBrokerStore()
	_ = store.Put(context.Background(), broker.Record{ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1},
		LineSeq: 1, LineNo: 1, Status: broker.StatusWaiting, UpdatedAt: time.Now().Add(-3 * time.Hour)})
	console, err := brokerweb.New(brokerweb.Options{
		Store: store,
		Authorize: func(r *http.Request, a brokerweb.Access) bool {
			return r.Header.Get("X-Operator") != "" // set by the host's authenticating proxy
		},
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/broker/", http.StripPrefix("/broker", console))

	for _, operator := range []string{"", "pat"} {
		req := httptest.NewRequest(http.MethodGet, "/broker/?status=W", nil)
		req.Header.Set("X-Operator", operator)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		body := rec.Body.String()
		fmt.Println(rec.Code, strings.Contains(body, "8953-001"), strings.Contains(body, `class="overdue"`))
	}
	// Output:
	// 403 false false
	// 200 true true
}
