package customer

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files under testdata/")

// explanationCases are the selection cases whose explanations are pinned:
// every step table case, plus the outcomes the table leaves out (nothing
// matches anywhere, a ghost followed, phones that match nobody or nobody by
// name, a prospect without name matches, a customer created).
func explanationCases() []stepCase {
	cs := stepCases()
	ghost := with(matching(600), func(c *SoldTo) { c.Ghost, c.MergedInto = true, 610 })
	return append(cs,
		stepCase{name: "ghost followed", customers: []SoldTo{ghost, other(610)}, req: req(nil)},
		stepCase{name: "create", customers: []SoldTo{other(100)}, req: Request{Name: Name{First: "Ann", Last: "Lee"}, Address: Address{Line1: "9 Pine Rd", Zip: "01720"}}},
		stepCase{name: "alt id and phones match nobody", customers: []SoldTo{other(100)}, settings: i20Y,
			req: req(func(r *Request) {
				r.AltSoldToID = "nobody"
				r.Phones.Evening = eve1
				r.Phones.Day = day1
				r.CustomerNumber = "77"
			})},
		stepCase{name: "phones match others only", customers: []SoldTo{with(other(130), eve(eve1)), with(other(140), eve(eve1)), with(other(150), day(day1)), with(other(160), day(day1))},
			settings: i20Y, req: req(func(r *Request) { r.Phones.Evening = eve1; r.Phones.Day = day1 })},
		stepCase{name: "prospect matches nobody", customers: []SoldTo{matching(240)}, prospects: []Prospect{prospect77},
			req: Request{ProspectID: "77", Name: Name{Last: "SOMEONE"}, Address: Address{Line1: "1 MAIN ST"}}},
		stepCase{name: "no name or address", customers: []SoldTo{other(100)}, req: Request{CustomerNumber: "100"}},
		stepCase{name: "blank key", customers: []SoldTo{other(100)}, req: Request{Phones: Phones{Day: day1}}, settings: i20Y},
	)
}

// explain writes the answer of a selection and its explanation: the step,
// the chosen and final customer, the reason and every step of the trace.
func explain(b *strings.Builder, sel Selection, err error) {
	if err != nil {
		fmt.Fprintf(b, "  error: %v\n", err)
		return
	}
	fmt.Fprintf(b, "  step %s, chosen %s, customer %s, create %v, ghost chain %v\n", sel.Step, sel.Chosen, sel.Number(), sel.Create, sel.GhostChain)
	fmt.Fprintf(b, "  reason: %s\n", sel.Reason())
	for _, t := range sel.Trace() {
		fmt.Fprintf(b, "  trace %s ran=%v candidates=%#v: %s\n", t.Step, t.Ran, t.Candidates, t.Reason)
	}
}

// CUS-001: the answers of sold-to selection and its explanations (the
// reason and the trace of every step) are those pinned in
// testdata/selection.golden, which the selection before issue 16 (reasons
// and trace built eagerly on every call) wrote; run with -update to rewrite
// it deliberately.
func TestSelectSoldTo_CUS001_ExplanationsOnRequest(t *testing.T) {
	const golden = "testdata/selection.golden"
	for _, numberFinder := range []bool{false, true} {
		var b strings.Builder
		for _, tc := range explanationCases() {
			fake := newFake(tc.customers...)
			for _, p := range tc.prospects {
				fake.prospects[p.ID] = p
			}
			var f Finder = fake
			if numberFinder {
				f = numberFake{fake}
			}
			sel, err := SelectSoldTo(context.Background(), f, tc.req, tc.settings)
			fmt.Fprintf(&b, "%s\n", tc.name)
			explain(&b, sel, err)
		}
		if *updateGolden && !numberFinder {
			require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		assert.Equal(t, string(want), b.String(), "CUS-001: the same answers and explanations (NumberFinder %v)", numberFinder)
	}
}
