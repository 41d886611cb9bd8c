package orderapi_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/xmlmsg"
)

const card = "4111111111111111"

func TestProcessTaken(t *testing.T) {
	t.Parallel()
	env := intaketest.New()
	p := env.Processor()
	ctx := context.Background()
	msg := intaketest.Sample(t, "simple_order_with_payment.xml")

	first := p.Process(ctx, msg)
	require.Equal(t, orderapi.Taken, first.Kind, "%v", first.Err)
	assert.False(t, first.Replayed)
	assert.Equal(t, "WEB-100231", first.OrderNumber)
	assert.Equal(t, 1, first.OrderID)
	assert.Equal(t, "CWDIRECT.ORDER.OUT.Q", first.RespQ)
	assert.Equal(t, "application/xml; charset=utf-8", first.ContentType())
	out, err := xmlmsg.DecodeCWOrderOut(first.Answer, xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5})
	require.NoError(t, err, "every answer passes the library's own decoder")
	assert.Equal(t, xmlmsg.CWOResponseDetail, out.Kind, "ORD-055: response_type D gives the detailed CWORDEROUT")

	again := p.Process(ctx, msg)
	require.Equal(t, orderapi.Taken, again.Kind)
	assert.True(t, again.Replayed, "ORD-010: the same bytes again are a replay")
	assert.Equal(t, first.Answer, again.Answer, "ORD-010: the replay answers byte for byte the same")
	assert.Len(t, env.Orders.Orders(), 1, "ORD-010: written once")

	none := p.Process(ctx, intaketest.Sample(t, "batch_first.xml"))
	require.Equal(t, orderapi.Taken, none.Kind, "%v", none.Err)
	assert.Nil(t, none.Answer, "ORD-019: response_type N sends nothing")
}

func TestProcessRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	msg := intaketest.Sample(t, "simple_order_with_payment.xml")

	t.Run("not XML", func(t *testing.T) {
		t.Parallel()
		env := intaketest.New()
		o := env.Processor().Process(ctx, []byte(`<Message type="CWORDERIN" resp_q="ANSWERS"><Header cc_number="`+card+`">`))
		require.Equal(t, orderapi.Refused, o.Kind)
		// message-formats.md §1.5: the reply echoes the message with the card masked, then the errors.
		assert.True(t, bytes.HasPrefix(o.Answer, []byte("Invalid XML Message:\n")), string(o.Answer))
		assert.Contains(t, string(o.Answer), "************1111")
		assert.NotContains(t, string(o.Answer), card)
		assert.ErrorIs(t, o.Err, xmlmsg.ErrMalformed)
		assert.Equal(t, "ANSWERS", o.RespQ, "the answer queue is read from the root element of a message that does not decode")
		assert.Equal(t, "text/plain; charset=utf-8", o.ContentType())
		assert.Empty(t, env.Orders.Orders())
	})
	t.Run("payment for no order", func(t *testing.T) {
		t.Parallel()
		env := intaketest.New()
		o := env.Processor().Process(ctx, intaketest.Sample(t, "payment_only.xml"))
		require.Equal(t, orderapi.Refused, o.Kind)
		assert.Contains(t, string(o.Answer), `names no order (ORD-057)`, "ORD-057: a payment naming no order is refused as a whole")
		assert.ErrorIs(t, o.Err, order.ErrRejected)
		assert.Equal(t, 6431, o.RdcOrderNbr)
		assert.Empty(t, env.Orders.Orders())
	})
	t.Run("duplicate", func(t *testing.T) {
		t.Parallel()
		env := intaketest.New()
		p := env.Processor()
		require.Equal(t, orderapi.Taken, p.Process(ctx, msg).Kind)
		o := p.Process(ctx, bytes.Replace(msg, []byte(`quantity="2"`), []byte(`quantity="3"`), 1))
		require.Equal(t, orderapi.Duplicate, o.Kind)
		assert.ErrorIs(t, o.Err, order.ErrDuplicateOrder, "ORD-010: another message under a taken order number")
		var de *orderapi.DuplicateError
		require.ErrorAs(t, o.Err, &de)
		assert.Equal(t, "WEB-100231", de.Value)
		// Issue 17.8: the answer names the order number, not the internal key.
		assert.Equal(t, `order_number "WEB-100231" was taken in before with a different message (ORD-010); nothing written`+"\n", string(o.Answer))
		assert.Len(t, env.Orders.Orders(), 1, "ORD-010: nothing written for the duplicate")
	})
	t.Run("too large", func(t *testing.T) {
		t.Parallel()
		env := intaketest.New()
		p := env.Processor()
		p.Options.MaxBytes = int64(len(msg)) - 1
		o := p.Process(ctx, msg)
		require.Equal(t, orderapi.TooLarge, o.Kind)
		assert.ErrorIs(t, o.Err, xmlmsg.ErrTooLarge)
		assert.Equal(t, "Invalid XML Message:\nErrors:\nxmlmsg: message too large: more than 1746 bytes\n", string(o.Answer),
			"no echo of an oversize message")
		assert.Equal(t, "CWDIRECT.ORDER.OUT.Q", o.RespQ)
		assert.Empty(t, env.Orders.Orders(), "issue 17.7: nothing stored for a message over the limit")
	})
	t.Run("store down", func(t *testing.T) {
		t.Parallel()
		env := intaketest.New()
		env.Store.SetDown(true)
		o := env.Processor().Process(ctx, msg)
		require.Equal(t, orderapi.Failed, o.Kind)
		assert.ErrorIs(t, o.Err, intaketest.ErrStoreDown)
		assert.Nil(t, o.Answer)
		env.Store.SetDown(false)
		assert.Equal(t, orderapi.Taken, env.Processor().Process(ctx, msg).Kind, "the same bytes go through once the store is back")
	})
	t.Run("no version", func(t *testing.T) {
		t.Parallel()
		p := &orderapi.Processor{Deps: intaketest.New().Deps}
		o := p.Process(ctx, msg)
		assert.Equal(t, orderapi.Failed, o.Kind, "a set-up error is the host's, not the message's")
		assert.ErrorIs(t, o.Err, xmlmsg.ErrUnsupportedVersion)
	})
}

func TestDefaultMaxBytes(t *testing.T) {
	t.Parallel()
	// message-formats.md §1.5: 65,000 characters of at most 4 bytes each.
	assert.Equal(t, int64(260000), orderapi.DefaultMaxBytes(xmlmsg.CWOOptions{}))
	assert.Equal(t, int64(400), orderapi.DefaultMaxBytes(xmlmsg.CWOOptions{MaxChars: 100}))
	assert.Equal(t, xmlmsg.DefaultMaxBytes, orderapi.DefaultMaxBytes(xmlmsg.CWOOptions{MaxChars: -1}))
	p := &orderapi.Processor{Options: xmlmsg.CWOOptions{MaxBytes: 7}}
	assert.Equal(t, int64(7), p.MaxBytes())
}

func TestRespQueue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`<?xml version="1.0"?><Message resp_q=" ORDERS.OUT "><Header>`, "ORDERS.OUT"},
		{`<Message type="CWORDERIN">`, ""},
		{`not xml`, ""},
		{`<Message resp_q="` + strings.Repeat("Q", 256) + `">`, ""},
		{"\xff\xfe<Message resp_q=\"X\">", ""},
		// Read with the library's tokenizer: a byte that is not UTF-8 after the
		// root element, or a character cut at the 4096th byte, does not hide
		// the queue; a DOCTYPE or an unbound prefix does (the tokenizer refuses
		// them, and so does every decoder).
		{"<Message resp_q=\"Q1\"><Header name=\"\xe9\"/></Message>", "Q1"},
		{`<Message resp_q="Q2"><Header name="` + strings.Repeat("x", 4096-36) + "\u00e9\"/></Message>", "Q2"},
		{`<!DOCTYPE Message><Message resp_q="Q3">`, ""},
		{`<x:Message resp_q="Q4">`, ""},
	} {
		assert.Equal(t, tc.want, orderapi.RespQueue([]byte(tc.in)), tc.in)
	}
}

func TestMaskCards(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"card " + card + " end", "card ************1111 end"},
		{card, "************1111"},
		{"order 12345678 line 1", "order 12345678 line 1"},
		{"411111111111", "411111111111"}, // 12 digits cannot be a card: shown as sent (issue 17 item 2)
		{"4222222222222", "*********2222"},
		{"4111 1111 1111 1111", "**** **** **** 1111"},
		{"", ""},
	} {
		assert.Equal(t, tc.want, orderapi.MaskCards(tc.in), tc.in)
	}
}

// One log line per message, in the sender's terms: the order number (for a
// payment-only message, of the order it pays for), never blank, never the
// intake's internal key, cards masked.
func TestOutcomeLog(t *testing.T) {
	t.Parallel()
	env := intaketest.New()
	p := env.Processor()
	ctx := context.Background()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))

	ack := p.Process(ctx, intaketest.Sample(t, "initial_order_no_payment.xml"))
	require.Equal(t, orderapi.Taken, ack.Kind, "%v", ack.Err)
	ack.Log(ctx, log, slog.String("queue", "WEB"))
	pay := bytes.Replace(intaketest.Sample(t, "payment_only.xml"), []byte(`rdc_order_nbr="6431"`), []byte(`rdc_order_nbr="1"`), 1)
	paid := p.Process(ctx, pay)
	require.Equal(t, orderapi.Taken, paid.Kind, "%v", paid.Err)
	paid.Log(ctx, log)
	changed := bytes.Replace(pay, []byte(`auth_amount="26.32"`), []byte(`auth_amount="26.33"`), 1)
	dup := p.Process(ctx, changed)
	require.Equal(t, orderapi.Duplicate, dup.Kind, "%v", dup.Err)
	dup.Log(ctx, log)
	bad := p.Process(ctx, []byte(`<Message><Header cc_number="`+card+`">`))
	bad.Log(ctx, log)
	p.TooLarge(10).Log(ctx, log)
	orderapi.Outcome{Kind: orderapi.Failed, Err: errors.New("store down for card " + card)}.Log(ctx, log)

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 6)
	assert.Regexp(t, `level=INFO msg="order taken in" queue=WEB bytes=\d+ took=\S+ order_number=WEB-100233 order_id=1 status=P replayed=false`, lines[0])
	assert.Regexp(t, `msg="order taken in" .*order_number=WEB-100233 rdc_order_nbr=1 order_id=1 status=O`, lines[1], "issue 17.8: the payment line names its order")
	assert.Contains(t, lines[2], `msg="message refused: order number taken by another message"`)
	assert.Contains(t, lines[2], `err="rdc_order_nbr \"1\" was taken in before with a different message (ORD-010); nothing written"`)
	assert.Contains(t, lines[3], `level=INFO msg="message refused" bytes=`)
	assert.Contains(t, lines[4], `level=WARN msg="message refused: too large"`)
	assert.Contains(t, lines[5], `level=ERROR msg="intake failed"`)
	assert.NotContains(t, logs.String(), `order_number=""`, "issue 17.8")
	assert.NotRegexp(t, `\b(order|payment):\S`, logs.String(), "issue 17.8")
	assert.NotContains(t, logs.String(), card)
}
