package main

import (
	"bytes"
	"context"
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
}
