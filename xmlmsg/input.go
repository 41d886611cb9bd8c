package xmlmsg

import (
	"fmt"
	"io"
)

// DefaultMaxBytes is the byte limit a decoder applies when its options give
// none: 4 MiB, far above any order the order API accepts (65,000 characters)
// or any Order Broker list response (1,000 records), and small enough that a
// hostile body cannot exhaust memory.
const DefaultMaxBytes int64 = 4 << 20

// ReadLimited reads r up to limit bytes (DefaultMaxBytes when limit <= 0). A
// body over the limit gives a *SizeError as soon as limit+1 bytes have been
// seen; the rest of the body is not read.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if l, ok := r.(interface{ Len() int }); ok && int64(l.Len()) > limit {
		return nil, &SizeError{Limit: limit}
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("xmlmsg: reading message: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, &SizeError{Limit: limit}
	}
	return data, nil
}
