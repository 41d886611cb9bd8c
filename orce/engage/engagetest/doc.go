// Package engagetest is an in-process simulator of the customer-engagement
// platform's Orders v3 API (seed 004, engage-orders.md), served as an
// http.Handler: run it under httptest.NewServer and talk to it with
// engagehttp.Client.
//
// It stores every order (ENG-007), hands out jobs that stay "inProgress"
// for a configurable number of polls (ENG-010), mints a new version tag per
// processed change and refuses stale If-Match writes and actions with an
// old tag (ENG-011, ENG-012), refuses a second registration of a receipt
// (ENG-003), runs embedded actions or discards them when the contact is
// unknown (ENG-015, ENG-017), records every communication so tests can see
// that administration sends none (ENG-009), erases a contact's orders while
// keeping receipts (ENG-026, Z-09), and injects faults per operation:
// timeouts, 5xx and garbage, before or after the change is committed.
//
// # The asynchronous windows in a host's tests
//
// WithProcessingPolls(n) keeps every job "inProgress" for n status reads,
// so a test can act while a change is accepted but not processed (an
// action then fails with engage.ErrNotProcessed; ENG-013). Another system
// changing an order is a write through a second engagehttp.Client (or the
// feed's own client) behind the feed's back: the feed's version tag goes
// stale, and a test sees Feed.TriggerAction read the current one and
// trigger with it, or refuse with engage.ErrActionNoLongerApplies.
// InjectFault with AfterCommit loses the answer of a write the platform
// did, the case that tests exactly-once.
//
// It imports net/http and encoding/json, and engage and engagehttp for the
// wire types.
package engagetest
