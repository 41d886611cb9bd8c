package customer

import (
	"strconv"
	"strings"
)

// Number is a sold-to customer number. The CWORDERIN attribute customer_number
// is numeric with at most 9 digits ("cworderin-attributes.md" §2); zero means
// "no customer".
type Number int64

// MaxNumberDigits is the number of digits a customer_number may have.
const MaxNumberDigits = 9

// String returns the number in decimal without padding.
func (n Number) String() string { return strconv.FormatInt(int64(n), 10) }

// BillToNumber is a bill-to account number (bill_to_number, numeric 7).
type BillToNumber int64

// MaxBillToDigits is the number of digits a bill_to_number may have.
const MaxBillToDigits = 7

// String returns the number in decimal without padding.
func (n BillToNumber) String() string { return strconv.FormatInt(int64(n), 10) }

// MaxAltIDLength is the length of alternate_sold_to_id (alphanumeric 15).
const MaxAltIDLength = 15

// Name is a person's or company's name as the sold-to, ship-to and bill-to
// records hold it (prefix, first name, middle initial, last name, suffix,
// company; seed 001 "Updating the customer").
type Name struct {
	Prefix        string // name prefix (Mr, Ms, ...)
	First         string // first name
	MiddleInitial string // middle initial
	Last          string // last name
	Suffix        string // name suffix (Jr, ...)
	Company       string // company name
}

// IsZero reports whether every part of the name is blank.
func (n Name) IsZero() bool {
	return strings.TrimSpace(n.Prefix+n.First+n.MiddleInitial+n.Last+n.Suffix+n.Company) == ""
}

// Address is a postal address: address lines 1 to 4, apartment, city, state,
// zip and country.
type Address struct {
	Line1     string // address line 1 (street)
	Line2     string // address line 2
	Line3     string // address line 3
	Line4     string // address line 4
	Apartment string // apartment or suite
	City      string // city
	State     string // state or province code
	Zip       string // postal code
	Country   string // country code
}

// IsZero reports whether every part of the address is blank.
func (a Address) IsZero() bool {
	return strings.TrimSpace(a.Line1+a.Line2+a.Line3+a.Line4+a.Apartment+a.City+a.State+a.Zip+a.Country) == ""
}

// Phones are the three phone numbers a sold-to carries.
type Phones struct {
	Day     string // daytime phone (sold_to_day_phone)
	Evening string // evening phone (sold_to_eve_phone)
	Fax     string // fax or mobile phone (sold_to_fax_phone)
}

// IsZero reports whether no phone is given.
func (p Phones) IsZero() bool {
	return strings.TrimSpace(p.Day+p.Evening+p.Fax) == ""
}

// PhoneKind says which of a customer's phone numbers a search uses.
type PhoneKind int

// The phone kinds a store indexes.
const (
	PhoneEvening PhoneKind = iota + 1 // Evening phone (selection step 3)
	PhoneDay                          // Day phone (selection step 4)
)

// String names the phone kind.
func (k PhoneKind) String() string {
	switch k {
	case PhoneEvening:
		return "evening phone"
	case PhoneDay:
		return "day phone"
	}
	return "phone kind " + strconv.Itoa(int(k))
}

// SoldTo is a customer sold-to record (the Customer Sold To file).
type SoldTo struct {
	Number    Number // customer number
	AltCustNo string // the Alt cust # field
	// CrossRefs are the alternate customer # cross-reference records of this
	// customer (Working with Alternate Customer Number Cross-References).
	CrossRefs    []string
	Name         Name         // customer name
	Address      Address      // sold-to address
	Phones       Phones       // day, evening and fax/mobile phones
	Email        string       // sold-to email (primary)
	Emails       []string     // Customer Sold To Email file; Emails[0] is the primary
	Class        string       // customer class
	DeliveryCode string       // delivery code (B business, R residential, ...)
	OptIn        string       // opt-in/out flag
	Mail         bool         // mail flag
	Rent         bool         // rent flag
	BillTo       BillToNumber // the Bill to number assigned to the sold-to; 0 = none
	// Ghost marks a customer merged into another; MergedInto is the target
	// (the Customer number cross-reference field; CUS-017).
	Ghost      bool   // flagged as a ghost (merged)
	MergedInto Number // merge target (Customer number cross-reference)
	// ORCEID is the customer id assigned by Customer Engagement; blank means
	// none is assigned ("orce.md" ORC-002).
	ORCEID string
}

// Clone returns a deep copy, so a store can hand out records that callers may
// change without touching its own.
func (s SoldTo) Clone() SoldTo {
	s.CrossRefs = append([]string(nil), s.CrossRefs...)
	s.Emails = append([]string(nil), s.Emails...)
	return s
}

// PermanentShipTo is a shipping address permanently attached to a sold-to
// (ship_to_type 3). It is identified by the sold-to number and its own
// sequence number, written "100/2".
type PermanentShipTo struct {
	Customer Number  // the sold-to it belongs to
	Seq      int     // permanent ship-to number within the sold-to
	Name     Name    // ship-to name
	Address  Address // ship-to address
	Phones   Phones  // ship-to phones
}

// ID returns the "customer/seq" form used in messages and logs.
func (p PermanentShipTo) ID() string { return p.Customer.String() + "/" + strconv.Itoa(p.Seq) }

// BillTo is a bill-to customer (the Customer Bill To file).
type BillTo struct {
	Number  BillToNumber // bill-to number
	Name    Name         // bill-to name
	Address Address      // bill-to address
	Phones  Phones       // bill-to phones
	Email   string       // bill-to email
}

// Prospect is a Prospect Finder record (selection step 5).
type Prospect struct {
	ID      string  // the Prospect finder number
	Name    Name    // prospect name
	Address Address // prospect address
}

// Individual is a person placing orders on behalf of a sold-to (CUS-024).
type Individual struct {
	Customer Number // the sold-to the individual belongs to
	Seq      int    // individual number within the sold-to
	Name     Name   // individual's name
	Email    string // individual's email
}

// Request is the identity data an order brings for its sold-to customer: the
// sold_to_* attributes and flags of a CWORDERIN header, decoded but not yet
// validated. Raw numeric attributes stay strings so that [Request.Validate]
// can report a wrong type with the value received.
type Request struct {
	CustomerNumber string  // customer_number (numeric 9)
	AltSoldToID    string  // alternate_sold_to_id (alphanumeric 15)
	ProspectID     string  // prospect_id (Prospect finder number)
	Name           Name    // sold_to_prefix ... sold_to_company
	Address        Address // sold_to_address1 ... sold_to_country
	Phones         Phones  // sold_to_day_phone, sold_to_eve_phone, sold_to_fax_phone
	Email          string  // sold_to_email
	Class          string  // customer class
	DeliveryCode   string  // sold_to_busres
	OptIn          string  // opt-in/out flag; blank = not given
	Mail           *bool   // mail flag; nil = not given
	Rent           *bool   // rent flag; nil = not given
	AddressUpdate  bool    // sold_to_address_update = Y
	EmailUpdate    bool    // sold_to_email_update = Y
	// ORCEID is orce_customer_id (CWOrderIn 10.0). It is kept on the request
	// but never used to select the customer ("orce.md" ORC-006).
	ORCEID string
	// Individual is the individual placer (ind_* attributes), if any.
	Individual *IndividualRequest
}

// IndividualRequest is the individual placer an order names (ind_*
// attributes); it is passed to the [IndividualSelector] hook.
type IndividualRequest struct {
	Name  Name   // ind_* name attributes
	Email string // ind_email_address
}

// HasNameOrAddress reports whether the request gives any name or address
// information.
func (r Request) HasNameOrAddress() bool { return !r.Name.IsZero() || !r.Address.IsZero() }

// Bool returns a pointer to b, for the optional flags of a [Request].
func Bool(b bool) *bool { return &b }
