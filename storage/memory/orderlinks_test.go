package memory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/storage/memory"
)

func TestOrderLinks(t *testing.T) {
	ctx := context.Background()
	var links memory.OrderLinks
	_, err := links.LinkByRequestID(ctx, "5001")
	require.ErrorIs(t, err, broker.ErrLinkNotFound, "an empty store finds nothing")

	orig := broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	a := broker.OrderLink{RequestID: "5001", Originating: &orig, Fulfilling: broker.OrderKey{Company: 6, Order: 7801, ShipTo: 1}}
	b := broker.OrderLink{RequestID: "5002", OriginatingOrderID: "XS-1", Fulfilling: broker.OrderKey{Company: 6, Order: 7802, ShipTo: 1}}
	c := broker.OrderLink{RequestID: "5003", Originating: &orig, Fulfilling: broker.OrderKey{Company: 6, Order: 7803, ShipTo: 1}}
	links.Add(a)
	links.Add(b)
	links.Add(c)
	links.Add(broker.OrderLink{RequestID: "5001", Fulfilling: broker.OrderKey{Company: 6, Order: 9999, ShipTo: 1}})

	got, err := links.LinkByRequestID(ctx, "5002")
	require.NoError(t, err)
	assert.Equal(t, b, got)
	got, err = links.LinkByRequestID(ctx, "5001")
	require.NoError(t, err)
	assert.Equal(t, a, got, "the first link of a request is the one found")

	got, err = links.LinkByFulfilling(ctx, c.Fulfilling)
	require.NoError(t, err)
	assert.Equal(t, c, got)
	_, err = links.LinkByFulfilling(ctx, broker.OrderKey{Company: 6, Order: 1, ShipTo: 1})
	assert.ErrorIs(t, err, broker.ErrLinkNotFound)
	assert.ErrorContains(t, err, "1", "the error names the order")

	byOrig, err := links.LinksByOriginating(ctx, orig)
	require.NoError(t, err)
	assert.Equal(t, []broker.OrderLink{a, c}, byOrig)
	none, err := links.LinksByOriginating(ctx, broker.OrderKey{Company: 6, Order: 1, ShipTo: 1})
	require.NoError(t, err)
	assert.Empty(t, none)
}

func ExampleOrderLinks() {
	ctx := context.Background()
	var links memory.OrderLinks
	links.Add(broker.OrderLink{RequestID: "9001", OriginatingOrderID: "XS-77", Fulfilling: broker.OrderKey{Company: 6, Order: 7801, ShipTo: 1}})
	l, err := links.LinkByRequestID(ctx, "9001")
	fmt.Println(l.Fulfilling.Order, l.OriginatingOrderID, err)
	_, err = links.LinkByRequestID(ctx, "9002")
	fmt.Println(err)
	// Output:
	// 7801 XS-77 <nil>
	// request 9002: order link not found
}
