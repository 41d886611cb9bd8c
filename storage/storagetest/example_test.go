package storagetest_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/storagetest"
)

// A host with its own stores runs the suite from one of its tests: the
// factory opens fresh, empty stores for each test of the suite and says
// which optional guarantees they make. Here the suite runs omskit's memory
// customer and order stores (adapted to the suite's loader signatures);
// in a host's code the body of run is the whole of a TestMyStores function.
func ExampleRun() {
	run := func(t *testing.T) {
		storagetest.Run(t, func(t *testing.T) storagetest.Stores {
			return storagetest.Stores{
				Customers: memoryCustomers{memory.NewCustomerStore(customer.DefaultMatchRules)},
				Orders:    memoryOrders{memory.NewOrderStore()},
				Features:  storagetest.Features{CreateOncePerMatchKey: true},
			}
		})
	}
	// (A host calls run from its own test; the example runs it quietly.)
	stdout := os.Stdout
	os.Stdout, _ = os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	ok := testing.RunTests(func(_, _ string) (bool, error) { return true, nil },
		[]testing.InternalTest{{Name: "TestMyStores", F: run}})
	os.Stdout.Close()
	os.Stdout = stdout
	fmt.Println("conformance suite passed:", ok)
	// Output: conformance suite passed: true
}
