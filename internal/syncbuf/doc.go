// Package syncbuf is a bytes.Buffer that goroutines may write to at once:
// tests collect a program's logs in it while the program runs.
package syncbuf
