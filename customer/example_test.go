package customer

import (
	"context"
	"fmt"
)

// A host selects the sold-to of an incoming order and logs why: the step
// that chose the customer, the reason, and what every step saw.
func ExampleSelectSoldTo() {
	store := newFake( // any Finder: storage/memory, SQL, the host's own system
		SoldTo{Number: 130, Name: Name{Last: "OTHER"}, Address: Address{Line1: "1 OAK AVE"}, Phones: Phones{Evening: "5085551111"}},
		SoldTo{Number: 140, Name: Name{First: "MARY", Last: "JONES"}, Address: Address{Line1: "5 ELM ST", Zip: "01720"}, Phones: Phones{Evening: "5085551111"}},
		SoldTo{Number: 150, Name: Name{First: "MARY", Last: "JONES"}, Address: Address{Line1: "5 ELM ST", Zip: "01720"}, Phones: Phones{Evening: "508-555-1111"}},
	)
	req := Request{
		CustomerNumber: "999", // names no customer: not an error, the search goes on
		Name:           Name{First: "Mary", Last: "Jones"},
		Address:        Address{Line1: "5 Elm St.", Zip: "01720"},
		Phones:         Phones{Evening: "(508) 555-1111"},
	}
	sel, err := SelectSoldTo(context.Background(), store, req, Settings{PhoneSearch: true})
	if err != nil {
		fmt.Println("selection failed:", err)
		return
	}
	fmt.Printf("sold-to %s by step %s\n", sel.Number(), sel.Step)
	fmt.Println("reason:", sel.Reason())
	for _, t := range sel.Trace() {
		fmt.Printf("  step %s ran=%v candidates=%v: %s\n", t.Step, t.Ran, t.Candidates, t.Reason)
	}
	// Output:
	// sold-to 140 by step 3b several evening phone matches, lowest that matches name and address
	// reason: sold_to_eve_phone 5085551111 matches 3 customers; 140 is the lowest that matches name and address
	//   step 1 ran=true candidates=[]: customer_number 999 names no customer
	//   step 2 ran=false candidates=[]: no alternate_sold_to_id
	//   step 3 ran=true candidates=[130 140 150]: 3 evening phone matches; lowest that matches name and address
}

// Resolve selects and then updates (or creates) the customer in one step.
func ExampleResolve() {
	store := newFake(SoldTo{Number: 200, Name: Name{Last: "SMITH"}, Address: Address{Line1: "1 OLD RD"}, Class: "REG"})
	res, err := Resolve(context.Background(), store, Request{CustomerNumber: "200", Class: "vip"}, Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.SoldTo.Number, res.Selection.Step, res.SoldTo.Class)
	for _, c := range res.Changes {
		fmt.Printf("%s: %q -> %q (%s)\n", c.Field, c.Old, c.New, c.Rule)
	}
	// Output:
	// 200 1 customer number VIP
	// class: "REG" -> "VIP" (CUS-018)
}
