// Package amqptest gives omskit's tests queues of their own on a real
// RabbitMQ.
//
// Tests that need RabbitMQ call New(t): it reads OMSKIT_TEST_AMQP_URL, skips
// the test with a one-line how-to when the variable is unset, and returns a
// Broker whose Queue method names queues with a prefix unique to the test;
// every queue so named is deleted when the test ends, so runs never see each
// other's messages.
package amqptest
