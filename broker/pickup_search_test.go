package broker

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// xrefFake knows the WSCR stores in the map.
type xrefFake map[string]StoreXref

func (x xrefFake) StoreXref(_ context.Context, _ int, store string) (StoreXref, error) {
	if s, ok := x[store]; ok {
		return s, nil
	}
	return StoreXref{}, fmt.Errorf("store %s: %w", store, ErrLinkNotFound)
}

func TestStoreSearchWindow(t *testing.T) {
	sold := Address{Address1: "1 Main St", City: "Boston", Province: "MA", Postal: "02110"}
	// BRK-255: defaults from the sold-to; country from B17 when the customer has none; radius from I40.
	q := NewStoreSearch(sold, nil, "US", 25)
	assert.Equal(t, StoreSearch{Postal: "02110", Address: "1 Main St", City: "Boston", State: "MA", Country: "US", WithinOf: 25}, q)
	require.NoError(t, q.Validate())
	// BRK-255: the last search for the same customer wins.
	last := StoreSearch{Postal: "10001", Country: "US", WithinOf: 5}
	assert.Equal(t, last, NewStoreSearch(sold, &last, "US", 25))
	// BRK-255: postal code or city and state; country and radius required.
	err := StoreSearch{City: "Boston"}.Validate()
	require.ErrorIs(t, err, ErrStorePickup)
	assert.Contains(t, err.Error(), "postal code, or city and state, required")
	assert.Contains(t, err.Error(), "country required")
	assert.Contains(t, err.Error(), "search within required")
	assert.NoError(t, StoreSearch{City: "Boston", State: "MA", Country: "US", WithinOf: 5}.Validate())
	assert.Contains(t, StoreSearch{Postal: strings.Repeat("9", 11), Country: "US", WithinOf: 5}.Validate().Error(), "longer than 10")
	// BRK-256: U.S. and Canada only.
	assert.NoError(t, StoreSearch{Postal: "M5V", Country: "CA", WithinOf: 5}.Validate())
	err = StoreSearch{Postal: "75001", Country: "FR", WithinOf: 5}.Validate()
	var spe *StorePickupError
	require.ErrorAs(t, err, &spe)
	assert.Equal(t, "BRK-256", spe.Rule)
}

func TestSearchStores(t *testing.T) {
	q := StoreSearch{Postal: "02110", Country: "US", WithinOf: 25}
	lines := []StoreSearchLine{{ItemID: "A1", Qty: 2, OROBEligible: true}, {ItemID: "B2", Qty: 1, OROBEligible: true}}
	xref := xrefFake{"7": {Store: "7"}}

	t.Run("BRK-257 BRK-258 BRK-259", func(t *testing.T) {
		ctrl := gomock.NewController(t)
		loc := NewMockStoreLocator(ctrl)
		// BRK-257: LocateItems carries the order's items, the customer's location and the radius.
		loc.EXPECT().LocateItems(gomock.Any(), LocateItemsRequest{Items: []LocateItem{{"A1", 2}, {"B2", 1}}, Search: q}).
			Return(LocateItemsResponse{Stores: []LocatedStore{
				{Store: "7", Name: strings.Repeat("N", 40), Phone: "617-555-0100 x12", Distance: dec("3.456")},
				{Store: "8", Name: "NO WSCR"},
			}}, nil)
		got, err := SearchStores(context.Background(), loc, xref, 6, q, lines, false)
		require.NoError(t, err)
		// BRK-258: only stores with a WSCR record are listed.
		require.Len(t, got, 1)
		assert.Equal(t, "7", got[0].Store)
		// BRK-259: name 35, phone 14, distance 7.2.
		assert.Len(t, got[0].Name, 35)
		assert.Equal(t, "617-555-0100 x", got[0].Phone)
		assert.True(t, got[0].Distance.Equal(dec("3.46")))
	})

	t.Run("BRK-262 single-item locator needs no WSCR", func(t *testing.T) {
		ctrl := gomock.NewController(t)
		loc := NewMockStoreLocator(ctrl)
		loc.EXPECT().LocateItems(gomock.Any(), gomock.Any()).Return(LocateItemsResponse{Stores: []LocatedStore{{Store: "7"}, {Store: "8"}}}, nil)
		got, err := SearchStores(context.Background(), loc, xref, 6, q, lines[:1], true)
		require.NoError(t, err)
		assert.Len(t, got, 2)
	})

	t.Run("BRK-261 errors", func(t *testing.T) {
		ctrl := gomock.NewController(t)
		loc := NewMockStoreLocator(ctrl)
		_, err := SearchStores(context.Background(), loc, xref, 6, q, []StoreSearchLine{{ItemID: "A1", OROBEligible: true}, {ItemID: "X9"}, {ItemID: "X8"}}, false)
		assert.ErrorContains(t, err, "Item X9 is not eligible for store pickup")
		loc.EXPECT().LocateItems(gomock.Any(), gomock.Any()).Return(LocateItemsResponse{ItemNotFound: true}, nil)
		_, err = SearchStores(context.Background(), loc, xref, 6, q, lines, false)
		assert.ErrorContains(t, err, "One or more pickup item(s) is not eligible for Store Pickup")
		loc.EXPECT().LocateItems(gomock.Any(), gomock.Any()).Return(LocateItemsResponse{LocationUnknown: true}, nil)
		_, err = SearchStores(context.Background(), loc, xref, 6, q, lines, false)
		assert.ErrorContains(t, err, "Cannot identify customer location")
		loc.EXPECT().LocateItems(gomock.Any(), gomock.Any()).Return(LocateItemsResponse{}, fmt.Errorf("dial: %w", ErrUnavailable))
		_, err = SearchStores(context.Background(), loc, xref, 6, q, lines, false)
		assert.ErrorContains(t, err, "No Response or Web Service Failure")
		assert.ErrorIs(t, err, ErrUnavailable)
		assert.ErrorIs(t, err, ErrStorePickup)
		_, err = SearchStores(context.Background(), loc, xref, 6, StoreSearch{}, lines, false)
		assert.ErrorIs(t, err, ErrStorePickup)
	})

	t.Run("BRK-259 distance .00 is always within", func(t *testing.T) {
		assert.True(t, WithinRadius(LocatedStore{Distance: dec("0")}, 5))
		assert.True(t, WithinRadius(LocatedStore{Distance: dec("4.99")}, 5))
		assert.False(t, WithinRadius(LocatedStore{Distance: dec("5.01")}, 5))
	})
}
