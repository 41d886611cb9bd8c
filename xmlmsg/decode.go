package xmlmsg

import (
	"errors"
	"strings"

	"github.com/omskit/omskit/internal/xmltok"
)

//go:generate go run ./internal/xmlgen -o decode_gen.go -decode obWireHeader,obWireSubmitBody,obWireResponseBody,obWireStatusRequestBody,obWireStatusListRequestBody,obWireStatusResponseBody,obWireStatusUpdateBody,obWireFulfillmentsBody,obWireFulfillmentsResponseBody,cwoInRawMessage,cwoOutRawMessage -trim SubmitOrder,SubmitOrderResponse,StatusRequest,StatusRequestResponse,StatusListRequest,StatusListRequestResponse,StatusUpdate,StatusUpdateResponse,Fulfillments,FulfillmentsResponse -keep OBItemID,OBEnvelope

// xdec walks a message's elements for the generated fillers (decode_gen.go):
// it reads from an xmltok.Tokenizer and remembers the first error, after
// which every loop ends at once.
type xdec struct {
	t   *xmltok.Tokenizer
	err error
}

// open starts reading data and returns the root element's name; err is a
// *SyntaxError (ErrMalformed or ErrNotUTF8) for input that breaks before the
// root element is read.
func open(message string, data []byte) (*xdec, xmltok.Name, error) {
	d := &xdec{t: xmltok.New(data, xmltok.Options{})}
	if _, err := d.t.Next(); err != nil {
		return nil, xmltok.Name{}, tokSyntaxError(message, err)
	}
	return d, d.t.Name(), nil
}

// finish reads what follows the root element (only white space, comments
// and processing instructions may), releases the tokenizer (the strings it
// handed out stay valid) and returns the first error met while decoding, as
// a *SyntaxError. d is not used afterwards.
func (d *xdec) finish(message string) error {
	if d.err == nil {
		if _, err := d.t.Next(); err != nil {
			d.err = err
		}
	}
	d.t.Release()
	d.t = nil
	if d.err != nil {
		return tokSyntaxError(message, d.err)
	}
	return nil
}

// tokSyntaxError converts a tokenizer error into a *SyntaxError.
func tokSyntaxError(message string, err error) error {
	var te *xmltok.Error
	if !errors.As(err, &te) {
		return &SyntaxError{Message: message, Line: 1, Column: 1, Msg: err.Error(), Kind: ErrMalformed}
	}
	kind := ErrMalformed
	if errors.Is(err, xmltok.ErrNotUTF8) {
		kind = ErrNotUTF8
	}
	return &SyntaxError{Message: message, Line: te.Line, Column: te.Column, Msg: te.Msg, Kind: kind}
}

// child moves to the next child element of the current element and reports
// true, or reads the current element's end and reports false (also after an
// error). Text between children is skipped.
func (d *xdec) child() bool {
	if d.err != nil {
		return false
	}
	for {
		k, err := d.t.Next()
		if err != nil {
			d.err = err
			return false
		}
		switch k {
		case xmltok.StartElement:
			return true
		case xmltok.EndElement, xmltok.EOF:
			return false
		}
	}
}

// grow returns s with room for one more element: repeated elements are
// appended one by one, and doubling the capacity (where append grows large
// slices by a quarter) copies each element at most twice on average. A
// single element is common (one item, one ship-to) and gets a slice of one;
// a second means a list, which starts at eight.
func grow[T any](s []T) []T {
	if len(s) < cap(s) {
		return s
	}
	c := 2 * cap(s)
	switch c {
	case 0:
		c = 1
	case 2:
		c = 8
	}
	n := make([]T, len(s), c)
	copy(n, s)
	return n
}

// skip reads past the end of the current element.
func (d *xdec) skip() {
	if d.err == nil {
		d.err = d.t.Skip()
	}
}

// text reads the current element to its end and returns its character data
// as encoding/xml gives it to a string field: every text and CDATA run
// directly inside, concatenated; child elements skipped.
func (d *xdec) text() string {
	if d.err != nil {
		return ""
	}
	var s string
	var b strings.Builder
	joined := false
	depth := 0
	for {
		k, err := d.t.Next()
		if err != nil {
			d.err = err
			return ""
		}
		switch k {
		case xmltok.Text:
			if depth > 0 {
				continue
			}
			piece := d.t.Text()
			switch {
			case joined:
				b.WriteString(piece)
			case s == "":
				s = piece
			case piece != "":
				b.WriteString(s)
				b.WriteString(piece)
				joined = true
			}
		case xmltok.StartElement:
			depth++
		case xmltok.EndElement, xmltok.EOF:
			if depth == 0 {
				if joined {
					return b.String()
				}
				return s
			}
			depth--
		}
	}
}
