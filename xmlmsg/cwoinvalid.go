package xmlmsg

// The "Invalid XML Message:" reply of the order API (message-formats.md
// §1.5): the submitted message echoed with card numbers masked and long
// values cut, then the errors. Everything shown passes through package
// redact, the module's one masking mechanism.

import (
	"bytes"
	"errors"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/omskit/omskit/redact"
)

// CWOInvalidEchoMax is the most characters of the submitted message the
// "Invalid XML Message:" reply echoes: the order-API limit (CWOMaxChars), so
// a message within the limit is echoed whole (values cut as described at
// CWOInvalidXMLMessage) and a larger body does not make a larger reply.
const CWOInvalidEchoMax = CWOMaxChars

// CWOInvalidMaxErrors is the most errors the "Invalid XML Message:" reply
// lists; the rest are counted on one line. The error returned to the host
// keeps them all.
const CWOInvalidMaxErrors = 100

// CWOInvalidXMLMessage builds the reply the order API (OMS 5.0 and later)
// gives for invalid data: the text `Invalid XML Message:` followed by the
// submitted message and the list of errors (message-formats.md §1.5). err
// may be any error; a *ValidationError is listed one field error per line.
//
// The reply is bounded and carries no card number:
//   - every cc_number attribute value in the echo is masked to its last four
//     digits (also when the message is not well-formed, and also when its
//     digits are written as character references), and every other run of
//     13 or more digits anywhere in the reply, grouped by spaces or dashes
//     or not, is masked to its last four digits (redact.Text); shorter
//     numbers are echoed as sent;
//   - in the echo, every stretch of text between the markup characters
//     < > " ' (an attribute value, element text, a name) longer than
//     redact.ValueMax characters is cut to that many characters followed by
//     its length, "…(65001 characters)"; white space is not cut;
//   - the echo stops after CWOInvalidEchoMax characters, and at most
//     CWOInvalidMaxErrors errors are listed, each value in them shown by
//     redact.Value (masked, cut to a short prefix).
//
// Layout (this package's choice; the vendor text gives only the parts):
//
//	Invalid XML Message:
//	<the submitted message, cards masked, long values cut>
//	Errors:
//	<one error per line>
func CWOInvalidXMLMessage(submitted []byte, err error) []byte {
	var b bytes.Buffer
	b.WriteString("Invalid XML Message:\n")
	echo := cwoEcho(redact.Text(string(cwoMaskCardAttrs(submitted))))
	b.WriteString(echo)
	if echo != "" && !strings.HasSuffix(echo, "\n") {
		b.WriteByte('\n')
	}
	b.WriteString("Errors:\n")
	var ve *ValidationError
	switch {
	case errors.As(err, &ve):
		for i, fe := range ve.Errors {
			if i == CWOInvalidMaxErrors {
				b.WriteString("… and " + strconv.Itoa(len(ve.Errors)-i) + " more errors\n")
				break
			}
			if strings.HasSuffix(fe.Path, "@cc_number") {
				fe.Value = redact.Card(fe.Value)
			}
			b.WriteString(fe.Error())
			b.WriteByte('\n')
		}
	case err != nil:
		b.WriteString(err.Error())
		b.WriteByte('\n')
	}
	return []byte(redact.Text(b.String()))
}

// cwoEchoNameMax is how many characters of a stretch inside a tag but
// outside quotes (element and attribute names, or an unquoted value in
// broken input) the echo shows before it cuts.
const cwoEchoNameMax = 2 * redact.ValueMax

// cwoEcho cuts the values of a message for the echo, on any bytes, well
// formed or not: inside a tag, a quoted value longer than redact.ValueMax
// characters and any other stretch longer than cwoEchoNameMax; outside tags,
// element text longer than redact.ValueMax characters unless it is only
// white space. A cut stretch is shown by redact.Value (its first characters
// and its length). After CWOInvalidEchoMax characters the rest is counted,
// not shown.
func cwoEcho(s string) string {
	var b strings.Builder
	chars, inTag := 0, false
	for i := 0; i < len(s); {
		var piece string
		j := i + 1
		switch c := s[i]; {
		case c == '<':
			inTag, piece = true, "<"
		case c == '>':
			inTag, piece = false, ">"
		case inTag && (c == '"' || c == '\''):
			end := len(s)
			if k := strings.IndexByte(s[i+1:], c); k >= 0 {
				end = i + 1 + k
			}
			piece = string(c) + cwoEchoCut(s[i+1:end], redact.ValueMax)
			j = end
			if end < len(s) {
				piece += string(c)
				j++
			}
		default:
			for j < len(s) && s[j] != '<' && s[j] != '>' && (!inTag || s[j] != '"' && s[j] != '\'') {
				j++
			}
			max := redact.ValueMax
			if inTag {
				max = cwoEchoNameMax
			}
			piece = cwoEchoCut(s[i:j], max)
		}
		n := utf8.RuneCountInString(piece)
		if chars+n > CWOInvalidEchoMax {
			b.WriteString("\n…(" + strconv.Itoa(utf8.RuneCountInString(s[i:])) + " more characters not echoed)")
			break
		}
		b.WriteString(piece)
		chars += n
		i = j
	}
	return b.String()
}

// cwoEchoCut shows span whole when it has at most max characters or is only
// white space, else by redact.Value.
func cwoEchoCut(span string, max int) string {
	if len(span) <= max || utf8.RuneCountInString(span) <= max || strings.TrimSpace(span) == "" {
		return span
	}
	return redact.Value(span)
}

// cwoMaskCardAttrs masks the value of every cc_number attribute in data
// without parsing it as XML, so that broken input is masked too: the name is
// matched in any letter case, also without the whitespace XML requires
// before it, and an unquoted or unterminated value is masked up to where it
// ends. The value is unescaped before masking so that digits written as
// character references are masked as well.
func cwoMaskCardAttrs(data []byte) []byte {
	name := []byte("cc_number")
	lower := cwoASCIILower(data)
	var out bytes.Buffer
	i := 0
	for {
		k := bytes.Index(lower[i:], name)
		if k < 0 {
			out.Write(data[i:])
			return out.Bytes()
		}
		start := i + k
		end := start + len(name)
		if start > 0 && cwoIsNameByte(data[start-1]) {
			out.Write(data[i:end]) // part of a longer name, e.g. xcc_number
			i = end
			continue
		}
		j := end
		for j < len(data) && cwoIsSpace(data[j]) {
			j++
		}
		if j >= len(data) || data[j] != '=' {
			out.Write(data[i:end])
			i = end
			continue
		}
		j++
		for j < len(data) && cwoIsSpace(data[j]) {
			j++
		}
		var vs, ve int
		if j < len(data) && (data[j] == '"' || data[j] == '\'') {
			vs = j + 1
			ve = bytes.IndexByte(data[vs:], data[j])
			if ve < 0 {
				ve = len(data) - vs // unterminated: mask to the end
			}
		} else {
			vs = j
			for ve = 0; vs+ve < len(data) && !cwoIsSpace(data[vs+ve]) && data[vs+ve] != '>' && data[vs+ve] != '/'; ve++ {
			}
		}
		out.Write(data[i:vs])
		masked := MaskCard(html.UnescapeString(string(data[vs : vs+ve])))
		var eb strings.Builder
		cwoEscape(&eb, masked)
		out.WriteString(eb.String())
		i = vs + ve
	}
}

// cwoASCIILower lowers ASCII letters only, keeping every byte offset.
func cwoASCIILower(data []byte) []byte {
	b := make([]byte, len(data))
	for i, c := range data {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
}

func cwoIsNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func cwoIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
