package intakesetup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// CatalogFile is the JSON form of the intake's set-up (-catalog): the items
// order lines name, the pay types payments name, the credit card vendor
// response file, coupons and preferred ship vias by SCF. Unknown keys are
// refused, so a typo does not silently drop part of the set-up.
type CatalogFile struct {
	Items             []catalogItem           `json:"items"`
	PayTypes          []catalogPayType        `json:"pay_types"`
	VendorResponses   []catalogVendorResponse `json:"vendor_responses"`
	Coupons           []string                `json:"coupons"`
	PreferredShipVias map[string]string       `json:"preferred_ship_vias"`
}

// catalogItem is one item of the catalog file.
type catalogItem struct {
	Number      string   `json:"number"`
	SKU         string   `json:"sku"`
	Description string   `json:"description"`
	Warehouses  []string `json:"warehouses"`
	Locations   []string `json:"locations"`
}

// catalogPayType is one pay type of the catalog file.
type catalogPayType struct {
	Code            string `json:"code"`
	Kind            string `json:"kind"` // CC, CK, CA, CP, BML or OT
	CardType        string `json:"card_type"`
	Service         string `json:"service"`
	UseTokenization bool   `json:"use_tokenization"`
}

// catalogVendorResponse is one credit card vendor response of the catalog file.
type catalogVendorResponse struct {
	Service    string `json:"service"`
	Code       string `json:"code"`
	HoldReason string `json:"hold_reason"`
}

// ErrCatalog marks a catalog file the program cannot use.
var ErrCatalog = errors.New("catalog")

// DemoCatalog is the set-up used without -catalog: the items SKU00001 to
// SKU00300 in warehouses 10 and 90, credit card pay type 4 (service SVC, AVS
// Y and CID M known without hold), check CK and cash CA. It is what the
// bundled CWORDERIN samples (xmlmsg/testdata/cworderin) need.
func DemoCatalog() CatalogFile {
	c := CatalogFile{
		PayTypes: []catalogPayType{
			{Code: "4", Kind: string(order.PayCreditCard), CardType: "C", Service: "SVC"},
			{Code: "CK", Kind: string(order.PayCheck)},
			{Code: "CA", Kind: string(order.PayCash)},
		},
		VendorResponses: []catalogVendorResponse{{Service: "SVC", Code: "Y"}, {Service: "SVC", Code: "M"}},
	}
	for i := 1; i <= 300; i++ {
		c.Items = append(c.Items, catalogItem{Number: fmt.Sprintf("SKU%05d", i), Warehouses: []string{"10", "90"}})
	}
	return c
}

// ReadCatalogFile reads and checks a -catalog file; a cancelled ctx stops
// it before the read.
func ReadCatalogFile(ctx context.Context, path string) (CatalogFile, error) {
	if err := ctx.Err(); err != nil {
		return CatalogFile{}, fmt.Errorf("%w file %s: %w", ErrCatalog, path, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return CatalogFile{}, fmt.Errorf("%w file %s: %w", ErrCatalog, path, err)
	}
	c, err := ParseCatalog(data)
	if err != nil {
		return CatalogFile{}, fmt.Errorf("%w file %s: %w", ErrCatalog, path, err)
	}
	return c, nil
}

// ParseCatalog decodes one catalog JSON object and checks it: every item
// has a number, every pay type a code and a known kind, and nothing is
// listed twice.
func ParseCatalog(data []byte) (CatalogFile, error) {
	var c CatalogFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return CatalogFile{}, fmt.Errorf("%w: %w", ErrCatalog, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return CatalogFile{}, fmt.Errorf("%w: data after the JSON object", ErrCatalog)
	}
	var errs []error
	items := map[[2]string]bool{}
	for i, it := range c.Items {
		k := [2]string{it.Number, it.SKU}
		switch {
		case it.Number == "":
			errs = append(errs, fmt.Errorf("items[%d].number is blank", i))
		case items[k]:
			errs = append(errs, fmt.Errorf("items[%d]: item %q sku %q listed twice", i, it.Number, it.SKU))
		}
		items[k] = true
	}
	codes := map[string]bool{}
	for i, pt := range c.PayTypes {
		switch {
		case pt.Code == "":
			errs = append(errs, fmt.Errorf("pay_types[%d].code is blank", i))
		case codes[pt.Code]:
			errs = append(errs, fmt.Errorf("pay_types[%d]: code %q listed twice", i, pt.Code))
		}
		codes[pt.Code] = true
		switch order.PayKind(pt.Kind) {
		case order.PayCreditCard, order.PayCheck, order.PayCash, order.PayCoupon, order.PayBillMeLater, order.PayOther:
		default:
			errs = append(errs, fmt.Errorf("pay_types[%d].kind %q: want CC, CK, CA, CP, BML or OT", i, pt.Kind))
		}
	}
	for i, vr := range c.VendorResponses {
		if vr.Service == "" || vr.Code == "" {
			errs = append(errs, fmt.Errorf("vendor_responses[%d]: service %q and code %q must both be set", i, vr.Service, vr.Code))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return CatalogFile{}, fmt.Errorf("%w: %w", ErrCatalog, err)
	}
	return c, nil
}

// Build loads c into a memory catalog.
func (c CatalogFile) Build() *memory.OrderCatalog {
	cat := memory.NewOrderCatalog()
	for _, it := range c.Items {
		cat.AddItem(order.Item{Number: it.Number, SKU: it.SKU, Description: it.Description,
			Warehouses: it.Warehouses, Locations: it.Locations})
	}
	for _, pt := range c.PayTypes {
		cat.AddPayType(order.PayType{Code: pt.Code, Kind: order.PayKind(pt.Kind), CardType: pt.CardType,
			Service: pt.Service, UseTokenization: pt.UseTokenization})
	}
	for _, vr := range c.VendorResponses {
		cat.AddVendorResponse(vr.Service, vr.Code, vr.HoldReason)
	}
	for _, cp := range c.Coupons {
		cat.AddCoupon(cp)
	}
	for scf, via := range c.PreferredShipVias {
		cat.SetPreferredShipVia(scf, via)
	}
	return cat
}
