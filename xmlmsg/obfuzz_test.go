package xmlmsg

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// obSeedAll adds every Order Broker sample (broken ones and fragments too)
// to the fuzz corpus.
func obSeedAll(f *testing.F) {
	dir := filepath.Join("testdata", "orderbroker")
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xml") {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

var obSentinels = []error{ErrMalformed, ErrWrongRoot, ErrUnsupportedVersion, ErrTooLarge, ErrNotUTF8, ErrInvalid}

// obFuzz checks the decoder's contract on arbitrary input: no panic; an
// error wraps one of the sentinels; a value that decodes encodes, and the
// encoding decodes to an equal value.
func obFuzz[M any](f *testing.F, decode func([]byte, OBOptions) (*M, error), encode func(*M) ([]byte, error)) {
	obSeedAll(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decode(data, OBOptions{MaxBytes: 1 << 16})
		if err == nil {
			// The byte scan of the envelope agrees with the token scan.
			if fast, ok := obScanEnvelopeFast(data); ok {
				assert.Equal(t, obScanEnvelopeTokens(data), fast)
			}
		}
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
	obFuzz(f, DecodeSubmitOrderBytes, (*SubmitOrder).Encode)
}

func FuzzDecodeSubmitOrderResponse(f *testing.F) {
	obFuzz(f, DecodeSubmitOrderResponseBytes, (*SubmitOrderResponse).Encode)
}

func FuzzDecodeStatusRequest(f *testing.F) {
	obFuzz(f, DecodeStatusRequestBytes, (*StatusRequest).Encode)
}

func FuzzDecodeStatusRequestResponse(f *testing.F) {
	obFuzz(f, DecodeStatusRequestResponseBytes, (*StatusRequestResponse).Encode)
}

func FuzzDecodeStatusListRequest(f *testing.F) {
	obFuzz(f, DecodeStatusListRequestBytes, (*StatusListRequest).Encode)
}

func FuzzDecodeStatusListRequestResponse(f *testing.F) {
	obFuzz(f, DecodeStatusListRequestResponseBytes, (*StatusListRequestResponse).Encode)
}

func FuzzDecodeStatusUpdate(f *testing.F) {
	obFuzz(f, DecodeStatusUpdateBytes, (*StatusUpdate).Encode)
}

func FuzzDecodeStatusUpdateResponse(f *testing.F) {
	obFuzz(f, DecodeStatusUpdateResponseBytes, (*StatusUpdateResponse).Encode)
}

func FuzzDecodeFulfillments(f *testing.F) {
	obFuzz(f, DecodeFulfillmentsBytes, (*Fulfillments).Encode)
}

func FuzzDecodeFulfillmentsResponse(f *testing.F) {
	obFuzz(f, DecodeFulfillmentsResponseBytes, (*FulfillmentsResponse).Encode)
}
