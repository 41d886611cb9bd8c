//go:build !linux

package xmlmsg

import "time"

// threadCPU is wall time where the thread's CPU clock is not at hand.
func threadCPU() time.Duration { return time.Duration(time.Now().UnixNano()) }
