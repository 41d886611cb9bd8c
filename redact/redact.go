package redact

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"unicode/utf8"
)

// MinCardDigits is the shortest digit run Text masks: the shortest payment
// card number has 13 digits (the longest 19).
const MinCardDigits = 13

// KeepDigits is how many trailing digits of a card number stay visible.
const KeepDigits = 4

// maxSeparators is how many separator characters may stand between two
// digits of one run.
const maxSeparators = 3

// ValueMax is how many characters of a value Value shows before it cuts.
const ValueMax = 32

// Card masks a value known to be a card number: every digit but the last
// four becomes '*', other characters stay ("4111-1111-1111-1111" gives
// "****-****-****-1111"). A value with four digits or fewer is returned as
// it is.
func Card(n string) string {
	digits := 0
	for i := 0; i < len(n); i++ {
		if isDigit(n[i]) {
			digits++
		}
	}
	if digits <= KeepDigits {
		return n
	}
	b := []byte(n)
	star(b, digits-KeepDigits)
	return string(b)
}

// star replaces the first n digits of b with '*'.
func star(b []byte, n int) {
	for i := 0; i < len(b) && n > 0; i++ {
		if isDigit(b[i]) {
			b[i] = '*'
			n--
		}
	}
}

// Text masks every card number in s (see the package documentation): each
// run of MinCardDigits or more digits, grouped or not, keeps only its last
// four digits. Text of a string without such a run is the string itself.
func Text(s string) string {
	var out []byte // nil until the first masked run
	last := 0      // s[last:] is not yet copied to out
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		start, end, digits := i, i+1, 1
		j := end
		for j < len(s) {
			if isDigit(s[j]) {
				digits++
				j++
				end = j
				continue
			}
			k, seps := j, 0
			for seps < maxSeparators {
				w := separatorLen(s[k:])
				if w == 0 {
					break
				}
				k += w
				seps++
			}
			if seps == 0 || k >= len(s) || !isDigit(s[k]) {
				break
			}
			j = k
		}
		if digits >= MinCardDigits {
			if out == nil {
				out = make([]byte, 0, len(s))
			}
			out = append(out, s[last:start]...)
			run := []byte(s[start:end])
			star(run, digits-KeepDigits)
			out = append(out, run...)
			last = end
		}
		i = end
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// separatorLen is the byte length of the digit-group separator at the start
// of s, or 0: space, tab, dash, no-break space (U+00A0), non-breaking hyphen
// (U+2011), en dash (U+2013).
func separatorLen(s string) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case ' ', '\t', '-':
		return 1
	}
	if s[0] < utf8.RuneSelf {
		return 0
	}
	r, w := utf8.DecodeRuneInString(s)
	switch r {
	case '\u00a0', '\u2011', '\u2013':
		return w
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Value is how an error shows a value it received: Text(v), cut after
// ValueMax characters and followed by the value's full length in
// characters, e.g. "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…(65001 characters)".
// Masking runs before the cut, so no prefix shows more of a card number
// than its masked form does.
func Value(v string) string {
	m := Text(v)
	if len(m) <= ValueMax { // bytes ≥ runes: short enough either way
		return m
	}
	n := utf8.RuneCountInString(m)
	if n <= ValueMax {
		return m
	}
	cut := 0
	for i := 0; i < ValueMax; i++ {
		_, w := utf8.DecodeRuneInString(m[cut:])
		cut += w
	}
	return m[:cut] + "…(" + strconv.Itoa(n) + " characters)"
}

// Error wraps err so that its text is masked with Text; errors.Is and
// errors.As see err unchanged through Unwrap. Error(nil) is nil.
func Error(err error) error {
	if err == nil {
		return nil
	}
	if m, ok := err.(*masked); ok {
		return m
	}
	return &masked{err: err}
}

// masked is an error whose text is masked.
type masked struct{ err error }

func (m *masked) Error() string { return Text(m.err.Error()) }
func (m *masked) Unwrap() error { return m.err }

// Handler wraps a slog.Handler so that every log line is masked: the
// message, every string attribute, every error, fmt.Stringer and other
// value (rendered with fmt), and integers of MinCardDigits or more digits,
// in groups too. Use it around the handler a host logs omskit's values
// with:
//
//	log := slog.New(redact.NewHandler(slog.NewTextHandler(os.Stderr, nil)))
type Handler struct {
	next slog.Handler
}

// NewHandler returns a Handler that masks what it passes on to next.
func NewHandler(next slog.Handler) *Handler { return &Handler{next: next} }

// Enabled implements slog.Handler.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle implements slog.Handler: it masks the record and passes it on.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, Text(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	m := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		m[i] = maskAttr(a)
	}
	return &Handler{next: h.next.WithAttrs(m)}
}

// WithGroup implements slog.Handler.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name)}
}

// maskAttr masks one attribute (groups recursively).
func maskAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Text(v.String()))
	case slog.KindInt64, slog.KindUint64:
		if s := v.String(); len(s) >= MinCardDigits {
			return slog.String(a.Key, Text(s))
		}
		return slog.Attr{Key: a.Key, Value: v}
	case slog.KindGroup:
		g := v.Group()
		m := make([]any, len(g))
		for i, ga := range g {
			m[i] = maskAttr(ga)
		}
		return slog.Group(a.Key, m...)
	case slog.KindAny:
		return slog.String(a.Key, Text(render(v.Any())))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// render writes a log value as text; a panicking Error or String method
// (a nil pointer receiver, say) gives a note instead of a crash.
func render(x any) (s string) {
	defer func() {
		if p := recover(); p != nil {
			s = fmt.Sprintf("!PANIC: %v", p)
		}
	}()
	switch x := x.(type) {
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	case []byte:
		return string(x)
	}
	return fmt.Sprint(x)
}
