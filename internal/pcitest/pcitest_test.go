package pcitest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCards(t *testing.T) {
	t.Parallel()
	assert.True(t, Luhn("4111111111111111"))
	assert.False(t, Luhn("4111111111111112"))
	assert.Equal(t, []string{"4111111111111111"}, Cards("x 4111 1111-1111 1111 y"))
	assert.Empty(t, Cards("************1111"))
	assert.Empty(t, Cards("quantity 1234563648"))
	assert.Contains(t, Cards("99994111111111111111"), "4111111111111111", "a card inside a longer run")
	assert.True(t, LongRuns("4111 1111 1111 1"))
	assert.False(t, LongRuns("4111 1111 1111"))
}
