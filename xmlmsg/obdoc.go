package xmlmsg

// Order Broker half of xmlmsg (files ob*.go).
//
// What it is: decoders, validators and encoders for the ten Order Broker
// web-service messages OMS exchanges with Order Broker: SubmitOrder,
// SubmitOrderResponse, StatusRequest, StatusRequestResponse,
// StatusListRequest, StatusListRequestResponse, StatusUpdate,
// StatusUpdateResponse, Fulfillments and FulfillmentsResponse.
//
// Spec: message-formats.md §7 (message shapes), §1.2 (amounts) and §1.3
// (datetimes); order-broker.md §1.3 (message catalogue) and §2.38–§2.42
// (field mappings BRK-327 to BRK-416), with BRK-002 to BRK-011 and
// BRK-305 for versions, amounts, names and limits, and the ambiguities A6,
// A14, A18–A23, A29, A31, A34, A35 as noted on the types. Samples:
// testdata/orderbroker (see its README).
//
// Imports: the standard library and github.com/shopspring/decimal only. It
// does not import the broker package; mapping to broker's domain types is
// left to a later file.
//
// Rules decided here:
//   - Decoders match element names by local name, whatever the namespace
//     (http://retail.com/Locate or http://microsretail.com/Locate) or prefix;
//     OBEnvelope remembers namespace, prefix, extra xmlns declarations and
//     whether the inner *_message element was qualified, and Encode
//     reproduces that shape. A zero OBEnvelope encodes as ns2 +
//     http://retail.com/Locate, requests qualified, responses unqualified.
//   - Versions: "major.minor" from 5.0 (BRK-003) up to but excluding 20.0
//     (the chapter documents up to 19.x). Anything else, including an empty
//     or non-numeric version, is a *VersionError. The version-gated content
//     (shipforpickup_location from 16.0, BRK-005; shipment_date from 19.0,
//     BRK-006) is accepted at any version when decoding, because the
//     published samples carry it at 5.0 and 18.0; OBVersion.AtLeast lets the
//     builder of a message apply the thresholds.
//   - Amounts are decimal.Decimal, parsed from digits with an optional sign
//     and fraction; the decimals as sent are kept (0.33750 is written back as
//     0.33750, 24.489999771118164 stays exact). An empty amount is zero.
//   - Counts and line numbers are int; request ids are strings of digits.
//   - Strings are trimmed of surrounding white space, U+00A0 included
//     (ambiguity A34), except item_id, which keeps its raw value next to the
//     Item and SKU split at position 13 (BRK-368).
//   - message_header/source may hold at most 19 characters on requests; the
//     width is not enforced, so the 18-character brokered sample passes (A6).
//   - Location codes hold at most 10 characters (BRK-011). A status list
//     request carries 1 to 1000 distinct numeric request ids (BRK-305,
//     BRK-406); a fulfillments response at most 1000 orders.
//   - Status words must be known ones unless OBOptions.AllowUnknownStatus is
//     set, because the wire spelling of all but five is inferred.
//   - Encode validates first and refuses an invalid message.
