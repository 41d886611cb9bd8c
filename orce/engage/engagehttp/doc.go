// Package engagehttp implements the engage package's platform interfaces
// (engage.Platform) over HTTP+JSON with net/http, after the Orders v3 API of
// seed 004 (engage-orders.md §1 to §7). Paths the seed names are used as
// given (/api/v3/orders, /api/v3/receipts, the /action endpoint, the order
// jobs endpoint); the seed does not give paths for status and delivery
// changes, reads by contact, deletion, GDPR and the integration log
// (engage-orders.md Z-06), so those follow the same resource style and live
// only here.
//
// Errors map onto the engage sentinels: 400 gives an *engage.ValidationError,
// 404 engage.ErrNotFound, 409/412 engage.ErrStaleVersion or an
// *engage.DuplicateReceiptError, 5xx and timeouts engage.ErrUnavailable,
// and an unreadable 2xx body engage.ErrBadResponse.
//
// Imports: the standard library (net/http, encoding/json) and the engage
// package whose interfaces it implements; it is an adapter, so no domain
// package imports it.
package engagehttp
