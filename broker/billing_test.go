package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBillingGrouping(t *testing.T) {
	t.Run("BRK-090 example: two accepted and one acknowledged line give two invoices", func(t *testing.T) {
		// Through the engine: three lines fulfilled in one response.
		e := Engine{Settings: baseSets, Now: fixedClock(t0)}
		var reqs []BillingRequest
		for _, r := range []Record{recReq(1, StatusAccepted, "10"), recReq(2, StatusAccepted, "11"), recReq(3, StatusAcknowledged, "12")} {
			res, err := e.Apply(&BrokeredBackorder, r, Event{Kind: EventFulfilled, Source: SourceStatusList, Response: "resp-1"})
			require.NoError(t, err)
			reqs = append(reqs, BillingRequests(res.Effects)...)
		}
		heads := GroupBilling(reqs)
		require.Len(t, heads, 2)
		assert.Equal(t, StatusAccepted, heads[0].PreviousStatus)
		assert.Len(t, heads[0].Lines, 2)
		// BRK-091: lines 1 and 2 have different request IDs and still share the header.
		assert.Equal(t, "10", heads[0].Lines[0].RequestID)
		assert.Equal(t, "11", heads[0].Lines[1].RequestID)
		assert.Equal(t, StatusAcknowledged, heads[1].PreviousStatus)
		assert.Len(t, heads[1].Lines, 1)
	})
	t.Run("BRK-092 different ship-tos bill separately", func(t *testing.T) {
		other := key8953
		other.ShipTo = 2
		heads := GroupBilling([]BillingRequest{
			{Key: key8953, LineSeq: 1, PreviousStatus: StatusAccepted, Response: "r"},
			{Key: other, LineSeq: 2, PreviousStatus: StatusAccepted, Response: "r"},
		})
		assert.Len(t, heads, 2)
	})
	t.Run("BRK-093 example: 9:00 and 9:02 in one response give one invoice, in two responses two", func(t *testing.T) {
		one := GroupBilling([]BillingRequest{
			{Key: key8953, LineSeq: 1, PreviousStatus: StatusAccepted, Response: "r1"},
			{Key: key8953, LineSeq: 2, PreviousStatus: StatusAccepted, Response: "r1"},
		})
		assert.Len(t, one, 1)
		two := GroupBilling([]BillingRequest{
			{Key: key8953, LineSeq: 1, PreviousStatus: StatusAccepted, Response: "r1"},
			{Key: key8953, LineSeq: 2, PreviousStatus: StatusAccepted, Response: "r2"},
		})
		assert.Len(t, two, 2)
	})
	t.Run("a line already invoiced at intransit is not billed again", func(t *testing.T) {
		r := recReq(1, StatusReceivedByStore, "10")
		r.Invoiced = true
		res := applyF1(t, baseSets, r, Event{Kind: EventFulfilled})
		assert.Empty(t, BillingRequests(res.Effects))
		assert.Equal(t, StatusCompleted, res.Record.Status)
	})
}
