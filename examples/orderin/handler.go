package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/xmlmsg"
)

// pathCWOrderIn is where CWORDERIN messages are posted.
const pathCWOrderIn = "/cworderin"

// headerReplayed says on every answer to an accepted message whether it was
// a replay (the same bytes taken in before; nothing written this time).
const headerReplayed = "X-Omskit-Replayed"

// intakeHandler takes one CWORDERIN per POST through
// xmlmsg.ProcessCWOrderIn and answers as the package documentation's table
// says.
type intakeHandler struct {
	deps     order.Deps
	opts     xmlmsg.CWOOptions
	maxBytes int64
	log      *slog.Logger
}

// ServeHTTP implements http.Handler.
func (h *intakeHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h.log.Debug("request", "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr, "content_length", r.ContentLength)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST a CWORDERIN message to "+pathCWOrderIn, http.StatusMethodNotAllowed)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.log.Warn("request refused: body too large", "limit", mbe.Limit, "remote", r.RemoteAddr)
			http.Error(w, fmt.Sprintf("request body over %d bytes", mbe.Limit), http.StatusRequestEntityTooLarge)
			return
		}
		h.log.Warn("request body unreadable", "err", maskCards(err.Error()), "remote", r.RemoteAddr)
		http.Error(w, "request body unreadable", http.StatusBadRequest)
		return
	}
	x, err := xmlmsg.ProcessCWOrderIn(r.Context(), h.deps, data, h.opts)
	log := h.log.With("bytes", len(data), "took", time.Since(start))
	if x.Message != nil {
		log = log.With("order_number", x.Message.Header.OrderNumber)
		if n := x.Message.Header.RdcOrderNbr; n != 0 {
			log = log.With("rdc_order_nbr", n)
		}
	}
	switch {
	case errors.Is(err, xmlmsg.ErrTooLarge):
		log.Warn("message refused: too large", "err", err)
		http.Error(w, maskCards(err.Error()), http.StatusRequestEntityTooLarge)
	case x.Invalid != nil:
		// Not decodable, or rejected as a whole by the intake: nothing was
		// written. The reply echoes the message with cards masked.
		log.Info("message refused", "errors", invalidErrors(x.Invalid))
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(x.Invalid)
	case errors.Is(err, order.ErrDuplicateOrder):
		log.Info("message refused: order number taken by another message", "err", maskCards(err.Error()))
		http.Error(w, maskCards(err.Error()), http.StatusConflict)
	case err != nil:
		// A store or set-up failure: the intake wrote nothing, or committed
		// the order and failed on the response; either way the same bytes
		// may be sent again and get the original answer.
		log.Error("intake failed", "err", maskCards(err.Error()))
		http.Error(w, "order intake failed; send the same message again later", http.StatusInternalServerError)
	default:
		o := x.Result.Order
		log.Info("order taken in", "order_id", o.Number, "status", string(o.Status), "replayed", x.Result.Replayed,
			"customer", o.CustomerNbr, "customer_step", x.Result.SoldTo.Step, "response", string(x.Reply.Kind))
		w.Header().Set(headerReplayed, strconv.FormatBool(x.Result.Replayed))
		if !x.Reply.Sent() {
			w.WriteHeader(http.StatusNoContent) // response_type N
			return
		}
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		_, _ = w.Write(x.Reply.Body)
	}
}

// invalidErrors is the error list of an "Invalid XML Message:" reply (the
// lines after "Errors:", which xmlmsg has masked) on one line, for the log:
// the error itself may quote a card number in another layout (spaced, say).
func invalidErrors(reply []byte) string {
	s := string(reply)
	if i := strings.LastIndex(s, "\nErrors:\n"); i >= 0 {
		s = s[i+len("\nErrors:\n"):]
	}
	return maskCards(strings.ReplaceAll(strings.TrimSpace(s), "\n", "; "))
}

// maskCards masks every run of 12 or more digits (a card number, in any
// text) to its last four: errors and logs never carry a full card number.
func maskCards(s string) string {
	var b strings.Builder
	run := 0
	flush := func(end int) {
		if run >= 12 {
			b.WriteString(strings.Repeat("*", run-4))
			b.WriteString(s[end-4 : end])
		} else {
			b.WriteString(s[end-run : end])
		}
		run = 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		flush(i)
		b.WriteByte(s[i])
	}
	flush(len(s))
	return b.String()
}
