// Package redact is how omskit shows text that came from outside — in a
// reply, an error or a log line: card numbers masked to their last four
// digits, and long values cut to a short prefix. It is the one masking
// mechanism of the module; every package that echoes input uses it.
//
// What counts as a card number (Text): every run of 13 or more digits
// (MinCardDigits; payment card numbers have 13 to 19), also when its digits
// are grouped with spaces, tabs, dashes or no-break spaces (at most three of
// them between two digits), wherever the run stands: inside a word, an
// attribute value, an error text. Every digit of such a run but the last
// four is replaced by '*'; the separators stay, so the shape stays readable
// ("**** **** **** 1111"). Runs longer than 19 digits are masked too, since
// a card number may hide inside them. Runs of fewer than 13 digits — a
// quantity, a phone number, a postal code, an order id — are left as sent,
// so a sender can see the bad value. The rule is Luhn-blind on purpose:
// masking does not depend on a check digit an attacker or a typo can break.
//
// A value known to be a card number (the cc_number attribute) goes through
// Card instead, which masks every digit but the last four whatever its
// length.
//
// Values echoed in errors go through Value: masked, then cut to ValueMax
// characters followed by the full length, so an error about a
// 65,000-character attribute stays a short line.
//
// Imports: the standard library only, so that every package — the domain
// packages included — may use it (layering_test.go).
//
// Spec: message-formats.md §1.5 (a card number in the "Invalid XML
// Message:" echo is masked except its last four digits), extended by
// omskit to every reply, error and log line.
package redact
