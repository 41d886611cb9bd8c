package orce_test

import (
	"fmt"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
	"github.com/omskit/omskit/scv"
)

// Which customer id goes where, with the rule that decided.
func ExampleCustomerID() {
	c := customer.SoldTo{Number: 13827, ORCEID: "9000123"}
	s := orce.Settings{Integration: scv.ORCEInteract, SendToOROB: true} // L37 INTERACT, M71 Y, M70 N

	no, d := orce.SubmitOrderCustomerNo(s, c)
	fmt.Println(no, "|", d.Rule)
	n := orce.CustomerID(orce.Narvar, s, c)
	fmt.Println(n.ID, "|", n.Rule)
	tag, _ := orce.OutboundTag(orce.CWPickOut, "6.0", s, c)
	fmt.Println(tag.ID, "|", tag.Rule)
	// Output:
	// 009000123 | ORC-009: ORCE id assigned, L37 INTERACT, M71 selected; ORCE customer id
	// 13827 | ORC-016: M70 not selected; OMS customer number
	// 9000123 | ORC-005: L37 INTERACT and ORCE id assigned; tag included
}
