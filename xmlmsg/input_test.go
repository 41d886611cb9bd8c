package xmlmsg

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explodingReader yields n bytes of 'a' and then fails the test if read again:
// it proves a limit is enforced before the whole body is read.
type explodingReader struct {
	t    *testing.T
	left int
}

func (r *explodingReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		r.t.Fatalf("read past the limit")
	}
	n := min(len(p), r.left)
	for i := range n {
		p[i] = 'a'
	}
	r.left -= n
	return n, nil
}

func TestReadLimited(t *testing.T) {
	data, err := ReadLimited(strings.NewReader("<a/>"), 10)
	require.NoError(t, err)
	assert.Equal(t, "<a/>", string(data))

	_, err = ReadLimited(strings.NewReader("0123456789X"), 10)
	var se *SizeError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, int64(10), se.Limit)

	// A stream longer than the limit is cut after limit+1 bytes.
	_, err = ReadLimited(&explodingReader{t: t, left: 11}, 10)
	assert.ErrorIs(t, err, ErrTooLarge)

	// A reader that knows its length is refused before any read.
	_, err = ReadLimited(strings.NewReader(strings.Repeat("x", 100)), 10)
	assert.ErrorIs(t, err, ErrTooLarge)
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestReadLimitedPassesReadErrors(t *testing.T) {
	_, err := ReadLimited(failingReader{}, 0)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestMaskCard(t *testing.T) {
	for in, want := range map[string]string{
		"4111111111111111":    "************1111",
		"4111-1111-1111-1111": "****-****-****-1111",
		"1234":                "1234",
		"":                    "",
	} {
		assert.Equal(t, want, MaskCard(in), in)
	}
}

func TestOpenAndFinishErrors(t *testing.T) {
	_, _, err := open("Test", []byte("<Root a=\"1\">\n  <b>\xff</b></Root>"))
	var syn *SyntaxError
	require.ErrorAs(t, err, &syn)
	assert.ErrorIs(t, err, ErrNotUTF8)
	assert.Equal(t, 2, syn.Line)
	assert.Equal(t, 6, syn.Column)

	_, root, err := open("Test", []byte("<Other/>"))
	require.NoError(t, err)
	assert.Equal(t, "Other", root.Local)

	d, _, err := open("Test", []byte("<Root>\n<x></y></Root>"))
	require.NoError(t, err)
	d.skip()
	err = d.finish("Test")
	require.ErrorAs(t, err, &syn)
	assert.ErrorIs(t, err, ErrMalformed)
	assert.Equal(t, 2, syn.Line)
	assert.Equal(t, "element <x> closed by </y>", syn.Msg)

	_, _, err = open("Test", []byte("not xml at all"))
	assert.ErrorIs(t, err, ErrMalformed)

	_, _, err = open("Test", nil)
	assert.ErrorIs(t, err, ErrMalformed)
	assert.ErrorContains(t, err, "document is empty or has no root element")

	_, _, err = open("Test", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><Root/>`))
	assert.ErrorIs(t, err, ErrMalformed)
	assert.False(t, errors.Is(err, ErrInvalid))

	d, root, err = open("Test", []byte(`<Root a="7"/>`))
	require.NoError(t, err)
	assert.Equal(t, "Root", root.Local)
	assert.Equal(t, "7", d.t.Attrs()[0].Value())
	d.skip()
	require.NoError(t, d.finish("Test"))
}

func TestValidationErrorListsAll(t *testing.T) {
	ve := &ValidationError{Message: "CWORDERIN", Errors: []FieldError{
		{Path: "Header/@order_number", Value: strings.Repeat("x", 31), Rule: RuleMaxLength, Detail: "at most 30 characters"},
		{Path: "Header/@customer_number", Value: "ABC", Rule: RuleNumeric},
	}}
	var err error = ve
	assert.ErrorIs(t, err, ErrInvalid)
	assert.True(t, ve.Has("Header/@customer_number", RuleNumeric))
	assert.False(t, ve.Has("Header/@customer_number", RuleMaxLength))
	assert.Contains(t, err.Error(), `Header/@customer_number: value "ABC" breaks numeric`)
	assert.Contains(t, err.Error(), "2 field error(s)")
}
