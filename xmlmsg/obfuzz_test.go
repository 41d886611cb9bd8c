package xmlmsg

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var obSentinels = []error{ErrMalformed, ErrWrongRoot, ErrUnsupportedVersion, ErrTooLarge, ErrNotUTF8, ErrInvalid}

// obFuzz checks the decoder's contract on arbitrary input: it agrees with
// its encoding/xml oracle (diff_test.go); no panic; an error wraps one of the
// sentinels; a value that decodes encodes, and the encoding decodes to an
// equal value. The seed corpus is every fixture of the package.
func obFuzz[M any](f *testing.F, diff diffDecoder, decode func([]byte, OBOptions) (*M, error), encode func(*M) ([]byte, error)) {
	seedFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		diff.check(t, data)
		m, err := decode(data, OBOptions{MaxBytes: 1 << 16})
		if err != nil {
			known := false
			for _, s := range obSentinels {
				known = known || errors.Is(err, s)
			}
			require.True(t, known, "error wraps no sentinel: %v", err)
			return
		}
		out, err := encode(m)
		require.NoError(t, err)
		again, err := decode(out, OBOptions{})
		require.NoError(t, err, "re-encoded:\n%s", out)
		assert.Equal(t, m, again)
	})
}

func FuzzDecodeSubmitOrder(f *testing.F) {
	obFuzz(f, diffSubmitOrder, DecodeSubmitOrderBytes, (*SubmitOrder).Encode)
}

func FuzzDecodeSubmitOrderResponse(f *testing.F) {
	obFuzz(f, diffSubmitOrderResponse, DecodeSubmitOrderResponseBytes, (*SubmitOrderResponse).Encode)
}

func FuzzDecodeStatusRequest(f *testing.F) {
	obFuzz(f, diffStatusRequest, DecodeStatusRequestBytes, (*StatusRequest).Encode)
}

func FuzzDecodeStatusRequestResponse(f *testing.F) {
	obFuzz(f, diffStatusRequestResponse, DecodeStatusRequestResponseBytes, (*StatusRequestResponse).Encode)
}

func FuzzDecodeStatusListRequest(f *testing.F) {
	obFuzz(f, diffStatusListRequest, DecodeStatusListRequestBytes, (*StatusListRequest).Encode)
}

func FuzzDecodeStatusListRequestResponse(f *testing.F) {
	obFuzz(f, diffStatusListRequestResponse, DecodeStatusListRequestResponseBytes, (*StatusListRequestResponse).Encode)
}

func FuzzDecodeStatusUpdate(f *testing.F) {
	obFuzz(f, diffStatusUpdate, DecodeStatusUpdateBytes, (*StatusUpdate).Encode)
}

func FuzzDecodeStatusUpdateResponse(f *testing.F) {
	obFuzz(f, diffStatusUpdateResponse, DecodeStatusUpdateResponseBytes, (*StatusUpdateResponse).Encode)
}

func FuzzDecodeFulfillments(f *testing.F) {
	obFuzz(f, diffFulfillments, DecodeFulfillmentsBytes, (*Fulfillments).Encode)
}

func FuzzDecodeFulfillmentsResponse(f *testing.F) {
	obFuzz(f, diffFulfillmentsResponse, DecodeFulfillmentsResponseBytes, (*FulfillmentsResponse).Encode)
}
