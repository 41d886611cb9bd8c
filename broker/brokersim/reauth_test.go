package brokersim_test

import (
	"github.com/omskit/omskit/broker"
)

// reauthFail plays REAUTH declining an F1 order's authorization (§2.29):
// the order goes on AR hold for good (it is released only with a valid
// authorization, which the sim never brings) and the host reports the
// failure of each record to the Runner, which sends the Under Review order
// update with its next run, whatever the record's status.
func (w *world) reauthFail(so *simOrder) {
	o, err := w.orders.Order(w.ctx, so.key)
	if err != nil {
		w.t.Fatalf("order %s: %v", so.key, err)
	}
	o.Status = broker.OrderHeld
	w.orders.PutOrder(o)
	so.held, so.reauthFailed = true, true
	w.logf("order %s: reauthorization failed", so.key)
	host := &broker.Runner{Store: w.log}
	for _, sr := range so.recs {
		cur := w.current(sr)
		plan, err := host.ReauthFailed(w.ctx, broker.ReauthFailure{Record: sr.id, Originating: so.key, LineSeq: sr.seq, RequestID: cur.RequestID})
		if err != nil {
			w.t.Errorf("reauthorization failure of %s line %d: %v", so.key, sr.seq, err)
			continue
		}
		if plan.OriginatingHold != broker.HoldDeclinedAuthorization {
			w.t.Errorf("reauthorization failure of %s line %d: hold %q", so.key, sr.seq, plan.OriginatingHold)
		}
		sr.reauthRequest = cur.RequestID
	}
}

// invReauthUnderReview: every OB request a line of a declined order had
// when REAUTH declined it ends Under Review, open or already closed in OB,
// and the record says so (BRK-244, BRK-249).
func (w *world) invReauthUnderReview(so *simOrder, sr *simRecord, cur broker.Record) {
	if !so.reauthFailed || sr.reauthRequest == "" {
		return
	}
	if ob := w.ob.underReview(sr.reauthRequest); !ob || !cur.UnderReview {
		w.violate("invReauthUnderReview", "order %s declined by REAUTH: record %s (%c) Under Review %v, OB request %s Under Review %v (BRK-244, BRK-249)",
			so.key, w.label(sr), cur.Status, cur.UnderReview, sr.reauthRequest, ob)
	}
}
