package broker

import "context"

//go:generate go tool mockgen -source=transport.go -destination=mock_transport_test.go -package=broker

// Transport carries the Order Broker messages. broker/brokerhttp implements
// it over HTTP+XML; broker/brokertest simulates OB in process.
//
// A method returns an error wrapping [ErrUnavailable] when OB did not answer
// (the message may have arrived), [ErrMalformed] when the answer could not be
// read, and a *[RejectedError] (wrapping [ErrRejected]) for an OB error
// response, or returns the response with its response code.
type Transport interface {
	SubmitOrder(ctx context.Context, req SubmitOrder) (SubmitOrderResponse, error)
	StatusRequest(ctx context.Context, req StatusRequest) (StatusResponse, error)
	StatusListRequest(ctx context.Context, req StatusListRequest) (StatusListResponse, error)
	StatusUpdate(ctx context.Context, req StatusUpdate) (StatusUpdateResponse, error)
	Fulfillments(ctx context.Context, req FulfillmentsRequest) (FulfillmentsResponse, error)
}
