package simrun

import (
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
