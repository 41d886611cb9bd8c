package amqptest

import (
	"errors"
	"strings"
	"testing"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each test's queues carry a prefix of its own and are deleted, with their
// messages, when the test ends.
func TestQueuesOfTheirOwnDeletedAfter(t *testing.T) {
	var first, second string
	var prefixes []string
	for _, name := range []string{"one", "two"} {
		t.Run(name, func(t *testing.T) {
			b := New(t)
			prefixes = append(prefixes, b.Prefix)
			q := b.Queue("web.in")
			assert.Equal(t, q, b.Queue("web.in"), "one name, one queue")
			assert.True(t, strings.HasPrefix(q, b.Prefix))
			b.Declare(t, q)
			b.Publish(t, b.Publisher(t), q, amqp.Publishing{Body: []byte("x")})
			assert.Equal(t, 1, b.Count(t, q))
			if first == "" {
				first = q
			} else {
				second = q
			}
		})
	}
	require.Len(t, prefixes, 2)
	assert.NotEqual(t, prefixes[0], prefixes[1], "a prefix per test")

	b := New(t)
	for _, q := range []string{first, second} {
		ch := b.Channel(t)
		_, err := ch.QueueDeclarePassive(q, true, false, false, false, nil)
		var ae *amqp.Error
		require.True(t, errors.As(err, &ae), "%s: %v", q, err)
		assert.Equal(t, amqp.NotFound, ae.Code, "%s deleted when its test ended", q)
	}
}
