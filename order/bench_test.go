package order_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// benchMsg is a minimal CWORDERIN shape for the benchmark: the wire structs
// belong to xmlmsg, so the benchmark decodes with its own to stay a domain
// test.
type benchMsg struct {
	Header struct {
		OrderNumber  string `xml:"order_number,attr"`
		ResponseType string `xml:"response_type,attr"`
		PayIncl      string `xml:"pay_incl,attr"`
		Payments     []struct {
			Seq     int    `xml:"payment_seq_number,attr"`
			PayType string `xml:"payment_type,attr"`
		} `xml:"Payments>Payment"`
		ShipTos []struct {
			Type  string `xml:"ship_to_type,attr"`
			Items []struct {
				ItemID string `xml:"item_id,attr"`
				Qty    int    `xml:"quantity,attr"`
				Price  string `xml:"actual_price,attr"`
			} `xml:"Items>Item"`
		} `xml:"ShipTos>ShipTo"`
	} `xml:"Header"`
}

func benchXML(lines int) []byte {
	var b bytes.Buffer
	b.WriteString(`<Message source="IDC" target="RDC" type="CWORDERIN"><Header order_number="BENCH" response_type="D" pay_incl="Y">`)
	b.WriteString(`<Payments><Payment payment_seq_number="1" payment_type="CK"/></Payments><ShipTos><ShipTo ship_to_type="1"><Items>`)
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&b, `<Item item_id="ITEM%d" quantity="1" actual_price="9.99"/>`, i%5)
	}
	b.WriteString(`</Items></ShipTo></ShipTos></Header></Message>`)
	return b.Bytes()
}

func toOrder(m *benchMsg, num string) (order.Order, error) {
	o := order.Order{OrderNumber: num, ResponseType: order.ResponseType(m.Header.ResponseType), PayIncluded: m.Header.PayIncl == "Y"}
	for _, p := range m.Header.Payments {
		o.Payments = append(o.Payments, order.Payment{Seq: p.Seq, PayType: p.PayType})
	}
	for _, s := range m.Header.ShipTos {
		st := order.ShipTo{Type: s.Type}
		for i, it := range s.Items {
			price, err := decimal.NewFromString(it.Price)
			if err != nil {
				return o, err
			}
			st.Lines = append(st.Lines, order.Line{Seq: i + 1, ItemID: it.ItemID, Quantity: it.Qty, Price: price})
		}
		o.ShipTos = append(o.ShipTos, st)
	}
	return o, nil
}

func benchDeps() order.Deps {
	st := memory.NewOrderStore()
	cat := memory.NewOrderCatalog()
	for i := 0; i < 5; i++ {
		cat.AddItem(order.Item{Number: "ITEM" + strconv.Itoa(i)})
	}
	cat.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	return order.Deps{Store: st, Items: cat, Reps: st, PayTypes: cat, Settings: order.Settings{ErrorBatch: "41", PerformEditInteractively: true}}
}

// BenchmarkIntake measures CWORDERIN bytes -> decoded -> validated order
// persisted in the memory store, against a same-run baseline of the raw
// encoding/xml decode of the same bytes, and reports the ratio and the
// orders per second.
func BenchmarkIntake(b *testing.B) {
	for _, lines := range []int{1, 10, 100} {
		data := benchXML(lines)
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			// Each iteration times the baseline (the raw encoding/xml decode
			// of the same bytes) and then the full path, back to back, so
			// that load on a shared machine hits both alike.
			ctx := context.Background()
			deps := benchDeps()
			var baseNs, fullNs int64
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if i%5000 == 4999 { // keep the store small
					deps = benchDeps()
				}
				t0 := time.Now()
				var raw benchMsg
				if err := xml.Unmarshal(data, &raw); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				var m benchMsg
				if err := xml.Unmarshal(data, &m); err != nil {
					b.Fatal(err)
				}
				o, err := toOrder(&m, "B"+strconv.Itoa(i))
				if err != nil {
					b.Fatal(err)
				}
				res, err := order.Intake(ctx, deps, order.Input{Order: o, Payload: data})
				if err != nil || res.Order.Status != order.StatusOpen {
					b.Fatalf("intake: %v %v %v", err, res.Order.Status, res.Errors)
				}
				t2 := time.Now()
				baseNs += t1.Sub(t0).Nanoseconds()
				fullNs += t2.Sub(t1).Nanoseconds()
			}
			b.ReportMetric(float64(fullNs)/float64(b.N), "ns/intake")
			b.ReportMetric(float64(baseNs)/float64(b.N), "ns/baseline")
			b.ReportMetric(float64(fullNs)/float64(baseNs), "x-baseline")
			b.ReportMetric(1e9*float64(b.N)/float64(fullNs), "orders/s")
		})
	}
}

// BenchmarkIntakeAllocs measures the bytes and allocations of one order
// intake alone (no decoding; the message bytes are passed as the transports
// pass them, for the replay check's hash): a one-line order whose sold-to
// the customer rules choose (a known customer, step 6) or create (step 7)
// in the memory customer store, committed to the memory order store. Run
// with -benchmem; B/op and allocs/op are the figures. The baseline is
// Order.Clone of the same order, the least copy any store makes on commit.
func BenchmarkIntakeAllocs(b *testing.B) {
	ctx := context.Background()
	const epoch = 4096 // orders per store: the stores start again after
	template := order.Order{CompanyCode: "6", ResponseType: order.ResponseDetailed, PayIncluded: true,
		SoldTo:   order.SoldTo{FirstName: "ANN", Address1: "1 MAIN ST", City: "ACTON", Zip: "01720"},
		Payments: []order.Payment{{Seq: 1, PayType: "CK", Amount: decimal.RequireFromString("9.99")}},
		ShipTos:  []order.ShipTo{{Type: "1", Lines: []order.Line{{Seq: 1, ItemID: "ITEM1", Quantity: 1, Price: decimal.RequireFromString("9.99")}}}}}
	payload := benchXML(1)
	for _, known := range []bool{true, false} {
		name := "customer=new"
		if known {
			name = "customer=known"
		}
		inputs := make([]order.Input, epoch)
		for i := range inputs {
			o := template
			o.OrderNumber = "B" + strconv.Itoa(i)
			o.SoldTo.LastName = "KNOWN"
			if !known {
				o.SoldTo.LastName = "NEW" + strconv.Itoa(i)
			}
			inputs[i] = order.Input{Order: o, Payload: append(append([]byte(nil), payload...), o.OrderNumber...)}
		}
		b.Run(name+"/baseline-clone", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = template.Clone()
			}
		})
		b.Run(name+"/intake", func(b *testing.B) {
			fresh := func() order.Deps {
				deps := benchDeps()
				deps.SoldTo = order.CustomerSelector{Store: memory.NewCustomerStore(customer.DefaultMatchRules)}
				warm := template
				warm.OrderNumber, warm.SoldTo.LastName = "WARM", "KNOWN"
				if _, err := order.Intake(ctx, deps, order.Input{Order: warm}); err != nil {
					b.Fatal(err)
				}
				return deps
			}
			deps := fresh()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if i%epoch == 0 && i > 0 {
					b.StopTimer()
					deps = fresh()
					b.StartTimer()
				}
				res, err := order.Intake(ctx, deps, inputs[i%epoch])
				if err != nil || res.Order.Status != order.StatusOpen || res.SoldTo.Created == known {
					b.Fatalf("intake: %v %v %v", err, res.Order.Status, res.Errors)
				}
			}
		})
	}
}
