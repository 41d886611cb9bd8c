package broker

//go:generate go tool mockgen -source=pickup_search.go -destination=mock_pickup_search_test.go -package=broker

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// StoreSearch is the Merchandise Locator Search window of a store pickup
// order (BRK-255).
type StoreSearch struct {
	Postal   string // alphanumeric 10; required unless City and State are given
	Address  string // alphanumeric 32, optional
	City     string // alphanumeric 25
	State    string // alphanumeric 2
	Country  string // alphanumeric 2, required
	WithinOf int    // Search within, numeric 5, required, in I39 units
}

// NewStoreSearch fills the window: from the last search for the same
// customer when there is one, else from the sold-to address; the country
// from the customer address, else defaultCountry (B17); the radius from
// I40 (defaultRadius), BRK-255.
func NewStoreSearch(soldTo Address, last *StoreSearch, defaultCountry string, defaultRadius int) StoreSearch {
	if last != nil {
		return *last
	}
	s := StoreSearch{Postal: soldTo.Postal, Address: soldTo.Address1, City: soldTo.City, State: soldTo.Province,
		Country: strings.TrimSpace(soldTo.Country), WithinOf: defaultRadius}
	if s.Country == "" {
		s.Country = defaultCountry
	}
	return s
}

// Validate applies BRK-255's field rules and BRK-256 (U.S. and Canada
// only). Every broken rule is returned, joined, each a *[StorePickupError].
// The postal code is not checked against the Zip/City/State table.
func (q StoreSearch) Validate() error {
	var errs []error
	if strings.TrimSpace(q.Postal) == "" && (strings.TrimSpace(q.City) == "" || strings.TrimSpace(q.State) == "") {
		errs = append(errs, spErr("BRK-255", "postal code, or city and state, required", "postal", q.Postal))
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"postal", q.Postal, 10}, {"address", q.Address, 32}, {"city", q.City, 25}, {"state", q.State, 2}, {"country", q.Country, 2}} {
		if len([]rune(f.v)) > f.max {
			errs = append(errs, spErr("BRK-255", fmt.Sprintf("longer than %d", f.max), f.name, f.v))
		}
	}
	switch strings.ToUpper(strings.TrimSpace(q.Country)) {
	case "US", "CA":
	case "":
		errs = append(errs, spErr("BRK-255", "country required", "country", q.Country))
	default:
		errs = append(errs, spErr("BRK-256", "merchandise locator searches work only in the U.S. and Canada", "country", q.Country))
	}
	if q.WithinOf <= 0 || q.WithinOf > 99999 {
		errs = append(errs, spErr("BRK-255", "search within required (numeric 5)", "within", fmt.Sprint(q.WithinOf)))
	}
	return errors.Join(errs...)
}

// LocateItem is one item and quantity of a LocateItems request.
type LocateItem struct {
	ItemID string
	Qty    int
}

// LocateItemsRequest asks OB for locations that can fill every item
// (BRK-257).
type LocateItemsRequest struct {
	Items  []LocateItem
	Search StoreSearch
}

// LocatedStore is one location of a LocateItems response.
type LocatedStore struct {
	Store, Name, Street, City, State, Postal, Country, Phone string
	Distance                                                 decimal.Decimal
}

// LocateItemsResponse is OB's answer: the locations, or an error code.
type LocateItemsResponse struct {
	Stores []LocatedStore
	// ItemNotFound: an item OB does not know, or no store has every item (BRK-261).
	ItemNotFound bool
	// LocationUnknown: the postal code or location is not in OB's proximity data (BRK-261).
	LocationUnknown bool
}

// StoreLocator sends LocateItems to OB.
type StoreLocator interface {
	LocateItems(ctx context.Context, req LocateItemsRequest) (LocateItemsResponse, error)
}

// StoreSearchLine is an order line as the store search reads it.
type StoreSearchLine struct {
	ItemID       string
	Qty          int
	OROBEligible bool
}

// SearchStores runs the Store Pickup search (BRK-257..BRK-262): the first
// item that is not OROB eligible stops it with "Item XXXXXX is not eligible
// for store pickup"; OB's errors become "One or more pickup item(s) is not
// eligible for Store Pickup", "Cannot identify customer location" and, when
// OB does not answer, "No Response or Web Service Failure" (BRK-261). A
// location is listed only when it has a WSCR record (BRK-258), unless
// singleItem (the single-item Merchandise Locator, which needs none,
// BRK-262). Rows are truncated to the screen's widths (BRK-259).
func SearchStores(ctx context.Context, loc StoreLocator, stores StoreDirectory, company int, q StoreSearch, lines []StoreSearchLine, singleItem bool) ([]LocatedStore, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	req := LocateItemsRequest{Search: q}
	for _, l := range lines {
		if !l.OROBEligible {
			return nil, spErr("BRK-261", fmt.Sprintf("Item %s is not eligible for store pickup", l.ItemID), "item", l.ItemID)
		}
		req.Items = append(req.Items, LocateItem{ItemID: l.ItemID, Qty: l.Qty})
	}
	resp, err := loc.LocateItems(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", spErr("BRK-261", "No Response or Web Service Failure", "LocateItems", ""), err)
	}
	switch {
	case resp.ItemNotFound:
		return nil, spErr("BRK-261", "One or more pickup item(s) is not eligible for Store Pickup", "items", fmt.Sprint(len(req.Items)))
	case resp.LocationUnknown:
		return nil, spErr("BRK-261", "Cannot identify customer location", "postal", q.Postal)
	}
	var out []LocatedStore
	for _, s := range resp.Stores {
		if !singleItem {
			if stores == nil {
				continue
			}
			if _, err := stores.StoreXref(ctx, company, s.Store); err != nil {
				continue
			}
		}
		out = append(out, truncateStore(s))
	}
	return out, nil
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// truncateStore applies the result screen widths (BRK-259).
func truncateStore(s LocatedStore) LocatedStore {
	s.Store, s.Name, s.Street, s.City = cut(s.Store, 10), cut(s.Name, 35), cut(s.Street, 40), cut(s.City, 35)
	s.State, s.Postal, s.Country, s.Phone = cut(s.State, 2), cut(s.Postal, 10), cut(s.Country, 3), cut(s.Phone, 14)
	s.Distance = s.Distance.Round(2)
	return s
}

// WithinRadius reports whether a located store is within the radius: a
// distance of .00 means the location does not use proximity and always
// counts as within (BRK-259).
func WithinRadius(s LocatedStore, radius int) bool {
	return s.Distance.IsZero() || s.Distance.LessThanOrEqual(decimal.NewFromInt(int64(radius)))
}
