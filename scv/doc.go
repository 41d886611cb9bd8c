// Package scv holds the system control values (SCVs) of Oracle Retail Order
// Management (CWSerenade): a typed catalog of every value, an immutable
// snapshot (Set) with typed accessors, and loading and validation from a map
// or from JSON. Every domain rule that depends on an SCV takes a Set.
//
// # What it implements
//
// The catalog scv.md:
//   - §1: the 92 coded SCVs, one constant each (codes.go), named after the
//     value with the code in the comment, e.g.
//     UseOROBForFulfillmentAssignment // M31. Each Definition gives the
//     code, name as written, Kind (flag, code, number, text, list), listed
//     values, stated default and the requirements it drives
//     (order-api.md A.9 and the ORD/CUS rules naming it, order-broker.md §7
//     "Used by", orce.md).
//   - §2: the Order API settings whose name and code were lost, offered
//     under pseudo-codes "U" + source line (U196 … U213), e.g.
//     DefaultOrderType. Code.IsPseudo tells them apart.
//   - §3: B19 and B20 are secured features, not SCVs: they are not in the
//     catalog, Load rejects them as unknown, and SecuredFeatures lists them.
//   - §4: M31 is a flag (its one "set to ALWAYS" is read as a copy slip);
//     L37 is a code whose only named value, INTERACT, turns the ORCE
//     integration on (orce.md ORC-001); M34 blank means NEVER and M05 blank
//     means NO; only M70 and M71 have a default (N); K15 is kept as opaque
//     text and F70, whose form the sources do not describe, as a
//     comma-separated list for a pluggable matcher.
//
// # Choices
//
//   - Codes in input are matched case-insensitively ("m31" is M31); flags
//     accept Y/N in any case and are stored upper case. A blank value is
//     "set, but blank" and differs from "never set" (Set.Lookup).
//   - Values of a code with listed values that are not listed are kept and
//     reported by Set.Unrecognized, not rejected (scv.md §0).
//   - Unknown codes, bad flags and bad numbers are rejected; every problem is
//     reported at once in a *ValidationError whose fields wrap
//     ErrUnknownCode, ErrInvalidValue or ErrDuplicateCode.
//   - JSON: strings for any kind, true/false for flags, numbers (kept as
//     their literal text, never a float) for non-flags, arrays of strings
//     for lists, null as "never set"; duplicate keys are rejected.
//
// # Imports
//
// scv is the bottom of the domain layer: it imports only the standard
// library and github.com/shopspring/decimal, never another omskit package,
// storage, xmlmsg, net/http or database/sql. It consumes no host interface,
// so it has no mocks.
package scv
