#!/usr/bin/env bash
# The Journey Explorer in headless Chromium against the real API binary and a
# Neo4j of its own (bench/explorer does the driving):
#
#   scripts/explorer-browser.sh bench [flags]        make bench-explorer
#     time to data-ready and page weight per view on BENCH_ACCOUNTS synthetic
#     accounts (default 6500 ≈ 1M touchpoints). Instance
#     .local/neo4j/explorer-bench-<accounts> (bolt 28687, http 28474), seeded
#     once and kept (BENCH_FRESH=1 starts it over, for instance after an
#     interrupted seed: a database with accounts is not seeded again, which
#     on a busy machine takes as long as measuring); API on 127.0.0.1:28080.
#     Output kept in .local/bench/.
#   scripts/explorer-browser.sh screenshots [flags]  make screenshots
#     one PNG per view at 1280×800 into docs/screenshots/, from the demo data
#     make run seeds (200 accounts), in instance .local/neo4j/screenshots
#     (bolt 26687, http 26474, always fresh, so a commit gives the same
#     pictures); API on 127.0.0.1:26080.
#
# Extra flags reach bench/explorer (-runs, -views, -account). The ports can be
# moved with EXPLORER_NEO4J_BOLT_PORT, EXPLORER_NEO4J_HTTP_PORT and
# EXPLORER_API_PORT. BENCH_LOCK names a lock file (flock) held while measuring.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

mode=${1:-}
shift || true
case "$mode" in
  bench)
    accounts=${BENCH_ACCOUNTS:-6500}
    export NEO4J_INSTANCE="explorer-bench-$accounts" NEO4J_FRESH=${BENCH_FRESH:-0}
    export NEO4J_HEAP=${NEO4J_HEAP:-2g} NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-3g}
    ports=(28687 28474 28080)
    ;;
  screenshots)
    accounts=200 # what make run seeds
    export NEO4J_INSTANCE=screenshots NEO4J_FRESH=1
    ports=(26687 26474 26080)
    ;;
  *)
    echo "usage: $0 bench|screenshots [bench/explorer flags]" >&2
    exit 2
    ;;
esac
export NEO4J_BOLT_PORT=${EXPLORER_NEO4J_BOLT_PORT:-${ports[0]}} NEO4J_HTTP_PORT=${EXPLORER_NEO4J_HTTP_PORT:-${ports[1]}}
api_addr="127.0.0.1:${EXPLORER_API_PORT:-${ports[2]}}"
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-journeygraph}

scripts/ensure-chromium.sh
go build -o bin/journeygraph ./cmd/journeygraph
go build -o bin/explorer-browser ./bench/explorer

api_pid=""
cleanup() {
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  scripts/neo4j.sh stop
}
scripts/neo4j.sh start
trap cleanup EXIT
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
bin/journeygraph seed -if-empty -accounts "$accounts"

# The API as make run serves it: local development mode, no key. Its log goes
# to a file, so the figures below stay readable.
mkdir -p .local/bench
JOURNEYGRAPH_AUTH_DISABLED=true JOURNEYGRAPH_LISTEN_ADDR="$api_addr" \
  bin/journeygraph serve >".local/bench/explorer-api-$mode.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do
  if curl -sf "http://$api_addr/readyz" >/dev/null; then break; fi
  kill -0 "$api_pid" 2>/dev/null || { cat ".local/bench/explorer-api-$mode.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://$api_addr/readyz" >/dev/null || { echo "the API did not become ready on $api_addr" >&2; exit 1; }

if [ "$mode" = screenshots ]; then
  bin/explorer-browser -base "http://$api_addr" -screenshots docs/screenshots "$@"
  exit 0
fi
lock=()
if [ -n "${BENCH_LOCK:-}" ]; then
  lock=(flock "$BENCH_LOCK")
fi
out=".local/bench/explorer-$accounts-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "accounts: $accounts, Chromium: $(/usr/lib/chromium/chromium --version 2>/dev/null || chromium --version), arguments: $*"
  echo "start: $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${lock[@]}" bin/explorer-browser -base "http://$api_addr" "$@" 2>&1
  echo "end: $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
