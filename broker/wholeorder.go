package broker

import "fmt"

// Whole orders: a flow's row applies to one record (one order line), but
// some of its effects concern the whole order: the order cancel, the
// messages that name no line ("Order was maintained", "Web cancel request
// processed.", "Submit Order Succeeded", the "Rsn:" lines, ...), the order's
// holds and payment methods. When several records of one order move in one
// run (or one submission), those effects happen once per order, as the
// chapter writes them (BRK-280, BRK-281, BRK-284, BRK-296).

// orderEffectKey returns the identity of an effect that concerns the whole
// order, and false for an effect of the record's line.
func orderEffectKey(e SideEffect) (string, bool) {
	switch v := e.(type) {
	case TransactionMessage:
		if v.WholeOrder {
			return fmt.Sprintf("message %v %s", v.Key, v.Text), true
		}
	case OrderCancel:
		if v.WholeOrder {
			return fmt.Sprintf("cancel %v", v.Key), true
		}
	case OrderHold:
		return fmt.Sprintf("hold %v %q %t", v.Key, v.Reason, v.Release), true
	case PaymentDeactivation:
		return fmt.Sprintf("payment %v", v.Key), true
	case ErrorBatchAssignment:
		return fmt.Sprintf("batch %v", v.Key), true
	}
	return "", false
}

// orderEffects remembers the whole-order effects already written.
type orderEffects map[string]bool

// filter returns effects without the whole-order effects already written,
// and the keys of those it keeps; mark them once the effects are written.
func (o orderEffects) filter(effects []SideEffect) ([]SideEffect, []string) {
	var out []SideEffect
	var keys []string
	seen := map[string]bool{}
	for _, e := range effects {
		k, ok := orderEffectKey(e)
		if ok && (o[k] || seen[k]) {
			continue
		}
		if ok {
			seen[k] = true
			keys = append(keys, k)
		}
		out = append(out, e)
	}
	return out, keys
}

func (o orderEffects) mark(keys []string) {
	for _, k := range keys {
		o[k] = true
	}
}

// OncePerOrder drops from results the whole-order effects an earlier
// result already has, so that a host applying one event to every record of
// an order (a submission answer, a cancel) writes them once (BRK-280,
// BRK-284, BRK-296). The Runner does this itself.
func OncePerOrder(results []Result) []Result {
	seen := orderEffects{}
	out := make([]Result, len(results))
	for i, res := range results {
		kept, keys := seen.filter(res.Effects)
		seen.mark(keys)
		res.Effects = kept
		out[i] = res
	}
	return out
}
