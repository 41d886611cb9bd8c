#!/usr/bin/env bash
# Runs every benchmark once (each with its same-run baseline) and writes
# BENCHMARKS.md from the results. PostgreSQL benchmarks run when
# OMSKIT_TEST_POSTGRES_DSN is set. Extra arguments go to `go test`
# (e.g. -benchtime=2s).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test -run '^$' -bench . -benchmem "$@" ./... | tee "$out"
go run ./scripts/benchreport < "$out" > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
