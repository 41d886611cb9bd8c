// Package skipnote makes skipped tests visible in plain `go test ./...`
// output: one line per group of skipped tests (PostgreSQL, RabbitMQ, the
// ../shared catalogs) and package, for example
//
//	skip	storage/sqlstore	OMSKIT_TEST_POSTGRES_DSN is not set: PostgreSQL tests skipped; …
//
// Why not t.Skip alone: in package list mode (`go test ./...`) the go
// command throws away everything a passing package's test binary writes,
// stdout and stderr alike, unless -v is given; a t.Skip message, or a line
// written from TestMain, never shows. So Note writes its line to the go
// command's own standard error when it can: on Linux, when the test
// binary's parent is the go command and that stream is a terminal or a pipe
// (never a regular file, whose offset the go command owns). Elsewhere it
// writes to the test binary's standard error, which `go test -v` and a
// failing run show. `bash .ci/run` lists every skipped test by name
// whatever the platform.
//
// Imports: the standard library only. Used by tests only (internal/pgtest,
// internal/amqptest and the tests that read ../shared).
package skipnote
