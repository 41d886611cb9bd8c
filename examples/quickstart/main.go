// Command quickstart is the first program a new omskit user runs:
//
//	go run ./examples/quickstart
//
// First it decodes and validates two bundled messages — a CWORDERIN order as a web
// storefront sends it to the order API, and an Order Broker SubmitOrder as OMS
// sends it to fill a backorder — and prints what it found: the customer, the
// ship-to, the lines and the payment (card masked) of the order, and the
// customer, requesting location and brokered lines of the SubmitOrder. It
// then shows what a bad message looks like: a typed error naming the field,
// the value and the rule.
//
// Then it runs the full intake on an embedded SQLite database, with the
// bundled settings (data/settings.json, system control values): three
// orders — a new customer, the same customer again, and an order with an
// unknown item — each printed with the customer chosen and the rule step
// that chose it, the errors that hold it, and the CWORDEROUT it answers;
// each is sent twice to show that intake is idempotent. The database is
// omskit.db in a temporary folder that is deleted when the program ends (it
// prints the path); -db FILE writes it to FILE instead and keeps it, so you
// can open it with any SQLite tool afterwards (run it again on the same file
// and the orders are replayed: the same answers, nothing written).
//
// Last it brokers a backordered line of a separate demo order, held in
// memory, against the in-process Order Broker simulator.
//
// Usage:
//
//	go run ./examples/quickstart [-db FILE]
//
// It needs nothing but Go, and exits non-zero if anything fails; -h prints
// the usage and exits 0.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/omskit/omskit/xmlmsg"
)

//go:embed data/*.xml data/settings.json
var data embed.FS

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	// db is the SQLite file the intake writes and keeps; blank means
	// omskit.db in a temporary folder deleted on exit.
	db string
}

// parseFlags reads the command line; usage and flag errors go to out.
func parseFlags(args []string, out io.Writer) (config, error) {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: quickstart [-db FILE]")
		fmt.Fprintln(out, "Decodes the bundled CWORDERIN and SubmitOrder, shows a refused message, takes three orders in on")
		fmt.Fprintln(out, "SQLite and brokers a backordered line against the in-process Order Broker simulator.")
		fs.PrintDefaults()
	}
	db := fs.String("db", "", "SQLite file the intake writes and keeps (default: omskit.db in a temporary folder deleted on exit)")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q: this program takes flags only", fs.Arg(0))
	}
	return config{db: *db}, nil
}

// run is the whole program: main only adds the exit status. -h prints the
// usage to stderr and returns nil.
func run(ctx context.Context, args []string, w, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := showOrder(ctx, w); err != nil {
		return err
	}
	if err := showSubmitOrder(ctx, w); err != nil {
		return err
	}
	if err := showBadInput(w); err != nil {
		return err
	}
	path, kept := cfg.db, cfg.db != ""
	if !kept {
		dir, cleanup, err := tempDir()
		if err != nil {
			return err
		}
		defer cleanup()
		path = filepath.Join(dir, "omskit.db")
	}
	if err := runIntake(ctx, w, path, kept); err != nil {
		return err
	}
	return runBroker(ctx, w)
}

// showOrder decodes the bundled CWORDERIN. The order API's number format
// depends on the release (implied decimals in CWDirect 18.0, explicit from
// CWSerenade 5.0): the version is a setting, never guessed.
func showOrder(ctx context.Context, w io.Writer) error {
	f, err := data.Open("data/cworderin.xml")
	if err != nil {
		return err
	}
	defer f.Close()
	msg, err := xmlmsg.ReadCWOrderIn(ctx, f, xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5})
	if err != nil {
		return fmt.Errorf("CWORDERIN: %w", err)
	}
	h := msg.Header
	fmt.Fprintf(w, "CWORDERIN order %s (company %d, channel %s, response %s)\n",
		h.OrderNumber, h.CompanyCode, h.OrderChannel, h.ResponseType)
	fmt.Fprintf(w, "  sold-to: %s %s, %s, %s %s %s, %s\n", h.SoldToFname, h.SoldToLname,
		h.SoldToAddress1, h.SoldToCity, h.SoldToState, h.SoldToZip, h.SoldToEmail)
	for i, st := range h.ShipTos {
		fmt.Fprintf(w, "  ship-to %d (type %v): %s %s, %s %s, via %s\n", i+1, st.ShipToType,
			st.ShipToFname, st.ShipToLname, st.ShipToAddress1, st.ShipToCity, st.ShippingMethod)
		for _, it := range st.Items {
			fmt.Fprintf(w, "    item %-10s qty %3d  price %s\n", it.ItemID, it.Quantity, it.ActualPrice.Decimal.StringFixed(2))
		}
	}
	for _, p := range h.Payments {
		fmt.Fprintf(w, "  payment %d: pay type %s, card %s, authorized %s\n",
			p.PaymentSeqNumber, p.PaymentType, p.CCNumber, p.AuthAmount.Decimal.StringFixed(2))
	}
	return nil
}

// showSubmitOrder decodes the Order Broker sample. item_id carries the item
// code padded so that the SKU starts at position 13.
func showSubmitOrder(ctx context.Context, w io.Writer) error {
	f, err := data.Open("data/submit_order.xml")
	if err != nil {
		return err
	}
	defer f.Close()
	so, err := xmlmsg.DecodeSubmitOrder(ctx, f, xmlmsg.OBOptions{})
	if err != nil {
		return fmt.Errorf("SubmitOrder: %w", err)
	}
	fmt.Fprintf(w, "SubmitOrder version %s from %s to %s\n", so.Header.Version, so.Header.Source, so.Header.Destination)
	for _, t := range so.Transactions {
		fmt.Fprintf(w, "  %s transaction %s (order %s), customer %s %s %s, from location %s/%s\n",
			t.TransactionTypeID, t.TransactionNo, t.OrderID, t.SoldTo.CustomerNo,
			t.SoldTo.Name.First, t.SoldTo.Name.Last, t.StoreLocation.SystemCd, t.StoreLocation.LocationCd)
		for _, d := range t.Details {
			sku := d.ItemID.SKU
			if sku == "" {
				sku = "(none)"
			}
			fmt.Fprintf(w, "    line %d: item %s, SKU %s, qty %d at %s\n",
				d.LineItemNo, d.ItemID.Item, sku, d.Qty, d.UnitPrice.StringFixed(2))
		}
	}
	return nil
}

// showBadInput shows the error a host gets for a broken message: every field
// error, with the card number masked.
func showBadInput(w io.Writer) error {
	bad := `<Message source="IDC" target="RDC" type="CWORDERIN"><Header order_number="web-1-with-a-reference-far-too-long" company_code="ABC" customer_number="12X" response_type="D">` +
		`<Payments><Payment payment_seq_number="1" payment_type="4" cc_number="4111111111111111" cc_exp_month="9"/></Payments>` +
		`</Header></Message>`
	_, err := xmlmsg.DecodeCWOrderIn([]byte(bad), xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5})
	var ve *xmlmsg.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("bad CWORDERIN: want a validation error, got %v", err)
	}
	fmt.Fprintf(w, "a bad CWORDERIN is refused with %d field error(s):\n", len(ve.Errors))
	for _, fe := range ve.Errors {
		fmt.Fprintf(w, "  %s\n", fe.Error())
	}
	if strings.Contains(err.Error(), "4111111111111111") {
		return errors.New("card number leaked into an error")
	}
	return nil
}
