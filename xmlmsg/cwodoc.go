package xmlmsg

// Order API half of xmlmsg (files cwo*.go): CWORDERIN and CWORDEROUT.
//
// What it is: the decoder, validator and encoder of the Inbound Order XML
// Message (CWORDERIN: DecodeCWOrderIn, ReadCWOrderIn, EncodeCWOrderIn) and of
// its responses (CWORDEROUT acknowledgement A, detailed D, detailed with
// errors E, none N: EncodeCWOrderOut, DecodeCWOrderOut, ReadCWOrderOut), and
// the "Invalid XML Message:" reply (CWOInvalidXMLMessage).
//
// Spec: message-formats.md §1 (general rules: envelope §1.1, decimals §1.2,
// dates §1.3, case §1.4, limits and invalid data §1.5, blank attributes §1.6,
// response types §1.7, versions §1.8), §3 (CWORDERIN) and §4 (CWORDEROUT);
// cworderin-attributes.md §2–§4 (attribute tables, lengths); seed 001 for the
// batch, payment-only, return and ship-to patterns; order-api.md ORD-010,
// ORD-014, ORD-020, ORD-026, ORD-055 and ORD-057 for the message-level rules
// checked at decode time.
//
// Imports: the standard library and github.com/shopspring/decimal only; no
// domain package yet (the wire types are self-contained; mapping to the
// order and customer types is left to a later file).
//
// Rules decided here:
//   - The version is a required option (CWOOptions.Version): the message does
//     not carry it (§1.8) and the two decimal conventions differ by 100×
//     (§1.2), so the zero value is a *VersionError, never a guess.
//     CWOVersionCWDirect18 = implied decimals; CWOVersionOMS5 = explicit
//     decimals, for 5.0 and every later release.
//   - Invalid inbound dates (wrong length, impossible month/day) are not
//     errors (§1.3): order_date and batch_date fall back to today from the
//     injected clock (CWOOptions.Now); auth_date, whose default is "not
//     sent" (an absent auth_date means an expired authorization), is left
//     blank. Each fallback is recorded in CWOrderIn.DateFallbacks. Outbound
//     (CWORDEROUT) dates are strict: an invalid one is a RuleDate error.
//   - Case (§1.4) is applied by the decoder unless CWOOptions.KeepCase:
//     sold_to_email, order_email and ind_email_address lowercase; message
//     text kept — of the known attributes only line_hyperlink, since the
//     elements for order/line messages, personalization and special handling
//     are not named in the material; Message envelope values and cc_number
//     kept; every other text uppercase. The vendor states the rule for OMS
//     5.0 and later; it is applied to CWDirect 18.0 as well (switch it off
//     with KeepCase).
//   - Lengths: the positions the vendor tables give (company_code 3,
//     order_number 30, rdc_order_nbr 9, order_channel 2, customer_number 9,
//     alternate_sold_to_id 15, bill_to_number 7, resp_qmgr/resp_q 44, and the
//     CWORDEROUT Header rows) plus sanity limits for undocumented numeric and
//     amount fields, all in one table (CWOMaxLengths) a host can correct
//     through CWOOptions.MaxLengths. Over-long numeric values are errors in
//     both versions (CWDirect 18.0 silently misread them; refusing is safer).
//     Values are trimmed of surrounding white space before any check.
//   - The 65,000-character limit (§1.5) counts characters, not bytes; over it
//     the order decodes with OverLimit set and no lines (CWOOptions.MaxChars
//     changes or, negative, disables it). The byte limit (MaxBytes) is
//     separate and is checked before the body is read.
//   - Unknown attributes and elements are ignored in CWORDERIN; in
//     CWORDEROUT they are kept in Other for pass-through, because the vendor
//     tables are cut. The CWORDEROUT tree below Header (ShipTos/ShipTo,
//     Details/Detail, Errors/Error @error_type @error_text) is this package's
//     design (n/f in the material).
//   - Card numbers: FieldError values on cc_number are masked to the last
//     four; digit runs of 8+ in XML syntax-error texts are masked (the parser
//     quotes input); CWOCardNumber prints masked through fmt;
//     CWOInvalidXMLMessage masks every cc_number value in the echo, also in
//     broken XML.
//   - Encoders write blank attributes not at all (§1.6), the five special
//     characters as &apos; &quot; &gt; &lt; &amp; (§1.5), and check their
//     own output with the decoder, so they never emit what the decoder
//     refuses.
//
// Performance (go test -run=^$ -bench=CWOrder ./xmlmsg/; the "ratio"
// sub-benchmark alternates decode and baseline in the same run): decode +
// validate over a plain encoding/xml Unmarshal of the same bytes into the
// bare wire struct was 1.02× (1 line), 1.24× (10 lines), 1.24× (100 lines)
// for CWORDERIN and 1.18× for CWORDEROUT on the 2-core CI-class machine.
