package sync_test

import (
	"errors"
	"fmt"

	"github.com/omskit/omskit/customer/sync"
)

// Identity resolution picks the code when there is one, else the fallback
// identifier, and reports which one matched.
func ExampleIdentifyPerson() {
	for _, p := range []sync.Person{
		{Email: "ann@x"},
		{Code: "C100", Email: "ann@y"},
	} {
		id, _ := sync.IdentifyPerson(p)
		fmt.Println(id.Kind, id.Value)
	}
	c, _ := sync.IdentifyCompany(sync.Company{OrganizationNo: "556677-8899"})
	fmt.Println(c.Kind, c.Value)
	// Output:
	// email ann@x
	// code C100
	// organizationNo 556677-8899
}

// The uniqueness scope decides whether one person may carry different codes
// on different applications.
func ExampleCheckCodes() {
	ps := []sync.Person{
		{Email: "p@x", ApplicationKey: "A", Code: "E1"},
		{Email: "p@x", ApplicationKey: "B", Code: "E9"},
	}
	fmt.Println(sync.CheckCodes(sync.ScopeApplicationUnique, ps))
	err := sync.CheckCodes(sync.ScopeClientUnique, ps)
	fmt.Println(errors.Is(err, sync.ErrCodeConflict), err)
	// Output:
	// <nil>
	// true person p@x: codes E1, E9 conflict under client-unique
}
