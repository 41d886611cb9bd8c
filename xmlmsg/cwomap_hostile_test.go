package xmlmsg

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/internal/doccount"
	"github.com/omskit/omskit/internal/pcitest"
	"github.com/omskit/omskit/order"
)

// cwoOutcome is what a hostile message must end in.
type cwoOutcome int

const (
	cwoRejected    cwoOutcome = iota // refused: error, nothing written, "Invalid XML Message:" reply
	cwoErrorStatus                   // written complete in error status, E response listing the error
	cwoAccepted                      // tolerated: written, not in error (the rule says it is not an error)
)

// TestCWOIntakeHostile is the XML-level hostile-input table: each message
// goes through ProcessCWOrderIn on a fresh intake and must end as its row
// says. The domain-level table (order/hostile_test.go) covers the same rules
// on order.Order values. Card numbers never appear unmasked in any error,
// reply or transcript.
//
// Not expressible in CWORDERIN and therefore not in this table (see
// CWOrderInInput): payment totals that do not add up (a Payment has no amount
// attribute: every payment pays the balance), mixed currencies (no currency
// attribute) and duplicate line numbers (no line number attribute: lines are
// numbered by position; two identical Item elements are two lines, row
// "identical item lines").
func TestCWOIntakeHostile(t *testing.T) {
	base := string(cwoSample(t, "simple_order_with_payment.xml"))
	base = strings.Replace(base, `response_type="D"`, `response_type="E"`, 1)
	mut := func(pairs ...string) []byte {
		s := base
		for i := 0; i+1 < len(pairs); i += 2 {
			require.Contains(t, s, pairs[i], "mutation target")
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return []byte(s)
	}
	const item1 = `<Item item_id="SKU00001" quantity="2" actual_price="24.95"`
	const payment = `<Payment payment_seq_number="1" payment_type="4" cc_number="4111111111111111"`
	shipTos := base[strings.Index(base, "<ShipTos>") : strings.Index(base, "</ShipTos>")+len("</ShipTos>")]
	items := base[strings.Index(base, "<Items>") : strings.Index(base, "</Items>")+len("</Items>")]
	payments := base[strings.Index(base, "<Payments>") : strings.Index(base, "</Payments>")+len("</Payments>")]
	over := cwoSample(t, "over_65000_chars.xml")
	over = bytes.Replace(over, []byte(`response_type="D"`), []byte(`response_type="E"`), 1)

	cases := []struct {
		name    string
		data    []byte
		version CWOVersion
		outcome cwoOutcome
		want    error  // rejected: the sentinel errors.Is finds
		rule    string // error status: the rule of the order error; rejected: text the error names
		shows   string // text the "Invalid XML Message:" reply or the CWORDEROUT must show
		// maxReply, when set, bounds the "Invalid XML Message:" reply in
		// bytes (issue 17 item 6).
		maxReply int
	}{
		// Not XML, wrong envelope (message-formats.md §1.1, §1.5).
		{name: "empty input", data: []byte(""), outcome: cwoRejected, want: ErrMalformed},
		{name: "plain text", data: []byte("order 4111111111111111 please"), outcome: cwoRejected, want: ErrMalformed},
		{name: "JSON", data: []byte(`{"order_number":"X"}`), outcome: cwoRejected, want: ErrMalformed},
		{name: "truncated XML", data: []byte(base[:len(base)/2]), outcome: cwoRejected, want: ErrMalformed},
		{name: "not UTF-8", data: mut(`sold_to_city="Portland"`, "sold_to_city=\"Malm\xf6\""), outcome: cwoRejected, want: ErrNotUTF8},
		{name: "undefined entity", data: mut(`sold_to_city="Portland"`, `sold_to_city="&bomb;"`), outcome: cwoRejected, want: ErrMalformed},
		{name: "wrong root", data: []byte(`<Order><Header order_number="X"/></Order>`), outcome: cwoRejected, want: ErrWrongRoot},
		{name: "wrong message type", data: mut(`type="CWORDERIN"`, `type="CWORDEROUT"`), outcome: cwoRejected, want: ErrInvalid, rule: "type"},
		{name: "no Header", data: []byte(`<Message type="CWORDERIN"></Message>`), outcome: cwoRejected, want: ErrInvalid, rule: "Header"},
		{name: "two Headers", data: mut(`</Header>`, `</Header><Header order_number="B"/>`), outcome: cwoRejected, want: ErrInvalid, rule: "max-count"},
		{name: "no version", data: mut(), version: "CWDirect 99", outcome: cwoRejected, want: ErrUnsupportedVersion},
		// Wrong types and lengths (cworderin-attributes.md §2.2).
		{name: "order_number missing", data: mut(`order_number="web-100231"`, ``), outcome: cwoRejected, want: ErrInvalid, rule: "order_number"},
		{name: "order_number blank", data: mut(`order_number="web-100231"`, `order_number="   "`), outcome: cwoRejected, want: ErrInvalid, rule: "order_number"},
		{name: "order_number 31 characters", data: mut(`order_number="web-100231"`, `order_number="`+strings.Repeat("X", 31)+`"`), outcome: cwoRejected, want: ErrInvalid, rule: "max-length"},
		{name: "company_code letters", data: mut(`company_code="555"`, `company_code="ABC"`), outcome: cwoRejected, want: ErrInvalid, rule: "company_code"},
		{name: "company_code 4 digits", data: mut(`company_code="555"`, `company_code="5555"`), outcome: cwoRejected, want: ErrInvalid, rule: "max-length"},
		{name: "order_channel 3 characters", data: mut(`order_channel="I"`, `order_channel="WEB"`), outcome: cwoRejected, want: ErrInvalid, rule: "order_channel"},
		{name: "customer_number not numeric", data: mut(`customer_number=""`, `customer_number="12A"`), outcome: cwoRejected, want: ErrInvalid, rule: "customer_number"},
		{name: "customer_number 10 digits", data: mut(`customer_number=""`, `customer_number="1234567890"`), outcome: cwoRejected, want: ErrInvalid, rule: "customer_number"},
		{name: "bill_to_number 8 digits", data: mut(`customer_number=""`, `bill_to_number="12345678"`), outcome: cwoRejected, want: ErrInvalid, rule: "bill_to_number"},
		{name: "alternate_sold_to_id 16 characters", data: mut(`alternate_sold_to_id=""`, `alternate_sold_to_id="ABCDEFGHIJKLMNOP"`), outcome: cwoRejected, want: ErrInvalid, rule: "alternate_sold_to_id"},
		{name: "response_type unknown", data: mut(`response_type="E"`, `response_type="X"`), outcome: cwoRejected, want: ErrInvalid, rule: "response_type"},
		{name: "payment_only not Y/N", data: mut(`payment_only="N"`, `payment_only="Q"`), outcome: cwoRejected, want: ErrInvalid, rule: "payment_only"},
		{name: "delivery_type unknown", data: mut(`company_code="555"`, `company_code="555" delivery_type="Z"`), outcome: cwoRejected, want: ErrInvalid, rule: "delivery_type"},
		{name: "ship_to_type 4", data: mut(`ship_to_type="1"`, `ship_to_type="4"`), outcome: cwoRejected, want: ErrInvalid, rule: "ship_to_type"},
		{name: "quantity word", data: mut(item1, `<Item item_id="SKU00001" quantity="two" actual_price="24.95"`), outcome: cwoRejected, want: ErrInvalid, rule: "quantity"},
		{name: "quantity fraction", data: mut(item1, `<Item item_id="SKU00001" quantity="1.5" actual_price="24.95"`), outcome: cwoRejected, want: ErrInvalid, rule: "quantity"},
		{name: "quantity 10 digits", data: mut(item1, `<Item item_id="SKU00001" quantity="1234567890" actual_price="24.95"`), outcome: cwoRejected, want: ErrInvalid, rule: "quantity"},
		{name: "price with comma", data: mut(item1, `<Item item_id="SKU00001" quantity="2" actual_price="24,95"`), outcome: cwoRejected, want: ErrInvalid, rule: "actual_price"},
		{name: "price not a number", data: mut(item1, `<Item item_id="SKU00001" quantity="2" actual_price="cheap"`), outcome: cwoRejected, want: ErrInvalid, rule: "actual_price"},
		{name: "price 21 characters", data: mut(item1, `<Item item_id="SKU00001" quantity="2" actual_price="`+strings.Repeat("9", 18)+`.00"`), outcome: cwoRejected, want: ErrInvalid, rule: "actual_price"},
		{name: "freight two points", data: mut(`freight="5.00"`, `freight="5.0.0"`), outcome: cwoRejected, want: ErrInvalid, rule: "freight"},
		{name: "tax not a number", data: mut(`tax_amount="2.74"`, `tax_amount="x"`), outcome: cwoRejected, want: ErrInvalid, rule: "tax_amount"},
		{name: "decimal point under implied decimals", data: mut(), version: CWOVersionCWDirect18, outcome: cwoRejected, want: ErrInvalid, rule: "implied decimals"},
		{name: "cc_exp_month letters", data: mut(`cc_exp_month="9"`, `cc_exp_month="AB"`), outcome: cwoRejected, want: ErrInvalid, rule: "cc_exp_month"},
		{name: "first batch order without its date and counts", data: mut(`company_code="555"`, `company_code="555" batch_number="9" batch_beg_end_flag="B"`), outcome: cwoRejected, want: ErrInvalid, rule: "batch_date"},
		{name: "payment-only without payments", data: []byte(`<Message type="CWORDERIN"><Header rdc_order_nbr="6431" payment_only="Y" pay_incl="Y" response_type="N"/></Message>`), outcome: cwoRejected, want: ErrInvalid, rule: "Payments"},
		{name: "rdc_order_nbr 10 digits", data: []byte(`<Message type="CWORDERIN"><Header rdc_order_nbr="1234567890" payment_only="Y" pay_incl="Y">` + payments + `</Header></Message>`), outcome: cwoRejected, want: ErrInvalid, rule: "rdc_order_nbr"},
		// Message-level rules of the order domain: rejected, nothing written.
		{name: "card number with dashes (masked in the error)", data: mut(payment, `<Payment payment_seq_number="1" payment_type="4" cc_number="4111-1111-1111-1111"`), outcome: cwoRejected, want: order.ErrRejected, rule: "****-****-****-1111"},
		{name: "card number with letters (masked in the error)", data: mut(payment, `<Payment payment_seq_number="1" payment_type="4" cc_number="4111111111111111X"`), outcome: cwoRejected, want: order.ErrRejected, rule: "************1111X"},
		{name: "cc_exp_month 13", data: mut(`cc_exp_month="9"`, `cc_exp_month="13"`), outcome: cwoRejected, want: order.ErrRejected, rule: "cc_exp_month"},
		{name: "duplicate payment_seq_number", data: mut(`</Payments>`, `<Payment payment_seq_number="1" payment_type="CK"/></Payments>`), outcome: cwoRejected, want: order.ErrRejected, rule: "payment_seq_number"},
		{name: "pay_incl N with payments (ORD-058)", data: mut(`pay_incl="Y"`, `pay_incl="N"`), outcome: cwoRejected, want: order.ErrRejected, rule: "ORD-058"},
		{name: "payment follows but response N (ORD-056)", data: mut(`pay_incl="Y"`, `pay_incl="N"`, `response_type="E"`, `response_type="N"`, payments, ``), outcome: cwoRejected, want: order.ErrRejected, rule: "ORD-056"},
		{name: "order maintenance by rdc_order_nbr (ORD-086)", data: mut(`company_code="555"`, `company_code="555" rdc_order_nbr="6431"`), outcome: cwoRejected, want: order.ErrUnsupported, rule: "ORD-086"},
		{name: "payment-only naming no order (ORD-057)", data: []byte(`<Message type="CWORDERIN"><Header rdc_order_nbr="999" payment_only="Y" pay_incl="Y">` + payments + `</Header></Message>`), outcome: cwoRejected, want: order.ErrNotFound, rule: "ORD-057"},
		{name: "payment-only with pay_incl N (ORD-057)", data: []byte(`<Message type="CWORDERIN"><Header rdc_order_nbr="999" payment_only="Y" pay_incl="N">` + payments + `</Header></Message>`), outcome: cwoRejected, want: order.ErrRejected, rule: "ORD-057"},
		{name: "middle batch order without a first (ORD-020)", data: mut(`company_code="555"`, `company_code="555" batch_number="4242"`), outcome: cwoRejected, want: order.ErrRejected, rule: "ORD-020"},
		{name: "last batch order without approve_batch (ORD-020)", data: mut(`company_code="555"`, `company_code="555" batch_number="4242" batch_beg_end_flag="E"`), outcome: cwoRejected, want: ErrInvalid, rule: "approve_batch"},
		{name: "no sold-to identity at all", data: mut(`sold_to_fname="Maria" sold_to_lname="Lindqvist"`, ``, `sold_to_address1="12 Harbour Street"`, ``, `sold_to_company=""`, ``, `sold_to_apartment="Apt 4B"`, ``, `sold_to_city="Portland" sold_to_state="ME" sold_to_zip="04101" sold_to_country="USA"`, ``), outcome: cwoRejected, want: customer.ErrInsufficientIdentity, rule: "sold-to"},
		// Card numbers outside the card field (issue 17 items 1 and 2): masked
		// wherever they stand, grouped or not; short numbers echoed as sent.
		{name: "card in sold_to_fname of an invalid message", data: mut(`sold_to_fname="Maria"`, `sold_to_fname="4111111111111111"`, item1, `<Item item_id="SKU00001" quantity="1234567890" actual_price="24.95"`),
			outcome: cwoRejected, want: ErrInvalid, rule: "quantity", shows: `sold_to_fname="************1111"`},
		{name: "spaced card in a malformed message", data: []byte(`<Message type="CWORDERIN"><Header sold_to_fname="4111 1111 1111 1111" cc_number="4111111111111111"><Header>`),
			outcome: cwoRejected, want: ErrMalformed, shows: `sold_to_fname="**** **** **** 1111" cc_number="************1111"`},
		{name: "dashed card in an invalid attribute", data: mut(`company_code="555"`, `company_code="4111-1111-1111-1111"`),
			outcome: cwoRejected, want: ErrInvalid, rule: "****-****-****-1111", shows: `company_code="****-****-****-1111"`},
		{name: "10-digit quantity echoed as sent", data: mut(item1, `<Item item_id="SKU00001" quantity="1234563648" actual_price="24.95"`),
			outcome: cwoRejected, want: ErrInvalid, rule: `"1234563648"`, shows: `quantity="1234563648"`},
		// Limits (issue 17 items 4 and 6): refused with a field error naming
		// the attribute, the limit and the length; nothing written, no
		// customer created; the reply echoes a short prefix only.
		{name: "sold_to_address1 of 60,000 characters", data: mut(`sold_to_address1="12 Harbour Street"`, `sold_to_address1="`+strings.Repeat("H", 60000)+`"`),
			outcome: cwoRejected, want: ErrInvalid, rule: "Header/@sold_to_address1", shows: "at most 50 characters, got 60000", maxReply: 4000},
		{name: "ship_to_lname of 51 characters", data: mut(`ship_to_lname="Lindqvist"`, `ship_to_lname="`+strings.Repeat("L", 51)+`"`),
			outcome: cwoRejected, want: ErrInvalid, rule: "ship_to_lname", shows: "at most 50 characters, got 51"},
		{name: "sold_to_email of 255 characters", data: mut(`sold_to_email="Maria.Lindqvist@Example.COM"`, `sold_to_email="`+strings.Repeat("m", 243)+`@example.com"`),
			outcome: cwoRejected, want: ErrInvalid, rule: "sold_to_email", shows: "at most 254 characters, got 255"},
		{name: "over 65,000 characters, nothing written", data: over, outcome: cwoRejected, want: order.ErrRejected, rule: "message-formats.md §1.5"},
		{name: "over 65,000 characters with a 65,001-character address", data: mut(`sold_to_address1="12 Harbour Street"`, `sold_to_address1="`+strings.Repeat("A", 65001)+`"`),
			outcome: cwoRejected, want: ErrInvalid, rule: "sold_to_address1", shows: "got 65001", maxReply: 4000},
		{name: "order_number of 65,001 characters, short reply", data: mut(`order_number="web-100231"`, `order_number="`+strings.Repeat("9", 65001)+`"`),
			outcome: cwoRejected, want: ErrInvalid, rule: "…(65001 characters)", shows: "at most 30 characters, got 65001", maxReply: 4000},
		// Order-edit errors: written complete in error status (ORD-005).
		{name: "unknown item (ORD-080)", data: mut(`item_id="SKU00002"`, `item_id="NOSUCH"`), outcome: cwoErrorStatus, rule: "ORD-080"},
		{name: "negative price on a sale line (ORD-026)", data: mut(item1, `<Item item_id="SKU00001" quantity="2" actual_price="-24.95"`), outcome: cwoErrorStatus, rule: "ORD-026"},
		{name: "negative price on a return line (ORD-026)", data: mut(item1, `<Item item_id="SKU00001" quantity="-2" actual_price="-24.95"`), outcome: cwoErrorStatus, rule: "ORD-026"},
		{name: "zero quantity (ORD-026)", data: mut(item1, `<Item item_id="SKU00001" quantity="0" actual_price="24.95"`), outcome: cwoErrorStatus, rule: "ORD-026"},
		{name: "negative tax on a sale line", data: mut(`tax_amount="2.74"`, `tax_amount="-2.74"`), outcome: cwoErrorStatus, rule: "order-api.md A.1"},
		{name: "missing ship-to", data: mut(shipTos, ``), outcome: cwoErrorStatus, rule: "order-api.md A.1"},
		{name: "ship-to without lines", data: mut(items, ``), outcome: cwoErrorStatus, rule: "order-api.md A.1"},
		{name: "negative freight", data: mut(`freight="5.00"`, `freight="-5.00"`), outcome: cwoErrorStatus, rule: "message-formats.md §3.5"},
		{name: "unknown pay type", data: mut(`payment_type="4"`, `payment_type="ZZ"`), outcome: cwoErrorStatus, rule: "message-formats.md §3.4"},
		{name: "credit card without card number", data: mut(` cc_number="4111111111111111"`, ``), outcome: cwoErrorStatus, rule: "message-formats.md §3.4"},
		{name: "return to a warehouse without the item (ORD-027)", data: mut(item1, `<Item item_id="SKU00001" quantity="-2" actual_price="24.95" line_warehouse="77"`), outcome: cwoErrorStatus, rule: "ORD-027"},
		{name: "price with six decimals (24.999999)", data: mut(item1, `<Item item_id="SKU00001" quantity="2" actual_price="24.999999"`), outcome: cwoErrorStatus, rule: "message-formats.md §1.2"},
		{name: "freight with three decimals", data: mut(`freight="5.00"`, `freight="5.005"`), outcome: cwoErrorStatus, rule: "message-formats.md §1.2"},
		// Tolerated by rule.
		{name: "invalid order_date falls back to today", data: mut(`order_date="11242026"`, `order_date="13452026"`), outcome: cwoAccepted},
		{name: "unknown attributes and elements ignored", data: mut(`company_code="555"`, `company_code="555" x_gift="Y"`, `</Header>`, `<Custom a="1"/></Header>`), outcome: cwoAccepted},
		{name: "identical item lines", data: mut(`</Items>`, `<Item item_id="SKU00002" quantity="1" actual_price="19.99" tax_amount="1.10"/></Items>`), outcome: cwoAccepted},
	}
	require.Equal(t, doccount.Count(t, "doc.go", `XML-level hostile-input catalog[^.]*? holds (\d+) messages`), len(cases),
		"the package documentation states the size of this catalog")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newCWOIntakeEnv(t, cwoIntakeSettings())
			v := tc.version
			if v == "" {
				v = CWOVersionOMS5
			}
			x, err := ProcessCWOrderIn(context.Background(), e.deps, tc.data, cwoOpts(v))
			var seen strings.Builder
			cwoTranscript(&seen, tc.name, x, err)
			assert.Empty(t, pcitest.Cards(seen.String()), "card numbers masked:\n%s", seen.String())
			cwoNoCardShown(t, x, err)
			assert.Contains(t, seen.String(), tc.shows)
			switch tc.outcome {
			case cwoRejected:
				require.Error(t, err)
				assert.ErrorIs(t, err, tc.want)
				assert.Contains(t, err.Error(), tc.rule)
				assert.Equal(t, 0, e.orders.Commits(), "nothing written")
				assert.Empty(t, e.orders.Orders())
				_, cerr := e.customers.SoldTo(context.Background(), 1)
				assert.Error(t, cerr, "no customer created")
				if tc.maxReply > 0 {
					assert.Less(t, len(x.Invalid), tc.maxReply, "a bounded reply")
				}
				assert.False(t, x.Reply.Sent())
				if errors.Is(err, ErrInvalid) || errors.Is(err, ErrMalformed) || errors.Is(err, order.ErrRejected) {
					assert.True(t, bytes.HasPrefix(x.Invalid, []byte("Invalid XML Message:")), "message-formats.md §1.5 reply")
				}
			case cwoErrorStatus:
				require.NoError(t, err)
				assert.Equal(t, order.StatusError, x.Result.Order.Status)
				rules := map[string]bool{}
				for _, fe := range x.Result.Errors {
					rules[fe.Rule] = true
				}
				assert.True(t, rules[tc.rule], "an order error cites %s: %v", tc.rule, x.Result.Errors)
				stored := e.orders.Orders()
				require.Len(t, stored, 1, "written complete")
				assert.Equal(t, order.StatusError, stored[0].Status)
				require.True(t, x.Reply.Sent())
				out, err := DecodeCWOrderOut(x.Reply.Body, cwoOpts(v))
				require.NoError(t, err)
				assert.NotEmpty(t, out.Header.Errors, "the E response lists the errors")
				assert.Equal(t, "E", cwoOtherValue(out.Header.Other, "order_status"))
			case cwoAccepted:
				require.NoError(t, err)
				assert.NotEqual(t, order.StatusError, x.Result.Order.Status, "%v", x.Result.Errors)
				assert.Len(t, e.orders.Orders(), 1)
			}
		})
	}
}
