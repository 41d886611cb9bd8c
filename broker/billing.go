package broker

// BillingHeader is one billing header record, giving one invoice (§2.8).
type BillingHeader struct {
	Key            OrderKey
	PreviousStatus Status
	Response       string
	Intransit      bool
	Lines          []BillingRequest
}

type billingGroup struct {
	key       OrderKey
	prev      Status
	response  string
	intransit bool
}

// GroupBilling groups billing requests into billing header records
// (order-broker.md §2.8): lines of one order ship-to that moved to fulfilled
// from the same previous status in the same response share a header
// (BRK-090), whatever their request IDs (BRK-091); a different ship-to
// (BRK-092), previous status (BRK-090) or response (BRK-093) starts another.
// Headers come out in the order their first line came in.
func GroupBilling(reqs []BillingRequest) []BillingHeader {
	var out []BillingHeader
	index := map[billingGroup]int{}
	for _, r := range reqs {
		g := billingGroup{r.Key, r.PreviousStatus, r.Response, r.Intransit}
		i, ok := index[g]
		if !ok {
			i = len(out)
			index[g] = i
			out = append(out, BillingHeader{Key: r.Key, PreviousStatus: r.PreviousStatus, Response: r.Response, Intransit: r.Intransit})
		}
		out[i].Lines = append(out[i].Lines, r)
	}
	return out
}

// BillingRequests picks the billing requests out of a list of side effects.
func BillingRequests(effects []SideEffect) []BillingRequest {
	var out []BillingRequest
	for _, e := range effects {
		if b, ok := e.(BillingRequest); ok {
			out = append(out, b)
		}
	}
	return out
}
