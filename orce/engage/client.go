package engage

//go:generate go tool mockgen -source=client.go -destination=mock_client_test.go -package=engage

import (
	"context"
	"time"
)

// OrderAdmin is the administration side of the platform's order API
// (ENG-008): create, read, update and delete orders and look up jobs. No
// administration call sends communication to the customer, except embedded
// actions carried by a status or delivery change (ENG-009, ENG-015).
type OrderAdmin interface {
	// PutOrder creates or fully updates an order (ENG-002). With ifMatch
	// empty the write is unconditional; otherwise it is refused with an error
	// matching ErrStaleVersion unless ifMatch is the order's current tag.
	PutOrder(ctx context.Context, o Order, ifMatch VersionTag) (JobID, error)
	// UpdateStatus changes an order's status (ENG-010, ENG-015).
	UpdateStatus(ctx context.Context, id OrderID, c StatusChange) (JobID, error)
	// UpdateDelivery changes an order's delivery details (ENG-010, ENG-015).
	UpdateDelivery(ctx context.Context, id OrderID, c DeliveryChange) (JobID, error)
	// Order reads one order with its current version tag (ENG-011).
	Order(ctx context.Context, id OrderID) (StoredOrder, error)
	// ContactOrders reads every order of one contact (ENG-020).
	ContactOrders(ctx context.Context, c ContactID) ([]StoredOrder, error)
	// DeleteOrder deletes an order (ENG-021).
	DeleteOrder(ctx context.Context, id OrderID) error
	// JobStatus reads the state of a job (ENG-010).
	JobStatus(ctx context.Context, id JobID) (Job, error)
}

// OrderActions is the action side of the order API (ENG-008): it triggers
// something on an order the platform has already processed. The version
// tag is mandatory (ENG-012).
type OrderActions interface {
	TriggerAction(ctx context.Context, id OrderID, a ActionName, tag VersionTag) error
}

// ReceiptRegistrar registers transactions (ENG-003, ENG-005). There is no
// update and no delete: receipts never change.
type ReceiptRegistrar interface {
	RegisterReceipt(ctx context.Context, r Receipt) error
}

// ContactPrivacy is the GDPR side: extract and erase a contact's order data
// (ENG-025, ENG-026).
type ContactPrivacy interface {
	ExtractContact(ctx context.Context, c ContactID) (ContactExtract, error)
	EraseContact(ctx context.Context, c ContactID) error
}

// IntegrationLog reads the platform's integration log (ENG-023).
type IntegrationLog interface {
	LogEntries(ctx context.Context, since time.Time) ([]LogEntry, error)
}

// Platform is everything the Feed uses; engagehttp.Client and the
// engagetest simulator's client satisfy it.
type Platform interface {
	OrderAdmin
	OrderActions
	ReceiptRegistrar
	ContactPrivacy
	IntegrationLog
}
