package broker

import (
	"fmt"
	"strconv"
	"strings"
)

// Validate checks settings the chapter says must go together. It returns a
// *[ValidationError] listing every problem, or nil.
func (s Settings) Validate() error {
	verr := &ValidationError{}
	fail := func(rule, field, value, msg string) {
		verr.Fields = append(verr.Fields, FieldError{Rule: rule, Field: field, Value: value, Msg: msg})
	}
	if s.FulfillmentAssignment && s.DeliveryOrderTypeFromOMS == "" {
		fail("BRK-068", "M33", "", "M33 (Order Type for Delivery Orders Originating in OROMS) must be set when M31 is selected")
	}
	if s.shipForPickupAlways() && s.RetailPickupOrderTypeFromOMS == "" {
		fail("BRK-068", "M35", "", "M35 (Order Type for Retail Pickup Orders Originating in OROMS) must be set when M34 = ALWAYS")
	}
	if s.SendBackorders && strings.TrimSpace(s.Account) == "" {
		fail("BRK-314", "K49", s.Account, "K49 (OROB Account) must be set; a wrong account gives 'Null response from OROB'")
	}
	for _, f := range []struct{ code, v string }{{"K51", s.DefaultLocation}, {"K56", s.UnfulfillableLocation}, {"M32", s.OriginatingLocation}} {
		if len(f.v) > MaxLocationLength {
			fail("BRK-011", f.code, f.v, "location codes sent to OB are at most 10 characters")
		}
	}
	if s.MessageVersion != "" {
		if _, err := strconv.ParseFloat(s.MessageVersion, 64); err != nil {
			fail("BRK-002", "OROB_MESSAGE_VERSION", s.MessageVersion, "not a version number")
		} else if (s.FulfillmentAssignment || s.shipForPickupAlways()) && !s.versionAtLeast("16.0") {
			fail("BRK-004", "OROB_MESSAGE_VERSION", s.MessageVersion, "fulfillment assignment and ship-for-pickup need 16.0 or higher")
		}
	}
	if len(verr.Fields) > 0 {
		return verr
	}
	return nil
}

// ParseSource reads the company, order and ship-to back from a `source` or
// response `destination` (BRK-330, BRK-385, BRK-395): 3 + 8 + 3 digits, the
// rest (the line sequence, ambiguity A29) ignored.
func ParseSource(v string) (OrderKey, error) {
	t := strings.TrimSpace(v)
	bad := func(why string) (OrderKey, error) {
		return OrderKey{}, fmt.Errorf("broker: source %q: %s: %w", v, why, ErrInvalidInput)
	}
	if len(t) < 14 {
		return bad("shorter than company, order and ship-to")
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return bad("not all digits")
		}
	}
	co, _ := strconv.Atoi(t[0:3])
	ord, _ := strconv.Atoi(t[3:11])
	st, _ := strconv.Atoi(t[11:14])
	return OrderKey{Company: co, Order: ord, ShipTo: st}, nil
}

// LineLocateEligible is the CWORDEROUT line_locate_eligible flag (BRK-046):
// present only when K08 is selected, "Y" when the line meets the §2.3 rules.
func LineLocateEligible(e Eligibility, s Settings) (flag string, present bool) {
	if !s.SendBackorders {
		return "", false
	}
	if e.Eligible {
		return "Y", true
	}
	return "N", true
}

// ReauthorizeOrder reports whether the BROKER periodic function must get a
// new authorization, for the entire order, before submitting (BRK-021, BRK-101).
func ReauthorizeOrder(lines []Eligibility) bool {
	for _, e := range lines {
		if e.Reauthorize {
			return true
		}
	}
	return false
}

// SuppressesBackorderNotices reports whether a line whose OB request is in s
// gets no backorder notice (BRK-089): while the request is in process. The
// line is eligible again at U, E or Z (and at C, a request canceled before
// it was sent, read like Z).
func (s Status) SuppressesBackorderNotices() bool {
	switch s {
	case StatusUnfulfillable, StatusError, StatusCanceled, StatusClosed:
		return false
	}
	return s.Valid()
}

// StoreShip is the status the order confirmation email shows for a line
// assigned to OB (BRK-054).
const StoreShip = "Store Ship"

// ConfirmationStatus is the line status the order confirmation email shows
// for a line with this record: "Store Ship" while the line is assigned to OB
// (BRK-054), "" once the request ended without fulfilment (U, E, C, Z).
func (r Record) ConfirmationStatus() string {
	switch r.Status {
	case StatusUnfulfillable, StatusError, StatusClosed, StatusCanceled:
		return ""
	}
	return StoreShip
}

// EmailTracking is how the shipment confirmation email shows a brokered
// shipment (BRK-084): when the agent is a valid OMS ship via code, its
// description and the tracking number as a live link; otherwise the agent as
// OB passed it and the tracking number as plain text.
func EmailTracking(agent, tracking string, shipVias map[string]string) (shown string, liveLink bool) {
	if desc, ok := shipVias[strings.TrimSpace(agent)]; ok {
		return desc, tracking != ""
	}
	return agent, false
}

// CountByStatus counts records per status, as the Order Broker Lines
// statistics do (BRK-309).
func CountByStatus(recs []Record) map[Status]int {
	out := map[Status]int{}
	for _, r := range recs {
		out[r.Status]++
	}
	return out
}
