package order

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// TestWithFixed2 holds the allocation-free formatting of the totals step's
// detail to decimal's StringFixed(2), which it replaces: every exponent and
// sign, the digit limit of the fast path, and amounts that need rounding
// (left to StringFixed).
func TestWithFixed2(t *testing.T) {
	values := []string{"0", "0.0", "0.00", "0.000", "9.99", "-9.99", "0.05", "-0.05", "0.5", "-0.5", "12", "-12",
		"1.005", "-1.005", "2.675", "0.001", "-0.004", "999999999999999", "9999999999999.99", "-9999999999999.99",
		"99999999999999.99", "1000000000000000", "123456789012345678901234567890.12", "1e3", "-2.5e2", "1.23e-7"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		d := decimal.New(rng.Int64N(2_000_000_000)-1_000_000_000, int32(rng.IntN(6))-4)
		values = append(values, d.String())
		values = append(values, decimal.New(rng.Int64(), int32(rng.IntN(3))-2).String())
	}
	for _, v := range values {
		d := decimal.RequireFromString(v)
		assert.Equal(t, "order total "+d.StringFixed(2), withFixed2("order total ", d), v)
	}
	d := decimal.RequireFromString("1234.5")
	assert.Equal(t, 1.0, testing.AllocsPerRun(10, func() { _ = withFixed2("order total ", d) }))
}
