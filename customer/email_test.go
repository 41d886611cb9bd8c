package customer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOrderEmail_ORD084(t *testing.T) {
	j17 := Settings{DefaultIndividualEmail: true}
	tests := []struct {
		name string
		in   OrderEmailInput
		s    Settings
		want string
		src  EmailSource
	}{
		{"ORD-084-E1 order_email", OrderEmailInput{OrderEmail: "A@x", IndividualEmail: "i@x", SoldToEmail: "s@x"}, j17, "a@x", EmailFromOrder},
		{"ORD-084-E2 individual with J17 = Y", OrderEmailInput{IndividualEmail: "i@x", SoldToEmail: "s@x"}, j17, "i@x", EmailFromIndividual},
		{"ORD-084-E3 J17 = N: sold-to", OrderEmailInput{IndividualEmail: "i@x", SoldToEmail: "s@x"}, Settings{}, "s@x", EmailFromSoldTo},
		{"ORD-084-E4 no emails anywhere", OrderEmailInput{}, j17, "", EmailNone},
		{"ORD-084-E5 placer's existing email, J17 = Y", OrderEmailInput{IndividualExistingEmail: "e@x", SoldToEmail: "s@x"}, j17, "e@x", EmailFromIndividual},
		{"ORD-084 sold-to existing email", OrderEmailInput{SoldToExistingEmail: "old@x"}, Settings{}, "old@x", EmailFromSoldTo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, src := OrderEmail(tt.in, tt.s)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.src, src)
		})
	}
}
