package orderhttp

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/omskit/omskit/order/orderapi"
)

// HeaderReplayed says on every answer to an accepted message whether it was
// a replay (the same bytes taken in before; nothing written this time).
const HeaderReplayed = "X-Omskit-Replayed"

// DefaultMaxInFlight is the number of messages a Handler processes at once
// when Options.MaxInFlight is 0.
const DefaultMaxInFlight = 16

// DefaultRetryAfter is the Retry-After of a 503 when Options.RetryAfter is 0.
const DefaultRetryAfter = time.Second

// Options configures a Handler; every zero value is a documented default.
type Options struct {
	// MaxInFlight bounds the messages read and processed at once; a request
	// over it gets 503 without its body being read. 0 means
	// DefaultMaxInFlight.
	MaxInFlight int
	// RetryAfter is what a 503 tells the client to wait (whole seconds,
	// rounded up). 0 means DefaultRetryAfter.
	RetryAfter time.Duration
	// Log receives one line per message (orderapi.Outcome.Log) and a line
	// per refused request; nil discards them.
	Log *slog.Logger
}

// Handler is the order API over HTTP: an http.Handler taking one CWORDERIN
// per POST. Create it with New.
type Handler struct {
	p          *orderapi.Processor
	log        *slog.Logger
	slots      chan struct{}
	retryAfter string
}

// New returns a Handler processing messages with p.
func New(p *orderapi.Processor, opts Options) *Handler {
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = DefaultRetryAfter
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	secs := int64((opts.RetryAfter + time.Second - 1) / time.Second)
	return &Handler{p: p, log: opts.Log, slots: make(chan struct{}, opts.MaxInFlight),
		retryAfter: strconv.FormatInt(secs, 10)}
}

// ServeHTTP implements http.Handler; the package documentation lists the
// answers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.log.Debug("request", "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr, "content_length", r.ContentLength)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST a CWORDERIN message", http.StatusMethodNotAllowed)
		return
	}
	select {
	case h.slots <- struct{}{}:
		defer func() { <-h.slots }()
	default:
		h.log.Warn("request refused: too many messages in flight", "max_in_flight", cap(h.slots), "remote", r.RemoteAddr)
		w.Header().Set("Retry-After", h.retryAfter)
		http.Error(w, "too many messages in flight; send the same message again later", http.StatusServiceUnavailable)
		return
	}
	limit := h.p.MaxBytes()
	data, err := readBody(w, r, limit)
	var o orderapi.Outcome
	switch {
	case errors.As(err, new(*http.MaxBytesError)):
		o = h.p.TooLarge(limit)
		o.Bytes = int(min(r.ContentLength, limit+1))
	case err != nil:
		h.log.Warn("request body unreadable", "err", orderapi.MaskCards(err.Error()), "remote", r.RemoteAddr)
		http.Error(w, "request body unreadable", http.StatusBadRequest)
		return
	default:
		o = h.p.Process(r.Context(), data)
	}
	o.Log(r.Context(), h.log, slog.String("remote", r.RemoteAddr))
	write(w, o)
}

// readBody reads at most limit bytes of the body, into a buffer of the
// declared length when there is one, so that a request holds no more than
// its body (a declared length over limit is refused before reading).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	return buf.Bytes(), err
}

// status is the HTTP status of each kind of outcome.
var status = map[orderapi.Kind]int{
	orderapi.Taken:     http.StatusOK,
	orderapi.Refused:   http.StatusBadRequest,
	orderapi.Duplicate: http.StatusConflict,
	orderapi.TooLarge:  http.StatusRequestEntityTooLarge,
	orderapi.Failed:    http.StatusInternalServerError,
}

// write sends o: its answer with the kind's status.
func write(w http.ResponseWriter, o orderapi.Outcome) {
	if o.Kind == orderapi.Failed {
		// The intake wrote nothing, or committed the order and failed on the
		// response; either way the same bytes get the original answer.
		http.Error(w, "order intake failed; send the same message again later", http.StatusInternalServerError)
		return
	}
	if o.Kind == orderapi.Taken {
		w.Header().Set(HeaderReplayed, strconv.FormatBool(o.Replayed))
		if o.Answer == nil {
			w.WriteHeader(http.StatusNoContent) // response_type N
			return
		}
	}
	w.Header().Set("Content-Type", o.ContentType())
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status[o.Kind])
	_, _ = io.Copy(w, bytes.NewReader(o.Answer))
}
