#!/usr/bin/env bash
# `make bench`: the analytics benchmarks (bench/) against a Neo4j of their own
# holding BENCH_ACCOUNTS synthetic accounts (see bench-neo4j.sh). Extra
# arguments reach `go test` (default: every benchmark, 3 iterations each,
# repeated in BENCH_ROUNDS=6 rounds that interleave store and API, see
# bench/harness_test.go). The raw
# output is kept in .local/bench/ and summarised at the end (median per query
# through the store and the API, and their ratio; bench/summary). BENCH_LOCK
# names a lock file (flock) held while measuring only, for machines where
# several people benchmark.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# shellcheck source=bench-neo4j.sh
source scripts/bench-neo4j.sh
trap bench_neo4j_stop EXIT
bench_neo4j_start

export JOURNEYGRAPH_BENCH_NEO4J_URI="$NEO4J_URI" JOURNEYGRAPH_BENCH_NEO4J_PASSWORD="$NEO4J_PASSWORD"
export BENCH_ROUNDS=${BENCH_ROUNDS:-6}
if [ $# -eq 0 ]; then
  set -- -benchtime 3x
fi
mkdir -p .local/bench
out=".local/bench/bench-$accounts-$(date -u +%Y%m%dT%H%M%SZ).txt"
lock=()
if [ -n "${BENCH_LOCK:-}" ]; then
  lock=(flock "$BENCH_LOCK")
fi
go vet ./bench/ # compiles the benchmarks before the lock is taken
{
  echo "accounts: $accounts, rounds: $BENCH_ROUNDS, go test arguments: $*"
  echo "start: $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${lock[@]}" go test -run '^$' -bench . -benchmem -timeout 60m "$@" ./bench/
  echo "end: $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
echo
echo "Medians ($out):"
go run ./bench/summary < "$out"
