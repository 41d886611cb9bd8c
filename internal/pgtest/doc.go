// Package pgtest gives omskit's tests a private PostgreSQL schema.
//
// Tests that need PostgreSQL call DSN(t): it reads OMSKIT_TEST_POSTGRES_DSN,
// skips the test with a one-line how-to when the variable is unset, creates a
// fresh schema, returns a DSN whose search_path selects it, and drops the
// schema when the test ends, so runs never see each other's data.
package pgtest
