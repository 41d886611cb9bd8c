package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuickstartRuns runs the program as `go run ./examples/quickstart` does
// and checks what it reports.
func TestQuickstartRuns(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), nil, &out, &errOut))
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
	assert.Contains(t, s, "cworderin.xml: order 1 (WEB-100231) status O (open")
	assert.Contains(t, s, "customer 1, chosen by step 7")
	assert.Contains(t, s, "cworderin_repeat_customer.xml: order 2 (WEB-100233)")
	assert.Contains(t, s, "customer 1, chosen by step 4a: sold_to_day_phone 2075550142 matches only customer 1")
	assert.Contains(t, s, "cworderin_unknown_item.xml: order 3 (WEB-100240) status E (in error")
	assert.Contains(t, s, "Base item does not exist")
	assert.Contains(t, s, `<Error error_type="DTLS"`)
	assert.Equal(t, 3, strings.Count(s, "sent again: the same answer, nothing written"))

	// The broker walk: submitted once, acknowledged, polled, accepted, fulfilled.
	assert.Contains(t, s, `after the BROKER run:            K (Acknowledged), request "1001"`)
	assert.Contains(t, s, "the store reports fulfilled:     X (Completed)")
	assert.Contains(t, s, "order history: Ln#: 2 Store Shipped Order")
}

// TestQuickstartSaysWhereTheDatabaseIs (issue 17 item 17): the program
// prints the database's real path and that the temporary folder is deleted
// when it ends — and it is; -db FILE writes the database there and keeps it.
func TestQuickstartSaysWhereTheDatabaseIs(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), nil, &out, &errOut))
	m := regexp.MustCompile(`Full intake into SQLite: (\S+)\n  \(a temporary folder, deleted when the program ends; -db FILE`).FindStringSubmatch(out.String())
	require.NotNil(t, m, out.String())
	assert.Equal(t, "omskit.db", filepath.Base(m[1]))
	_, err := os.Stat(m[1])
	assert.ErrorIs(t, err, os.ErrNotExist, "the temporary database is gone, as printed")

	path := filepath.Join(t.TempDir(), "kept.db")
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"-db", path}, &out, &errOut))
	assert.Contains(t, out.String(), "Full intake into SQLite: "+path+"\n  (kept after the program ends: -db)")
	fi, err := os.Stat(path)
	require.NoError(t, err, "-db keeps the database")
	assert.Positive(t, fi.Size())

	// Run again on the kept file: the orders are replayed, nothing new.
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"-db", path}, &out, &errOut))
	assert.Contains(t, out.String(), "cworderin.xml: order 1 (WEB-100231) status O")
	assert.Contains(t, out.String(), "cworderin_unknown_item.xml: order 3 (WEB-100240)")
}

// TestQuickstartExplainsLetters (issue 17 item 17): the status and answer
// letters are explained where they are printed, and the broker demo's order
// cannot be read as the intake's order 1.
func TestQuickstartExplainsLetters(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), nil, &out, &errOut))
	s := out.String()
	assert.Contains(t, s, "O open, H held, P pending (in a batch or waiting for its payment), E in error.")
	assert.Contains(t, s, "D detailed, E detailed with errors, A acknowledgement, N none.")
	assert.Contains(t, s, "order 2 (WEB-100233) status P (pending: waits in a batch or for its payment)")
	assert.Contains(t, s, "answers D (detailed response):")
	assert.Contains(t, s, "answers A (acknowledgement):")
	assert.Contains(t, s, "answers E (detailed response with the order's errors):")
	assert.Contains(t, s, "Record statuses: R ready to send, K acknowledged by Order Broker, P polled, A accepted by the store, X completed.")
	broker := s[strings.Index(s, "Brokering"):]
	assert.Contains(t, broker, "a separate demo order (held in memory, not one of the orders taken in above)")
	assert.NotRegexp(t, `order [123]-`, broker, "the demo order is not numbered like an order taken in")
	assert.Contains(t, broker, "order 9001-001 (order 9001, ship-to 1)")
}

// TestQuickstartHelp (issue 17 item 10): -h prints the usage and runs
// nothing.
func TestQuickstartHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-h"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "usage: quickstart [-db FILE]")
	assert.Contains(t, errOut.String(), "-db string")
	assert.Empty(t, out.String(), "-h runs nothing")
	assert.Error(t, run(context.Background(), []string{"extra"}, &out, &errOut))
}
