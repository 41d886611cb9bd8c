package storagetest_test

import (
	"context"
	"testing"

	"github.com/omskit/omskit/customer"
	custsync "github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/storagetest"
)

// memoryCustomers gives memory.CustomerStore's loaders the suite's
// context-taking signatures.
type memoryCustomers struct{ *memory.CustomerStore }

func (m memoryCustomers) PutSoldTo(_ context.Context, c customer.SoldTo) error {
	return m.CustomerStore.PutSoldTo(c)
}

func (m memoryCustomers) PutProspect(_ context.Context, p customer.Prospect) error {
	m.CustomerStore.PutProspect(p)
	return nil
}

// memoryOrders gives memory.OrderStore's AddRep the suite's signature.
type memoryOrders struct{ *memory.OrderStore }

func (m memoryOrders) AddRep(_ context.Context, r order.Rep) error {
	m.OrderStore.AddRep(r)
	return nil
}

func TestMemory(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storagetest.Stores {
		return storagetest.Stores{
			Customers: memoryCustomers{memory.NewCustomerStore(customer.DefaultMatchRules)},
			Orders:    memoryOrders{memory.NewOrderStore()},
			Engage:    engage.NewMemoryStore(),
			Sync:      custsync.NewMemoryStore(),
			Broker:    memory.NewBrokerStore(),
			Features:  storagetest.Features{CreateOncePerMatchKey: true},
		}
	})
}
