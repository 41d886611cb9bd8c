package customer

import "strings"

// EmailSource says where the order-level email address came from.
type EmailSource string

// The levels of the order-level email hierarchy (order-api.md ORD-084).
const (
	EmailFromOrder      EmailSource = "order_email"
	EmailFromIndividual EmailSource = "individual"
	EmailFromSoldTo     EmailSource = "sold-to"
	EmailNone           EmailSource = "none"
)

// OrderEmailInput is what the order-level email hierarchy reads.
type OrderEmailInput struct {
	OrderEmail              string // order_email from the message
	IndividualEmail         string // ind_email_address from the message
	IndividualExistingEmail string // the individual placer's email on file
	SoldToEmail             string // sold_to_email from the message
	SoldToExistingEmail     string // the sold-to customer's email on file
}

// OrderEmail returns the order-level email address of an order created
// through the order API and where it came from (ORD-084, seed 001 row 207,
// the hierarchy the sold-to email update feeds): order_email; otherwise the
// individual placer's email (from the message, else on file) when Default
// Individual Email Address (J17) is set; otherwise the sold-to's email (from
// the message, else on file); otherwise blank. The result is lower case.
func OrderEmail(in OrderEmailInput, s Settings) (string, EmailSource) {
	firstOf := func(vs ...string) string {
		for _, v := range vs {
			if v = LowerEmail(v); v != "" {
				return v
			}
		}
		return ""
	}
	if e := firstOf(in.OrderEmail); e != "" {
		return e, EmailFromOrder
	}
	if s.DefaultIndividualEmail {
		if e := firstOf(in.IndividualEmail, in.IndividualExistingEmail); e != "" {
			return e, EmailFromIndividual
		}
	}
	if e := firstOf(in.SoldToEmail, in.SoldToExistingEmail); strings.TrimSpace(e) != "" {
		return e, EmailFromSoldTo
	}
	return "", EmailNone
}
