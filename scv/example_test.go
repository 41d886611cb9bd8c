package scv_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/omskit/omskit/scv"
)

func ExampleLoad() {
	s, err := scv.Load(map[string]string{
		"M31": "Y",  // Use OROB for Fulfillment Assignment
		"M34": "",   // blank behaves like NEVER
		"K10": "15", // Order Broker Status Update Interval, minutes
		"K94": "",   // Order Broker Ship Via: blank, so A77 applies
		"L37": "INTERACT",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("M31:", s.Flag(scv.UseOROBForFulfillmentAssignment))
	fmt.Println("M34:", s.ShipForPickupAssignment())
	interval, _ := s.Number(scv.OrderBrokerStatusUpdateInterval)
	fmt.Println("K10:", interval)
	_, k94Set := s.Lookup(scv.OrderBrokerShipVia)
	_, k93Set := s.Lookup(scv.OrderBrokerSourceCode)
	fmt.Println("K94 set:", k94Set, "K93 set:", k93Set)
	fmt.Println("M71 default:", s.String(scv.SendORCECustomerIDToOROB))
	fmt.Println("ORCE on:", s.ORCEIntegrationOn())
	// Output:
	// M31: true
	// M34: NEVER
	// K10: 15
	// K94 set: true K93 set: false
	// M71 default: N
	// ORCE on: true
}

func ExampleLoad_validation() {
	_, err := scv.Load(map[string]string{"M31": "maybe", "B19": "Y"})
	var ve *scv.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Error())
		}
	}
	fmt.Println("unknown code:", errors.Is(err, scv.ErrUnknownCode))
	// Output:
	// scv B19: unknown system control value code (B19 Cancel Order Broker Lines is a secured feature, not an SCV)
	// scv M31: value "maybe" is not a flag (Y/N)
	// unknown code: true
}

func ExampleLoadJSON() {
	s, err := scv.LoadJSON(strings.NewReader(`{"M31": true, "M34": "SOMETIMES", "K36": 1.00}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Flag(scv.UseOROBForFulfillmentAssignment))
	for _, u := range s.Unrecognized() {
		fmt.Printf("%s: %q is not one of %v\n", u.Code, u.Value, u.Allowed)
	}
	// Output:
	// true
	// M34: "SOMETIMES" is not one of [ALWAYS NEVER]
}

func ExampleSet_With() {
	base, _ := scv.Load(map[string]string{"M31": "N"})
	next, err := base.With(scv.UseOROBForFulfillmentAssignment, "Y")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(base.Flag(scv.UseOROBForFulfillmentAssignment), next.Flag(scv.UseOROBForFulfillmentAssignment))
	// Output: false true
}

func ExampleLookup() {
	d, _ := scv.Lookup(scv.UseOROBForShipForPickupFulfillmentAssignment)
	fmt.Println(d.Code, d.Name)
	fmt.Println(d.Kind, d.Allowed, "blank means", d.BlankMeans)
	// Output:
	// M34 Use OROB for Ship for Pickup Fulfillment Assignment
	// code [ALWAYS NEVER] blank means NEVER
}
