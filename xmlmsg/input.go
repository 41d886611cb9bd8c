package xmlmsg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
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

// checkUTF8 returns a *SyntaxError wrapping ErrNotUTF8 naming the line and
// column of the first invalid byte.
func checkUTF8(message string, data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return &SyntaxError{Message: message, Line: line, Column: col,
				Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02x", data[i]), Kind: ErrNotUTF8}
		}
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		i += size
	}
	return nil
}

// newDecoder returns an encoding/xml decoder over data that refuses any
// declared encoding other than UTF-8 (the CharsetReader is left nil).
func newDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	return d
}

// syntaxError converts a decode error into a *SyntaxError with the line and
// column where the parser stopped; errors that are not syntax errors (and not
// io.EOF on an empty document) are wrapped as malformed as well, since the
// wire structs hold only strings and cannot fail to convert.
func syntaxError(message string, d *xml.Decoder, err error) error {
	line, col := d.InputPos()
	var se *xml.SyntaxError
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Msg
		if se.Line > 0 {
			line = se.Line
		}
	}
	if errors.Is(err, io.EOF) {
		msg = "document is empty or has no root element"
	}
	return &SyntaxError{Message: message, Line: line, Column: col, Msg: msg, Kind: ErrMalformed}
}

// rootName reads tokens up to the first start element and returns its local
// name, or a *SyntaxError when the document ends or breaks first.
func rootName(message string, data []byte) (xml.Name, error) {
	d := newDecoder(data)
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.Name{}, syntaxError(message, d, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name, nil
		}
	}
}

// decodeDocument runs the common front half of every decoder: UTF-8 check,
// root element check against want (local names, namespace ignored), then a
// full unmarshal into v. The returned errors are *SyntaxError or *RootError.
func decodeDocument(message string, data []byte, v any, want ...string) error {
	if err := checkUTF8(message, data); err != nil {
		return err
	}
	name, err := rootName(message, data)
	if err != nil {
		return err
	}
	ok := false
	for _, w := range want {
		if name.Local == w {
			ok = true
			break
		}
	}
	if !ok {
		return &RootError{Want: want, Got: name.Local}
	}
	d := newDecoder(data)
	if err := d.Decode(v); err != nil {
		return syntaxError(message, d, err)
	}
	return nil
}
