// Package xmlmsg holds the XML wire formats omskit speaks: the order API's
// CWORDERIN and CWORDEROUT, and the Order Broker web-service messages. Each
// message has a Decode (bytes in, typed value out, validated), an Encode
// (typed value to bytes) and, where a domain type exists, a mapping to and
// from it.
//
// Bad input is normal input: every decoder returns a typed error that wraps
// one of ErrMalformed, ErrWrongRoot, ErrUnsupportedVersion, ErrTooLarge,
// ErrNotUTF8 or ErrInvalid, names the field, the value (card numbers masked
// to their last four digits) and the rule, and never panics.
//
// Spec: message-formats.md §1–§4 and §7, cworderin-attributes.md,
// order-broker.md §1.3 and §2.38–§2.42.
//
// xmlmsg is an adapter: it may import the domain packages to map messages to
// their types; no domain package imports it.
package xmlmsg
