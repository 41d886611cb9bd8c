package memory

import (
	"context"
	"sync"

	"github.com/omskit/omskit/order"
)

// OrderCatalog is the set-up the order intake reads: items, pay types, the
// credit card vendor response file, coupons and preferred ship vias by SCF.
// It implements order.ItemCatalog, order.PayTypes, order.VendorResponses,
// order.Coupons and order.ShipVias, and is safe for concurrent use.
type OrderCatalog struct {
	mu        sync.RWMutex
	items     map[order.ItemKey]order.Item
	payTypes  map[string]order.PayType
	responses map[[2]string]string
	coupons   map[string]bool
	shipVias  map[string]string
}

// NewOrderCatalog returns an empty catalog.
func NewOrderCatalog() *OrderCatalog {
	return &OrderCatalog{
		items:     map[order.ItemKey]order.Item{},
		payTypes:  map[string]order.PayType{},
		responses: map[[2]string]string{},
		coupons:   map[string]bool{},
		shipVias:  map[string]string{},
	}
}

var (
	_ order.ItemCatalog     = (*OrderCatalog)(nil)
	_ order.PayTypes        = (*OrderCatalog)(nil)
	_ order.VendorResponses = (*OrderCatalog)(nil)
	_ order.Coupons         = (*OrderCatalog)(nil)
	_ order.ShipVias        = (*OrderCatalog)(nil)
)

// AddItem makes it findable by its item and SKU code.
func (c *OrderCatalog) AddItem(it order.Item) {
	c.AddItemKey(order.ItemKey{Kind: order.KeyItemSKU, Value: it.Number, Extra: it.SKU}, it)
}

// AddItemKey makes it findable by key (short SKU, UPC, alias, …). For an
// alias, AllOffers true means the alias is found only when every active offer
// is searched (J68).
func (c *OrderCatalog) AddItemKey(key order.ItemKey, it order.Item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = it
}

// FindItem looks key up. An alias stored with AllOffers is found only when
// the lookup searches all offers; one stored without it is always found.
func (c *OrderCatalog) FindItem(ctx context.Context, key order.ItemKey) (order.Item, bool, error) {
	if err := ctx.Err(); err != nil {
		return order.Item{}, false, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if key.Kind == order.KeyAlias {
		k := key
		k.AllOffers = false
		if it, ok := c.items[k]; ok {
			return it, true, nil
		}
		if key.AllOffers {
			it, ok := c.items[key]
			return it, ok, nil
		}
		return order.Item{}, false, nil
	}
	it, ok := c.items[key]
	return it, ok, nil
}

// AddPayType stores a pay type.
func (c *OrderCatalog) AddPayType(pt order.PayType) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.payTypes[pt.Code] = pt
}

// PayType returns the pay type with code.
func (c *OrderCatalog) PayType(ctx context.Context, code string) (order.PayType, bool, error) {
	if err := ctx.Err(); err != nil {
		return order.PayType{}, false, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	pt, ok := c.payTypes[code]
	return pt, ok, nil
}

// AddVendorResponse stores a vendor response code of service with its hold
// reason (blank for none).
func (c *OrderCatalog) AddVendorResponse(service, code, holdReason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.responses[[2]string{service, code}] = holdReason
}

// VendorResponse returns the hold reason of code and whether it exists.
func (c *OrderCatalog) VendorResponse(ctx context.Context, service, code string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	r, ok := c.responses[[2]string{service, code}]
	return r, ok, nil
}

// AddCoupon stores a coupon number in the Coupon Redemption file.
func (c *OrderCatalog) AddCoupon(number string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.coupons[number] = true
}

// CouponExists reports whether number is in the Coupon Redemption file.
func (c *OrderCatalog) CouponExists(ctx context.Context, number string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.coupons[number], nil
}

// SetPreferredShipVia sets the preferred ship via of an SCF.
func (c *OrderCatalog) SetPreferredShipVia(scf, shipVia string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shipVias[scf] = shipVia
}

// PreferredShipVia returns the preferred ship via of scf.
func (c *OrderCatalog) PreferredShipVia(ctx context.Context, scf string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	sv, ok := c.shipVias[scf]
	return sv, ok, nil
}
