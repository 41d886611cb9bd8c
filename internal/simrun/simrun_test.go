package simrun

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSeedsAndReplay(t *testing.T) {
	t.Setenv("OMSKIT_SIM_SEEDS", "3")
	assert.Equal(t, 3, Seeds(t))
	var mu sync.Mutex
	var seen []uint64
	t.Run("sim", func(t *testing.T) {
		Run(t, "./x", func(t *testing.T, seed uint64, trace *[]string) {
			*trace = append(*trace, "step")
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, seed)
		})
	})
	assert.ElementsMatch(t, []uint64{1, 2, 3}, seen)
	assert.Equal(t, "go test ./x -run 'TestSimulation/seed=7$' -count=1 -v", Replay("./x", "TestSimulation", 7))
}

// TestReplayBeyondTheDefaultSeeds: a seed found with OMSKIT_SIM_SEEDS
// (maybe past the simulation's default count) replays with the variable
// set to it.
func TestReplayBeyondTheDefaultSeeds(t *testing.T) {
	assert.Equal(t, "go test ./x -run 'TestSimulation/seed=7$' -count=1 -v", replayLine("./x", "TestSimulation", 7, ""))
	assert.Equal(t, "OMSKIT_SIM_SEEDS=1988 go test ./x -run 'TestSimulation/seed=1988$' -count=1 -v", replayLine("./x", "TestSimulation", 1988, "3000"),
		"seed 1988 exists only when at least 1988 seeds run")
}

func TestUUIDReplaysFromTheSeed(t *testing.T) {
	a, b := UUID(rand.New(rand.NewPCG(7, 1))), UUID(rand.New(rand.NewPCG(7, 1)))
	assert.Equal(t, a, b, "the same seed mints the same id")
	assert.Equal(t, byte(4), a[6]>>4, "version 4")
	assert.Equal(t, byte(2), a[8]>>6, "RFC 4122 variant")
	assert.NotEqual(t, a, UUID(rand.New(rand.NewPCG(8, 1))), "another seed, another id")
}
