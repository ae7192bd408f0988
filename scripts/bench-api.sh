#!/usr/bin/env bash
# `make bench-api`: issue 13's everyday reads (W1 a page of 50 accounts with
# contacts, stage and 10 latest touchpoints, W2 one account with 20
# touchpoints, W3 the touchpoint catalog) through the real API (the
# journeygraph serve binary over HTTP) at 1 and 8 concurrent clients, in
# interleaved rounds with the same data read directly by one hand-written
# Cypher query each (bench/apibench), on the benchmarks' Neo4j (see
# bench-neo4j.sh; BENCH_ACCOUNTS=650 ≈ 100k touchpoints).
#
#   BENCH_BASELINE=<commit>  also serve that commit's binary (built once from a
#                            temporary worktree) and measure it in the same
#                            rounds, as "before"
#   BENCH_PEER=1             also serve @neo4j/graphql (bench/peer, installed
#                            with npm ci into .local/bench/peer) with APOC core
#                            in the bench Neo4j; scripts/bench-peer.sh sets it
#   BENCH_API_PORT           first of the ports the servers listen on [28180]
#
# Extra arguments reach bench/apibench (-rounds, -block, -clients,
# -workloads). The output is kept in .local/bench/. Not part of `make test`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# shellcheck source=bench-neo4j.sh
source scripts/bench-neo4j.sh
port=${BENCH_API_PORT:-28180}
mkdir -p .local/bench
servers=()
stop_all() {
  local pid
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  bench_neo4j_stop
}
trap stop_all EXIT

if [ "${BENCH_PEER:-0}" = 1 ]; then
  # APOC core, with its dependencies, checksums checked (-C), into the
  # instance's plugins before Neo4j starts. Plugins come first on Neo4j's
  # class path, so libraries Neo4j ships itself (newer) are left out.
  plugins="$bench_neo4j_home/plugins"
  mkdir -p "$plugins"
  if ! ls "$plugins"/apoc-core-*.jar >/dev/null 2>&1; then
    mvn -q -C -f bench/peer/apoc-pom.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DexcludeArtifactIds=asm,commons-lang3,commons-text,slf4j-api -DoutputDirectory="$plugins"
  fi
  peer_dir=.local/bench/peer
  if ! cmp -s bench/peer/package-lock.json "$peer_dir/package-lock.json"; then
    mkdir -p "$peer_dir"
    cp bench/peer/package.json bench/peer/package-lock.json "$peer_dir/"
    (cd "$peer_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  cp bench/peer/server.mjs bench/peer/typeDefs.graphql "$peer_dir/"
fi

bench_neo4j_start

# wait_ready URL PID [CURL ARGS]: until URL answers, or fail when PID died.
wait_ready() {
  local i
  for i in $(seq 1 600); do
    curl -sf -o /dev/null "${@:3}" "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "server for $1 exited" >&2; return 1; }
    sleep 0.1
  done
  echo "server for $1 did not answer in 60 s" >&2
  return 1
}

# serve NAME BINARY PORT MIGRATE: a JourneyGraph process in development mode
# (no API keys: /metrics is open), logging warnings only.
apis=()
serve() {
  JOURNEYGRAPH_AUTH_DISABLED=true JOURNEYGRAPH_LISTEN_ADDR="127.0.0.1:$3" JOURNEYGRAPH_LOG_LEVEL=warn \
    JOURNEYGRAPH_MIGRATE_ON_START="$4" JOURNEYGRAPH_GRAPHIQL=false JOURNEYGRAPH_EXPLORER=false \
    "$2" serve >".local/bench/api-$1.log" 2>&1 &
  local pid=$!
  servers+=("$pid")
  wait_ready "http://127.0.0.1:$3/healthz" "$pid" || { cat ".local/bench/api-$1.log" >&2; return 1; }
  apis+=(-api "$1=$pid=http://127.0.0.1:$3")
}

serve after bin/journeygraph "$port" true
if [ -n "${BENCH_BASELINE:-}" ]; then
  commit=$(git rev-parse --short "$BENCH_BASELINE")
  base_bin=".local/bench/journeygraph-$commit"
  if [ ! -x "$base_bin" ]; then
    src=$(mktemp -d)
    git worktree add -q --detach "$src" "$commit"
    (cd "$src" && go build -o "$root/$base_bin" ./cmd/journeygraph) || { git worktree remove --force "$src"; exit 1; }
    git worktree remove --force "$src"
  fi
  # The schema is the current binary's (it migrated); the baseline only reads.
  serve "before-$commit" "$base_bin" $((port + 1)) false
fi
peer=()
if [ "${BENCH_PEER:-0}" = 1 ]; then
  (cd .local/bench/peer && NEO4J_URI="$NEO4J_URI" NEO4J_PASSWORD="$NEO4J_PASSWORD" PORT=$((port + 2)) \
    exec node server.mjs) >.local/bench/peer.log 2>&1 &
  servers+=($!)
  wait_ready "http://127.0.0.1:$((port + 2))/?query=%7B__typename%7D" $! -H 'apollo-require-preflight: true' ||
    { cat .local/bench/peer.log >&2; exit 1; }
  peer=(-peer "http://127.0.0.1:$((port + 2))" -peer-pid $!)
fi

go build -o bin/apibench ./bench/apibench
out=".local/bench/api-$accounts-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "accounts: $accounts, apibench arguments: $*"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Go $(go env GOVERSION)"
  echo "start: $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  bin/apibench -neo4j-uri "$NEO4J_URI" -neo4j-password "$NEO4J_PASSWORD" "${apis[@]}" "${peer[@]}" "$@"
  echo "end: $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
