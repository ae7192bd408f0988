#!/usr/bin/env bash
# `make bench`: the analytics benchmarks (bench/) against a Neo4j of their own
# holding BENCH_ACCOUNTS synthetic accounts (about 157 touchpoints each: 650 ≈
# 100k touchpoints, 6500 ≈ 1M). Each data size has its own instance
# (.local/neo4j/bench-<accounts>, bolt 27687, http 27474) that is seeded once
# and kept, so later runs only measure; BENCH_FRESH=1 starts it over. Extra
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

accounts=${BENCH_ACCOUNTS:-650}
export NEO4J_INSTANCE="bench-$accounts"
export NEO4J_BOLT_PORT=${BENCH_NEO4J_BOLT_PORT:-27687} NEO4J_HTTP_PORT=${BENCH_NEO4J_HTTP_PORT:-27474}
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-journeygraph}
export NEO4J_HEAP=${NEO4J_HEAP:-2g} NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-3g}
export NEO4J_FRESH=${BENCH_FRESH:-0}
scripts/neo4j.sh start
trap 'scripts/neo4j.sh stop' EXIT
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"

go build -o bin/journeygraph ./cmd/journeygraph
# Idempotent: accounts already loaded are skipped quickly.
bin/journeygraph seed -accounts "$accounts"

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
