package xmlmsg

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
)

// cwoScenarioMsg is one message of a scenario: a file under testdata.
type cwoScenarioMsg struct{ dir, file string }

// TestCWOIntakeGolden runs the typical scenarios of order-api.md A.14 from
// CWORDERIN bytes to CWORDEROUT bytes and compares the transcripts with the
// golden files under testdata/intake. The explicit assertions below name the
// rule each checks; the golden file pins the bytes.
func TestCWOIntakeGolden(t *testing.T) {
	in := func(f string) cwoScenarioMsg { return cwoScenarioMsg{"cworderin", f} }
	own := func(f string) cwoScenarioMsg { return cwoScenarioMsg{"intake", f} }
	cases := []struct {
		name    string
		version CWOVersion
		i56     bool
		msgs    []cwoScenarioMsg
		check   func(t *testing.T, xs []CWOExchange)
		// refused is the error the last message must be refused with.
		refused error
	}{
		{name: "ORD-091_retail_pos_batch", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{in("batch_first.xml"), in("batch_middle.xml"), in("batch_last.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				for _, x := range xs {
					assert.False(t, x.Reply.Sent(), "ORD-091: no acknowledgements (response_type N)")
					assert.Equal(t, order.RouteBatch, x.Result.Order.Route.Kind) // ORD-004: batched orders wait
				}
				// ORD-015: the last order approves the batch, which is released.
				require.Len(t, xs[2].Result.Released, 3)
				for _, r := range xs[2].Result.Released {
					assert.Equal(t, order.StatusOpen, r.Order.Status)
				}
			}},
		{name: "ORD-091_retail_pos_suppressed", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{own("ord091_pos_suppress.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				x := xs[0]
				assert.False(t, x.Reply.Sent())
				assert.Equal(t, order.StatusOpen, x.Result.Order.Status)
				// ORD-091: deposits and refunds suppressed (ORD-021, ORD-022).
				assert.True(t, x.Result.Order.Payments[0].SuppressDeposit)
				assert.True(t, x.Result.Order.Payments[0].SuppressRefund)
			}},
		{name: "ORD-092_call_center", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{own("ord092_call_center.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				x := xs[0]
				assert.False(t, x.Reply.Sent())
				assert.Equal(t, order.StatusOpen, x.Result.Order.Status)
				assert.False(t, x.Result.Order.Payments[0].SuppressDeposit, "ORD-092: deposits not suppressed")
				assert.Equal(t, "40.09", x.Result.Order.Totals.Order.StringFixed(2))
			}},
		{name: "ORD-093_ecommerce_errors_E", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{own("ord093_ecommerce_errors.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				x := xs[0]
				require.True(t, x.Reply.Sent())
				// ORD-093 with ORD-059: response E and I56 = Y report the
				// edit errors; ORD-080: the unknown item is the error;
				// ORD-005: the order waits in G41.
				assert.Equal(t, order.StatusError, x.Result.Order.Status)
				assert.Equal(t, order.Route{Kind: order.RouteErrorBatch, Batch: "41"}, x.Result.Order.Route)
				out, err := DecodeCWOrderOut(x.Reply.Body, cwoOpts(CWOVersionOMS5))
				require.NoError(t, err)
				assert.Equal(t, CWOResponseDetailErrors, out.Kind)
				require.Len(t, out.Header.Errors, 1)
				assert.Equal(t, "DTLS", out.Header.Errors[0].Type)
				assert.Contains(t, out.Header.Errors[0].Text, order.ReasonBaseItemDoesNotExist)
				assert.Contains(t, out.Header.Errors[0].Text, "NOSUCHITEM")
				assert.Equal(t, 6431, out.Header.OrderID)
			}},
		{name: "ORD-093_ecommerce_detail_D", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{in("simple_order_with_payment.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				x := xs[0]
				require.True(t, x.Reply.Sent())
				out, err := DecodeCWOrderOut(x.Reply.Body, cwoOpts(CWOVersionOMS5))
				require.NoError(t, err)
				assert.Equal(t, CWOResponseDetail, out.Kind) // ORD-055: D
				assert.Equal(t, "WEB-100231", out.Header.ReferenceOrderNumber)
				assert.Equal(t, "Y", cwoOtherValue(out.Header.Other, "totals_final")) // ORD-007: I56 = Y, final totals
				assert.Equal(t, "78.73", cwoOtherValue(out.Header.Other, "order_total"))
			}},
		{name: "ORD-093_ecommerce_preliminary_totals", version: CWOVersionOMS5, i56: false,
			msgs: []cwoScenarioMsg{in("simple_order_with_payment.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				out, err := DecodeCWOrderOut(xs[0].Reply.Body, cwoOpts(CWOVersionOMS5))
				require.NoError(t, err)
				assert.Equal(t, "N", cwoOtherValue(out.Header.Other, "totals_final")) // ORD-007: I56 = N, preliminary
			}},
		{name: "ORD-093_ecommerce_payment_follows", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{in("initial_order_no_payment.xml"), in("payment_only.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				first, pay := xs[0], xs[1]
				require.True(t, first.Reply.Sent())
				out, err := DecodeCWOrderOut(first.Reply.Body, cwoOpts(CWOVersionOMS5))
				require.NoError(t, err)
				assert.Equal(t, CWOResponseAck, out.Kind) // ORD-056: A for the first message
				assert.Equal(t, 6431, out.Header.OrderID)
				assert.Equal(t, order.StatusPending, first.Result.Order.Status)
				// ORD-057: payment_only.xml names order 6431 by rdc_order_nbr.
				assert.Equal(t, first.Result.Order.ID, pay.Result.Order.ID)
				assert.Equal(t, order.StatusOpen, pay.Result.Order.Status)
				assert.False(t, pay.Reply.Sent(), "response_type N")
			}},
		{name: "ORD-093_ecommerce_cwdirect18", version: CWOVersionCWDirect18, i56: true,
			msgs: []cwoScenarioMsg{in("simple_order_cwdirect18.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				x := xs[0]
				require.True(t, x.Reply.Sent())
				assert.Equal(t, "78.73", x.Result.Order.Totals.Order.StringFixed(2), "implied decimals read as 2 places")
				assert.Contains(t, string(x.Reply.Body), `order_total="7873"`, "and written back implied")
			}},
		{name: "return_negative_quantity", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{in("return_negative_quantity.xml")},
			check: func(t *testing.T, xs []CWOExchange) {
				l := xs[0].Result.Order.ShipTos[0].Lines[0]
				assert.True(t, l.IsReturn()) // ORD-026
				assert.Equal(t, "RS", l.Disposition)
				assert.Contains(t, string(xs[0].Reply.Body), `quantity="-1"`)
			}},
		{name: "over_65000_chars", version: CWOVersionOMS5, i56: true,
			msgs: []cwoScenarioMsg{in("over_65000_chars.xml")}, refused: order.ErrRejected,
			check: func(t *testing.T, xs []CWOExchange) {
				// message-formats.md §1.5 as omskit applies it: refused whole,
				// the "Invalid XML Message:" reply names the limit and the
				// length; nothing written (the catalog row checks the stores).
				assert.False(t, xs[0].Reply.Sent())
				assert.Contains(t, string(xs[0].Invalid), "Message exceeds 65,000 characters")
				assert.Contains(t, string(xs[0].Invalid), "68335 characters")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := cwoIntakeSettings()
			s.PerformEditInteractively = tc.i56
			e := newCWOIntakeEnv(t, s)
			var b strings.Builder
			var xs []CWOExchange
			for i, m := range tc.msgs {
				x, err := e.process(cwoTestdata(t, m.dir, m.file), tc.version)
				if tc.refused != nil && i == len(tc.msgs)-1 {
					require.ErrorIs(t, err, tc.refused, m.file)
				} else {
					require.NoError(t, err, m.file)
				}
				xs = append(xs, x)
				cwoTranscript(&b, m.dir+"/"+m.file, x, err)
			}
			tc.check(t, xs)
			assert.NotContains(t, b.String(), "4111111111111111", "cards masked everywhere")
			cwoIntakeGolden(t, tc.name+".golden", []byte(b.String()))
		})
	}
}

func cwoOtherValue(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestCWOIntakeIdempotent: the same order_number with the same bytes returns
// the original CWORDEROUT and writes nothing; with different bytes it is a
// typed error (ORD-010). Proven with concurrent senders.
func TestCWOIntakeIdempotent(t *testing.T) {
	e := newCWOIntakeEnv(t, cwoIntakeSettings())
	data := cwoSample(t, "simple_order_with_payment.xml")
	changed := bytes.Replace(data, []byte(`quantity="2"`), []byte(`quantity="3"`), 1)
	require.NotEqual(t, data, changed)

	const senders = 12
	var wg sync.WaitGroup
	xs := make([]CWOExchange, senders)
	errs := make([]error, senders)
	for i := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			xs[i], errs[i] = ProcessCWOrderIn(context.Background(), e.deps, data, cwoOpts(CWOVersionOMS5))
		}()
	}
	wg.Wait()
	fresh := 0
	for i := range senders {
		require.NoError(t, errs[i])
		require.True(t, xs[i].Reply.Sent())
		assert.Equal(t, string(xs[0].Reply.Body), string(xs[i].Reply.Body), "every sender gets the original CWORDEROUT")
		if !xs[i].Result.Replayed {
			fresh++
		}
	}
	assert.Equal(t, 1, fresh, "exactly one intake wrote")
	assert.Equal(t, 1, e.orders.Commits())
	assert.Len(t, e.orders.Orders(), 1)
	_, err := e.customers.SoldTo(context.Background(), 1)
	require.NoError(t, err, "the one intake created its customer")
	_, err = e.customers.SoldTo(context.Background(), 2)
	assert.ErrorIs(t, err, customer.ErrNotFound, "the replays created no customer")

	// ORD-010: a different payload under the same order_number, also
	// concurrently, is rejected with a typed error and writes nothing.
	for i := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = ProcessCWOrderIn(context.Background(), e.deps, changed, cwoOpts(CWOVersionOMS5))
		}()
	}
	wg.Wait()
	for i := range senders {
		assert.ErrorIs(t, errs[i], order.ErrDuplicateOrder)
	}
	assert.Equal(t, 1, e.orders.Commits())
	assert.Len(t, e.orders.Orders(), 1)
}
