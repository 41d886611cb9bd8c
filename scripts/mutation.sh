#!/usr/bin/env bash
# Mutation testing of the rule packages with gremlins v0.6.0 (fetched by
# `go run`, never a dependency in go.mod), then MUTATION.md from the results.
#
#   bash scripts/mutation.sh                 # scv customer customer/sync order orce orce/engage broker xmlmsg
#   bash scripts/mutation.sh scv orce        # only these; the others keep their last stored result
#   bash scripts/mutation.sh -report         # rewrite MUTATION.md from the stored results only
#   bash scripts/mutation.sh -retest orce    # after new assertions: test orce's stored survivors again
#
# One package runs at a time, with one worker unless MUTATION_WORKERS says
# otherwise (the tests of a mutant already use every core). A mutant times out
# after MUTATION_TIMEOUT_COEFFICIENT (default 10) times the package's coverage
# run, so a test slowed by a busy machine is not taken for a kill or a hang.
# Seeded simulations run 30 seeds per mutant unless OMSKIT_SIM_SEEDS says otherwise.
# Survivors' dispositions live in scripts/mutation-dispositions.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./scripts/mutation "$@"
