package memory

import (
	"context"
	"fmt"
	"sync"

	"github.com/omskit/omskit/broker"
)

// OrderLinks is an in-memory [broker.OrderLinks]: which order an Order
// Broker fulfillment (F3) created and which order originated it, found from
// either side (BRK-067, BRK-168). The zero value is empty and ready; it is
// safe for concurrent use.
type OrderLinks struct {
	mu          sync.Mutex
	links       []broker.OrderLink
	byRequest   map[string]int
	byFulfilled map[broker.OrderKey]int
}

// Add records a link, as a host does when it commits a received order.
// The first link of a request ID or fulfilling order is the one found.
func (l *OrderLinks) Add(link broker.OrderLink) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byRequest == nil {
		l.byRequest, l.byFulfilled = map[string]int{}, map[broker.OrderKey]int{}
	}
	i := len(l.links)
	l.links = append(l.links, link)
	if _, ok := l.byRequest[link.RequestID]; !ok {
		l.byRequest[link.RequestID] = i
	}
	if _, ok := l.byFulfilled[link.Fulfilling]; !ok {
		l.byFulfilled[link.Fulfilling] = i
	}
}

// LinkByRequestID returns the link of a request ID; an error wrapping
// [broker.ErrLinkNotFound] when there is none.
func (l *OrderLinks) LinkByRequestID(_ context.Context, requestID string) (broker.OrderLink, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, ok := l.byRequest[requestID]; ok {
		return l.links[i], nil
	}
	return broker.OrderLink{}, fmt.Errorf("request %s: %w", requestID, broker.ErrLinkNotFound)
}

// LinkByFulfilling returns the link of the order a fulfillment created; an
// error wrapping [broker.ErrLinkNotFound] when there is none.
func (l *OrderLinks) LinkByFulfilling(_ context.Context, fulfilling broker.OrderKey) (broker.OrderLink, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, ok := l.byFulfilled[fulfilling]; ok {
		return l.links[i], nil
	}
	return broker.OrderLink{}, fmt.Errorf("%s: %w", fulfilling, broker.ErrLinkNotFound)
}

// LinksByOriginating returns the links of an OMS order that originated
// fulfillments, in the order they were added; none is not an error.
func (l *OrderLinks) LinksByOriginating(_ context.Context, originating broker.OrderKey) ([]broker.OrderLink, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []broker.OrderLink
	for _, link := range l.links {
		if link.Originating != nil && *link.Originating == originating {
			out = append(out, link)
		}
	}
	return out, nil
}

var _ broker.OrderLinks = (*OrderLinks)(nil)
