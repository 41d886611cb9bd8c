package xmlmsg

import (
	"context"
	"testing"
)

// FuzzProcessCWOrderIn feeds arbitrary bytes through the whole CWORDERIN →
// CWORDEROUT exchange: it must never panic, never write on a refused
// message, and never show a card number — any 13- to 19-digit run passing
// the Luhn check, grouped or not, wherever it stood in the message — in an
// error, a step, the "Invalid XML Message:" reply or the CWORDEROUT
// (issue 17 item 3; cwoNoCardShown).
func FuzzProcessCWOrderIn(f *testing.F) {
	for _, name := range []string{"simple_order_with_payment.xml", "payment_only.xml", "batch_first.xml",
		"return_negative_quantity.xml", "initial_order_no_payment.xml"} {
		f.Add(cwoSample(f, name))
	}
	f.Add([]byte(`<Message type="CWORDERIN"><Header order_number="x" cc_number="4111111111111111"/></Message>`))
	f.Add(cwoMutate(f, `sold_to_fname="Maria"`, `sold_to_fname="4111 1111 1111 1111"`, `quantity="2"`, `quantity="1234567890"`))
	f.Add(cwoMutate(f, `sold_to_city="Portland"`, `sold_to_city="5500-0000-0000-0004"`, `</Header>`, ``))
	f.Fuzz(func(t *testing.T, data []byte) {
		e := newCWOIntakeEnv(t, cwoIntakeSettings())
		x, err := ProcessCWOrderIn(context.Background(), e.deps, data, cwoOpts(CWOVersionOMS5))
		cwoNoCardShown(t, x, err)
		if err != nil && x.Invalid != nil && e.orders.Commits() != 0 {
			t.Fatal("a refused message wrote")
		}
	})
}
