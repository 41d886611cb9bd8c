package simrun

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// DefaultSeeds is how many seeds a simulation runs unless OMSKIT_SIM_SEEDS
// says otherwise.
const DefaultSeeds = 300

// Seeds returns the number in OMSKIT_SIM_SEEDS, or DefaultSeeds.
func Seeds(t testing.TB) int { return SeedsOr(t, DefaultSeeds) }

// SeedsOr returns the number in OMSKIT_SIM_SEEDS, or def: a simulation
// that must run more seeds than DefaultSeeds by default says how many.
func SeedsOr(t testing.TB, def int) int {
	v := os.Getenv("OMSKIT_SIM_SEEDS")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("OMSKIT_SIM_SEEDS=%q: want a positive number", v)
	}
	return n
}

// Replay is the command that runs one seed of the simulation test named
// test in package pkg alone.
func Replay(pkg, test string, seed uint64) string {
	return fmt.Sprintf("go test %s -run '%s/seed=%d$' -count=1 -v", pkg, test, seed)
}

// replayLine is the replay command RunSeeds logs: with OMSKIT_SIM_SEEDS
// set (env), the seed may be past the simulation's default count, so the
// command sets it to the seed.
func replayLine(pkg, test string, seed uint64, env string) string {
	if env == "" {
		return Replay(pkg, test, seed)
	}
	return fmt.Sprintf("OMSKIT_SIM_SEEDS=%d %s", seed, Replay(pkg, test, seed))
}

// Run runs sim for the seeds 1 to Seeds, each as a parallel subtest named
// "seed=N". sim appends what it does to *trace; when a seed fails, Run logs
// the command that replays it (see Replay; pkg is the package's path as
// go test takes it, e.g. "./customer/sync") and the trace.
func Run(t *testing.T, pkg string, sim func(t *testing.T, seed uint64, trace *[]string)) {
	RunSeeds(t, pkg, Seeds(t), sim)
}

// RunSeeds is Run for the seeds 1 to n.
func RunSeeds(t *testing.T, pkg string, n int, sim func(t *testing.T, seed uint64, trace *[]string)) {
	name := t.Name()
	for seed := uint64(1); seed <= uint64(n); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			var trace []string
			defer func() {
				if t.Failed() {
					t.Logf("replay: %s\n%s", replayLine(pkg, name, seed, os.Getenv("OMSKIT_SIM_SEEDS")), strings.Join(trace, "\n"))
				}
			}()
			sim(t, seed, &trace)
		})
	}
}

// UUID mints a version 4 UUID from r, so that a seed replays the same ids
// (and stores that order records by id order them the same way).
func UUID(r *rand.Rand) [16]byte {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return b
}
