package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/scv"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/sqlstore"
	"github.com/omskit/omskit/xmlmsg"
)

// intakeMessages are the bundled orders taken through the full intake: a
// new customer, the same customer again, and an order with an unknown item.
var intakeMessages = []string{"cworderin.xml", "cworderin_repeat_customer.xml", "cworderin_unknown_item.xml"}

// statusMeaning says what each order status letter the intake prints means
// (order.Status).
var statusMeaning = map[order.Status]string{
	order.StatusOpen:    "open: passed the edit and every hold check",
	order.StatusHeld:    "held: passed the edit but on hold",
	order.StatusPending: "pending: waits in a batch or for its payment",
	order.StatusError:   "in error: waits for correction",
}

// answerMeaning says what each CWORDEROUT kind letter means (the
// response_type the message asked for, order.ResponseType).
var answerMeaning = map[order.ResponseType]string{
	order.ResponseDetailed:           "detailed response",
	order.ResponseDetailedWithErrors: "detailed response with the order's errors",
	order.ResponseAcknowledgement:    "acknowledgement",
	order.ResponseNone:               "no response",
}

// runIntake opens the embedded SQLite database at path (kept says whether it
// stays after the program ends), loads the bundled settings, and takes each
// bundled CWORDERIN through the whole intake: customer selection (which
// customer, and why), the order edit, persistence, and the CWORDEROUT the
// message asked for. Each message is then sent again to show that intake is
// idempotent.
func runIntake(ctx context.Context, w io.Writer, path string, kept bool) error {
	f, err := data.Open("data/settings.json")
	if err != nil {
		return err
	}
	defer f.Close()
	set, err := scv.LoadJSON(f)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}

	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	custSettings := customer.SettingsFrom(set)
	customers, err := db.CustomerStore(ctx, custSettings.MatchRules())
	if err != nil {
		return err
	}
	orders := db.OrderStore()

	// The item and pay type files of a real OMS; here two demo items.
	catalog := memory.NewOrderCatalog()
	catalog.AddItem(order.Item{Number: "SKU00001", Description: "Canvas tote"})
	catalog.AddItem(order.Item{Number: "SKU00002", Description: "Enamel mug"})
	catalog.AddPayType(order.PayType{Code: "4", Kind: order.PayCreditCard, CardType: "C"})

	deps := order.Deps{
		Settings:     order.SettingsFrom(set),
		Store:        orders,
		OrderNumbers: orders,
		Items:        catalog,
		PayTypes:     catalog,
		SoldTo:       order.CustomerSelector{Store: customers, Settings: custSettings},
		Clock:        time.Now,
	}
	opts := xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5}
	fmt.Fprintf(w, "\nFull intake into SQLite: %s\n", path)
	if kept {
		fmt.Fprintln(w, "  (kept after the program ends: -db)")
	} else {
		fmt.Fprintln(w, "  (a temporary folder, deleted when the program ends; -db FILE writes the database to FILE and keeps it)")
	}
	fmt.Fprintln(w, "Each order gets an order number of ours (order 1, 2, ...) beside the sender's order_number, and a status:")
	fmt.Fprintln(w, "O open, H held, P pending (in a batch or waiting for its payment), E in error. It is answered with the")
	fmt.Fprintln(w, "CWORDEROUT its response_type asks for: D detailed, E detailed with errors, A acknowledgement, N none.")
	for _, name := range intakeMessages {
		msg, err := data.ReadFile("data/" + name)
		if err != nil {
			return err
		}
		x, err := xmlmsg.ProcessCWOrderIn(ctx, deps, msg, opts)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		res := x.Result
		fmt.Fprintf(w, "%s: order %d (%s) status %s (%s)\n", name, res.Order.Number, res.Order.OrderNumber, res.Order.Status, statusMeaning[res.Order.Status])
		fmt.Fprintf(w, "  customer %s, chosen by step %s: %s\n", res.SoldTo.CustomerNumber, res.SoldTo.Step, res.SoldTo.Reason)
		for _, e := range res.Errors {
			fmt.Fprintf(w, "  holds it: %s\n", e.Error())
		}
		if x.Reply.Sent() {
			fmt.Fprintf(w, "  answers %s (%s):\n%s", x.Reply.Kind, answerMeaning[order.ResponseType(x.Reply.Kind)], indent(string(x.Reply.Body)))
		}
		again, err := xmlmsg.ProcessCWOrderIn(ctx, deps, msg, opts)
		if err != nil {
			return fmt.Errorf("%s sent again: %w", name, err)
		}
		if !again.Result.Replayed || string(again.Reply.Body) != string(x.Reply.Body) {
			return fmt.Errorf("%s sent again: not replayed", name)
		}
		fmt.Fprintf(w, "  sent again: the same answer, nothing written\n")
	}
	return nil
}

func indent(s string) string {
	out := ""
	for _, line := range splitLines(s) {
		out += "    " + line + "\n"
	}
	return out
}

func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// tempDir makes the directory the quickstart's database lives in.
func tempDir() (string, func(), error) {
	dir, err := os.MkdirTemp("", "omskit-quickstart-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { _ = os.RemoveAll(dir) }, nil
}
