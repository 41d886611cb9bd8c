// Package threadcpu reads the CPU time of the calling OS thread, for
// benchmarks that pair an operation with its baseline on one locked thread
// (runtime.LockOSThread) and want the time each spent on the CPU, not the
// wall time a loaded machine stretches. Where the thread's CPU clock is not
// at hand (outside Linux) Now is wall time.
package threadcpu
