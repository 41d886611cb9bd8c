package memory

import (
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/internal/threadcpu"
)

// benchCustomer is customer i of the benchmark population: a distinct name
// and address, so each lookup has one match.
func benchCustomer(i int) customer.SoldTo {
	s := strconv.Itoa(i)
	return customer.SoldTo{Number: customer.Number(i),
		Name:    customer.Name{First: "FIRST" + s, Last: "LAST" + s},
		Address: customer.Address{Line1: s + " MAIN ST", City: "ACTON", Zip: "01720"}}
}

type benchPopulation struct {
	store *CustomerStore
	bare  map[customer.MatchKey][]customer.Number
	reqs  []customer.Request
	keys  []customer.MatchKey
}

var (
	populations   = map[int]*benchPopulation{}
	populationsMu sync.Mutex
)

// population builds (once per size) n customers in a CustomerStore and, as
// the baseline, a bare map from the same match key to customer numbers.
func population(n int) *benchPopulation {
	populationsMu.Lock()
	defer populationsMu.Unlock()
	if p, ok := populations[n]; ok {
		return p
	}
	rules := customer.DefaultMatchRules
	p := &benchPopulation{store: NewCustomerStore(rules), bare: make(map[customer.MatchKey][]customer.Number, n)}
	for i := 1; i <= n; i++ {
		c := benchCustomer(i)
		if err := p.store.PutSoldTo(c); err != nil {
			panic(err) // benchmark setup only; PutSoldTo fails only for number 0
		}
		k := rules.KeyOf(c)
		p.bare[k] = append(p.bare[k], c.Number)
	}
	// 1024 customers spread over the population, looked up in turn; the
	// requests are mixed case, as messages are.
	for j := range 1024 {
		i := 1 + (j*7919)%n
		c := benchCustomer(i)
		p.reqs = append(p.reqs, customer.Request{
			Name:    customer.Name{First: "First" + strconv.Itoa(i), Last: "Last" + strconv.Itoa(i)},
			Address: customer.Address{Line1: strconv.Itoa(i) + " Main St.", City: "Acton", Zip: "01720"}})
		p.keys = append(p.keys, rules.KeyOf(c))
	}
	return p
}

// BenchmarkSoldToSelection measures a full sold-to selection (steps 1 to 6,
// the match found at step 6 through the store's match-key index) over 100k
// and 1M customers, against two baselines measured in the same run:
//
//   - BareMapLookup: a lookup of the precomputed key in a plain map;
//   - KeyAndMapLookup: computing the F70 key from the request (in a
//     customer.KeyBuf, without allocating), then the same lookup; the
//     least work any implementation must do.
//
// Read the result as the ratio SelectSoldTo / baseline at each size; the
// goal is at most 3× and flat as the count grows.
func BenchmarkSoldToSelection(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		name := "customers=" + strconv.Itoa(n/1000) + "k"
		b.Run(name+"/BareMapLookup", func(b *testing.B) {
			p := population(n)
			hits := 0
			for i := 0; b.Loop(); i++ {
				hits += len(p.bare[p.keys[i%len(p.keys)]])
			}
			if hits == 0 {
				b.Fatal("no hits")
			}
		})
		b.Run(name+"/KeyAndMapLookup", func(b *testing.B) {
			p := population(n)
			rules := customer.DefaultMatchRules
			hits := 0
			for i := 0; b.Loop(); i++ {
				r := p.reqs[i%len(p.reqs)]
				k, _ := rules.KeyBuf(r.Name, r.Address)
				hits += len(p.bare[customer.MatchKey(k.Bytes())])
			}
			if hits == 0 {
				b.Fatal("no hits")
			}
		})
		b.Run(name+"/SelectSoldTo", func(b *testing.B) {
			p := population(n)
			s := customer.Settings{}
			for i := 0; b.Loop(); i++ {
				sel, err := customer.SelectSoldTo(ctx, p.store, p.reqs[i%len(p.reqs)], s)
				if err != nil || sel.Step != customer.StepNameAddressOne {
					b.Fatalf("selection: %v %v", sel.Step, err)
				}
			}
		})
		// Paired runs the baseline and the selection alternately, in batches
		// of 256, so both see the same machine, and reports each one's time
		// per operation and their ratio. The time is the CPU time of the
		// benchmark's thread (CLOCK_THREAD_CPUTIME_ID), so that other work
		// on a shared machine, which preempts the thread, does not count.
		b.Run(name+"/Paired", func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			p := population(n)
			rules := customer.DefaultMatchRules
			s := customer.Settings{}
			const batch = 256
			var bare, keyed, sel time.Duration
			ops, hits := 0, 0
			b.ReportAllocs()
			for b.Loop() {
				t0 := threadcpu.Now()
				for j := range batch {
					hits += len(p.bare[p.keys[(ops+j)%len(p.keys)]])
				}
				t1 := threadcpu.Now()
				for j := range batch {
					r := p.reqs[(ops+j)%len(p.reqs)]
					k, _ := rules.KeyBuf(r.Name, r.Address)
					hits += len(p.bare[customer.MatchKey(k.Bytes())])
				}
				t2 := threadcpu.Now()
				for j := range batch {
					res, err := customer.SelectSoldTo(ctx, p.store, p.reqs[(ops+j)%len(p.reqs)], s)
					if err != nil || res.Step != customer.StepNameAddressOne {
						b.Fatalf("selection: %v %v", res.Step, err)
					}
				}
				t3 := threadcpu.Now()
				bare, keyed, sel = bare+t1-t0, keyed+t2-t1, sel+t3-t2
				ops += batch
			}
			if hits == 0 {
				b.Fatal("no hits")
			}
			b.ReportMetric(float64(bare.Nanoseconds())/float64(ops), "bare-ns/op")
			b.ReportMetric(float64(keyed.Nanoseconds())/float64(ops), "key+map-ns/op")
			b.ReportMetric(float64(sel.Nanoseconds())/float64(ops), "select-ns/op")
			b.ReportMetric(float64(sel)/float64(bare), "x-bare")
			b.ReportMetric(float64(sel)/float64(keyed), "x-key+map")
		})
	}
}
