package threadcpu

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNowCountsTheThreadsWork(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0 := Now()
	x := 0
	for i := range 20_000_000 {
		x += i % 7
	}
	t1 := Now()
	assert.NotZero(t, x)
	assert.Greater(t, t1, t0, "work on the thread moves its clock")
}
