package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuickstartRuns runs the program as `go run ./examples/quickstart` does
// and checks what it reports.
func TestQuickstartRuns(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	s := out.String()
	assert.Contains(t, s, "CWORDERIN order WEB-100231")
	assert.Contains(t, s, "maria.lindqvist@example.com", "e-mail stored lower case")
	assert.Contains(t, s, "item SKU00001   qty   2  price 24.95")
	assert.Contains(t, s, "card ************1111")
	assert.NotContains(t, s, "4111111111111111")
	assert.Contains(t, s, "SubmitOrder version 18.0")
	assert.Contains(t, s, "DELIVERY transaction 00000123-001")
	assert.Contains(t, s, "line 4: item PENCIL, SKU (none), qty 1 at 1.00")
	assert.Contains(t, s, `Header/@company_code: value "ABC" breaks numeric`)
	assert.Contains(t, s, `Header/@customer_number: value "12X" breaks numeric`)
	assert.Contains(t, s, "Header/@order_number")

	// The full intake on SQLite: a new customer created at step 7, the same
	// customer found again by phone, an unknown item holding its order.
	assert.Contains(t, s, "cworderin.xml: order 1 (WEB-100231) status O")
	assert.Contains(t, s, "customer 1, chosen by step 7")
	assert.Contains(t, s, "cworderin_repeat_customer.xml: order 2 (WEB-100233)")
	assert.Contains(t, s, "customer 1, chosen by step 4a: sold_to_day_phone 2075550142 matches only customer 1")
	assert.Contains(t, s, "cworderin_unknown_item.xml: order 3 (WEB-100240) status E")
	assert.Contains(t, s, "Base item does not exist")
	assert.Contains(t, s, `<Error error_type="DTLS"`)
	assert.Equal(t, 3, strings.Count(s, "sent again: the same answer, nothing written"))

	// The broker walk: submitted once, acknowledged, polled, accepted, fulfilled.
	assert.Contains(t, s, `after the BROKER run:            K (Acknowledged), request "1001"`)
	assert.Contains(t, s, "the store reports fulfilled:     X (Completed)")
	assert.Contains(t, s, "order history: Ln#: 2 Store Shipped Order")
}
