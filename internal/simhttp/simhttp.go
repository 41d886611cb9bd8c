package simhttp

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Kind is what an injected fault does to one request.
type Kind int

// Fault kinds.
const (
	// Timeout holds the request until the client gives up (at most Hang).
	Timeout Kind = iota + 1
	// ServerError answers 503 Service Unavailable.
	ServerError
	// Garbage answers 200 with a body that is not JSON.
	Garbage
)

// Fault is one injected fault. With AfterCommit the request is carried out
// first and only its answer is lost, the hard case for exactly-once.
type Fault struct {
	Kind        Kind
	AfterCommit bool
}

// Result is what an operation answers: a status and a body written as JSON
// (no body when Body is nil).
type Result struct {
	Status int
	Body   any
}

// Injector queues faults and counts requests per operation. The zero value
// is not ready: use New.
type Injector[Op comparable] struct {
	mu     sync.Mutex
	queue  map[Op][]Fault
	counts map[Op]int
	// Hang bounds how long a Timeout fault holds a request.
	Hang time.Duration
	// GarbageBody and GarbageType are what a Garbage fault answers.
	GarbageBody, GarbageType string
}

// New returns an Injector holding Timeout faults at most hang.
func New[Op comparable](hang time.Duration) *Injector[Op] {
	return &Injector[Op]{queue: map[Op][]Fault{}, counts: map[Op]int{}, Hang: hang, GarbageBody: "<html>oops</html>"}
}

// Inject queues f for the next request of op.
func (in *Injector[Op]) Inject(op Op, f Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.queue[op] = append(in.queue[op], f)
}

// Requests returns how many requests of op arrived.
func (in *Injector[Op]) Requests(op Op) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.counts[op]
}

// Handler counts each request of op, applies its next queued fault (before
// h runs, or after it with AfterCommit) and otherwise writes h's Result.
func (in *Injector[Op]) Handler(op Op, h func(*http.Request) Result) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		in.mu.Lock()
		in.counts[op]++
		var f *Fault
		if q := in.queue[op]; len(q) > 0 {
			f, in.queue[op] = &q[0], q[1:]
		}
		in.mu.Unlock()
		if f != nil && !f.AfterCommit {
			in.fault(w, r, *f)
			return
		}
		res := h(r)
		if f != nil {
			in.fault(w, r, *f)
			return
		}
		if res.Body == nil {
			w.WriteHeader(res.Status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(res.Status)
		_ = json.NewEncoder(w).Encode(res.Body)
	}
}

func (in *Injector[Op]) fault(w http.ResponseWriter, r *http.Request, f Fault) {
	switch f.Kind {
	case Timeout:
		// read the body so the server notices when the client gives up
		_, _ = io.Copy(io.Discard, r.Body)
		t := time.NewTimer(in.Hang)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-t.C:
		}
		w.WriteHeader(http.StatusGatewayTimeout)
	case ServerError:
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
	default:
		if in.GarbageType != "" {
			w.Header().Set("Content-Type", in.GarbageType)
		}
		_, _ = w.Write([]byte(in.GarbageBody))
	}
}

// Transport is an http.RoundTripper that serves every request with Handler
// in the calling goroutine, without a listener: for simulations that make
// many thousands of requests. The request's context reaches the handler,
// so a client timeout ends a Timeout fault as it would over the network.
type Transport struct {
	Handler http.Handler
}

// RoundTrip implements http.RoundTripper.
func (t Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	in := r.Clone(r.Context())
	if in.Body == nil {
		in.Body = http.NoBody // a server request always has a body
	}
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, in)
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	res := rec.Result()
	res.Request = r
	return res, nil
}
