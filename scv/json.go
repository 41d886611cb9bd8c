package scv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ErrMalformedJSON: LoadJSON's input is not a single JSON object.
var ErrMalformedJSON = errors.New("malformed SCV JSON")

// LoadJSON reads one JSON object of code → value, e.g.
// {"M31": "Y", "M34": "ALWAYS", "K10": 15}, and validates it as Load does.
//
// JSON value types:
//   - string: any kind, validated as by Load.
//   - true/false: flags only, read as Y/N.
//   - number: number, code, text and list kinds, read as its literal text
//     (15 is "15", 0.50 is "0.50"; no float conversion); a number for a flag
//     is rejected.
//   - null: the code is treated as never set (the key is ignored after the
//     code is checked).
//   - array of strings: list kinds only, joined with commas.
//   - object, or any other array: rejected.
//
// A code given twice (also as "M31" and "m31") is rejected with
// ErrDuplicateCode, because a later duplicate silently winning hides
// configuration mistakes. Syntax errors, a top level that is not an object
// and trailing data wrap ErrMalformedJSON; value problems are reported
// together in a *ValidationError.
func LoadJSON(r io.Reader) (Set, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return Set{}, fmt.Errorf("scv: read JSON: %w: %w", ErrMalformedJSON, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return Set{}, fmt.Errorf("scv: read JSON: %w: top level is %s, want an object", ErrMalformedJSON, describeToken(tok))
	}
	var entries []entry
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return Set{}, fmt.Errorf("scv: read JSON: %w: %w", ErrMalformedJSON, err)
		}
		key, _ := tok.(string) // object keys are always strings
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return Set{}, fmt.Errorf("scv: read JSON value of %q: %w: %w", key, ErrMalformedJSON, err)
		}
		entries = append(entries, jsonEntry(key, raw))
	}
	if _, err := dec.Token(); err != nil { // closing '}'
		return Set{}, fmt.Errorf("scv: read JSON: %w: %w", ErrMalformedJSON, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Set{}, fmt.Errorf("scv: read JSON: %w: data after the object", ErrMalformedJSON)
	}
	return build(entries)
}

// jsonEntry turns one JSON member into an entry.
func jsonEntry(key string, raw json.RawMessage) entry {
	raw = bytes.TrimSpace(raw)
	e := entry{key: key, value: string(raw)}
	d, fe := resolve(key, string(raw))
	if fe != nil {
		e.err = fe
		return e
	}
	reject := func(rule string) entry {
		e.err = &FieldError{Code: d.Code, Value: string(raw), Rule: rule, Err: ErrInvalidValue}
		return e
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return reject("is not a valid JSON string")
		}
		e.value = s
	case 't', 'f':
		if d.Kind != KindFlag {
			return reject("is a JSON boolean, allowed only for a flag")
		}
		e.value = map[byte]string{'t': "Y", 'f': "N"}[raw[0]]
	case 'n':
		// null: never set; build still counts it for duplicate detection.
		e.null = true
	case '[':
		if d.Kind != KindList {
			return reject("is a JSON array, allowed only for a list")
		}
		var items []string
		if err := json.Unmarshal(raw, &items); err != nil {
			return reject("is not a JSON array of strings")
		}
		if slices.ContainsFunc(items, func(s string) bool { return strings.Contains(s, ",") }) {
			return reject("has a list entry containing a comma")
		}
		e.value = strings.Join(items, ",")
	case '{':
		return reject("is a JSON object, want a string")
	default: // number
		if d.Kind == KindFlag {
			return reject("is not a flag (Y/N)")
		}
		e.value = string(raw)
	}
	return e
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return "'" + t.String() + "'"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	default:
		return fmt.Sprintf("%T", tok)
	}
}

// MarshalJSON writes the stored values as one JSON object of strings, sorted
// by code; LoadJSON reads it back to an equal Set.
func (s Set) MarshalJSON() ([]byte, error) {
	codes := slices.Sorted(func(yield func(Code) bool) {
		for c := range s.values {
			if !yield(c) {
				return
			}
		}
	})
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(string(c))
		v, _ := json.Marshal(s.values[c])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON replaces *s with the Set LoadJSON reads from data, so a Set
// can be a field of a host's JSON configuration.
func (s *Set) UnmarshalJSON(data []byte) error {
	loaded, err := LoadJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*s = loaded
	return nil
}
