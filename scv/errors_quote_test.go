package scv

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestQuoteValueBound pins how much of a bad value an error repeats: up to
// maxShown bytes as sent, longer values cut on a rune boundary.
func TestQuoteValueBound(t *testing.T) {
	exact := strings.Repeat("x", maxShown)
	assert.Equal(t, `"`+exact+`"`, quoteValue(exact), "a value of exactly maxShown bytes is shown whole")

	long := strings.Repeat("y", maxShown+6)
	assert.Equal(t, `"`+strings.Repeat("y", maxShown)+`…"`, quoteValue(long), "an ASCII value is cut at maxShown")

	// "é" is two bytes starting at maxShown-1: the cut steps back to its start.
	multi := strings.Repeat("z", maxShown-1) + "é" + "tail"
	assert.Equal(t, `"`+strings.Repeat("z", maxShown-1)+`…"`, quoteValue(multi))

	// Nothing but continuation bytes: the cut stops at the start, never before it.
	junk := strings.Repeat("\x80", maxShown+6)
	assert.Equal(t, `"…"`, quoteValue(junk))
}

// TestQuoteCodeShape pins which codes an error prints bare: one to eight
// ASCII letters and digits, every boundary of each range.
func TestQuoteCodeShape(t *testing.T) {
	for _, bare := range []string{"AZ", "az", "09", "M31", "ABCDEFGH"} {
		assert.Equal(t, bare, quoteCode(Code(bare)), "%q is a well-formed code", bare)
	}
	for _, quoted := range []string{"", "ABCDEFGHI", "@", "[", "`", "{", "/", ":", "M-31"} {
		assert.Equal(t, quoteValue(quoted), quoteCode(Code(quoted)), "%q is not a well-formed code", quoted)
	}
}
