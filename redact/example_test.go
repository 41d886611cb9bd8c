package redact_test

import (
	"fmt"

	"github.com/omskit/omskit/redact"
)

func ExampleText() {
	fmt.Println(redact.Text(`sold_to_fname="4111 1111 1111 1111" quantity="1234563648"`))
	// Output: sold_to_fname="**** **** **** 1111" quantity="1234563648"
}

func ExampleCard() {
	fmt.Println(redact.Card("4111111111111111"))
	// Output: ************1111
}

func ExampleValue() {
	fmt.Println(redact.Value("12 HARBOUR STREET, BUILDING 7, SUITE 4100, PORTLAND"))
	// Output: 12 HARBOUR STREET, BUILDING 7, S…(51 characters)
}
