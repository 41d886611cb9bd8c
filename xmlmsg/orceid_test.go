package xmlmsg

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ORC-006: an inbound CWOrderIn 10.0 may carry orce_customer_id; both
// decoders keep it on the decoded message, and it is written back when the
// message is encoded. A message without the attribute decodes it blank.
func TestCWOrderIn_ORC006_KeepsORCECustomerID(t *testing.T) {
	t.Parallel()
	opts := cwoOpts(CWOVersionOMS5)
	data := cwoSample(t, "orce_customer_id.xml")

	m, err := DecodeCWOrderIn(data, opts)
	require.NoError(t, err)
	assert.Equal(t, "9000123", m.Header.OrceCustomerID, "ORC-006: DecodeCWOrderIn keeps the inbound ORCE id")
	assert.Equal(t, 200, m.Header.CustomerNumber)

	read, err := ReadCWOrderIn(t.Context(), bytes.NewReader(data), opts)
	require.NoError(t, err)
	assert.Equal(t, "9000123", read.Header.OrceCustomerID, "ORC-006: ReadCWOrderIn keeps the inbound ORCE id")

	out, err := EncodeCWOrderIn(m, opts)
	require.NoError(t, err)
	assert.Contains(t, string(out), `orce_customer_id="9000123"`, "ORC-006: the id survives a re-encode")

	without := cwoDecodeSample(t, "simple_order_with_payment.xml", CWOVersionOMS5)
	assert.Empty(t, without.Header.OrceCustomerID, "ORC-006: absent stays blank")
}
