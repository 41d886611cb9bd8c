package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pcitest"
)

// TestNoCardInAnswersOrLogs (issue 17 item 1, seen from outside): a card
// number typed into a name of a well-formed but invalid message, written
// with spaces in a malformed one, or used as the order number of a valid
// order, shows in no answer body and no log line; a 10-digit quantity is
// echoed as sent (item 2).
func TestNoCardInAnswersOrLogs(t *testing.T) {
	s := start(t, "-db=:memory:", "-log-level=debug")
	base := string(sample(t, "simple_order_with_payment.xml"))
	invalid := strings.Replace(strings.Replace(base, `sold_to_fname="Maria"`, `sold_to_fname="4111111111111111"`, 1),
		`quantity="2"`, `quantity="1234563648"`, 1)
	malformed := `<Message type="CWORDERIN"><Header sold_to_fname="4111 1111 1111 1111" cc_number="4111111111111111"><Oops></Header>`
	valid := strings.Replace(base, `order_number="web-100231"`, `order_number="5500-0000-0000-0004"`, 1)

	r := post(t, s.url, []byte(invalid))
	require.Equal(t, 400, r.status, r.body)
	assert.Contains(t, r.body, `sold_to_fname="************1111"`)
	assert.Contains(t, r.body, `quantity="1234563648"`, "short numbers as sent")
	assert.Empty(t, pcitest.Cards(r.body), r.body)

	r = post(t, s.url, []byte(malformed))
	require.Equal(t, 400, r.status, r.body)
	assert.Contains(t, r.body, `sold_to_fname="**** **** **** 1111"`)
	assert.Empty(t, pcitest.Cards(r.body), r.body)

	r = post(t, s.url, []byte(valid))
	require.Equal(t, 200, r.status, r.body)
	r = post(t, s.url, []byte(strings.Replace(valid, `sold_to_fname="Maria"`, `sold_to_fname="Mary"`, 1)))
	require.Equal(t, 409, r.status, r.body)
	assert.Empty(t, pcitest.Cards(r.body), r.body)

	require.NoError(t, s.stop())
	logs := s.logs.String()
	assert.Contains(t, logs, "message refused")
	assert.Contains(t, logs, "order_number=****-****-****-0004")
	assert.Empty(t, pcitest.Cards(logs), logs)
}
