// Package examples holds runnable programs a new user starts from. Each
// subdirectory is a main package: examples/quickstart is the README's first
// command and runs with nothing installed but Go.
package examples
