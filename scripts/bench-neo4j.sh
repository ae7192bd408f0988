# Sourced by scripts/bench.sh and scripts/bench-api.sh: starts the Neo4j of
# the benchmarks holding BENCH_ACCOUNTS synthetic accounts (about 157
# touchpoints each: 650 ≈ 100k touchpoints, 6500 ≈ 1M). Each data size has its
# own instance (.local/neo4j/bench-<accounts>, bolt BENCH_NEO4J_BOLT_PORT
# [27687], http BENCH_NEO4J_HTTP_PORT [27474]) that is seeded once and kept,
# so later runs only measure; BENCH_FRESH=1 starts it over. The caller's EXIT
# trap must call bench_neo4j_stop. Exports NEO4J_URI and NEO4J_PASSWORD, and
# builds bin/journeygraph.
accounts=${BENCH_ACCOUNTS:-650}
export NEO4J_INSTANCE="bench-$accounts"
export NEO4J_BOLT_PORT=${BENCH_NEO4J_BOLT_PORT:-27687} NEO4J_HTTP_PORT=${BENCH_NEO4J_HTTP_PORT:-27474}
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-journeygraph}
export NEO4J_HEAP=${NEO4J_HEAP:-2g} NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-3g}
export NEO4J_FRESH=${BENCH_FRESH:-0}
bench_neo4j_home="$root/.local/neo4j/$NEO4J_INSTANCE"

bench_neo4j_stop() { scripts/neo4j.sh stop; }

bench_neo4j_start() {
  scripts/neo4j.sh start
  export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
  go build -o bin/journeygraph ./cmd/journeygraph
  # Idempotent: accounts already loaded are skipped quickly.
  bin/journeygraph seed -accounts "$accounts"
}
