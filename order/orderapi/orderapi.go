package orderapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/omskit/omskit/internal/xmltok"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/redact"
	"github.com/omskit/omskit/xmlmsg"
)

// Kind is what happened to one message.
type Kind string

// The kinds of outcome; see the package documentation.
const (
	Taken     Kind = "taken"
	Refused   Kind = "refused"
	Duplicate Kind = "duplicate"
	TooLarge  Kind = "too-large"
	Failed    Kind = "failed"
)

// BytesPerChar is the most bytes one character takes in UTF-8: a message
// longer than BytesPerChar times the character limit in bytes is over the
// character limit.
const BytesPerChar = 4

// DefaultMaxBytes is the byte limit a Processor applies when its options
// give none: BytesPerChar times the character limit (xmlmsg.CWOMaxChars,
// 65,000, unless opts.MaxChars sets another), or xmlmsg.DefaultMaxBytes when
// the character check is switched off (opts.MaxChars < 0).
func DefaultMaxBytes(opts xmlmsg.CWOOptions) int64 {
	switch {
	case opts.MaxChars < 0:
		return xmlmsg.DefaultMaxBytes
	case opts.MaxChars > 0:
		return BytesPerChar * int64(opts.MaxChars)
	}
	return BytesPerChar * xmlmsg.CWOMaxChars
}

// Processor takes CWORDERIN messages in: Deps is the intake's wiring
// (Deps.OrderNumbers is required, as for xmlmsg.ProcessCWOrderIn) and
// Options the decoder's (Version is required). A Processor is safe for
// concurrent use; the intake is idempotent by order number.
type Processor struct {
	Deps    order.Deps
	Options xmlmsg.CWOOptions
}

// MaxBytes is the byte limit: Options.MaxBytes when set, else
// DefaultMaxBytes(Options).
func (p *Processor) MaxBytes() int64 {
	if p.Options.MaxBytes > 0 {
		return p.Options.MaxBytes
	}
	return DefaultMaxBytes(p.Options)
}

// Outcome is what happened to one message and the answer to send.
type Outcome struct {
	Kind Kind
	// Answer is the bytes to send back; nil when there is nothing to send
	// (response_type N, or Failed).
	Answer []byte
	// Replayed is true when the same bytes were taken in before: Answer is
	// the original answer and nothing was written this time.
	Replayed bool
	// OrderNumber is the sender's order_number: from the message, or for a
	// payment-only message the order it paid for; blank when not known.
	OrderNumber string
	// RdcOrderNbr is the order a payment-only message names (0 otherwise).
	RdcOrderNbr int
	// OrderID is the CWORDEROUT order_id (the OMS order number); 0 when no
	// order was taken in.
	OrderID int
	// RespQ is the queue the message asks its answer to go to (Message
	// resp_q), as sent; blank when it names none or could not be read.
	RespQ string
	// Bytes is the message length; Took how long Process ran.
	Bytes int
	Took  time.Duration
	// Err is the cause of every kind but Taken. Its text may quote the
	// message: log it through Log, which masks card numbers.
	Err error
	// Exchange is the full result of xmlmsg.ProcessCWOrderIn (zero for
	// TooLarge).
	Exchange xmlmsg.CWOExchange
}

// ContentType is the media type of Answer: XML for a CWORDEROUT, plain
// text for every refusal.
func (o Outcome) ContentType() string {
	if o.Kind == Taken {
		return "application/xml; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// Process takes one message in and returns what happened; see the package
// documentation for the kinds. ctx bounds the intake's store calls.
func (p *Processor) Process(ctx context.Context, data []byte) Outcome {
	start := time.Now()
	limit := p.MaxBytes()
	if int64(len(data)) > limit {
		o := p.TooLarge(limit)
		o.Bytes, o.RespQ, o.Took = len(data), RespQueue(data), time.Since(start)
		return o
	}
	opts := p.Options
	opts.MaxBytes = limit
	x, err := xmlmsg.ProcessCWOrderIn(ctx, p.Deps, data, opts)
	o := Outcome{Exchange: x, Err: err, Bytes: len(data)}
	if m := x.Message; m != nil {
		o.OrderNumber, o.RdcOrderNbr, o.RespQ = m.Header.OrderNumber, m.Header.RdcOrderNbr, m.RespQ
	} else {
		o.RespQ = RespQueue(data)
	}
	if o.OrderNumber == "" {
		o.OrderNumber = x.Result.Order.OrderNumber // a payment-only message: the order it pays for
	}
	switch {
	case errors.Is(err, xmlmsg.ErrTooLarge):
		o.Kind = TooLarge
		o.Answer = xmlmsg.CWOInvalidXMLMessage(nil, err)
	case x.Invalid != nil:
		o.Kind, o.Answer = Refused, x.Invalid
	case errors.Is(err, order.ErrDuplicateOrder):
		o.Kind = Duplicate
		o.Err = duplicateError(x.Message)
		o.Answer = []byte(MaskCards(o.Err.Error()) + "\n")
	case err != nil:
		o.Kind = Failed
	default:
		o.Kind, o.Replayed, o.OrderID = Taken, x.Result.Replayed, x.Result.Order.Number
		o.Answer = x.Reply.Body
	}
	o.Took = time.Since(start)
	return o
}

// TooLarge is the outcome of a message over limit bytes, for a transport
// that stopped reading at the limit (and for Process): the "Invalid XML
// Message:" reply naming the limit, without an echo.
func (p *Processor) TooLarge(limit int64) Outcome {
	err := &xmlmsg.SizeError{Limit: limit}
	return Outcome{Kind: TooLarge, Err: err, Answer: xmlmsg.CWOInvalidXMLMessage(nil, err)}
}

// DuplicateError is the cause of a Duplicate outcome: another message was
// taken in under the order number the message uses (ORD-010). Its text names
// the number in the sender's terms (order_number, or rdc_order_nbr for a
// payment-only message), never the intake's internal idempotency key. It
// wraps order.ErrDuplicateOrder.
type DuplicateError struct {
	Attribute string // order_number or rdc_order_nbr
	Value     string
}

// Error names the attribute and its value.
func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%s %q was taken in before with a different message (ORD-010); nothing written", e.Attribute, e.Value)
}

// Unwrap returns order.ErrDuplicateOrder.
func (e *DuplicateError) Unwrap() error { return order.ErrDuplicateOrder }

// duplicateError is the DuplicateError for message m.
func duplicateError(m *xmlmsg.CWOrderIn) error {
	if m == nil {
		return &DuplicateError{Attribute: "order_number"}
	}
	if m.Header.OrderNumber == "" && m.Header.RdcOrderNbr != 0 {
		return &DuplicateError{Attribute: "rdc_order_nbr", Value: fmt.Sprint(m.Header.RdcOrderNbr)}
	}
	return &DuplicateError{Attribute: "order_number", Value: m.Header.OrderNumber}
}

// maxQueueName is the longest queue name AMQP 0-9-1 allows (a short string).
const maxQueueName = 255

// RespQueue reads the resp_q attribute of the message's root element
// without decoding the rest, so that a message that does not decode can
// still be answered where it asked; blank when there is none or the root
// element cannot be read.
func RespQueue(data []byte) string {
	head := data[:min(len(data), 4096)]
	if !utf8.Valid(head) { // read up to the first byte that is not UTF-8
		head = head[:xmltok.ValidPrefix(head)]
	}
	t := xmltok.New(head, xmltok.Options{})
	if k, err := t.Next(); err != nil || k != xmltok.StartElement {
		return ""
	}
	for _, a := range t.Attrs() {
		if q := strings.TrimSpace(a.Value()); a.Name.Local == "resp_q" && len(q) <= maxQueueName {
			return q
		}
	}
	return ""
}

// Log writes one line about o to log: the message, the order and what
// happened, card numbers masked. attrs are added first (e.g. where the
// message came from). Failures log at error level, refusals at info and
// oversize messages at warn.
func (o Outcome) Log(ctx context.Context, log *slog.Logger, attrs ...slog.Attr) {
	attrs = append(attrs, slog.Int("bytes", o.Bytes), slog.Duration("took", o.Took))
	if o.OrderNumber != "" {
		attrs = append(attrs, slog.String("order_number", MaskCards(o.OrderNumber)))
	}
	if o.RdcOrderNbr != 0 {
		attrs = append(attrs, slog.Int("rdc_order_nbr", o.RdcOrderNbr))
	}
	level, msg := slog.LevelInfo, ""
	switch o.Kind {
	case Taken:
		msg = "order taken in"
		r := o.Exchange.Result
		attrs = append(attrs, slog.Int("order_id", o.OrderID), slog.String("status", string(r.Order.Status)),
			slog.Bool("replayed", o.Replayed), slog.String("customer", r.Order.CustomerNbr),
			slog.String("customer_step", r.SoldTo.Step), slog.String("response", string(o.Exchange.Reply.Kind)))
	case Refused:
		msg = "message refused"
		attrs = append(attrs, slog.String("errors", invalidErrors(o.Answer)))
	case Duplicate:
		msg = "message refused: order number taken by another message"
		attrs = append(attrs, slog.String("err", MaskCards(o.Err.Error())))
	case TooLarge:
		level, msg = slog.LevelWarn, "message refused: too large"
		attrs = append(attrs, slog.String("err", MaskCards(o.Err.Error())))
	default:
		level, msg = slog.LevelError, "intake failed"
		attrs = append(attrs, slog.String("err", MaskCards(fmt.Sprint(o.Err))))
	}
	log.LogAttrs(ctx, level, msg, attrs...)
}

// invalidErrors is the error list of an "Invalid XML Message:" reply (the
// lines after "Errors:") on one line, for the log.
func invalidErrors(reply []byte) string {
	s := string(reply)
	if i := strings.LastIndex(s, "Errors:\n"); i >= 0 {
		s = s[i+len("Errors:\n"):]
	}
	return MaskCards(strings.ReplaceAll(strings.TrimSpace(s), "\n", "; "))
}

// MaskCards masks every card number in s to its last four digits: every
// run of 13 or more digits, grouped by spaces or dashes or not (see package
// redact); answers and logs never carry a full card number.
//
// Deprecated: use redact.Text, the module's one masking mechanism, which
// this calls.
func MaskCards(s string) string { return redact.Text(s) }
