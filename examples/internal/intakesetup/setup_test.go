package intakesetup

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
)

func TestParseCatalog(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"unknown key", `{"itemz": []}`, `unknown field "itemz"`},
		{"blank item", `{"items": [{"number": ""}]}`, "items[0].number is blank"},
		{"twice", `{"items": [{"number": "A"}, {"number": "A"}]}`, `items[1]: item "A" sku "" listed twice`},
		{"kind", `{"pay_types": [{"code": "4", "kind": "XX"}]}`, `pay_types[0].kind "XX"`},
		{"code twice", `{"pay_types": [{"code": "4", "kind": "CC"}, {"code": "4", "kind": "CK"}]}`, `pay_types[1]: code "4" listed twice`},
		{"vendor", `{"vendor_responses": [{"service": "SVC"}]}`, `vendor_responses[0]`},
		{"trailing", `{} {}`, "data after the JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCatalog([]byte(tc.json))
			require.ErrorIs(t, err, ErrCatalog)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	c, err := ParseCatalog([]byte(`{"items": [{"number": "A", "sku": "RED", "warehouses": ["10"]}],
		"pay_types": [{"code": "CK", "kind": "CK"}], "coupons": ["C1"], "preferred_ship_vias": {"041": "UPS"}}`))
	require.NoError(t, err)
	cat := c.Build()
	ctx := context.Background()
	it, ok, err := cat.FindItem(ctx, order.ItemKey{Kind: order.KeyItemSKU, Value: "A", Extra: "RED"})
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []string{"10"}, it.Warehouses)
	pt, ok, err := cat.PayType(ctx, "CK")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, order.PayCheck, pt.Kind)
	has, err := cat.CouponExists(ctx, "C1")
	require.NoError(t, err)
	assert.True(t, has)
	via, ok, err := cat.PreferredShipVia(ctx, "041")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "UPS", via)

	demo := DemoCatalog()
	assert.Len(t, demo.Items, 300)
	_, ok, err = demo.Build().FindItem(ctx, order.ItemKey{Kind: order.KeyItemSKU, Value: "SKU00300"})
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestParseVersion(t *testing.T) {
	t.Parallel()
	for _, v := range []struct{ in, want string }{{"oms5", "OMS 5.0"}, {"OMS 5.0", "OMS 5.0"}, {"CWDirect18", "CWDirect 18.0"}} {
		got, err := ParseVersion(v.in)
		require.NoError(t, err, v.in)
		assert.Equal(t, v.want, string(got))
	}
	_, err := ParseVersion("17")
	assert.ErrorContains(t, err, `flag -version "17": want oms5`)
}
