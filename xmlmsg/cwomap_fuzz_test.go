package xmlmsg

import (
	"context"
	"strings"
	"testing"
)

// FuzzProcessCWOrderIn feeds arbitrary bytes through the whole CWORDERIN →
// CWORDEROUT exchange: it must never panic, never write on a refused
// message, and never show the test card number unmasked in an error or a
// reply.
func FuzzProcessCWOrderIn(f *testing.F) {
	for _, name := range []string{"simple_order_with_payment.xml", "payment_only.xml", "batch_first.xml",
		"return_negative_quantity.xml", "initial_order_no_payment.xml"} {
		f.Add(cwoSample(f, name))
	}
	f.Add([]byte(`<Message type="CWORDERIN"><Header order_number="x" cc_number="4111111111111111"/></Message>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e := newCWOIntakeEnv(t, cwoIntakeSettings())
		x, err := ProcessCWOrderIn(context.Background(), e.deps, data, cwoOpts(CWOVersionOMS5))
		const card = "4111111111111111"
		inInput := strings.Count(string(data), card)
		if err != nil {
			if strings.Contains(err.Error(), card) {
				t.Fatalf("unmasked card in error: %v", err)
			}
			if x.Invalid != nil && strings.Contains(string(x.Invalid), card) {
				t.Fatalf("unmasked card in reply: %s", x.Invalid)
			}
			if x.Invalid != nil && e.orders.Commits() != 0 {
				t.Fatal("a refused message wrote")
			}
		}
		if inInput > 0 && strings.Contains(string(x.Reply.Body), card) {
			t.Fatalf("unmasked card in CWORDEROUT: %s", x.Reply.Body)
		}
	})
}
