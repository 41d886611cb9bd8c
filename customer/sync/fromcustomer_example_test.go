package sync_test

import (
	"fmt"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/customer/sync"
)

// A sold-to the customer package created becomes a change keyed by its
// number and content; the same resolution gives the same key, and an
// unchanged sold-to gives no change.
func ExampleChangeFromResolution() {
	c := customer.SoldTo{Number: 240, Name: customer.Name{First: "MARY", Last: "JONES"}, Email: "mary@x.com"}
	ch, ok, err := sync.ChangeFromResolution(customer.Resolution{SoldTo: c, Created: true}, "WEB-1")
	fmt.Println(ok, err, ch.Person.Code, ch.Person.Email)
	again, _, _ := sync.ChangeFromResolution(customer.Resolution{SoldTo: c, Created: true}, "WEB-1")
	fmt.Println(again.Key == ch.Key)
	_, ok, _ = sync.ChangeFromResolution(customer.Resolution{SoldTo: c}, "WEB-2")
	fmt.Println(ok)
	// Output:
	// true <nil> 240 mary@x.com
	// true
	// false
}
