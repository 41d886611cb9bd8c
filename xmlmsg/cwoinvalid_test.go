package xmlmsg

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pcitest"
	"github.com/omskit/omskit/redact"
)

// cwoMutate returns the bundled order with each (old, new) pair replaced
// once; a pair whose old text is missing fails the test.
func cwoMutate(t testing.TB, pairs ...string) []byte {
	t.Helper()
	s := string(cwoSample(t, "simple_order_with_payment.xml"))
	for i := 0; i+1 < len(pairs); i += 2 {
		require.Contains(t, s, pairs[i], "mutation target")
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return []byte(s)
}

// TestCWOInvalidMasksCardsWhereverTheyStand (issue 17 item 1): a card
// number in any attribute of a well-formed but invalid message, and a card
// written with spaces or dashes in a malformed one, is masked to its last
// four digits in the "Invalid XML Message:" reply and in the error
// (message-formats.md §1.5, extended to every value).
func TestCWOInvalidMasksCardsWhereverTheyStand(t *testing.T) {
	t.Parallel()
	tenDigits := `<Item item_id="SKU00001" quantity="1234567890"`
	cases := []struct {
		name string
		data []byte
		kind error
		want []string // masked forms the reply shows
	}{
		{"card in sold_to_fname of a well-formed invalid message",
			cwoMutate(t, `sold_to_fname="Maria"`, `sold_to_fname="4111111111111111"`, `<Item item_id="SKU00001" quantity="2"`, tenDigits),
			ErrInvalid, []string{`sold_to_fname="************1111"`}},
		{"spaced card in sold_to_lname, dashed in the address",
			cwoMutate(t, `sold_to_lname="Lindqvist"`, `sold_to_lname="4111 1111 1111 1111"`,
				`sold_to_address1="12 Harbour Street"`, `sold_to_address1="5500-0000-0000-0004"`, `<Item item_id="SKU00001" quantity="2"`, tenDigits),
			ErrInvalid, []string{`sold_to_lname="**** **** **** 1111"`, `sold_to_address1="****-****-****-0004"`}},
		{"card with no-break spaces in an invalid attribute value",
			cwoMutate(t, `company_code="555"`, "company_code=\"4111\u00a01111\u00a01111\u00a01111\""),
			ErrInvalid, []string{"****\u00a0****\u00a0****\u00a01111"}},
		{"spaced card beside a contiguous one in a malformed message",
			[]byte(`<Message type="CWORDERIN"><Header sold_to_fname="4111 1111 1111 1111" cc_number="4111111111111111"><Broken></Header>`),
			ErrMalformed, []string{`sold_to_fname="**** **** **** 1111"`, `cc_number="************1111"`}},
		{"card in plain text", []byte("please charge 4111-1111-1111-1111 for order 7"), ErrMalformed, []string{"please charge ****-****-****-111…(45 characters)"}},
	}
	for _, c := range cases {
		e := newCWOIntakeEnv(t, cwoIntakeSettings())
		x, err := e.process(c.data, CWOVersionOMS5)
		require.ErrorIs(t, err, c.kind, c.name)
		reply := string(x.Invalid)
		require.True(t, strings.HasPrefix(reply, "Invalid XML Message:\n"), c.name)
		assert.Empty(t, pcitest.Cards(reply), "%s: card in the reply:\n%s", c.name, reply)
		assert.Empty(t, pcitest.Cards(err.Error()), "%s: card in the error: %v", c.name, err)
		for _, w := range c.want {
			assert.Contains(t, reply, w, c.name)
		}
		assert.Zero(t, e.orders.Commits(), c.name)
	}
}

// TestCWOInvalidEchoesShortNumbersAsSent (issue 17 item 2): numbers that
// cannot be card numbers (fewer than 13 digits) are echoed as sent, in the
// message and in the error, so the sender sees the bad value.
func TestCWOInvalidEchoesShortNumbersAsSent(t *testing.T) {
	t.Parallel()
	e := newCWOIntakeEnv(t, cwoIntakeSettings())
	data := cwoMutate(t, `<Item item_id="SKU00001" quantity="2"`, `<Item item_id="SKU00001" quantity="1234563648"`,
		`sold_to_day_phone="2075550142"`, `sold_to_day_phone="207555014212"`)
	x, err := e.process(data, CWOVersionOMS5)
	require.ErrorIs(t, err, ErrInvalid)
	reply := string(x.Invalid)
	assert.Contains(t, reply, `quantity="1234563648"`, "the 10-digit quantity in the echo")
	assert.Contains(t, reply, `@quantity: value "1234563648" breaks max-length`, "the 10-digit quantity in the error")
	assert.Contains(t, err.Error(), "1234563648")
	assert.Contains(t, reply, `sold_to_day_phone="207555014212"`, "12 digits: as sent")
	assert.Contains(t, reply, `cc_number="************1111"`, "the card field still masked")
}

// TestCWOInvalidReplyIsBounded (issue 17 item 6): a 65,001-character order
// number gives a short reply: the echo and the error show a short, masked
// prefix of the value and its length, not the value.
func TestCWOInvalidReplyIsBounded(t *testing.T) {
	t.Parallel()
	e := newCWOIntakeEnv(t, cwoIntakeSettings())
	long := strings.Repeat("7", 65001)
	data := cwoMutate(t, `order_number="web-100231"`, `order_number="`+long+`"`)
	x, err := e.process(data, CWOVersionOMS5)
	require.ErrorIs(t, err, ErrInvalid)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/@order_number", RuleMaxLength))
	reply := string(x.Invalid)
	assert.Less(t, len(reply), len(data)/20, "reply of %d bytes for a %d-byte message", len(reply), len(data))
	assert.LessOrEqual(t, len(err.Error()), 1000)
	shown := redact.Value(long)
	assert.Equal(t, 2, strings.Count(reply, shown), "echo and error show the masked prefix and the length:\n%s", reply)
	assert.Contains(t, shown, "…(65001 characters)")
	assert.Contains(t, reply, "at most 30 characters, got 65001", "the error names the limit and the length")
	assert.Empty(t, pcitest.Cards(reply), "65,001 sevens hold Luhn-valid windows; none may show")

	// A body far over the message limit is not echoed past CWOInvalidEchoMax
	// characters, and at most CWOInvalidMaxErrors errors are listed.
	huge := []byte(strings.Repeat("<a>", 200000))
	many := &ValidationError{Message: CWOrderInType}
	for range 500 {
		many.Errors = append(many.Errors, FieldError{Path: "Header/@x", Value: "v", Rule: RuleRequired})
	}
	r := string(CWOInvalidXMLMessage(huge, many))
	assert.Less(t, len(r), CWOInvalidEchoMax+CWOInvalidMaxErrors*100)
	assert.Contains(t, r, "…(535000 more characters not echoed)")
	assert.Contains(t, r, "… and 400 more errors")
	assert.Equal(t, CWOInvalidMaxErrors, strings.Count(r, "Header/@x"))
}

// cwoEchoed are the CWORDEROUT attributes that echo the sender's own
// identifiers as values (not text): they are not masked, see the package
// documentation.
var cwoEchoed = regexp.MustCompile(`(reference_order_number|alternate_sold_to_id|item_id|sku|shipping_method)="[^"]*"`)

// cwoNoCardShown fails when a card number (a 13- to 19-digit run passing
// the Luhn check) shows in anything the exchange hands out: the error, the
// "Invalid XML Message:" reply, the step details, the order errors and the
// CWORDEROUT apart from its echoed identifiers.
func cwoNoCardShown(t testing.TB, x CWOExchange, err error) {
	t.Helper()
	var shown []string
	if err != nil {
		shown = append(shown, err.Error())
	}
	shown = append(shown, string(x.Invalid), cwoEchoed.ReplaceAllString(string(x.Reply.Body), ""))
	for _, s := range x.Result.Steps {
		shown = append(shown, s.Detail)
	}
	for _, fe := range x.Result.Errors {
		shown = append(shown, fe.Error(), fe.Value)
	}
	for _, s := range shown {
		if cards := pcitest.Cards(s); len(cards) > 0 {
			t.Fatalf("card number %v shown in:\n%s", cards, s)
		}
	}
}

// FuzzCWOInvalidXMLMessage (issue 17 item 3): whatever the submitted bytes
// and whatever the error text, no 13- to 19-digit run passing the Luhn check
// survives anywhere in the reply.
func FuzzCWOInvalidXMLMessage(f *testing.F) {
	f.Add(cwoSample(f, "simple_order_with_payment.xml"), "value 4111111111111111")
	f.Add([]byte(`<Header sold_to_fname="4111 1111 1111 1111" x='5500-0000-0000-0004'>`), "")
	f.Add([]byte("order 4111\u00a01111\u00a01111\u00a01111 please"), "4111\u20131111\u20131111\u20131111")
	f.Add([]byte(`<a cc_number="&#52;111111111111111"/>`), "")
	f.Fuzz(func(t *testing.T, data []byte, errText string) {
		var err error
		if errText != "" {
			err = errors.New(errText)
		}
		reply := CWOInvalidXMLMessage(data, err)
		if cards := pcitest.Cards(string(reply)); len(cards) > 0 {
			t.Fatalf("card number %v in the reply:\n%s", cards, reply)
		}
		ve := &ValidationError{Message: CWOrderInType, Errors: []FieldError{{Path: "Header/@sold_to_fname", Value: string(data), Rule: RuleMaxLength}}}
		if cards := pcitest.Cards(string(CWOInvalidXMLMessage(data, ve))); len(cards) > 0 {
			t.Fatalf("card number %v in the reply's errors", cards)
		}
	})
}

func TestCWOEchoCutsOnlyLongValues(t *testing.T) {
	t.Parallel()
	msg := `<Header order_number="` + strings.Repeat("A", 40) + `" sold_to_fname="Maria">` + strings.Repeat("t", 33) +
		`<x y='` + strings.Repeat("q", 33) + `'>` + strings.Repeat(" ", 100) + `</x>`
	got := cwoEcho(msg)
	assert.Contains(t, got, `order_number="`+strings.Repeat("A", 32)+`…(40 characters)"`)
	assert.Contains(t, got, `sold_to_fname="Maria"`)
	assert.Contains(t, got, `>`+strings.Repeat("t", 32)+`…(33 characters)<x`)
	assert.Contains(t, got, `y='`+strings.Repeat("q", 32)+`…(33 characters)'`)
	assert.Contains(t, got, strings.Repeat(" ", 100), "white space is not cut")
	assert.Equal(t, `<Payment cc_number=4111 x="1"/>`, cwoEcho(`<Payment cc_number=4111 x="1"/>`))
	text := `a "quoted ` + strings.Repeat("w", 48)
	assert.Equal(t, redact.Value(text), cwoEcho(text), "quotes in text are text")
}

// TestCWOExchangeShowsNoCard runs the bundled samples with a card number
// typed into every kind of place; nothing the exchange hands out shows it.
func TestCWOExchangeShowsNoCard(t *testing.T) {
	t.Parallel()
	for _, data := range [][]byte{
		cwoMutate(t, `sold_to_fname="Maria"`, `sold_to_fname="4111 1111 1111 1111"`),
		cwoMutate(t, `item_id="SKU00002"`, `item_id="4111111111111111"`),
		cwoMutate(t, `source_code="web15"`, `source_code="4111-1111-1111-1111"`, `response_type="D"`, `response_type="E"`),
		cwoMutate(t, `order_number="web-100231"`, `order_number="order 4111111111111111 x"`),
	} {
		e := newCWOIntakeEnv(t, cwoIntakeSettings())
		x, err := ProcessCWOrderIn(context.Background(), e.deps, data, cwoOpts(CWOVersionOMS5))
		cwoNoCardShown(t, x, err)
	}
}
