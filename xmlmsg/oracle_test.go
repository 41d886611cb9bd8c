package xmlmsg

// The Order Broker and order API decoders as they were before
// internal/xmltok: encoding/xml (Strict, no CharsetReader), the envelope
// scans and the reflective trim. The differential tests and fuzz targets hold
// the decoders to them.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// obWireEnvelope is root → inner *_message → message_header, message_body.
// Names match by local name, whatever the namespace.
type obWireEnvelope[B any] struct {
	XMLName xml.Name
	Inner   struct {
		XMLName xml.Name
		Header  obWireHeader `xml:"message_header"`
		Body    B            `xml:"message_body"`
	} `xml:",any"`
}

// obDecodeOracle is the Order Broker decoder as it was before
// internal/xmltok, kept as the oracle of the differential tests: size, UTF-8,
// root and a full encoding/xml unmarshal, the envelope scanned from the
// bytes, then the same obFinish with the reflective trim.
func obDecodeOracle[B any, M any](kind obKind, data []byte, opts OBOptions,
	conv func(v *obValidator, env OBEnvelope, h OBHeader, body *B) *M,
	check func(v *obValidator, m *M)) (*M, error) {
	if err := obCheckSize(data, opts.MaxBytes); err != nil {
		return nil, err
	}
	var w obWireEnvelope[B]
	if err := decodeDocument(kind.root, data, &w, kind.root); err != nil {
		return nil, err
	}
	env := obScanEnvelope(data)
	env.Namespace = w.XMLName.Space
	env.NoNamespace = env.Prefix == "" && env.Namespace == ""
	p := &obParsed[B]{env: env, inner: w.Inner.XMLName.Local, header: w.Inner.Header, body: w.Inner.Body}
	return obFinish(kind, p, opts, conv, func(m *M) { obTrimStrings(reflect.ValueOf(m)) }, check)
}

// obScanEnvelope learns the prefixes and namespace declarations of the root
// and inner start tags as written. It runs on input the full decode already
// accepted as well-formed; a byte scan handles the usual shapes and anything
// unusual (a DOCTYPE, CDATA, entities in a declaration) goes to the token
// scan.
func obScanEnvelope(data []byte) OBEnvelope {
	if env, ok := obScanEnvelopeFast(data); ok {
		return env
	}
	return obScanEnvelopeTokens(data)
}

func obIsXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// obScanEnvelopeFast is the byte scan; ok is false when it meets a shape it
// leaves to obScanEnvelopeTokens.
func obScanEnvelopeFast(data []byte) (env OBEnvelope, ok bool) {
	i, depth := 0, 0
	for depth < 2 {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return env, false
		}
		i += j + 1
		if i >= len(data) {
			return env, false
		}
		switch data[i] {
		case '?':
			k := bytes.Index(data[i:], []byte("?>"))
			if k < 0 {
				return env, false
			}
			i += k + 2
			continue
		case '!':
			if !bytes.HasPrefix(data[i:], []byte("!--")) {
				return env, false
			}
			k := bytes.Index(data[i+3:], []byte("-->"))
			if k < 0 {
				return env, false
			}
			i += 3 + k + 3
			continue
		case '/':
			return env, false
		}
		k := i
		for k < len(data) && !obIsXMLSpace(data[k]) && data[k] != '>' && data[k] != '/' {
			k++
		}
		name, prefix := data[i:k], ""
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			if c == 0 || c == len(name)-1 || bytes.Count(name, []byte(":")) > 1 {
				return env, false // odd names: leave them to the token reader's rules
			}
			prefix = string(name[:c])
		}
		if depth == 1 {
			if prefix != "" {
				env.InnerForm = OBInnerQualified
			} else {
				env.InnerForm = OBInnerUnqualified
			}
			return env, true
		}
		env.Prefix = prefix
		for {
			for k < len(data) && obIsXMLSpace(data[k]) {
				k++
			}
			if k >= len(data) {
				return env, false
			}
			if data[k] == '>' {
				break
			}
			if data[k] == '/' {
				return env, false // empty root: no inner element
			}
			a := k
			for k < len(data) && data[k] != '=' && !obIsXMLSpace(data[k]) {
				k++
			}
			attr := data[a:k]
			for k < len(data) && obIsXMLSpace(data[k]) {
				k++
			}
			if k >= len(data) || data[k] != '=' {
				return env, false
			}
			k++
			for k < len(data) && obIsXMLSpace(data[k]) {
				k++
			}
			if k >= len(data) || data[k] != '"' && data[k] != '\'' {
				return env, false
			}
			q := data[k]
			k++
			e := bytes.IndexByte(data[k:], q)
			if e < 0 {
				return env, false
			}
			val := data[k : k+e]
			k += e + 1
			if p, isDecl := bytes.CutPrefix(attr, []byte("xmlns:")); isDecl {
				if len(p) == 0 || bytes.IndexByte(p, ':') >= 0 {
					return env, false
				}
				for _, c := range val {
					if c == '&' || c < 0x20 {
						return env, false
					}
				}
				if obKeepDecl(string(p), env.Prefix) {
					env.Extra = append(env.Extra, OBNamespaceDecl{Prefix: string(p), URI: string(val)})
				}
			}
		}
		i = k + 1
		depth++
	}
	return env, false
}

// obScanEnvelopeTokens reads the root and inner start tags with the token
// reader, without resolving namespaces.
func obScanEnvelopeTokens(data []byte) OBEnvelope {
	var env OBEnvelope
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	for depth < 2 {
		tok, err := d.RawToken()
		if err != nil {
			return env
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if depth == 0 {
			env.Prefix = se.Name.Space
			for _, a := range se.Attr {
				if a.Name.Space == "xmlns" && obKeepDecl(a.Name.Local, env.Prefix) {
					env.Extra = append(env.Extra, OBNamespaceDecl{Prefix: a.Name.Local, URI: a.Value})
				}
			}
		} else {
			if se.Name.Space != "" {
				env.InnerForm = OBInnerQualified
			} else {
				env.InnerForm = OBInnerUnqualified
			}
		}
		depth++
	}
	return env
}

var (
	obItemIDType   = reflect.TypeOf(OBItemID{})
	obEnvelopeType = reflect.TypeOf(OBEnvelope{})
)

// obTrimStrings trims surrounding white space (U+00A0 included) from every
// string in a decoded message, except the raw item_id and the envelope
// (order-broker.md ambiguity A34: decoders trim and accept `US `, padded
// codes and wrapped values).
func obTrimStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			obTrimStrings(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		if t == obItemIDType || t == obEnvelopeType {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				obTrimStrings(f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			obTrimStrings(v.Index(i))
		}
	case reflect.String:
		if s := v.String(); s != "" {
			if t := strings.TrimSpace(s); len(t) != len(s) {
				v.SetString(t)
			}
		}
	}
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

// cwoDecodeDocumentOracle is the order API decoders' front half as it was:
// decodeDocument in one pass: the UTF-8 check, then a
// single unmarshal whose root name (recorded in root) is checked afterwards,
// instead of a separate parse of the first tokens. Syntax errors are masked
// with cwoMaskSyntax.
func cwoDecodeDocumentOracle(message string, data []byte, v any, root *xml.Name) error {
	if err := checkUTF8(message, data); err != nil {
		return err
	}
	d := newDecoder(data)
	if err := d.Decode(v); err != nil {
		return cwoMaskSyntax(syntaxError(message, d, err))
	}
	if root.Local != "Message" {
		return &RootError{Want: []string{"Message"}, Got: root.Local}
	}
	return nil
}

// decodeCWOrderInOracle is DecodeCWOrderIn as it was before internal/xmltok.
func decodeCWOrderInOracle(data []byte, opts CWOOptions) (*CWOrderIn, error) {
	if err := cwoCheckVersion(CWOrderInType, opts.Version); err != nil {
		return nil, err
	}
	if err := obCheckSize(data, opts.MaxBytes); err != nil {
		return nil, err
	}
	var raw struct {
		XMLName xml.Name
		cwoInRawMessage
	}
	if err := cwoDecodeDocumentOracle(CWOrderInType, data, &raw, &raw.XMLName); err != nil {
		return nil, err
	}
	return cwoFinishIn(&raw.cwoInRawMessage, data, opts)
}

// decodeCWOrderOutOracle is DecodeCWOrderOut as it was before internal/xmltok.
func decodeCWOrderOutOracle(data []byte, opts CWOOptions) (*CWOrderOut, error) {
	if err := cwoCheckVersion(CWOrderOutType, opts.Version); err != nil {
		return nil, err
	}
	if err := obCheckSize(data, opts.MaxBytes); err != nil {
		return nil, err
	}
	var raw struct {
		XMLName xml.Name
		cwoOutRawMessage
	}
	if err := cwoDecodeDocumentOracle(CWOrderOutType, data, &raw, &raw.XMLName); err != nil {
		return nil, err
	}
	return cwoFinishOut(&raw.cwoOutRawMessage, opts)
}
