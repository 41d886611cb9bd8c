package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pgtest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/sqlstore"
)

// bothDialects opens a fresh SQLite file and a fresh PostgreSQL schema.
func bothDialects(t *testing.T) map[string]func(t *testing.T) *sqlstore.DB {
	return map[string]func(t *testing.T) *sqlstore.DB{
		"sqlite": func(t *testing.T) *sqlstore.DB {
			db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "omskit.db"))
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			return db
		},
		"postgres": func(t *testing.T) *sqlstore.DB {
			db, err := sqlstore.OpenPostgres(context.Background(), pgtest.DSN(t))
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			return db
		},
	}
}

// Issue 17.15, ORD-082 E3: concurrent orders that each name a new sales rep
// by name get distinct rep numbers, and every rep stored under an order's
// number carries that order's rep name.
func TestConcurrentNewRepsGetDistinctNumbers(t *testing.T) {
	for name, open := range bothDialects(t) {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			r := newIntakeRig(t, db)
			reps := db.OrderStore()
			r.deps.Reps = reps
			const n = 16
			results := make([]order.Result, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				in := anIntake(fmt.Sprintf("REP%d", i), "ANN", fmt.Sprintf("REPCUST%d", i), false)
				in.Order.SalesRepName = fmt.Sprintf("REP NUMBER %d", i)
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					results[i], errs[i] = order.Intake(context.Background(), r.deps, in)
				}()
			}
			close(start)
			wg.Wait()
			seen := map[int]string{}
			for i := range n {
				require.NoError(t, errs[i])
				rep := results[i].Order.Rep
				require.NotNil(t, rep)
				assert.Equal(t, order.RepNewByName, results[i].RepOutcome, "ORD-082 E3: a rep is created")
				assert.NotContains(t, seen, rep.Number, "17.15: rep number %d handed to %q and %q", rep.Number, seen[rep.Number], rep.Name)
				seen[rep.Number] = rep.Name
				stored, ok, err := reps.RepByNumber(context.Background(), rep.Number)
				require.NoError(t, err)
				require.True(t, ok)
				assert.Equal(t, rep.Name, stored.Name, "17.15: the rep stored under the order's rep number is the order's rep")
			}
		})
	}
}

// claimChildEnv names the PostgreSQL DSN the child process of
// TestClaimBeforeCallingOut works on; set, the test is that child.
const claimChildEnv = "OMSKIT_TEST_CLAIM_CHILD_DSN"

// countingAuthorizer approves every authorization and counts them.
type countingAuthorizer struct{ calls atomic.Int64 }

func (a *countingAuthorizer) Authorize(context.Context, order.AuthRequest) (order.AuthResponse, error) {
	a.calls.Add(1)
	return order.AuthResponse{Kind: order.AuthResponseReceived, Approved: true, AuthCode: "OK", ResponseCode: "100"}, nil
}

// blockingTokenizer counts tokenizations; the first one signals entered
// and waits for release.
type blockingTokenizer struct {
	countingTokenizer
	entered, release chan struct{}
	once             sync.Once
}

func (b *blockingTokenizer) Tokenize(ctx context.Context, req order.TokenRequest) (string, error) {
	b.once.Do(func() {
		close(b.entered)
		<-b.release
	})
	return b.countingTokenizer.Tokenize(ctx, req)
}

// claimOrder is the card order both processes take in: tokenized, then
// authorized online.
func claimOrder() order.Input { return anIntake("CLAIM-1", "CARL", "CLAIMANT", true) }

// Issue 17.16: two intakes of one order number race in two processes, each
// with its own store on one PostgreSQL database. Process A claims the order
// number and is held inside its tokenization; process B, started then,
// must not call out: it waits for A's claim and replays A's result. Between
// them the card is tokenized once and authorized once.
func TestClaimBeforeCallingOut(t *testing.T) {
	if dsn := os.Getenv(claimChildEnv); dsn != "" {
		claimChild(t, dsn)
		return
	}
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db, err := sqlstore.OpenPostgres(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	r := newIntakeRig(t, db)
	tok := &blockingTokenizer{entered: make(chan struct{}), release: make(chan struct{})}
	auth := &countingAuthorizer{}
	r.deps.Tokenizer, r.deps.Authorizer = tok, auth
	r.deps.OnlineAuthEligible = func(*order.Order) bool { return true }

	var resA order.Result
	doneA := make(chan error, 1)
	go func() {
		var err error
		resA, err = order.Intake(ctx, r.deps, claimOrder())
		doneA <- err
	}()
	select {
	case <-tok.entered:
	case err := <-doneA:
		t.Fatalf("intake A ended before tokenizing: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("intake A never tokenized")
	}

	child := exec.Command(os.Args[0], "-test.run=^TestClaimBeforeCallingOut$", "-test.v")
	child.Env = append(os.Environ(), claimChildEnv+"="+dsn)
	out := make(chan []byte, 1)
	go func() {
		b, err := child.CombinedOutput()
		if err != nil {
			b = append(b, []byte("\nchild: "+err.Error())...)
		}
		out <- b
	}()
	// B either waits on A's claim (it is then still running after a while)
	// or, without the claim, runs through and calls out itself.
	var childOut []byte
	select {
	case childOut = <-out:
	case <-time.After(3 * time.Second):
	}
	close(tok.release)
	require.NoError(t, <-doneA)
	if childOut == nil {
		childOut = <-out
	}
	var tokB, authB int64
	var replayedB bool
	_, err = fmt.Sscanf(lineWith(string(childOut), "child:"), "child: tokenized=%d authorized=%d replayed=%t", &tokB, &authB, &replayedB)
	require.NoError(t, err, "child output:\n%s", childOut)

	assert.False(t, resA.Replayed)
	assert.True(t, replayedB, "B replays A's result")
	assert.Equal(t, int64(1), tok.calls.Load()+tokB, "17.16: the card is tokenized once")
	assert.Equal(t, int64(1), auth.calls.Load()+authB, "17.16: the card is authorized once")
}

// claimChild is process B of TestClaimBeforeCallingOut.
func claimChild(t *testing.T, dsn string) {
	ctx := context.Background()
	db, err := sqlstore.OpenPostgres(ctx, dsn)
	require.NoError(t, err)
	defer db.Close()
	r := newIntakeRig(t, db)
	auth := &countingAuthorizer{}
	r.deps.Authorizer = auth
	r.deps.OnlineAuthEligible = func(*order.Order) bool { return true }
	res, err := order.Intake(ctx, r.deps, claimOrder())
	require.NoError(t, err)
	fmt.Printf("child: tokenized=%d authorized=%d replayed=%t\n", r.tok.calls.Load(), auth.calls.Load(), res.Replayed)
}

// lineWith returns the first line of s that starts with prefix.
func lineWith(s, prefix string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}
