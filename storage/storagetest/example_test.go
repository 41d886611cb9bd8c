package storagetest_test

import (
	"testing"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/storagetest"
)

// A host with its own stores runs the suite from one of its tests: the
// factory opens fresh, empty stores for each test of the suite and says
// which optional guarantees they make. (Here: omskit's memory stores,
// adapted to the suite's loader signatures.) The example is compiled, not
// run: Run needs the *testing.T of a real test.
func ExampleRun() {
	_ = func(t *testing.T) {
		storagetest.Run(t, func(t *testing.T) storagetest.Stores {
			return storagetest.Stores{
				Customers: memoryCustomers{memory.NewCustomerStore(customer.DefaultMatchRules)},
				Orders:    memoryOrders{memory.NewOrderStore()},
				Features:  storagetest.Features{CreateOncePerMatchKey: false},
			}
		})
	}
}
