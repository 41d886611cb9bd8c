package threadcpu

import (
	"syscall"
	"time"
	"unsafe"
)

// Now is the CPU time the calling thread has used
// (CLOCK_THREAD_CPUTIME_ID); only differences between two readings on the
// same thread mean anything.
func Now() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	if _, _, errno := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return time.Duration(time.Now().UnixNano()) // not reached on Linux
	}
	return time.Duration(ts.Nano())
}
