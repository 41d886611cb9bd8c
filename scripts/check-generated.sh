#!/usr/bin/env bash
# Fails when a generated file (mockgen mocks, xmlmsg's decode_gen.go) is stale: regenerates everything
# with `go generate ./...` and compares the generated files before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot() {
  grep -rlE --include='*.go' '^// Code generated .* DO NOT EDIT\.$' . 2>/dev/null | sort | while read -r f; do
    printf '%s %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$f"
  done
}

before=$(snapshot)
go generate ./...
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "FAIL: generated files are stale; run 'go generate ./...' and commit the result:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "generated files are up to date"
