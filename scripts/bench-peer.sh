#!/usr/bin/env bash
# The peer comparison of `make bench-api`: the same workloads also through
# @neo4j/graphql 7.6.3 on Apollo Server (bench/peer, pinned in its
# package-lock.json, installed with npm ci into .local/bench/peer) over the
# same Neo4j with APOC core, after checking that every target answers with
# the same data. Not part of `make test`. Arguments as for bench-api.sh.
set -euo pipefail
BENCH_PEER=1 exec "$(dirname "${BASH_SOURCE[0]}")/bench-api.sh" "$@"
