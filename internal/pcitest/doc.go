// Package pcitest is the tests' oracle for card numbers in text: Cards
// finds every 13- to 19-digit stretch of a digit run that passes the Luhn
// check, i.e. a payment card number that was not masked. It is written
// apart from package redact (a regular expression instead of a scanner) so
// that a fault in the masking cannot hide itself in the check.
package pcitest
