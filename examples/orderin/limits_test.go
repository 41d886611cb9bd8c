package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pcitest"
	"github.com/omskit/omskit/storage/sqlstore"
)

// TestLimitsFromOutside (issue 17 items 4-6, seen from outside the running
// service): a 60,000-character address is refused with a field error naming
// the attribute, the limit and the length; a message over 65,000
// characters — also one whose excess is a 65,001-character address — is
// refused and creates no customer; a 65,001-character order number gets a
// short reply; a price with six decimals is a field error on the order, not
// a silent total. Only that last order is written.
func TestLimitsFromOutside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	s := start(t, "-db="+path)
	base := string(sample(t, "simple_order_with_payment.xml"))
	over := string(sample(t, "over_65000_chars.xml"))
	const addr = `sold_to_address1="12 Harbour Street"`
	require.Contains(t, over, addr)

	r := post(t, s.url, []byte(strings.Replace(base, addr, `sold_to_address1="`+strings.Repeat("A", 60000)+`"`, 1)))
	assert.Equal(t, http.StatusBadRequest, r.status, r.body)
	assert.Contains(t, r.body, "Header/@sold_to_address1")
	assert.Contains(t, r.body, "at most 50 characters, got 60000")
	assert.Less(t, len(r.body), 8000, "a bounded reply")

	r = post(t, s.url, []byte(strings.Replace(over, addr, `sold_to_address1="`+strings.Repeat("A", 65001)+`"`, 1)))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, r.body, "at most 50 characters, got 65001")
	assert.Empty(t, pcitest.Cards(r.body))

	r = post(t, s.url, []byte(over))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, r.body, "Message exceeds 65,000 characters")

	r = post(t, s.url, []byte(strings.Replace(base, `order_number="web-100231"`, `order_number="`+strings.Repeat("9", 65001)+`"`, 1)))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, r.body, "at most 30 characters, got 65001")
	assert.Less(t, len(r.body), 8000, "a 65,001-character value echoed as a short prefix")

	dec := strings.Replace(strings.Replace(base, `actual_price="24.95"`, `actual_price="24.999999"`, 1), `response_type="D"`, `response_type="E"`, 1)
	r = post(t, s.url, []byte(dec))
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Contains(t, r.body, `order_status="E"`)
	assert.Contains(t, r.body, "More decimal places than the currency allows")

	require.NoError(t, s.stop())
	db, err := sqlstore.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, 1, count(t, db, "omskit_order"), "only the order with the six-decimal price is written")
	assert.Equal(t, 1, count(t, db, "omskit_sold_to"), "the refused messages created no customer")
}
