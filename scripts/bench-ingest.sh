#!/usr/bin/env bash
# `make bench-ingest`: touchpoint ingest against its raw limit (bench/ingest)
# on a Neo4j of its own that it starts fresh and stops (instance bench-ingest,
# bolt BENCH_NEO4J_BOLT_PORT [27687], http BENCH_NEO4J_HTTP_PORT [27474],
# NEO4J_HEAP [2g], NEO4J_PAGECACHE [3g]). BENCH_ACCOUNTS [650] sizes the data
# set (650 ≈ 100k touchpoints, 6500 ≈ 1M). Extra arguments reach bench/ingest
# (e.g. -modes seed,import,raw,raw-http -cpuprofile cpu.out). Output is kept in .local/bench/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

accounts=${BENCH_ACCOUNTS:-650}
export NEO4J_INSTANCE=bench-ingest NEO4J_FRESH=1
export NEO4J_BOLT_PORT=${BENCH_NEO4J_BOLT_PORT:-27687} NEO4J_HTTP_PORT=${BENCH_NEO4J_HTTP_PORT:-27474}
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-journeygraph}
export NEO4J_HEAP=${NEO4J_HEAP:-2g} NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-3g}
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT" NEO4J_HTTP_URL="http://127.0.0.1:$NEO4J_HTTP_PORT"

go build -o bin/bench-ingest ./bench/ingest
trap 'scripts/neo4j.sh stop' EXIT
scripts/neo4j.sh start
mkdir -p .local/bench
bin/bench-ingest -accounts "$accounts" "$@" | tee ".local/bench/ingest-$accounts-$(date -u +%Y%m%dT%H%M%SZ).txt"
